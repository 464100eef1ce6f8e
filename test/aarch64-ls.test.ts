// A64 loads and stores (src/arch/aarch64/ls.ts, ls-helpers.ts).
//
// 1. Lifting: short instruction sequences, assembled with aarch64-linux-gnu-as, translated as one
//    block by translateBlock and run three ways (tier-1 JS, the interpreter, JS after the
//    optimizer) from the same registers and memory. The three must agree, and the result must be
//    what the Arm ARM says (for CONSTRAINED UNPREDICTABLE cases, what qemu-aarch64 does): every
//    size, sign and addressing mode, writeback, pairs, FP/SIMD registers, the exclusive monitor,
//    acquire/release, the LSE atomics against a BigInt model, faults and SIGBUS, and random words
//    of the whole load/store space.
// 2. Whole programs against qemu-aarch64 (probe programs that run every form over a buffer and
//    print registers and memory, atomics at edge values, the exclusives' success and failure,
//    a fault's signal): see the second describe.
// Each part is skipped, with the reason, when its tools are missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { makeA64LsHelpers } from '../src/arch/aarch64/ls-helpers.ts';
import { SLOT_EXCL_ADDR, SLOT_EXCL_SIZE, SLOT_SP, STATE_WORDS, vslot, xslot } from '../src/arch/aarch64/state.ts';
import { translateBlock } from '../src/arch/aarch64/translate.ts';
import { CpuState, GuestTrap } from '../src/arch/types.ts';
import type { IRBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { GuestFault, GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { prng } from './helpers/prng.ts';
import { haveCommand } from './helpers/have.ts';

// The other instruction groups have tests of their own: here their rows are absent (SIGILL).
vi.mock('../src/arch/aarch64/dp.ts', () => ({ dpRows: [] }));
vi.mock('../src/arch/aarch64/fp.ts', () => ({ fpRows: [] }));
vi.mock('../src/arch/aarch64/simd.ts', () => ({ simdRows: [] }));

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HAVE_AS = haveCommand('aarch64-linux-gnu-as') && haveCommand('aarch64-linux-gnu-objcopy');

// ---- the machine -------------------------------------------------------------------------------

const CODE = 0x10000;
const DATA = 0x200000; // 64 KiB read-write
const DATA_SIZE = 0x10000;
const RO = 0x300000; // one read-only page
// Unmapped, in the null-page region: generated code checks only that region (and the state area)
// on each access; the helpers of exclusives and atomics check the page table.
const UNMAPPED = 0x1000;

const mem = new GuestMemory(true);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 4);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, DATA >>> 12, (DATA + DATA_SIZE) >>> 12);
mem.pages[RO >>> 12] = PAGE_MAPPED | PAGE_READ;
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
const H: Record<string, unknown> = {
  ...makeHelpers(mem, ret),
  ...makeA64LsHelpers(cpu, mem, ret),
  noteJump: (_b: number, t: number) => t,
  jumpMiss: (_e: number, _f: number, t: number) => t,
};

/** Data pattern: byte i of DATA is (7i + 3) & 0xff; the read-only page holds (5i + 1) & 0xff. */
const dataInit = Uint8Array.from({ length: DATA_SIZE }, (_, i) => (7 * i + 3) & 0xff);
const roInit = Uint8Array.from({ length: 4096 }, (_, i) => (5 * i + 1) & 0xff);
const u64At = (bytes: Uint8Array, off: number): bigint => {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[off + i]!);
  return v;
};
const dataU64 = (off: number): bigint => u64At(dataInit, off);

const M64 = (1n << 64n) - 1n;

interface Init {
  x?: Record<number, bigint | number>;
  sp?: bigint | number;
  v?: Record<number, [bigint, bigint]>;
  /** 64-bit words written over the data pattern, by address. */
  mem?: Record<number, bigint>;
  /** Exclusive monitor (address, size); default none. */
  monitor?: [number, number];
}

interface Outcome {
  end: string;
  x: bigint[];
  sp: bigint;
  v: [bigint, bigint][];
  monitor: string;
  data: Uint8Array;
}

const slot64 = (slot: number): bigint => ((BigInt(cpu.R[slot + 1]!) << 32n) | BigInt(cpu.R[slot]! >>> 0)) & M64;
function setSlot64(slot: number, v: bigint | number): void {
  const b = BigInt.asUintN(64, BigInt(v));
  cpu.R[slot] = Number(BigInt.asIntN(32, b));
  cpu.R[slot + 1] = Number(BigInt.asIntN(32, b >> 32n));
}

function setup(init: Init): void {
  cpu.R.fill(0);
  // Registers not named hold a recognisable junk value, so zero-extension and untouched registers show.
  for (let i = 0; i < 31; i++) setSlot64(xslot(i), init.x?.[i] ?? 0xdead0000n + BigInt(i));
  setSlot64(SLOT_SP, init.sp ?? DATA + 0x8000);
  for (let i = 0; i < 32; i++) {
    const [lo, hi] = init.v?.[i] ?? [0x1111111111111111n * BigInt((i % 15) + 1), 0xfeedn + BigInt(i)];
    setSlot64(vslot(i), lo);
    setSlot64(vslot(i) + 2, hi);
  }
  if (init.monitor) {
    setSlot64(SLOT_EXCL_ADDR, init.monitor[0]);
    cpu.R[SLOT_EXCL_SIZE] = init.monitor[1];
  } else setSlot64(SLOT_EXCL_ADDR, -1);
  mem.u8.set(dataInit, DATA);
  mem.u8.set(roInit, RO);
  for (const [a, v] of Object.entries(init.mem ?? {})) {
    mem.dv.setBigUint64(Number(a), BigInt.asUintN(64, v), true);
  }
}

function snapshot(end: string): Outcome {
  return {
    end,
    x: Array.from({ length: 31 }, (_, i) => slot64(xslot(i))),
    sp: slot64(SLOT_SP),
    v: Array.from({ length: 32 }, (_, i) => [slot64(vslot(i)), slot64(vslot(i) + 2)] as [bigint, bigint]),
    monitor: cpu.R[SLOT_EXCL_ADDR] === -1 && cpu.R[SLOT_EXCL_ADDR + 1] === -1 ? 'none' : `${slot64(SLOT_EXCL_ADDR).toString(16)}/${cpu.R[SLOT_EXCL_SIZE]}`,
    data: mem.u8.slice(DATA, DATA + DATA_SIZE),
  };
}

type Engine = 'js' | 'interp' | 'opt';
function runEngine(block: IRBlock, engine: Engine): string {
  try {
    let next: number;
    if (engine === 'interp') next = interpretBlock(block, cpu, mem, H, ret, false);
    else {
      const src = generateJs(block, { littleEndian: true });
      const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => () => number;
      next = factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, cpu.irq)();
    }
    return next === -1 ? `exit ${cpu.exitReason} pc ${(cpu.pc >>> 0).toString(16)} signal ${cpu.trapSignal}` : `next ${(next >>> 0).toString(16)}`;
  } catch (e) {
    if (e instanceof GuestFault) return `SIGSEGV addr ${e.addr.toString(16)} pc ${(e.pc >>> 0).toString(16)} ${e.write ? 'write' : 'read'}`;
    if (e instanceof GuestTrap) return `${e.signal} pc ${(e.pc >>> 0).toString(16)}`;
    return `threw ${(e as Error).message}`;
  }
}

const show = (o: Outcome): string =>
  `${o.end} | x ${o.x.map((v) => v.toString(16)).join(' ')} sp ${o.sp.toString(16)} | v ${o.v.map(([l, h]) => `${h.toString(16)}:${l.toString(16)}`).join(' ')} | mon ${o.monitor} | data ${hash(o.data)}`;
function hash(b: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < b.length; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
  return h;
}

/** Runs one block of words from `init` under the three engines; they must agree. */
function execWords(words: number[], init: Init): Outcome {
  for (let k = 0; k < words.length; k++) mem.dv.setUint32(CODE + 4 * k, words[k]!, true);
  const block = translateBlock(mem, CODE);
  const opt: IRBlock = structuredClone(block);
  optimize(opt);
  const outcomes = (['js', 'interp'] as Engine[]).map((e) => {
    setup(init);
    return snapshot(runEngine(block, e));
  });
  setup(init);
  outcomes.push(snapshot(runEngine(opt, 'opt')));
  expect(show(outcomes[1]!), 'interpreter vs tier 1').toBe(show(outcomes[0]!));
  expect(show(outcomes[2]!), 'optimized vs tier 1').toBe(show(outcomes[0]!));
  return outcomes[0]!;
}

