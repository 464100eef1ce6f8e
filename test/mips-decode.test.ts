// The MIPS32r2 integer decoder and disassembler against GNU objdump.
//
// 1. test/fixtures/mips-decode/int*.s (every integer form with the registers, immediates and codes
//    at their edges, and every alias objdump prints: nop, move, li, b, beqz, negu, ...) is
//    assembled with mips-linux-gnu-as -mips32r2, big- and little-endian, and disassembled with
//    mips-linux-gnu-objdump -d; each instruction must print the same with our table, up to
//    whitespace and objdump's `<symbol+off>` after branch targets, and must lift alone (followed by
//    a nop for the delay slot) without becoming SIGILL.
// 2. A random-word sweep over the major opcodes the integer table owns: objdump and our table must
//    agree on which words are integer instructions and print them alike. objdump decodes more than
//    a 24Kf runs (by default it enables the DSP, MSA, MT, EVA and Release 6
//    encodings, and prints the privileged ones); those mnemonics are SIGILL for us and are listed in NOT_OURS.
// Skipped when the cross binutils are missing.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { decodeMips, formatInsn, translateBlock } from '../src/arch/mips/translate.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ } from '../src/mem/memory.ts';
import { haveCommand } from './helpers/have.ts';
import { assembleAndDump, type DumpedInsn } from './helpers/objdump.ts';
import { prng } from './helpers/prng.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(root, 'test/fixtures/mips-decode');

const HAVE = haveCommand('mips-linux-gnu-as') && haveCommand('mips-linux-gnu-objdump');

/** Assembles MIPS32r2 source (a file or text) in the given byte order and lists objdump's view of it. */
function objdumpMips(source: { file?: string; text?: string }, littleEndian: boolean): DumpedInsn[] {
  return assembleAndDump('mips-linux-gnu', ['-mips32r2', littleEndian ? '-EL' : '-EB'], source);
}

/**
 * objdump's text with whitespace normalized, without the `<sym+off>` after branch targets, and with
 * targets as bare hex (objdump writes 0x only when no symbol follows).
 */
function norm(s: string): string {
  const t = s.replace(/\s*<[^>]*>/g, '').trim().replace(/\s+/g, ' ');
  return /^(b(?!reak)|j)/.test(t) ? t.replace(/(^|[ ,])0x([0-9a-f]+)$/, '$1$2') : t;
}

const mnemonic = (text: string): string => norm(text).split(' ')[0]!;

const CODE = 0x10000;
const mems = new Map<boolean, GuestMemory>();
function memFor(le: boolean): GuestMemory {
  let m = mems.get(le);
  if (!m) {
    mems.set(le, (m = new GuestMemory(le)));
    m.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);
  }
  return m;
}

/** Lifts one instruction (then a nop, the delay slot of a branch) as a block; whether it became SIGILL. */
function liftsAsSigill(insn: number, le: boolean): boolean {
  const mem = memFor(le);
  mem.dv.setUint32(CODE, insn, le);
  mem.dv.setUint32(CODE + 4, 0, le);
  mem.dv.setUint32(CODE + 8, 0, le);
  const b = translateBlock(mem, CODE, 0);
  if (b.exit.k === 'trap' && b.exit.signal === 4) return true;
  // A SIGILL that does not end the block is a call of the trap helper with signal 4.
  return b.ops.some((op) => op.k === 'call' && op.helper === 'mips_trap' && b.ops.some((o) => o.k === 'const' && o.dst === op.args[1] && o.value === 4));
}

const fixtures = readdirSync(FIXTURES).filter((f) => /^int.*\.s$/.test(f)).sort();

