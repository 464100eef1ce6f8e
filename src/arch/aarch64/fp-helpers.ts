// Runtime helpers of the A64 FP lifter (fp*.ts): exact IEEE arithmetic (src/fpu) under FPCR's
// controls, with ARM's rules. FPCR's RMode/FZ/DN bits sit where AArch32's FPSCR has them and FPSR's
// cumulative flags where FPSCR has its own, and the NaN rules, tininess before rounding and
// flush-to-zero are the same, so the arithmetic core is 32-bit ARM's (../arm/fp-helpers.ts); what
// is here is what A64 adds: 64-bit integer conversions, FMAXNM/FMINNM, FMULX, the fused
// FRECPS/FRSQRTS steps, estimates under FPCR, round to odd, half precision with FPCR.AHP.
//
// Unlike AArch32 NEON, AdvSIMD float lanes use FPCR itself, so scalar and vector lanes share these.
// Singles are int32 bit patterns, doubles JS numbers, halves the low 16 bits of an int32.
// Helpers read FPCR and OR the flags into FPSR; neither is a promotable slot.
import * as fp from '../../fpu/softfp.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import * as arm from '../arm/fp-helpers.ts';
import type { CpuState } from '../types.ts';
import { FPCR_AHP, FPCR_DN, FPCR_FZ, SLOT_FPCR, SLOT_FPSR } from './state.ts';

const IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16;
/** FPCR's RMode and FZ: zero means round to nearest without flush-to-zero (the helpers' fast paths). */
const FAST_CTL_MASK = 0x01c00000;
const SIGN = -0x80000000;
const { DEFAULT_NAN32, DEFAULT_NAN64, isNaN32, isInf32, isZero32, f32val } = arm;
const raise = arm.raise;

/** Rounding of the to-integer forms: N, P, M, Z, A (ties away), then I (FPCR's mode) and X (FPCR's, inexact raises IXC). */
export const RINT_N = 0, RINT_P = 1, RINT_M = 2, RINT_Z = 3, RINT_A = 4, RINT_I = 5, RINT_X = 6;
const RINT_TO_LIB = [fp.RNE, fp.RUP, fp.RDN, fp.RTZ, fp.RMM];
const rmOfMode = (mode: number, ctl: number): number => (mode >= RINT_I ? arm.rmOf(ctl) : RINT_TO_LIB[mode]!);

const isInf64 = (x: number): boolean => x === Infinity || x === -Infinity;
const signOf64 = (x: number): boolean => x < 0 || (x === 0 && 1 / x < 0);
const hi64 = fp.f64HiWord;

// ---- f64 ---------------------------------------------------------------------------------

/** FMAX/FMIN: NaNs propagate; of two zeros max gives +0 unless both are -0, min -0 if either is. */
function maxMin64(a: number, b: number, max: boolean, ctl: number): number {
  a = arm.fzIn64(a, ctl);
  b = arm.fzIn64(b, ctl);
  if (a !== a || b !== b) return arm.nans64(ctl, a, b, 0);
  if (a === b) {
    if (a !== 0) return a;
    const neg = max ? signOf64(a) && signOf64(b) : signOf64(a) || signOf64(b);
    return neg ? -0 : 0;
  }
  return a > b === max ? a : b;
}
/** FMAXNM/FMINNM: a single quiet NaN loses to a number (it acts as -inf for max, +inf for min). */
function maxMinNum64(a: number, b: number, max: boolean, ctl: number): number {
  a = arm.fzIn64(a, ctl);
  b = arm.fzIn64(b, ctl);
  const qa = a !== a && !fp.isSignalingNaN64(a), qb = b !== b && !fp.isSignalingNaN64(b);
  if (qa && !qb) a = max ? -Infinity : Infinity;
  else if (qb && !qa) b = max ? -Infinity : Infinity;
  return maxMin64(a, b, max, ctl);
}
/** FMULX: as FMUL, but infinity times zero is 2 with the product's sign. */
function mulx64(a: number, b: number, ctl: number): number {
  a = arm.fzIn64(a, ctl);
  b = arm.fzIn64(b, ctl);
  if (a !== a || b !== b) return arm.nans64(ctl, a, b, 0);
  if ((isInf64(a) && b === 0) || (a === 0 && isInf64(b))) return signOf64(a) !== signOf64(b) ? -2 : 2;
  return arm.arith64(arm.MUL64, a, b, 0, ctl);
}
const FMA64: arm.Op64 = (c, a, b, rm) => fp.fma64(a, b, c, rm);
/**
 * FRECPS (2 - a*b) and FRSQRTS ((3 - a*b) / 2) with one rounding. The first operand is negated
 * before anything else (so a NaN there comes back with its sign flipped); inf * 0 gives 2 or 1.5.
 */
