// What the shared core needs from a guest architecture. Everything arch-specific lives behind this.
import type { ElfFile } from '../elf/parse.ts';
import type { IRBlock } from '../ir/ir.ts';
import type { GuestMemory } from '../mem/memory.ts';
import type { Ret } from '../jit/helpers.ts';
import type { PromotableSlot } from '../jit/region.ts';

/**
 * Thrown by a runtime helper that finds, while executing, that the instruction at `pc` traps
 * (an invalid dynamic rounding mode, say): the guest gets `signal` as from the instruction.
 */
export class GuestTrap extends Error {
  constructor(
    readonly pc: number,
    readonly signal: string,
    /** si_code (ILL_ILLOPC, FPE_INTDIV, BUS_ADRALN, TRAP_BRKPT ...); 0 lets the core pick the usual one. */
    readonly code = 0,
    /** si_addr: the faulting data address for SIGBUS/SIGSEGV, else the instruction's (pc when undefined). */
    readonly addr?: number,
  ) {
    super(`${signal} at 0x${pc.toString(16)}`);
  }
}

/**
 * CPU state shared by every arch: a register file in one buffer seen through three views
 * (so FP registers can be read as f64 or as raw bits without conversion), the PC, and the fields a
 * block sets when it leaves to the dispatcher for a syscall or a trap.
 */
export class CpuState {
  readonly R: Int32Array;
  readonly F32: Float32Array;
  readonly F64: Float64Array;
  /** Byte offset of R[0] in its buffer (the guest memory's state area, when placed there). */
  readonly offset: number;
  pc = 0;
  exitReason = 0;
  exitPc = 0;
  trapSignal = 0;
  trapCode = 0;
  trapAddr = 0;
  /**
   * Interrupt word polled at every region loop header and by the dispatcher: non-zero asks the
   * running code to return to the dispatcher (a pending signal). Shared memory, so another thread
   * can set it.
   */
  readonly irq: Int32Array;
  /** A word for WebAssembly code: the high half of a 64-bit result of a JS helper (Ret.hi). */
  readonly retHi: Int32Array;
  /** Bytes one CPU state of `words` register words takes: the registers, irq and retHi. */
  static bytes(words: number): number {
    return Math.ceil(words / 4) * 16 + 16;
  }

  /** The state lives in `mem`'s state area (what WebAssembly regions need) or, without it, in a buffer of its own. */
  constructor(words: number, mem?: { buffer: ArrayBufferLike; allocState(bytes: number): number }) {
    const bytes = CpuState.bytes(words);
    const buffer = mem ? mem.buffer : new SharedArrayBuffer(bytes);
    this.offset = mem ? mem.allocState(bytes) : 0;
    const regBytes = bytes - 16;
    this.R = new Int32Array(buffer, this.offset, regBytes / 4);
    this.F32 = new Float32Array(buffer, this.offset, regBytes / 4);
    this.F64 = new Float64Array(buffer, this.offset, regBytes / 8);
    this.irq = new Int32Array(buffer, this.offset + regBytes, 1);
    this.retHi = new Int32Array(buffer, this.offset + regBytes + 4, 1);
    this.R.fill(0);
    this.irq[0] = 0;
  }
}

export interface DecodedText {
  text: string;
  length: number;
}

export interface SyscallAbi {
  /** Syscall number and six arguments (64-bit args as exact JS numbers when below 2^53). */
  number(cpu: CpuState): number;
  /** Six arguments (MIPS o32 also reads arguments 5-8 from the guest stack, hence mem). */
  args(cpu: CpuState, mem: GuestMemory): number[];
  /** Store the result (a value or a negative errno). */
  setResult(cpu: CpuState, value: number): void;
}

/** What the core hands an arch's frame code to deliver one signal to a handler (DESIGN.md 6). */
export interface SignalDelivery {
  sig: number;
  /** siginfo_t as the guest lays it out (128 bytes, guest byte order), built by the core. */
  info: Uint8Array;
  handler: number;
  /** sa_flags in the arch's numbering (SA_SIGINFO, SA_RESTORER, SA_ONSTACK ... of its asm/signal.h). */
  flags: number;
  /** sa_restorer (0 when the ABI has none or the guest gave none). */
  restorer: number;
  /** The signal mask to restore on return (the mask before delivery): NSIG/32 words, bit n-1 = signal n. */
  mask: Uint32Array;
  /**
   * Where the frame goes below: the alternate stack's top (ss_sp + ss_size) when SA_ONSTACK applies,
   * else the current stack pointer. No red zone or alignment applied yet: the arch does both.
   */
  sp: number;
  /** uc_stack / the frame's copy of the thread's sigaltstack settings. */
  altStack: { sp: number; flags: number; size: number };
  /** Address of the arch's trampoline page (SignalFrames.trampoline) when it has one, else 0. */
  trampoline: number;
}

