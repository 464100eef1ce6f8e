// The AArch64 guest (ARMv8.0-A with LSE atomics and CRC32; Linux arm64 ABI).
import { EM_AARCH64 } from '../../elf/parse.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { CpuState, type GuestArch } from '../types.ts';
import { AARCH64_HWCAP, AARCH64_HWCAP2, AARCH64_PLATFORM } from './abi.ts';
import { makeA64FpHelpers } from './fp-helpers.ts';
import { makeA64IntHelpers } from './helpers.ts';
import { makeA64LsHelpers } from './ls-helpers.ts';
import { makeA64SimdHelpers } from './simd-helpers.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPCR, SLOT_FPSR, SLOT_NF, SLOT_SP, SLOT_VF, SLOT_ZF, STATE_WORDS, SLOT_TPIDR, vslot, xslot } from './state.ts';
import { aarch64Signals } from './signal.ts';
import { disassembleAt, translateBlock } from './translate.ts';

const X0 = 0, X8 = 8;
const word64 = (cpu: CpuState, slot: number): number => cpu.R[slot + 1]! * 4294967296 + (cpu.R[slot]! >>> 0);
const hex64 = (cpu: CpuState, slot: number): string =>
  (cpu.R[slot + 1]! >>> 0).toString(16).padStart(8, '0') + (cpu.R[slot]! >>> 0).toString(16).padStart(8, '0');

export function makeAarch64(): GuestArch {
  return {
    name: 'aarch64',
    elfMachine: EM_AARCH64,
    is64: true,
    littleEndian: true,
    stateWords: STATE_WORDS,
    unameMachine: 'aarch64',
    platform: AARCH64_PLATFORM,
    hwcap: AARCH64_HWCAP,
    hwcap2: AARCH64_HWCAP2,
    syscalls: {
      // Number in x8, arguments in x0..x5, result in x0.
      number: (cpu) => cpu.R[xslot(X8)]!,
      args: (cpu) => [0, 1, 2, 3, 4, 5].map((i) => word64(cpu, xslot(X0 + i))),
      setResult: (cpu, v) => {
        cpu.R[xslot(X0)] = v | 0;
        cpu.R[xslot(X0) + 1] = Math.floor(v / 4294967296) | 0;
      },
    },
    checkElf(is64) {
      if (!is64) return 'this is a 32-bit binary; tsemu-aarch64 runs AArch64 (ELF64) only';
      return undefined;
    },
    initCpu(cpu, init) {
      cpu.R.fill(0);
      cpu.R[SLOT_SP] = init.sp;
      cpu.R[SLOT_ZF] = 1; // Z clear
      cpu.R[SLOT_EXCL_ADDR] = -1; // the exclusive monitor holds no address
      cpu.R[SLOT_EXCL_ADDR + 1] = -1;
      cpu.pc = init.entry >>> 0;
    },
    // x0..x30 and SP as i64, the flag words as i32, the low 64 bits of v0..v31 as f64 (a region that
    // also reads them as raw bits or singles keeps that register in the file).
    promotable: [
      ...Array.from({ length: 31 }, (_, i) => ({ slot: xslot(i), ty: 'i64' as const })),
      { slot: SLOT_SP, ty: 'i64' as const },
      ...[SLOT_NF, SLOT_ZF, SLOT_CF, SLOT_VF].map((slot) => ({ slot, ty: 'i32' as const })),
      ...Array.from({ length: 32 }, (_, i) => ({ slot: vslot(i), ty: 'f64' as const })),
    ],
    signals: aarch64Signals,
    translate: translateBlock,
    disassemble: (mem: GuestMemory, pc: number) => disassembleAt(mem, pc),
    dumpCpu(cpu: CpuState) {
      let s = ` PC=${(cpu.pc >>> 0).toString(16).padStart(16, '0')}`;
      for (let i = 0; i < 31; i++) s += `${i % 4 === 0 ? '\n' : ''} X${String(i).padStart(2, '0')}=${hex64(cpu, xslot(i))}`;
      s += ` SP=${hex64(cpu, SLOT_SP)}\n`;
      const n = cpu.R[SLOT_NF]! < 0, z = cpu.R[SLOT_ZF] === 0, c = cpu.R[SLOT_CF] !== 0, v = cpu.R[SLOT_VF]! < 0;
      s += `PSTATE ${n ? 'N' : '-'}${z ? 'Z' : '-'}${c ? 'C' : '-'}${v ? 'V' : '-'} EL0t\n`;
      s += `FPCR=${(cpu.R[SLOT_FPCR]! >>> 0).toString(16).padStart(8, '0')} FPSR=${(cpu.R[SLOT_FPSR]! >>> 0).toString(16).padStart(8, '0')} TPIDR=${hex64(cpu, SLOT_TPIDR)}\n`;
      return s;
    },
    makeHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret) {
      return {
        ...makeA64IntHelpers(cpu, mem, ret),
        ...makeA64LsHelpers(cpu, mem, ret),
        ...makeA64FpHelpers(cpu, mem, ret),
        ...makeA64SimdHelpers(cpu, mem, ret),
      };
    },
  };
}