const asmCache = new Map<string, number[]>();
/** Assembles A64 source (ARMv8.0 + LSE) into words; an undefined word (udf #0) ends the block. */
function assemble(src: string): number[] {
  const hit = asmCache.get(src);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'a64-ls-'));
  try {
    writeFileSync(join(dir, 'x.s'), `\t.text\n${src}\n\t.inst 0\n`);
    execFileSync('aarch64-linux-gnu-as', ['-march=armv8-a+lse', '-o', join(dir, 'x.o'), join(dir, 'x.s')], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'x.o'), join(dir, 'x.bin')]);
    const bin = readFileSync(join(dir, 'x.bin'));
    const words = Array.from({ length: bin.length >> 2 }, (_, i) => bin.readUInt32LE(4 * i));
    asmCache.set(src, words);
    return words;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles and runs; the block must end at the trailing udf unless `end` says otherwise. */
function run(src: string, init: Init = {}): Outcome {
  return execWords(assemble(src), init);
}
/** The PC of instruction k of the block. */
const pcOf = (k: number): string => (CODE + 4 * k).toString(16);
const SIGILL_AT = (k: number): string => `exit 2 pc ${pcOf(k)} signal 4`; // EXIT_TRAP

const S = DATA + 0x100; // a base for most cases
/** Per-test time limit: the random and model tests take seconds, more on a busy machine. */
const SLOW = 120_000;
const sx = (v: bigint, bits: number): bigint => BigInt.asUintN(64, BigInt.asIntN(bits, v));
const zx = (v: bigint, bits: number): bigint => BigInt.asUintN(bits, v);