function step64(a: number, b: number, rsqrt: boolean, ctl: number): number {
  a = arm.neg64(a);
  a = arm.fzIn64(a, ctl);
  b = arm.fzIn64(b, ctl);
  if (a !== a || b !== b) return arm.nans64(ctl, a, b, 0);
  if ((isInf64(a) && b === 0) || (a === 0 && isInf64(b))) return rsqrt ? 1.5 : 2;
  if (isInf64(a) || isInf64(b)) return signOf64(a) !== signOf64(b) ? -Infinity : Infinity;
  if (!rsqrt) return arm.arith64(FMA64, 2, a, b, ctl);
  // (3 + a*b) / 2 = 1.5 + (a/2)*b: halving an operand at or above 2^-1021 is exact. When both are
  // smaller the product is far below 3's last bit and halving the rounded 3 + a*b is exact.
  const big = 2 ** -1021;
  if (a >= big || a <= -big) return arm.arith64(FMA64, 1.5, a / 2, b, ctl);
  if (b >= big || b <= -big) return arm.arith64(FMA64, 1.5, a, b / 2, ctl);
  return arm.arith64(FMA64, 3, a, b, ctl) / 2;
}

/** FPMulAdd with kind 0 (addend + n*m), 1 (n negated), 2 (addend and n negated), 3 (addend negated). */
function fmaKind64(d: number, n: number, m: number, kind: number, ctl: number): number {
  if (kind === 1 || kind === 2) n = arm.neg64(n);
  if (kind >= 2) d = arm.neg64(d);
  return arm.fma64(d, n, m, ctl);
}

/** FRINT*: integral value in the given rounding; X raises IXC when inexact. */
function rint64(x: number, mode: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) return arm.nans64(ctl, x, 0, 0);
  const r = fp.roundToIntegral(x, rmOfMode(mode, ctl));
  if (mode === RINT_X && r !== x) raise(IXC);
  return r === 0 && signOf64(x) ? -0 : r;
}

/** FCMEQ (0), FCMGE (1), FCMGT (2), FACGE (3), FACGT (4): -1 or 0; EQ is quiet, the rest signal on any NaN. */
function cmpMask64(a: number, b: number, kind: number, ctl: number): number {
  a = arm.fzIn64(a, ctl);
  b = arm.fzIn64(b, ctl);
  if (a !== a || b !== b) {
    if (kind !== 0 || fp.isSignalingNaN64(a) || fp.isSignalingNaN64(b)) raise(IOC);
    return 0;
  }
  if (kind >= 3) {
    a = Math.abs(a);
    b = Math.abs(b);
  }
  return (kind === 0 ? a === b : kind === 2 || kind === 4 ? a > b : a >= b) ? -1 : 0;
}

/** FRECPE on f64 (FPRecipEstimate: 8-bit estimate, overflow by rounding mode, FZ flushes huge inputs' results). */
function recpe64(x: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) return arm.nans64(ctl, x, 0, 0);
  const neg = signOf64(x);
  if (isInf64(x)) return neg ? -0 : 0;
  if (x === 0) {
    raise(DZC);
    return neg ? -Infinity : Infinity;
  }
  const ax = Math.abs(x);
  if (ax < 2 ** -1024) {
    raise(OFC | IXC);
    return overflowResult(neg, ctl) ? (neg ? -Infinity : Infinity) : neg ? -Number.MAX_VALUE : Number.MAX_VALUE;
  }
  if (ctl & FPCR_FZ && ax >= 2 ** 1022) {
    raise(UFC);
    return neg ? -0 : 0;
  }
  const hi = hi64(x);
  let exp = (hi >>> 20) & 0x7ff;
  const top10 = (hi >>> 10) & 0x3ff; // fraction bits 51..42
  let top8: number;
  if (exp === 0) {
    if ((top10 & 0x200) === 0) {
      exp = -1;
      top8 = top10 & 0xff;
    } else top8 = (top10 >>> 1) & 0xff;
  } else top8 = top10 >>> 2;
  let rexp = 2045 - exp;
  const est = recipEstimate(256 | top8) & 0xff;
  let frac = est << 12; // fraction bits 51..32 of the result
  if (rexp === 0) frac = 0x80000 | (frac >>> 1);
  else if (rexp === -1) {
    frac = 0x40000 | (frac >>> 2);
    rexp = 0;
  }
  return fp.bitsToF64(0, (neg ? SIGN : 0) | (rexp << 20) | frac);
}
/** FRSQRTE on f64. */
function rsqrte64(x: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) return arm.nans64(ctl, x, 0, 0);
  if (x === 0) {
    raise(DZC);
    return signOf64(x) ? -Infinity : Infinity;
  }
  if (x < 0) {
    raise(IOC);
    return DEFAULT_NAN64;
  }
  if (x === Infinity) return 0;
  const hi = hi64(x), lo = fp.f64LoWord(x);
  let exp = (hi >>> 20) & 0x7ff;
  let fh = hi & 0xfffff, fl = lo >>> 0; // 52-bit fraction as 20 + 32 bits
  if (exp === 0) {
    // normalize: shift left until bit 51 is set, then once more to drop it
    while ((fh & 0x80000) === 0) {
      fh = ((fh << 1) | (fl >>> 31)) & 0xfffff;
      fl = (fl << 1) >>> 0;
      exp--;
    }
    fh = ((fh << 1) | (fl >>> 31)) & 0xfffff;
  }
  const scaled = (exp & 1) === 0 ? 256 | (fh >>> 12) : 128 | (fh >>> 13);
  const rexp = Math.floor((3068 - exp) / 2);
  const est = rsqrtEstimate(scaled) & 0xff;
  return fp.bitsToF64(0, (rexp << 20) | (est << 12));
}
/** FRECPX: the exponent inverted, fraction cleared; zeros and denormals get the largest exponent minus one. */
function recpx64(x: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) return arm.nans64(ctl, x, 0, 0);
  const hi = hi64(x);
  const exp = (hi >>> 20) & 0x7ff;
  return fp.bitsToF64(0, (hi & SIGN) | ((exp === 0 ? 0x7fe : ~exp & 0x7ff) << 20));
}

