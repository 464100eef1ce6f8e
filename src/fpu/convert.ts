// Conversions between integers, binary32 and binary64 with RISC-V saturation: out-of-range and NaN
// inputs raise NV (and only NV) and give the nearest bound, NaN giving the largest value.
// 64-bit integers are int32 (lo, hi) pairs; 64-bit results return lo and leave hi in fpResult.hi.
import {
  RNE, RTZ, RDN, RUP, RMM, NX, NV, fpFlags, fpResult, f32s, i32s, nanPolicy,
  isSignalingNaN64, isSignalingNaN32, MAX32, MIN_NORMAL32,
} from './common.ts';
import { adjust64 } from './f64.ts';
import { round32 } from './f32.ts';

const TWO32 = 4294967296, TWO52 = 4503599627370496, TWO63 = 9223372036854775808, TWO64 = 18446744073709551616;

/** x rounded to an integral value in mode rm (NaN and infinities pass through). */
export function roundToIntegral(x: number, rm: number): number {
  if (!(x > -TWO52 && x < TWO52)) return x; // already integral, or NaN/inf
  switch (rm) {
    case RNE: {
      const y = x < 0 ? -x : x;
      const r = y + TWO52 - TWO52; // the addition rounds at the units place, ties to even
      return x < 0 ? -r : r;
    }
    case RTZ: return Math.trunc(x);
    case RDN: return Math.floor(x);
    case RUP: return Math.ceil(x);
    case RMM: {
      const t = Math.trunc(x);
      const d = x - t; // exact
      return d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
    }
    default: throw new RangeError(`bad rounding mode ${rm}`);
  }
}

function toI32(x: number, rm: number): number {
  const r = roundToIntegral(x, rm);
  if (r >= -2147483648 && r <= 2147483647) {
    if (r !== x) fpFlags.value |= NX;
    return r | 0;
  }
  fpFlags.value |= NV;
  return r < 0 ? -2147483648 : 2147483647;
}

/** Result bits as int32 (the caller sign-extends, as RISC-V fcvt.wu does). */
function toU32(x: number, rm: number): number {
  const r = roundToIntegral(x, rm);
  if (r > -1 && r < TWO32) {
    if (r !== x) fpFlags.value |= NX;
    return r | 0;
  }
  fpFlags.value |= NV;
  return r < 0 ? 0 : -1;
}

/** Integral r in [-2^63, 2^64) -> lo word, hi word in fpResult.hi. */
function split64(r: number): number {
  const hi = Math.floor(r / TWO32);
  fpResult.hi = hi | 0;
  return (r - hi * TWO32) | 0;
}

function toI64(x: number, rm: number): number {
  const r = roundToIntegral(x, rm);
  if (r >= -TWO63 && r < TWO63) {
    if (r !== x) fpFlags.value |= NX;
    return split64(r);
  }
  fpFlags.value |= NV;
  if (r < 0) {
    fpResult.hi = -2147483648;
    return 0;
  }
  fpResult.hi = 2147483647;
  return -1;
}

function toU64(x: number, rm: number): number {
  const r = roundToIntegral(x, rm);
  if (r > -1 && r < TWO64) {
    if (r !== x) fpFlags.value |= NX;
    return split64(r);
  }
  fpFlags.value |= NV;
  const v = r < 0 ? 0 : -1;
  fpResult.hi = v;
  return v;
}

function f32v(a: number): number {
  i32s[0] = a;
  return f32s[0];
}

export const f64ToI32 = toI32;
export const f64ToU32 = toU32;
export const f64ToI64 = toI64;
export const f64ToU64 = toU64;
export function f32ToI32(a: number, rm: number): number { return toI32(f32v(a), rm); }
export function f32ToU32(a: number, rm: number): number { return toU32(f32v(a), rm); }
export function f32ToI64(a: number, rm: number): number { return toI64(f32v(a), rm); }
export function f32ToU64(a: number, rm: number): number { return toU64(f32v(a), rm); }

// ---------------------------------------------------------------------------------------------
// integer -> float

export function i32ToF64(a: number, _rm?: number): number {
  return a | 0;
}
export function u32ToF64(a: number, _rm?: number): number {
  return a >>> 0;
}

/** H + L with H a multiple of 2^32 and 0 <= L < 2^32, rounded to f64. */
function sum64ToF64(H: number, L: number, rm: number): number {
  const s = H + L;
  const bb = s - H;
  const err = H - (s - bb) + (L - bb);
  if (err === 0) return s;
  fpFlags.value |= NX;
  return rm === RNE ? s : adjust64(s, err, rm);
}

export function i64ToF64(lo: number, hi: number, rm: number): number {
  hi |= 0;
  if (hi >= -2097152 && hi < 2097152) return hi * TWO32 + (lo >>> 0); // |v| <= 2^53: exact
  return sum64ToF64(hi * TWO32, lo >>> 0, rm);
}
export function u64ToF64(lo: number, hi: number, rm: number): number {
  hi >>>= 0;
  if (hi < 2097152) return hi * TWO32 + (lo >>> 0);
  return sum64ToF64(hi * TWO32, lo >>> 0, rm);
}

/** Exact integer value v (|v| < 2^53) to f32. */
function exactToF32(v: number, rm: number): number {
  if (rm === RNE) {
    const f = Math.fround(v);
    if (f !== v) fpFlags.value |= NX;
    f32s[0] = f;
    return i32s[0];
  }
  return round32(v, 0, rm);
}

export function i32ToF32(a: number, rm: number): number {
  return exactToF32(a | 0, rm);
}
export function u32ToF32(a: number, rm: number): number {
  return exactToF32(a >>> 0, rm);
}
function sum64ToF32(H: number, L: number, rm: number): number {
  const s = H + L;
  const bb = s - H;
  return round32(s, H - (s - bb) + (L - bb), rm);
}
export function i64ToF32(lo: number, hi: number, rm: number): number {
  return sum64ToF32((hi | 0) * TWO32, lo >>> 0, rm);
}
export function u64ToF32(lo: number, hi: number, rm: number): number {
  return sum64ToF32((hi >>> 0) * TWO32, lo >>> 0, rm);
}

// ---------------------------------------------------------------------------------------------
// between widths

export function f64ToF32(x: number, rm: number): number {
  if (x !== x) {
    if (isSignalingNaN64(x)) fpFlags.value |= NV;
    return nanPolicy.cvt64to32(x);
  }
  if (rm === RNE || x === 0 || x === Infinity || x === -Infinity) {
    const f = Math.fround(x);
    if (f === x || (f > MIN_NORMAL32 ? f <= MAX32 : f < -MIN_NORMAL32 && f >= -MAX32)) {
      if (f !== x) fpFlags.value |= NX;
      f32s[0] = f;
      return i32s[0];
    }
  }
  return round32(x, 0, rm);
}

export function f32ToF64(a: number): number {
  if ((a & 0x7fffffff) > 0x7f800000) {
    if (isSignalingNaN32(a)) fpFlags.value |= NV;
    return nanPolicy.cvt32to64(a);
  }
  return f32v(a);
}
