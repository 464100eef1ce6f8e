// Runtime helpers of the A64 AdvSIMD lifter (names are what simd-*.ts emit).
//
// Every lane helper takes (shape, n0..n3, m0..m3, d0..d3): a shape word (see SHAPE_* below) and
// the 32-bit words of the operands Vn, Vm and Vd, low word first (each i64 half arrives as two JS
// numbers). It returns the low 64 bits of the result (low word returned, high word in ret.hi) and
// writes the high 64 bits to SLOT_VRET_HI. Saturating operations set FPSR.QC (FPSR is not a
// promotable slot, so a helper may write it).
//
// Lanes are computed by a BigInt reference function `g` for every operation; common operations
// also have a JS number function `f` used when the values stay exact in doubles (elements of at
// most 32 bits, no 64-bit products).
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';
import { FPSR_QC, SLOT_FPSR, SLOT_VRET_HI } from './state.ts';

// ---- shape word (built by the lifter) ----------------------------------------------------------

/** bits 1:0: log2 of the element size in bytes (the instruction's size field). */
export const SHAPE_Q = 1 << 2; // 128-bit vector (or the "2" upper-half form of long/narrow ops)
export const SHAPE_SCALAR = 1 << 3; // one element
export const SHAPE_BYELEM = 1 << 4; // Vm's element `index` replaces every element of Vm
export const SHAPE_INDEX_SHIFT = 5; // 4 bits
export const SHAPE_IMM_SHIFT = 16; // 8 bits: shift amount
export function shape(size: number, q: number, opts: { scalar?: boolean; index?: number; imm?: number } = {}): number {
  let s = size | (q ? SHAPE_Q : 0);
  if (opts.scalar) s |= SHAPE_SCALAR;
  if (opts.index !== undefined) s |= SHAPE_BYELEM | (opts.index << SHAPE_INDEX_SHIFT);
  if (opts.imm !== undefined) s |= opts.imm << SHAPE_IMM_SHIFT;
  return s;
}

// ---- lane operations ---------------------------------------------------------------------------

type G = (a: bigint, b: bigint, d: bigint, es: number, imm: number) => bigint;
type F = (a: number, b: number, d: number, es: number, imm: number) => number;

export interface LaneOp {
  /** Elements read signed (else unsigned). */
  signed: boolean;
  g: G;
  f?: F;
  /** f is exact only for elements of at most 16 bits (products). */
  f16?: boolean;
}

let qc = false;
function satB(v: bigint, es: number, signed: boolean): bigint {
  const lo = signed ? -(1n << BigInt(es - 1)) : 0n;
  const hi = signed ? (1n << BigInt(es - 1)) - 1n : (1n << BigInt(es)) - 1n;
  if (v < lo) { qc = true; return lo; }
  if (v > hi) { qc = true; return hi; }
  return v;
}
function satN(v: number, es: number, signed: boolean): number {
  const lo = signed ? -(2 ** (es - 1)) : 0;
  const hi = signed ? 2 ** (es - 1) - 1 : 2 ** es - 1;
  if (v < lo) { qc = true; return lo; }
  if (v > hi) { qc = true; return hi; }
  return v;
}
const asS = (v: bigint, es: number): bigint => BigInt.asIntN(es, v);
const asU = (v: bigint, es: number): bigint => BigInt.asUintN(es, v);
const absB = (v: bigint): bigint => (v < 0n ? -v : v);
const mask = (c: boolean): bigint => (c ? -1n : 0n);
/** A shift count from the signed low byte of a register element (SSHL and friends). */
const shiftOf = (b: bigint): number => Number(BigInt.asIntN(8, b));

/** Shift by a signed count: left (optionally saturating), right (optionally rounding). */
function shiftReg(a: bigint, s: number, es: number, signed: boolean, round: boolean, sat: boolean): bigint {
  if (s >= 0) {
    const r = a << BigInt(s);
    return sat ? satB(r, es, signed) : r;
  }
  const k = BigInt(-s);
  return round ? (a + (1n << (k - 1n))) >> k : a >> k;
}
const rshr = (a: bigint, k: number): bigint => (k === 0 ? a : (a + (1n << BigInt(k - 1))) >> BigInt(k));

/** Carry-less product of two unsigned values of `bits` bits. */
function clmul(a: bigint, b: bigint, bits: number): bigint {
  let r = 0n;
  for (let i = 0; i < bits; i++) if ((b >> BigInt(i)) & 1n) r ^= a << BigInt(i);
  return r;
}
function clsB(a: bigint, es: number): bigint {
  // leading bits equal to the sign bit, not counting the sign bit itself
  const u = asU(a, es);
  const x = asU(u ^ (u >> 1n), es - 1);
  return BigInt(es - 1 - x.toString(2).length + (x === 0n ? 1 : 0));
}
function clzB(a: bigint, es: number): bigint {
  const u = asU(a, es);
  return BigInt(u === 0n ? es : es - u.toString(2).length);
}

const S = (g: G, f?: F, f16?: boolean): LaneOp => ({ signed: true, g, f, f16 });
const U = (g: G, f?: F, f16?: boolean): LaneOp => ({ signed: false, g, f, f16 });