// ---- f32 (bit patterns) ---------------------------------------------------------------------

function maxMin32(a: number, b: number, max: boolean, ctl: number): number {
  a = arm.fzIn32(a, ctl);
  b = arm.fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return arm.nans32(ctl, a, b, 0);
  const x = f32val(a), y = f32val(b);
  if (x === y) return max ? a & b : a | b; // equal values differ at most in the sign of zero
  return x > y === max ? a : b;
}
function maxMinNum32(a: number, b: number, max: boolean, ctl: number): number {
  a = arm.fzIn32(a, ctl);
  b = arm.fzIn32(b, ctl);
  const qa = isNaN32(a) && !fp.isSignalingNaN32(a), qb = isNaN32(b) && !fp.isSignalingNaN32(b);
  const inf = max ? 0xff800000 | 0 : 0x7f800000;
  if (qa && !qb) a = inf;
  else if (qb && !qa) b = inf;
  return maxMin32(a, b, max, ctl);
}
function mulx32(a: number, b: number, ctl: number): number {
  a = arm.fzIn32(a, ctl);
  b = arm.fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return arm.nans32(ctl, a, b, 0);
  if ((isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b))) return ((a ^ b) & SIGN) | 0x40000000;
  return arm.arith32(arm.MUL32, a, b, 0, ctl);
}
const FMA32: arm.Op32 = (c, a, b, rm) => fp.fma32(a, b, c, rm);
const F32_TWO = 0x40000000, F32_THREE = 0x40400000, F32_ONE_HALF = 0x3fc00000;
function step32(a: number, b: number, rsqrt: boolean, ctl: number): number {
  a ^= SIGN;
  a = arm.fzIn32(a, ctl);
  b = arm.fzIn32(b, ctl);
  if (isNaN32(a) || isNaN32(b)) return arm.nans32(ctl, a, b, 0);
  if ((isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b))) return rsqrt ? F32_ONE_HALF : F32_TWO;
  if (isInf32(a) || isInf32(b)) return ((a ^ b) & SIGN) | 0x7f800000;
  if (!rsqrt) return arm.arith32(FMA32, F32_TWO, a, b, ctl);
  // as step64: halve an operand whose exponent field is at least 2 (exact), else halve 3 + a*b
  if (((a >>> 23) & 0xff) >= 2) return arm.arith32(FMA32, F32_ONE_HALF, a - 0x00800000, b, ctl);
  if (((b >>> 23) & 0xff) >= 2) return arm.arith32(FMA32, F32_ONE_HALF, a, b - 0x00800000, ctl);
  const r = arm.arith32(FMA32, F32_THREE, a, b, ctl);
  return r - 0x00800000; // r is within an ulp of 3
}
function fmaKind32(d: number, n: number, m: number, kind: number, ctl: number): number {
  if (kind === 1 || kind === 2) n ^= SIGN;
  if (kind >= 2) d ^= SIGN;
  return arm.fma32(d, n, m, ctl);
}
function rint32(a: number, mode: number, ctl: number): number {
  a = arm.fzIn32(a, ctl);
  if (isNaN32(a)) return arm.nans32(ctl, a, 0, 0);
  const x = f32val(a);
  const r = fp.roundToIntegral(x, rmOfMode(mode, ctl));
  if (mode === RINT_X && r !== x) raise(IXC);
  return r === 0 ? a & SIGN : fp.f32ToBits(r);
}
function cmpMask32(a: number, b: number, kind: number, ctl: number): number {
  return arm.cmpMask32(a, b, kind, ctl);
}
function recpe32(x: number, ctl: number): number {
  x = arm.fzIn32(x, ctl);
  if (isNaN32(x)) return arm.nans32(ctl, x, 0, 0);
  const s = x & SIGN;
  if (isInf32(x)) return s;
  if (isZero32(x)) {
    raise(DZC);
    return s | 0x7f800000;
  }
  const ax = x & 0x7fffffff;
  if (ax < 0x00200000) { // below 2^-128
    raise(OFC | IXC);
    return s | (overflowResult(s !== 0, ctl) ? 0x7f800000 : 0x7f7fffff);
  }
  if (ctl & FPCR_FZ && ax >= 0x7e800000) { // at or above 2^126
    raise(UFC);
    return s;
  }
  let exp = ax >>> 23;
  let frac = ax & 0x7fffff;
  if (exp === 0) {
    if ((frac & 0x400000) === 0) {
      exp = -1;
      frac = (frac << 2) & 0x7fffff;
    } else frac = (frac << 1) & 0x7fffff;
  }
  let rexp = 253 - exp;
  const est = recipEstimate(256 | (frac >>> 15)) & 0xff;
  let rfrac = est << 15;
  if (rexp === 0) rfrac = 0x400000 | (rfrac >>> 1);
  else if (rexp === -1) {
    rfrac = 0x200000 | (rfrac >>> 2);
    rexp = 0;
  }
  return s | (rexp << 23) | rfrac;
}
function rsqrte32(x: number, ctl: number): number {
  x = arm.fzIn32(x, ctl);
  if (isNaN32(x)) return arm.nans32(ctl, x, 0, 0);
  if (isZero32(x)) {
    raise(DZC);
    return (x & SIGN) | 0x7f800000;
  }
  if (x < 0) {
    raise(IOC);
    return DEFAULT_NAN32;
  }
  if (isInf32(x)) return 0;
  let exp = x >>> 23;
  let frac = x & 0x7fffff;
  if (exp === 0) {
    while ((frac & 0x400000) === 0) {
      frac <<= 1;
      exp--;
    }
    frac = (frac << 1) & 0x7fffff;
  }
  const scaled = (exp & 1) === 0 ? 256 | (frac >>> 15) : 128 | (frac >>> 16);
  const rexp = Math.floor((380 - exp) / 2);
  return (rexp << 23) | ((rsqrtEstimate(scaled) & 0xff) << 15);
}
function recpx32(x: number, ctl: number): number {
  x = arm.fzIn32(x, ctl);
  if (isNaN32(x)) return arm.nans32(ctl, x, 0, 0);
  const exp = (x >>> 23) & 0xff;
  return (x & SIGN) | ((exp === 0 ? 0xfe : ~exp & 0xff) << 23);
}

