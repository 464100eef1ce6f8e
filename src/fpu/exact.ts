// Exact arithmetic on BigInt significands with one final rounding. This is the slow path for
// results near overflow or underflow and the reference the fast paths are tested against; it is
// format-generic (binary32 and binary64) and raises NX/UF/OF into fpFlags.
import { RNE, RTZ, RDN, RUP, RMM, NX, UF, OF, fpFlags, f64s, f32s, i32s, LO, HI } from './common.ts';

export interface Fmt {
  readonly p: number; // precision in bits, hidden bit included
  readonly emin: number;
  readonly emax: number;
  readonly width: number;
}
export const FMT64: Fmt = { p: 53, emin: -1022, emax: 1023, width: 64 };
export const FMT32: Fmt = { p: 24, emin: -126, emax: 127, width: 32 };

/** A finite nonzero value (-1)^s * m * 2^e. */
export interface XV {
  s: number;
  m: bigint;
  e: number;
}

const M32 = 0xffffffffn;

/** x must be finite and nonzero. */
export function unpack64(x: number): XV {
  f64s[0] = x;
  const hi = i32s[HI], lo = i32s[LO];
  const be = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  return be === 0 ? { s: hi >>> 31, m: frac, e: -1074 } : { s: hi >>> 31, m: frac | (1n << 52n), e: be - 1075 };
}

/** b: f32 bit pattern of a finite nonzero value. */
export function unpack32(b: number): XV {
  const be = (b >>> 23) & 0xff;
  const frac = BigInt(b & 0x7fffff);
  return be === 0 ? { s: b >>> 31, m: frac, e: -149 } : { s: b >>> 31, m: frac | (1n << 23n), e: be - 150 };
}

/** Integer value as XV (m may be 0). */
export function fromBigInt(v: bigint): XV {
  return v < 0n ? { s: 1, m: -v, e: 0 } : { s: 0, m: v, e: 0 };
}

export function bits64ToNumber(b: bigint): number {
  i32s[LO] = Number(b & M32) | 0;
  i32s[HI] = Number((b >> 32n) & M32) | 0;
  return f64s[0];
}
export function bits32ToInt(b: bigint): number {
  return Number(b & M32) | 0;
}
/** f32 bit pattern as the number it encodes (non-NaN). */
export function bits32ToNumber(b: bigint): number {
  i32s[0] = Number(b & M32) | 0;
  return f32s[0];
}

export function bitLength(m: bigint): number {
  // toString(16) is linear and fast enough for the slow path
  const h = m.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0]!, 16)));
}

/** m >> sh rounded by mode (for sign s); sets `inexactOut`. sh may be <= 0 (exact left shift). */
let inexactOut = false;
function shiftRound(m: bigint, sh: number, s: number, rm: number): bigint {
  if (sh <= 0) {
    inexactOut = false;
    return m << BigInt(-sh);
  }
  const bs = BigInt(sh);
  const q = m >> bs;
  const r = m - (q << bs);
  inexactOut = r !== 0n;
  if (r === 0n) return q;
  const half = 1n << (bs - 1n);
  let up: boolean;
  switch (rm) {
    case RNE: up = r > half || (r === half && (q & 1n) === 1n); break;
    case RTZ: up = false; break;
    case RDN: up = s === 1; break;
    case RUP: up = s === 0; break;
    case RMM: up = r >= half; break;
    default: throw new RangeError(`bad rounding mode ${rm}`);
  }
  return up ? q + 1n : q;
}

function signBit(fmt: Fmt, s: number): bigint {
  return BigInt(s) << BigInt(fmt.width - 1);
}

/** Encoded +-0. */
export function zeroBits(fmt: Fmt, s: number): bigint {
  return signBit(fmt, s);
}

/** Result of an overflow: infinity or the largest finite number, by mode and sign. */
export function overflowBits(fmt: Fmt, s: number, rm: number): bigint {
  const toInf = rm === RNE || rm === RMM || (rm === RUP && s === 0) || (rm === RDN && s === 1);
  const fbits = BigInt(fmt.p - 1);
  const inf = BigInt(2 * fmt.emax + 1) << fbits;
  return signBit(fmt, s) | (toInf ? inf : inf - 1n);
}

