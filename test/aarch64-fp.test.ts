// AArch64 floating point against qemu-aarch64.
//
// Single instructions: every instruction of the decoder fixture test/fixtures/aarch64-decode/fp.s
// (forms whose general registers are x0..x15 or zr) runs on input register files full of special
// values (quiet and signalling NaNs, infinities, signed zeros, denormals, ties and values near
// integer limits, in double, single and half lanes), under each FPCR rounding mode and with FZ,
// DN and AHP: once under qemu-aarch64 (an aarch64 program built here that loads v0-v31, x0-x15,
// FPCR and NZCV, executes the word and dumps v0-v31, x0-x15, FPSR and NZCV) and once lifted by
// translateBlock, both compiled to JS and interpreted. Every word must agree.
//
// Unit checks that need no qemu: the encodings in this group that are not ARMv8.0 (FP16
// arithmetic, 1D arrangements, ...) lift as SIGILL, random words of the group never crash the
// lifter, and the double fast path is taken only where it is exact.
// The qemu parts skip without aarch64-linux-gnu-gcc and qemu-aarch64.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import * as arm from '../src/arch/arm/fp-helpers.ts';
import { fpRows } from '../src/arch/aarch64/fp.ts';
import { makeAarch64 } from '../src/arch/aarch64/index.ts';
import { SLOT_CF, SLOT_FPCR, SLOT_FPSR, SLOT_NF, SLOT_VF, SLOT_ZF, STATE_WORDS, vslot, xslot } from '../src/arch/aarch64/state.ts';
import { decodeA64, formatInsn, translateBlock } from '../src/arch/aarch64/translate.ts';
import { CpuState } from '../src/arch/types.ts';
import type { IRBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ } from '../src/mem/memory.ts';
import { prng } from './helpers/prng.ts';
import { haveCommand } from './helpers/have.ts';

vi.setConfig({ testTimeout: 600_000 });

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'test/fixtures/aarch64-decode/fp.s');

const HAVE_AS = haveCommand('aarch64-linux-gnu-as') && haveCommand('aarch64-linux-gnu-objdump');
const HAVE_QEMU = HAVE_AS && haveCommand('aarch64-linux-gnu-gcc') && haveCommand('qemu-aarch64');

// ---- running one instruction here ---------------------------------------------------------------

const CODE = 0x10000;
const mem = new GuestMemory(true);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS);
const arch = makeAarch64();
const H: Record<string, unknown> = { ...makeHelpers(mem, ret), ...arch.makeHelpers(cpu, mem, ret) };

/** The block of one instruction (followed by an undefined word, so the block ends there). */
function blockOf(word: number): IRBlock {
  mem.dv.setUint32(CODE, word, true);
  mem.dv.setUint32(CODE + 4, 0, true);
  const b = translateBlock(mem, CODE);
  optimize(b);
  return b;
}
const compiled = new Map<number, { fn: () => number; block: IRBlock }>();
function compile(word: number): { fn: () => number; block: IRBlock } {
  let c = compiled.get(word);
  if (!c) {
    const block = blockOf(word);
    const src = generateJs(block, { littleEndian: true });
    const fn = (new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => () => number)(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, cpu.irq);
    c = { fn, block };
    compiled.set(word, c);
  }
  return c;
}

/** Words of a register file: v0..v31 (4 words each), x0..x15 (2 words each). */
const V_WORDS = 128, X_WORDS = 32, IN_WORDS = V_WORDS + X_WORDS;
/** What a case prints: the register file, FPSR, NZCV (as bits 31..28), two words each. */
const OUT_WORDS = IN_WORDS + 4;

function loadState(input: Uint32Array, fpcr: number, nzcv: number): void {
  const R = cpu.R;
  R.fill(0);
  for (let k = 0; k < V_WORDS; k++) R[vslot(0) + k] = input[k]! | 0;
  for (let k = 0; k < X_WORDS; k++) R[xslot(0) + k] = input[V_WORDS + k]! | 0;
  R[SLOT_FPCR] = fpcr;
  R[SLOT_FPSR] = 0;
  R[SLOT_NF] = (nzcv >>> 3) << 31;
  R[SLOT_ZF] = (nzcv >>> 2) & 1 ? 0 : 1;
  R[SLOT_CF] = (nzcv >>> 1) & 1;
  R[SLOT_VF] = (nzcv & 1) << 31;
}
function saveState(): Uint32Array {
  const R = cpu.R;
  const out = new Uint32Array(OUT_WORDS);
  for (let k = 0; k < V_WORDS; k++) out[k] = R[vslot(0) + k]!;
  for (let k = 0; k < X_WORDS; k++) out[V_WORDS + k] = R[xslot(0) + k]!;
  out[IN_WORDS] = R[SLOT_FPSR]!;
  const n = R[SLOT_NF]! < 0 ? 8 : 0, z = R[SLOT_ZF] === 0 ? 4 : 0, c = R[SLOT_CF] ? 2 : 0, v = R[SLOT_VF]! < 0 ? 1 : 0;
  out[IN_WORDS + 2] = ((n | z | c | v) << 28) >>> 0;
  return out;
}
function runHere(word: number, input: Uint32Array, fpcr: number, nzcv: number, engine: 'js' | 'interp'): Uint32Array {
  const c = compile(word);
  loadState(input, fpcr, nzcv);
  if (engine === 'js') c.fn();
  else interpretBlock(c.block, cpu, mem, H, ret, false);
  return saveState();
}

