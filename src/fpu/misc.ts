// min/max (IEEE 754-2019 minimumNumber/maximumNumber, as RISC-V F 2.2), comparisons and classify.
// f64 operands are numbers, f32 operands bit patterns; comparisons return 0/1.
import { NV, fpFlags, f32s, i32s, nanPolicy, isSignalingNaN64, isSignalingNaN32, isNaN32 } from './common.ts';

const MIN_NORMAL64 = 2 ** -1022;

function minmaxNaN64(a: number, b: number): number {
  if (isSignalingNaN64(a) || isSignalingNaN64(b)) fpFlags.value |= NV;
  if (a !== a && b !== b) return nanPolicy.propagate64(a, b, 0);
  return a !== a ? b : a;
}

export function min64(a: number, b: number): number {
  if (a !== a || b !== b) return minmaxNaN64(a, b);
  if (a !== b) return a < b ? a : b;
  return a === 0 && 1 / a < 0 ? a : b; // -0 < +0
}

export function max64(a: number, b: number): number {
  if (a !== a || b !== b) return minmaxNaN64(a, b);
  if (a !== b) return a > b ? a : b;
  return a === 0 && 1 / a < 0 ? b : a;
}

function minmaxNaN32(a: number, b: number): number {
  if (isSignalingNaN32(a) || isSignalingNaN32(b)) fpFlags.value |= NV;
  const an = isNaN32(a);
  if (an && isNaN32(b)) return nanPolicy.propagate32(a, b, 0);
  return an ? b : a;
}

export function min32(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) return minmaxNaN32(a, b);
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  if (x !== y) return x < y ? a : b;
  return a < 0 ? a : b; // equal: only the sign of zero can differ
}

export function max32(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) return minmaxNaN32(a, b);
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  const y = f32s[0];
  if (x !== y) return x > y ? a : b;
  return a < 0 ? b : a;
}

/** Quiet equality: NV only for signalling NaNs. */
export function eq64(a: number, b: number): number {
  if (a !== a || b !== b) {
    if (isSignalingNaN64(a) || isSignalingNaN64(b)) fpFlags.value |= NV;
    return 0;
  }
  return a === b ? 1 : 0;
}
/** Signalling comparisons: NV for any NaN. */
export function lt64(a: number, b: number): number {
  if (a !== a || b !== b) {
    fpFlags.value |= NV;
    return 0;
  }
  return a < b ? 1 : 0;
}
export function le64(a: number, b: number): number {
  if (a !== a || b !== b) {
    fpFlags.value |= NV;
    return 0;
  }
  return a <= b ? 1 : 0;
}

export function eq32(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSignalingNaN32(a) || isSignalingNaN32(b)) fpFlags.value |= NV;
    return 0;
  }
  // equal bits, or +0 == -0
  return a === b || ((a | b) & 0x7fffffff) === 0 ? 1 : 0;
}
export function lt32(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) {
    fpFlags.value |= NV;
    return 0;
  }
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  return x < f32s[0] ? 1 : 0;
}
export function le32(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) {
    fpFlags.value |= NV;
    return 0;
  }
  i32s[0] = a;
  const x = f32s[0];
  i32s[0] = b;
  return x <= f32s[0] ? 1 : 0;
}

/**
 * RISC-V fclass mask: bit 0 -inf, 1 -normal, 2 -subnormal, 3 -0, 4 +0, 5 +subnormal, 6 +normal,
 * 7 +inf, 8 signalling NaN, 9 quiet NaN.
 */
export function classify64(x: number): number {
  if (x !== x) return isSignalingNaN64(x) ? 0x100 : 0x200;
  if (x === 0) return 1 / x < 0 ? 0x08 : 0x10;
  if (x < 0) return x === -Infinity ? 0x01 : x > -MIN_NORMAL64 ? 0x04 : 0x02;
  return x === Infinity ? 0x80 : x < MIN_NORMAL64 ? 0x20 : 0x40;
}

export function classify32(b: number): number {
  const e = (b >>> 23) & 0xff, f = b & 0x7fffff, neg = b < 0;
  if (e === 0xff) {
    if (f === 0) return neg ? 0x01 : 0x80;
    return isSignalingNaN32(b) ? 0x100 : 0x200;
  }
  if (e === 0) {
    if (f === 0) return neg ? 0x08 : 0x10;
    return neg ? 0x04 : 0x20;
  }
  return neg ? 0x02 : 0x40;
}
