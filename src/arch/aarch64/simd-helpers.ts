// Runtime helpers of the A64 simd lifter: names are what simd.ts emits.
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';

export function makeA64SimdHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  return {};
}