/** Operations whose elements have the same size in and out (three same, two-reg misc, shifts, by element). */
export const SAME_OPS: Record<string, LaneOp> = {
  shadd: S((a, b) => (a + b) >> 1n, (a, b) => Math.floor((a + b) / 2)),
  uhadd: U((a, b) => (a + b) >> 1n, (a, b) => Math.floor((a + b) / 2)),
  srhadd: S((a, b) => (a + b + 1n) >> 1n, (a, b) => Math.floor((a + b + 1) / 2)),
  urhadd: U((a, b) => (a + b + 1n) >> 1n, (a, b) => Math.floor((a + b + 1) / 2)),
  shsub: S((a, b) => (a - b) >> 1n, (a, b) => Math.floor((a - b) / 2)),
  uhsub: U((a, b) => (a - b) >> 1n, (a, b) => Math.floor((a - b) / 2)),
  sqadd: S((a, b, _d, es) => satB(a + b, es, true), (a, b, _d, es) => satN(a + b, es, true)),
  uqadd: U((a, b, _d, es) => satB(a + b, es, false), (a, b, _d, es) => satN(a + b, es, false)),
  sqsub: S((a, b, _d, es) => satB(a - b, es, true), (a, b, _d, es) => satN(a - b, es, true)),
  uqsub: U((a, b, _d, es) => satB(a - b, es, false), (a, b, _d, es) => satN(a - b, es, false)),
  cmgt: S((a, b) => mask(a > b), (a, b) => (a > b ? -1 : 0)),
  cmhi: U((a, b) => mask(a > b), (a, b) => (a > b ? -1 : 0)),
  cmge: S((a, b) => mask(a >= b), (a, b) => (a >= b ? -1 : 0)),
  cmhs: U((a, b) => mask(a >= b), (a, b) => (a >= b ? -1 : 0)),
  cmtst: U((a, b) => mask((a & b) !== 0n), (a, b) => ((a & b) !== 0 ? -1 : 0)),
  cmeq: U((a, b) => mask(a === b), (a, b) => (a === b ? -1 : 0)),
  sshl: S((a, b, _d, es) => shiftReg(a, shiftOf(b), es, true, false, false)),
  ushl: U((a, b, _d, es) => shiftReg(a, shiftOf(b), es, false, false, false)),
  srshl: S((a, b, _d, es) => shiftReg(a, shiftOf(b), es, true, true, false)),
  urshl: U((a, b, _d, es) => shiftReg(a, shiftOf(b), es, false, true, false)),
  sqshl: S((a, b, _d, es) => shiftReg(a, shiftOf(b), es, true, false, true)),
  uqshl: U((a, b, _d, es) => shiftReg(a, shiftOf(b), es, false, false, true)),
  sqrshl: S((a, b, _d, es) => shiftReg(a, shiftOf(b), es, true, true, true)),
  uqrshl: U((a, b, _d, es) => shiftReg(a, shiftOf(b), es, false, true, true)),
  smax: S((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)),
  umax: U((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)),
  smin: S((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)),
  umin: U((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)),
  sabd: S((a, b) => absB(a - b), (a, b) => Math.abs(a - b)),
  uabd: U((a, b) => absB(a - b), (a, b) => Math.abs(a - b)),
  saba: S((a, b, d) => d + absB(a - b), (a, b, d) => d + Math.abs(a - b)),
  uaba: U((a, b, d) => d + absB(a - b), (a, b, d) => d + Math.abs(a - b)),
  add: U((a, b) => a + b, (a, b) => a + b),
  sub: U((a, b) => a - b, (a, b) => a - b),
  mul: U((a, b) => a * b, (a, b, _d, es) => (es === 32 ? Math.imul(a, b) : a * b)),
  mla: U((a, b, d) => d + a * b, (a, b, d, es) => d + (es === 32 ? Math.imul(a, b) : a * b)),
  mls: U((a, b, d) => d - a * b, (a, b, d, es) => d - (es === 32 ? Math.imul(a, b) : a * b)),
  pmul: U((a, b, _d, es) => clmul(a, b, es)),
  sqdmulh: S((a, b, _d, es) => satB((2n * a * b) >> BigInt(es), es, true), (a, b, _d, es) => satN(Math.floor((2 * a * b) / 2 ** es), es, true), true),
  sqrdmulh: S((a, b, _d, es) => satB((2n * a * b + (1n << BigInt(es - 1))) >> BigInt(es), es, true),
    (a, b, _d, es) => satN(Math.floor((2 * a * b + 2 ** (es - 1)) / 2 ** es), es, true), true),
  // two-register misc (a = Vn's element, d = Vd's)
  suqadd: S((a, _b, d, es) => satB(d + asU(a, es), es, true)),
  usqadd: U((a, _b, d, es) => satB(d + asS(a, es), es, false)),
  cls: S((a, _b, _d, es) => clsB(a, es)),
  clz: U((a, _b, _d, es) => clzB(a, es), (a, _b, _d, es) => Math.clz32(a) - (32 - es)),
  cnt: U((a) => BigInt(a.toString(2).replace(/0/g, '').length)),
  not: U((a) => ~a, (a) => ~a),
  rbit: U((a) => BigInt(parseInt(a.toString(2).padStart(8, '0').split('').reverse().join(''), 2))),
  sqabs: S((a, _b, _d, es) => satB(absB(a), es, true), (a, _b, _d, es) => satN(Math.abs(a), es, true)),
  sqneg: S((a, _b, _d, es) => satB(-a, es, true), (a, _b, _d, es) => satN(-a, es, true)),
  abs: S((a) => absB(a), (a) => Math.abs(a)),
  neg: S((a) => -a, (a) => -a),
  cmgt0: S((a) => mask(a > 0n), (a) => (a > 0 ? -1 : 0)),
  cmge0: S((a) => mask(a >= 0n), (a) => (a >= 0 ? -1 : 0)),
  cmeq0: S((a) => mask(a === 0n), (a) => (a === 0 ? -1 : 0)),
  cmle0: S((a) => mask(a <= 0n), (a) => (a <= 0 ? -1 : 0)),
  cmlt0: S((a) => mask(a < 0n), (a) => (a < 0 ? -1 : 0)),
  // shifts by immediate (imm = the shift amount)
  sshr: S((a, _b, _d, _es, k) => a >> BigInt(k), (a, _b, _d, _es, k) => Math.floor(a / 2 ** k)),
  ushr: U((a, _b, _d, _es, k) => a >> BigInt(k), (a, _b, _d, _es, k) => Math.floor(a / 2 ** k)),
  ssra: S((a, _b, d, _es, k) => d + (a >> BigInt(k)), (a, _b, d, _es, k) => d + Math.floor(a / 2 ** k)),
  usra: U((a, _b, d, _es, k) => d + (a >> BigInt(k)), (a, _b, d, _es, k) => d + Math.floor(a / 2 ** k)),
  srshr: S((a, _b, _d, _es, k) => rshr(a, k)),
  urshr: U((a, _b, _d, _es, k) => rshr(a, k)),
  srsra: S((a, _b, d, _es, k) => d + rshr(a, k)),
  ursra: U((a, _b, d, _es, k) => d + rshr(a, k)),
  shl: U((a, _b, _d, _es, k) => a << BigInt(k), (a, _b, _d, _es, k) => a * 2 ** k),
  sli: U((a, _b, d, _es, k) => (a << BigInt(k)) | (d & ((1n << BigInt(k)) - 1n))),
  sri: U((a, _b, d, es, k) => (k === es ? d : (a >> BigInt(k)) | (d & ~((1n << BigInt(es - k)) - 1n)))),
  sqshli: S((a, _b, _d, es, k) => satB(a << BigInt(k), es, true)),
  uqshli: U((a, _b, _d, es, k) => satB(a << BigInt(k), es, false)),
  sqshlu: S((a, _b, _d, es, k) => satB(a << BigInt(k), es, false)),
};

