// The A64 decoder and disassembler against GNU objdump: every test/fixtures/aarch64-decode/*.s (one
// file per instruction group, every encoding form) is assembled with aarch64-linux-gnu-as and
// disassembled with aarch64-linux-gnu-objdump -d; each instruction must print the same with our
// tables, up to whitespace, objdump's `// comments` and `<symbol>` annotations, and must lift alone
// without throwing and without becoming SIGILL (unless objdump calls it undefined too).
// Skipped when the cross binutils are missing.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { decodeA64, formatInsn, translateBlock } from '../src/arch/aarch64/translate.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ } from '../src/mem/memory.ts';
import { haveCommand } from './helpers/have.ts';
import { assembleAndDump, type DumpedInsn } from './helpers/objdump.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(root, 'test/fixtures/aarch64-decode');

const HAVE = haveCommand('aarch64-linux-gnu-as') && haveCommand('aarch64-linux-gnu-objdump');

/** Assembles a fixture (ARMv8.0-A plus LSE, CRC32 and the crypto extension) and lists objdump's view of it. */
export function objdumpA64(source: string): DumpedInsn[] {
  return assembleAndDump('aarch64-linux-gnu', ['-march=armv8-a+lse+crc+crypto'], { file: join(FIXTURES, source) });
}

export const normA64 = (s: string): string => s.replace(/\s*\/\/.*$/, '').replace(/\s*<[^>]*>/g, '').trim().replace(/\s+/g, ' ');

const mem = new GuestMemory(true);
const CODE = 0x10000;
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);

/** Lifts one instruction as the first of a block; returns whether it became SIGILL. */
function liftAlone(insn: number): boolean {
  mem.dv.setUint32(CODE, insn, true);
  mem.dv.setUint32(CODE + 4, 0xd503201f, true); // nop
  const b = translateBlock(mem, CODE);
  return b.exit.k === 'trap' && b.exit.signal === 4 && b.instructions === 1;
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.s')).sort();

describe.skipIf(!HAVE)('A64 decoder vs objdump' + (HAVE ? '' : ' (skipped: aarch64-linux-gnu-as/objdump not installed)'), () => {
  test.each(fixtures)('%s: every form prints as objdump prints it and lifts', (source) => {
    const lines = objdumpA64(source);
    expect(lines.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const l of lines) {
      const d = decodeA64(l.raw);
      const got = formatInsn(d, l.addr);
      const want = normA64(l.text);
      if (normA64(got) !== want) bad.push(`${l.addr.toString(16)} ${l.raw.toString(16).padStart(8, '0')}: objdump "${want}", ours "${normA64(got)}"`);
      const undefinedToo = want.startsWith('.inst') || want.startsWith('udf');
      if (liftAlone(l.raw) && !undefinedToo) bad.push(`${l.addr.toString(16)} ${want}: lifts as SIGILL`);
    }
    expect(bad).toEqual([]);
  });
});
