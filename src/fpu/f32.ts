// binary32 arithmetic on bit patterns. Operands are widened to f64 (exact); the f64 result plus
// its exact error (or the error's sign) is then rounded to f32 in the requested mode. binary64 has
// enough range that none of these intermediate steps can overflow or underflow.
import {
  RNE, RTZ, RDN, RUP, RMM, NX, UF, OF, DZ, fpFlags, f32s, i32s, nanPolicy, nanResult32, invalid32,
  isSignalingNaN32, SPLIT, MAX32, MIN_NORMAL32,
} from './common.ts';

const TWO64 = 2 ** 64, TWO_M64 = 2 ** -64, TWO128 = 2 ** 128, TWO_M127 = 2 ** -127;
const MAX32_SCALED = MAX32 * TWO_M64;

let rInexact = false;

/**
 * Round x = hi + lo to f32 (as a number; may return +-inf after stepping past the largest
 * value). hi = RN64(x) or x exactly, |hi| <= 2^128; lo has the sign of x - hi and is exactly
 * +-half an f64 ulp only if x is such a midpoint. Subnormal results use the f32 subnormal grid.
 * Sets rInexact.
 */
function rnd24(hi: number, lo: number, rm: number): number {
  let f = Math.fround(hi);
  let rem = hi - f; // exact
  if (rem === 0) {
    if (lo === 0) {
      rInexact = false;
      return f;
    }
  } else if (lo !== 0 && lo > 0 === rem > 0) {
    // hi exactly halfway between f and o, x beyond it: double rounding picked the wrong one
    const o = f + 2 * rem;
    if (Math.fround(o) === o) {
      f = o;
      rem = -rem;
    }
  }
  rInexact = true;
  if (rm === RNE) return f;
  const up = rem !== 0 ? rem > 0 : lo > 0; // x > f
  const neg = hi < 0;
  let dir = 0; // +1 away from zero, -1 toward zero
  switch (rm) {
    case RTZ:
      if (up === neg) dir = -1;
      break;
    case RDN:
      if (!up) dir = neg ? 1 : -1;
      break;
    case RUP:
      if (up) dir = neg ? -1 : 1;
      break;
    case RMM:
      if (rem !== 0 && lo === 0 && up !== neg) {
        const o = f + 2 * rem;
        if (Math.fround(o) === o) return o; // an exact tie, RNE went toward zero
      }
      return f;
  }
  if (dir === 0) return f;
  f32s[0] = f;
  i32s[0] = i32s[0] + dir; // sign-magnitude: +1 grows the magnitude
  return f32s[0];
}

/** Round x = hi + lo (see rnd24) to f32 with flags; returns the bit pattern. hi finite. */
export function round32(hi: number, lo: number, rm: number): number {
  const ah = hi < 0 ? -hi : hi;
  if (ah > MAX32) return overflow32(hi, lo, ah, rm);
  const f = rnd24(hi, lo, rm);
  if (rInexact) {
    let fl = NX;
    if (f === Infinity || f === -Infinity) fl |= OF;
    else if (ah <= MIN_NORMAL32) {
      // tininess after rounding: would the result rounded with unbounded exponent be < 2^-126?
      if (ah < TWO_M127) fl |= UF;
      else {
        const u = rnd24(hi * TWO64, lo * TWO64, rm);
        if (u < 2 ** -62 && u > -(2 ** -62)) fl |= UF;
      }
    }
    fpFlags.value |= fl;
  }
  f32s[0] = f;
  return i32s[0];
}

function overflow32(hi: number, lo: number, ah: number, rm: number): number {
  let of: boolean;
  if (ah > TWO128 || (ah === TWO128 && (lo === 0 || lo > 0 === hi > 0))) of = true;
  else {
    const u = rnd24(hi * TWO_M64, lo * TWO_M64, rm);
    of = u > MAX32_SCALED || u < -MAX32_SCALED;
  }
  const neg = hi < 0;
  if (!of) {
    fpFlags.value |= NX;
    return neg ? 0xff7fffff | 0 : 0x7f7fffff;
  }
  fpFlags.value |= OF | NX;
  const toInf = rm === RNE || rm === RMM || (rm === RUP && !neg) || (rm === RDN && neg);
  return ((neg ? 0x80000000 : 0) | (toInf ? 0x7f800000 : 0x7f7fffff)) | 0;
}

