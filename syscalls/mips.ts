// What MIPS o32 calls differently from the other 32-bit ABIs: its private syscalls (set_thread_area,
// cacheflush, sysmips, cachectl, the FP mode prctl), the two-register result of pipe, the indirect
// `syscall` and the old struct stat (stat64 and statfs64 are in layout.ts, chosen by compat32.ts).
import * as fs from 'node:fs';
import { SLOT_ULR } from '../src/arch/mips/state.ts';
import { PAGE_SHIFT } from '../src/mem/memory.ts';
import { fail } from './errors.ts';
import { makePipe, statPath } from './fs.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';
import { writeStatMips } from './layout.ts';
import { procSyscalls } from './proc.ts';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
/** v1, the second result register (o32 pipe). */
const V1 = 3;

/** prctl options for the FPU register mode (linux/prctl.h) and their mode bits. */
const PR_SET_FP_MODE = 45, PR_GET_FP_MODE = 46;
const PR_FP_MODE_FR = 1, PR_FP_MODE_FRE = 2;

/**
 * What a MIPS arch may offer for prctl's FP mode: the current PR_FP_MODE_* bits and a switch that
 * says whether it could. Without it the CPU is taken to stay in FR=0.
 */
interface FpModeControl {
  fpMode(): number;
  setFpMode(mode: number): boolean;
}
const fpControl = (k: Kernel): FpModeControl | undefined => {
  const a = k.arch as unknown as Partial<FpModeControl>;
  return typeof a.fpMode === 'function' && typeof a.setFpMode === 'function' ? (a as FpModeControl) : undefined;
};

/**
 * The MIPS private syscalls. `all` is the guest's whole syscall table, for the indirect
 * `syscall(nr, ...)` (filled in by the caller once merged).
 */
export function mipsPrivateSyscalls(all: Record<string, SyscallImpl>): Record<string, SyscallImpl> {
  return {
    // The TLS pointer lives in UserLocal, which the guest reads with RDHWR $29.
    set_thread_area: (k, a) => {
      k.cpu.R[SLOT_ULR] = a[0] | 0;
      return 0;
    },
    // A guest JIT's "I wrote code in [addr, addr + nbytes)": drop what was translated from those
    // pages. The kernel ignores the cache argument and fails only a range outside user space;
    // tsemu's user space is the whole 4 GiB (qemu-user answers 0 to any range), so it never fails.
    cacheflush: (k, a) => {
      const start = a[0] >>> 0, len = a[1] >>> 0;
      if (len === 0) return 0;
      const end = Math.min(start + len, 2 ** 32);
      k.mem.onCodeInvalidate(start >>> PAGE_SHIFT, Math.ceil(end / 2 ** PAGE_SHIFT));
      return 0;
    },
    // sysmips (arch/mips/kernel/syscall.c: MIPS_ATOMIC_SET, MIPS_FIXADE, FLUSH_CACHE) is deprecated
    // and qemu-user, the oracle, answers ENOSYS to every command: so does tsemu. cachectl is
    // ENOSYS in the kernel itself.
    sysmips: () => fail('ENOSYS'),
    cachectl: () => fail('ENOSYS'),
    // The dynamic linker asks for the FPU register mode (and may set it) before it loads objects
    // whose PT_MIPS_ABIFLAGS need FR=1 (arch/mips/kernel/process.c, mips_set_process_fp_mode).
    prctl: (k, a) => {
      const option = k.int(a[0]);
      if (option === PR_GET_FP_MODE) return fpControl(k)?.fpMode() ?? 0;
      if (option === PR_SET_FP_MODE) {
        const mode = a[1] >>> 0;
        if (mode & ~(PR_FP_MODE_FR | PR_FP_MODE_FRE)) fail('EINVAL');
        const ctl = fpControl(k);
        const ok = ctl ? ctl.setFpMode(mode) : mode === 0;
        return ok ? 0 : fail('EOPNOTSUPP');
      }
      return procSyscalls.prctl(k, a);
    },
    // syscall(nr, args...): the number in a0 and the arguments shifted down by one.
    syscall: (k, a) => {
      const name = k.tables.syscallNames[a[0]];
      const impl = name && name !== 'syscall' ? all[name] : undefined;
      if (!impl) return fail('ENOSYS');
      return impl(k, a.slice(1));
    },
    // o32 pipe returns the read end in v0 and the write end in v1.
    pipe: (k) => {
      const [rf, wf] = makePipe(k, 0);
      k.cpu.R[V1] = wf;
      return rf;
    },
    // The old struct stat (all fields 32 bits); glibc calls fstatat64 and statx instead.
    stat: (k, a) => {
      writeStatMips(k.w, a[1], statPath(k, AT_FDCWD, a[0], 0));
      return 0;
    },
    lstat: (k, a) => {
      writeStatMips(k.w, a[1], statPath(k, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW));
      return 0;
    },
    fstat: (k, a) => {
      writeStatMips(k.w, a[1], fs.fstatSync(k.file(a[0]).hostFd, { bigint: true }));
      return 0;
    },
  };
}