/** Whether an overflowing estimate is infinity (else the largest finite value), by FPCR's mode. */
function overflowResult(neg: boolean, ctl: number): boolean {
  const rm = arm.rmOf(ctl);
  return rm === fp.RNE || (rm === fp.RUP && !neg) || (rm === fp.RDN && neg);
}

/** ARM ARM RecipEstimate: 256..511 (a fixed-point operand in [0.5, 1)) -> 256..511. */
function recipEstimate(a: number): number {
  return arm.recipEstimate256(a / 512);
}
/** RecipSqrtEstimate: 128..511 (an operand in [0.25, 1)) -> 256..511. */
function rsqrtEstimate(a: number): number {
  return arm.rsqrtEstimate256(a / 512);
}

// ---- conversions ---------------------------------------------------------------------------

/** f64 -> f32 rounded to odd (FCVTXN): truncate, then set the last bit if anything was lost. */
function f64ToF32Odd(x: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) return arm.f64ToF32(x, ctl); // NaN conversion (rounding plays no part)
  fp.fpFlags.value = 0;
  let r = fp.f64ToF32(x, fp.RTZ);
  const f = fp.fpFlags.value;
  fp.fpFlags.value = 0;
  const truncated = r;
  if (f & fp.NX) r |= 1;
  return arm.post32(r, f, ctl, () => truncated);
}

