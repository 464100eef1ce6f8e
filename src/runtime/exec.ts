// execve: replacing the process image (DESIGN.md 6). Placeholder signature; the implementation
// lands with the process work of issue 7.
import type { CpuState, GuestArch } from '../arch/types.ts';
import type { GuestMemory } from '../mem/memory.ts';
import { SysError } from '../../syscalls/errors.ts';
import type { Kernel } from '../../syscalls/kernel.ts';
import type { RunOptions } from './run.ts';

export interface ExecContext {
  kernel: Kernel;
  arch: GuestArch;
  cpu: CpuState;
  mem: GuestMemory;
  /** How this tsemu was started (for -L, -s, -seed, and for exec'ing another tsemu). */
  opts: RunOptions;
}

export function execInProcess(_ctx: ExecContext, _path: string, _argv: Buffer[], _env: Buffer[]): void {
  throw new SysError('ENOSYS');
}
