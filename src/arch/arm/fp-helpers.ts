// Runtime helpers of the ARM FP/SIMD lifter: exact IEEE arithmetic (src/fpu) under the FPSCR's
// controls, with ARM's rules layered on top of the library:
// - NaN operands are handled here, before the library sees them: the first signalling NaN in the
//   ARM operand order (quieted), else the first quiet NaN, or the default NaN when FPSCR.DN is set.
// - Underflow is detected before rounding (the library detects it after): a result rounded up to
//   the smallest normal is recomputed toward zero to see whether the exact value was tiny.
// - FPSCR.FZ flushes subnormal inputs (IDC) and tiny results (UFC, no IXC) to signed zero.
// - Float -> integer conversions give 0 for NaN (IOC) and saturate otherwise.
// f64 values are JS numbers; f32 values int32 bit patterns. Helpers read the controls from FPSCR
// (not a promotable slot, so helpers may touch it directly) and OR the raised flags into it.
// NEON float helpers use the "standard FPSCR value" (DN, FZ, round to nearest) as controls and
// still accrue the cumulative flags in FPSCR.
import * as fp from '../../fpu/softfp.ts';
import type { CpuState } from '../types.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { SLOT_FPSCR } from './state.ts';

export const FPSCR_IOC = 1, FPSCR_DZC = 2, FPSCR_OFC = 4, FPSCR_UFC = 8, FPSCR_IXC = 16, FPSCR_IDC = 128;
export const FPSCR_RMODE_SHIFT = 22;
export const FPSCR_FZ = 1 << 24, FPSCR_DN = 1 << 25, FPSCR_AHP = 1 << 26, FPSCR_QC = 1 << 27;
/** The controls NEON float arithmetic uses whatever FPSCR says: DN, FZ, round to nearest. */
export const STANDARD_FPSCR = FPSCR_DN | FPSCR_FZ;
/** Bits VMSR can set (no trap enables: this FPU does not trap; no short vectors). */
export const FPSCR_WRITABLE = (0xffc00000 | 0x9f) | 0;

/** FPSCR.RMode (RN, RP, RM, RZ) -> the library's rounding mode. */
const RMODE_TO_RM = [fp.RNE, fp.RUP, fp.RDN, fp.RTZ];
/** Library flags (NX UF OF DZ NV) -> FPSCR cumulative bits. */
export const LIB_TO_FPSCR = Array.from({ length: 32 }, (_, f) =>
  (f & fp.NX ? FPSCR_IXC : 0) | (f & fp.UF ? FPSCR_UFC : 0) | (f & fp.OF ? FPSCR_OFC : 0) | (f & fp.DZ ? FPSCR_DZC : 0) | (f & fp.NV ? FPSCR_IOC : 0));

export const MIN_NORMAL64 = 2 ** -1022;
export const DEFAULT_NAN32 = 0x7fc00000;
export const DEFAULT_NAN64 = fp.bitsToF64(0, 0x7ff80000);
const SIGN = -0x80000000;

/** FPSCR bits raised by the operation in progress (the helpers OR them into FPSCR). */
let raised = 0;

// Other guests' helpers (AArch64) share these functions: they start an operation with
// clearRaised(), add their own flags with raise() and take the total with takeRaised().
export function clearRaised(): void {
  raised = 0;
}
export function raise(flags: number): void {
  raised |= flags;
}
export function takeRaised(): number {
  const r = raised;
  raised = 0;
  return r;
}

export const rmOf = (ctl: number): number => RMODE_TO_RM[(ctl >>> FPSCR_RMODE_SHIFT) & 3];

// ---- f64 -------------------------------------------------------------------------------------

