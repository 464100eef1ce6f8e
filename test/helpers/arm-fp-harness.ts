// Builds a qemu-arm oracle for single VFP/NEON instructions: an ARM program that, for each
// instruction word and input set, loads d0-d31 and FPSCR, executes the word, and prints d0-d31 and
// FPSCR. The same inputs come from inputWords() on both sides (xorshift32 plus special values).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SPECIAL = [
  0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffa00005, 0x00000001,
  0x807fffff, 0x7f7fffff, 0x00800000, 0x4b000000, 0x4f000000, 0xcf000000, 0x3ff00000, 0x7ff00000, 0x7ff80000, 0x7ff40000,
  0x00100000, 0x80000001, 0x41e00000, 0xc1e00000, 0x7fffffff, 0xffffffff, 0x000000ff, 0x00007fff, 0xffff8000, 0x00010001,
  0x3eaaaaab, 0x40490fdb, 0x0000ffff, 0x80808080, 0x7f7f7f7f, 0x01020304,
];

/** Input words (d0..d31 as 64 words) of input set `set`. */
export function inputWords(set: number): Uint32Array {
  let x = (0x9e3779b9 ^ (set * 0x85ebca6b)) >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const out = new Uint32Array(64);
  for (let k = 0; k < 64; k++) {
    const r = next();
    switch (r & 3) {
      case 0: out[k] = SPECIAL[(r >>> 2) % SPECIAL.length]; break;
      case 1: out[k] = (next() >>> (r >>> 27)) >>> 0; break; // small magnitudes
      default: out[k] = next();
    }
    // some sets hold "nice" floats: exponent near 1.0
    if (set % 3 === 1 && (r & 0x30) === 0x10) out[k] = (0x3f000000 | (next() & 0x80ffffff)) >>> 0;
    if (set % 3 === 2 && (k & 1) && (r & 0x30) === 0x10) out[k] = (0x3fe00000 | (next() & 0x800fffff)) >>> 0;
  }
  return out;
}

export interface OracleCase { word: number; fpscr: number; set: number }

/** Runs the cases under qemu-arm; returns for each 65 words (d0..d31, FPSCR). */
export function runOracle(cases: OracleCase[]): Uint32Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'armfp-oracle-'));
  const sets = [...new Set(cases.map((c) => c.set))];
  let asm = '.syntax unified\n.arm\n.fpu neon-vfpv4\n.text\n.global run_case\n';
  // run_case(index, in, out, fpscr)
  asm += 'run_case:\n  push {r4-r6, lr}\n  adr r4, table\n  ldr r4, [r4, r0, lsl #2]\n  vmsr fpscr, r3\n  add r5, r1, #128\n  vldm r1, {d0-d15}\n  vldm r5, {d16-d31}\n  bx r4\n';
  asm += 'table:\n' + cases.map((_, k) => `  .word c${k}\n`).join('');
  cases.forEach((c, k) => {
    asm += `c${k}:\n  .word 0x${c.word.toString(16)}\n  b done\n`;
  });
  asm += 'done:\n  vmrs r3, fpscr\n  add r5, r2, #128\n  vstm r2, {d0-d15}\n  vstm r5, {d16-d31}\n  str r3, [r2, #256]\n  pop {r4-r6, pc}\n';
  writeFileSync(join(dir, 'cases.s'), asm);
  const inputs = sets.map((s) => `{${Array.from(inputWords(s)).map((w) => `0x${w.toString(16)}u`).join(',')}}`);
  const c = `#include <stdio.h>
#include <stdint.h>
void run_case(int, const uint32_t *, uint32_t *, uint32_t);
static const uint32_t inputs[${sets.length}][64] = {${inputs.join(',\n')}};
static const int setIndex[] = {${cases.map((cs) => sets.indexOf(cs.set)).join(',')}};
static const uint32_t fpscr[] = {${cases.map((cs) => `0x${cs.fpscr.toString(16)}u`).join(',')}};
int main(void) {
  uint32_t out[65];
  for (int k = 0; k < ${cases.length}; k++) {
    run_case(k, inputs[setIndex[k]], out, fpscr[k]);
    for (int w = 0; w < 65; w++) printf("%08x", out[w]);
    putchar('\\n');
  }
  return 0;
}
`;
  writeFileSync(join(dir, 'main.c'), c);
  execFileSync('arm-linux-gnueabihf-gcc', ['-O1', '-static', '-marm', '-mfpu=neon-vfpv4', '-o', join(dir, 'oracle'), join(dir, 'main.c'), join(dir, 'cases.s')]);
  const out = execFileSync('qemu-arm', ['-cpu', 'cortex-a15', join(dir, 'oracle')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trim().split('\n').map((l) => {
    const a = new Uint32Array(65);
    for (let w = 0; w < 65; w++) a[w] = parseInt(l.slice(8 * w, 8 * w + 8), 16);
    return a;
  });
}
