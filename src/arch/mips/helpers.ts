// Runtime helpers of the MIPS integer lifter: traps raised from inside a block (conditional traps,
// overflow, anything in a delay slot), SC's atomic compare-and-store, and the cycle counter.
import { bswap32 } from '../../jit/helpers.ts';
import { GuestFault, type GuestMemory } from '../../mem/memory.ts';
import { type CpuState, GuestTrap } from '../types.ts';
import { SLOT_LL_ADDR, SLOT_LL_VAL } from './state.ts';

/** MIPS signal numbers the lifter raises, by name (GuestTrap takes names). */
const SIGNAL_NAMES: Record<number, string> = { 4: 'SIGILL', 5: 'SIGTRAP', 8: 'SIGFPE', 10: 'SIGBUS', 11: 'SIGSEGV' };

export function makeMipsIntHelpers(cpu: CpuState, mem: GuestMemory): Record<string, unknown> {
  const R = cpu.R;
  const words = new Int32Array(mem.buffer);
  // Int32Array sees host (little-endian) order: a big-endian guest's words are byte-swapped there.
  const host = mem.littleEndian ? (v: number) => v | 0 : (v: number) => bswap32(v) | 0;
  return {
    mips_trap(pc: number, signal: number, code: number): void {
      throw new GuestTrap(pc >>> 0, SIGNAL_NAMES[signal] ?? 'SIGILL', code);
    },
    /**
     * SC: 1 if the monitor covers addr and the word still holds what LL read (then stored), else 0.
     * Like qemu-user, an SC the monitor does not cover fails without touching memory, so it
     * neither faults nor checks alignment (LL armed the monitor only at an aligned address).
     */
    mips_sc(addr: number, value: number, pc: number): number {
      const a = addr >>> 0;
      const armed = R[SLOT_LL_ADDR] === (a | 0);
      R[SLOT_LL_ADDR] = -1;
      if (!armed) return 0;
      if (!mem.accessible(a, 4, true)) throw new GuestFault(a, pc >>> 0, true, mem.isMapped(a));
      const expected = host(R[SLOT_LL_VAL]!);
      return Atomics.compareExchange(words, a >>> 2, expected, host(value)) === expected ? 1 : 0;
    },
    /**
     * RDHWR $2: a free-running counter at half of a nominal 200 MHz from the host's monotonic clock
     * (the same in every thread). qemu-user's stays 0; a counter that moves serves programs that
     * time themselves or wait for it to advance.
     */
    mips_cycle_count(): number {
      const [s, ns] = process.hrtime();
      return ((s * 1e8 + Math.floor(ns / 10)) % 4294967296) | 0;
    },
  };
}