export function fzIn64(x: number, ctl: number): number {
  if (ctl & FPSCR_FZ && x !== 0 && x > -MIN_NORMAL64 && x < MIN_NORMAL64) {
    raised |= FPSCR_IDC;
    return x < 0 ? -0 : 0;
  }
  return x;
}
export function quiet64(x: number): number {
  return fp.bitsToF64(fp.f64LoWord(x), fp.f64HiWord(x) | 0x00080000);
}
export function neg64(x: number): number {
  return fp.bitsToF64(fp.f64LoWord(x), fp.f64HiWord(x) ^ SIGN);
}
export function abs64(x: number): number {
  return fp.bitsToF64(fp.f64LoWord(x), fp.f64HiWord(x) & 0x7fffffff);
}
/** ARM's NaN result for operands (in ARM order, unused ones 0) of which one is a NaN. */
export function nans64(ctl: number, a: number, b: number, c: number): number {
  // no arrays here: storing an sNaN in a JS array quiets it
  let r: number;
  if (fp.isSignalingNaN64(a)) r = a;
  else if (fp.isSignalingNaN64(b)) r = b;
  else if (fp.isSignalingNaN64(c)) r = c;
  else {
    r = a !== a ? a : b !== b ? b : c;
    return ctl & FPSCR_DN ? DEFAULT_NAN64 : r;
  }
  raised |= FPSCR_IOC;
  return ctl & FPSCR_DN ? DEFAULT_NAN64 : quiet64(r);
}

export type Op64 = (a: number, b: number, c: number, rm: number) => number;

/** Rounding post-processing of an f64 result r with library flags f: tininess before rounding, flush to zero. */
export function post64(r: number, f: number, ctl: number, redo: () => number): number {
  const ar = r < 0 ? -r : r;
  if (ar <= MIN_NORMAL64 && (r !== 0 || f & fp.NX)) {
    let tiny = ar < MIN_NORMAL64;
    if (!tiny && f & fp.NX) {
      const z = redo();
      tiny = z > -MIN_NORMAL64 && z < MIN_NORMAL64;
    }
    if (tiny) {
      if (ctl & FPSCR_FZ) {
        raised |= FPSCR_UFC;
        return r < 0 || (r === 0 && 1 / r < 0) ? -0 : 0;
      }
      if (f & fp.NX) f |= fp.UF;
    }
  }
  raised |= LIB_TO_FPSCR[f];
  return r;
}

/** One f64 operation of up to three operands (ARM NaN order: a, b, c). */
export function arith64(op: Op64, a: number, b: number, c: number, ctl: number): number {
  if (ctl & FPSCR_FZ) {
    a = fzIn64(a, ctl);
    b = fzIn64(b, ctl);
    c = fzIn64(c, ctl);
  }
  if (a !== a || b !== b || c !== c) return nans64(ctl, a, b, c);
  const rm = rmOf(ctl);
  fp.fpFlags.value = 0;
  const r = op(a, b, c, rm);
  const f = fp.fpFlags.value;
  fp.fpFlags.value = 0;
  return post64(r, f, ctl, () => {
    const z = op(a, b, c, fp.RTZ);
    fp.fpFlags.value = 0;
    return z;
  });
}

export const ADD64: Op64 = (a, b, _c, rm) => fp.add64(a, b, rm);
export const SUB64: Op64 = (a, b, _c, rm) => fp.sub64(a, b, rm);
export const MUL64: Op64 = (a, b, _c, rm) => fp.mul64(a, b, rm);
export const DIV64: Op64 = (a, b, _c, rm) => fp.div64(a, b, rm);
export const SQRT64: Op64 = (a, _b, _c, rm) => fp.sqrt64(a, rm);
/** ARM's FPMulAdd(addend, op1, op2): NaN order addend first. */
const FMA64: Op64 = (c, a, b, rm) => fp.fma64(a, b, c, rm);

/** FPMulAdd: a qNaN addend with inf*0 is an invalid operation (the default NaN). */
export function fma64(addend: number, a: number, b: number, ctl: number): number {
  if (ctl & FPSCR_FZ) {
    a = fzIn64(a, ctl);
    b = fzIn64(b, ctl);
  }
  if (addend !== addend && !fp.isSignalingNaN64(addend) && a === a && b === b &&
      ((a === 0 && (b === Infinity || b === -Infinity)) || (b === 0 && (a === Infinity || a === -Infinity)))) {
    raised |= FPSCR_IOC;
    return DEFAULT_NAN64;
  }
  return arith64(FMA64, addend, a, b, ctl);
}