/** Half precision bits -> the value as a number (NaN handled by the caller); AHP: exponent 31 is normal. */
function halfValue(h: number, ahp: boolean): number {
  const e = (h >>> 10) & 0x1f, f = h & 0x3ff;
  const mag = e === 0 ? f * 2 ** -24 : e === 31 && !ahp ? (f ? NaN : Infinity) : (f + 1024) * 2 ** (e - 25);
  return h & 0x8000 ? -mag : mag;
}
/** f16 -> f32 bits (FCVT Sd, Hn; FCVTL): exact; NaNs quietened, IOC for signalling ones. */
function f16ToF32(h: number, ctl: number): number {
  h &= 0xffff;
  const ahp = (ctl & FPCR_AHP) !== 0;
  if (!ahp && (h & 0x7c00) === 0x7c00 && h & 0x3ff) {
    if ((h & 0x200) === 0) raise(IOC);
    return ctl & FPCR_DN ? DEFAULT_NAN32 : ((h & 0x8000) << 16) | 0x7fc00000 | ((h & 0x3ff) << 13);
  }
  const v = halfValue(h, ahp);
  return v === 0 ? (h & 0x8000) << 16 : fp.f32ToBits(v);
}
function f16ToF64(h: number, ctl: number): number {
  h &= 0xffff;
  const ahp = (ctl & FPCR_AHP) !== 0;
  if (!ahp && (h & 0x7c00) === 0x7c00 && h & 0x3ff) {
    if ((h & 0x200) === 0) raise(IOC);
    return ctl & FPCR_DN ? DEFAULT_NAN64 : fp.bitsToF64(0, ((h & 0x8000) << 16) | 0x7ff80000 | ((h & 0x3ff) << 10));
  }
  return halfValue(h, ahp);
}
/**
 * A non-NaN value (an exact number; f32 and f64 operands after flush-to-zero) -> half bits,
 * rounded by FPCR's mode. Halves are never flushed (FZ16 is ARMv8.2). With AHP there is no
 * infinity: infinities and overflow saturate with IOC.
 */
function numberToF16(x: number, ctl: number): number {
  const neg = signOf64(x);
  const s = neg ? 0x8000 : 0;
  const ahp = (ctl & FPCR_AHP) !== 0;
  if (isInf64(x)) {
    if (!ahp) return s | 0x7c00;
    raise(IOC);
    return s | 0x7fff;
  }
  if (x === 0) return s;
  const ax = Math.abs(x);
  const e = Math.floor(Math.log2(ax));
  // log2 may be off by one near powers of two: fix the exponent exactly
  let E = ax >= 2 ** (e + 1) ? e + 1 : ax < 2 ** e ? e - 1 : e;
  if (E < -14) E = -14;
  const n = ax / 2 ** (E - 10); // exact: a power-of-two scale of a value well inside f64's range
  const rm = arm.rmOf(ctl);
  const rounded = Math.abs(fp.roundToIntegral(neg ? -n : n, rm));
  const bits = ((E + 15) << 10) + rounded - 1024;
  if (ahp ? bits > 0x7fff : bits >= 0x7c00) {
    if (ahp) {
      raise(IOC);
      return s | 0x7fff;
    }
    raise(OFC | IXC);
    const toInf = rm === fp.RNE || (rm === fp.RUP && !neg) || (rm === fp.RDN && neg);
    return s | (toInf ? 0x7c00 : 0x7bff);
  }
  if (rounded !== n) {
    raise(IXC);
    if (ax < 2 ** -14) raise(UFC);
  }
  return s | bits;
}
function f32ToF16(a: number, ctl: number): number {
  a = arm.fzIn32(a, ctl);
  if (isNaN32(a)) {
    if (ctl & FPCR_AHP) {
      raise(IOC);
      return (a >>> 16) & 0x8000;
    }
    if (fp.isSignalingNaN32(a)) raise(IOC);
    return ctl & FPCR_DN ? 0x7e00 : ((a >>> 16) & 0x8000) | 0x7e00 | ((a >>> 13) & 0x1ff);
  }
  if (isZero32(a)) return (a >>> 16) & 0x8000;
  return numberToF16(f32val(a), ctl);
}
function f64ToF16(x: number, ctl: number): number {
  x = arm.fzIn64(x, ctl);
  if (x !== x) {
    const hi = hi64(x);
    if (ctl & FPCR_AHP) {
      raise(IOC);
      return (hi >>> 16) & 0x8000;
    }
    if (fp.isSignalingNaN64(x)) raise(IOC);
    return ctl & FPCR_DN ? 0x7e00 : ((hi >>> 16) & 0x8000) | 0x7e00 | ((hi >>> 11) & 0x1ff);
  }
  return numberToF16(x, ctl);
}

/**
 * A float value (a number, not NaN) times 2^fbits to a 32- or 64-bit integer in rounding rm:
 * saturating with IOC, inexact with IXC. The integer comes back as a number.
 */
function toFixed(x: number, fbits: number, bits: 32 | 64, unsigned: boolean, rm: number): number {
  const v = x * 2 ** fbits; // exact, or infinite (then saturated)
  const r = fp.roundToIntegral(v, rm);
  const lo = unsigned ? 0 : -(2 ** (bits - 1));
  const top = unsigned ? 2 ** bits : 2 ** (bits - 1); // the first integer out of range
  if (r < lo || r >= top) {
    raise(IOC);
    return r < lo ? lo : top - 1; // for 64 bits top - 1 rounds to top: the caller splits it as the max
  }
  if (r !== v) raise(IXC);
  return r;
}
/** Splits an integral number in [-2^63, 2^64] into (lo, hi) words; 2^63 / 2^64 saturate to the max. */
function splitInt64(r: number, unsigned: boolean, ret: Ret): number {
  if (r >= 2 ** 64 || (!unsigned && r >= 2 ** 63)) {
    ret.hi = unsigned ? -1 : 0x7fffffff;
    return -1;
  }
  const hi = Math.floor(r / 4294967296);
  ret.hi = hi | 0;
  return (r - hi * 4294967296) | 0;
}

