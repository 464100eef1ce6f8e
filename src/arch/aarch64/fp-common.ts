// What the A64 FP lifters (fp.ts: scalar FP; fp-simd.ts: AdvSIMD floating point) share: FP/vector
// register access in the form the helpers take, helper calls with the host fast path, and text.
//
// Singles travel as i32 bit patterns (an f32 temp would be a JS number and quiet a signalling NaN),
// doubles as f64 (the view of the low 64 bits regions keep in locals), halves as the low 16 bits of
// an i32. Lane k of a 32-bit arrangement is the word vslot(n) + k, lane k of a 64-bit one the f64 (or
// i64) at vslot(n) + 2k.
import type { Temp, Ty } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { SLOT_FPCR, SLOT_FPSR, vslot } from './state.ts';

/** Sn as bits. */
export const getS = (L: A64Lifter, n: number): Temp => L.b.get(vslot(n), 'i32');
/** Sn (dbl false, bits) or Dn (f64). */
export const getF = (L: A64Lifter, n: number, dbl: boolean): Temp => (dbl ? L.dreg(n) : getS(L, n));
/** Writes Sn from bits or Dn from an f64 (or an i64), clearing the rest of Vn. */
export function setF(L: A64Lifter, n: number, dbl: boolean, v: Temp): void {
  if (dbl) L.setV64(n, v);
  else L.setV32(n, v);
}

/** Lane k of Vn: an i32 word (esize 32) or an f64 / i64 (esize 64). */
export function lane(L: A64Lifter, n: number, esize: 32 | 64, k: number, ty: Ty = esize === 64 ? 'f64' : 'i32'): Temp {
  return L.b.get(vslot(n) + (esize === 64 ? 2 * k : k), ty);
}
export function lanes(L: A64Lifter, n: number, esize: 32 | 64, count: number, ty?: Ty): Temp[] {
  return Array.from({ length: count }, (_, k) => lane(L, n, esize, k, ty));
}
/**
 * Writes lanes 0.. of Vd (32-bit words or 64-bit values) and zeroes the rest of the register (a
 * scalar result is one lane; a 64-bit arrangement clears the high half).
 */
export function setLanes(L: A64Lifter, d: number, esize: 32 | 64, vals: Temp[]): void {
  const b = L.b;
  const base = vslot(d);
  const words = vals.length * (esize / 32);
  vals.forEach((v, k) => b.set(base + (esize === 64 ? 2 * k : k), v));
  if (words === 1) b.set(base + 1, L.i32(0));
  if (words <= 2) b.set(base + 2, L.i64(0));
}

/**
 * "Round to nearest, no flush-to-zero, and FPSR.IXC already set": then a finite normal host result
 * of a double add/sub/mul/div/sqrt is the exact answer and raises nothing new (FastFloat).
 */
export function fastWhen(L: A64Lifter): Temp {
  const b = L.b;
  const ctl = b.bin('and', b.get(SLOT_FPCR, 'i32'), L.i32(0x01c00000));
  const noIxc = b.bin('and', b.bin('xor', b.get(SLOT_FPSR, 'i32'), L.i32(0x10)), L.i32(0x10));
  return b.bin('eq', b.bin('or', ctl, noIxc), L.i32(0));
}

export type FastOp = 'add' | 'sub' | 'mul' | 'div' | 'sqrt';

/** A call of an FP helper (never pure: it accrues FPSR flags), with the host fast path when given. */
export function fcall(L: A64Lifter, helper: string, args: Temp[], ret: Ty, fast?: FastOp): Temp {
  const when = fast ? fastWhen(L) : undefined;
  const r = L.call(helper, args, ret);
  if (fast && when !== undefined) {
    const op = L.b.ops[L.b.ops.length - 1]!;
    if (op.k === 'call') op.fast = { op: fast, a: args[0]!, b: args[fast === 'sqrt' ? 0 : 1]!, when };
  }
  return r;
}

/**
 * FNEG of a double. The helper flips the sign bit; for a finite normal x the host's 0 - x is the
 * same value in any rounding mode and raises nothing, so it is the fast path (zeros, denormals,
 * infinities and NaNs, where 0 - x differs, take the helper).
 */
export function negD(L: A64Lifter, x: Temp): Temp {
  const b = L.b;
  const zero = b.f64(0), always = L.i32(1);
  const r = L.call('a64f_neg_d', [x], 'f64', true);
  const op = b.ops[b.ops.length - 1]!;
  if (op.k === 'call') op.fast = { op: 'sub', a: zero, b: x, when: always };
  return r;
}

// ---- text ----------------------------------------------------------------------------------

/** A scalar FP register: h, s or d by size 16/32/64. */
export const fr = (n: number, size: 16 | 32 | 64): string => `${size === 16 ? 'h' : size === 32 ? 's' : 'd'}${n}`;
/** A vector register with arrangement, e.g. v1.4s. */
export const vr = (n: number, arr: string): string => `v${n}.${arr}`;
/** The arrangement of `size`-bit lanes in a 64- (q 0) or 128-bit (q 1) vector. */
export const arrangement = (size: 16 | 32 | 64, q: number): string =>
  size === 64 ? (q ? '2d' : '1d') : size === 32 ? (q ? '4s' : '2s') : q ? '8h' : '4h';

/** objdump's text of a floating-point immediate: %.18e. */
export function fpImmText(v: number): string {
  return v.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2');
}
