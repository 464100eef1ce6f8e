// The JS backend (src/jit/js-backend.ts + src/jit/helpers.ts) against the IR's reference semantics
// (evalBin/evalUn in src/ir/passes.ts, computed with BigInt). Blocks are built with IRBuilder,
// compiled exactly as src/jit/translator.ts does (new Function over FACTORY_PARAMS), run, and every
// guest register word is compared with a BigInt model of the block. Each block runs twice: as built,
// and after optimize(), whose constant folding uses the evaluator, so backend and folder must agree.
// Operands come as registers (get) and as constants, since the backend specializes constants.
// Values: fixed-seed PRNG plus edge values (0, 1, -1, 2^31-1, -2^31, 2^32-1, 2^63-1, -2^63, ...).
// Also: loads/stores of every size through the inline fast path and the helper slow path (with a
// byte model of memory, little- and big-endian), precise faults, and the block exits.
import { afterAll, describe, expect, test, vi } from 'vitest';
import { CpuState } from '../src/arch/types.ts';
import { type BinOp, type IRBlock, IRBuilder, type Temp, type Ty, type UnOp } from '../src/ir/ir.ts';
import { evalBin, evalUn, optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { generateRegionWasm, instantiateRegionWasm } from '../src/jit/wasm-region.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { GuestFault, GuestMemory, PAGE_READ, PAGE_WRITE, STATE_AREA, STATE_AREA_END } from '../src/mem/memory.ts';
import { prng } from './helpers/prng.ts';

// The edge-value blocks are thousands of ops; compiling them to wasm with V8's optimizing compiler
// takes seconds on a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

type IntTy = 'i32' | 'i64';
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const norm = (ty: IntTy, v: bigint) => (ty === 'i64' ? s64(v) : s32(v));
const hex = (ty: Ty, v: bigint) => '0x' + BigInt.asUintN(ty === 'i64' ? 64 : 32, v).toString(16);

// ---- PRNG and values --------------------------------------------------------------------------

const rng = prng(0x7e5e3);

const EDGE32: bigint[] = [0n, 1n, -1n, 2n, 3n, 7n, -7n, 31n, 32n, 63n, 0x7fffffffn, -0x80000000n, -0x7fffffffn, 0x12345678n, -0x1234568n, 0xffffn, 0x8000n];
const EDGE64: bigint[] = [
  0n, 1n, -1n, 2n, 7n, -7n, 63n, 0x7fffffffn, -0x80000000n, 0x80000000n, 0xffffffffn, 0x100000000n, 0x100000001n, -0x100000000n,
  -0xffffffffn, 0x7fffffffffffffffn, -0x8000000000000000n, -0x7fffffffffffffffn, 0x123456789abcdef0n, -0x0fedcba987654321n,
  0xffffffff00000000n - (1n << 64n), 0x00000001ffffffffn,
];
function rand32(): bigint {
  switch (rng.int(4)) {
    case 0: return rng.pick(EDGE32);
    case 1: return BigInt((rng.u32() >> rng.int(32)) | 0) * (rng.int(2) ? 1n : -1n); // small magnitudes
    default: return s32(BigInt(rng.u32()));
  }
}
function rand64(): bigint {
  switch (rng.int(6)) {
    case 0: return rng.pick(EDGE64);
    case 1: return s32(BigInt(rng.u32())); // fits int32: the helpers' fast paths
    case 2: return BigInt(rng.u32()); // high word 0
    case 3: return s64(BigInt(rng.u32()) << BigInt(rng.int(40))) ;
    default: return s64((BigInt(rng.u32()) << 32n) | BigInt(rng.u32()));
  }
}
const randOf = (ty: IntTy) => (ty === 'i64' ? rand64() : rand32());
const edgeOf = (ty: IntTy) => (ty === 'i64' ? EDGE64 : EDGE32);

// ---- the ops ----------------------------------------------------------------------------------

const ARITH: BinOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'div_s', 'div_u', 'rem_s', 'rem_u', 'mulh_s', 'mulh_u', 'mulh_su'];
const CMP: BinOp[] = ['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u'];
const SHIFT: BinOp[] = ['shl', 'shr_u', 'shr_s', 'rotl', 'rotr'];
const UN_COMMON: UnOp[] = ['neg', 'not', 'clz', 'ctz', 'popcnt', 'bswap', 'sext8', 'sext16', 'zext8', 'zext16', 'eqz'];
const UN: Record<IntTy, UnOp[]> = { i32: [...UN_COMMON, 'sext32to64', 'zext32to64'], i64: [...UN_COMMON, 'lo64', 'hi64'] };
const SHIFT_AMOUNTS: bigint[] = [...Array.from({ length: 64 }, (_, i) => BigInt(i)), 64n, 65n, 95n, 127n, -1n, -31n, -32n, 0x7fffffffn, -0x80000000n];