/** An arch's signal frames: the layout its kernel uses (arch/<arch>/kernel/signal.c), exactly. */
export interface SignalFrames {
  /**
   * Writes the frame for `d` (an rt frame with siginfo and ucontext when SA_SIGINFO is set or the
   * arch only has rt frames) and sets the registers so the handler runs with the return address
   * at the restorer/trampoline. Throws BadAddress when the stack cannot take the frame (the core
   * then kills the process with SIGSEGV, as Linux does).
   */
  setup(cpu: CpuState, mem: GuestMemory, d: SignalDelivery): void;
  /**
   * sigreturn (rt false) / rt_sigreturn (rt true): restores every register the frame holds (PC
   * included) from the frame at the current stack pointer; returns the saved signal mask and the
   * uc_stack the frame holds (rt frames) so the core can apply sigaltstack changes. Throws
   * BadAddress on a bad frame (SIGSEGV).
   */
  restore(cpu: CpuState, mem: GuestMemory, rt: boolean): { mask: Uint32Array; altStack?: { sp: number; flags: number; size: number } };
  /** The stack pointer (for the frame location and the on-alternate-stack test). */
  sp(cpu: CpuState): number;
  /**
   * Makes a syscall that a signal interrupted run again once the handler returns (SA_RESTART, or
   * a signal ignored/blocked meanwhile): PC back to the syscall instruction and the registers the
   * result overwrote restored from `nr` and `args`.
   */
  restartSyscall(cpu: CpuState, nr: number, args: number[]): void;
  /**
   * Code for a page the loader maps read+execute when the arch's libc expects the kernel to supply
   * the return path (riscv64's __vdso_rt_sigreturn, MIPS's sigreturn trampoline, 32-bit ARM without
   * SA_RESTORER): the bytes and the offsets of the sigreturn and rt_sigreturn sequences in them.
   */
  readonly trampoline?: { readonly code: Uint8Array; readonly sigreturn?: number; readonly rtSigreturn: number };
}

export interface ElfInitInfo {
  entry: number;
  sp: number;
  /** Address of the dynamic linker's fini function (rtld_fini) some ABIs pass in a register. */
  atexit?: number;
}

export interface GuestArch {
  /** qemu's name: riscv64, arm, aarch64, mips, mipsel. */
  readonly name: string;
  readonly elfMachine: number;
  readonly is64: boolean;
  readonly littleEndian: boolean;
  /** Size of the register file in 32-bit words. */
  readonly stateWords: number;
  /** uname -m and AT_PLATFORM. */
  readonly unameMachine: string;
  readonly platform?: string;
  /** AT_BASE_PLATFORM (MIPS: the ISA level, as qemu-mips reports it). */
  readonly basePlatform?: string;
  readonly hwcap: number;
  /** AT_HWCAP2, for arches that have it (32-bit ARM); absent: no AT_HWCAP2 entry. */
  readonly hwcap2?: number;
  /**
   * A page the kernel maps into every process at a fixed address (ARM's kuser helpers at
   * 0xffff0000): the loader maps it read+execute with these contents.
   */
  readonly vectorsPage?: { readonly addr: number; readonly bytes: Uint8Array };
  readonly syscalls: SyscallAbi;
  /**
   * Does this ELF's e_flags / class suit this arch? Returns an error message if not. Called for the
   * program and then its dynamic linker, before initCpu: an arch may also take per-process settings
   * from them (MIPS: the FPU register mode of PT_MIPS_ABIFLAGS).
   */
  checkElf(is64: boolean, flags: number, elf: ElfFile): string | undefined;
  /** Register values at process start (stack pointer, entry). */
  initCpu(cpu: CpuState, init: ElfInitInfo): void;
  /** Decode and lift one block starting at pc. */
  translate(mem: GuestMemory, pc: number): IRBlock;
  /** One instruction as text for -d in_asm. */
  disassemble(mem: GuestMemory, pc: number): DecodedText;
  /** Registers as text for -d cpu. */
  dumpCpu(cpu: CpuState): string;
  /**
   * Register slots regions may keep in JS locals. Helpers must not read or write these slots
   * directly (they get values as arguments), since inside a region the register file is stale.
   */
  readonly promotable: readonly PromotableSlot[];
  /** Signal frames and sigreturn (DESIGN.md 6). */
  readonly signals?: SignalFrames;
  /** Per-CPU helpers the lifter's calls name (FP, CSRs, ...), merged with the core helpers. */
  makeHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret): Record<string, unknown>;
}
