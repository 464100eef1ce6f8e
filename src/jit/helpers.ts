// Runtime helpers called by generated code: 64-bit arithmetic on int32 pairs (results return the
// low word and leave the high word in `ret.hi`), bit counting, and the slow path of guest memory
// accesses, which decides between a real access and a precise fault.
import { GuestFault, type GuestMemory, PAGE_WRITE } from '../mem/memory.ts';

export interface Ret {
  hi: number;
}

/** High 32 bits of the unsigned 64-bit product of two uint32 (as int32 bits). */
export function mulhu32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0;
  const mid = (p00 >>> 16) + a1 * b0; // < 2^33, exact in a double
  const mid2 = (mid % 65536) + a0 * b1;
  return (a1 * b1 + Math.floor(mid / 65536) + Math.floor(mid2 / 65536)) | 0;
}

export function popcnt32(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return (Math.imul((a + (a >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function ctz32(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

export function bswap32(a: number): number {
  return ((a >>> 24) | ((a >>> 8) & 0xff00) | ((a & 0xff00) << 8) | (a << 24)) | 0;
}

const toBig = (l: number, h: number) => (BigInt(h) << 32n) | BigInt(l >>> 0);

/** The helper object `H` of generated code, bound to one guest memory. */
export function makeHelpers(mem: GuestMemory, ret: Ret) {
  const dv = mem.dv;
  const le = mem.littleEndian;
  const setBig = (v: bigint): number => {
    ret.hi = Number(BigInt.asIntN(32, v >> 32n));
    return Number(BigInt.asIntN(32, v));
  };
  /** Full 64x64 -> 128 unsigned product; returns word 2 (bits 64..95), ret.hi = word 3. */
  const mulhu64 = (al: number, ah: number, bl: number, bh: number): number => {
    // Four 32x32 partial products, each split into (hi, lo) words.
    const ll_l = Math.imul(al, bl) >>> 0, ll_h = mulhu32(al, bl) >>> 0;
    const lh_l = Math.imul(al, bh) >>> 0, lh_h = mulhu32(al, bh) >>> 0;
    const hl_l = Math.imul(ah, bl) >>> 0, hl_h = mulhu32(ah, bl) >>> 0;
    const hh_l = Math.imul(ah, bh) >>> 0, hh_h = mulhu32(ah, bh) >>> 0;
    // word1 = ll_h + lh_l + hl_l, carries into word2
    const w1 = ll_h + lh_l + hl_l;
    const c1 = Math.floor(w1 / 4294967296);
    const w2 = lh_h + hl_h + hh_l + c1;
    const c2 = Math.floor(w2 / 4294967296);
    ret.hi = (hh_h + c2) | 0;
    return w2 | 0;
  };
  /**
   * Faults at the first byte the access may not touch: an access that crosses from a good page
   * into a bad one reports the bad page's first address (as the host's fault does under qemu).
   */
  const fault = (lo: number, hi: number, size: number, pc: number, write: boolean): never => {
    if (hi !== 0) throw new GuestFault(Number(BigInt.asUintN(64, toBig(lo, hi))), pc, write, false);
    const addr = mem.firstBadByte(lo >>> 0, size, write);
    throw new GuestFault(addr, pc, write, mem.isMapped(addr));
  };

  return {
    mulh32s: (a: number, b: number) => Number((BigInt(a) * BigInt(b)) >> 32n) | 0,
    mulh32u: (a: number, b: number) => mulhu32(a, b),
    mulh32su: (a: number, b: number) => (mulhu32(a, b) - (a < 0 ? b : 0)) | 0,
    mul64: (al: number, ah: number, bl: number, bh: number): number => {
      ret.hi = (mulhu32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
      return Math.imul(al, bl);
    },
    mulh_u64: mulhu64,
    mulh_s64: (al: number, ah: number, bl: number, bh: number): number => {
      let l = mulhu64(al, ah, bl, bh), h = ret.hi;
      // signed high = unsigned high - (a<0 ? b : 0) - (b<0 ? a : 0)
      if (ah < 0) { const nl = (l - bl) | 0; h = (h - bh - ((l >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; l = nl; }
      if (bh < 0) { const nl = (l - al) | 0; h = (h - ah - ((l >>> 0) < (al >>> 0) ? 1 : 0)) | 0; l = nl; }
      ret.hi = h;
      return l;
    },
    mulh_su64: (al: number, ah: number, bl: number, bh: number): number => {
      let l = mulhu64(al, ah, bl, bh), h = ret.hi;
      if (ah < 0) { const nl = (l - bl) | 0; h = (h - bh - ((l >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; l = nl; }
      ret.hi = h;
      return l;
    },
    div_s64: (al: number, ah: number, bl: number, bh: number): number => {
      if (ah === al >> 31 && bh === bl >> 31 && bl !== 0) {
        if (al === -2147483648 && bl === -1) { ret.hi = 0; return al; } // fits 64 bits: +2^31
        const q = (al / bl) | 0;
        ret.hi = q >> 31;
        return q;
      }
      const a = toBig(al, ah), b = toBig(bl, bh);
      if (b === 0n) { ret.hi = -1; return -1; }
      if (a === -(1n << 63n) && b === -1n) { ret.hi = ah; return al; }
      return setBig(a / b);
    },
    div_u64: (al: number, ah: number, bl: number, bh: number): number => {
      if (ah === 0 && bh === 0 && bl !== 0) { ret.hi = 0; return ((al >>> 0) / (bl >>> 0)) | 0; }
      const a = BigInt.asUintN(64, toBig(al, ah)), b = BigInt.asUintN(64, toBig(bl, bh));
      if (b === 0n) { ret.hi = -1; return -1; }
      return setBig(a / b);
    },
    rem_s64: (al: number, ah: number, bl: number, bh: number): number => {
      if (ah === al >> 31 && bh === bl >> 31 && bl !== 0) {
        const r = bl === -1 ? 0 : (al % bl) | 0;
        ret.hi = r >> 31;
        return r;
      }
      const a = toBig(al, ah), b = toBig(bl, bh);
      if (b === 0n) { ret.hi = ah; return al; }
      if (a === -(1n << 63n) && b === -1n) { ret.hi = 0; return 0; }
      return setBig(a % b);
    },
    rem_u64: (al: number, ah: number, bl: number, bh: number): number => {
      if (ah === 0 && bh === 0 && bl !== 0) { ret.hi = 0; return ((al >>> 0) % (bl >>> 0)) | 0; }
      const a = BigInt.asUintN(64, toBig(al, ah)), b = BigInt.asUintN(64, toBig(bl, bh));
      if (b === 0n) { ret.hi = ah; return al; }
      return setBig(a % b);
    },
    shl64: (l: number, h: number, n: number): number => {
      n &= 63;
      if (n === 0) { ret.hi = h; return l; }
      if (n < 32) { ret.hi = (h << n) | (l >>> (32 - n)); return l << n; }
      ret.hi = l << (n - 32);
      return 0;
    },
    shr_u64: (l: number, h: number, n: number): number => {
      n &= 63;
      if (n === 0) { ret.hi = h; return l; }
      if (n < 32) { ret.hi = (h >>> n) | 0; return (l >>> n) | (h << (32 - n)); }
      ret.hi = 0;
      return (h >>> (n - 32)) | 0;
    },
    shr_s64: (l: number, h: number, n: number): number => {
      n &= 63;
      if (n === 0) { ret.hi = h; return l; }
      if (n < 32) { ret.hi = h >> n; return (l >>> n) | (h << (32 - n)); }
      ret.hi = h >> 31;
      return h >> (n - 32);
    },
    rotl64: (l: number, h: number, n: number): number => {
      n &= 63;
      if (n >= 32) { const t = l; l = h; h = t; n -= 32; }
      if (n === 0) { ret.hi = h; return l; }
      ret.hi = (h << n) | (l >>> (32 - n));
      return (l << n) | (h >>> (32 - n));
    },
    rotr64: (l: number, h: number, n: number): number => {
      n &= 63;
      if (n >= 32) { const t = l; l = h; h = t; n -= 32; }
      if (n === 0) { ret.hi = h; return l; }
      ret.hi = (h >>> n) | (l << (32 - n));
      return (l >>> n) | (h << (32 - n));
    },
    ctz64: (l: number, h: number) => (l !== 0 ? ctz32(l) : 32 + ctz32(h)),
    ctz32,
    popcnt32,
    bswap32,

    /** Slow path of a load: a low or out-of-range address, or (strict mode) a page the fast path may not read. */
    load(lo: number, hi: number, size: number, signed: boolean, pc: number): number {
      const a = lo >>> 0;
      if (hi !== 0 || a + size > 2 ** 32 || !mem.checkLoad(a, size)) fault(lo, hi, size, pc, false);
      switch (size) {
        case 1: return signed ? (mem.u8[a] << 24) >> 24 : mem.u8[a];
        case 2: return signed ? dv.getInt16(a, le) : dv.getUint16(a, le);
        case 4: return dv.getInt32(a, le);
        default:
          ret.hi = dv.getInt32(le ? a + 4 : a, le);
          return dv.getInt32(le ? a : a + 4, le);
      }
    },
    loadF(lo: number, hi: number, size: number, pc: number): number {
      const a = lo >>> 0;
      if (hi !== 0 || a + size > 2 ** 32 || !mem.checkLoad(a, size)) fault(lo, hi, size, pc, false);
      return size === 4 ? dv.getFloat32(a, le) : dv.getFloat64(a, le);
    },
    store(lo: number, hi: number, size: number, vl: number, vh: number, pc: number): void {
      const a = lo >>> 0;
      if (hi !== 0 || a + size > 2 ** 32 || !mem.check(a, size, PAGE_WRITE)) fault(lo, hi, size, pc, true);
      switch (size) {
        case 1: mem.u8[a] = vl; return;
        case 2: dv.setInt16(a, vl, le); return;
        case 4: dv.setInt32(a, vl, le); return;
        default:
          dv.setInt32(le ? a : a + 4, vl, le);
          dv.setInt32(le ? a + 4 : a, vh, le);
      }
    },
    storeF(lo: number, hi: number, size: number, v: number, pc: number): void {
      const a = lo >>> 0;
      if (hi !== 0 || a + size > 2 ** 32 || !mem.check(a, size, PAGE_WRITE)) fault(lo, hi, size, pc, true);
      if (size === 4) dv.setFloat32(a, v, le);
      else dv.setFloat64(a, v, le);
    },
    /** An indirect jump above 4 GiB: fetching there faults with the PC at the target. */
    badJump(lo: number, hi: number): number {
      const addr = Number(BigInt.asUintN(64, toBig(lo, hi)));
      throw new GuestFault(addr, addr, false, false);
    },
  };
}

export type CoreHelpers = ReturnType<typeof makeHelpers>;