// ---- a block builder that models what the block must do ---------------------------------------

const WORDS = 65536;

/**
 * Wraps IRBuilder: every op also computes its value with the reference evaluator, and `set`s
 * update a model register file. `out` stores a temp in a fresh slot and remembers what it was.
 */
class Gen {
  readonly b = new IRBuilder(0x1000);
  readonly val: bigint[] = [];
  readonly initial = new Int32Array(WORDS);
  readonly model = new Int32Array(WORDS);
  /** What produced the value in each slot (for messages). */
  readonly what = new Map<number, string>();
  next = 0;
  /** Slots [0, scratch) are for random get/set traffic; outputs and inputs go above. */
  constructor(
    readonly scratch = 0,
    /** Byte order of guest memory (MIPS big-endian guests swap on every access). */
    readonly le = true,
  ) {
    this.next = scratch;
    for (let i = 0; i < scratch; i++) this.initial[i] = this.model[i] = rng.u32() | 0;
  }
  ty(t: Temp): IntTy {
    return this.b.ty(t) as IntTy;
  }
  private slot(ty: Ty): number {
    const s = this.next;
    this.next += ty === 'i64' ? 2 : 1;
    if (this.next > WORDS) throw new Error('block too big');
    return s;
  }
  private writeModel(slot: number, ty: IntTy, v: bigint): void {
    this.model[slot] = Number(s32(v));
    if (ty === 'i64') this.model[slot + 1] = Number(s32(v >> 32n));
  }
  private readModel(slot: number, ty: IntTy): bigint {
    const lo = BigInt(this.model[slot]);
    return ty === 'i64' ? s64((BigInt(this.model[slot + 1]) << 32n) | BigInt.asUintN(32, lo)) : lo;
  }
  /** A value that the block reads from a register. */
  input(ty: IntTy, v: bigint): Temp {
    const s = this.slot(ty);
    this.writeModel(s, ty, norm(ty, v));
    this.initial[s] = this.model[s];
    if (ty === 'i64') this.initial[s + 1] = this.model[s + 1];
    return this.get(s, ty);
  }
  get(slot: number, ty: IntTy): Temp {
    const t = this.b.get(slot, ty);
    this.val[t] = this.readModel(slot, ty);
    return t;
  }
  set(slot: number, t: Temp): void {
    this.b.set(slot, t);
    this.writeModel(slot, this.ty(t), this.val[t]);
  }
  konst(ty: IntTy, v: bigint): Temp {
    const t = ty === 'i64' ? this.b.i64(v) : this.b.i32(Number(s32(v)));
    this.val[t] = norm(ty, v);
    this.consts.add(t);
    return t;
  }
  /** A value as a register read or as a constant. */
  operand(ty: IntTy, v: bigint, asConst: boolean): Temp {
    return asConst ? this.konst(ty, v) : this.input(ty, v);
  }
  bin(op: BinOp, a: Temp, c: Temp): Temp {
    const t = this.b.bin(op, a, c);
    this.val[t] = evalBin(op, this.ty(a), this.val[a], this.val[c]);
    return t;
  }
  un(op: UnOp, a: Temp): Temp {
    const t = this.b.un(op, a);
    this.val[t] = evalUn(op, this.ty(a), this.val[a]);
    return t;
  }
  select(c: Temp, a: Temp, d: Temp): Temp {
    const t = this.b.select(c, a, d);
    this.val[t] = this.val[c] !== 0n ? this.val[a] : this.val[d];
    return t;
  }
  /** Guest memory the block may touch: initial bytes and the model of what they become. */
  readonly memInit = new Map<number, number>();
  readonly memModel = new Map<number, number>();
  memWindow(base: number, len: number): void {
    for (let i = 0; i < len; i++) {
      const v = rng.int(256);
      this.memInit.set(base + i, v);
      this.memModel.set(base + i, v);
    }
  }
  load(ty: IntTy, addr: Temp, size: 1 | 2 | 4 | 8, signed: boolean, guard?: Temp): Temp {
    const t = this.b.load(ty, addr, size, signed, 0x1000, guard);
    if (guard !== undefined && this.val[guard] === 0n) {
      this.val[t] = 0n;
      return t;
    }
    const a = Number(this.val[addr]);
    let u = 0n;
    for (let i = size - 1; i >= 0; i--) u = (u << 8n) | BigInt(this.memModel.get(a + (this.le ? i : size - 1 - i))!);
    this.val[t] = norm(ty, signed ? BigInt.asIntN(size * 8, u) : u);
    return t;
  }
  store(addr: Temp, src: Temp, size: 1 | 2 | 4 | 8, guard?: Temp): void {
    this.b.store(addr, src, size, 0x1000, guard);
    if (guard !== undefined && this.val[guard] === 0n) return;
    const a = Number(this.val[addr]);
    const v = BigInt.asUintN(64, this.val[src]);
    for (let i = 0; i < size; i++) this.memModel.set(a + (this.le ? i : size - 1 - i), Number((v >> BigInt(8 * i)) & 0xffn));
  }
  /** Stores `t` in a fresh slot so its value is checked. */
  out(t: Temp, what: string): void {
    const s = this.slot(this.ty(t));
    this.what.set(s, what);
    this.set(s, t);
  }
  describe(op: string, ty: Ty, args: Temp[]): string {
    return `${op}.${ty}(${args.map((a) => `${this.isConst(a) ? 'const ' : ''}${hex(this.b.ty(a), this.val[a])}`).join(', ')})`;
  }
  private isConst(t: Temp): boolean {
    return this.consts.has(t);
  }
  private readonly consts = new Set<Temp>();
  finish(cond?: Temp): { block: IRBlock; branch: number } {
    const taken = 0x2000, notTaken = 0x3000;
    if (cond === undefined) return { block: this.b.finish({ k: 'goto', target: taken }, 0x1004, 1), branch: taken };
    return { block: this.b.finish({ k: 'branch', cond, taken, notTaken }, 0x1004, 1), branch: this.val[cond] !== 0n ? taken : notTaken };
  }
}