describe.skipIf(!HAVE)('MIPS32r2 integer decoder vs objdump' + (HAVE ? '' : ' (skipped: mips-linux-gnu-as/objdump not installed)'), () => {
  for (const le of [false, true]) {
    test.each(fixtures)(`%s (${le ? 'little' : 'big'}-endian): every form prints as objdump prints it and lifts`, (source) => {
      const lines = objdumpMips({ file: join(FIXTURES, source) }, le);
      expect(lines.length).toBeGreaterThan(1000);
      const bad: string[] = [];
      for (const l of lines) {
        const got = norm(formatInsn(decodeMips(l.raw, le), l.addr));
        const want = norm(l.text);
        if (got !== want) bad.push(`${l.addr.toString(16)} ${l.raw.toString(16).padStart(8, '0')}: objdump "${want}", ours "${got}"`);
        if (liftsAsSigill(l.raw, le)) bad.push(`${l.addr.toString(16)} ${want}: lifts as SIGILL`);
      }
      expect(bad).toEqual([]);
    });
  }

  // Major opcodes (bits 31:26) that belong to the integer table: all but COP0-3, COP1X, the FP loads
  // and stores, and the MIPS64/R6/MSA-only ones.
  const INT_MAJORS = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x14, 0x15, 0x16, 0x17, 0x1c, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28, 0x29, 0x2a, 0x2b, 0x2e, 0x30, 0x33, 0x38];
  /**
   * The mnemonics objdump prints for the integer forms (collected from the fixtures): a word objdump
   * decodes to one of these must decode in our table too. Its other mnemonics for these opcodes are
   * encodings a 24Kf does not run in user mode (DSP, MT, MCU, EVA, MSA's LSA, R6, the privileged
   * CACHE and SDBBP, the FPU's MOVF/MOVT on SPECIAL funct 1): SIGILL for us.
   */
  const claimedMnemonics = (): Set<string> => {
    const claimed = new Set<string>();
    for (const f of fixtures) for (const l of objdumpMips({ file: join(FIXTURES, f) }, false)) claimed.add(mnemonic(l.text));
    return claimed;
  };

  test('random words of the integer opcodes: objdump and our table agree on what decodes and how it prints', () => {
    const claimed = claimedMnemonics();
    const rnd = prng(0x4d495053);
    const words: number[] = [];
    for (let k = 0; k < 40000; k++) {
      let w = ((INT_MAJORS[rnd.int(INT_MAJORS.length)]! << 26) | (rnd.u32() & 0x03ffffff)) >>> 0;
      // Most R-type forms want some fields zero: clear a random subset so they are reached often.
      if (rnd.chance(2)) w &= ~(31 << 6);
      if (rnd.chance(3)) w &= ~(31 << 21);
      if (rnd.chance(3)) w &= ~(31 << 16);
      if (rnd.chance(3)) w &= ~(31 << 11);
      words.push(w >>> 0);
    }
    const text = '\t.text\n' + words.map((w) => `\t.word 0x${w.toString(16)}\n`).join('');
    const lines = objdumpMips({ text }, false);
    expect(lines.length).toBe(words.length);
    const bad: string[] = [];
    let ours = 0, theirsOnly = 0;
    for (const l of lines) {
      const d = decodeMips(l.raw, false);
      const want = norm(l.text);
      const unknown = want.startsWith('.word');
      if (d.row) {
        ours++;
        const got = norm(formatInsn(d, l.addr));
        if (got !== want) bad.push(`${l.raw.toString(16).padStart(8, '0')}: objdump "${want}", ours "${got}"`);
      } else if (!unknown) {
        // DSP's HI/LO forms reuse the integer mnemonics with an accumulator other than $ac0.
        if (!claimed.has(mnemonic(want)) || /\$ac[1-3]/.test(want)) theirsOnly++;
        else bad.push(`${l.raw.toString(16).padStart(8, '0')}: objdump "${want}", ours undefined`);
      }
    }
    expect(bad.slice(0, 40)).toEqual([]);
    // The sweep must exercise the table: most words land on an integer row.
    expect(ours).toBeGreaterThan(words.length / 2);
    expect(theirsOnly).toBeLessThan(words.length / 4);
    if (process.env.MIPS_DECODE_STATS) console.log(`sweep: ${words.length} words, ${ours} integer rows, ${theirsOnly} objdump-only (not a 24Kf user instruction)`);
  }, 120_000);
});
