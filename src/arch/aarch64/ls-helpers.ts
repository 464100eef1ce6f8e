// Runtime helpers of the A64 ls lifter: names are what ls.ts emits.
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';

export function makeA64LsHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  return {};
}