/** Long (n, m of es -> 2es), wide (n of 2es, m of es) and narrowing-high (n, m of 2es -> es) three-different ops, and long by element. */
export const LONG_OPS: Record<string, LaneOp> = {
  saddl: S((a, b) => a + b, (a, b) => a + b), uaddl: U((a, b) => a + b, (a, b) => a + b),
  ssubl: S((a, b) => a - b, (a, b) => a - b), usubl: U((a, b) => a - b, (a, b) => a - b),
  sabal: S((a, b, d) => d + absB(a - b), (a, b, d) => d + Math.abs(a - b)), uabal: U((a, b, d) => d + absB(a - b), (a, b, d) => d + Math.abs(a - b)),
  sabdl: S((a, b) => absB(a - b), (a, b) => Math.abs(a - b)), uabdl: U((a, b) => absB(a - b), (a, b) => Math.abs(a - b)),
  smlal: S((a, b, d) => d + a * b, (a, b, d) => d + a * b, true), umlal: U((a, b, d) => d + a * b, (a, b, d) => d + a * b, true),
  smlsl: S((a, b, d) => d - a * b, (a, b, d) => d - a * b, true), umlsl: U((a, b, d) => d - a * b, (a, b, d) => d - a * b, true),
  smull: S((a, b) => a * b, (a, b) => a * b, true), umull: U((a, b) => a * b, (a, b) => a * b, true),
  // es here is the result element size
  sqdmlal: S((a, b, d, es) => satB(d + satB(2n * a * b, es, true), es, true)),
  sqdmlsl: S((a, b, d, es) => satB(d - satB(2n * a * b, es, true), es, true)),
  sqdmull: S((a, b, _d, es) => satB(2n * a * b, es, true)),
  pmull: U((a, b, _d, es) => clmul(a, b, es / 2)),
};
export const WIDE_OPS: Record<string, LaneOp> = {
  saddw: S((a, b) => a + b, (a, b) => a + b), uaddw: U((a, b) => a + b, (a, b) => a + b),
  ssubw: S((a, b) => a - b, (a, b) => a - b), usubw: U((a, b) => a - b, (a, b) => a - b),
};
/** Narrowing ops: n (and m) elements of 2es, result of es (es given to the functions). */
export const NARROW_OPS: Record<string, LaneOp> = {
  addhn: U((a, b, _d, es) => (a + b) >> BigInt(es)),
  raddhn: U((a, b, _d, es) => (a + b + (1n << BigInt(es - 1))) >> BigInt(es)),
  subhn: U((a, b, _d, es) => (a - b) >> BigInt(es)),
  rsubhn: U((a, b, _d, es) => (a - b + (1n << BigInt(es - 1))) >> BigInt(es)),
  xtn: U((a) => a, (a) => a),
  sqxtn: S((a, _b, _d, es) => satB(a, es, true)),
  uqxtn: U((a, _b, _d, es) => satB(a, es, false)),
  sqxtun: S((a, _b, _d, es) => satB(a, es, false)),
  shrn: U((a, _b, _d, _es, k) => a >> BigInt(k), (a, _b, _d, _es, k) => Math.floor(a / 2 ** k)),
  rshrn: U((a, _b, _d, _es, k) => rshr(a, k)),
  sqshrn: S((a, _b, _d, es, k) => satB(a >> BigInt(k), es, true)),
  uqshrn: U((a, _b, _d, es, k) => satB(a >> BigInt(k), es, false)),
  sqrshrn: S((a, _b, _d, es, k) => satB(rshr(a, k), es, true)),
  uqrshrn: U((a, _b, _d, es, k) => satB(rshr(a, k), es, false)),
  sqshrun: S((a, _b, _d, es, k) => satB(a >> BigInt(k), es, false)),
  sqrshrun: S((a, _b, _d, es, k) => satB(rshr(a, k), es, false)),
};
/** Pairwise ops over the concatenation Vm:Vn. */
export const PAIR_OPS: Record<string, LaneOp> = {
  addp: U((a, b) => a + b, (a, b) => a + b),
  smaxp: S((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)), umaxp: U((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)),
  sminp: S((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)), uminp: U((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)),
};
/** Pairwise long (SADDLP and friends; d = the accumulator for SADALP/UADALP). */
export const PAIRLONG_OPS: Record<string, LaneOp> = {
  saddlp: S((a, b) => a + b, (a, b) => a + b), uaddlp: U((a, b) => a + b, (a, b) => a + b),
  sadalp: S((a, b, d) => d + a + b, (a, b, d) => d + a + b), uadalp: U((a, b, d) => d + a + b, (a, b, d) => d + a + b),
};
/** Across lanes: reduce with `g` from the first element (long forms widen). */
export const ACROSS_OPS: Record<string, LaneOp & { long?: boolean }> = {
  addv: U((a, b) => a + b, (a, b) => a + b),
  saddlv: { ...S((a, b) => a + b, (a, b) => a + b), long: true },
  uaddlv: { ...U((a, b) => a + b, (a, b) => a + b), long: true },
  smaxv: S((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)), umaxv: U((a, b) => (a > b ? a : b), (a, b) => (a > b ? a : b)),
  sminv: S((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)), uminv: U((a, b) => (a < b ? a : b), (a, b) => (a < b ? a : b)),
};