// ---- compile and run ----------------------------------------------------------------------------

const mem = new GuestMemory(true);
/** The same 4 GiB buffer seen by a big-endian guest (its own page table). */
const memBE = new GuestMemory(false, mem.wasm);
const ret: Ret = { hi: 0 };
/** A region's indirect jump to a target it was not formed with goes on to the target (the translator's bookkeeping is not tested here). */
const jumpMiss = (_entry: number, _from: number, to: number): number => to;
const H = { ...makeHelpers(mem, ret), jumpMiss };
const HBE = makeHelpers(memBE, ret);
// The register file lives in guest memory (as WebAssembly regions need), at an address of its own:
// the blocks use more slots than the state area holds.
const cpu = new CpuState(WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
type Engine = 'js' | 'interp' | 'wasm';
const stats = { blocks: 0, runs: 0, checks: 0 };

function compile(block: IRBlock, le = true, engine: Engine = 'js'): () => number {
  if (engine === 'interp') return () => interpretBlock(block, cpu, le ? mem : memBE, le ? H : HBE, ret, false);
  if (engine === 'wasm') {
    // The block as a region of its own: its exits are side exits returning the next PC.
    const region = { entry: block.pc, blocks: [block], instructions: block.instructions };
    const code = generateRegionWasm(region, le, [], () => [], { registers: cpu.R.byteOffset, irq: cpu.irq.byteOffset, retHi: cpu.retHi.byteOffset });
    return instantiateRegionWasm(code, le ? mem : memBE, cpu, le ? H : HBE, ret);
  }
  const src = generateJs(block, { littleEndian: le });
  const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => () => number;
  const m = le ? mem : memBE;
  return factory(cpu, cpu.R, cpu.F32, cpu.F64, m.dv, m.u8, le ? H : HBE, ret);
}

/** Runs the block as built and optimized; returns mismatch lines (empty when all registers agree). */
function check(g: Gen, cond?: Temp): string[] {
  const { block, branch } = g.finish(cond);
  stats.blocks++;
  const bad: string[] = [];
  // Each block: compiled to JS, interpreted (src/jit/interp.ts) and, little-endian, compiled to
  // WebAssembly as a one-block region; as built and optimized.
  const engines: Engine[] = g.le ? ['js', 'interp', 'wasm'] : ['js', 'interp'];
  for (const [opt, engine] of [false, true].flatMap((o) => engines.map((e) => [o, e] as const))) {
    const blk = structuredClone(block);
    if (opt) optimize(blk);
    const mode = `${opt ? 'optimized' : 'as built'}${engine === 'js' ? '' : engine === 'interp' ? ', interpreted' : ', wasm'}`;
    let fn: () => number;
    try {
      fn = compile(blk, g.le, engine);
    } catch (e) {
      bad.push(`${mode}: does not compile: ${(e as Error).message}`);
      continue;
    }
    cpu.R.set(g.initial);
    for (const [a, v] of g.memInit) mem.u8[a] = v;
    const got = fn();
    for (const [a, v] of g.memModel) {
      if (mem.u8[a] !== v) bad.push(`${mode}: memory byte 0x${a.toString(16)} = 0x${mem.u8[a].toString(16)}, expected 0x${v.toString(16)}`);
      if (bad.length > 30) return bad;
    }
    stats.runs++;
    if (got !== branch) bad.push(`${mode}: block returned 0x${got.toString(16)}, expected 0x${branch.toString(16)}`);
    for (let s = 0; s < g.next; s++) {
      if (g.what.has(s)) stats.checks++;
      if (cpu.R[s] === g.model[s]) continue;
      // name the output covering this word (an i64 output covers s and s+1)
      const w = g.what.get(s) ?? g.what.get(s - 1) ?? `scratch slot ${s}`;
      bad.push(`${mode}: R[${s}] = 0x${(cpu.R[s] >>> 0).toString(16)}, expected 0x${(g.model[s] >>> 0).toString(16)}: ${w}`);
      if (bad.length > 30) return bad;
    }
  }
  return bad;
}

const FORMS: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

afterAll(() => {
  console.log(`ir-backend: ${stats.blocks} blocks, ${stats.runs} compiled runs, ${stats.checks} results checked (each op result as built and optimized; compiled to JS, interpreted and, little-endian, compiled to wasm; against evalBin/evalUn)`);
});

// ---- the tests ----------------------------------------------------------------------------------

describe('reference evaluator', () => {
  // The backend is checked against evalBin/evalUn, so first pin those to the IR's documented semantics.
  test('division is total and mulh is the high half', () => {
    const MIN64 = -(1n << 63n), MIN32 = -(1n << 31n);
    expect(evalBin('div_s', 'i64', 5n, 0n)).toBe(-1n);
    expect(evalBin('div_u', 'i32', 5n, 0n)).toBe(-1n);
    expect(evalBin('rem_s', 'i64', -5n, 0n)).toBe(-5n);
    expect(evalBin('rem_u', 'i32', -5n, 0n)).toBe(-5n);
    expect(evalBin('div_s', 'i64', MIN64, -1n)).toBe(MIN64);
    expect(evalBin('div_s', 'i32', MIN32, -1n)).toBe(MIN32);
    expect(evalBin('rem_s', 'i64', MIN64, -1n)).toBe(0n);
    expect(evalBin('div_s', 'i32', -7n, 2n)).toBe(-3n);
    expect(evalBin('rem_s', 'i32', -7n, 2n)).toBe(-1n);
    expect(evalBin('div_u', 'i32', -1n, 2n)).toBe(0x7fffffffn);
    expect(evalBin('mulh_u', 'i64', -1n, -1n)).toBe(-2n); // (2^64-1)^2 >> 64 = 2^64-2
    expect(evalBin('mulh_s', 'i64', -1n, -1n)).toBe(0n);
    expect(evalBin('mulh_su', 'i64', -1n, -1n)).toBe(-1n); // -1 * (2^64-1) = -(2^64-1): high half -1
    expect(evalBin('mulh_s', 'i32', MIN32, MIN32)).toBe(0x40000000n);
    expect(evalBin('shl', 'i64', 1n, 63n)).toBe(MIN64);
    expect(evalBin('shr_u', 'i32', -1n, 32n)).toBe(-1n); // amount modulo the width
    expect(evalBin('rotr', 'i32', 1n, 1n)).toBe(MIN32);
    expect(evalBin('pair', 'i32', -1n, 1n)).toBe(0x1ffffffffn);
    expect(evalUn('clz', 'i64', 0n)).toBe(64n);
    expect(evalUn('ctz', 'i32', 0n)).toBe(32n);
    expect(evalUn('popcnt', 'i64', -1n)).toBe(64n);
    expect(evalUn('bswap', 'i64', 0x0102030405060708n)).toBe(0x0807060504030201n);
    expect(evalUn('hi64', 'i64', -0x100000000n)).toBe(-1n);
    expect(evalUn('zext32to64', 'i32', -1n)).toBe(0xffffffffn);
  });
});

describe('JS backend agrees with the evaluator', () => {
  for (const ty of ['i32', 'i64'] as const) {
    for (const op of [...ARITH, ...CMP]) {
      test(`${op}.${ty}: every pair of edge values, as registers and constants`, () => {
        const vals = edgeOf(ty);
        const g = new Gen();
        for (const x of vals) {
          for (const y of vals) {
            for (const [cx, cy] of FORMS) {
              const a = g.operand(ty, x, cx);
              const b = g.operand(ty, y, cy);
              g.out(g.bin(op, a, b), g.describe(op, ty, [a, b]));
            }
          }
        }
        expect(check(g)).toEqual([]);
      });
    }

    for (const op of SHIFT) {
      test(`${op}.${ty}: amounts 0..63 and beyond, as registers and constants`, () => {
        const g = new Gen();
        for (const x of [...edgeOf(ty), randOf(ty), randOf(ty)]) {
          for (const n of SHIFT_AMOUNTS) {
            for (const [cx, cn] of FORMS) {
              const a = g.operand(ty, x, cx);
              const b = g.operand('i32', n, cn);
              g.out(g.bin(op, a, b), g.describe(op, ty, [a, b]));
            }
          }
        }
        expect(check(g)).toEqual([]);
      });
    }

    test(`unary ops on ${ty}: edge and random values`, () => {
      const g = new Gen();
      const vals = [...edgeOf(ty), ...Array.from({ length: 40 }, () => randOf(ty))];
      for (const op of UN[ty]) {
        for (const x of vals) {
          for (const cx of [false, true]) {
            const a = g.operand(ty, x, cx);
            g.out(g.un(op, a), g.describe(op, ty, [a]));
          }
        }
      }
      expect(check(g)).toEqual([]);
    });

    test(`select on ${ty}`, () => {
      const g = new Gen();
      for (const c of [0n, 1n, -1n, -0x80000000n, 2n]) {
        for (let i = 0; i < 6; i++) {
          for (const [cc, cv] of FORMS) {
            const cond = g.operand('i32', c, cc);
            const a = g.operand(ty, randOf(ty), cv);
            const b = g.operand(ty, randOf(ty), !cv);
            g.out(g.select(cond, a, b), g.describe('select', ty, [cond, a, b]));
          }
        }
      }
      expect(check(g)).toEqual([]);
    });
  }

  test('pair of i32 halves into i64', () => {
    const g = new Gen();
    for (const x of EDGE32) {
      for (const y of EDGE32) {
        for (const [cx, cy] of FORMS) {
          const a = g.operand('i32', x, cx);
          const b = g.operand('i32', y, cy);
          g.out(g.bin('pair', a, b), g.describe('pair', 'i32', [a, b]));
        }
      }
    }
    expect(check(g)).toEqual([]);
  });

  test('random i32 arithmetic: 20,000 ops on random values', () => {
    const bad: string[] = [];
    for (let blk = 0; blk < 20 && bad.length === 0; blk++) {
      const g = new Gen();
      for (let i = 0; i < 1000; i++) {
        const op = rng.pick([...ARITH, ...CMP, ...SHIFT]);
        const a = g.operand('i32', rand32(), rng.int(4) === 0);
        const b = g.operand('i32', SHIFT.includes(op) ? BigInt(rng.int(80) - 8) : rand32(), rng.int(4) === 0);
        g.out(g.bin(op, a, b), g.describe(op, 'i32', [a, b]));
      }
      bad.push(...check(g));
    }
    expect(bad).toEqual([]);
  });

  test('random i64 arithmetic: 20,000 ops on random values', () => {
    const bad: string[] = [];
    for (let blk = 0; blk < 20 && bad.length === 0; blk++) {
      const g = new Gen();
      for (let i = 0; i < 1000; i++) {
        const op = rng.pick([...ARITH, ...CMP, ...SHIFT]);
        const a = g.operand('i64', rand64(), rng.int(4) === 0);
        const shift = SHIFT.includes(op);
        const b = shift ? g.operand('i32', BigInt(rng.int(80) - 8), rng.int(2) === 0) : g.operand('i64', rand64(), rng.int(4) === 0);
        g.out(g.bin(op, a, b), g.describe(op, 'i64', [a, b]));
      }
      bad.push(...check(g));
    }
    expect(bad).toEqual([]);
  });

  test('random blocks: chains of mixed i32/i64 ops, register traffic through overlapping slots, branches', () => {
    const SCRATCH = 16;
    const bad: string[] = [];
    for (let blk = 0; blk < 1500 && bad.length === 0; blk++) {
      const g = new Gen(SCRATCH);
      const pool: Record<IntTy, Temp[]> = { i32: [], i64: [] };
      const add = (t: Temp) => pool[g.ty(t)].push(t);
      // a few inputs and constants to start from
      for (let i = 0; i < 3; i++) {
        add(g.operand('i32', rand32(), i === 2));
        add(g.operand('i64', rand64(), i === 2));
      }
      // prefer recent temps, so results feed later ops
      const from = (ty: IntTy): Temp => {
        const p = pool[ty];
        return p[Math.max(0, p.length - 1 - rng.int(Math.min(p.length, 6)))];
      };
      const nOps = 10 + rng.int(40);
      for (let i = 0; i < nOps; i++) {
        const ty: IntTy = rng.int(2) ? 'i64' : 'i32';
        const r = rng.int(20);
        let t: Temp;
        if (r < 9) {
          const op = rng.pick([...ARITH, ...CMP]);
          const a = from(ty);
          const b = rng.int(5) === 0 ? g.konst(ty, randOf(ty)) : from(ty);
          t = g.bin(op, a, b);
          g.out(t, g.describe(op, ty, [a, b]));
        } else if (r < 12) {
          const op = rng.pick(SHIFT);
          const a = from(ty);
          const n = rng.int(3) === 0 ? from('i32') : g.konst('i32', BigInt(rng.int(70)));
          t = g.bin(op, a, n);
          g.out(t, g.describe(op, ty, [a, n]));
        } else if (r < 15) {
          const op = rng.pick(UN[ty]);
          const a = from(ty);
          t = g.un(op, a);
          g.out(t, g.describe(op, ty, [a]));
        } else if (r < 16) {
          const c = from('i32');
          const a = from(ty), b = from(ty);
          t = g.select(c, a, b);
          g.out(t, g.describe('select', ty, [c, a, b]));
        } else if (r < 17) {
          const a = from('i32'), b = from('i32');
          t = g.bin('pair', a, b);
          g.out(t, g.describe('pair', 'i32', [a, b]));
        } else if (r < 19) {
          // register traffic in the scratch slots: widths and offsets overlap, so forwarding
          // and dead-store removal must respect partial overwrites
          const src = from(ty);
          g.set(rng.int(SCRATCH - 1), src);
          if (rng.int(2)) g.set(rng.int(SCRATCH - 1), from(rng.int(2) ? 'i64' : 'i32'));
          t = g.get(rng.int(SCRATCH - 1), rng.int(2) ? 'i64' : 'i32');
          g.out(t, `get scratch`);
        } else {
          t = g.konst(ty, randOf(ty));
        }
        add(t);
      }
      // branch on a computed i32 (folded to a goto when the optimizer knows it)
      bad.push(...check(g, rng.int(4) ? from('i32') : undefined));
    }
    expect(bad).toEqual([]);
  });
});

describe('loads and stores', () => {
  // FAST is above LOW_GUARD (inline DataView access); SLOW is a mapped page below it (runtime helper).
  const FAST = 0x20000, SLOW = 0x8000, RO = 0xb000, LEN = 256;
  for (const m of [mem, memBE]) {
    m.setPages(FAST >> 12, (FAST >> 12) + 1, PAGE_READ | PAGE_WRITE);
    m.setPages(SLOW >> 12, (SLOW >> 12) + 1, PAGE_READ | PAGE_WRITE);
    m.setPages(RO >> 12, (RO >> 12) + 1, PAGE_READ);
    m.setPages(STATE_AREA_END >>> 12, (STATE_AREA_END >>> 12) + 1, PAGE_READ);
  }
  const SIZES = [1, 2, 4, 8] as const;

  test.each([['little', true], ['big', false]] as const)('%s-endian: every size, signedness and width, i32 and i64 addresses, fast and slow paths', (_, le) => {
    const bad: string[] = [];
    for (let blk = 0; blk < 300 && bad.length === 0; blk++) {
      const g = new Gen(8, le);
      g.memWindow(FAST, LEN);
      g.memWindow(SLOW, LEN);
      const addr = () => {
        const a = BigInt(rng.pick([FAST, SLOW]) + rng.int(LEN - 8));
        const aty: IntTy = rng.int(2) ? 'i64' : 'i32';
        return g.operand(aty, a, rng.int(3) === 0);
      };
      // A third of the accesses are guarded (ARM's conditional loads and stores), by a 0 or 1
      // read from a register or known as a constant.
      const guard = () => (rng.int(3) === 0 ? g.operand('i32', BigInt(rng.int(2)), rng.int(3) === 0) : undefined);
      for (let i = 0; i < 40; i++) {
        if (rng.int(2)) {
          const ty: IntTy = rng.int(2) ? 'i64' : 'i32';
          const size = ty === 'i32' ? rng.pick([1, 2, 4] as const) : rng.pick(SIZES);
          const a = addr();
          g.store(a, g.operand(ty, randOf(ty), rng.int(3) === 0), size, guard());
        } else {
          const ty: IntTy = rng.int(2) ? 'i64' : 'i32';
          const size = ty === 'i32' ? rng.pick([1, 2, 4] as const) : rng.pick(SIZES);
          const signed = rng.int(2) === 0;
          const a = addr();
          const gt = guard();
          const t = g.load(ty, a, size, signed, gt);
          g.out(t, `load${size * 8}${signed ? 's' : 'u'}.${ty} [${hex(g.ty(a), g.val[a])}]${gt === undefined ? '' : ` if ${g.val[gt]}`}`);
        }
      }
      bad.push(...check(g));
    }
    expect(bad).toEqual([]);
  });

  test('bad addresses fault precisely (GuestFault with the op pc), good ones do not', () => {
    const cases: { addr: bigint; aty: IntTy; size: 1 | 2 | 4 | 8; store: boolean; fault: boolean; accessError?: boolean; guard?: number }[] = [];
    for (const size of SIZES) {
      cases.push(
        { addr: 0n, aty: 'i64', size, store: false, fault: true }, // null
        { addr: 0x100n, aty: 'i32', size, store: true, fault: true },
        { addr: BigInt(SLOW), aty: 'i64', size, store: true, fault: false },
        { addr: BigInt(SLOW + 4096 - size), aty: 'i32', size, store: false, fault: false },
        { addr: BigInt(RO), aty: 'i64', size, store: false, fault: false },
        { addr: BigInt(RO), aty: 'i64', size, store: true, fault: true, accessError: true },
        { addr: 0x100000000n + BigInt(FAST), aty: 'i64', size, store: false, fault: true }, // above 4 GiB
        { addr: -8n, aty: 'i64', size, store: true, fault: true },
      );
      // past the end of the 4 GiB space, and the unmapped top of it
      if (size > 1) cases.push({ addr: 0xffffffffn, aty: 'i32', size, store: false, fault: true }, { addr: 0xfffffffen, aty: 'i64', size, store: true, fault: true });
      // the CPU state area is a hole to the guest; a mapped page above it (ARM's kuser page) works through the slow path
      cases.push(
        { addr: BigInt(STATE_AREA), aty: 'i32', size, store: false, fault: true },
        { addr: BigInt(STATE_AREA_END - 8), aty: 'i64', size, store: true, fault: true },
        { addr: BigInt(STATE_AREA_END), aty: 'i32', size, store: false, fault: false },
        { addr: BigInt(STATE_AREA_END + 16), aty: 'i64', size, store: true, fault: true, accessError: true },
      );
      if (size > 1) cases.push({ addr: BigInt(SLOW + 4096 - 1), aty: 'i32', size, store: false, fault: true }); // straddles into an unmapped page (slow path)
    }
    // Each case also guarded: by a register holding 1 (the same outcome) and by one holding 0 (never a fault).
    for (const c of [...cases]) {
      cases.push({ ...c, guard: 1 }, { ...c, guard: 0, fault: false });
    }
    const bad: string[] = [];
    for (const c of cases) {
      for (const [asConst, engine] of [false, true].flatMap((k) => (['js', 'wasm'] as const).map((e) => [k, e] as const))) {
        const g = new Gen();
        const a = g.operand(c.aty, c.addr, asConst);
        const guard = c.guard === undefined ? undefined : g.input('i32', BigInt(c.guard));
        if (c.store) g.b.store(a, g.konst('i32', 0x5an), c.size, 0x4242, guard);
        else g.b.set(g.next, g.b.load(c.size === 8 ? 'i64' : 'i32', a, c.size, false, 0x4242, guard));
        const { block } = g.finish();
        const what = `${c.store ? 'store' : 'load'}${c.size * 8} [${hex(c.aty, c.addr)}]${asConst ? ' (const)' : ''}${c.guard === undefined ? '' : ` if ${c.guard}`} ${engine}`;
        cpu.R.set(g.initial);
        try {
          compile(block, true, engine)();
          if (c.fault) bad.push(`${what}: no fault`);
        } catch (e) {
          if (!(e instanceof GuestFault)) bad.push(`${what}: threw ${String(e)}`);
          else if (!c.fault) bad.push(`${what}: unexpected fault`);
          else {
            if (e.pc !== 0x4242) bad.push(`${what}: fault pc 0x${e.pc.toString(16)}`);
            if (e.write !== c.store) bad.push(`${what}: fault write=${e.write}`);
            if (c.accessError !== undefined && e.accessError !== c.accessError) bad.push(`${what}: accessError=${e.accessError}`);
          }
        }
        stats.checks++;
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('f64 bit patterns', () => {
  // Guest FP registers are copied as f64 (ARM's vldr/vstr/vmov through d registers, glibc's memcpy):
  // a signalling NaN must keep its bits in every engine, though JS double arrays would quiet it.
  test.each(['js', 'interp', 'wasm'] as const)('a signalling NaN copied through an f64 temp keeps its bits (%s)', (engine) => {
    const b = new IRBuilder(0x1000);
    b.set(4, b.get(2, 'f64'));
    const block = b.finish({ k: 'goto', target: 0x2000 }, 0x1004, 1);
    cpu.R[2] = 0x12345678;
    cpu.R[3] = 0x7ff0b38d; // sNaN: quiet bit clear
    cpu.R[4] = cpu.R[5] = 0;
    expect(compile(block, true, engine)()).toBe(0x2000);
    expect([cpu.R[4] >>> 0, cpu.R[5] >>> 0].map((w) => w.toString(16))).toEqual(['12345678', '7ff0b38d']);
  });
});

describe('exits', () => {
  test('indirect jumps return the target; an i64 target above 4 GiB faults at the target', () => {
    const bad: string[] = [];
    const targets: [IntTy, bigint][] = [
      ['i32', 0x10078n], ['i32', -4n], ['i32', 0n], ['i64', 0x10078n], ['i64', 0xfffffffen], ['i64', 0x80000000n],
      ['i64', 0x100000000n], ['i64', -2n], ['i64', 0x7fffffffffff0000n],
    ];
    for (const [ty, target] of targets) {
      for (const asConst of [false, true]) {
        for (const [opt, engine] of [false, true].flatMap((o) => (['js', 'wasm'] as const).map((e) => [o, e] as const))) {
          const g = new Gen();
          const t = g.operand(ty, target, asConst);
          const block = g.b.finish({ k: 'jump', target: t }, 0x1004, 1);
          if (opt) optimize(block);
          cpu.R.set(g.initial);
          const what = `jump ${ty} ${hex(ty, target)}${asConst ? ' (const)' : ''}${opt ? ' optimized' : ''} ${engine}`;
          const fits = BigInt.asUintN(64, target) < 0x100000000n || ty === 'i32';
          try {
            const r = compile(block, true, engine)();
            if (!fits) bad.push(`${what}: returned 0x${r.toString(16)}, expected a fault`);
            else if (r !== Number(BigInt.asUintN(32, target))) bad.push(`${what}: returned 0x${r.toString(16)}`);
          } catch (e) {
            if (fits || !(e instanceof GuestFault)) bad.push(`${what}: threw ${String(e)}`);
            else if (BigInt(e.pc) !== BigInt.asUintN(64, target) && e.pc < 2 ** 53) bad.push(`${what}: fault pc 0x${e.pc.toString(16)}`);
          }
          stats.checks++;
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test.each(['js', 'wasm'] as const)('syscall, trap and flush exits leave their fields in the CPU state (%s)', (engine) => {
    const run = (exit: Parameters<IRBuilder['finish']>[0]) => {
      const b = new IRBuilder(0x1000);
      cpu.pc = cpu.exitReason = cpu.exitPc = cpu.trapSignal = cpu.trapCode = cpu.trapAddr = 0;
      return compile(b.finish(exit, 0x1004, 1), true, engine)();
    };
    expect(run({ k: 'syscall', pc: 0x1000, next: 0x1004 })).toBe(-1);
    expect([cpu.exitReason, cpu.pc, cpu.exitPc]).toEqual([1, 0x1004, 0x1000]);
    expect(run({ k: 'trap', pc: 0x1000, signal: 5, code: 1, addr: 0xdead })).toBe(-1);
    expect([cpu.exitReason, cpu.pc, cpu.trapSignal, cpu.trapCode, cpu.trapAddr]).toEqual([2, 0x1000, 5, 1, 0xdead]);
    expect(run({ k: 'flush', next: 0x1008 })).toBe(-1);
    expect([cpu.exitReason, cpu.pc]).toEqual([3, 0x1008]);
    expect(run({ k: 'goto', target: 0xfffff000 })).toBe(0xfffff000);
  });
});
