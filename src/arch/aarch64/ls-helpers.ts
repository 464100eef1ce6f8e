// Runtime helpers of the A64 load/store lifter (ls.ts): the exclusive monitor, CAS/CASP and the LSE
// atomics. They read-modify-write guest memory through Atomics on views of the shared memory, so
// they stay atomic once guest threads run in workers (DESIGN.md 6); every such access is naturally
// aligned (a misaligned one is SIGBUS BUS_ADRALN, as Linux reports the alignment fault). A 16-byte
// pair is two 8-byte accesses. Faults are precise: GuestFault at the instruction's PC.
//
// An i64 argument arrives as (lo, hi); an i64 result is returned as lo with the high word in ret.hi;
// the second value of a pair goes to SLOT_VRET_HI (A64Lifter.vecCall). The monitor lives in the
// non-promotable slots SLOT_EXCL_ADDR/SIZE/VAL, which CLREX (an IR store of -1) also writes.
import { GuestFault, type GuestMemory, PAGE_READ, PAGE_WRITE } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { type CpuState, GuestTrap } from '../types.ts';
import { SLOT_EXCL_ADDR, SLOT_EXCL_SIZE, SLOT_EXCL_VAL, SLOT_VRET_HI } from './state.ts';

const big = (lo: number, hi: number): bigint => (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
const MASKS = [0, 0xff, 0xffff, 0, 0xffffffff];

export function makeA64LsHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret): Record<string, unknown> {
  const R = cpu.R;
  const buffer = mem.buffer;
  const i8 = new Int8Array(buffer);
  const i16 = new Int16Array(buffer);
  const i32 = new Int32Array(buffer);
  const i64 = new BigInt64Array(buffer);

  /** The address of an exclusive/atomic access: aligned to `align` (else SIGBUS), mapped with `prot` (else SIGSEGV). */
  const checked = (lo: number, hi: number, bytes: number, align: number, prot: number, pc: number): number => {
    const a = lo >>> 0;
    if (hi === 0 && (a & (align - 1)) !== 0) throw new GuestTrap(pc >>> 0, 'SIGBUS');
    if (hi !== 0 || !mem.accessible(a, bytes, (prot & PAGE_WRITE) !== 0)) {
      const addr = hi === 0 ? a : Number(BigInt.asUintN(64, big(lo, hi)));
      throw new GuestFault(addr, pc >>> 0, (prot & PAGE_WRITE) !== 0, hi === 0 && mem.isMapped(a));
    }
    return a;
  };

  /** Returns a 64-bit value: lo, high word in ret.hi. */
  const ret64 = (v: bigint): number => {
    ret.hi = Number(BigInt.asIntN(32, v >> 32n));
    return Number(BigInt.asIntN(32, v));
  };
  const ret32 = (v: number): number => {
    ret.hi = 0;
    return v;
  };
  const setVretHi = (v: bigint): void => {
    R[SLOT_VRET_HI] = Number(BigInt.asIntN(32, v));
    R[SLOT_VRET_HI + 1] = Number(BigInt.asIntN(32, v >> 32n));
  };

  /** Atomically reads a zero-extended value of 1, 2 or 4 bytes. */
  const load32 = (a: number, bytes: number): number => {
    switch (bytes) {
      case 1: return Atomics.load(i8, a) & 0xff;
      case 2: return Atomics.load(i16, a >>> 1) & 0xffff;
      default: return Atomics.load(i32, a >>> 2);
    }
  };
  /** Atomically replaces `expected` (the low `bytes` bytes) by `value` and returns the old value, zero-extended. */
  const cas32 = (a: number, bytes: number, expected: number, value: number): number => {
    switch (bytes) {
      case 1: return Atomics.compareExchange(i8, a, expected, value) & 0xff;
      case 2: return Atomics.compareExchange(i16, a >>> 1, expected, value) & 0xffff;
      default: return Atomics.compareExchange(i32, a >>> 2, expected, value);
    }
  };
  /** Low `bytes` bytes of a JS number, zero-extended (as int32 bits for 4). */
  const trunc = (v: number, bytes: number): number => (bytes === 4 ? v | 0 : v & MASKS[bytes]!);

  // ---- exclusive monitor -------------------------------------------------------------------

  const monitorHolds = (a: number, bytes: number): boolean =>
    R[SLOT_EXCL_ADDR] === (a | 0) && R[SLOT_EXCL_ADDR + 1] === 0 && R[SLOT_EXCL_SIZE] === bytes;
  const mark = (a: number, bytes: number, v0: bigint, v1: bigint): void => {
    R[SLOT_EXCL_ADDR] = a | 0;
    R[SLOT_EXCL_ADDR + 1] = 0;
    R[SLOT_EXCL_SIZE] = bytes;
    i64setSlot(SLOT_EXCL_VAL, v0);
    i64setSlot(SLOT_EXCL_VAL + 2, v1);
  };
  const i64setSlot = (slot: number, v: bigint): void => {
    R[slot] = Number(BigInt.asIntN(32, v));
    R[slot + 1] = Number(BigInt.asIntN(32, v >> 32n));
  };
  const slot64 = (slot: number): bigint => big(R[slot]!, R[slot + 1]!);
  const clearMonitor = (): void => {
    R[SLOT_EXCL_ADDR] = -1;
    R[SLOT_EXCL_ADDR + 1] = -1;
  };

  /**
   * One LSE read-modify-write of 1, 2, 4 or 8 bytes; returns the old value zero-extended. `direct`
   * is the Atomics operation when there is one (add, and, or, xor, exchange: the operand already
   * transformed by `operand`), else `combine` (old, operand -> new, unsigned at the access's width,
   * as numbers below 8 bytes and BigInts at 8) runs in a compare-exchange loop.
   */
  type Direct = 'add' | 'and' | 'or' | 'xor' | 'exchange';
  const rmw = (
    direct: Direct | undefined,
    operand: (v: bigint) => bigint,
    combine: (old: number, v: number, bits: number) => number,
    combine64: (old: bigint, v: bigint) => bigint,
  ) => {
    return (lo: number, hi: number, vl: number, vh: number, bytes: number, pc: number): number => {
      const a = checked(lo, hi, bytes, bytes, PAGE_READ | PAGE_WRITE, pc);
      if (bytes === 8) {
        const v = operand(big(vl, vh));
        if (direct) return ret64(Atomics[direct](i64, a >>> 3, v));
        for (;;) {
          const old = Atomics.load(i64, a >>> 3);
          const next = BigInt.asIntN(64, combine64(BigInt.asUintN(64, old), BigInt.asUintN(64, v)));
          if (Atomics.compareExchange(i64, a >>> 3, old, next) === old) return ret64(BigInt.asUintN(64, old));
        }
      }
      const bits = bytes * 8;
      const m = MASKS[bytes]!;
      let v = vl;
      if (direct) {
        if (direct === 'and') v = ~v; // LDCLR
        const old = bytes === 1 ? Atomics[direct](i8, a, v) : bytes === 2 ? Atomics[direct](i16, a >>> 1, v) : Atomics[direct](i32, a >>> 2, v);
        return ret32(bytes === 4 ? old : old & m);
      }
      v = bytes === 4 ? v >>> 0 : v & m;
      for (;;) {
        const old = load32(a, bytes) >>> 0;
        if (cas32(a, bytes, old | 0, combine(old, v, bits) | 0) >>> 0 === old) return ret32(old | 0);
      }
    };
  };
  /** Signed value of an unsigned one of `bits` bits. */
  const sx = (v: number, bits: number): number => (bits === 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits));
  const same = (v: bigint): bigint => v;
  const none = (): number => 0;
  const none64 = (): bigint => 0n;

  return {
    /** LDAR/STLR/LDAPR of a misaligned address (the lifter guards the call). */
    a64_misaligned(_lo: number, _hi: number, pc: number): void {
      throw new GuestTrap(pc >>> 0, 'SIGBUS');
    },

    /** LDXR/LDAXR: reads and marks the monitor; the value zero-extended. */
    a64_ldxr(lo: number, hi: number, bytes: number, pc: number): number {
      const a = checked(lo, hi, bytes, bytes, PAGE_READ, pc);
      if (bytes === 8) {
        const v = Atomics.load(i64, a >>> 3);
        mark(a, 8, v, 0n);
        return ret64(v);
      }
      const v = load32(a, bytes);
      mark(a, bytes, BigInt(v >>> 0), 0n);
      return ret32(v);
    },

    /** STXR/STLXR: 0 if the monitor held this address and size and memory still held the value read (then stores), else 1. */
    a64_stxr(lo: number, hi: number, vl: number, vh: number, bytes: number, pc: number): number {
      const a = lo >>> 0;
      if (hi !== 0 || !monitorHolds(a, bytes)) {
        clearMonitor();
        return 1;
      }
      clearMonitor();
      checked(lo, hi, bytes, bytes, PAGE_READ | PAGE_WRITE, pc);
      if (bytes === 8) {
        const expected = slot64(SLOT_EXCL_VAL);
        return Atomics.compareExchange(i64, a >>> 3, expected, big(vl, vh)) === expected ? 0 : 1;
      }
      const expected = R[SLOT_EXCL_VAL]!;
      return cas32(a, bytes, expected, trunc(vl, bytes)) === trunc(expected, bytes) ? 0 : 1;
    },

    /** LDXP/LDAXP of two elements of `bytes` (4 or 8): the first returned, the second in SLOT_VRET_HI. */
    a64_ldxp(lo: number, hi: number, bytes: number, pc: number): number {
      const a = checked(lo, hi, 2 * bytes, 2 * bytes, PAGE_READ, pc);
      if (bytes === 4) {
        const both = Atomics.load(i64, a >>> 3);
        mark(a, 8, both, 0n);
        setVretHi(BigInt.asUintN(32, both >> 32n));
        return ret64(BigInt.asUintN(32, both));
      }
      const first = Atomics.load(i64, a >>> 3);
      const second = Atomics.load(i64, (a >>> 3) + 1);
      mark(a, 16, first, second);
      setVretHi(second);
      return ret64(first);
    },

    /** STXP/STLXP: as a64_stxr for a pair of elements of `bytes`. */
    a64_stxp(lo: number, hi: number, l1: number, h1: number, l2: number, h2: number, bytes: number, pc: number): number {
      const a = lo >>> 0;
      if (hi !== 0 || !monitorHolds(a, 2 * bytes)) {
        clearMonitor();
        return 1;
      }
      clearMonitor();
      checked(lo, hi, 2 * bytes, 2 * bytes, PAGE_READ | PAGE_WRITE, pc);
      if (bytes === 4) {
        const expected = slot64(SLOT_EXCL_VAL);
        const value = big(l1 >>> 0, l2);
        return Atomics.compareExchange(i64, a >>> 3, expected, value) === expected ? 0 : 1;
      }
      // No 128-bit atomics in JS: compare both halves, then write them.
      const k = a >>> 3;
      if (Atomics.load(i64, k) !== slot64(SLOT_EXCL_VAL) || Atomics.load(i64, k + 1) !== slot64(SLOT_EXCL_VAL + 2)) return 1;
      Atomics.store(i64, k, big(l1, h1));
      Atomics.store(i64, k + 1, big(l2, h2));
      return 0;
    },

    /** CAS: stores `new` if memory holds `cmp` (low `bytes` bytes); returns the old value zero-extended. */
    a64_cas(lo: number, hi: number, cl: number, ch: number, nl: number, nh: number, bytes: number, pc: number): number {
      const a = checked(lo, hi, bytes, bytes, PAGE_READ | PAGE_WRITE, pc);
      if (bytes === 8) return ret64(Atomics.compareExchange(i64, a >>> 3, big(cl, ch), big(nl, nh)));
      return ret32(cas32(a, bytes, trunc(cl, bytes), trunc(nl, bytes)));
    },

    /** CASP: the pair at [a] (elements of `bytes`) compared with (c1, c2), replaced by (n1, n2); old first returned, second in SLOT_VRET_HI. */
    a64_casp(lo: number, hi: number, c1l: number, c1h: number, c2l: number, c2h: number, n1l: number, n1h: number, n2l: number, n2h: number, bytes: number, pc: number): number {
      const a = checked(lo, hi, 2 * bytes, 2 * bytes, PAGE_READ | PAGE_WRITE, pc);
      const k = a >>> 3;
      if (bytes === 4) {
        const old = Atomics.compareExchange(i64, k, big(c1l >>> 0, c2l), big(n1l >>> 0, n2l));
        setVretHi(BigInt.asUintN(32, old >> 32n));
        return ret64(BigInt.asUintN(32, old));
      }
      // Two 8-byte halves (no 128-bit atomics in JS).
      const old1 = Atomics.load(i64, k), old2 = Atomics.load(i64, k + 1);
      if (old1 === big(c1l, c1h) && old2 === big(c2l, c2h)) {
        Atomics.store(i64, k, big(n1l, n1h));
        Atomics.store(i64, k + 1, big(n2l, n2h));
      }
      setVretHi(old2);
      return ret64(old1);
    },

    a64_ldadd: rmw('add', same, none, none64),
    a64_ldclr: rmw('and', (v) => ~v, none, none64),
    a64_ldeor: rmw('xor', same, none, none64),
    a64_ldset: rmw('or', same, none, none64),
    a64_swp: rmw('exchange', same, none, none64),
    a64_ldsmax: rmw(undefined, same, (o, v, bits) => (sx(v, bits) > sx(o, bits) ? v : o), (o, v) => (BigInt.asIntN(64, v) > BigInt.asIntN(64, o) ? v : o)),
    a64_ldsmin: rmw(undefined, same, (o, v, bits) => (sx(v, bits) < sx(o, bits) ? v : o), (o, v) => (BigInt.asIntN(64, v) < BigInt.asIntN(64, o) ? v : o)),
    a64_ldumax: rmw(undefined, same, (o, v) => (v > o ? v : o), (o, v) => (v > o ? v : o)),
    a64_ldumin: rmw(undefined, same, (o, v) => (v < o ? v : o), (o, v) => (v < o ? v : o)),
  };
}
