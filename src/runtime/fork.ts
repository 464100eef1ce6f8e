// fork: the guest's state handed to a new host process of tsemu (DESIGN.md 6). Placeholder
// signatures; the implementation lands with the process work of issue 7.
import type { CpuState } from '../arch/types.ts';
import type { Kernel } from '../../syscalls/kernel.ts';

/** Writes the forking process's state; returns the host fd the child reads it from. */
export function writeForkState(_k: Kernel, _cpu: CpuState): number {
  throw new Error('fork state: not implemented');
}

/** The child's side: restores the state written by writeForkState instead of loading a program. */
export function readForkState(_k: Kernel, _cpu: CpuState, _fd: number): void {
  throw new Error('fork state: not implemented');
}
