// Shared state of the soft-float library: rounding modes, accrued flags, scratch buffers for bit
// access, and the pluggable NaN policy.

/** Rounding modes, RISC-V frm encoding. */
export const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
export type RoundingMode = number;

/** Exception flags, RISC-V fflags bit order. */
export const NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;

/** Accrued exception flags; operations OR into `value`, the caller reads and clears it. */
export const fpFlags = { value: 0 };

/** High word of 64-bit integer results (the functions return the low word). */
export const fpResult = { hi: 0 };

// Scratch views over one buffer. The word order of the f64 halves follows the host.
const buf = new ArrayBuffer(8);
export const f64s = new Float64Array(buf);
export const f32s = new Float32Array(buf);
export const i32s = new Int32Array(buf);
f64s[0] = 1;
/** Index of the low / high 32-bit word of the f64 in i32s. */
export const LO = i32s[0] === 0 ? 0 : 1;
export const HI = 1 - LO;

export function bitsToF64(lo: number, hi: number): number {
  i32s[LO] = lo;
  i32s[HI] = hi;
  return f64s[0];
}
/** Low word of the bits of x; the high word goes to fpResult.hi. */
export function f64ToBits(x: number): number {
  f64s[0] = x;
  fpResult.hi = i32s[HI];
  return i32s[LO];
}
export function f64HiWord(x: number): number {
  f64s[0] = x;
  return i32s[HI];
}
export function f64LoWord(x: number): number {
  f64s[0] = x;
  return i32s[LO];
}
/** f32 bit pattern -> number. An sNaN comes back quieted: check isSignalingNaN32 on the bits first. */
export function bitsToF32(b: number): number {
  i32s[0] = b;
  return f32s[0];
}
/** number (exactly representable in f32, or NaN) -> f32 bit pattern as int32. */
export function f32ToBits(x: number): number {
  f32s[0] = x;
  return i32s[0];
}

export const CANONICAL_NAN64 = bitsToF64(0, 0x7ff80000);
export const CANONICAL_NAN32 = 0x7fc00000;

/**
 * What NaN an operation returns, per architecture. The library decides *when* the result is a NaN
 * and raises NV; the policy decides *which* NaN. Operands not taking part are passed as 0.
 */
export interface NaNPolicy {
  /** Legacy MIPS encoding: the quiet bit set means signalling. */
  readonly legacySNaN: boolean;
  /** fma(0, inf, qNaN) raises NV (RISC-V, ARM: yes; x86: no). */
  readonly fmaInfZeroQNaNInvalid: boolean;
  /** Result of an invalid operation without NaN operands (inf-inf, 0*inf, sqrt(-1), ...). */
  default64(): number;
  default32(): number;
  /** Result when at least one of the operands is a NaN (f64 numbers / f32 bit patterns). */
  propagate64(a: number, b: number, c: number): number;
  propagate32(a: number, b: number, c: number): number;
  /** Conversions between widths of a NaN operand. */
  cvt64to32(a: number): number;
  cvt32to64(a: number): number;
}

/** RISC-V: every NaN result is the canonical NaN. */
export const riscvNaNPolicy: NaNPolicy = {
  legacySNaN: false,
  fmaInfZeroQNaNInvalid: true,
  default64: () => CANONICAL_NAN64,
  default32: () => CANONICAL_NAN32,
  propagate64: () => CANONICAL_NAN64,
  propagate32: () => CANONICAL_NAN32,
  cvt64to32: () => CANONICAL_NAN32,
  cvt32to64: () => CANONICAL_NAN64,
};

export let nanPolicy: NaNPolicy = riscvNaNPolicy;
export function setNaNPolicy(p: NaNPolicy): void {
  nanPolicy = p;
}

export function isSignalingNaN64(x: number): boolean {
  if (x === x) return false;
  f64s[0] = x;
  const h = i32s[HI];
  // A NaN with zero quiet bit and zero payload is an infinity, but x is a NaN here.
  return ((h & 0x00080000) !== 0) === nanPolicy.legacySNaN;
}

export function isNaN32(b: number): boolean {
  return (b & 0x7fffffff) > 0x7f800000;
}
export function isSignalingNaN32(b: number): boolean {
  return (b & 0x7fffffff) > 0x7f800000 && ((b & 0x00400000) !== 0) === nanPolicy.legacySNaN;
}

/** NaN result of a 1..3 operand f64 operation with at least one NaN operand. */
export function nanResult64(a: number, b: number, c: number): number {
  if (isSignalingNaN64(a) || isSignalingNaN64(b) || isSignalingNaN64(c)) fpFlags.value |= NV;
  return nanPolicy.propagate64(a, b, c);
}
export function nanResult32(a: number, b: number, c: number): number {
  if (isSignalingNaN32(a) || isSignalingNaN32(b) || isSignalingNaN32(c)) fpFlags.value |= NV;
  return nanPolicy.propagate32(a, b, c);
}
export function invalid64(): number {
  fpFlags.value |= NV;
  return nanPolicy.default64();
}
export function invalid32(): number {
  fpFlags.value |= NV;
  return nanPolicy.default32();
}

// Powers of two used as thresholds and scale factors.
export const TWO_M967 = 2 ** -967; // below this Dekker's product error may underflow
export const TWO_M1021 = 2 ** -1021;
export const MAX64 = Number.MAX_VALUE;
export const MAX32 = (2 - 2 ** -23) * 2 ** 127;
export const MIN_NORMAL32 = 2 ** -126;
export const SPLIT = 134217729; // 2^27 + 1, Veltkamp splitting constant for binary64

/** Next f64 away from zero (x finite). */
export function stepAway64(x: number): number {
  f64s[0] = x;
  const lo = (i32s[LO] + 1) | 0;
  i32s[LO] = lo;
  if (lo === 0) i32s[HI] = i32s[HI] + 1;
  return f64s[0];
}
/** Next f64 toward zero (x finite, nonzero). */
export function stepToZero64(x: number): number {
  f64s[0] = x;
  const lo = i32s[LO];
  i32s[LO] = lo - 1;
  if (lo === 0) i32s[HI] = i32s[HI] - 1;
  return f64s[0];
}
