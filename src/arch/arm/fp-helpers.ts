// Runtime helpers of the ARM FP/SIMD lifter (exact IEEE arithmetic under FPSCR). (Stub.)
import type { CpuState } from '../types.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';

export function makeArmFpHelpers(_cpu: CpuState, _mem: GuestMemory, _ret: Ret): Record<string, unknown> {
  return {};
}