/** NZCV (bits 31..28) of comparing a with b; `signalAll`: VCMPE (any NaN is invalid). */
export function cmp64(a: number, b: number, signalAll: boolean, ctl: number): number {
  a = fzIn64(a, ctl);
  b = fzIn64(b, ctl);
  if (a !== a || b !== b) {
    if (signalAll || fp.isSignalingNaN64(a) || fp.isSignalingNaN64(b)) raised |= FPSCR_IOC;
    return 0x30000000;
  }
  return a === b ? 0x60000000 : a < b ? SIGN : 0x20000000;
}

// ---- f32 (bit patterns) ------------------------------------------------------------------------

export const isNaN32 = (x: number) => (x & 0x7fffffff) > 0x7f800000;
export function fzIn32(x: number, ctl: number): number {
  if (ctl & FPSCR_FZ && (x & 0x7f800000) === 0 && (x & 0x7fffff) !== 0) {
    raised |= FPSCR_IDC;
    return x & SIGN;
  }
  return x;
}
export function nans32(ctl: number, a: number, b: number, c: number): number {
  let r: number | undefined;
  for (const x of [a, b, c]) if (fp.isSignalingNaN32(x)) { r = x; break; }
  if (r !== undefined) raised |= FPSCR_IOC;
  else for (const x of [a, b, c]) if (isNaN32(x)) { r = x; break; }
  return ctl & FPSCR_DN ? DEFAULT_NAN32 : r! | 0x00400000;
}

export type Op32 = (a: number, b: number, c: number, rm: number) => number;

export function post32(r: number, f: number, ctl: number, redo: () => number): number {
  const ar = r & 0x7fffffff;
  if (ar <= 0x00800000 && (ar !== 0 || f & fp.NX)) {
    let tiny = ar < 0x00800000;
    if (!tiny && f & fp.NX) tiny = (redo() & 0x7fffffff) < 0x00800000;
    if (tiny) {
      if (ctl & FPSCR_FZ) {
        raised |= FPSCR_UFC;
        return r & SIGN;
      }
      if (f & fp.NX) f |= fp.UF;
    }
  }
  raised |= LIB_TO_FPSCR[f];
  return r;
}

/** One f32 operation on bit patterns; operands 0 when unused (+0 is not a NaN). */
export function arith32(op: Op32, a: number, b: number, c: number, ctl: number): number {
  if (ctl & FPSCR_FZ) {
    a = fzIn32(a, ctl);
    b = fzIn32(b, ctl);
    c = fzIn32(c, ctl);
  }
  if (isNaN32(a) || isNaN32(b) || isNaN32(c)) return nans32(ctl, a, b, c);
  fp.fpFlags.value = 0;
  const r = op(a, b, c, rmOf(ctl));
  const f = fp.fpFlags.value;
  fp.fpFlags.value = 0;
  return post32(r, f, ctl, () => {
    const z = op(a, b, c, fp.RTZ);
    fp.fpFlags.value = 0;
    return z;
  });
}

export const ADD32: Op32 = (a, b, _c, rm) => fp.add32(a, b, rm);
export const SUB32: Op32 = (a, b, _c, rm) => fp.sub32(a, b, rm);
export const MUL32: Op32 = (a, b, _c, rm) => fp.mul32(a, b, rm);
export const DIV32: Op32 = (a, b, _c, rm) => fp.div32(a, b, rm);
export const SQRT32: Op32 = (a, _b, _c, rm) => fp.sqrt32(a, rm);
const FMA32: Op32 = (c, a, b, rm) => fp.fma32(a, b, c, rm);

export const isInf32 = (x: number) => (x & 0x7fffffff) === 0x7f800000;
export const isZero32 = (x: number) => (x & 0x7fffffff) === 0;

export function fma32(addend: number, a: number, b: number, ctl: number): number {
  if (ctl & FPSCR_FZ) {
    a = fzIn32(a, ctl);
    b = fzIn32(b, ctl);
  }
  if (isNaN32(addend) && !fp.isSignalingNaN32(addend) && ((isZero32(a) && isInf32(b)) || (isZero32(b) && isInf32(a)))) {
    raised |= FPSCR_IOC;
    return DEFAULT_NAN32;
  }
  return arith32(FMA32, addend, a, b, ctl);
}

export const f32val = (b: number) => fp.bitsToF32(b);

