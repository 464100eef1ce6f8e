// The guest architectures tsemu knows, by qemu's names.
import { makeAarch64 } from './aarch64/index.ts';
import { makeArm } from './arm/index.ts';
import { makeMips } from './mips/index.ts';
import { makeRiscv64 } from './riscv/index.ts';
import type { GuestArch } from './types.ts';

export const ARCHES: Record<string, () => GuestArch> = {
  riscv64: makeRiscv64,
  arm: makeArm,
  aarch64: makeAarch64,
  mips: () => makeMips(false),
  mipsel: () => makeMips(true),
};

/** The arch for an ELF e_machine and byte order, for the `tsemu` launcher. */
export function archForMachine(machine: number, littleEndian = true): string | undefined {
  for (const [name, make] of Object.entries(ARCHES)) {
    const a = make();
    if (a.elfMachine === machine && a.littleEndian === littleEndian) return name;
  }
  // A byte order no guest of that machine has: the loader names the mismatch.
  for (const [name, make] of Object.entries(ARCHES)) if (make().elfMachine === machine) return name;
  return undefined;
}
