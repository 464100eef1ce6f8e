// The MIPS o32 guests: tsemu-mips (big-endian) and tsemu-mipsel (little-endian), a MIPS32r2 CPU
// with an FPU (qemu-user's default for o32, the 24Kf).
import { EM_MIPS } from '../../elf/parse.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { PromotableSlot } from '../../jit/region.ts';
import { CpuState, type GuestArch } from '../types.ts';
import { allowsFr1, checkMipsElf, o32Syscalls } from './abi.ts';
import { makeMipsFpuHelpers } from './fpu-helpers.ts';
import { makeMipsIntHelpers } from './helpers.ts';
import { makeMipsSignals } from './signal.ts';
import { GPR_NAMES, SLOT_FCSR, SLOT_HI, SLOT_LL_ADDR, SLOT_LO, fpDoubleSlot, gslot, STATE_WORDS } from './state.ts';
import { disassembleAt, translateBlock } from './translate.ts';

export function makeMips(littleEndian: boolean): GuestArch {
  /** FPU register mode: FR=1 unless one of the process's ELFs needs FR=0 (see abi.ts). */
  let fr = 1;
  const promotable: PromotableSlot[] = [];
  const setPromotable = (): void => {
    promotable.length = 0;
    for (let n = 1; n < 32; n++) promotable.push({ slot: gslot(n), ty: 'i32' });
    promotable.push({ slot: SLOT_HI, ty: 'i32' }, { slot: SLOT_LO, ty: 'i32' });
    // Double registers as f64 (a region that also reads their words as singles or raw bits keeps
    // them in the register file).
    for (let n = 0; n < 32; n += fr ? 1 : 2) promotable.push({ slot: fpDoubleSlot(fr, n), ty: 'f64' });
  };
  setPromotable();
  const arch: GuestArch & { fpMode(): number; setFpMode(mode: number): boolean } = {
    name: littleEndian ? 'mipsel' : 'mips',
    elfMachine: EM_MIPS,
    is64: false,
    littleEndian,
    stateWords: STATE_WORDS,
    unameMachine: 'mips',
    basePlatform: 'mips32r2',
    hwcap: 0,
    syscalls: o32Syscalls,
    signals: makeMipsSignals(littleEndian, () => fr),
    checkElf(is64, flags, elf) {
      const bad = checkMipsElf(is64, flags);
      if (bad) return bad;
      if (!allowsFr1(elf) && fr) {
        fr = 0;
        setPromotable();
      }
      return undefined;
    },
    initCpu(cpu, init) {
      cpu.R.fill(0);
      cpu.R[gslot(29)] = init.sp;
      cpu.R[SLOT_LL_ADDR] = -1;
      cpu.R[SLOT_FCSR] = 0;
      cpu.pc = init.entry >>> 0;
    },
    promotable,
    translate: (mem: GuestMemory, pc: number) => translateBlock(mem, pc, fr),
    disassemble: (mem: GuestMemory, pc: number) => disassembleAt(mem, pc),
    dumpCpu(cpu: CpuState) {
      const h = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
      let s = `pc=${h(cpu.pc)} HI=${h(cpu.R[SLOT_HI]!)} LO=${h(cpu.R[SLOT_LO]!)}\n`;
      for (let i = 0; i < 32; i++) s += `${GPR_NAMES[i]!.padStart(4)}=${h(cpu.R[gslot(i)]!)}${i % 4 === 3 ? '\n' : ' '}`;
      return s;
    },
    makeHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret) {
      return { ...makeMipsIntHelpers(cpu, mem), ...makeMipsFpuHelpers(cpu, mem, ret, () => fr) };
    },
    // prctl(PR_GET_FP_MODE / PR_SET_FP_MODE), which the o32 dynamic linker uses (syscalls/mips.ts).
    // The mode is fixed once the program's ELFs chose it: translations and region plans depend on
    // it, so a request for the other mode fails (as on a kernel that cannot switch).
    fpMode: () => fr,
    setFpMode: (mode: number) => mode === fr,
  };
  return arch;
}
