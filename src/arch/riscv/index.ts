// The RV64GC guest (Linux lp64d ABI).
import { EM_RISCV } from '../../elf/parse.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { CpuState, type GuestArch } from '../types.ts';
import { formatInsn } from './disasm.ts';
import { makeRiscvHelpers } from './helpers.ts';
import { fetch, translateBlock } from './lift.ts';
import { riscv64Signals } from './signal.ts';
import { ABI_NAMES, FP_ABI_NAMES, SLOT_FFLAGS, SLOT_FRM, STATE_WORDS, fslot, xslot } from './state.ts';

const A0 = 10, A7 = 17;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_RVE = 0x8;

/** AT_HWCAP: one bit per single-letter extension implemented (I M A F D C). */
const HWCAP = ['I', 'M', 'A', 'F', 'D', 'C'].reduce((m, c) => m | (1 << (c.charCodeAt(0) - 65)), 0);

const reg64 = (cpu: CpuState, slot: number) => BigInt.asUintN(64, (BigInt(cpu.R[slot + 1]) << 32n) | BigInt(cpu.R[slot] >>> 0));

export function makeRiscv64(): GuestArch {
  return {
    name: 'riscv64',
    elfMachine: EM_RISCV,
    is64: true,
    littleEndian: true,
    stateWords: STATE_WORDS,
    unameMachine: 'riscv64',
    hwcap: HWCAP,
    signals: riscv64Signals,
    syscalls: {
      number: (cpu) => cpu.R[xslot(A7)],
      args: (cpu) => {
        const out: number[] = [];
        for (let i = 0; i < 6; i++) out.push(cpu.R[xslot(A0 + i) + 1] * 4294967296 + (cpu.R[xslot(A0 + i)] >>> 0));
        return out;
      },
      setResult: (cpu, v) => {
        cpu.R[xslot(A0)] = v | 0;
        cpu.R[xslot(A0) + 1] = Math.floor(v / 4294967296) | 0;
      },
    },
    checkElf(is64, flags) {
      if (!is64) return 'this is a 32-bit RISC-V binary; tsemu-riscv64 runs RV64 only';
      if (flags & EF_RISCV_RVE) return 'RV64E binaries are not supported';
      if ((flags & EF_RISCV_FLOAT_ABI) !== 0x4 && (flags & EF_RISCV_FLOAT_ABI) !== 0) return 'only the lp64 and lp64d ABIs are supported';
      return undefined;
    },
    initCpu(cpu, init) {
      cpu.R.fill(0);
      cpu.R[xslot(2)] = init.sp;
      cpu.pc = init.entry;
    },
    // x1..x31 as i64 and f0..f31 as f64 (a region that also touches an FP register's halves as
    // single-precision bits keeps that register in the file).
    promotable: [
      ...Array.from({ length: 31 }, (_, i) => ({ slot: xslot(i + 1), ty: 'i64' as const })),
      ...Array.from({ length: 32 }, (_, i) => ({ slot: fslot(i), ty: 'f64' as const })),
    ],
    translate: translateBlock,
    disassemble(mem: GuestMemory, pc: number) {
      const d = fetch(mem, pc);
      if (d === 'fault') return { text: '(fetch fault)', length: 2 };
      if (!d) return { text: `.insn\t0x${mem.dv.getUint16(pc, true).toString(16)}`, length: 2 };
      return { text: formatInsn(d, pc), length: d.length };
    },
    dumpCpu(cpu) {
      const hex = (v: bigint) => v.toString(16).padStart(16, '0');
      let s = ` pc       ${cpu.pc.toString(16).padStart(16, '0')}\n`;
      for (let i = 0; i < 32; i++) s += ` ${ABI_NAMES[i].padEnd(8)} ${hex(reg64(cpu, xslot(i)))}${i % 4 === 3 ? '\n' : ''}`;
      for (let i = 0; i < 32; i++) s += ` ${FP_ABI_NAMES[i].padEnd(8)} ${hex(reg64(cpu, fslot(i)))}${i % 4 === 3 ? '\n' : ''}`;
      s += ` fflags ${cpu.R[SLOT_FFLAGS]} frm ${cpu.R[SLOT_FRM]}\n`;
      return s;
    },
    makeHelpers(cpu, mem, ret: Ret) {
      return makeRiscvHelpers(cpu, mem, ret);
    },
  };
}
