// binary64 arithmetic on JS numbers. Fast paths: the host's round-to-nearest-even result plus its
// exact error from an error-free transformation (TwoSum, Dekker's TwoProduct); the error gives the
// inexact flag and the direction for the other modes. Anything near overflow/underflow, NaNs,
// infinities and zeros go to the slow paths, which use exact BigInt arithmetic when needed.
import {
  RNE, RTZ, RDN, RUP, RMM, NX, OF, DZ, fpFlags, nanPolicy, nanResult64, invalid64,
  isSignalingNaN64, stepAway64, stepToZero64, SPLIT, TWO_M967, TWO_M1021, MAX64,
} from './common.ts';
import { FMT64, unpack64, addX, mulX, divX, fmaX, bits64ToNumber } from './exact.ts';

// A tiny magnitude standing in for an error whose sign is known but whose exact value is not
// computed: never a midpoint, never zero.
const TINY = 2 ** -1074;

/**
 * z = RN(x) in the normal range, lo != 0 has the sign of x - z and is exactly +-half an ulp only
 * when x is a midpoint. Returns x rounded in mode rm (never RNE here).
 */
export function adjust64(z: number, lo: number, rm: number): number {
  let r = z;
  switch (rm) {
    case RTZ:
      if (lo < 0 !== z < 0) r = stepToZero64(z);
      break;
    case RDN:
      if (lo < 0) r = z < 0 ? stepAway64(z) : stepToZero64(z);
      break;
    case RUP:
      if (lo > 0) r = z > 0 ? stepAway64(z) : stepToZero64(z);
      break;
    case RMM:
      // a tie that RNE resolved toward zero
      if (lo < 0 === z < 0 && z + 2 * lo - z === 2 * lo) r = z + 2 * lo;
      break;
  }
  if (r === Infinity || r === -Infinity) fpFlags.value |= OF;
  return r;
}

/** Sign of an exact zero sum in RDN: -0 unless both operands are +0. */
function rdnZero(a: number, b: number): number {
  return a === 0 && b === 0 && 1 / a > 0 && 1 / b > 0 ? 0 : -0;
}

// ---------------------------------------------------------------------------------------------
// add / sub

export function add64(a: number, b: number, rm: number): number {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  if (err === 0) return s === 0 && rm === RDN ? rdnZero(a, b) : s;
  if (err !== err) return addSlow64(a, b, rm);
  fpFlags.value |= NX;
  return rm === RNE ? s : adjust64(s, err, rm);
}

export function sub64(a: number, b: number, rm: number): number {
  const s = a - b;
  const bb = s - a;
  const err = a - (s - bb) - (b + bb);
  if (err === 0) return s === 0 && rm === RDN ? rdnZero(a, -b) : s;
  if (err !== err) return b !== b ? nanResult64(a, b, 0) : addSlow64(a, -b, rm);
  fpFlags.value |= NX;
  return rm === RNE ? s : adjust64(s, err, rm);
}

export function addSlow64(a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return nanResult64(a, b, 0);
  if (a === Infinity || a === -Infinity) return b === -a ? invalid64() : a;
  if (b === Infinity || b === -Infinity) return b;
  if (a === 0) return b === 0 ? (rm === RDN ? rdnZero(a, b) : a + b) : b;
  if (b === 0) return a;
  // finite operands whose sum overflows
  return bits64ToNumber(addX(FMT64, unpack64(a), unpack64(b), rm));
}

// ---------------------------------------------------------------------------------------------
// mul

export function mul64(a: number, b: number, rm: number): number {
  const p = a * b;
  // below 2^-967 the product's error may not be representable (also catches 0 and NaN)
  if (!(p >= TWO_M967 || p <= -TWO_M967)) return mulSlow64(a, b, rm);
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  if (err === 0) return p;
  if (err - err !== 0) return mulSlow64(a, b, rm); // overflow in the product or the splitting
  fpFlags.value |= NX;
  return rm === RNE ? p : adjust64(p, err, rm);
}

export function mulSlow64(a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return nanResult64(a, b, 0);
  const ia = a === Infinity || a === -Infinity, ib = b === Infinity || b === -Infinity;
  if (ia || ib) {
    if (a === 0 || b === 0) return invalid64();
    return a * b;
  }
  if (a === 0 || b === 0) return a * b; // signed zero
  return bits64ToNumber(mulX(FMT64, unpack64(a), unpack64(b), rm));
}

// ---------------------------------------------------------------------------------------------
// div

export function div64(a: number, b: number, rm: number): number {
  const q = a / b;
  const aq = q < 0 ? -q : q, aa = a < 0 ? -a : a;
  if (!(aq >= TWO_M967 && aa >= TWO_M967)) return divSlow64(a, b, rm);
  // remainder a - q*b, exact via TwoProduct(q, b)
  let t = SPLIT * q;
  const qh = t - (t - q), ql = q - qh;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const ph = q * b;
  const pl = qh * bh - ph + qh * bl + ql * bh + ql * bl;
  const rem = a - ph - pl;
  if (rem === 0) return q;
  if (rem - rem !== 0) return divSlow64(a, b, rm);
  fpFlags.value |= NX;
  // quotients of normal results are never midpoints, so only the sign of the error matters
  return rm === RNE ? q : adjust64(q, rem > 0 === b > 0 ? TINY : -TINY, rm);
}

