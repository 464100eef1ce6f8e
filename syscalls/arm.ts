// 32-bit ARM's private syscalls (__ARM_NR_*, 0xf0001..0xf0006: arch/arm/kernel/traps.c).
import { SLOT_TPIDRURO } from '../src/arch/arm/state.ts';
import { PAGE_SHIFT } from '../src/mem/memory.ts';
import { fail } from './errors.ts';
import { ProcessExit, type SyscallImpl } from './kernel.ts';

export const armPrivateSyscalls: Record<string, SyscallImpl> = {
  // A guest JIT's "I wrote code in [start, end)": drop what was translated from those pages.
  cacheflush: (k, a) => {
    const start = a[0] >>> 0, end = a[1] >>> 0;
    if (end < start || a[2] !== 0) fail('EINVAL');
    if (end > start) {
      if (!k.mem.check(start, end - start, 0)) fail('EFAULT');
      k.mem.onCodeInvalidate(start >>> PAGE_SHIFT, ((end - 1) >>> PAGE_SHIFT) + 1);
    }
    return 0;
  },
  // The TLS pointer lives in TPIDRURO, which the guest reads with MRC p15 (and __kuser_get_tls).
  set_tls: (k, a) => {
    k.cpu.R[SLOT_TPIDRURO] = a[0] | 0;
    return 0;
  },
  get_tls: (k) => k.cpu.R[SLOT_TPIDRURO] >>> 0,
  // The kernel raises SIGTRAP as from a breakpoint; without signal delivery the guest dies of it.
  breakpoint: (k) => {
    const sig = k.tables.signalNumbers.SIGTRAP;
    throw new ProcessExit(128 + sig, sig);
  },
  // 26-bit mode never existed on the CPUs Linux EABI runs on.
  usr26: () => fail('ENOSYS'),
  usr32: () => fail('ENOSYS'),
};
