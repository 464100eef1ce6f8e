// Runtime helpers of the A64 integer lifter (system registers, CRC32, ...): names are what dp.ts emits.
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';

export function makeA64IntHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  return {};
}