export function cmp32(a: number, b: number, signalAll: boolean, ctl: number): number {
  a = fzIn32(a, ctl);
  b = fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) {
    if (signalAll || fp.isSignalingNaN32(a) || fp.isSignalingNaN32(b)) raised |= FPSCR_IOC;
    return 0x30000000;
  }
  const x = f32val(a), y = f32val(b);
  return x === y ? 0x60000000 : x < y ? SIGN : 0x20000000;
}

// ---- conversions -----------------------------------------------------------------------------

export function f64ToF32(x: number, ctl: number): number {
  x = fzIn64(x, ctl);
  if (x !== x) {
    if (fp.isSignalingNaN64(x)) raised |= FPSCR_IOC;
    if (ctl & FPSCR_DN) return DEFAULT_NAN32;
    const hi = fp.f64HiWord(x), lo = fp.f64LoWord(x);
    return (hi & SIGN) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29);
  }
  fp.fpFlags.value = 0;
  const r = fp.f64ToF32(x, rmOf(ctl));
  const f = fp.fpFlags.value;
  fp.fpFlags.value = 0;
  return post32(r, f, ctl, () => {
    const z = fp.f64ToF32(x, fp.RTZ);
    fp.fpFlags.value = 0;
    return z;
  });
}

export function f32ToF64(a: number, ctl: number): number {
  a = fzIn32(a, ctl);
  if (isNaN32(a)) {
    if (fp.isSignalingNaN32(a)) raised |= FPSCR_IOC;
    if (ctl & FPSCR_DN) return DEFAULT_NAN64;
    return fp.bitsToF64(a << 29, (a & SIGN) | 0x7ff80000 | ((a & 0x3fffff) >>> 3));
  }
  return f32val(a);
}

/**
 * Float value x (a number, NaN already excluded) times 2^fbits to a `bits`-wide integer, rounded
 * in rm, saturating (IOC) or inexact (IXC). Returns the integer as int32 bits.
 */
function toFixed(x: number, fbits: number, bits: 16 | 32, unsigned: boolean, rm: number): number {
  const v = x * 2 ** fbits; // exact: a scale up of a normal or zero value
  const r = fp.roundToIntegral(v, rm);
  const lo = unsigned ? 0 : -(2 ** (bits - 1));
  const hi = unsigned ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
  if (r < lo || r > hi) {
    raised |= FPSCR_IOC;
    return (r < lo ? lo : hi) | 0;
  }
  if (r !== v) raised |= FPSCR_IXC;
  return r | 0;
}

export function f64ToFixed(x: number, fbits: number, bits: 16 | 32, unsigned: boolean, rm: number, ctl: number): number {
  x = fzIn64(x, ctl);
  if (x !== x) {
    raised |= FPSCR_IOC;
    return 0;
  }
  return toFixed(x, fbits, bits, unsigned, rm);
}
export function f32ToFixed(a: number, fbits: number, bits: 16 | 32, unsigned: boolean, rm: number, ctl: number): number {
  a = fzIn32(a, ctl);
  if (isNaN32(a)) {
    raised |= FPSCR_IOC;
    return 0;
  }
  return toFixed(f32val(a), fbits, bits, unsigned, rm);
}
/** The integer in the low `bits` of v (signed or not) divided by 2^fbits, exactly. */
function fixedValue(v: number, fbits: number, bits: 16 | 32, unsigned: boolean): number {
  const n = bits === 16 ? (unsigned ? v & 0xffff : (v << 16) >> 16) : unsigned ? v >>> 0 : v | 0;
  return n / 2 ** fbits;
}
export function fixedToF32(v: number, fbits: number, bits: 16 | 32, unsigned: boolean, ctl: number): number {
  fp.fpFlags.value = 0;
  const r = fp.f64ToF32(fixedValue(v, fbits, bits, unsigned), rmOf(ctl));
  raised |= LIB_TO_FPSCR[fp.fpFlags.value];
  fp.fpFlags.value = 0;
  return r;
}
export function fixedToF64(v: number, fbits: number, bits: 16 | 32, unsigned: boolean): number {
  return fixedValue(v, fbits, bits, unsigned);
}

