// Runtime helpers of ARM's exclusives (LDREX{B,H,D} / STREX{B,H,D}): the monitor is the address,
// size and value(s) LDREX read, in the non-promotable slots SLOT_EXCL_*; STREX succeeds when the
// monitor holds its address and size and memory still holds the value read, with one host
// compare-exchange on the shared memory. So STREX is atomic against every other writer of the
// word: other guest threads, and other tsemu processes sharing the page (MAP_SHARED), which is what
// process-shared mutexes, semaphores and C11 atomics in shared memory rely on (qemu-user does the
// same compare-exchange, so ABA goes unnoticed under both).
//
// A misaligned exclusive cannot be a host atomic; it keeps plain accesses (compare, then store).
// Faults are precise: GuestFault at the instruction's PC, SEGV_ACCERR where the page is mapped.
import { GuestFault, type GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';
import { SLOT_EXCL_ADDR, SLOT_EXCL_SIZE, SLOT_EXCL_VAL } from './state.ts';

const big = (lo: number, hi: number): bigint => (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);

export function makeArmExclusiveHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret): Record<string, unknown> {
  const R = cpu.R;
  const u8 = new Uint8Array(mem.buffer);
  const u16 = new Uint16Array(mem.buffer);
  const i32 = new Int32Array(mem.buffer);
  const i64 = new BigInt64Array(mem.buffer);
  const dv = mem.dv;

  const access = (addr: number, size: number, write: boolean, pc: number): number => {
    const a = addr >>> 0;
    if (!mem.accessible(a, size, write)) throw new GuestFault(mem.firstBadByte(a, size, write), pc >>> 0, write, mem.isMapped(a));
    return a;
  };
  /** Reads 1, 2 or 4 bytes zero-extended (as int32 bits for 4). */
  const read = (a: number, size: number): number => {
    if ((a & (size - 1)) === 0) return size === 1 ? Atomics.load(u8, a) : size === 2 ? Atomics.load(u16, a >>> 1) : Atomics.load(i32, a >>> 2);
    return size === 2 ? dv.getUint16(a, true) : dv.getInt32(a, true);
  };
  /** Replaces `expected` by `value` (low `size` bytes) if memory holds it; true if it did. */
  const cas = (a: number, size: number, expected: number, value: number): boolean => {
    if ((a & (size - 1)) === 0) {
      if (size === 1) return Atomics.compareExchange(u8, a, expected & 0xff, value & 0xff) === (expected & 0xff);
      if (size === 2) return Atomics.compareExchange(u16, a >>> 1, expected & 0xffff, value & 0xffff) === (expected & 0xffff);
      return Atomics.compareExchange(i32, a >>> 2, expected | 0, value | 0) === (expected | 0);
    }
    if (read(a, size) !== expected) return false;
    if (size === 2) dv.setUint16(a, value, true);
    else dv.setInt32(a, value, true);
    return true;
  };

  return {
    /** LDREX{B,H,D}: reads zero-extended (D: the first word; the second in ret.hi) and marks the monitor. */
    arm_ldrex(addr: number, size: number, pc: number): number {
      const a = access(addr, size, false, pc);
      let lo: number, hi = 0;
      if (size === 8) {
        if ((a & 7) === 0) {
          const v = Atomics.load(i64, a >>> 3);
          lo = Number(BigInt.asIntN(32, v));
          hi = Number(BigInt.asIntN(32, v >> 32n));
        } else {
          lo = dv.getInt32(a, true);
          hi = dv.getInt32(a + 4, true);
        }
      } else lo = read(a, size);
      R[SLOT_EXCL_ADDR] = a | 0;
      R[SLOT_EXCL_SIZE] = size;
      R[SLOT_EXCL_VAL] = lo;
      R[SLOT_EXCL_VAL + 1] = hi;
      ret.hi = hi;
      return lo;
    },

    /** STREX{B,H,D}: 0 if the monitor held this address and size and memory the value read (then stored), else 1; clears the monitor. */
    arm_strex(addr: number, size: number, lo: number, hi: number, pc: number): number {
      const held = R[SLOT_EXCL_ADDR] === (addr | 0) && R[SLOT_EXCL_SIZE] === size;
      R[SLOT_EXCL_ADDR] = -1;
      if (!held) return 1;
      const a = access(addr, size, true, pc);
      const e0 = R[SLOT_EXCL_VAL]!, e1 = R[SLOT_EXCL_VAL + 1]!;
      if (size !== 8) return cas(a, size, e0, lo) ? 0 : 1;
      if ((a & 7) === 0) {
        const expected = big(e0, e1);
        return Atomics.compareExchange(i64, a >>> 3, expected, big(lo, hi)) === expected ? 0 : 1;
      }
      if (dv.getInt32(a, true) !== e0 || dv.getInt32(a + 4, true) !== e1) return 1;
      dv.setInt32(a, lo, true);
      dv.setInt32(a + 4, hi, true);
      return 0;
    },
  };
}