export function divSlow64(a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return nanResult64(a, b, 0);
  const ia = a === Infinity || a === -Infinity, ib = b === Infinity || b === -Infinity;
  if (ia) return ib ? invalid64() : a / b;
  if (ib) return a / b; // signed zero
  if (b === 0) {
    if (a === 0) return invalid64();
    fpFlags.value |= DZ;
    return a / b;
  }
  if (a === 0) return a / b;
  return bits64ToNumber(divX(FMT64, unpack64(a), unpack64(b), rm));
}

// ---------------------------------------------------------------------------------------------
// sqrt

const SQ_LO = 2 ** -960, SQ_HI = 2 ** 1000;

function sqrtCore(a: number, rm: number): number {
  const r = Math.sqrt(a);
  let t = SPLIT * r;
  const rh = t - (t - r), rl = r - rh;
  const ph = r * r;
  const pl = rh * rh - ph + 2 * rh * rl + rl * rl;
  const rem = a - ph - pl;
  if (rem === 0) return r;
  fpFlags.value |= NX;
  // square roots are never midpoints
  return rm === RNE ? r : adjust64(r, rem > 0 ? TINY : -TINY, rm);
}

export function sqrt64(a: number, rm: number): number {
  if (a >= SQ_LO && a <= SQ_HI) return sqrtCore(a, rm);
  if (a !== a) return nanResult64(a, 0, 0);
  if (a === 0) return a; // sqrt(-0) = -0
  if (a < 0) return invalid64();
  if (a === Infinity) return a;
  // Scale by an even power of two; the root is always normal, so scaling back is exact.
  if (a < SQ_LO) return sqrtCore(a * 2 ** 1000, rm) * 2 ** -500;
  return sqrtCore(a * 2 ** -200, rm) * 2 ** 100;
}

// ---------------------------------------------------------------------------------------------
// fma

/** a*b + c with a single rounding. */
export function fma64(a: number, b: number, c: number, rm: number): number {
  const p = a * b;
  if (!(p >= TWO_M967 || p <= -TWO_M967)) return fmaSlow64(a, b, c, rm);
  // p + pl = a*b exactly
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const pl = ah * bh - p + ah * bl + al * bh + al * bl;
  // s + tl = p + c
  const s = p + c;
  let bb = s - p;
  const tl = p - (s - bb) + (c - bb);
  // sh + sl = tl + pl
  const sh = tl + pl;
  bb = sh - tl;
  const sl = tl - (sh - bb) + (pl - bb);
  // z + e2 = s + sh; the exact result is z + e2 + sl with |sl| far below e2's granularity
  let z = s + sh;
  bb = z - s;
  let e2 = s - (z - bb) + (sh - bb);
  // NaN/inf anywhere, tiny or zero results: slow path
  if (!(z >= TWO_M1021 ? z <= MAX64 : z <= -TWO_M1021 && z >= -MAX64)) return fmaSlow64(a, b, c, rm);
  if (sl === 0) {
    if (e2 === 0) return z;
    fpFlags.value |= NX;
    return rm === RNE ? z : adjust64(z, e2, rm);
  }
  fpFlags.value |= NX;
  // sl alone is far below half an ulp of z: not a midpoint
  if (e2 === 0) return rm === RNE ? z : adjust64(z, sl, rm);
  // s+sh on a midpoint with sl pushing x beyond it: the other neighbour is nearest
  if (sl > 0 === e2 > 0 && z + 2 * e2 - z === 2 * e2) {
    z += 2 * e2;
    e2 = -e2;
  }
  // x is no midpoint, so RMM agrees with RNE; e2 has the sign of x - z
  return rm === RNE || rm === RMM ? z : adjust64(z, e2, rm);
}

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

export function fmaSlow64(a: number, b: number, c: number, rm: number): number {
  if (a !== a || b !== b || c !== c) {
    // 0*inf + qNaN: invalid on RISC-V and ARM, not on x86
    if (c !== c && a === a && b === b && ((isInf(a) && b === 0) || (a === 0 && isInf(b)))) {
      if (nanPolicy.fmaInfZeroQNaNInvalid && !isSignalingNaN64(c)) return invalid64();
    }
    return nanResult64(a, b, c);
  }
  if (isInf(a) || isInf(b)) {
    if (a === 0 || b === 0) return invalid64();
    const p = a * b;
    if (isInf(c) && c !== p) return invalid64();
    return p;
  }
  if (isInf(c)) return c;
  if (a === 0 || b === 0) {
    const p = a * b; // signed zero
    if (c === 0) return rm === RDN ? rdnZero(p, c) : p + c;
    return c;
  }
  if (c === 0) return bits64ToNumber(mulX(FMT64, unpack64(a), unpack64(b), rm));
  return bits64ToNumber(fmaX(FMT64, unpack64(a), unpack64(b), unpack64(c), rm));
}