// ---- single-precision fast paths ---------------------------------------------------------------

const F32 = new Float32Array(1), I32 = new Int32Array(F32.buffer);
const MIN_NORMAL32 = 2 ** -126, MAX32 = 3.4028234663852886e38;
/** Set by fast32 when it raised nothing but inexact. */
let fastInexact = false;
/**
 * FADD (0), FSUB (1), FMUL (2), FDIV (3), FSQRT (4) of singles in round to nearest without FZ:
 * the f64 operation rounded to f32 is the correctly rounded result (binary64 has more than
 * 2 * 24 + 2 bits); when that is finite and above the smallest normal, inexact is the only
 * flag possible, found exactly (the sum's error, the product's, r * b == a, r * r == a).
 * Returns the result's bits, or NOT_FAST for the full path (NaNs, infinities, zeros, tiny results).
 */
const NOT_FAST = 0.5;
function fast32(op: number, a: number, b: number): number {
  I32[0] = a;
  const x = F32[0]!;
  I32[0] = b;
  const y = F32[0]!;
  let v: number;
  switch (op) {
    case 0: v = x + y; break;
    case 1: v = x - y; break;
    case 2: v = x * y; break;
    case 3: v = x / y; break;
    default: v = Math.sqrt(x);
  }
  const r = Math.fround(v);
  const ar = r < 0 ? -r : r;
  if (!(ar > MIN_NORMAL32 && ar <= MAX32)) return NOT_FAST;
  let exact: boolean;
  if (op <= 1) {
    const yy = op === 0 ? y : -y;
    const bb = v - x;
    exact = r === v && x - (v - bb) + (yy - bb) === 0;
  } else if (op === 2) exact = r === v;
  else if (op === 3) exact = r * y === x;
  else exact = r * r === x;
  fastInexact = !exact;
  F32[0] = r;
  return I32[0]!;
}

// ---- the helper table ----------------------------------------------------------------------

