// The 32-bit ARM guest (ARMv7-A, Linux EABI: armhf and armel).
import { EM_ARM } from '../../elf/parse.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { CpuState, type GuestArch } from '../types.ts';
import { ARM_HWCAP, ARM_HWCAP2, ARM_KUSER_PAGE, ARM_PLATFORM } from './abi.ts';
import { makeArmFpHelpers } from './fp-helpers.ts';
import { makeArmExclusiveHelpers } from './exclusive.ts';
import { makeArmIntHelpers } from './helpers.ts';
import { REG_NAMES, SLOT_CF, SLOT_EXCL_ADDR, SLOT_NF, SLOT_VF, SLOT_ZF, STATE_WORDS, dslot, rslot } from './state.ts';
import { armSignals } from './signal.ts';
import { disassembleAt, translateBlock } from './translate.ts';

/** e_flags: EABI version in the top byte (version 5 is the one Linux runs). */
const EF_ARM_EABIMASK = 0xff000000;
const EF_ARM_EABI_VER5 = 0x05000000;

export function makeArm(): GuestArch {
  return {
    name: 'arm',
    elfMachine: EM_ARM,
    is64: false,
    littleEndian: true,
    stateWords: STATE_WORDS,
    unameMachine: 'armv7l',
    platform: ARM_PLATFORM,
    hwcap: ARM_HWCAP,
    hwcap2: ARM_HWCAP2,
    vectorsPage: ARM_KUSER_PAGE,
    syscalls: {
      // EABI: number in r7, arguments in r0..r5, result in r0.
      number: (cpu) => cpu.R[rslot(7)],
      args: (cpu) => [0, 1, 2, 3, 4, 5].map((i) => cpu.R[rslot(i)] >>> 0),
      setResult: (cpu, v) => {
        cpu.R[rslot(0)] = v | 0;
      },
    },
    checkElf(is64, flags) {
      if (is64) return 'this is a 64-bit binary; tsemu-arm runs 32-bit ARM only';
      if ((flags & EF_ARM_EABIMASK) >>> 0 !== EF_ARM_EABI_VER5) return 'only EABI version 5 binaries are supported';
      return undefined;
    },
    initCpu(cpu, init) {
      cpu.R.fill(0);
      cpu.R[rslot(13)] = init.sp;
      cpu.R[SLOT_ZF] = 1; // Z clear
      cpu.R[SLOT_EXCL_ADDR] = -1; // the exclusive monitor holds no address
      // An entry point with bit 0 set is Thumb code; the guest PC carries that bit.
      cpu.pc = init.entry >>> 0;
    },
    // r0..r14 and the four flag words as i32; d0..d31 as f64 (a region that also reads an s
    // register's bits or a d register as i64 keeps that register in the file).
    promotable: [
      ...Array.from({ length: 15 }, (_, i) => ({ slot: rslot(i), ty: 'i32' as const })),
      ...[SLOT_NF, SLOT_ZF, SLOT_CF, SLOT_VF].map((slot) => ({ slot, ty: 'i32' as const })),
      ...Array.from({ length: 32 }, (_, i) => ({ slot: dslot(i), ty: 'f64' as const })),
    ],
    signals: armSignals,
    translate: translateBlock,
    disassemble: (mem: GuestMemory, pc: number) => disassembleAt(mem, pc),
    dumpCpu(cpu: CpuState) {
      const h = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
      let s = '';
      for (let i = 0; i < 15; i++) s += `${REG_NAMES[i].padStart(3)}=${h(cpu.R[rslot(i)])}${i % 4 === 3 ? '\n' : ' '}`;
      const n = cpu.R[SLOT_NF] < 0, z = cpu.R[SLOT_ZF] === 0, c = cpu.R[SLOT_CF] !== 0, v = cpu.R[SLOT_VF] < 0;
      s += ` pc=${h(cpu.pc & ~1)}\nPSR ${n ? 'N' : '-'}${z ? 'Z' : '-'}${c ? 'C' : '-'}${v ? 'V' : '-'} ${cpu.pc & 1 ? 'T' : 'A'}\n`;
      return s;
    },
    makeHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret) {
      return { ...makeArmIntHelpers(), ...makeArmFpHelpers(cpu, mem, ret), ...makeArmExclusiveHelpers(cpu, mem, ret) };
    },
  };
}
