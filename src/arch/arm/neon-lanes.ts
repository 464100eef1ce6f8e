// Lane-level building blocks of the NEON lifter. A D register is two i32 words (dslot(n), +1); an
// element of 8 or 16 bits is read extended to an i32, one of 32 bits as its word (or extended to
// i64 where an operation needs the range: "wide"), one of 64 bits as an i64. Writes mask and pack
// the elements back into words. Saturation records QC (FPSCR bit 27) through an i32 that ORs the
// lanes' "clamped" bits and is written once at the end of the instruction.
import type { BinOp, Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import { SLOT_FPSCR } from './state.ts';
import { getDW, setDW } from './vfp-regs.ts';

export type Esize = 8 | 16 | 32 | 64;

export class Lanes {
  readonly b;
  private qc: Temp | undefined;
  constructor(readonly L: ArmLifter) {
    this.b = L.b;
  }
  k(v: number): Temp {
    return this.b.i32(v);
  }
  k64(v: number | bigint): Temp {
    return this.b.i64(v);
  }
  /** A constant of the type of t. */
  kOf(t: Temp, v: number | bigint): Temp {
    return this.b.ty(t) === 'i64' ? this.b.i64(v) : this.b.i32(Number(v));
  }
  bin(op: BinOp, a: Temp, b: Temp): Temp {
    return this.b.bin(op, a, b);
  }
  sel(c: Temp, a: Temp, b: Temp): Temp {
    return this.b.select(c, a, b);
  }
  /** Shift of t by a constant amount. */
  sh(op: 'shl' | 'shr_u' | 'shr_s', t: Temp, n: number): Temp {
    return this.b.bin(op, t, this.k(n));
  }
  /** Shift of t by an i32 temp (IR shift amounts are i32). */
  shv(op: 'shl' | 'shr_u' | 'shr_s', t: Temp, n: Temp): Temp {
    return this.b.bin(op, t, n);
  }
  width(t: Temp): number {
    return this.b.ty(t) === 'i64' ? 64 : 32;
  }

  /**
   * Elements of the D registers d, d+1, ... (regs of them). esize 8/16 extended by `signed`;
   * 32: the word, or extended to i64 when `wide`; 64: i64.
   */
  read(d: number, regs: number, esize: Esize, signed: boolean, wide = false): Temp[] {
    const b = this.b;
    const out: Temp[] = [];
    for (let r = 0; r < regs; r++) {
      if (esize === 64) {
        out.push(b.bin('pair', getDW(this.L, d + r, 0), getDW(this.L, d + r, 1)));
        continue;
      }
      for (let w = 0; w < 2; w++) {
        const word = getDW(this.L, d + r, w);
        if (esize === 32) {
          out.push(wide ? b.un(signed ? 'sext32to64' : 'zext32to64', word) : word);
          continue;
        }
        for (let pos = 0; pos < 32; pos += esize) {
          const v = pos === 0 ? word : b.bin(signed || pos + esize < 32 ? 'shr_u' : 'shr_u', word, this.k(pos));
          out.push(this.ext(v, esize, signed));
        }
      }
    }
    return out;
  }
  /** The low esize bits of an i32 extended. */
  ext(v: Temp, esize: number, signed: boolean): Temp {
    const b = this.b;
    if (esize === 8) return b.un(signed ? 'sext8' : 'zext8', v);
    if (esize === 16) return b.un(signed ? 'sext16' : 'zext16', v);
    return v;
  }
  /** Element `idx` of a register group (a scalar operand). */
  readOne(d: number, esize: Esize, idx: number, signed: boolean, wide = false): Temp {
    const per = 64 / esize;
    const reg = d + Math.floor(idx / per);
    const bitpos = (idx % per) * esize;
    if (esize === 64) return this.b.bin('pair', getDW(this.L, reg, 0), getDW(this.L, reg, 1));
    const word = getDW(this.L, reg, bitpos >> 5);
    if (esize === 32) return wide ? this.b.un(signed ? 'sext32to64' : 'zext32to64', word) : word;
    return this.ext(this.sh('shr_u', word, bitpos & 31), esize, signed);
  }

  /** An element value (i32 or i64) as the i32 holding its low bits. */
  lo32(v: Temp): Temp {
    return this.b.ty(v) === 'i64' ? this.b.un('lo64', v) : v;
  }
  /** Writes elements (low esize bits of each) to D registers d, d+1, .... */
  write(d: number, esize: Esize, vals: Temp[]): void {
    const b = this.b;
    const words: Temp[] = [];
    if (esize === 64) {
      for (const v of vals) {
        const x = b.ty(v) === 'i64' ? v : b.un('sext32to64', v);
        words.push(b.un('lo64', x), b.un('hi64', x));
      }
    } else if (esize === 32) for (const v of vals) words.push(this.lo32(v));
    else {
      const per = 32 / esize;
      const mask = esize === 8 ? 0xff : 0xffff;
      for (let w = 0; w < vals.length / per; w++) {
        let word: Temp | undefined;
        for (let k = 0; k < per; k++) {
          let v = this.lo32(vals[w * per + k]);
          if (k < per - 1) v = b.bin('and', v, this.k(mask));
          if (k > 0) v = this.sh('shl', v, k * esize);
          word = word === undefined ? v : b.bin('or', word, v);
        }
        words.push(word!);
      }
    }
    words.forEach((w, i) => setDW(this.L, d + (i >> 1), i & 1, w));
  }

  // ---- arithmetic helpers in an element's domain ---------------------------------------------

  lt(a: Temp, b: Temp, esize: number, signed: boolean): Temp {
    // extended 8/16-bit values and i64-widened 32-bit ones order correctly as signed
    return this.bin(!signed && (esize === 64 || (esize === 32 && this.b.ty(a) === 'i32')) ? 'lt_u' : 'lt_s', a, b);
  }
  le(a: Temp, b: Temp, esize: number, signed: boolean): Temp {
    return this.bin(!signed && (esize === 64 || (esize === 32 && this.b.ty(a) === 'i32')) ? 'le_u' : 'le_s', a, b);
  }
  /** 0/1 -> all ones or zero. */
  mask(c: Temp): Temp {
    return this.b.un('neg', c);
  }
  abs(v: Temp): Temp {
    return this.sel(this.bin('lt_s', v, this.kOf(v, 0)), this.b.un('neg', v), v);
  }

  /** Notes a saturation (c: i32 0/1). */
  noteSat(c: Temp): void {
    this.qc = this.qc === undefined ? c : this.bin('or', this.qc, c);
  }
  /** v (a value of a wider domain) clamped to the range of esize-bit signed/unsigned, noting QC. */
  sat(v: Temp, esize: number, signed: boolean, srcUnsigned = false): Temp {
    const w = this.width(v);
    if (srcUnsigned && !signed) {
      // an unsigned 64-bit source: compare unsigned, nothing is below 0
      const khi = this.kOf(v, 2n ** BigInt(esize) - 1n);
      const over = this.bin('lt_u', khi, v);
      this.noteSat(over);
      return this.sel(over, khi, v);
    }
    if (esize >= w) return v;
    const lo = signed ? -(2n ** BigInt(esize - 1)) : 0n;
    const hi = signed ? 2n ** BigInt(esize - 1) - 1n : 2n ** BigInt(esize) - 1n;
    const klo = this.kOf(v, w === 64 ? lo : Number(lo)), khi = this.kOf(v, w === 64 ? hi : Number(BigInt.asIntN(32, hi)));
    const under = this.bin('lt_s', v, klo);
    const over = w === 32 && hi === 0xffffffffn ? this.k(0) : this.bin('lt_s', khi, v);
    this.noteSat(this.bin('or', under, over));
    return this.sel(under, klo, this.sel(over, khi, v));
  }
  /** Saturating add/sub of two 64-bit elements. */
  sat64(op: 'add' | 'sub', a: Temp, b: Temp, signed: boolean): Temp {
    const r = this.bin(op, a, b);
    let ovf: Temp;
    let lim: Temp;
    if (signed) {
      const x = op === 'add' ? this.bin('and', this.bin('xor', a, r), this.bin('xor', b, r)) : this.bin('and', this.bin('xor', a, b), this.bin('xor', a, r));
      ovf = this.bin('lt_s', x, this.k64(0));
      lim = this.sel(this.bin('lt_s', a, this.k64(0)), this.k64(-(2n ** 63n)), this.k64(2n ** 63n - 1n));
    } else {
      ovf = op === 'add' ? this.bin('lt_u', r, a) : this.bin('lt_u', a, b);
      lim = this.k64(op === 'add' ? -1 : 0);
    }
    this.noteSat(ovf);
    return this.sel(ovf, lim, r);
  }

  /** v >> n (n an i32 >= 0, may reach or exceed the width): sign fill or 0 beyond. */
  shrBig(v: Temp, n: Temp, signed: boolean): Temp {
    const w = this.width(v);
    const inRange = this.bin('lt_s', n, this.k(w));
    if (signed) return this.shv('shr_s', v, this.sel(inRange, n, this.k(w - 1)));
    return this.sel(inRange, this.shv('shr_u', v, n), this.kOf(v, 0));
  }
  /** v << n (n an i32 >= 0, may reach the width: 0). */
  shlBig(v: Temp, n: Temp): Temp {
    return this.sel(this.bin('lt_s', n, this.k(this.width(v))), this.shv('shl', v, n), this.kOf(v, 0));
  }
  /** Rounding right shift by n >= 1 without overflow: (v >> n) + bit n-1 of v. */
  rshrBig(v: Temp, n: Temp, signed: boolean): Temp {
    const main = this.shrBig(v, n, signed);
    const half = this.bin('and', this.shrBig(v, this.bin('sub', n, this.k(1)), signed), this.kOf(v, 1));
    return this.bin('add', main, half);
  }

  /** Writes QC if any lane saturated. */
  finish(): void {
    if (this.qc === undefined) return;
    const f = this.b.get(SLOT_FPSCR, 'i32');
    this.L.setSlot(SLOT_FPSCR, this.bin('or', f, this.sh('shl', this.qc, 27)));
    this.qc = undefined;
  }
}