export function makeA64FpHelpers(cpu: CpuState, _mem: GuestMemory, ret: Ret): Record<string, unknown> {
  const R = cpu.R;
  /** Starts an operation: FPCR's controls. */
  const ctl = (): number => {
    arm.clearRaised();
    return R[SLOT_FPCR]!;
  };
  /** Ends it: the raised flags accrue in FPSR. */
  const done = <T>(v: T): T => {
    const r = arm.takeRaised();
    if (r) R[SLOT_FPSR] |= r;
    return v;
  };
  /** A two-operand helper from f(a, b, controls). */
  const bin = (f: (a: number, b: number, c: number) => number) => (a: number, b: number) => done(f(a, b, ctl()));
  /** A single-precision operation with its fast path (fast32). */
  const bin32 = (op: number, full: arm.Op32) => (a: number, b: number): number => {
    if ((R[SLOT_FPCR]! & FAST_CTL_MASK) === 0) {
      const r = fast32(op, a, b);
      if (r !== NOT_FAST) {
        if (fastInexact) R[SLOT_FPSR] |= IXC;
        return r;
      }
    }
    return done(arm.arith32(full, a, op === 4 ? 0 : b, 0, ctl()));
  };
  /** A conversion to integer of a NaN: 0 and IOC. */
  const nanToInt = (): number => {
    raise(IOC);
    ret.hi = 0;
    return done(0);
  };
  return {
    // binary f64 / f32
    a64f_add_d: bin((a, b, c) => arm.arith64(arm.ADD64, a, b, 0, c)),
    a64f_sub_d: bin((a, b, c) => arm.arith64(arm.SUB64, a, b, 0, c)),
    a64f_mul_d: bin((a, b, c) => arm.arith64(arm.MUL64, a, b, 0, c)),
    a64f_div_d: bin((a, b, c) => arm.arith64(arm.DIV64, a, b, 0, c)),
    a64f_nmul_d: bin((a, b, c) => arm.neg64(arm.arith64(arm.MUL64, a, b, 0, c))),
    a64f_abd_d: bin((a, b, c) => arm.abs64(arm.arith64(arm.SUB64, a, b, 0, c))),
    a64f_max_d: bin((a, b, c) => maxMin64(a, b, true, c)),
    a64f_min_d: bin((a, b, c) => maxMin64(a, b, false, c)),
    a64f_maxnm_d: bin((a, b, c) => maxMinNum64(a, b, true, c)),
    a64f_minnm_d: bin((a, b, c) => maxMinNum64(a, b, false, c)),
    a64f_mulx_d: bin(mulx64),
    a64f_recps_d: bin((a, b, c) => step64(a, b, false, c)),
    a64f_rsqrts_d: bin((a, b, c) => step64(a, b, true, c)),
    a64f_add_s: bin32(0, arm.ADD32),
    a64f_sub_s: bin32(1, arm.SUB32),
    a64f_mul_s: bin32(2, arm.MUL32),
    a64f_div_s: bin32(3, arm.DIV32),
    a64f_nmul_s: bin((a, b, c) => arm.arith32(arm.MUL32, a, b, 0, c) ^ SIGN),
    a64f_abd_s: bin((a, b, c) => arm.arith32(arm.SUB32, a, b, 0, c) & 0x7fffffff),
    a64f_max_s: bin((a, b, c) => maxMin32(a, b, true, c)),
    a64f_min_s: bin((a, b, c) => maxMin32(a, b, false, c)),
    a64f_maxnm_s: bin((a, b, c) => maxMinNum32(a, b, true, c)),
    a64f_minnm_s: bin((a, b, c) => maxMinNum32(a, b, false, c)),
    a64f_mulx_s: bin(mulx32),
    a64f_recps_s: bin((a, b, c) => step32(a, b, false, c)),
    a64f_rsqrts_s: bin((a, b, c) => step32(a, b, true, c)),

    // unary
    a64f_sqrt_d: (a: number) => done(arm.arith64(arm.SQRT64, a, 0, 0, ctl())),
    a64f_sqrt_s: bin32(4, arm.SQRT32),
    a64f_neg_d: (a: number) => arm.neg64(a),
    a64f_abs_d: (a: number) => arm.abs64(a),
    a64f_rint_d: (a: number, mode: number) => done(rint64(a, mode, ctl())),
    a64f_rint_s: (a: number, mode: number) => done(rint32(a, mode, ctl())),
    a64f_recpe_d: (a: number) => done(recpe64(a, ctl())),
    a64f_recpe_s: (a: number) => done(recpe32(a, ctl())),
    a64f_rsqrte_d: (a: number) => done(rsqrte64(a, ctl())),
    a64f_rsqrte_s: (a: number) => done(rsqrte32(a, ctl())),
    a64f_recpx_d: (a: number) => done(recpx64(a, ctl())),
    a64f_recpx_s: (a: number) => done(recpx32(a, ctl())),
    a64f_urecpe: (a: number) => arm.recipEstimateU32(a),
    a64f_ursqrte: (a: number) => arm.rsqrtEstimateU32(a),

    /**
     * Fused multiply-add, kind as fmaKind64. Hot in compiled loops (GCC contracts a*b+c), so the
     * common case goes straight to the library: round to nearest without FZ, finite operands (their
     * negation is exact), and a finite result above the smallest normal, which can only be inexact.
     */
    a64f_fma_d: (d: number, n: number, m: number, kind: number) => {
      if ((R[SLOT_FPCR]! & FAST_CTL_MASK) === 0 && d - d === 0 && n - n === 0 && m - m === 0) {
        const nn = kind === 1 || kind === 2 ? -n : n, dd = kind >= 2 ? -d : d;
        fp.fpFlags.value = 0;
        const r = fp.fma64(nn, m, dd, fp.RNE);
        const f = fp.fpFlags.value;
        fp.fpFlags.value = 0;
        const ar = r < 0 ? -r : r;
        if (ar > arm.MIN_NORMAL64 && ar <= Number.MAX_VALUE) {
          if (f & fp.NX) R[SLOT_FPSR] |= IXC;
          return r;
        }
      }
      return done(fmaKind64(d, n, m, kind, ctl()));
    },
    a64f_fma_s: (d: number, n: number, m: number, kind: number) => {
      // as a64f_fma_d: finite operands are those whose exponent field is not all ones
      if ((R[SLOT_FPCR]! & FAST_CTL_MASK) === 0 && (d & 0x7f800000) !== 0x7f800000 && (n & 0x7f800000) !== 0x7f800000 && (m & 0x7f800000) !== 0x7f800000) {
        const nn = kind === 1 || kind === 2 ? n ^ SIGN : n, dd = kind >= 2 ? d ^ SIGN : d;
        // the product is exact in f64; when the sum is too, rounding it to f32 is the answer
        I32[0] = nn;
        const x = F32[0]!;
        I32[0] = m;
        const p = x * F32[0]!;
        I32[0] = dd;
        const z = F32[0]!;
        const sum = p + z, bb = sum - p;
        if (p - (sum - bb) + (z - bb) === 0) {
          const rf = Math.fround(sum);
          const ar = rf < 0 ? -rf : rf;
          if (ar > MIN_NORMAL32 && ar <= MAX32) {
            if (rf !== sum) R[SLOT_FPSR] |= IXC;
            F32[0] = rf;
            return I32[0]!;
          }
        }
        fp.fpFlags.value = 0;
        const r = fp.fma32(nn, m, dd, fp.RNE);
        const f = fp.fpFlags.value;
        fp.fpFlags.value = 0;
        const ar = r & 0x7fffffff;
        if (ar > 0x00800000 && ar < 0x7f800000) {
          if (f & fp.NX) R[SLOT_FPSR] |= IXC;
          return r;
        }
      }
      return done(fmaKind32(d, n, m, kind, ctl()));
    },

    /** FCMP/FCMPE: NZCV in bits 31..28. */
    a64f_cmp_d: (a: number, b: number, signalAll: number) => done(arm.cmp64(a, b, signalAll !== 0, ctl())),
    a64f_cmp_s: (a: number, b: number, signalAll: number) => done(arm.cmp32(a, b, signalAll !== 0, ctl())),
    /** Vector compares: -1 (all ones) or 0. */
    a64f_cm_d: (a: number, b: number, kind: number) => done(cmpMask64(a, b, kind, ctl())),
    a64f_cm_s: (a: number, b: number, kind: number) => done(cmpMask32(a, b, kind, ctl())),

    // float -> integer (mode RINT_N..RINT_A; fbits fraction bits; 32-bit results as int32, 64-bit as lo + ret.hi)
    a64f_d2w: (x: number, mode: number, fbits: number, unsigned: number) => {
      const c = ctl();
      x = arm.fzIn64(x, c);
      if (x !== x) return nanToInt();
      return done(toFixed(x, fbits, 32, unsigned !== 0, rmOfMode(mode, c)) | 0);
    },
    a64f_s2w: (a: number, mode: number, fbits: number, unsigned: number) => {
      const c = ctl();
      a = arm.fzIn32(a, c);
      if (isNaN32(a)) return nanToInt();
      return done(toFixed(f32val(a), fbits, 32, unsigned !== 0, rmOfMode(mode, c)) | 0);
    },
    a64f_d2x: (x: number, mode: number, fbits: number, unsigned: number) => {
      const c = ctl();
      x = arm.fzIn64(x, c);
      if (x !== x) return nanToInt();
      return done(splitInt64(toFixed(x, fbits, 64, unsigned !== 0, rmOfMode(mode, c)), unsigned !== 0, ret));
    },
    a64f_s2x: (a: number, mode: number, fbits: number, unsigned: number) => {
      const c = ctl();
      a = arm.fzIn32(a, c);
      if (isNaN32(a)) return nanToInt();
      return done(splitInt64(toFixed(f32val(a), fbits, 64, unsigned !== 0, rmOfMode(mode, c)), unsigned !== 0, ret));
    },

    // integer -> float, divided by 2^fbits (exact for the scale: the results are far from the subnormals)
    a64f_w2d: (v: number, fbits: number, unsigned: number) => (unsigned ? v >>> 0 : v | 0) / 2 ** fbits,
    a64f_w2s: (v: number, fbits: number, unsigned: number) => {
      const c = ctl();
      fp.fpFlags.value = 0;
      const r = fp.f64ToF32((unsigned ? v >>> 0 : v | 0) / 2 ** fbits, arm.rmOf(c));
      raise(arm.LIB_TO_FPSCR[fp.fpFlags.value]!);
      fp.fpFlags.value = 0;
      return done(r);
    },
    a64f_x2d: (lo: number, hi: number, fbits: number, unsigned: number) => {
      const c = ctl();
      fp.fpFlags.value = 0;
      const r = unsigned ? fp.u64ToF64(lo, hi, arm.rmOf(c)) : fp.i64ToF64(lo, hi, arm.rmOf(c));
      raise(arm.LIB_TO_FPSCR[fp.fpFlags.value]!);
      fp.fpFlags.value = 0;
      return done(r / 2 ** fbits);
    },
    a64f_x2s: (lo: number, hi: number, fbits: number, unsigned: number) => {
      const c = ctl();
      fp.fpFlags.value = 0;
      const r = unsigned ? fp.u64ToF32(lo, hi, arm.rmOf(c)) : fp.i64ToF32(lo, hi, arm.rmOf(c));
      raise(arm.LIB_TO_FPSCR[fp.fpFlags.value]!);
      fp.fpFlags.value = 0;
      return done(fbits ? fp.f32ToBits(f32val(r) / 2 ** fbits) : r);
    },

    // between formats
    a64f_s2d: (a: number) => done(arm.f32ToF64(a, ctl())),
    a64f_d2s: (x: number) => done(arm.f64ToF32(x, ctl())),
    a64f_d2s_odd: (x: number) => done(f64ToF32Odd(x, ctl())),
    a64f_h2s: (h: number) => done(f16ToF32(h, ctl())),
    a64f_h2d: (h: number) => done(f16ToF64(h, ctl())),
    a64f_s2h: (a: number) => done(f32ToF16(a, ctl())),
    a64f_d2h: (x: number) => done(f64ToF16(x, ctl())),
  };
}
