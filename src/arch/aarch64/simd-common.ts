// What the AdvSIMD rows share: register and arrangement names as objdump prints them, lane
// helper calls (see simd-helpers.ts for the calling convention), element extract/insert and
// SWAR lane arithmetic on the i64 halves of a V register.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';

// ---- text ------------------------------------------------------------------------------------

const ARRANGEMENTS = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'];
/** Arrangement of elements of 8 << size bits in a 64-bit (q = 0) or 128-bit vector. */
export const arr = (size: number, q: number): string => ARRANGEMENTS[size * 2 + q]!;
export const vr = (n: number, size: number, q: number): string => `v${n}.${arr(size, q)}`;
/** Scalar register of an element size: b, h, s, d, q. */
export const sr = (n: number, size: number): string => `${'bhsdq'[size]}${n}`;
export const ELEM = 'bhsd';
/** A register list as objdump prints it: a range from three registers on (unless it wraps). */
export function regList(first: number, count: number, suffix: string): string {
  const regs = Array.from({ length: count }, (_, i) => `v${(first + i) % 32}${suffix}`);
  if (count >= 3 && first + count - 1 <= 31) return `{${regs[0]}-${regs[count - 1]}}`;
  return `{${regs.join(', ')}}`;
}
export const imm = (n: number): string => `#${n}`;

// ---- helper calls ----------------------------------------------------------------------------

/**
 * Calls a lane helper with (shape, Vn, Vm, Vd) (an absent operand passes zeros) and returns the
 * 128-bit result.
 */
export function laneCall(L: A64Lifter, helper: string, sh: number, n?: number, m?: number, d?: number): { lo: Temp; hi: Temp } {
  const args = [L.i32(sh)];
  for (const r of [n, m, d]) {
    if (r === undefined) {
      const z = L.i64(0);
      args.push(z, z);
    } else args.push(L.vlo(r), L.vhi(r));
  }
  return L.vecCall(helper, args);
}
/** Writes a result: all 128 bits, or (q = 0, scalar) the low 64 with the high half cleared. */
export function writeV(L: A64Lifter, d: number, r: { lo: Temp; hi: Temp }, q: number): void {
  if (q) L.setV(d, r.lo, r.hi);
  else L.setV64(d, r.lo);
}

// ---- IR on halves -----------------------------------------------------------------------------

/** The 64-bit pattern with `v` (of esize bits) in every element. */
export function replicate(v: bigint, esize: number): bigint {
  let r = 0n;
  for (let i = 0; i < 64; i += esize) r |= BigInt.asUintN(esize, v) << BigInt(i);
  return r;
}

export class Halves {
  constructor(readonly L: A64Lifter) {}
  k(v: bigint | number): Temp {
    return this.L.i64(v);
  }
  bin(op: 'add' | 'sub' | 'and' | 'or' | 'xor' | 'shl' | 'shr_u' | 'shr_s', a: Temp, b: Temp): Temp {
    return this.L.b.bin(op, a, b);
  }
  not(a: Temp): Temp {
    return this.L.b.un('not', a);
  }
  sh(op: 'shl' | 'shr_u' | 'shr_s', a: Temp, n: number): Temp {
    return this.L.b.bin(op, a, this.L.i32(n));
  }
  /** Lane-wise add/sub of elements of esize bits packed in i64 halves (SWAR). */
  addLanes(a: Temp, b: Temp, esize: number, sub: boolean): Temp {
    if (esize === 64) return this.bin(sub ? 'sub' : 'add', a, b);
    const H = this.k(replicate(1n << BigInt(esize - 1), esize));
    const Lo = this.k(~replicate(1n << BigInt(esize - 1), esize));
    if (!sub) return this.bin('xor', this.bin('add', this.bin('and', a, Lo), this.bin('and', b, Lo)), this.bin('and', this.bin('xor', a, b), H));
    return this.bin('xor', this.bin('sub', this.bin('or', a, H), this.bin('and', b, Lo)), this.bin('and', this.not(this.bin('xor', a, b)), H));
  }
  /** All-ones in each element of x that is zero, else zero (SWAR). */
  zeroMask(x: Temp, esize: number): Temp {
    const b = this.L.b;
    if (esize === 64) return b.select(b.un('eqz', b.bin('or', b.un('lo64', x), b.un('hi64', x))), this.k(-1), this.k(0));
    const H = replicate(1n << BigInt(esize - 1), esize);
    const Lo = this.k(~H);
    // per element: high bit set when the element is non-zero
    const t = this.bin('or', this.bin('add', this.bin('and', x, Lo), Lo), x);
    const y = this.bin('and', this.not(t), this.k(H));
    return this.bin('sub', this.sh('shl', y, 1), this.sh('shr_u', y, esize - 1));
  }
  /** Element `idx` (of size bytes) of the 128-bit value (lo, hi), zero-extended to i64. */
  extract(lo: Temp, hi: Temp, size: number, idx: number): Temp {
    const eb = 1 << size;
    const off = idx * eb;
    const half = off >= 8 ? hi : lo;
    const shifted = off % 8 ? this.sh('shr_u', half, (off % 8) * 8) : half;
    return size === 3 ? shifted : this.bin('and', shifted, this.k((1n << BigInt(8 * eb)) - 1n));
  }
  /** (lo, hi) with element `idx` replaced by the low bits of v (i64). */
  insert(lo: Temp, hi: Temp, size: number, idx: number, v: Temp): { lo: Temp; hi: Temp } {
    const eb = 1 << size;
    const off = idx * eb;
    const pos = BigInt((off % 8) * 8);
    let nv: Temp;
    if (size === 3) nv = v;
    else {
      const m = ((1n << BigInt(8 * eb)) - 1n) << pos;
      const part = this.bin('and', pos ? this.sh('shl', v, Number(pos)) : v, this.k(m));
      nv = this.bin('or', this.bin('and', off >= 8 ? hi : lo, this.k(~m)), part);
    }
    return off >= 8 ? { lo, hi: nv } : { lo: nv, hi };
  }
  /** v (an element of size bytes, zero-extended) in every element of an i64. */
  replicate(v: Temp, size: number): Temp {
    let r = v;
    for (let w = 8 << size; w < 64; w *= 2) r = this.bin('or', r, this.sh('shl', r, w));
    return r;
  }
}
