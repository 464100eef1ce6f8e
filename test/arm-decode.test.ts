// The A32/T32 decoder and disassembler against GNU objdump: test/fixtures/arm-decode/{a32,t32}.s
// (every integer instruction form, IT blocks included) are assembled with arm-linux-gnueabihf-as,
// disassembled with arm-linux-gnueabihf-objdump -d, and each instruction must print the same with
// our tables, up to whitespace, objdump's `@ comments` and `<symbol>` annotations. Every form is
// also lifted alone (translateBlock must not throw). Skipped when the cross binutils are missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { decodeA32, decodeT32, formatInsn, itAdvance, translateBlock } from '../src/arch/arm/translate.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ } from '../src/mem/memory.ts';
import { haveCommand } from './helpers/have.ts';

// VFP/NEON belong to another module; its text is not checked here.
vi.mock('../src/arch/arm/vfp.ts', () => ({ liftVfpNeon: () => false, disassembleVfpNeon: () => undefined }));

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(root, 'test/fixtures/arm-decode');

const HAVE = haveCommand('arm-linux-gnueabihf-as') && haveCommand('arm-linux-gnueabihf-objdump');

interface Line {
  addr: number;
  raw: string;
  text: string;
}

function objdump(source: string): Line[] {
  const dir = mkdtempSync(join(tmpdir(), 'arm-decode-'));
  try {
    const obj = join(dir, 'x.o');
    execFileSync('arm-linux-gnueabihf-as', ['-march=armv7ve', '-o', obj, join(FIXTURES, source)], { stdio: ['ignore', 'ignore', 'ignore'] });
    const out = execFileSync('arm-linux-gnueabihf-objdump', ['-d', obj], { encoding: 'utf8' });
    const lines: Line[] = [];
    for (const l of out.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t([0-9a-f]{4,8}(?: [0-9a-f]{4})?)\s*\t(.*)$/.exec(l);
      if (m) lines.push({ addr: parseInt(m[1]!, 16), raw: m[2]!.trim(), text: m[3]! });
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const norm = (s: string) => s.replace(/\s*@.*$/, '').replace(/\s*<[^>]*>/g, '').trim().replace(/\s+/g, ' ');

const mem = new GuestMemory(true);
const CODE = 0x10000;
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);

/** Lifts one instruction (as the first of a block) and returns nothing; throws if the lifter does. */
function liftAlone(words: number[], thumb: boolean): void {
  if (thumb) words.forEach((w, i) => mem.dv.setUint16(CODE + 2 * i, w, true));
  else mem.dv.setUint32(CODE, words[0]!, true);
  mem.dv.setUint32(CODE + 4, thumb ? 0xbf00bf00 : 0xe320f000, true); // nops after it
  translateBlock(mem, thumb ? CODE | 1 : CODE);
}

describe.skipIf(!HAVE)('ARM decoder vs objdump' + (HAVE ? '' : ' (skipped: arm-linux-gnueabihf-as/objdump not installed)'), () => {
  test('A32: every form prints as objdump prints it and lifts', () => {
    const lines = objdump('a32.s');
    expect(lines.length).toBeGreaterThan(150);
    const bad: string[] = [];
    for (const l of lines) {
      const insn = parseInt(l.raw, 16);
      const got = formatInsn(decodeA32(insn), l.addr, false);
      if (norm(got) !== norm(l.text)) bad.push(`${l.addr.toString(16)} ${l.raw}: objdump "${norm(l.text)}", ours "${norm(got)}"`);
      liftAlone([insn], false);
    }
    expect(bad).toEqual([]);
  });

  test('T32: every form prints as objdump prints it (IT state tracked) and lifts', () => {
    const lines = objdump('t32.s');
    expect(lines.length).toBeGreaterThan(220);
    const bad: string[] = [];
    let it = 0;
    for (const l of lines) {
      const parts = l.raw.split(' ').map((p) => parseInt(p, 16));
      const d = decodeT32(parts[0]!, parts[1] ?? 0);
      expect(d.length).toBe(parts.length * 2);
      const got = formatInsn(d, l.addr, true, it);
      if (norm(got) !== norm(l.text)) bad.push(`${l.addr.toString(16)} ${l.raw}: objdump "${norm(l.text)}", ours "${norm(got)}"`);
      if (it) it = itAdvance(it);
      else if (d.row.name === 'it') it = d.raw & 0xff;
      liftAlone(parts, true);
    }
    expect(bad).toEqual([]);
  });
});
