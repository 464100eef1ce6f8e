// The Linux MIPS o32 ABI as tsemu implements it: syscall registers, the ELF checks, and the FPU
// register mode a program asks for in PT_MIPS_ABIFLAGS.
import type { ElfFile } from '../../elf/parse.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import type { CpuState, SyscallAbi } from '../types.ts';
import { gslot } from './state.ts';

const SP = 29, V0 = 2, A0 = 4, A3 = 7;

/**
 * o32 syscalls: number in v0, arguments 1-4 in a0-a3, 5-8 in the caller's stack frame at
 * sp+16..sp+28 (arch/mips/kernel/scall32-o32.S). The result is in v0; a3 says whether it is an
 * error (1: v0 holds the positive errno) or not (0).
 */
export const o32Syscalls: SyscallAbi = {
  number: (cpu) => cpu.R[gslot(V0)]!,
  args(cpu: CpuState, mem: GuestMemory) {
    const a = [0, 1, 2, 3].map((i) => cpu.R[gslot(A0 + i)]! >>> 0);
    const sp = cpu.R[gslot(SP)]! >>> 0;
    // An unreadable stack gives zeros here; Linux would fail the syscall with EFAULT, which no
    // program relies on (the arguments sit in the caller's own frame).
    const readable = mem.check(sp + 16, 16, 0);
    for (let i = 0; i < 4; i++) a.push(readable ? mem.read32(sp + 16 + 4 * i) >>> 0 : 0);
    return a;
  },
  setResult(cpu, v) {
    if (v < 0 && v >= -4095) {
      cpu.R[gslot(V0)] = -v;
      cpu.R[gslot(A3)] = 1;
    } else {
      cpu.R[gslot(V0)] = v | 0;
      cpu.R[gslot(A3)] = 0;
    }
  },
};

// e_flags (elf.h): ABI, architecture level, NaN encoding.
const EF_MIPS_ABI2 = 0x20; // n32
const EF_MIPS_ABI = 0x0000f000;
const EF_MIPS_ABI_O32 = 0x00001000;
const EF_MIPS_NAN2008 = 0x400;
const EF_MIPS_ARCH = 0xf0000000;
/** Architecture levels a MIPS32r2 CPU runs: MIPS I..II and MIPS32 R1/R2. */
const RUNNABLE_ARCH = new Set([0x00000000, 0x10000000, 0x50000000, 0x70000000]);
const PT_MIPS_ABIFLAGS = 0x70000003;
/**
 * fp_abi values (Val_GNU_MIPS_ABI_FP_*) whose code runs with 64-bit FPRs. The kernel (and
 * qemu-user, which mirrors it) gives a process FR=1 when every one of its ELFs allows it and the CPU
 * is R2+ with a 64-bit FPU, as the 24Kf is: so FPXX programs (Debian's default) run with FR=1.
 * FP_DOUBLE, FP_SINGLE, OLD_64 and objects without the header (legacy o32: FP_DOUBLE) need FR=0.
 */
const FR1_OK = new Set([0 /* ANY */, 3 /* SOFT */, 5 /* XX */, 6 /* 64 */, 7 /* 64A */]);
const FP_ABI_DOUBLE = 1;

export function checkMipsElf(is64: boolean, flags: number): string | undefined {
  if (is64) return 'this is a 64-bit binary; tsemu-mips runs 32-bit o32 programs only';
  if (flags & EF_MIPS_ABI2) return 'n32 binaries are not supported (o32 only)';
  const abi = flags & EF_MIPS_ABI;
  if (abi !== 0 && abi !== EF_MIPS_ABI_O32) return 'only o32 binaries are supported';
  if (!RUNNABLE_ARCH.has((flags & EF_MIPS_ARCH) >>> 0)) return 'the CPU is a MIPS32r2: this binary needs a newer or 64-bit ISA';
  if (flags & EF_MIPS_NAN2008) return 'IEEE 754-2008 NaN binaries are not supported (the CPU uses the legacy MIPS NaN encoding)';
  return undefined;
}

/** This ELF's fp_abi from PT_MIPS_ABIFLAGS (FP_DOUBLE when absent, as the kernel assumes). */
function fpAbi(elf: ElfFile): number {
  const ph = elf.programHeaders.find((p) => p.type === PT_MIPS_ABIFLAGS);
  if (!ph || ph.filesz < 24 || ph.offset + 8 > elf.data.length) return FP_ABI_DOUBLE;
  return elf.data[ph.offset + 7]!;
}
/** May this ELF run with FR=1? */
export function allowsFr1(elf: ElfFile): boolean {
  return FR1_OK.has(fpAbi(elf));
}