// ---- AES and SHA ---------------------------------------------------------------------------------

/** GF(2^8) product modulo the AES polynomial x^8 + x^4 + x^3 + x + 1. */
function gmul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) r ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
    b >>= 1;
  }
  return r;
}
const SBOX = new Uint8Array(256), INV_SBOX = new Uint8Array(256);
for (let x = 0; x < 256; x++) {
  let inv = 0;
  for (let y = 1; y < 256 && x; y++) if (gmul(x, y) === 1) { inv = y; break; }
  // affine transform: b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63
  let s = inv;
  for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >> (8 - k))) & 0xff;
  s ^= 0x63;
  SBOX[x] = s;
  INV_SBOX[s] = x;
}

const rol32 = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) | 0;
const ror32 = (x: number, k: number): number => ((x >>> k) | (x << (32 - k))) | 0;

// ---- the helper object ------------------------------------------------------------------------

export function makeA64SimdHelpers(cpu: CpuState, _mem: GuestMemory, ret: Ret): Record<string, unknown> {
  // Operands live in one scratch buffer: n at byte 0, m at 16, d at 32, the result at 48; TBL's table at 64.
  const buf = new ArrayBuffer(192);
  const W = new Uint32Array(buf);
  const B = new Uint8Array(buf);
  const SV = [new Int8Array(buf), new Int16Array(buf), new Int32Array(buf)] as const;
  const UV = [new Uint8Array(buf), new Uint16Array(buf), new Uint32Array(buf)] as const;
  const S64 = new BigInt64Array(buf), U64 = new BigUint64Array(buf);
  const N = 0, M = 16, D = 32, R = 48;
  const R32 = cpu.R;

  /** Element i of the operand at byte offset `base`, as a BigInt. */
  const rd = (base: number, i: number, sz: number, signed: boolean): bigint =>
    sz === 3 ? (signed ? S64 : U64)[(base >> 3) + i]! : BigInt((signed ? SV : UV)[sz]![(base >> sz) + i]!);
  const wr = (base: number, i: number, sz: number, v: bigint): void => {
    if (sz === 3) S64[(base >> 3) + i] = BigInt.asIntN(64, v);
    else SV[sz]![(base >> sz) + i] = Number(BigInt.asIntN(8 << sz, v));
  };
  const load = (n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): void => {
    W[0] = n0, W[1] = n1, W[2] = n2, W[3] = n3, W[4] = m0, W[5] = m1, W[6] = m2, W[7] = m3;
    W[8] = d0, W[9] = d1, W[10] = d2, W[11] = d3;
    W[12] = W[13] = W[14] = W[15] = 0;
  };
  const finish = (): number => {
    if (qc) {
      R32[SLOT_FPSR] |= FPSR_QC;
      qc = false;
    }
    R32[SLOT_VRET_HI] = W[14]!;
    R32[SLOT_VRET_HI + 1] = W[15]!;
    ret.hi = W[13]! | 0;
    return W[12]! | 0;
  };
  /** SHAPE_BYELEM: Vm's element `index` (of size sz) copied to every element of Vm. */
  const broadcast = (sh: number, sz: number): void => {
    if (!(sh & SHAPE_BYELEM)) return;
    const idx = (sh >> SHAPE_INDEX_SHIFT) & 15;
    const eb = 1 << sz;
    for (let e = 0; e < 16; e += eb) if (e !== idx * eb) for (let k = 0; k < eb; k++) B[M + e + k] = B[M + idx * eb + k]!;
  };
  const countOf = (sh: number, sz: number): number => ((sh & SHAPE_SCALAR) ? 1 : ((sh & SHAPE_Q) ? 16 : 8) >> sz);

  type Args = number[];
  const helpers: Record<string, unknown> = {};

  // Same-size elementwise: r[i] = op(n[i], m[i], d[i]).
  for (const [name, op] of Object.entries(SAME_OPS)) {
    helpers[`sv_${name}`] = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const sz = sh & 3, es = 8 << sz, cnt = countOf(sh, sz), imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff;
      broadcast(sh, sz);
      const f = op.f;
      if (f && sz < 3 && !(op.f16 && sz === 2)) {
        const V = (op.signed ? SV : UV)[sz]!;
        const n = N >> sz, m = M >> sz, d = D >> sz, r = R >> sz;
        for (let i = 0; i < cnt; i++) V[r + i] = f(V[n + i]!, V[m + i]!, V[d + i]!, es, imm);
      } else {
        const s = op.signed;
        for (let i = 0; i < cnt; i++) wr(R, i, sz, op.g(rd(N, i, sz, s), rd(M, i, sz, s), rd(D, i, sz, s), es, imm));
      }
      return finish();
    };
  }
  // Long (sz = source size): r[i] (2es) = op(n[i + half], m[i + half], d[i]); SHAPE_Q takes the upper halves.
  // Wide: n is already 2es. Scalar: one element.
  const longLike = (op: LaneOp, wide: boolean) => (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
    load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
    const sz = sh & 3, cnt = (sh & SHAPE_SCALAR) ? 1 : 8 >> sz, half = (sh & SHAPE_Q) && !(sh & SHAPE_SCALAR) ? cnt : 0;
    const imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff, s = op.signed;
    broadcast(sh, sz);
    const f = op.f;
    if (f && sz < 2) {
      const V = (s ? SV : UV)[sz]!, V2 = (s ? SV : UV)[sz + 1]!;
      const n = wide ? N >> (sz + 1) : (N >> sz) + half, m = (M >> sz) + half, d = D >> (sz + 1), r = R >> (sz + 1);
      for (let i = 0; i < cnt; i++) V2[r + i] = f(wide ? V2[n + i]! : V[n + i]!, V[m + i]!, V2[d + i]!, 16 << sz, imm);
    } else {
      for (let i = 0; i < cnt; i++) {
        const nv = wide ? rd(N, i, sz + 1, s) : rd(N, i + half, sz, s);
        wr(R, i, sz + 1, op.g(nv, rd(M, i + half, sz, s), rd(D, i, sz + 1, s), 16 << sz, imm));
      }
    }
    return finish();
  };
  for (const [name, op] of Object.entries(LONG_OPS)) helpers[`sv_${name}`] = longLike(op, false);
  for (const [name, op] of Object.entries(WIDE_OPS)) helpers[`sv_${name}`] = longLike(op, true);
  // Narrowing (sz = result size): r[i + half] (es) = op(n[i], m[i]) of 2es; with SHAPE_Q the low half keeps Vd's.
  for (const [name, op] of Object.entries(NARROW_OPS)) {
    helpers[`sv_${name}`] = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const sz = sh & 3, es = 8 << sz, cnt = (sh & SHAPE_SCALAR) ? 1 : 8 >> sz;
      const half = (sh & SHAPE_Q) && !(sh & SHAPE_SCALAR) ? cnt : 0, imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff, s = op.signed;
      if (half) W[12] = W[8]!, W[13] = W[9]!;
      const f = op.f;
      if (f && sz < 2) {
        const V = (s ? SV : UV)[sz + 1]!, Vr = UV[sz]!;
        for (let i = 0; i < cnt; i++) Vr[(R >> sz) + half + i] = f(V[(N >> (sz + 1)) + i]!, V[(M >> (sz + 1)) + i]!, 0, es, imm);
      } else {
        for (let i = 0; i < cnt; i++) wr(R, i + half, sz, op.g(rd(N, i, sz + 1, s), rd(M, i, sz + 1, s), 0n, es, imm));
      }
      return finish();
    };
  }
  // Pairwise: the concatenation n:m (n's elements first), adjacent pairs reduced.
  for (const [name, op] of Object.entries(PAIR_OPS)) {
    helpers[`sv_${name}`] = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const sz = sh & 3, cnt = countOf(sh, sz), s = op.signed;
      // Q=0: n and m are 64-bit, make them adjacent
      if (!(sh & SHAPE_Q)) W[2] = W[4]!, W[3] = W[5]!;
      const total = (sh & SHAPE_SCALAR) ? 2 : 2 * cnt;
      const f = op.f;
      if (f && sz < 3) {
        const V = (s ? SV : UV)[sz]!;
        for (let i = 0; i < total / 2; i++) V[(R >> sz) + i] = f(V[2 * i]!, V[2 * i + 1]!, 0, 8 << sz, 0);
      } else {
        for (let i = 0; i < total / 2; i++) wr(R, i, sz, op.g(rd(N, 2 * i, sz, s), rd(N, 2 * i + 1, sz, s), 0n, 8 << sz, 0));
      }
      return finish();
    };
  }
  for (const [name, op] of Object.entries(PAIRLONG_OPS)) {
    helpers[`sv_${name}`] = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const sz = sh & 3, cnt = countOf(sh, sz) / 2, s = op.signed;
      for (let i = 0; i < cnt; i++) wr(R, i, sz + 1, op.g(rd(N, 2 * i, sz, s), rd(N, 2 * i + 1, sz, s), rd(D, i, sz + 1, s), 16 << sz, 0));
      return finish();
    };
  }
  for (const [name, op] of Object.entries(ACROSS_OPS)) {
    helpers[`sv_${name}`] = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const sz = sh & 3, cnt = countOf(sh, sz), s = op.signed;
      const f = op.f;
      if (f) {
        const V = (s ? SV : UV)[sz]!;
        let acc = V[0]!;
        for (let i = 1; i < cnt; i++) acc = f(acc, V[i]!, 0, 0, 0);
        wr(R, 0, op.long ? sz + 1 : sz, BigInt(acc));
      } else {
        let acc = rd(N, 0, sz, s);
        for (let i = 1; i < cnt; i++) acc = op.g(acc, rd(N, i, sz, s), 0n, 0, 0);
        wr(R, 0, op.long ? sz + 1 : sz, acc);
      }
      return finish();
    };
  }

  // REV16/REV32/REV64: reverse the elements (size sz) within each container of `imm` bytes.
  helpers.sv_rev = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
    load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
    const sz = sh & 3, eb = 1 << sz, cb = (sh >>> SHAPE_IMM_SHIFT) & 0xff, bytes = (sh & SHAPE_Q) ? 16 : 8;
    for (let c = 0; c < bytes; c += cb)
      for (let e = 0; e < cb; e += eb)
        for (let k = 0; k < eb; k++) B[R + c + e + k] = B[N + c + cb - eb - e + k]!;
    return finish();
  };
  // TBL/TBX: imm bits 1:0 = table registers - 1, bit 2 = TBX. Table words follow at byte 64.
  // Arguments: (sh, idx0..3, d0..3, t0..t15).
  const tbl = (sh: number, i0: number, i1: number, i2: number, i3: number, d0: number, d1: number, d2: number, d3: number, t0?: number, t1?: number, t2?: number, t3?: number, t4?: number, t5?: number, t6?: number, t7?: number, t8?: number, t9?: number, t10?: number, t11?: number, t12?: number, t13?: number, t14?: number, t15?: number): number => {
    W[0] = i0, W[1] = i1, W[2] = i2, W[3] = i3, W[4] = d0, W[5] = d1, W[6] = d2, W[7] = d3;
    W[16] = t0 ?? 0;
    W[17] = t1 ?? 0;
    W[18] = t2 ?? 0;
    W[19] = t3 ?? 0;
    W[20] = t4 ?? 0;
    W[21] = t5 ?? 0;
    W[22] = t6 ?? 0;
    W[23] = t7 ?? 0;
    W[24] = t8 ?? 0;
    W[25] = t9 ?? 0;
    W[26] = t10 ?? 0;
    W[27] = t11 ?? 0;
    W[28] = t12 ?? 0;
    W[29] = t13 ?? 0;
    W[30] = t14 ?? 0;
    W[31] = t15 ?? 0;
    const imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff, len = 16 * ((imm & 3) + 1), tbx = (imm & 4) !== 0;
    const bytes = (sh & SHAPE_Q) ? 16 : 8;
    for (let i = 0; i < 16; i++) {
      const idx = B[N + i]!;
      B[R + i] = i >= bytes ? 0 : idx < len ? B[64 + idx]! : tbx ? B[16 + i]! : 0;
    }
    return finish();
  };

  // LD2-LD4: register `s` of a structure load from the memory image (up to 64 bytes as 16 words).
  // imm bits 3:0 = structure elements, bits 7:4 = the register wanted.
  const img = new Uint8Array(64);
  const imgW = new Uint32Array(img.buffer);
  helpers.sv_deint = (sh: number, ...a: Args): number => {
    for (let k = 0; k < 16; k++) imgW[k] = a[k]!;
    const eb = 1 << (sh & 3), imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff, selem = imm & 15, s = imm >> 4;
    const bytes = (sh & SHAPE_Q) ? 16 : 8;
    W[12] = W[13] = W[14] = W[15] = 0;
    for (let e = 0; e < bytes / eb; e++)
      for (let k = 0; k < eb; k++) B[R + e * eb + k] = img[(e * selem + s) * eb + k]!;
    return finish();
  };
  // ST2-ST4: 16-byte chunk `c` of the memory image of registers (4 x 16 bytes as 16 words).
  helpers.sv_interleave = (sh: number, ...a: Args): number => {
    for (let k = 0; k < 16; k++) imgW[k] = a[k]!;
    const eb = 1 << (sh & 3), imm = (sh >>> SHAPE_IMM_SHIFT) & 0xff, selem = imm & 15, c = imm >> 4;
    const bytes = (sh & SHAPE_Q) ? 16 : 8;
    const total = selem * bytes;
    for (let p = 0; p < 16; p++) {
      const pos = 16 * c + p;
      if (pos >= total) { B[R + p] = 0; continue; }
      const e = Math.floor(pos / (eb * selem)), s = Math.floor((pos % (eb * selem)) / eb), k = pos % eb;
      B[R + p] = img[s * 16 + e * eb + k]!;
    }
    return finish();
  };

  // Dedicated loops for what glibc's string functions run: one function literal each, so V8 sees
  // one lane operation per call site (the generic engines above share their bodies).
  type Lane = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number) => number;
  const u8 = UV[0], u16 = UV[1];
  {
    const generic = helpers.sv_uminp as Lane;
    helpers.sv_uminp = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & 3) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      if (cnt === 8) W[2] = W[4]!, W[3] = W[5]!;
      for (let i = 0; i < cnt; i++) { const x = u8[2 * i]!, y = u8[2 * i + 1]!; u8[R + i] = x < y ? x : y; }
      return finish();
    };
  }
  {
    const generic = helpers.sv_umaxp as Lane;
    helpers.sv_umaxp = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & 3) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      if (cnt === 8) W[2] = W[4]!, W[3] = W[5]!;
      for (let i = 0; i < cnt; i++) { const x = u8[2 * i]!, y = u8[2 * i + 1]!; u8[R + i] = x > y ? x : y; }
      return finish();
    };
  }
  {
    const generic = helpers.sv_addp as Lane;
    helpers.sv_addp = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & 3) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      if (cnt === 8) W[2] = W[4]!, W[3] = W[5]!;
      for (let i = 0; i < cnt; i++) u8[R + i] = u8[2 * i]! + u8[2 * i + 1]!;
      return finish();
    };
  }
  {
    const generic = helpers.sv_cmhs as Lane;
    helpers.sv_cmhs = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & (3 | SHAPE_SCALAR | SHAPE_BYELEM)) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      for (let i = 0; i < cnt; i++) u8[R + i] = u8[N + i]! >= u8[M + i]! ? 0xff : 0;
      return finish();
    };
  }
  {
    const generic = helpers.sv_cmhi as Lane;
    helpers.sv_cmhi = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & (3 | SHAPE_SCALAR | SHAPE_BYELEM)) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      for (let i = 0; i < cnt; i++) u8[R + i] = u8[N + i]! > u8[M + i]! ? 0xff : 0;
      return finish();
    };
  }
  {
    const generic = helpers.sv_umin as Lane;
    helpers.sv_umin = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & (3 | SHAPE_SCALAR | SHAPE_BYELEM)) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      for (let i = 0; i < cnt; i++) { const x = u8[N + i]!, y = u8[M + i]!; u8[R + i] = x < y ? x : y; }
      return finish();
    };
  }
  {
    const generic = helpers.sv_umax as Lane;
    helpers.sv_umax = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & (3 | SHAPE_SCALAR | SHAPE_BYELEM)) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      for (let i = 0; i < cnt; i++) { const x = u8[N + i]!, y = u8[M + i]!; u8[R + i] = x > y ? x : y; }
      return finish();
    };
  }
  {
    const generic = helpers.sv_shrn as Lane;
    helpers.sv_shrn = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
      if ((sh & (3 | SHAPE_SCALAR)) !== 0) return generic(sh, n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
      const cnt = (sh & SHAPE_Q) ? 16 : 8;
      const k = (sh >>> SHAPE_IMM_SHIFT) & 0xff, base = cnt - 8; // SHRN Vd.8B/16B, Vn.8H, #k
      if (base) W[12] = W[8]!, W[13] = W[9]!;
      for (let i = 0; i < 8; i++) u8[R + base + i] = u16[i]! >>> k;
      return finish();
    };
  }

  // Every helper name must keep one argument count (a wasm import has one signature).
  helpers.sv_tbl1 = helpers.sv_tbl2 = helpers.sv_tbl3 = helpers.sv_tbl4 = tbl;

  // ---- crypto ----
  const aesRound = (inverse: boolean) => (n0: number, n1: number, n2: number, n3: number, d0: number, d1: number, d2: number, d3: number): number => {
    W[0] = n0 ^ d0, W[1] = n1 ^ d1, W[2] = n2 ^ d2, W[3] = n3 ^ d3;
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) {
        if (inverse) B[R + r + 4 * ((c + r) & 3)] = INV_SBOX[B[r + 4 * c]!]!;
        else B[R + r + 4 * c] = SBOX[B[r + 4 * ((c + r) & 3)]!]!;
      }
    return finish();
  };
  const mixColumns = (inverse: boolean) => (n0: number, n1: number, n2: number, n3: number): number => {
    W[0] = n0, W[1] = n1, W[2] = n2, W[3] = n3;
    const k = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1];
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v ^= gmul(B[4 * c + ((r + j) & 3)]!, k[j]!);
        B[R + 4 * c + r] = v;
      }
    return finish();
  };
  helpers.sv_pmull64 = (sh: number, n0: number, n1: number, n2: number, n3: number, m0: number, m1: number, m2: number, m3: number, d0: number, d1: number, d2: number, d3: number): number => {
    load(n0, n1, n2, n3, m0, m1, m2, m3, d0, d1, d2, d3);
    const half = (sh & SHAPE_Q) ? 1 : 0;
    const r = clmul(U64[half]!, U64[2 + half]!, 64);
    U64[6] = asU(r, 64);
    U64[7] = r >> 64n;
    return finish();
  };
  helpers.sv_aese = aesRound(false);
  helpers.sv_aesd = aesRound(true);
  helpers.sv_aesmc = mixColumns(false);
  helpers.sv_aesimc = mixColumns(true);

  const out4 = (r: ArrayLike<number>): number => {
    W[12] = r[0]!, W[13] = r[1]!, W[14] = r[2]!, W[15] = r[3]!;
    return finish();
  };
  // SHA1C/SHA1P/SHA1M: (kind, d0..3 = abcd, e, w0..3).
  helpers.sv_sha1hash = (kind: number, x0: number, x1: number, x2: number, x3: number, e: number, ...w: Args): number => {
    const X = [x0 | 0, x1 | 0, x2 | 0, x3 | 0];
    let y = e | 0;
    for (let i = 0; i < 4; i++) {
      const b = X[1]!, c = X[2]!, d = X[3]!;
      const t = kind === 0 ? (b & c) | (~b & d) : kind === 1 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
      y = (y + rol32(X[0]!, 5) + t + w[i]!) | 0;
      X[1] = rol32(X[1]!, 30);
      const top = X[3]!;
      X[3] = X[2]!, X[2] = X[1]!, X[1] = X[0]!, X[0] = y;
      y = top;
    }
    return out4(X);
  };
  helpers.sv_sha1su0 = (d0: number, d1: number, d2: number, d3: number, n0: number, n1: number, _n2: number, _n3: number, m0: number, m1: number, m2: number, m3: number): number =>
    out4([d2 ^ d0 ^ m0, d3 ^ d1 ^ m1, n0 ^ d2 ^ m2, n1 ^ d3 ^ m3]);
  helpers.sv_sha1su1 = (d0: number, d1: number, d2: number, d3: number, _n0: number, n1: number, n2: number, n3: number): number => {
    const t = [d0 ^ n1, d1 ^ n2, d2 ^ n3, d3];
    return out4([rol32(t[0]!, 1), rol32(t[1]!, 1), rol32(t[2]!, 1), rol32(t[3]!, 1) ^ rol32(t[0]!, 2)]);
  };
  // SHA256H (part1 = 1: X = Vd, Y = Vn) and SHA256H2 (X = Vn, Y = Vd, returns Y).
  helpers.sv_sha256hash = (part1: number, x0: number, x1: number, x2: number, x3: number, y0: number, y1: number, y2: number, y3: number, ...w: Args): number => {
    let X = [x0 | 0, x1 | 0, x2 | 0, x3 | 0], Y = [y0 | 0, y1 | 0, y2 | 0, y3 | 0];
    for (let e = 0; e < 4; e++) {
      const ch = (Y[0]! & Y[1]!) ^ (~Y[0]! & Y[2]!);
      const maj = (X[0]! & X[1]!) ^ (X[0]! & X[2]!) ^ (X[1]! & X[2]!);
      const s1 = ror32(Y[0]!, 6) ^ ror32(Y[0]!, 11) ^ ror32(Y[0]!, 25);
      const s0 = ror32(X[0]!, 2) ^ ror32(X[0]!, 13) ^ ror32(X[0]!, 22);
      const t1 = (Y[3]! + s1 + ch + w[e]!) | 0;
      X[3] = (t1 + X[3]!) | 0;
      Y[3] = (t1 + s0 + maj) | 0;
      const nx = [Y[3]!, X[0]!, X[1]!, X[2]!], ny = [X[3]!, Y[0]!, Y[1]!, Y[2]!]; // ROL(Y:X, 32)
      X = nx, Y = ny;
    }
    return out4(part1 ? X : Y);
  };
  helpers.sv_sha256su0 = (d0: number, d1: number, d2: number, d3: number, n0: number): number => {
    const t = [d1, d2, d3, n0], d = [d0, d1, d2, d3];
    return out4(t.map((x, e) => ((ror32(x, 7) ^ ror32(x, 18) ^ (x >>> 3)) + d[e]!) | 0));
  };
  helpers.sv_sha256su1 = (d0: number, d1: number, d2: number, d3: number, _n0: number, n1: number, n2: number, n3: number, m0: number, _m1: number, m2: number, m3: number): number => {
    const t0 = [n1, n2, n3, m0], d = [d0, d1, d2, d3], r = [0, 0, 0, 0];
    const sig = (x: number) => ror32(x, 17) ^ ror32(x, 19) ^ (x >>> 10);
    r[0] = (sig(m2) + d[0]! + t0[0]!) | 0;
    r[1] = (sig(m3) + d[1]! + t0[1]!) | 0;
    r[2] = (sig(r[0]) + d[2]! + t0[2]!) | 0;
    r[3] = (sig(r[1]) + d[3]! + t0[3]!) | 0;
    return out4(r);
  };
  return helpers;
}
