// Runtime helpers of the MIPS FPU lifter (placeholder until the FPU lands).
import type { Ret } from '../../jit/helpers.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { CpuState } from '../types.ts';

export function makeMipsFpuHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret, _fr: () => number): Record<string, unknown> {
  return {};
}