// ---- inputs ------------------------------------------------------------------------------------

const F64_SPECIAL: [number, number][] = [
  [0, 0], [0, 0x80000000], [0, 0x3ff00000], [0, 0xbff00000], [0, 0x7ff00000], [0, 0xfff00000],
  [0, 0x7ff80000], [0x12345, 0x7ff80000], [1, 0x7ff00000], [0, 0xfff40000], [0xabc, 0xfff80001],
  [1, 0], [0xffffffff, 0x000fffff], [0, 0x00100000], [0, 0x80100000], [0xffffffff, 0x7fefffff], [0xffffffff, 0xffefffff],
  [0, 0x3fe00000], [0, 0x3ff80000], [0, 0x40040000], [0, 0xc0040000], [0, 0xc0060000], [1, 0x3ff00000], [0xffffffff, 0x3fefffff],
  [0, 0x41e00000], [0, 0xc1e00000], [0xffc00000, 0x41dfffff], [0, 0x41f00000], [0xfff00000, 0x41efffff],
  [0, 0x43e00000], [0, 0xc3e00000], [0, 0x43f00000], [0xffffffff, 0x43dfffff], [0, 0x43300000], [1, 0x43300000],
  [0, 0x00180000], [3, 0], [0x20000000, 0x36a00000], [0xe0000000, 0x380fffff], [0, 0x47efffff], [0xf0000000, 0x40efffdf],
  [0, 0x7fd00000], [0, 0x00200000], [0x55555555, 0x3fd55555], [0x54442d18, 0x400921fb],
];
const F32_SPECIAL = [
  0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc12345, 0x7f800001, 0xff900005,
  0x00000001, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
  0xc0600000, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x4effffff, 0x3f7fffff, 0x3f800001,
  0x33800000, 0x38800000, 0x387fc000, 0x387ff000, 0x477fe000, 0x477ff000, 0x47800000, 0x0001ffff, 0x00400000, 0x1f800000,
  0x7e800000, 0x00200000, 0x3eaaaaab, 0x40490fdb, 0x4b000000, 0x4b000001, 0x33000001, 0x00c00000,
];
const F16_SPECIAL = [0, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0x7e55, 0x7c01, 0xfd00, 0x0001, 0x03ff, 0x0400, 0x7bff, 0x3555, 0xfbff, 0x4248];
const I64_SPECIAL: [number, number][] = [
  [0, 0], [1, 0], [0xffffffff, 0xffffffff], [0xffffffff, 0x7fffffff], [0, 0x80000000], [0xffffffff, 0], [0x7fffffff, 0],
  [0x80000000, 0], [1, 0x00200000], [1, 0x10000000], [0x80000000, 0xffffffff], [0x01000001, 0], [0xfeffffff, 0xffffffff],
  [0x00000081, 0x80000000], [0x40000001, 0x40000000], [0x12345678, 0],
];

/** Input set `set`: v0..v31 and x0..x15 as words. Even sets mix lanes of every kind; odd ones are mostly special values. */
function inputWords(set: number): Uint32Array {
  const r = prng(0x51f7 + set * 7919);
  const out = new Uint32Array(IN_WORDS);
  const special = set % 2 === 1;
  const lane64 = (k: number): [number, number] => {
    const kind = r.int(special ? 4 : 8);
    switch (kind) {
      case 0: return r.pick(F64_SPECIAL);
      case 1: return [r.pick(F32_SPECIAL), r.pick(F32_SPECIAL)];
      case 2: return [r.pick(F16_SPECIAL) | (r.pick(F16_SPECIAL) << 16), r.pick(F16_SPECIAL) | (r.pick(F16_SPECIAL) << 16)];
      case 3: return r.pick(I64_SPECIAL);
      case 4: return [r.u32(), (0x3fe00000 | (r.u32() & 0x801fffff)) >>> 0]; // doubles near 1
      case 5: return [(0x3f000000 | (r.u32() & 0x80ffffff)) >>> 0, (0x40000000 | (r.u32() & 0x80ffffff)) >>> 0]; // singles near 1
      case 6: return [r.u32() >>> r.int(32), k & 1 ? r.u32() >>> r.int(32) : 0];
      default: return [r.u32(), r.u32()];
    }
  };
  for (let k = 0; k < IN_WORDS / 2; k++) {
    const [lo, hi] = lane64(k);
    out[2 * k] = lo >>> 0;
    out[2 * k + 1] = hi >>> 0;
  }
  return out;
}

const FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
const RM = (m: number) => m << 22;
const FPCRS = [0, RM(1), RM(2), RM(3), FZ, DN, FZ | DN | RM(3), AHP | RM(1) | FZ];
const SETS = Number(process.env.A64_FP_SETS ?? 16);

// ---- the fixture's words -------------------------------------------------------------------------

interface Insn {
  word: number;
  text: string;
}
function fixtureInsns(): Insn[] {
  const dir = mkdtempSync(join(tmpdir(), 'a64fp-'));
  try {
    const obj = join(dir, 'fp.o');
    execFileSync('aarch64-linux-gnu-as', ['-march=armv8-a', '-o', obj, FIXTURE]);
    const out = execFileSync('aarch64-linux-gnu-objdump', ['-d', obj], { encoding: 'utf8' });
    const list: Insn[] = [];
    for (const l of out.split('\n')) {
      const m = /^\s*[0-9a-f]+:\t([0-9a-f]{8})\s*\t(.*)$/.exec(l);
      if (m) list.push({ word: parseInt(m[1]!, 16) >>> 0, text: m[2]!.replace(/\s*\/\/.*$/, '') });
    }
    return list;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** General registers the oracle does not load (x16 and up) rule an instruction out. */
const usesHighX = (text: string): boolean => /\b[wx](1[6-9]|2\d|30)\b/.test(text);

// ---- the qemu oracle -----------------------------------------------------------------------------

interface Case {
  word: number;
  fpcr: number;
  set: number;
  nzcv: number;
}

/**
 * Builds the probe program of `cases` in `dir`: for each case it loads the case's input set,
 * FPCR and NZCV, executes the word and writes v0-v31, x0-x15, FPSR and NZCV to stdout (binary).
 */
function buildProbe(dir: string, cases: Case[], inputOf: (set: number) => Uint32Array): string {
  {
    const sets = [...new Set(cases.map((c) => c.set))];
    const ld = (first: number) => `  ld1 {v${first}.2d, v${first + 1}.2d, v${first + 2}.2d, v${first + 3}.2d}, [x17], #64\n`;
    const st = (first: number) => `  st1 {v${first}.2d, v${first + 1}.2d, v${first + 2}.2d, v${first + 3}.2d}, [x17], #64\n`;
    let asm = '  .text\n  .global run_case\n  .type run_case, %function\nrun_case:\n';
    // x0 = index, x1 = input, x2 = output, x3 = FPCR, x4 = NZCV
    asm += '  stp x29, x30, [sp, #-160]!\n  stp x19, x20, [sp, #16]\n  stp x21, x22, [sp, #32]\n  stp x23, x24, [sp, #48]\n';
    asm += '  stp x25, x26, [sp, #64]\n  stp x27, x28, [sp, #80]\n  stp d8, d9, [sp, #96]\n  stp d10, d11, [sp, #112]\n';
    asm += '  stp d12, d13, [sp, #128]\n  stp d14, d15, [sp, #144]\n';
    asm += '  mov x19, x2\n  adr x16, table\n  ldr x16, [x16, x0, lsl #3]\n  msr fpcr, x3\n  msr fpsr, xzr\n  msr nzcv, x4\n  mov x17, x1\n';
    for (let v = 0; v < 32; v += 4) asm += ld(v);
    for (let x = 0; x < 16; x += 2) asm += `  ldp x${x}, x${x + 1}, [x17], #16\n`;
    asm += '  br x16\n';
    asm += 'done:\n  mov x17, x19\n';
    for (let v = 0; v < 32; v += 4) asm += st(v);
    for (let x = 0; x < 16; x += 2) asm += `  stp x${x}, x${x + 1}, [x17], #16\n`;
    asm += '  mrs x0, fpsr\n  mrs x1, nzcv\n  stp x0, x1, [x17]\n  msr fpcr, xzr\n';
    asm += '  ldp x19, x20, [sp, #16]\n  ldp x21, x22, [sp, #32]\n  ldp x23, x24, [sp, #48]\n  ldp x25, x26, [sp, #64]\n';
    asm += '  ldp x27, x28, [sp, #80]\n  ldp d8, d9, [sp, #96]\n  ldp d10, d11, [sp, #112]\n  ldp d12, d13, [sp, #128]\n';
    asm += '  ldp d14, d15, [sp, #144]\n  ldp x29, x30, [sp], #160\n  ret\n';
    asm += '  .p2align 3\ntable:\n' + cases.map((_, k) => `  .quad c${k}\n`).join('');
    asm += cases.map((c, k) => `c${k}:\n  .inst 0x${c.word.toString(16)}\n  b done\n`).join('');
    writeFileSync(join(dir, 'cases.s'), asm);
    const inputs = sets.map((s) => `{${Array.from(inputOf(s), (w) => `0x${w.toString(16)}u`).join(',')}}`);
    const list = (f: (c: Case) => number) => cases.map((c) => `0x${(f(c) >>> 0).toString(16)}u`).join(',');
    const c = `#include <stdio.h>
#include <stdint.h>
void run_case(long, const uint32_t *, uint32_t *, uint64_t, uint64_t);
static const uint32_t inputs[${sets.length}][${IN_WORDS}] = {${inputs.join(',\n')}};
static const uint32_t setIndex[] = {${list((cs) => sets.indexOf(cs.set))}};
static const uint32_t fpcr[] = {${list((cs) => cs.fpcr)}};
static const uint32_t nzcv[] = {${list((cs) => cs.nzcv)}};
int main(void) {
  static uint32_t out[${OUT_WORDS}];
  for (long k = 0; k < ${cases.length}; k++) {
    run_case(k, inputs[setIndex[k]], out, fpcr[k], (uint64_t)nzcv[k] << 28);
    fwrite(out, 4, ${OUT_WORDS}, stdout);
  }
  return 0;
}
`;
    writeFileSync(join(dir, 'main.c'), c);
    const exe = join(dir, 'oracle');
    execFileSync('aarch64-linux-gnu-gcc', ['-O1', '-static', '-o', exe, join(dir, 'main.c'), join(dir, 'cases.s')]);
    return exe;
  }
}
/** The probe's output per case. */
function splitOutput(out: Buffer, count: number): Uint32Array[] {
  const words = new Uint32Array(out.buffer, out.byteOffset, out.byteLength >>> 2);
  return Array.from({ length: count }, (_, k) => words.slice(k * OUT_WORDS, (k + 1) * OUT_WORDS));
}
/** Runs the cases' probe under qemu-aarch64: each case's output words. */
function runOracle(cases: Case[], inputOf: (set: number) => Uint32Array = inputWords): Uint32Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'a64fp-oracle-'));
  try {
    const exe = buildProbe(dir, cases, inputOf);
    return splitOutput(execFileSync('qemu-aarch64', ['-cpu', 'cortex-a53', exe], { maxBuffer: 1 << 30 }), cases.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hex8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
function wordName(w: number): string {
  if (w < V_WORDS) return `v${w >> 2}.s[${w & 3}]`;
  if (w < IN_WORDS) return `x${(w - V_WORDS) >> 1}.${(w - V_WORDS) & 1 ? 'hi' : 'lo'}`;
  return w === IN_WORDS ? 'fpsr' : w === IN_WORDS + 2 ? 'nzcv' : `w${w}`;
}
function diff(ours: Uint32Array, want: Uint32Array): string[] {
  const d: string[] = [];
  for (let w = 0; w < OUT_WORDS; w++) if (ours[w] !== want[w]) d.push(`${wordName(w)} ${hex8(ours[w]!)} want ${hex8(want[w]!)}`);
  return d;
}

describe.skipIf(!HAVE_QEMU)('A64 FP vs qemu-aarch64' + (HAVE_QEMU ? '' : ' (skipped: needs aarch64-linux-gnu-gcc and qemu-aarch64)'), () => {
  it('every fixture instruction on special inputs under each FPCR setting (JS backend and interpreter)', () => {
    const insns = fixtureInsns().filter((i) => !usesHighX(i.text));
    const cases: Case[] = [];
    for (const i of insns) for (const fpcr of FPCRS) for (let set = 0; set < SETS; set++) cases.push({ word: i.word, fpcr, set, nzcv: (set * 5 + 3) & 15 });
    const expected = runOracle(cases);
    const text = new Map(insns.map((i) => [i.word, i.text]));
    const inputs = new Map<number, Uint32Array>();
    const bad: string[] = [];
    cases.forEach((c, k) => {
      let input = inputs.get(c.set);
      if (!input) inputs.set(c.set, (input = inputWords(c.set)));
      for (const engine of ['js', 'interp'] as const) {
        const d = diff(runHere(c.word, input, c.fpcr, c.nzcv, engine), expected[k]!);
        if (process.env.A64_FP_DUMP && k % 997 === 0) console.log(text.get(c.word), Array.from(expected[k]!.slice(0, 16), hex8).join(' '));
        if (d.length) bad.push(`${text.get(c.word)} [${engine}] fpcr=${hex8(c.fpcr)} set=${c.set}: ${d.slice(0, 4).join('; ')}`);
      }
    });
    console.log(`${insns.length} instructions, ${cases.length} cases, ${bad.length} mismatches`);
    if (process.env.A64_FP_DEBUG) {
      const byInsn = new Map<string, string[]>();
      for (const l of bad) {
        const key = l.split(' fpcr=')[0]!;
        if (!byInsn.has(key)) byInsn.set(key, []);
        byInsn.get(key)!.push(l);
      }
      for (const [k, v] of byInsn) console.log(`${v.length}x ${k}\n  ${v.slice(0, 3).join('\n  ')}`);
    }
    expect(bad.slice(0, 40)).toEqual([]);
  });
});

/**
 * Directed sets: every combination of three operands from a pool of special values. Register r
 * holds digit (r == 31 ? 2 : r % 3) of the lane's combination number, so the sources of every
 * fixture form (v0, v1, v31; s1, s2, s3; d5, d6, d7; ...) see all pairs and triples. Sets of kind
 * 'd' fill 64-bit lanes from POOL64, kind 's' 32-bit lanes from POOL32.
 */
const POOL64: [number, number][] = [[0, 0], [0, 0x80000000], [0, 0x7ff00000], [0, 0xfff00000], [1, 0x7ff80000], [2, 0xfff80000], [3, 0x7ff00000], [4, 0xfff40000]];
const POOL64B: [number, number][] = [[0, 0x3ff80000], [1, 0x80000000], [0, 0x40000000], [0, 0x40080000]];
const POOL32 = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00001, 0xffc00002, 0x7f800003, 0xffa00004];
const POOL32B = [0x3fc00000, 0x80000001, 0x40000000, 0x40400000];
const P = 12;
const digitReg = (r: number): number => (r === 31 ? 2 : r % 3);
function directedWords(kind: 'd' | 's', set: number): Uint32Array {
  const out = new Uint32Array(IN_WORDS);
  const per = kind === 'd' ? 2 : 4;
  for (let r = 0; r < 32; r++) {
    for (let l = 0; l < per; l++) {
      const combo = set * per + l;
      const digit = Math.floor(combo / P ** digitReg(r)) % P;
      if (kind === 'd') {
        const [lo, hi] = digit < 8 ? POOL64[digit]! : POOL64B[digit - 8]!;
        out[4 * r + 2 * l] = lo;
        out[4 * r + 2 * l + 1] = hi;
      } else out[4 * r + l] = (digit < 8 ? POOL32[digit]! : POOL32B[digit - 8]!) >>> 0;
    }
  }
  return out;
}
/** Forms with two or three FP sources, and whether they use doubles. */
const MULTI_SOURCE = /^(fadd|fsub|fmul|fdiv|fnmul|fmax|fmin|fmaxnm|fminnm|fm?adda?|fn?m(add|sub)|fmla|fmls|fabd|fmulx|frecps|frsqrts|fcm(eq|ge|gt)|fac(ge|gt)|f(add|max|min|maxnm|minnm)p|fcmpe?|fccmpe?)\t/;
const usesDoubles = (text: string): boolean => /\bd\d+\b|\.2d|\.d\[/.test(text);

describe.skipIf(!HAVE_QEMU)('A64 FP operand combinations vs qemu-aarch64' + (HAVE_QEMU ? '' : ' (skipped: needs aarch64-linux-gnu-gcc and qemu-aarch64)'), () => {
  it('two- and three-source forms on every combination of zeros, infinities, NaNs and ordinary values', () => {
    const insns = fixtureInsns().filter((i) => !usesHighX(i.text) && MULTI_SOURCE.test(i.text) && !/#0\.0/.test(i.text));
    const dSets = Math.ceil(P ** 3 / 2), sSets = Math.ceil(P ** 3 / 4);
    // set numbers: d sets first, then s sets
    const inputOf = (set: number) => (set < dSets ? directedWords('d', set) : directedWords('s', set - dSets));
    const cases: Case[] = [];
    for (const i of insns) {
      const dbl = usesDoubles(i.text);
      for (const fpcr of [0, DN | FZ | RM(2)]) {
        for (let k = 0; k < (dbl ? dSets : sSets); k++) cases.push({ word: i.word, fpcr, set: dbl ? k : dSets + k, nzcv: k & 15 });
      }
    }
    const expected = runOracle(cases, inputOf);
    const text = new Map(insns.map((i) => [i.word, i.text]));
    const bad: string[] = [];
    cases.forEach((c, k) => {
      const d = diff(runHere(c.word, inputOf(c.set), c.fpcr, c.nzcv, 'js'), expected[k]!);
      if (d.length) bad.push(`${text.get(c.word)} fpcr=${hex8(c.fpcr)} set=${c.set}: ${d.slice(0, 4).join('; ')}`);
    });
    console.log(`${insns.length} instructions, ${cases.length} cases, ${bad.length} mismatches`);
    expect(bad.slice(0, 40)).toEqual([]);
  });
});

/**
 * Estimate sets: every register's lanes walk the 9 leading fraction bits the estimate tables
 * index (set * lanes + lane), with exponents from denormal to huge and both signs; 's' sets fill
 * 32-bit lanes, 'd' sets 64-bit lanes. As integers the same words drive URECPE/URSQRTE.
 */
function estimateWords(set: number): Uint32Array {
  const out = new Uint32Array(IN_WORDS);
  const dbl = set >= 128;
  const s = set % 128;
  for (let r = 0; r < 32; r++) {
    for (let l = 0; l < (dbl ? 2 : 4); l++) {
      const top9 = (s * 4 + l + r * 37) & 511;
      const pick = (s + 3 * r + l) % 16;
      if (dbl) {
        const exp = [0, 1, 2, 0x3ff, 0x3fe, 0x7fd, 0x7fe, 0x400, 0x001, 0x3f0, 0x7fc, 0x200, 0x5ff, 0, 0x3ff, 0x401][pick]!;
        out[4 * r + 2 * l] = (s * 0x9e3779b9) >>> 0;
        out[4 * r + 2 * l + 1] = ((pick & 1 ? 0x80000000 : 0) | (exp << 20) | (top9 << 11) | (r & 0x7ff)) >>> 0;
      } else {
        const exp = [0, 1, 2, 127, 126, 253, 254, 128, 1, 100, 252, 64, 200, 0, 127, 129][pick]!;
        out[4 * r + l] = ((pick & 1 ? 0x80000000 : 0) | (exp << 23) | (top9 << 14) | (r * 11 + l)) >>> 0;
      }
    }
  }
  for (let x = 0; x < X_WORDS; x++) out[V_WORDS + x] = 0;
  return out;
}

describe.skipIf(!HAVE_QEMU)('A64 FP estimates vs qemu-aarch64' + (HAVE_QEMU ? '' : ' (skipped: needs aarch64-linux-gnu-gcc and qemu-aarch64)'), () => {
  it('FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE over every table index, exponent range and sign', () => {
    const insns = fixtureInsns().filter((i) => /^(frecpe|frsqrte|frecpx|urecpe|ursqrte)\t/.test(i.text));
    const cases: Case[] = [];
    for (const i of insns) {
      const dbl = usesDoubles(i.text);
      for (const fpcr of [0, FZ | RM(1), RM(2), RM(3)]) for (let k = 0; k < 128; k++) cases.push({ word: i.word, fpcr, set: dbl ? 128 + k : k, nzcv: 0 });
    }
    const expected = runOracle(cases, estimateWords);
    const text = new Map(insns.map((i) => [i.word, i.text]));
    const bad: string[] = [];
    cases.forEach((c, k) => {
      const d = diff(runHere(c.word, estimateWords(c.set), c.fpcr, c.nzcv, 'js'), expected[k]!);
      if (d.length) bad.push(`${text.get(c.word)} fpcr=${hex8(c.fpcr)} set=${c.set}: ${d.slice(0, 4).join('; ')}`);
    });
    console.log(`${insns.length} instructions, ${cases.length} cases, ${bad.length} mismatches`);
    expect(bad.slice(0, 40)).toEqual([]);
  });
});

// ---- the probe as a whole program under tsemu ------------------------------------------------------

const TSEMU = join(root, 'bin/tsemu-aarch64');
const HAVE_DIST = existsSync(join(root, 'dist/tsemu.mjs'));

describe.skipIf(!HAVE_QEMU || !HAVE_DIST)('A64 FP probe program: tsemu-aarch64 vs qemu-aarch64' +
    (HAVE_QEMU && HAVE_DIST ? '' : ' (skipped: needs aarch64-linux-gnu-gcc, qemu-aarch64 and a built dist/)'), () => {
  it.each(['block', 'region', 'auto'])('every fixture instruction, special inputs, each FPCR setting: the same bytes (-tier %s)', (tier) => {
    // -tier region compiles each case's block as a WebAssembly region (~20 ms each): there only the
    // forms with doubles (what regions keep in f64 locals), fewer sets and FPCR settings
    const region = tier === 'region';
    const insns = fixtureInsns().filter((i) => !usesHighX(i.text) && (!region || usesDoubles(i.text)));
    const sets = region ? 2 : 4;
    const fpcrs = region ? [0, FZ | DN | RM(3)] : FPCRS;
    const cases: Case[] = [];
    for (const i of insns) for (const fpcr of fpcrs) for (let set = 0; set < sets; set++) cases.push({ word: i.word, fpcr, set: set * 2 + 1, nzcv: (set * 5 + 3) & 15 });
    const dir = mkdtempSync(join(tmpdir(), 'a64fp-probe-'));
    try {
      const exe = buildProbe(dir, cases, inputWords);
      const want = execFileSync('qemu-aarch64', ['-cpu', 'cortex-a53', exe], { maxBuffer: 1 << 30 });
      const got = spawnSync(TSEMU, ['-tier', tier, exe], { maxBuffer: 1 << 30 });
      expect(got.status).toBe(0);
      if (!got.stdout.equals(want)) {
        const ours = splitOutput(got.stdout, cases.length), theirs = splitOutput(want, cases.length);
        const text = new Map(insns.map((i) => [i.word, i.text]));
        const bad: string[] = [];
        cases.forEach((c, k) => {
          const d = ours[k]!.length ? diff(ours[k]!, theirs[k]!) : ['no output'];
          if (d.length) bad.push(`${text.get(c.word)} fpcr=${hex8(c.fpcr)} set=${c.set}: ${d.slice(0, 4).join('; ')}`);
        });
        expect(bad.slice(0, 40)).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- lifting without qemu ------------------------------------------------------------------------

const isSigill = (word: number): boolean => {
  const b = blockOf(word);
  return b.exit.k === 'trap' && b.exit.signal === 4 && b.instructions === 1;
};

describe('A64 FP lifting', () => {
  it('the interpreter hands a signalling NaN to an FP helper with its bits (FABS d0, d1)', () => {
    const input = new Uint32Array(IN_WORDS);
    input[4] = 1;
    input[5] = 0x7ff00000; // d1 = sNaN 0x7ff0000000000001
    for (const engine of ['js', 'interp'] as const) {
      const out = runHere(0x1e60c020, input, 0, 0, engine);
      expect([out[0], out[1]], engine).toEqual([1, 0x7ff00000]);
    }
  });

  it('encodings beyond ARMv8.0 or reserved in this group are SIGILL', () => {
    const words: [number, string][] = [
      [0x1ee22820, 'fadd h0, h1, h2 (FP16)'],
      [0x1ee0c020, 'fabs h0, h1 (FP16)'],
      [0x1ee20020, 'fcvtns w0, h1 (FP16)'],
      [0x1ee60020, 'fmov w0, h1 (FP16)'],
      [0x1e7e0020, 'fjcvtzs w0, d1 (v8.3)'],
      [0x1e684020, 'frint32z-class opcode (v8.5)'],
      [0x4e60d420 & ~(1 << 30), 'fadd v0.1d (reserved)'],
      [0x0e40d420 | (1 << 22), 'fadd 4h (FP16)'],
      [0x0e22cc20 | (1 << 13), 'fmlal (v8.2)'],
      [0x0fc21820, 'fmla v0.1d by element (reserved)'],
      [0x4fe21820, 'fmla .2d with L set (reserved)'],
      [0x0f10e420, 'scvtf 4h fixed (FP16)'],
      [0x6e30c820 & ~(1 << 30), 'fmaxnmv s0, v1.2s (reserved)'],
      [0x7e616820 & ~(1 << 22), 'fcvtxn h (reserved)'],
      [0x1e180020, 'fcvtzs w0, s1 with scale < 32'],
      [0x1e224020, 'fcvt s0, s1 (same size)'],
    ];
    const bad = words.filter(([w]) => !isSigill(w >>> 0)).map(([w, t]) => `${hex8(w)} ${t}: ${formatInsn(decodeA64(w), 0)}`);
    expect(bad).toEqual([]);
  });

  it('random words of the FP encoding groups lift and print without throwing', () => {
    const r = prng(0xf10a7);
    const ours = new Set(fpRows);
    // the fixed bits of the scalar FP and AdvSIMD FP groups, with the rest random
    const groups: [number, number][] = [
      [0x5f000000, 0x1e000000], [0x5f000000, 0x1f000000], [0x9f200400, 0x0e200400], [0xdf200400, 0x5e200400],
      [0x9f3e0c00, 0x0e200800], [0xdf3e0c00, 0x5e200800], [0x9f000400, 0x0f000000], [0xdf000400, 0x5f000000],
      [0x9f800400, 0x0f000400], [0xdf800400, 0x5f000400],
    ];
    for (let k = 0; k < 20000; k++) {
      const [mask, match] = groups[k % groups.length]!;
      const w = ((r.u32() & ~mask) | match) >>> 0;
      const d = decodeA64(w);
      if (!d.row || !ours.has(d.row)) continue;
      expect(() => formatInsn(d, 0)).not.toThrow();
      expect(() => blockOf(w)).not.toThrow();
    }
  });

  it('the single-precision and fused fast paths of the helpers agree with the full paths', () => {
    const r = prng(0x5eed32);
    const h = H as Record<string, (...a: number[]) => number>;
    /** Random f32 bits: exponents close together (so sums and products round), some near the limits. */
    const f32 = (): number => {
      const k = r.int(10);
      const exp = k < 6 ? 120 + r.int(16) : k < 8 ? r.int(256) : k === 8 ? 1 + r.int(4) : 250 + r.int(5);
      return ((r.chance(2) ? 0x80000000 : 0) | (exp << 23) | (r.u32() & 0x7fffff)) | 0;
    };
    const f64 = (): number => {
      const [lo, hi] = [r.u32(), ((r.chance(2) ? 0x80000000 : 0) | ((1000 + r.int(40)) << 20) | (r.u32() & 0xfffff)) >>> 0];
      return new Float64Array(new Uint32Array([lo, hi]).buffer)[0]!;
    };
    const full = (f: () => number): [number, number] => {
      arm.clearRaised();
      const v = f();
      return [v, arm.takeRaised()];
    };
    const fast = (f: () => number): [number, number] => {
      cpu.R[SLOT_FPCR] = 0;
      cpu.R[SLOT_FPSR] = 0;
      const v = f();
      return [v, cpu.R[SLOT_FPSR]!];
    };
    const bad: string[] = [];
    const ops32: [string, arm.Op32][] = [['add', arm.ADD32], ['sub', arm.SUB32], ['mul', arm.MUL32], ['div', arm.DIV32], ['sqrt', arm.SQRT32]];
    for (let k = 0; k < 200000; k++) {
      const a = f32(), b = f32(), c = f32();
      const [name, op] = ops32[k % ops32.length]!;
      const bb = name === 'sqrt' ? 0 : b;
      const got = fast(() => h[`a64f_${name}_s`]!(a, b) | 0), want = full(() => arm.arith32(op, a, bb, 0, 0) | 0);
      if (got[0] !== want[0] || got[1] !== want[1]) bad.push(`${name}_s ${hex8(a)} ${hex8(b)}: ${got.map(hex8)} want ${want.map(hex8)}`);
      const kind = k & 3;
      const g2 = fast(() => h.a64f_fma_s!(c, a, b, kind) | 0);
      const w2 = full(() => arm.fma32(kind >= 2 ? c ^ -0x80000000 : c, kind === 1 || kind === 2 ? a ^ -0x80000000 : a, b, 0) | 0);
      if (g2[0] !== w2[0] || g2[1] !== w2[1]) bad.push(`fma_s ${kind} ${hex8(c)} ${hex8(a)} ${hex8(b)}: ${g2.map(hex8)} want ${w2.map(hex8)}`);
      const x = f64(), y = f64(), z = f64();
      const g3 = fast(() => h.a64f_fma_d!(z, x, y, kind)), w3 = full(() => arm.fma64(kind >= 2 ? -z : z, kind === 1 || kind === 2 ? -x : x, y, 0));
      if (!Object.is(g3[0], w3[0]) || g3[1] !== w3[1]) bad.push(`fma_d ${kind} ${z} ${x} ${y}: ${g3} want ${w3}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('a double FADD carries the host fast path, guarded by FPCR and FPSR', () => {
    const b = blockOf(0x1e622820); // fadd d0, d1, d2
    const call = b.ops.find((o) => o.k === 'call');
    expect(call && call.k === 'call' && call.fast?.op).toBe('add');
    // RN, IXC set: the host path; RZ: the exact helper
    const one = 1, third = 3 * 2 ** -54; // 1 + 0.75 ulp: nearest rounds up, zero down
    const run = (fpcr: number, fpsr: number) => {
      cpu.R.fill(0);
      cpu.F64[vslot(1) >> 1] = one;
      cpu.F64[vslot(2) >> 1] = third;
      cpu.R[SLOT_FPCR] = fpcr;
      cpu.R[SLOT_FPSR] = fpsr;
      compile(0x1e622820).fn();
      return [cpu.F64[vslot(0) >> 1], cpu.R[SLOT_FPSR]];
    };
    expect(run(0, 0x10)).toEqual([one + third, 0x10]);
    expect(run(0, 0)).toEqual([one + third, 0x10]);
    expect(run(RM(3), 0)).toEqual([1, 0x10]);
  });
});
