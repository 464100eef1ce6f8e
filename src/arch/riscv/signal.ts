// RV64 Linux signal frames as arch/riscv/kernel/signal.c builds them (uapi asm/ucontext.h,
// asm/sigcontext.h, asm/ptrace.h). RISC-V has rt frames only and no SA_RESTORER: the kernel sets ra
// to the vDSO's __vdso_rt_sigreturn, which tsemu supplies as its trampoline page with the same two
// instructions (libgcc's unwinder recognises a signal frame by exactly these words at the PC).
import { BadAddress, type GuestMemory } from '../../mem/memory.ts';
import type { CpuState, SignalDelivery, SignalFrames } from '../types.ts';
import { SLOT_FFLAGS, SLOT_FRM, fslot, xslot } from './state.ts';

/**
 * struct rt_sigframe { siginfo_t info; struct ucontext uc; }, byte offsets from the frame start.
 * ucontext: uc_flags, uc_link, stack_t uc_stack { ss_sp, ss_flags, ss_size }, sigset_t uc_sigmask
 * (8 bytes) padded to 128 bytes, then struct sigcontext (16-aligned) { user_regs_struct: pc, x1..x31;
 * union __riscv_fp_state: the D state f[32], fcsr, within the Q state's 528 bytes }.
 */
export const RV64_FRAME = {
  size: 1088,
  info: 0,
  uc: 128,
  ucFlags: 128,
  ucLink: 136,
  ucStackSp: 144,
  ucStackFlags: 152,
  ucStackSize: 160,
  ucSigmask: 168,
  /** uc_mcontext = sc_regs (pc at +0, xN at +8N). */
  mcontext: 304,
  /** sc_fpregs.d.f[N] at +8N. */
  fpregs: 560,
  fcsr: 816,
  /** sc_fpregs.q.reserved[3]: zero on delivery, must be zero on return (later kernels' end-of-extensions header). */
  fpReserved: 1076,
} as const;

const A0 = 10, A1 = 11, A2 = 12, A7 = 17, RA = 1, SP = 2;
const SIGSET_WORDS = 2;
const SS_ONSTACK = 1;
const TWO32 = 4294967296;

/** __vdso_rt_sigreturn: li a7, 139 (rt_sigreturn); ecall. */
const TRAMPOLINE = new Uint8Array(8);
new DataView(TRAMPOLINE.buffer).setUint32(0, 0x08b00893, true);
new DataView(TRAMPOLINE.buffer).setUint32(4, 0x00000073, true);

const get64 = (cpu: CpuState, slot: number): number => cpu.R[slot + 1]! * TWO32 + (cpu.R[slot]! >>> 0);
function set64(cpu: CpuState, slot: number, v: number): void {
  cpu.R[slot] = v | 0;
  cpu.R[slot + 1] = Math.floor(v / TWO32) | 0;
}

function setup(cpu: CpuState, mem: GuestMemory, d: SignalDelivery): void {
  const L = RV64_FRAME;
  const sp = get64(cpu, xslot(SP));
  // On the alternate stack already and the frame would leave it: the kernel's bogus frame (SIGSEGV).
  if (d.altStack.flags & SS_ONSTACK && !(sp - L.size > d.altStack.sp)) throw new BadAddress(sp - L.size);
  const frame = Math.floor((d.sp - L.size) / 16) * 16;
  if (frame < 0) throw new BadAddress(0);

  const buf = new Uint8Array(L.size);
  const dv = new DataView(buf.buffer);
  buf.set(d.info.subarray(0, 128), L.info);
  dv.setBigUint64(L.ucStackSp, BigInt(d.altStack.sp), true);
  dv.setInt32(L.ucStackFlags, d.altStack.flags, true);
  dv.setBigUint64(L.ucStackSize, BigInt(d.altStack.size), true);
  for (let i = 0; i < SIGSET_WORDS; i++) dv.setUint32(L.ucSigmask + 4 * i, d.mask[i] ?? 0, true);
  dv.setBigUint64(L.mcontext, BigInt(cpu.pc), true);
  for (let r = 1; r < 32; r++) {
    dv.setInt32(L.mcontext + 8 * r, cpu.R[xslot(r)]!, true);
    dv.setInt32(L.mcontext + 8 * r + 4, cpu.R[xslot(r) + 1]!, true);
  }
  for (let f = 0; f < 32; f++) {
    dv.setInt32(L.fpregs + 8 * f, cpu.R[fslot(f)]!, true);
    dv.setInt32(L.fpregs + 8 * f + 4, cpu.R[fslot(f) + 1]!, true);
  }
  dv.setUint32(L.fcsr, ((cpu.R[SLOT_FRM]! & 7) << 5) | (cpu.R[SLOT_FFLAGS]! & 31), true);
  mem.writeBytes(frame, buf);

  set64(cpu, xslot(A0), d.sig);
  set64(cpu, xslot(A1), frame + L.info);
  set64(cpu, xslot(A2), frame + L.uc);
  set64(cpu, xslot(SP), frame);
  set64(cpu, xslot(RA), d.trampoline);
  cpu.pc = d.handler;
}

function restore(cpu: CpuState, mem: GuestMemory): { mask: Uint32Array } {
  const L = RV64_FRAME;
  const frame = get64(cpu, xslot(SP));
  const bytes = mem.readBytes(frame, L.size);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < 3; i++) if (dv.getUint32(L.fpReserved + 4 * i, true) !== 0) throw new BadAddress(frame);
  const mask = new Uint32Array(SIGSET_WORDS);
  for (let i = 0; i < SIGSET_WORDS; i++) mask[i] = dv.getUint32(L.ucSigmask + 4 * i, true);
  cpu.pc = dv.getUint32(L.mcontext + 4, true) * TWO32 + dv.getUint32(L.mcontext, true);
  for (let r = 1; r < 32; r++) {
    cpu.R[xslot(r)] = dv.getInt32(L.mcontext + 8 * r, true);
    cpu.R[xslot(r) + 1] = dv.getInt32(L.mcontext + 8 * r + 4, true);
  }
  for (let f = 0; f < 32; f++) {
    cpu.R[fslot(f)] = dv.getInt32(L.fpregs + 8 * f, true);
    cpu.R[fslot(f) + 1] = dv.getInt32(L.fpregs + 8 * f + 4, true);
  }
  const fcsr = dv.getUint32(L.fcsr, true);
  cpu.R[SLOT_FFLAGS] = fcsr & 31;
  cpu.R[SLOT_FRM] = (fcsr >>> 5) & 7;
  const altStack = {
    sp: Number(dv.getBigUint64(L.ucStackSp, true)),
    flags: dv.getInt32(L.ucStackFlags, true),
    size: Number(dv.getBigUint64(L.ucStackSize, true)),
  };
  const out = { mask, altStack };
  return out;
}

export const riscv64Signals: SignalFrames = {
  setup,
  restore: (cpu, mem) => restore(cpu, mem),
  sp: (cpu) => get64(cpu, xslot(SP)),
  restartSyscall(cpu, nr, args) {
    // ecall is always 4 bytes; the result overwrote a0 only.
    cpu.pc -= 4;
    set64(cpu, xslot(A0), args[0] ?? 0);
    set64(cpu, xslot(A7), nr);
  },
  trampoline: { code: TRAMPOLINE, rtSigreturn: 0 },
};