/** Half precision (IEEE format; FPSCR.AHP is not supported) -> f32 bits. Exact. */
export function f16ToF32(h: number, ctl: number): number {
  const s = (h & 0x8000) << 16, e = (h >>> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0x1f) {
    if (f === 0) return s | 0x7f800000;
    if ((f & 0x200) === 0) raised |= FPSCR_IOC;
    return ctl & FPSCR_DN ? DEFAULT_NAN32 : s | 0x7fc00000 | (f << 13);
  }
  const mag = e === 0 ? f * 2 ** -24 : (f + 1024) * 2 ** (e - 25);
  return s | fp.f32ToBits(mag);
}

/** f32 bits -> half precision bits (low 16), rounded by ctl's mode; FZ does not apply to halves. */
export function f32ToF16(a: number, ctl: number): number {
  a = fzIn32(a, ctl);
  const s = (a >>> 16) & 0x8000;
  if (isNaN32(a)) {
    if (fp.isSignalingNaN32(a)) raised |= FPSCR_IOC;
    return ctl & FPSCR_DN ? 0x7e00 : s | 0x7e00 | ((a >>> 13) & 0x1ff);
  }
  if (isInf32(a)) return s | 0x7c00;
  if (isZero32(a)) return s;
  const x = Math.abs(f32val(a));
  const e32 = ((a >>> 23) & 0xff) - 127; // a subnormal f32 is far below the half range: any E <= -14 works
  const E = Math.max(e32, -14);
  const q = 2 ** (E - 10);
  const n = x / q; // exact
  const rm = rmOf(ctl);
  // round the signed value, so directed modes go the right way
  const rounded = Math.abs(fp.roundToIntegral(s ? -n : n, rm));
  const inexact = rounded !== n;
  let bits = ((E + 15) << 10) + rounded - 1024;
  if (bits >= 0x7c00) {
    raised |= FPSCR_OFC | FPSCR_IXC;
    const toInf = rm === fp.RNE || (rm === fp.RUP && !s) || (rm === fp.RDN && s);
    return s | (toInf ? 0x7c00 : 0x7bff);
  }
  if (inexact) {
    raised |= FPSCR_IXC;
    if (x < 2 ** -14) raised |= FPSCR_UFC;
  }
  if (bits < 0) bits = 0;
  return s | bits;
}

// ---- NEON-only estimates and steps (standard FPSCR controls) --------------------------------

/** ARM ARM recip_estimate: a in [0.5, 1) -> an estimate of 1/a with 8 fraction bits, as 256..512. */
export function recipEstimate256(a: number): number {
  const q = Math.floor(a * 512);
  const r = 1 / ((q + 0.5) / 512);
  return Math.floor(256 * r + 0.5);
}
/** recip_sqrt_estimate: a in [0.25, 1) -> 256/sqrt(a) estimate as 256..512. */
export function rsqrtEstimate256(a: number): number {
  let r: number;
  if (a < 0.5) {
    const q0 = Math.floor(a * 512);
    r = 1 / Math.sqrt((q0 + 0.5) / 512);
  } else {
    const q1 = Math.floor(a * 256);
    r = 1 / Math.sqrt((q1 + 0.5) / 256);
  }
  return Math.floor(256 * r + 0.5);
}

export function recipEstimateU32(x: number): number {
  if (x >= 0) return -1;
  const a = 0.5 + (x & 0x7fffffff) * 2 ** -32; // '0 01111111110' : operand<30:0>
  return SIGN | ((recipEstimate256(a) - 256) << 23);
}
export function rsqrtEstimateU32(x: number): number {
  if ((x >>> 30) === 0) return -1;
  const a = x < 0 ? 0.5 + (x & 0x7fffffff) * 2 ** -32 : 0.25 + (x & 0x3fffffff) * 2 ** -32;
  return SIGN | ((rsqrtEstimate256(a) - 256) << 23);
}