/** RNE shortcut for results of a single +,-,*,/,sqrt (double rounding through f64 is harmless). */
function finish32(hi: number, lo: number, rm: number): number {
  if (rm === RNE) {
    const f = Math.fround(hi);
    if (f > MIN_NORMAL32 ? f <= MAX32 : f < -MIN_NORMAL32 && f >= -MAX32) {
      if (f !== hi || lo !== 0) fpFlags.value |= NX;
      f32s[0] = f;
      return i32s[0];
    }
  }
  return round32(hi, lo, rm);
}

function toF32Bits(x: number): number {
  f32s[0] = x;
  return i32s[0];
}

/** NaN or infinity produced from f32 operands widened to f64 (no overflow is possible). */
function special32(r: number, a: number, b: number, c: number): number {
  if (r === r) return toF32Bits(r); // infinity from an infinite operand
  if (((a & 0x7fffffff) > 0x7f800000) || ((b & 0x7fffffff) > 0x7f800000) || ((c & 0x7fffffff) > 0x7f800000))
    return nanResult32(a, b, c);
  return invalid32();
}

function rdnZero(a: number, b: number): number {
  return a === 0 && b === 0 && 1 / a > 0 && 1 / b > 0 ? 0 : -0;
}

export function add32(a: number, b: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  const s = x + y;
  if (s - s !== 0) return special32(s, a, b, 0);
  const bb = s - x;
  const err = x - (s - bb) + (y - bb);
  if (s === 0 && rm === RDN) return toF32Bits(rdnZero(x, y));
  return finish32(s, err, rm);
}

export function sub32(a: number, b: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  const s = x - y;
  if (s - s !== 0) return special32(s, a, b, 0);
  const bb = s - x;
  const err = x - (s - bb) - (y + bb);
  if (s === 0 && rm === RDN) return toF32Bits(rdnZero(x, -y));
  return finish32(s, err, rm);
}

export function mul32(a: number, b: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  const p = x * y; // exact: 48-bit significand, exponent within f64 range
  if (p - p !== 0) return special32(p, a, b, 0);
  return finish32(p, 0, rm);
}

export function div32(a: number, b: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  const q = x / y;
  if (q - q !== 0) {
    if (y === 0 && x - x === 0 && x !== 0) fpFlags.value |= DZ; // finite nonzero / 0
    return special32(q, a, b, 0);
  }
  if (q === 0) return toF32Bits(q);
  // sign of the remainder x - q*y via TwoProduct(q, y)
  let t = SPLIT * q;
  const qh = t - (t - q), ql = q - qh;
  t = SPLIT * y;
  const yh = t - (t - y), yl = y - yh;
  const ph = q * y;
  const pl = qh * yh - ph + qh * yl + ql * yh + ql * yl;
  const rem = x - ph - pl;
  // the f64 quotient is never an f32 midpoint unless exact, so a token error suffices
  return finish32(q, rem === 0 ? 0 : rem > 0 === y > 0 ? q * 2 ** -60 : q * -(2 ** -60), rm);
}

export function sqrt32(a: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  if (!(x > 0 && x < Infinity)) {
    if (x !== x) return nanResult32(a, 0, 0);
    if (x === 0 || x === Infinity) return a;
    return invalid32();
  }
  const r = Math.sqrt(x);
  const t = SPLIT * r;
  const rh = t - (t - r), rl = r - rh;
  const ph = r * r;
  const pl = rh * rh - ph + 2 * rh * rl + rl * rl;
  const rem = x - ph - pl;
  return finish32(r, rem === 0 ? 0 : rem > 0 ? r * 2 ** -60 : r * -(2 ** -60), rm);
}

/** a*b + c with a single rounding (f32 bit patterns). */
export function fma32(a: number, b: number, c: number, rm: number): number {
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  i32s[0] = c;
  const z = f32s[0];
  const p = x * y; // exact
  const s = p + z;
  if (s - s !== 0) {
    if (z !== z && x === x && y === y && p !== p) {
      // 0*inf + qNaN
      if (nanPolicy.fmaInfZeroQNaNInvalid && !isSignalingNaN32(c)) return invalid32();
    }
    return special32(s, a, b, c);
  }
  const bb = s - p;
  const err = p - (s - bb) + (z - bb);
  if (s === 0 && err === 0) return toF32Bits(rm === RDN ? rdnZero(p, z) : s);
  return round32(s, err, rm);
}