/**
 * Round (-1)^s * (m + sticky) * 2^e to fmt, where sticky means "plus something strictly between 0
 * and one unit of m's last bit". m > 0. Tininess is detected after rounding (RISC-V).
 */
export function roundPack(fmt: Fmt, s: number, m: bigint, e: number, sticky: boolean, rm: number): bigint {
  const p = fmt.p;
  if (sticky) {
    // An odd extra bit below m keeps the value off every midpoint of the coarser grids we round to.
    m = (m << 2n) | 1n;
    e -= 2;
  }
  const n = bitLength(m);
  const E = e + n - 1; // exponent of the leading bit
  // Rounding with unbounded exponent range decides overflow and tininess.
  const qu = E - p + 1;
  let mu = shiftRound(m, qu - e, s, rm);
  const inexU = inexactOut;
  let Eu = E;
  if (mu >> BigInt(p) !== 0n) {
    mu >>= 1n;
    Eu++;
  }
  if (Eu > fmt.emax) {
    fpFlags.value |= OF | NX;
    return overflowBits(fmt, s, rm);
  }
  const fbits = BigInt(p - 1);
  if (E >= fmt.emin) {
    if (inexU) fpFlags.value |= NX;
    return signBit(fmt, s) | (BigInt(Eu + fmt.emax) << fbits) | (mu - (1n << fbits));
  }
  // Subnormal range: the grid is fixed at 2^(emin-p+1); a carry into the hidden bit encodes
  // the smallest normal number by itself.
  const ms = shiftRound(m, fmt.emin - p + 1 - e, s, rm);
  if (inexactOut) fpFlags.value |= Eu < fmt.emin ? NX | UF : NX;
  return signBit(fmt, s) | ms;
}

/** Exact zero result of a sum of nonzero terms: -0 in RDN, +0 otherwise. */
function exactZero(fmt: Fmt, rm: number): bigint {
  return zeroBits(fmt, rm === RDN ? 1 : 0);
}

/** Signed BigInt value of x scaled to exponent e (e <= x.e). */
function scaled(x: XV, e: number): bigint {
  const v = x.m << BigInt(x.e - e);
  return x.s ? -v : v;
}

export function addX(fmt: Fmt, a: XV, b: XV, rm: number): bigint {
  const e = Math.min(a.e, b.e);
  const v = scaled(a, e) + scaled(b, e);
  if (v === 0n) return exactZero(fmt, rm);
  return v < 0n ? roundPack(fmt, 1, -v, e, false, rm) : roundPack(fmt, 0, v, e, false, rm);
}

export function mulX(fmt: Fmt, a: XV, b: XV, rm: number): bigint {
  return roundPack(fmt, a.s ^ b.s, a.m * b.m, a.e + b.e, false, rm);
}

export function divX(fmt: Fmt, a: XV, b: XV, rm: number): bigint {
  // Enough quotient bits that the sticky remainder sits below the rounding position.
  const k = Math.max(0, fmt.p + 3 + bitLength(b.m) - bitLength(a.m));
  const num = a.m << BigInt(k);
  const q = num / b.m;
  const r = num - q * b.m;
  return roundPack(fmt, a.s ^ b.s, q, a.e - b.e - k, r !== 0n, rm);
}

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton from an over-estimate converges monotonically downward.
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** a > 0 */
export function sqrtX(fmt: Fmt, a: XV, rm: number): bigint {
  let m = a.m, e = a.e;
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  // Make m have at least 2(p+3) bits so the root has p+3.
  let k = Math.max(0, 2 * (fmt.p + 3) - bitLength(m));
  if (k & 1) k++;
  m <<= BigInt(k);
  e -= k;
  const r = isqrt(m);
  return roundPack(fmt, 0, r, e / 2, r * r !== m, rm);
}

/** a*b + c with one rounding; all three finite nonzero. */
export function fmaX(fmt: Fmt, a: XV, b: XV, c: XV, rm: number): bigint {
  const p: XV = { s: a.s ^ b.s, m: a.m * b.m, e: a.e + b.e };
  return addX(fmt, p, c, rm);
}

/** Round an exact integer-valued XV (or any XV) to fmt; m may be 0 (gives +0). */
export function roundXV(fmt: Fmt, x: XV, rm: number): bigint {
  if (x.m === 0n) return zeroBits(fmt, 0);
  return roundPack(fmt, x.s, x.m, x.e, false, rm);
}