export function recipEstimateF32(x: number): number {
  const ctl = STANDARD_FPSCR;
  x = fzIn32(x, ctl);
  if (isNaN32(x)) return nans32(ctl, x, 0, 0);
  const s = x & SIGN;
  if (isInf32(x)) return s;
  if (isZero32(x)) {
    raised |= FPSCR_DZC;
    return s | 0x7f800000;
  }
  const e = (x >>> 23) & 0xff;
  if (e >= 253) {
    raised |= FPSCR_UFC;
    return s;
  }
  const est = recipEstimate256(0.5 + (x & 0x7fffff) * 2 ** -24);
  return s | ((253 - e) << 23) | ((est - 256) << 15);
}
export function rsqrtEstimateF32(x: number): number {
  const ctl = STANDARD_FPSCR;
  x = fzIn32(x, ctl);
  if (isNaN32(x)) return nans32(ctl, x, 0, 0);
  if (isZero32(x)) {
    raised |= FPSCR_DZC;
    return (x & SIGN) | 0x7f800000;
  }
  if (x < 0) {
    raised |= FPSCR_IOC;
    return DEFAULT_NAN32;
  }
  if (isInf32(x)) return 0;
  const e = (x >>> 23) & 0xff;
  const frac = (x & 0x7fffff) * 2 ** -24;
  // an even exponent field (odd unbiased exponent) scales into [0.5, 1), an odd one into [0.25, 0.5)
  const a = e & 1 ? 0.25 + frac / 2 : 0.5 + frac;
  const est = rsqrtEstimate256(a);
  return (((380 - e) >> 1) << 23) | ((est - 256) << 15);
}
const F32_TWO = 0x40000000, F32_THREE = 0x40400000, F32_ONE_HALF = 0x3fc00000;
/** VRECPS: 2 - a*b (inf*0 gives 2), rounded twice as v7 does. */
export function recipStepF32(a: number, b: number): number {
  const ctl = STANDARD_FPSCR;
  a = fzIn32(a, ctl);
  b = fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return nans32(ctl, a, b, 0);
  if ((isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b))) return F32_TWO;
  const p = arith32(MUL32, a, b, 0, ctl);
  return arith32(SUB32, F32_TWO, p, 0, ctl);
}
/** VRSQRTS: (3 - a*b) / 2 (inf*0 gives 1.5). */
export function rsqrtStepF32(a: number, b: number): number {
  const ctl = STANDARD_FPSCR;
  a = fzIn32(a, ctl);
  b = fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return nans32(ctl, a, b, 0);
  if ((isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b))) return F32_ONE_HALF;
  const p = arith32(MUL32, a, b, 0, ctl);
  const d = arith32(SUB32, F32_THREE, p, 0, ctl);
  return arith32(DIV32, d, F32_TWO, 0, ctl);
}

/** VMAX/VMIN.F32: NaNs propagate (here always the default NaN); -0 < +0. */
export function maxMin32(a: number, b: number, max: boolean, ctl: number): number {
  a = fzIn32(a, ctl);
  b = fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return nans32(ctl, a, b, 0);
  const x = f32val(a), y = f32val(b);
  if (x === y) return max ? a & b : a | b; // only the sign of zero can differ
  return (x > y) === max ? a : b;
}
/** NEON compares: all ones or zero. EQ is quiet; GE/GT raise IOC for any NaN. */
export function cmpMask32(a: number, b: number, kind: number, ctl: number): number {
  a = fzIn32(a, ctl);
  b = fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) {
    if (kind !== 0 || fp.isSignalingNaN32(a) || fp.isSignalingNaN32(b)) raised |= FPSCR_IOC;
    return 0;
  }
  let x = f32val(a), y = f32val(b);
  if (kind >= 3) {
    x = Math.abs(x);
    y = Math.abs(y);
  }
  switch (kind) {
    case 0: return x === y ? -1 : 0;
    case 1: case 3: return x >= y ? -1 : 0;
    default: return x > y ? -1 : 0;
  }
}

// ---- the helper table ------------------------------------------------------------------------