describe.skipIf(!HAVE_AS)('A64 loads and stores: lifted semantics' + (HAVE_AS ? '' : ' (skipped: aarch64-linux-gnu-as/objcopy not installed)'), () => {
  test('the block runs up to the trailing udf', () => {
    const o = run('nop_placeholder: ldr x0, [x1]', { x: { 1: S } });
    expect(o.end).toBe(SIGILL_AT(1));
  });

  test('general loads: every size and sign, zero-extension of W results', () => {
    const src = [
      'ldrb w0, [x1]', 'ldrsb w2, [x1]', 'ldrsb x3, [x1]', 'ldrh w4, [x1]', 'ldrsh w5, [x1]', 'ldrsh x6, [x1]',
      'ldr w7, [x1]', 'ldrsw x8, [x1]', 'ldr x9, [x1]', 'ldr xzr, [x1]', 'ldrb wzr, [x1]',
    ].join('\n');
    const v = 0x8182838485868788n;
    const o = run(src, { x: { 1: S }, mem: { [S]: v } });
    expect(o.end).toBe(SIGILL_AT(11));
    expect(o.x.slice(0, 10)).toEqual([
      0x88n, BigInt(S), sx(0x88n, 8) & 0xffffffffn, sx(0x88n, 8), 0x8788n, sx(0x8788n, 16) & 0xffffffffn, sx(0x8788n, 16), 0x85868788n, sx(0x85868788n, 32), v,
    ]);
    expect(o.sp).toBe(BigInt(DATA + 0x8000)); // Rt = 31 is XZR: SP untouched
  });

  test('positive values sign-extend to positive', () => {
    const o = run('ldrsb x0, [x1]\nldrsh w2, [x1]\nldrsw x3, [x1]', { x: { 1: S }, mem: { [S]: 0x7172737475767778n } });
    expect([o.x[0], o.x[2], o.x[3]]).toEqual([0x78n, 0x7778n, 0x75767778n]);
  });

  test('general stores: every size, WZR/XZR', () => {
    const o = run('strb w0, [x1]\nstrh w0, [x1, #2]\nstr w0, [x1, #4]\nstr x0, [x1, #8]\nstr xzr, [x1, #16]\nstrh wzr, [x1, #24]', {
      x: { 0: 0x0102030405060708n, 1: S },
    });
    const d = o.data;
    const at = (a: number) => u64At(d, a - DATA);
    expect(at(S)).toBe(0x0506070807080008n | (BigInt(dataInit[S + 1 - DATA]!) << 8n));
    expect(at(S + 8)).toBe(0x0102030405060708n);
    expect(at(S + 16)).toBe(0n);
    expect(at(S + 24) & ~0xffffn).toBe(dataU64(S + 24 - DATA) & ~0xffffn);
    expect(at(S + 24) & 0xffffn).toBe(0n);
  });

  test('immediate forms: scaled unsigned offset, unscaled, pre- and post-index writeback, unprivileged, SP base', () => {
    const src = [
      'ldr x0, [x1, #32760]', 'ldrh w2, [x1, #8190]', 'ldur x3, [x1, #-256]', 'ldur w4, [x1, #255]',
      'ldr x5, [x6, #-8]!', 'ldr x7, [x8], #16', 'ldrb w9, [x10, #255]!', 'ldtr x11, [x1, #-8]', 'ldtrsh x12, [x1, #2]',
      'ldr x13, [sp, #8]', 'str x14, [sp, #-16]!', 'strb w14, [x15], #-1', 'sttrh w14, [x1, #4]', 'stur x14, [x1, #-24]',
    ].join('\n');
    const o = run(src, { x: { 1: S + 0x100, 6: S, 8: S, 10: S, 14: 0xa1a2a3a4a5a6a7a8n, 15: S + 0x200 } });
    const base = S + 0x100 - DATA;
    expect(o.end).toBe(SIGILL_AT(14));
    expect(o.x[0]).toBe(dataU64(base + 32760));
    expect(o.x[2]).toBe(dataU64(base + 8190) & 0xffffn);
    expect(o.x[3]).toBe(dataU64(base - 256));
    expect(o.x[4]).toBe(dataU64(base + 255) & 0xffffffffn);
    expect([o.x[5], o.x[6]]).toEqual([dataU64(S - 8 - DATA), BigInt(S - 8)]);
    expect([o.x[7], o.x[8]]).toEqual([dataU64(S - DATA), BigInt(S + 16)]);
    expect([o.x[9], o.x[10]]).toEqual([dataU64(S + 255 - DATA) & 0xffn, BigInt(S + 255)]);
    expect(o.x[11]).toBe(dataU64(base - 8));
    expect(o.x[12]).toBe(sx(dataU64(base + 2) & 0xffffn, 16));
    expect(o.x[13]).toBe(dataU64(0x8008));
    expect(o.sp).toBe(BigInt(DATA + 0x8000 - 16));
    expect(u64At(o.data, 0x8000 - 16)).toBe(0xa1a2a3a4a5a6a7a8n);
    expect(o.x[15]).toBe(BigInt(S + 0x200 - 1));
    expect(o.data[S + 0x200 - DATA]).toBe(0xa8);
    expect(u64At(o.data, base + 4) & 0xffffn).toBe(0xa7a8n);
    expect(u64At(o.data, base - 24)).toBe(0xa1a2a3a4a5a6a7a8n);
  });

  test('register offset: LSL, UXTW, SXTW, SXTX, scaled and not, XZR index', () => {
    const src = [
      'ldr x0, [x1, x2]', 'ldr x3, [x1, x2, lsl #3]', 'ldr w4, [x1, w5, uxtw]', 'ldr w6, [x1, w5, uxtw #2]',
      'ldrh w7, [x1, w5, sxtw]', 'ldrh w8, [x1, w5, sxtw #1]', 'ldrb w9, [x1, x11, sxtx]', 'ldr x10, [x1, x11, sxtx #3]',
      'ldr x12, [x1, xzr, lsl #3]', 'ldrsb x13, [x1, x2, lsl #0]', 'str x14, [sp, x2]', 'ldr q15, [x1, x2, lsl #4]',
    ].join('\n');
    // w5 = -8 (0xfffffff8): uxtw adds 4 GiB - 8, which is above the address space; so use it with sxtw, and x11 = -2.
    const o = run(src.replace('ldr w4, [x1, w5, uxtw]', 'ldr w4, [x1, w16, uxtw]').replace('ldr w6, [x1, w5, uxtw #2]', 'ldr w6, [x1, w16, uxtw #2]'), {
      x: { 1: S + 0x400, 2: 3, 5: 0xfffffff8n, 11: -2n & M64, 14: 0x55n, 16: 0xffffffff00000010n },
    });
    const b = S + 0x400 - DATA;
    expect(o.end).toBe(SIGILL_AT(12));
    expect(o.x[0]).toBe(dataU64(b + 3));
    expect(o.x[3]).toBe(dataU64(b + 24));
    expect(o.x[4]).toBe(dataU64(b + 0x10) & 0xffffffffn);
    expect(o.x[6]).toBe(dataU64(b + 0x40) & 0xffffffffn);
    expect(o.x[7]).toBe(dataU64(b - 8) & 0xffffn);
    expect(o.x[8]).toBe(dataU64(b - 16) & 0xffffn);
    expect(o.x[9]).toBe(dataU64(b - 2) & 0xffn);
    expect(o.x[10]).toBe(dataU64(b - 16));
    expect(o.x[12]).toBe(dataU64(b));
    expect(o.x[13]).toBe(sx(dataU64(b + 3) & 0xffn, 8));
    expect(u64At(o.data, 0x8003)).toBe(0x55n);
    expect(o.v[15]).toEqual([dataU64(b + 48), dataU64(b + 56)]);
  });

  test('literal loads: W, X, LDRSW, S, D, Q; PRFM literal does nothing', () => {
    const src = [
      'ldr w0, lit', 'ldr x1, lit', 'ldrsw x2, lit', 'ldr s3, lit', 'ldr d4, lit', 'ldr q5, lit', 'prfm pldl1keep, lit', 'ldr x6, lit + 8',
      '.inst 0', '.balign 16', 'lit: .quad 0x8899aabbccddeeff', '.quad 0x0123456789abcdef',
    ].join('\n');
    const o = run(src);
    expect(o.end).toBe(SIGILL_AT(8));
    expect(o.x.slice(0, 3)).toEqual([0xccddeeffn, 0x8899aabbccddeeffn, 0xffffffffccddeeffn]);
    expect(o.v[3]).toEqual([0xccddeeffn, 0n]);
    expect(o.v[4]).toEqual([0x8899aabbccddeeffn, 0n]);
    expect(o.v[5]).toEqual([0x8899aabbccddeeffn, 0x0123456789abcdefn]);
    expect(o.x[6]).toBe(0x0123456789abcdefn);
  });

  test('FP/SIMD loads write B/H/S/D/Q and clear the rest of the register; stores', () => {
    const v = 0x8182838485868788n;
    const src = [
      'ldr b0, [x1]', 'ldr h1, [x1]', 'ldr s2, [x1]', 'ldr d3, [x1]', 'ldr q4, [x1]', 'ldur h5, [x1, #1]', 'ldr s6, [x1, #4]!',
      'str b7, [x2]', 'str h7, [x2, #2]', 'str s7, [x2, #4]', 'str d8, [x2, #8]', 'str q9, [x2, #16]', 'stur d8, [x2, #-8]',
    ].join('\n');
    const o = run(src, {
      x: { 1: S, 2: S + 0x80 },
      mem: { [S]: v, [S + 8]: 0x1122334455667788n },
      v: { 7: [0xf7f6f5f4f3f2f1f0n, 0xaan], 8: [0x0807060504030201n, 0xbbn], 9: [0x1918171615141312n, 0x2928272625242322n] },
    });
    expect(o.end).toBe(SIGILL_AT(13));
    expect(o.v.slice(0, 5)).toEqual([[0x88n, 0n], [0x8788n, 0n], [0x85868788n, 0n], [v, 0n], [v, 0x1122334455667788n]]);
    expect(o.v[5]).toEqual([0x8687n, 0n]);
    expect([o.v[6], o.x[1]]).toEqual([[0x81828384n, 0n], BigInt(S + 4)]);
    const at = (a: number) => u64At(o.data, a - DATA);
    expect(at(S + 0x80)).toBe(0xf3f2f1f0f1f00000n | (BigInt(dataInit[S + 0x81 - DATA]!) << 8n) | 0xf0n);
    expect([at(S + 0x88), at(S + 0x90), at(S + 0x98), at(S + 0x78)]).toEqual([0x0807060504030201n, 0x1918171615141312n, 0x2928272625242322n, 0x0807060504030201n]);
  });

  test('signalling NaNs keep their bits through S and D loads and stores', () => {
    const o = run('ldr s0, [x1]\nldr d1, [x1, #8]\nstr s0, [x1, #16]\nstr d1, [x1, #24]\nldp s2, s3, [x1]\nstp d1, d1, [x1, #32]', {
      x: { 1: S },
      mem: { [S]: 0x7f800001ff800002n, [S + 8]: 0x7ff0000000000001n },
    });
    const at = (a: number) => u64At(o.data, a - DATA);
    expect(o.v[0]).toEqual([0xff800002n, 0n]);
    expect(o.v[1]).toEqual([0x7ff0000000000001n, 0n]);
    expect(at(S + 16) & 0xffffffffn).toBe(0xff800002n);
    expect([at(S + 24), at(S + 32), at(S + 40)]).toEqual([0x7ff0000000000001n, 0x7ff0000000000001n, 0x7ff0000000000001n]);
    expect([o.v[2], o.v[3]]).toEqual([[0xff800002n, 0n], [0x7f800001n, 0n]]);
  });

  test('pairs: LDP/STP W and X, LDPSW, LDNP/STNP, S/D/Q pairs, every index mode', () => {
    const src = [
      'ldp w0, w1, [x2]', 'ldp x3, x4, [x2, #-512]', 'ldpsw x5, x6, [x2, #4]', 'ldnp x7, x8, [x2, #8]',
      'ldp x9, x10, [x11, #16]!', 'ldp w12, w13, [x14], #-8', 'stp x15, x16, [sp, #-16]!', 'stnp w15, w16, [x2, #0x40]',
      'stp w15, wzr, [x17], #8', 'ldp s0, s1, [x2]', 'ldp d2, d3, [x2, #16]', 'ldp q4, q5, [x2, #-1024]', 'stp q6, q7, [x2, #0x80]!',
      'ldnp d8, d9, [x18]', 'stnp s6, s7, [x18]',
    ].join('\n');
    const o = run(src, {
      x: { 2: S + 0x400, 11: S, 14: S + 0x20, 15: 0x1516151615161516n, 16: 0x2627262726272627n, 17: S + 0x300, 18: S + 0x380 },
      v: { 6: [0x66n, 0x67n], 7: [0x77n, 0x78n] },
    });
    const b = S + 0x400 - DATA;
    const at = (a: number) => u64At(o.data, a - DATA);
    expect(o.end).toBe(SIGILL_AT(15));
    expect([o.x[0], o.x[1]]).toEqual([dataU64(b) & 0xffffffffn, dataU64(b + 4) & 0xffffffffn]);
    expect([o.x[3], o.x[4]]).toEqual([dataU64(b - 512), dataU64(b - 504)]);
    expect([o.x[5], o.x[6]]).toEqual([sx(dataU64(b + 4), 32), sx(dataU64(b + 8), 32)]);
    expect([o.x[7], o.x[8]]).toEqual([dataU64(b + 8), dataU64(b + 16)]);
    expect([o.x[9], o.x[10], o.x[11]]).toEqual([dataU64(S + 16 - DATA), dataU64(S + 24 - DATA), BigInt(S + 16)]);
    expect([o.x[12], o.x[13], o.x[14]]).toEqual([dataU64(0x120) & 0xffffffffn, dataU64(0x124) & 0xffffffffn, BigInt(S + 0x18)]);
    expect(o.sp).toBe(BigInt(DATA + 0x8000 - 16));
    expect([at(DATA + 0x8000 - 16), at(DATA + 0x8000 - 8)]).toEqual([0x1516151615161516n, 0x2627262726272627n]);
    expect(at(S + 0x440)).toBe(0x2627262715161516n);
    expect([at(S + 0x300), o.x[17]]).toEqual([0x15161516n, BigInt(S + 0x308)]);
    expect([o.v[0], o.v[1], o.v[2], o.v[3]]).toEqual([[dataU64(b) & 0xffffffffn, 0n], [dataU64(b + 4) & 0xffffffffn, 0n], [dataU64(b + 16), 0n], [dataU64(b + 24), 0n]]);
    expect([o.v[4], o.v[5]]).toEqual([[dataU64(b - 1024), dataU64(b - 1016)], [dataU64(b - 1008), dataU64(b - 1000)]]);
    expect([at(S + 0x480), at(S + 0x488), at(S + 0x490), at(S + 0x498), o.x[2]]).toEqual([0x66n, 0x67n, 0x77n, 0x78n, BigInt(S + 0x480)]);
    expect([o.v[8], o.v[9]]).toEqual([[dataU64(S + 0x380 - DATA), 0n], [dataU64(S + 0x388 - DATA), 0n]]);
    expect(at(S + 0x380)).toBe(0x66n | (0x77n << 32n));
  });

  test('CONSTRAINED UNPREDICTABLE register overlaps behave as qemu-aarch64 (measured)', () => {
    const cases: [number, Partial<Record<number, bigint>>][] = [
      [0xf8408c21, { 1: BigInt(S + 8) }], // ldr x1, [x1, #8]!: the written-back address wins
      [0xf8408421, { 1: BigInt(S + 8) }], // ldr x1, [x1], #8
      [0xa9c10821, { 1: BigInt(S + 16), 2: dataU64(S + 24 - DATA) }], // ldp x1, x2, [x1, #16]!
      [0xa8c10422, { 1: BigInt(S + 16), 2: dataU64(S - DATA) }], // ldp x2, x1, [x1], #16
      [0xa9400441, { 1: dataU64(S - DATA) }], // ldp x1, x1, [x2]: the first value
      [0x29400441, { 1: dataU64(S - DATA) & 0xffffffffn }], // ldp w1, w1, [x2]
      [0xc87f0441, { 1: dataU64(S + 8 - DATA) }], // ldxp x1, x1, [x2]: the second value
    ];
    for (const [word, want] of cases) {
      const o = execWords([word, 0], { x: { 1: S, 2: S } });
      for (const [r, v] of Object.entries(want)) expect(o.x[Number(r)], word.toString(16)).toBe(v);
    }
    // Stores with writeback to the transferred register store the old value.
    const st = execWords([0xf8008c21, 0], { x: { 1: S } }); // str x1, [x1, #8]!
    expect([st.x[1], u64At(st.data, S + 8 - DATA)]).toEqual([BigInt(S + 8), BigInt(S)]);
    const stp = execWords([0xa8810422, 0], { x: { 1: S, 2: 0xabcdn } }); // stp x2, x1, [x1], #16
    expect([stp.x[1], u64At(stp.data, S - DATA), u64At(stp.data, S + 8 - DATA)]).toEqual([BigInt(S + 16), 0xabcdn, BigInt(S)]);
  });

  test('prefetches never access memory', () => {
    const o = run('prfm pldl1keep, [x1]\nprfm pstl3strm, [x1, x2, lsl #3]\nprfum pldl2keep, [x1, #-1]\nprfm #0x1f, [x1, #8]', { x: { 1: UNMAPPED, 2: 5 } });
    expect(o.end).toBe(SIGILL_AT(4));
  });

  test('faults: unmapped loads and stores are SIGSEGV at the instruction, earlier effects kept', () => {
    let o = run('ldr x0, [x1]\nldr x2, [x3]\nldr x4, [x1]', { x: { 1: S, 3: UNMAPPED } });
    expect(o.end).toBe(`SIGSEGV addr ${UNMAPPED.toString(16)} pc ${pcOf(1)} read`);
    expect(o.x[0]).toBe(dataU64(S - DATA));
    o = run('str x0, [x1, #8]!\nstp x0, x0, [x3, #-16]', { x: { 1: S, 3: 0x10 } });
    expect(o.end).toBe(`SIGSEGV addr 0 pc ${pcOf(1)} write`);
    expect(o.x[1]).toBe(BigInt(S + 8));
    // A pair whose second half is in the (unmapped) CPU state area faults on that access.
    o = run('ldp x0, x1, [x2]', { x: { 2: 0xfffdfff8 } });
    expect(o.end).toBe(`SIGSEGV addr fffe0000 pc ${pcOf(0)} read`);
    // Addresses above 4 GiB, and literal loads from the null page.
    o = run('ldr w0, [x1]', { x: { 1: 0x100000000n } });
    expect(o.end).toBe(`SIGSEGV addr 100000000 pc ${pcOf(0)} read`);
    o = run('ldr x0, .-0xfff8');
    expect(o.end).toBe(`SIGSEGV addr 8 pc ${pcOf(0)} read`);
  });

  test('exclusives: LDXR/STXR success, failure without the monitor, after a change of value, size mismatch; the monitor clears', () => {
    // Success, then the monitor is clear so the second STXR fails.
    let o = run('ldxr x0, [x1]\nstxr w2, x3, [x1]\nstxr w4, x5, [x1]', { x: { 1: S, 3: 0x3333n, 5: 0x5555n } });
    expect([o.x[0], o.x[2], o.x[4], u64At(o.data, S - DATA), o.monitor]).toEqual([dataU64(S - DATA), 0n, 1n, 0x3333n, 'none']);
    // No monitor: fails, memory unchanged.
    o = run('stxr w2, x3, [x1]', { x: { 1: S, 3: 0x3333n } });
    expect([o.x[2], u64At(o.data, S - DATA)]).toEqual([1n, dataU64(S - DATA)]);
    // The value changed behind the monitor's back: fails. The same value written back: succeeds.
    o = run('ldaxr w0, [x1]\nstr w6, [x1]\nstlxr w2, w3, [x1]', { x: { 1: S, 3: 0x3333n, 6: 0x66n } });
    expect([o.x[2], u64At(o.data, S - DATA) & 0xffffffffn]).toEqual([1n, 0x66n]);
    o = run('ldxr w0, [x1]\nstr w0, [x1]\nstxr w2, w3, [x1]', { x: { 1: S, 3: 0x3333n } });
    expect([o.x[2], u64At(o.data, S - DATA) & 0xffffffffn]).toEqual([0n, 0x3333n]);
    // Another address, or another size: fails.
    o = run('ldxr x0, [x1]\nstxr w2, x3, [x4]', { x: { 1: S, 3: 0x3333n, 4: S + 8 } });
    expect([o.x[2], u64At(o.data, S + 8 - DATA)]).toEqual([1n, dataU64(S + 8 - DATA)]);
    o = run('ldxr w0, [x1]\nstxr w2, x3, [x1]', { x: { 1: S, 3: 0x3333n } });
    expect(o.x[2]).toBe(1n);
    // CLREX's effect (the address slot at -1) makes STXR fail.
    o = run('stxr w2, x3, [x1]', { x: { 1: S, 3: 0x3333n } });
    expect(o.x[2]).toBe(1n);
    // Bytes and halfwords: zero-extended loads, stores of the low bits.
    o = run('ldxrb w0, [x1]\nstxrb w2, w3, [x1]\nldaxrh w4, [x6]\nstlxrh w5, w3, [x6]', { x: { 1: S, 3: 0x12345678n, 6: S + 2 } });
    expect([o.x[0], o.x[2], o.x[4], o.x[5]]).toEqual([dataU64(S - DATA) & 0xffn, 0n, (dataU64(S - DATA) >> 16n) & 0xffffn, 0n]);
    expect(u64At(o.data, S - DATA) & 0xffffffffn).toBe(0x56780000n | 0x78n | (dataU64(S - DATA) & 0xff00n));
    // The monitor as left by a load.
    o = run('ldxrh w0, [x1]', { x: { 1: S + 6 } });
    expect(o.monitor).toBe(`${(S + 6).toString(16)}/2`);
  });

  test('exclusive pairs: LDXP/STXP and LDAXP/STLXP, W and X', () => {
    let o = run('ldaxp x0, x1, [x2]\nstlxp w3, x4, x5, [x2]', { x: { 2: S, 4: 0x4444n, 5: 0x5555n } });
    expect([o.x[0], o.x[1], o.x[3]]).toEqual([dataU64(S - DATA), dataU64(S + 8 - DATA), 0n]);
    expect([u64At(o.data, S - DATA), u64At(o.data, S + 8 - DATA)]).toEqual([0x4444n, 0x5555n]);
    o = run('ldxp w0, w1, [x2]\nstxp w3, w4, w5, [x2]', { x: { 2: S + 8, 4: 0x4444n, 5: 0x5555n } });
    const v = dataU64(S + 8 - DATA);
    expect([o.x[0], o.x[1], o.x[3]]).toEqual([v & 0xffffffffn, v >> 32n, 0n]);
    expect(u64At(o.data, S + 8 - DATA)).toBe(0x0000555500004444n);
    // A changed second half makes STXP fail.
    o = run('ldxp x0, x1, [x2]\nstr x6, [x2, #8]\nstxp w3, x4, x5, [x2]', { x: { 2: S, 4: 0x4444n, 5: 0x5555n, 6: 7n } });
    expect([o.x[3], u64At(o.data, S - DATA)]).toEqual([1n, dataU64(S - DATA)]);
  });

  test('alignment: exclusives, acquire/release and atomics at misaligned addresses are SIGBUS; plain accesses are not', () => {
    const cases = [
      'ldxr x0, [x1]', 'ldxr w0, [x1]', 'ldaxrh w0, [x1]', 'ldxp w0, w2, [x3]', 'ldxp x0, x2, [x4]', 'ldar x0, [x1]', 'ldarh w0, [x1]',
      'stlr w0, [x1]', 'stlrh w0, [x1]', 'ldadd x0, x2, [x1]', 'ldaddh w0, w2, [x1]', 'cas x0, x2, [x1]', 'swp w0, w2, [x1]', 'casp x0, x1, x2, x3, [x4]',
      'stadd w0, [x1]', '.inst 0xf8bfc020',
    ];
    for (const c of cases) {
      const o = run(`ldr x9, [x1]\n${c}`, { x: { 1: S + 1, 3: S + 4, 4: S + 8 } });
      expect(o.end, c).toBe(`SIGBUS pc ${pcOf(1)}`);
      expect(o.x[9], c).toBe(dataU64(S + 1 - DATA));
    }
    const ok = run('ldarb w0, [x1]\nstlrb w0, [x1]\nldxrb w2, [x1]\nldaddb w0, w3, [x1]\nldr x4, [x1]', { x: { 1: S + 1 } });
    expect(ok.end).toBe(SIGILL_AT(5));
    // LDXR to an unmapped page: SIGSEGV; an atomic to a read-only page: SIGSEGV as a write.
    expect(run('ldxr x0, [x1]', { x: { 1: UNMAPPED } }).end).toBe(`SIGSEGV addr ${UNMAPPED.toString(16)} pc ${pcOf(0)} read`);
    expect(run('ldadd x0, x2, [x1]', { x: { 1: RO } }).end).toBe(`SIGSEGV addr ${RO.toString(16)} pc ${pcOf(0)} write`);
    expect(run('cas w0, w2, [x1]', { x: { 1: RO + 4 } }).end).toBe(`SIGSEGV addr ${(RO + 4).toString(16)} pc ${pcOf(0)} write`);
    // An exclusive load from a read-only page works; the store faults only when the monitor passes.
    const ro = run('stxr w2, x0, [x1]\nldxr x0, [x1]\nstxr w4, x0, [x1]', { x: { 1: RO } });
    expect([ro.x[0], ro.x[2]]).toEqual([u64At(roInit, 0), 1n]);
    expect(ro.end).toBe(`SIGSEGV addr ${RO.toString(16)} pc ${pcOf(2)} write`);
  }, SLOW);

  test('acquire/release: LDAR/STLR of every size, LDAPR', () => {
    const o = run('ldarb w0, [x1]\nldarh w2, [x1]\nldar w3, [x1]\nldar x4, [x1]\nstlrb w5, [x6]\nstlrh w5, [x6]\nstlr w5, [x7]\nstlr x5, [x8]\n.inst 0xb8bfc029', {
      x: { 1: S, 5: 0x0102030405060708n, 6: S + 0x10, 7: S + 0x18, 8: S + 0x20 },
    });
    const v = dataU64(S - DATA);
    expect([o.x[0], o.x[2], o.x[3], o.x[4], o.x[9]]).toEqual([v & 0xffn, v & 0xffffn, v & 0xffffffffn, v, v & 0xffffffffn]);
    const at = (a: number) => u64At(o.data, a - DATA);
    expect(at(S + 0x10) & 0xffffn).toBe(0x0708n);
    expect([at(S + 0x18) & 0xffffffffn, at(S + 0x20)]).toEqual([0x05060708n, 0x0102030405060708n]);
  });

  // ---- LSE atomics against a BigInt model ----------------------------------------------------

  const OPS = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin', 'swp'] as const;
  function model(op: (typeof OPS)[number], old: bigint, v: bigint, bits: number): bigint {
    const sOld = BigInt.asIntN(bits, old), sV = BigInt.asIntN(bits, v);
    switch (op) {
      case 'add': return zx(old + v, bits);
      case 'clr': return old & ~v & ((1n << BigInt(bits)) - 1n);
      case 'eor': return old ^ v;
      case 'set': return old | v;
      case 'smax': return sV > sOld ? v : old;
      case 'smin': return sV < sOld ? v : old;
      case 'umax': return v > old ? v : old;
      case 'umin': return v < old ? v : old;
      case 'swp': return v;
    }
  }
  const EDGES = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, M64, 0x123456789abcdef0n];

  test('LD<op>/ST<op>/SWP: every op, size and ordering, edge values, against a model', () => {
    const r = prng(7);
    const sizes = [['b', 'w', 8], ['h', 'w', 16], ['', 'w', 32], ['', 'x', 64]] as const;
    for (const op of OPS) {
      for (const [suf, reg, bits] of sizes) {
        const ords = ['', 'a', 'l', 'al'];
        const lines = ords.map((o, k) => `${op === 'swp' ? '' : 'ld'}${op}${o}${suf} ${reg}${k}, ${reg}${10 + k}, [x${20 + k}]`);
        if (op !== 'swp') lines.push(`st${op}l${suf} ${reg}4, [x24]`);
        const src = lines.join('\n');
        for (let trial = 0; trial < 12; trial++) {
          const init: Init = { x: {}, mem: {} };
          const olds: bigint[] = [], vals: bigint[] = [];
          for (let k = 0; k < 5; k++) {
            const pick = () => (r.chance(2) ? EDGES[r.int(EDGES.length)]! : (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
            const addr = S + 0x40 * k + (bits === 64 ? 8 : bits / 8) * r.int(4);
            const memWord = pick();
            init.mem![addr - (addr % 8)] = memWord;
            const old = zx(memWord >> BigInt(8 * (addr % 8)), bits);
            const v = pick();
            init.x![k] = v;
            init.x![20 + k] = addr;
            olds.push(old);
            vals.push(zx(v, bits));
          }
          const o = execWords(assemble(src), init);
          for (let k = 0; k < lines.length; k++) {
            const addr = Number(init.x![20 + k]);
            const got = zx(u64At(o.data, addr - DATA), bits);
            expect(got, `${lines[k]} old ${olds[k]!.toString(16)} v ${vals[k]!.toString(16)}`).toBe(model(op, olds[k]!, vals[k]!, bits));
            if (k < 4) expect(o.x[10 + k], lines[k]).toBe(olds[k]);
          }
          expect(o.x[4]).toBe(init.x![4] === undefined ? 0n : BigInt.asUintN(64, BigInt(init.x![4]!)));
        }
      }
    }
  }, SLOW);

  test('CAS of every size and ordering: success and failure; CASP W and X', () => {
    const sizes = [['b', 'w', 8], ['h', 'w', 16], ['', 'w', 32], ['', 'x', 64]] as const;
    for (const [suf, reg, bits] of sizes) {
      for (const ord of ['', 'a', 'l', 'al']) {
        const src = `cas${ord}${suf} ${reg}0, ${reg}1, [x2]`;
        const memWord = 0x8899aabbccddeeffn;
        const cur = zx(memWord, bits);
        // Success: Rs holds the current value (high bits of Rs beyond the size are ignored).
        const above = bits === 64 ? 0n : BigInt.asUintN(64, 0xabcdef12345n << BigInt(bits));
        let o = run(src, { x: { 0: cur | above, 1: 0x1122334455667788n, 2: S }, mem: { [S]: memWord } });
        expect(zx(u64At(o.data, S - DATA), bits), src).toBe(zx(0x1122334455667788n, bits));
        expect(o.x[0], src).toBe(cur);
        // Failure: memory unchanged, Rs gets the current value.
        o = run(src, { x: { 0: cur ^ 1n, 1: 0x1122334455667788n, 2: S }, mem: { [S]: memWord } });
        expect(u64At(o.data, S - DATA), src).toBe(memWord);
        expect(o.x[0], src).toBe(cur);
      }
    }
    for (const ord of ['', 'a', 'l', 'al']) {
      let o = run(`casp${ord} x0, x1, x2, x3, [x4]`, { x: { 0: 1n, 1: 2n, 2: 0x22n, 3: 0x33n, 4: S }, mem: { [S]: 1n, [S + 8]: 2n } });
      expect([o.x[0], o.x[1], u64At(o.data, S - DATA), u64At(o.data, S + 8 - DATA)]).toEqual([1n, 2n, 0x22n, 0x33n]);
      o = run(`casp${ord} x0, x1, x2, x3, [x4]`, { x: { 0: 1n, 1: 3n, 2: 0x22n, 3: 0x33n, 4: S }, mem: { [S]: 1n, [S + 8]: 2n } });
      expect([o.x[0], o.x[1], u64At(o.data, S - DATA), u64At(o.data, S + 8 - DATA)]).toEqual([1n, 2n, 1n, 2n]);
      o = run(`casp${ord} w0, w1, w2, w3, [x4]`, { x: { 0: 0xffffffff00000001n, 1: 2n, 2: 0x22n, 3: 0x33n, 4: S }, mem: { [S]: 0x0000000200000001n } });
      expect([o.x[0], o.x[1], u64At(o.data, S - DATA)]).toEqual([1n, 2n, 0x0000003300000022n]);
      o = run(`casp${ord} w0, w1, w2, w3, [x4]`, { x: { 0: 1n, 1: 2n, 2: 0x22n, 3: 0x33n, 4: S }, mem: { [S]: 0x8000000200000001n } });
      expect([o.x[0], o.x[1], u64At(o.data, S - DATA)]).toEqual([1n, 0x80000002n, 0x8000000200000001n]);
    }
  }, SLOW);

  test('unallocated encodings and unimplemented extensions are SIGILL', () => {
    const words = [
      0xc8c0fc20, // LDAR with Rs != 31
      0x48217c82, 0x48200482, 0x48207c83, // CASP odd registers, Rt2 != 31
      0xc8a00422, // CAS with Rt2 != 31
      0xb8a0c020, 0xb8bfc420, 0xb8e09020, 0xb8e0a020, // atomic space holes
      0x69000400, 0x68400400, 0xec400400, 0x68c00400, // STGP, LDNP opc=01, FP opc=11 pair, LDPSW writing back to Rt
      0x7cc00c20, 0xbca00800, 0xfc9ff020, 0xb8c08c21, 0xf8c00420, 0xf8800820, 0x3c800820, 0xb9c00020, 0xf9c00020, 0x7d800020, // single-register holes
      0xdc000020, // LDR literal opc=11 V=1
      0xf8a00820, // register offset with option 000
      0x88df7c20, 0x889f7c20, // LDLAR, STLLR (LORegions)
      0x69c10821, // LDPSW writing back to Rt
    ];
    for (const w of words) {
      const o = execWords([w], {});
      expect(o.end, w.toString(16)).toBe(SIGILL_AT(0));
    }
  });

  test('random words of the load/store space: the three engines agree', () => {
    const r = prng(11);
    for (let n = 0; n < 3000; n++) {
      const words: number[] = [];
      for (let k = 0; k < 3; k++) {
        let w: number;
        do w = r.u32(); while (((w >>> 25) & 5) !== 4 || (((w >>> 27) & 7) === 1 && ((w >>> 26) & 1) === 1));
        words.push(w);
      }
      words.push(0);
      const init: Init = { x: {}, sp: S + 0x4000 + 16 * r.int(256), monitor: r.chance(2) ? [S + 8 * r.int(64), [1, 2, 4, 8, 16][r.int(5)]!] : undefined };
      for (let i = 0; i < 31; i++) {
        const k = r.int(8);
        init.x![i] = k < 5 ? S + 0x1000 + 8 * r.int(0x800) + (r.chance(4) ? r.int(8) : 0) : k === 5 ? BigInt(r.int(64)) - 16n : k === 6 ? EDGES[r.int(EDGES.length)]! : (BigInt(r.u32()) << 32n) | BigInt(r.u32());
      }
      execWords(words, init);
    }
  }, SLOW);
});

// ---- whole programs against qemu-aarch64 -------------------------------------------------------

const HAVE_CC = haveCommand('aarch64-linux-gnu-gcc');
const HAVE_QEMU = haveCommand('qemu-aarch64');
const TSEMU = join(root, 'bin/tsemu-aarch64');

const PROGRAM_SKIP = !HAVE_CC ? 'aarch64-linux-gnu-gcc not installed' : !HAVE_QEMU ? 'qemu-aarch64 not installed'
  : !existsSync(join(root, 'dist/tsemu.mjs')) ? 'dist/tsemu.mjs not built (npm run build)' : undefined;

describe.skipIf(PROGRAM_SKIP !== undefined)('A64 loads and stores: probe programs vs qemu-aarch64' + (PROGRAM_SKIP ? ` (skipped: ${PROGRAM_SKIP})` : ''), () => {
  const dir = mkdtempSync(join(tmpdir(), 'a64-ls-prog-'));
  const exe = join(dir, 'probe');
  const build = () => {
    if (existsSync(exe)) return;
    writeFileSync(join(dir, 'probe.c'), PROBE_C);
    execFileSync('aarch64-linux-gnu-gcc', ['-O1', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-mgeneral-regs-only', '-march=armv8-a+lse', '-w', '-o', exe, join(dir, 'probe.c')], { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  // qemu's cortex-a76 has the LSE atomics (its cortex-a53 does not) and, like ARMv8.0, no LSE2:
  // misaligned atomics are alignment faults.
  const runBoth = (arg: string, tsemuOptions: string[] = []) => {
    build();
    const q = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a76', exe, arg], { encoding: 'latin1' });
    const t = spawnSync(TSEMU, [...tsemuOptions, exe, arg], { encoding: 'latin1' });
    return { q, t };
  };
  const PARTS = ['plain', 'fp', 'unpredictable', 'exclusive', 'atomic', 'cas'];
  // The default tiers, and everything compiled as regions (WebAssembly, then JS).
  const TIERS = [[], ['-tier', 'region'], ['-tier', 'region', '-regions', 'js']];
  test.each(PARTS.flatMap((p) => TIERS.map((t) => [p, t.join(' ') || 'default'] as const)))('%s (tiers %s): the same output and exit status', (part, tiers) => {
    const { q, t } = runBoth(part, tiers === 'default' ? [] : tiers.split(' '));
    expect(q.stdout.length).toBeGreaterThan(0);
    expect(t.stdout).toBe(q.stdout);
    expect([t.status, t.signal]).toEqual([q.status, q.signal]);
  }, SLOW);
  test.each(['segv-load', 'segv-store', 'segv-atomic', 'bus-ldxr', 'bus-ldar', 'bus-atomic'])('%s: dies of the same signal after the same output', (part) => {
    const { q, t } = runBoth(part);
    expect(q.signal ?? q.status).not.toBe(0);
    expect(t.stdout).toBe(q.stdout);
    expect([t.status, t.signal]).toEqual([q.status, q.signal]);
  }, SLOW);
});

/**
 * The probe program: freestanding (no libc, so only integer instructions besides the loads and
 * stores under test; C code without FP/SIMD registers), argv[1] selects a part. Each case runs an
 * asm snippet with x0 = a value, x1 = &buf[8], x2 = an index, x3 = another value and prints the
 * four registers and the buffer; the atomics print a hash per instruction over every pair of edge
 * values; the last parts die of a fault after printing their name.
 */
const PROBE_C = String.raw`/* Probe of A64 loads and stores: freestanding (no libc), integer registers only in C. */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

static char out[1 << 16];
static u64 outn;
static long sys3(long n, long a, long b, long c) {
  register long x8 asm("x8") = n, x0 asm("x0") = a, x1 asm("x1") = b, x2 asm("x2") = c;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static void flush(void) { sys3(64, 1, (long)out, outn); outn = 0; }
static void putc_(char c) { if (outn == sizeof out) flush(); out[outn++] = c; }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void hex(u64 v) { for (int i = 60; i >= 0; i -= 4) putc_("0123456789abcdef"[(v >> i) & 15]); }
static void hexsp(u64 v) { hex(v); putc_(' '); }
static void nl(void) { putc_('\n'); }
static int streq(const char *a, const char *b) { while (*a && *a == *b) a++, b++; return *a == *b; }

static u64 buf[32] __attribute__((aligned(64)));
static const u64 rodata[2] = { 0x1111, 0x2222 };
static void reset(void) {
  u64 v = 0x8877665544332211ul;
  for (int i = 0; i < 32; i++) { v = v * 6364136223846793005ul + 1442695040888963407ul; buf[i] = v ^ (v >> 29); }
}
static void dump(const char *name, u64 a, u64 b, u64 c, u64 d) {
  puts_(name); puts_(": "); hexsp(a); hexsp(b); hexsp(c); hexsp(d); nl();
  for (int i = 0; i < 32; i++) { hexsp(buf[i]); if (i % 8 == 7) nl(); }
}
/* Runs one asm snippet with x0 = value, x1 = &buf[8], x2 = index, x3 = other value; prints them and buf. */
#define T(text) do { reset(); \
  register u64 r0 asm("x0") = 0xf1e2d3c4b5a69788ul, r1 asm("x1") = (u64)&buf[8], r2 asm("x2") = 3, r3 asm("x3") = 0x0123456789abcdeful; \
  asm volatile(text : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory", "x4", "x5", "v0", "v1", "v2", "v3"); \
  dump(text, r0, r1 - (u64)buf, r2, r3); } while (0)
#define TN(text) do { reset(); \
  register u64 r0 asm("x0") = 0xf1e2d3c4b5a69788ul, r1 asm("x1") = (u64)&buf[8], r2 asm("x2") = -3ul, r3 asm("x3") = 0x0123456789abcdeful; \
  asm volatile(text : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory", "x4", "x5", "v0", "v1", "v2", "v3"); \
  dump(text, r0, r1 - (u64)buf, r2, r3); } while (0)

static void plain(void) {
  T("ldrb w0, [x1]"); T("ldrsb w0, [x1, #7]"); T("ldrsb x0, [x1, #4095]"); T("ldrh w0, [x1, #2]"); T("ldrsh w0, [x1, #6]"); T("ldrsh x0, [x1, #14]");
  T("ldr w0, [x1, #4]"); T("ldrsw x0, [x1, #12]"); T("ldr x0, [x1, #16]"); T("ldr x3, [x1, #-8]!"); T("ldr w3, [x1], #-4");
  T("ldurb w0, [x1, #-1]"); T("ldursb x0, [x1, #-3]"); T("ldursh w0, [x1, #-5]"); T("ldursw x0, [x1, #-7]"); T("ldur x0, [x1, #255]");
  T("ldrsb x0, [x1, #-256]!"); T("ldrsh w0, [x1, #255]!"); T("ldrsw x0, [x1], #-12"); T("ldrh w0, [x1], #100");
  T("ldtr x0, [x1, #-16]"); T("ldtrb w0, [x1, #1]"); T("ldtrsh x0, [x1, #3]"); T("ldtrsw x0, [x1, #5]"); T("ldtrh w0, [x1]"); T("ldtrsb w0, [x1, #-1]");
  T("ldr x0, [x1, x2]"); T("ldr x0, [x1, x2, lsl #3]"); T("ldr w0, [x1, w2, uxtw #2]"); T("ldrh w0, [x1, w2, sxtw #1]"); T("ldrb w0, [x1, x2, lsl #0]");
  TN("ldr x0, [x1, w2, sxtw #3]"); TN("ldrsb x0, [x1, x2, sxtx]"); TN("ldrsh x0, [x1, x2, sxtx #1]"); TN("ldrsw x0, [x1, w2, sxtw]"); TN("ldr w0, [x1, x2]");
  T("strb w0, [x1]"); T("strh w0, [x1, #6]"); T("str w0, [x1, #12]"); T("str x0, [x1, #32]"); T("str xzr, [x1, #8]"); T("strh wzr, [x1, #2]");
  T("sturb w0, [x1, #-1]"); T("sturh w0, [x1, #-3]"); T("stur w0, [x1, #-5]"); T("stur x0, [x1, #-7]");
  T("str x0, [x1, #-16]!"); T("strb w0, [x1], #1"); T("strh w3, [x1, #3]!"); T("str w3, [x1], #-255");
  T("sttr x0, [x1, #-16]"); T("sttrb w0, [x1, #1]"); T("sttrh w0, [x1, #3]"); T("sttr w0, [x1, #5]");
  T("str x0, [x1, x2]"); T("str w3, [x1, x2, lsl #2]"); T("strh w0, [x1, w2, uxtw #1]"); TN("strb w3, [x1, w2, sxtw]"); TN("str x0, [x1, x2, sxtx #3]");
  T("ldp x0, x3, [x1]"); T("ldp w0, w3, [x1, #-256]"); T("ldp x0, x3, [x1, #-16]!"); T("ldp w0, w3, [x1], #8"); T("ldpsw x0, x3, [x1, #4]");
  T("ldpsw x0, x3, [x1, #-8]!"); T("ldpsw x0, x3, [x1], #-4"); T("ldnp x0, x3, [x1, #504]"); T("ldnp w0, w3, [x1, #-4]");
  T("stp x0, x3, [x1]"); T("stp w0, w3, [x1, #-256]"); T("stp x0, x3, [x1, #-16]!"); T("stp w0, w3, [x1], #8"); T("stnp x3, x0, [x1, #8]"); T("stnp w3, w0, [x1, #4]");
  T("stp xzr, x0, [x1, #8]");
  T("ldr x0, 1f\n b 2f\n .balign 8\n1: .quad 0x0102030405060708\n2:"); T("ldr w0, 1f\n b 2f\n1: .word 0x8abbccdd\n2:"); T("ldrsw x0, 1f\n b 2f\n1: .word 0x8abbccdd\n2:");
  T("prfm pldl1keep, [x1]\n prfm pstl2strm, [x1, x2, lsl #3]\n prfum plil3keep, [x1, #-1]\n prfm #0x1f, [x1, #8]\n prfm pldl1keep, 1f\n1:");
  T("mov x5, #8\n prfm pldl1keep, [x5]\n prfm pstl1keep, [x1, #32760]");
}

static void fp(void) {
  T("ldr b0, [x1, #3]\n str q0, [x1]"); T("ldr h0, [x1, #6]\n str q0, [x1, #16]"); T("ldr s0, [x1, #4]\n str q0, [x1, #-16]");
  T("ldr d0, [x1, #8]\n str q0, [x1, #32]"); T("ldr q0, [x1, #16]\n str q0, [x1, #-32]"); T("ldr q0, [x1, #16]\n ldr d0, [x1]\n str q0, [x1, #48]");
  T("ldur q0, [x1, #-3]\n stur q0, [x1, #5]"); T("ldur b0, [x1, #-1]\n stur h0, [x1, #9]"); T("ldur s0, [x1, #-255]\n stur s0, [x1, #1]");
  T("ldr q1, [x1, #-16]!\n str q1, [x1, #64]"); T("ldr d1, [x1], #8\n str d1, [x1, #8]!"); T("ldr b2, [x1, #1]!\n str b2, [x1], #-1"); T("ldr h2, [x1, #2]!\n str q2, [x1, #32]");
  T("ldr q0, [x1, x2, lsl #4]\n str q0, [x1]"); T("ldr d0, [x1, w2, uxtw #3]\n str d0, [x1, x2]"); TN("ldr s0, [x1, x2, sxtx #2]\n str q0, [x1, w2, sxtw #4]");
  TN("ldr h0, [x1, w2, sxtw]\n str h0, [x1, w2, sxtw #1]"); T("ldr b0, [x1, x2, lsl #0]\n str b0, [x1, x2]");
  T("ldp q0, q1, [x1]\n stp q1, q0, [x1, #32]"); T("ldp d0, d1, [x1, #-512]\n stp d1, d0, [x1, #-16]!"); T("ldp s0, s1, [x1], #-256\n stp s1, s0, [x1, #16]");
  T("ldnp q2, q3, [x1, #-32]\n stnp q3, q2, [x1, #16]"); T("ldnp d2, d3, [x1, #8]\n stnp d2, d3, [x1, #-8]"); T("ldnp s2, s3, [x1, #4]\n stnp s2, s3, [x1]");
  T("ldp q0, q1, [x1, #-64]!\n stp q0, q1, [x1, #128]"); T("ldp d0, d1, [x1], #16\n stp d1, d0, [x1], #-32");
  T("ldr s0, 1f\n ldr d1, 2f\n ldr q2, 3f\n b 4f\n .balign 16\n1: .word 0x7f800001\n .balign 8\n2: .quad 0x7ff0000000000001\n3: .quad 0x1112131415161718, 0x2122232425262728\n4:\n stp q0, q1, [x1]\n str q2, [x1, #32]");
  T("ldr s0, [x1]\n ldr d1, [x1, #8]\n str s0, [x1, #16]\n str d1, [x1, #24]\n stp s0, s0, [x1, #32]\n stp d1, d1, [x1, #40]");
}

static void unpredictable(void) {
  T(".inst 0xf8408c21"); T(".inst 0xf8408421"); T(".inst 0xf8008c21"); T(".inst 0xf8008421"); T(".inst 0xf81f8c21"); T(".inst 0x38401c21");
  T(".inst 0xa9c10821"); T(".inst 0xa8c10422"); T(".inst 0xa8c10821"); T(".inst 0xa9810821"); T(".inst 0xa8810422"); T(".inst 0xa9400421");
  T(".inst 0xa9400420"); T(".inst 0x29400420"); T(".inst 0xa8400420"); T(".inst 0xa9c10421"); T(".inst 0xf8400c21"); T(".inst 0xb8408c21");
  T(".inst 0x78408421"); T(".inst 0x38c08c21"); T(".inst 0xa9c10c21"); T(".inst 0x28c10c21"); T(".inst 0x29810c21");
}

static void exclusive(void) {
  T("ldxr x0, [x1]\n stxr w2, x3, [x1]"); T("ldaxr w0, [x1]\n stlxr w2, w3, [x1]"); T("ldxrb w0, [x1, #0]\n stxrb w2, w3, [x1]");
  T("add x4, x1, #6\n ldaxrh w0, [x4]\n stlxrh w2, w3, [x4]"); T("stxr w2, x3, [x1]"); T("ldxr x0, [x1]\n clrex\n stxr w2, x3, [x1]");
  T("ldxr x0, [x1]\n stxr w2, x3, [x1]\n stxr w3, x0, [x1]"); T("ldxr x0, [x1]\n str x3, [x1]\n stxr w2, x0, [x1]");
  T("ldxr x0, [x1]\n str x0, [x1]\n stxr w2, x3, [x1]"); T("ldxr x0, [x1]\n add x4, x1, #8\n stxr w2, x3, [x4]");
  T("ldxr w0, [x1]\n stxr w2, x3, [x1]"); T("ldxp x0, x3, [x1]\n stxp w2, x3, x0, [x1]"); T("ldaxp w0, w3, [x1]\n stlxp w2, w3, w0, [x1]");
  T("ldxp x0, x3, [x1]\n str x0, [x1, #8]\n stxp w2, x3, x0, [x1]"); T("ldxp x4, x5, [x1]\n stxp w2, x0, x3, [x1]\n ldxp x4, x5, [x1]\n stlxp w4, x3, x0, [x1]");
  T("ldarb w0, [x1, #0]\n ldarh w3, [x1]\n add x4, x1, #8\n ldar w2, [x4]\n add x4, x1, #16\n ldar x4, [x4]\n str x4, [x1, #-8]");
  T("stlrb w0, [x1]\n add x4, x1, #2\n stlrh w0, [x4]\n add x4, x1, #4\n stlr w3, [x4]\n add x4, x1, #8\n stlr x0, [x4]");
  T("ldxr x0, [x1]\n stxr w2, x3, [x1]\n ldxr x0, [x1]\n stxr w2, x1, [x1]");
  T("ldxr x2, [x1]\n stxr w2, x2, [x1]"); T("ldxr x0, [x1]\n stxr w1, x0, [x1]");
}

typedef u64 (*atomfn)(void *, u64);
#define A(name, text, R) static u64 name(void *p, u64 v) { u64 old = 0x5a5a5a5a5a5a5a5aul; \
  asm volatile(text " %" R "2, %" R "0, [%1]" : "+r"(old) : "r"(p), "r"(v) : "memory"); return old; }
#define S(name, text, R) static u64 name(void *p, u64 v) { asm volatile(text " %" R "1, [%0]" : : "r"(p), "r"(v) : "memory"); return 0; }
#define OPS4(op, X) X(op##_b, #op "b", "w") X(op##_h, #op "h", "w") X(op##_w, #op, "w") X(op##_x, #op, "x")
#define ORD(op, X) OPS4(op, X) OPS4(op##a, X) OPS4(op##l, X) OPS4(op##al, X)
ORD(ldadd, A) ORD(ldclr, A) ORD(ldeor, A) ORD(ldset, A) ORD(ldsmax, A) ORD(ldsmin, A) ORD(ldumax, A) ORD(ldumin, A) ORD(swp, A)
OPS4(stadd, S) OPS4(staddl, S) OPS4(stclr, S) OPS4(stclrl, S) OPS4(steor, S) OPS4(steorl, S) OPS4(stset, S) OPS4(stsetl, S)
OPS4(stsmax, S) OPS4(stsmaxl, S) OPS4(stsmin, S) OPS4(stsminl, S) OPS4(stumax, S) OPS4(stumaxl, S) OPS4(stumin, S) OPS4(stuminl, S)
#define E4(op) { #op "_b", op##_b, 1 }, { #op "_h", op##_h, 2 }, { #op "_w", op##_w, 4 }, { #op "_x", op##_x, 8 },
#define EO(op) E4(op) E4(op##a) E4(op##l) E4(op##al)
static const struct { const char *name; atomfn f; int size; } atoms[] = {
  EO(ldadd) EO(ldclr) EO(ldeor) EO(ldset) EO(ldsmax) EO(ldsmin) EO(ldumax) EO(ldumin) EO(swp)
  E4(stadd) E4(staddl) E4(stclr) E4(stclrl) E4(steor) E4(steorl) E4(stset) E4(stsetl)
  E4(stsmax) E4(stsmaxl) E4(stsmin) E4(stsminl) E4(stumax) E4(stumaxl) E4(stumin) E4(stuminl)
};
static const u64 edges[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
  0x7fffffffffffffff, 0x8000000000000000, ~0ul, 0x123456789abcdef0, 0xfedcba9876543281 };
#define NE (sizeof edges / sizeof edges[0])

static void atomic(void) {
  for (unsigned k = 0; k < sizeof atoms / sizeof atoms[0]; k++) {
    u64 h = 0xcbf29ce484222325ul;
    for (unsigned i = 0; i < NE; i++)
      for (unsigned j = 0; j < NE; j++) {
        reset();
        unsigned off = (i + j) % (8 / atoms[k].size) * atoms[k].size;
        buf[4] = edges[i] ^ (edges[j] << 8);
        u64 old = atoms[k].f((char *)&buf[4] + off, edges[j]);
        h = (h ^ old) * 0x100000001b3ul;
        h = (h ^ buf[4]) * 0x100000001b3ul;
        h = (h ^ buf[3] ^ buf[5]) * 0x100000001b3ul;
      }
    puts_(atoms[k].name); putc_(' '); hex(h); nl();
  }
}

#define C(name, text, R) static u64 name(void *p, u64 cmp, u64 v) { \
  asm volatile(text " %" R "0, %" R "2, [%1]" : "+r"(cmp) : "r"(p), "r"(v) : "memory"); return cmp; }
#define CO(op) C(op##b, #op "b", "w") C(op##h, #op "h", "w") C(op##w, #op, "w") C(op##x, #op, "x")
CO(cas) CO(casa) CO(casl) CO(casal)
typedef u64 (*casfn)(void *, u64, u64);
#define CE(op) { #op "b", op##b }, { #op "h", op##h }, { #op "w", op##w }, { #op "x", op##x },
static const struct { const char *name; casfn f; } cass[] = { CE(cas) CE(casa) CE(casl) CE(casal) };

#define P(name, text, R) static void name(void *p, u64 *c, u64 n0, u64 n1) { \
  register u64 c0 asm("x4") = c[0], c1 asm("x5") = c[1], v0 asm("x6") = n0, v1 asm("x7") = n1; \
  asm volatile(text " %" R "0, %" R "1, %" R "2, %" R "3, [%4]" : "+r"(c0), "+r"(c1) : "r"(v0), "r"(v1), "r"(p) : "memory"); c[0] = c0; c[1] = c1; }
P(caspw, "casp", "w") P(caspaw, "caspa", "w") P(casplw, "caspl", "w") P(caspalw, "caspal", "w")
P(caspx, "casp", "x") P(caspax, "caspa", "x") P(casplx, "caspl", "x") P(caspalx, "caspal", "x")
typedef void (*caspfn)(void *, u64 *, u64, u64);
static const struct { const char *name; caspfn f; int size; } casps[] = {
  { "caspw", caspw, 4 }, { "caspaw", caspaw, 4 }, { "casplw", casplw, 4 }, { "caspalw", caspalw, 4 },
  { "caspx", caspx, 8 }, { "caspax", caspax, 8 }, { "casplx", casplx, 8 }, { "caspalx", caspalx, 8 } };

static void cas(void) {
  for (unsigned k = 0; k < sizeof cass / sizeof cass[0]; k++)
    for (unsigned i = 0; i < NE; i += 3)
      for (int hit = 0; hit < 3; hit++) {
        reset();
        buf[4] = edges[i] ^ 0xa5a5a5a500000000ul;
        u64 cmp = hit == 0 ? buf[4] : hit == 1 ? buf[4] ^ 1 : buf[4] ^ 0xff00000000000000ul;
        u64 old = cass[k].f(&buf[4], cmp, edges[(i + 5) % NE]);
        puts_(cass[k].name); putc_(' '); hexsp(cmp); hexsp(old); hexsp(buf[4]); hex(buf[5]); nl();
      }
  for (unsigned k = 0; k < 8; k++)
    for (int hit = 0; hit < 4; hit++) {
      reset();
      u64 c[2];
      if (casps[k].size == 4) { c[0] = (u32)buf[4]; c[1] = buf[4] >> 32; } else { c[0] = buf[4]; c[1] = buf[5]; }
      if (hit == 1) c[0] ^= 1;
      if (hit == 2) c[1] ^= 0x80;
      if (hit == 3) c[0] |= 0xffffffff00000000ul;
      casps[k].f(&buf[4], c, 0x1234567887654321ul, 0xabcdef0110fedcbaul);
      puts_(casps[k].name); putc_(' '); hexsp(c[0]); hexsp(c[1]); hexsp(buf[4]); hexsp(buf[5]); hex(buf[6]); nl();
    }
}

static void die(const char *what) {
  puts_(what); nl(); flush();
  register u64 p asm("x1") = (u64)&buf[1];
  if (streq(what, "segv-load")) { p = 8; asm volatile("ldr x0, [x1]" : : "r"(p) : "x0", "memory"); }
  if (streq(what, "segv-store")) { p = 0x10; asm volatile("stp x0, x0, [x1, #-16]!" : "+r"(p) : : "memory"); }
  if (streq(what, "segv-atomic")) { p = (u64)&rodata[0]; asm volatile("ldadd x1, x0, [x1]" : : "r"(p) : "x0", "memory"); }
  if (streq(what, "bus-ldxr")) { p += 4; asm volatile("ldxr x0, [x1]" : : "r"(p) : "x0", "memory"); }
  if (streq(what, "bus-ldar")) { p += 2; asm volatile("ldar w0, [x1]" : : "r"(p) : "x0", "memory"); }
  if (streq(what, "bus-atomic")) { p += 1; asm volatile("swph w0, w0, [x1]" : : "r"(p) : "x0", "memory"); }
  puts_("survived\n");
}

void entry(u64 *sp) {
  const char *what = sp[0] > 1 ? (const char *)sp[2] : "plain";
  if (streq(what, "plain")) plain();
  else if (streq(what, "fp")) fp();
  else if (streq(what, "unpredictable")) unpredictable();
  else if (streq(what, "exclusive")) exclusive();
  else if (streq(what, "atomic")) atomic();
  else if (streq(what, "cas")) cas();
  else die(what);
  flush();
  sys3(93, 0, 0, 0);
}
asm(".globl _start\n_start:\n mov x0, sp\n bl entry\n");
`;
