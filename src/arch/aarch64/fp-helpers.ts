// Runtime helpers of the A64 fp lifter: names are what fp.ts emits.
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';

export function makeA64FpHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  return {};
}