export function makeArmFpHelpers(cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  const R = cpu.R;
  const F = SLOT_FPSCR;
  /** Starts an operation under FPSCR's controls. */
  const ctl = (): number => {
    raised = 0;
    return R[F];
  };
  /** Starts a NEON operation under the standard controls. */
  const std = (): number => {
    raised = 0;
    return STANDARD_FPSCR;
  };
  const done = <T>(v: T): T => {
    if (raised) R[F] |= raised;
    return v;
  };
  const fl16or32 = (sx: number): 16 | 32 => (sx ? 32 : 16);
  return {
    // VFP double
    vfp_add_d: (a: number, b: number) => done(arith64(ADD64, a, b, 0, ctl())),
    vfp_sub_d: (a: number, b: number) => done(arith64(SUB64, a, b, 0, ctl())),
    vfp_mul_d: (a: number, b: number) => done(arith64(MUL64, a, b, 0, ctl())),
    vfp_nmul_d: (a: number, b: number) => done(neg64(arith64(MUL64, a, b, 0, ctl()))),
    vfp_div_d: (a: number, b: number) => done(arith64(DIV64, a, b, 0, ctl())),
    vfp_sqrt_d: (a: number) => done(arith64(SQRT64, a, 0, 0, ctl())),
    /** VMLA (0), VMLS (1), VNMLA (2), VNMLS (3): d +- n*m with two roundings. */
    vfp_mac_d: (d: number, n: number, m: number, kind: number) => {
      const c = ctl();
      let p = arith64(MUL64, n, m, 0, c);
      if (kind === 1 || kind === 2) p = neg64(p);
      if (kind >= 2) d = neg64(d);
      return done(arith64(ADD64, d, p, 0, c));
    },
    /** The second step of a split VMLA (0) / VMLS (1): d + product, d + -product. */
    vfp_macadd_d: (d: number, p: number, kind: number) => done(arith64(ADD64, d, kind === 1 ? neg64(p) : p, 0, ctl())),
    /** VFMA (0), VFMS (1), VFNMA (2), VFNMS (3): fused. */
    vfp_fma_d: (d: number, n: number, m: number, kind: number) => {
      const c = ctl();
      if (kind === 1 || kind === 2) n = neg64(n);
      if (kind >= 2) d = neg64(d);
      return done(fma64(d, n, m, c));
    },
    vfp_cmp_d: (a: number, b: number, signalAll: number) => {
      const c = ctl();
      const nzcv = cmp64(a, b, signalAll !== 0, c);
      R[F] = (R[F] & 0x0fffffff) | nzcv | raised;
    },
    vfp_abs_d: (a: number) => abs64(a),
    vfp_neg_d: (a: number) => neg64(a),

    // VFP single (bit patterns)
    vfp_add_s: (a: number, b: number) => done(arith32(ADD32, a, b, 0, ctl())),
    vfp_sub_s: (a: number, b: number) => done(arith32(SUB32, a, b, 0, ctl())),
    vfp_mul_s: (a: number, b: number) => done(arith32(MUL32, a, b, 0, ctl())),
    vfp_nmul_s: (a: number, b: number) => done(arith32(MUL32, a, b, 0, ctl()) ^ SIGN),
    vfp_div_s: (a: number, b: number) => done(arith32(DIV32, a, b, 0, ctl())),
    vfp_sqrt_s: (a: number) => done(arith32(SQRT32, a, 0, 0, ctl())),
    vfp_mac_s: (d: number, n: number, m: number, kind: number) => {
      const c = ctl();
      let p = arith32(MUL32, n, m, 0, c);
      if (kind === 1 || kind === 2) p ^= SIGN;
      if (kind >= 2) d ^= SIGN;
      return done(arith32(ADD32, d, p, 0, c));
    },
    vfp_fma_s: (d: number, n: number, m: number, kind: number) => {
      const c = ctl();
      if (kind === 1 || kind === 2) n ^= SIGN;
      if (kind >= 2) d ^= SIGN;
      return done(fma32(d, n, m, c));
    },
    vfp_cmp_s: (a: number, b: number, signalAll: number) => {
      const c = ctl();
      const nzcv = cmp32(a, b, signalAll !== 0, c);
      R[F] = (R[F] & 0x0fffffff) | nzcv | raised;
    },

    // conversions
    vfp_cvt_sd: (x: number) => done(f64ToF32(x, ctl())),
    vfp_cvt_ds: (a: number) => done(f32ToF64(a, ctl())),
    /** f64 -> s32/u32; rz: round toward zero (VCVT) rather than FPSCR's mode (VCVTR). */
    vfp_toint_d: (x: number, unsigned: number, rz: number) => {
      const c = ctl();
      return done(f64ToFixed(x, 0, 32, unsigned !== 0, rz ? fp.RTZ : rmOf(c), c));
    },
    vfp_toint_s: (a: number, unsigned: number, rz: number) => {
      const c = ctl();
      return done(f32ToFixed(a, 0, 32, unsigned !== 0, rz ? fp.RTZ : rmOf(c), c));
    },
    vfp_fromint_d: (v: number, unsigned: number) => (unsigned ? v >>> 0 : v | 0),
    vfp_fromint_s: (v: number, unsigned: number) => done(fixedToF32(v, 0, 32, unsigned !== 0, ctl())),
    /** Fixed point: sx (1: 32-bit, 0: 16-bit), fbits fraction bits; to-fixed rounds toward zero. */
    vfp_tofixed_d: (x: number, fbits: number, sx: number, unsigned: number) => {
      const c = ctl();
      return done(f64ToFixed(x, fbits, fl16or32(sx), unsigned !== 0, fp.RTZ, c));
    },
    vfp_tofixed_s: (a: number, fbits: number, sx: number, unsigned: number) => {
      const c = ctl();
      return done(f32ToFixed(a, fbits, fl16or32(sx), unsigned !== 0, fp.RTZ, c));
    },
    vfp_fromfixed_d: (v: number, fbits: number, sx: number, unsigned: number) => fixedToF64(v, fbits, fl16or32(sx), unsigned !== 0),
    vfp_fromfixed_s: (v: number, fbits: number, sx: number, unsigned: number) => done(fixedToF32(v, fbits, fl16or32(sx), unsigned !== 0, ctl())),
    vfp_f16_to_f32: (h: number) => done(f16ToF32(h & 0xffff, ctl())),
    vfp_f32_to_f16: (a: number) => done(f32ToF16(a, ctl())),

    // NEON float lanes (f32 bit patterns, standard controls)
    neon_add_f: (a: number, b: number) => done(arith32(ADD32, a, b, 0, std())),
    neon_sub_f: (a: number, b: number) => done(arith32(SUB32, a, b, 0, std())),
    neon_mul_f: (a: number, b: number) => done(arith32(MUL32, a, b, 0, std())),
    neon_abd_f: (a: number, b: number) => done(arith32(SUB32, a, b, 0, std()) & 0x7fffffff),
    /** VMLA.F32 (kind 0) / VMLS.F32 (kind 1): two roundings. */
    neon_mac_f: (d: number, n: number, m: number, kind: number) => {
      const c = std();
      let p = arith32(MUL32, n, m, 0, c);
      if (kind) p ^= SIGN;
      return done(arith32(ADD32, d, p, 0, c));
    },
    /** VFMA.F32 (0) / VFMS.F32 (1). */
    neon_fma_f: (d: number, n: number, m: number, kind: number) => done(fma32(d, kind ? n ^ SIGN : n, m, std())),
    neon_max_f: (a: number, b: number) => done(maxMin32(a, b, true, std())),
    neon_min_f: (a: number, b: number) => done(maxMin32(a, b, false, std())),
    /** kind: 0 EQ, 1 GE, 2 GT, 3 ACGE, 4 ACGT. */
    neon_cmp_f: (a: number, b: number, kind: number) => done(cmpMask32(a, b, kind, std())),
    neon_recpe_f: (a: number) => {
      raised = 0;
      return done(recipEstimateF32(a));
    },
    neon_rsqrte_f: (a: number) => {
      raised = 0;
      return done(rsqrtEstimateF32(a));
    },
    neon_recps_f: (a: number, b: number) => {
      raised = 0;
      return done(recipStepF32(a, b));
    },
    neon_rsqrts_f: (a: number, b: number) => {
      raised = 0;
      return done(rsqrtStepF32(a, b));
    },
    neon_recpe_u: (a: number) => recipEstimateU32(a),
    neon_rsqrte_u: (a: number) => rsqrtEstimateU32(a),
    /** VCVT between f32 and 32-bit fixed point (fbits 0: integer); to-fixed rounds toward zero. */
    neon_tofixed: (a: number, fbits: number, unsigned: number) => done(f32ToFixed(a, fbits, 32, unsigned !== 0, fp.RTZ, std())),
    neon_fromfixed: (v: number, fbits: number, unsigned: number) => done(fixedToF32(v, fbits, 32, unsigned !== 0, std())),
    // half precision: the standard controls (FPSCR.AHP is not supported)
    neon_f16_to_f32: (h: number) => done(f16ToF32(h & 0xffff, std())),
    neon_f32_to_f16: (a: number) => done(f32ToF16(a, std())),
  };
}
