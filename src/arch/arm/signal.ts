// 32-bit ARM Linux signal frames as arch/arm/kernel/signal.c builds them (uapi asm/sigcontext.h,
// arch/arm/include/asm/ucontext.h, glibc's sys/ucontext.h): struct sigframe without SA_SIGINFO,
// struct rt_sigframe (siginfo first) with it. The ucontext's uc_regspace carries the VFP block
// (magic 0x56465001: d0..d31, FPSCR, FPEXC) and the end marker. The return path is sa_restorer when
// SA_RESTORER is set (glibc always sets it); otherwise the trampoline page, which holds the kernel's
// four sigreturn sequences (A32 and T32, sigreturn and rt_sigreturn), at the offsets its sigpage uses.
import { BadAddress, type GuestMemory } from '../../mem/memory.ts';
import type { CpuState, SignalDelivery, SignalFrames } from '../types.ts';
import { FPSCR_WRITABLE } from './fp-helpers.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPSCR, SLOT_GE, SLOT_NF, SLOT_QF, SLOT_VF, SLOT_ZF, dslot, rslot } from './state.ts';

/** struct ucontext, byte offsets from its start (uc_sigmask is the kernel's 8-byte sigset). */
export const ARM_UCONTEXT = {
  flags: 0,
  link: 4,
  stackSp: 8,
  stackFlags: 12,
  stackSize: 16,
  /** struct sigcontext uc_mcontext (ARM_SIGCONTEXT offsets are relative to it). */
  mcontext: 20,
  sigmask: 104,
  /** unsigned long uc_regspace[128], 8-aligned: the coprocessor blocks (ARM_VFP_FRAME). */
  regspace: 232,
  size: 744,
} as const;

/** struct sigcontext: trap_no, error_code, oldmask, arm_r0..arm_r10, fp, ip, sp, lr, pc, cpsr, fault_address. */
export const ARM_SIGCONTEXT = {
  trapNo: 0,
  errorCode: 4,
  oldmask: 8,
  /** arm_r0; register n (r0..r15, pc = 15) at r0 + 4n. */
  r0: 12,
  cpsr: 76,
  faultAddress: 80,
  size: 84,
} as const;

/** struct vfp_sigframe { magic, size, struct user_vfp ufp, struct user_vfp_exc ufp_exc }, 8-aligned. */
export const ARM_VFP_FRAME = {
  magic: 0,
  size: 4,
  /** ufp.fpregs: d0..d31, unsigned long long each. */
  fpregs: 8,
  fpscr: 264,
  fpexc: 272,
  fpinst: 276,
  fpinst2: 280,
  /** VFP_STORAGE_SIZE, the value of the size field; the end marker (end_magic) follows. */
  bytes: 288,
} as const;
export const VFP_MAGIC = 0x56465001;

/** struct sigframe { ucontext uc; unsigned long retcode[4]; } and struct rt_sigframe { siginfo info; sigframe sig; }. */
export const ARM_SIGFRAME = { uc: 0, retcode: 744, size: 760 } as const;
export const ARM_RT_SIGFRAME = { info: 0, uc: 128, retcode: 128 + 744, size: 888 } as const;

const SA_SIGINFO = 0x4;
const SA_RESTORER = 0x04000000;
/** uc_flags of a non-rt frame (the kernel's marker; rt frames have 0). */
const NON_RT_UC_FLAGS = 0x5ac3c35a;
const SIGSEGV = 11, SIGBUS = 7;
const CPSR_T = 1 << 5, CPSR_I = 1 << 7, MODE_MASK = 0x1f, USR_MODE = 0x10;
/** FPEXC as user space sees it: EN set, no exception pending. */
const FPEXC_EN = 1 << 30;
const SIGSET_WORDS = 2;
const SP = 13, LR = 14, R7 = 7;

// The kernel's sigreturn_codes: A32 sigreturn (2 words), T32 sigreturn (1 word: movs r7; svc 0),
// A32 rt_sigreturn (2 words), T32 rt_sigreturn. Index = (thumb ? 2 : 0) + (SA_SIGINFO ? 3 : 0).
const NR_SIGRETURN = 119, NR_RT_SIGRETURN = 173;
const A32_MOV_R7 = (imm: number) => (0xe3a07000 | imm) >>> 0;
const A32_SVC0 = 0xef000000;
const T32_MOVS_R7_SVC0 = (imm: number) => ((0xdf00 << 16) | 0x2700 | imm) >>> 0;
const SIGRETURN_CODES = [
  A32_MOV_R7(NR_SIGRETURN), A32_SVC0, T32_MOVS_R7_SVC0(NR_SIGRETURN),
  A32_MOV_R7(NR_RT_SIGRETURN), A32_SVC0, T32_MOVS_R7_SVC0(NR_RT_SIGRETURN),
];
const TRAMPOLINE = new Uint8Array(4 * SIGRETURN_CODES.length);
SIGRETURN_CODES.forEach((w, i) => new DataView(TRAMPOLINE.buffer).setUint32(4 * i, w, true));
const codeIndex = (thumb: boolean, rt: boolean): number => (thumb ? 2 : 0) + (rt ? 3 : 0);

/** CPSR as the frame holds it: N Z C V Q, GE, T, user mode. */
export function readCpsr(cpu: CpuState): number {
  const R = cpu.R;
  return (
    ((R[SLOT_NF]! < 0 ? 1 << 31 : 0) |
      (R[SLOT_ZF] === 0 ? 1 << 30 : 0) |
      (R[SLOT_CF] ? 1 << 29 : 0) |
      (R[SLOT_VF]! < 0 ? 1 << 28 : 0) |
      ((R[SLOT_QF]! & 1) << 27) |
      ((R[SLOT_GE]! & 15) << 16) |
      (cpu.pc & 1 ? CPSR_T : 0) |
      USR_MODE) >>>
    0
  );
}

function writeFlags(cpu: CpuState, cpsr: number): void {
  const R = cpu.R;
  R[SLOT_NF] = cpsr | 0;
  R[SLOT_ZF] = (cpsr >>> 30) & 1 ? 0 : 1;
  R[SLOT_CF] = (cpsr >>> 29) & 1;
  R[SLOT_VF] = cpsr << 3;
  R[SLOT_QF] = (cpsr >>> 27) & 1;
  R[SLOT_GE] = (cpsr >>> 16) & 15;
}

/** The ucontext of `cpu` at `uc` in `dv` (a frame buffer). */
function writeUcontext(cpu: CpuState, dv: DataView, uc: number, d: SignalDelivery, rt: boolean): void {
  const U = ARM_UCONTEXT, S = ARM_SIGCONTEXT, V = ARM_VFP_FRAME;
  dv.setUint32(uc + U.flags, rt ? 0 : NON_RT_UC_FLAGS, true);
  dv.setUint32(uc + U.stackSp, d.altStack.sp, true);
  dv.setInt32(uc + U.stackFlags, d.altStack.flags, true);
  dv.setUint32(uc + U.stackSize, d.altStack.size, true);
  const mc = uc + U.mcontext;
  dv.setUint32(mc + S.oldmask, d.mask[0] ?? 0, true);
  for (let r = 0; r < 15; r++) dv.setInt32(mc + S.r0 + 4 * r, cpu.R[rslot(r)]!, true);
  dv.setUint32(mc + S.r0 + 4 * 15, cpu.pc & ~1, true);
  dv.setUint32(mc + S.cpsr, readCpsr(cpu), true);
  dv.setUint32(mc + S.faultAddress, faultAddress(d), true);
  for (let i = 0; i < SIGSET_WORDS; i++) dv.setUint32(uc + U.sigmask + 4 * i, d.mask[i] ?? 0, true);
  const vfp = uc + U.regspace;
  dv.setUint32(vfp + V.magic, VFP_MAGIC, true);
  dv.setUint32(vfp + V.size, V.bytes, true);
  for (let n = 0; n < 32; n++) {
    dv.setInt32(vfp + V.fpregs + 8 * n, cpu.R[dslot(n)]!, true);
    dv.setInt32(vfp + V.fpregs + 8 * n + 4, cpu.R[dslot(n) + 1]!, true);
  }
  dv.setUint32(vfp + V.fpscr, cpu.R[SLOT_FPSCR]! >>> 0, true);
  dv.setUint32(vfp + V.fpexc, FPEXC_EN, true);
  // end_magic at vfp + V.bytes stays 0.
}

/** sigcontext.fault_address: the faulting address of a memory fault (the kernel's FAR), else 0. */
function faultAddress(d: SignalDelivery): number {
  const dv = new DataView(d.info.buffer, d.info.byteOffset, d.info.byteLength);
  const code = dv.getInt32(8, true);
  return (d.sig === SIGSEGV || d.sig === SIGBUS) && code > 0 ? dv.getUint32(12, true) : 0;
}

function setup(cpu: CpuState, mem: GuestMemory, d: SignalDelivery): void {
  const rt = (d.flags & SA_SIGINFO) !== 0;
  const L = rt ? ARM_RT_SIGFRAME : ARM_SIGFRAME;
  const frame = Math.floor((d.sp - L.size) / 8) * 8;
  if (frame < 0) throw new BadAddress(0);
  const thumb = (d.handler & 1) !== 0;

  const buf = new Uint8Array(L.size);
  const dv = new DataView(buf.buffer);
  if (rt) buf.set(d.info.subarray(0, 128), ARM_RT_SIGFRAME.info);
  writeUcontext(cpu, dv, L.uc, d, rt);
  let ret: number;
  if (d.flags & SA_RESTORER) ret = d.restorer >>> 0;
  else {
    // As the kernel: the sequence is also copied to retcode, and used from there without a sigpage.
    const idx = codeIndex(thumb, rt);
    dv.setUint32(L.retcode, SIGRETURN_CODES[idx]!, true);
    dv.setUint32(L.retcode + 4, SIGRETURN_CODES[idx + 1]!, true);
    ret = (d.trampoline ? d.trampoline + 4 * idx : frame + L.retcode) + (thumb ? 1 : 0);
  }
  mem.writeBytes(frame, buf);

  const R = cpu.R;
  R[rslot(0)] = d.sig;
  if (rt) {
    R[rslot(1)] = frame + ARM_RT_SIGFRAME.info;
    R[rslot(2)] = frame + ARM_RT_SIGFRAME.uc;
  }
  R[rslot(SP)] = frame;
  R[rslot(LR)] = ret | 0;
  R[SLOT_EXCL_ADDR] = -1; // an exception return clears the exclusive monitor
  // The guest PC carries the instruction set: a Thumb handler keeps bit 0, an ARM one is word-aligned.
  cpu.pc = (thumb ? d.handler : d.handler & ~3) >>> 0;
}

function restore(cpu: CpuState, mem: GuestMemory, rt: boolean) {
  const U = ARM_UCONTEXT, S = ARM_SIGCONTEXT, V = ARM_VFP_FRAME;
  const sp = cpu.R[rslot(SP)]! >>> 0;
  if (sp & 7) throw new BadAddress(sp);
  const ucAddr = sp + (rt ? ARM_RT_SIGFRAME.uc : ARM_SIGFRAME.uc);
  const bytes = mem.readBytes(ucAddr, U.size);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mc = U.mcontext;
  const cpsr = dv.getUint32(mc + S.cpsr, true);
  // valid_user_regs: a frame that asks for a privileged mode or masked IRQs is a bad frame.
  if ((cpsr & MODE_MASK) !== USR_MODE || cpsr & CPSR_I) throw new BadAddress(sp);
  const vfp = U.regspace;
  if (dv.getUint32(vfp + V.magic, true) !== VFP_MAGIC || dv.getUint32(vfp + V.size, true) !== V.bytes) throw new BadAddress(ucAddr + vfp);

  const mask = new Uint32Array(SIGSET_WORDS);
  for (let i = 0; i < SIGSET_WORDS; i++) mask[i] = dv.getUint32(U.sigmask + 4 * i, true);
  const R = cpu.R;
  for (let r = 0; r < 15; r++) R[rslot(r)] = dv.getInt32(mc + S.r0 + 4 * r, true);
  const pc = dv.getUint32(mc + S.r0 + 4 * 15, true);
  cpu.pc = (cpsr & CPSR_T ? pc | 1 : pc & ~3) >>> 0;
  writeFlags(cpu, cpsr);
  for (let n = 0; n < 32; n++) {
    R[dslot(n)] = dv.getInt32(vfp + V.fpregs + 8 * n, true);
    R[dslot(n) + 1] = dv.getInt32(vfp + V.fpregs + 8 * n + 4, true);
  }
  R[SLOT_FPSCR] = dv.getUint32(vfp + V.fpscr, true) & FPSCR_WRITABLE;
  R[SLOT_EXCL_ADDR] = -1;
  const altStack = { sp: dv.getUint32(U.stackSp, true), flags: dv.getInt32(U.stackFlags, true), size: dv.getUint32(U.stackSize, true) };
  return { mask, altStack };
}

export const armSignals: SignalFrames = {
  setup,
  restore,
  sp: (cpu) => cpu.R[rslot(SP)]! >>> 0,
  restartSyscall(cpu, nr, args) {
    // SVC is 4 bytes in A32 and 2 in T32 (there is no 32-bit T32 SVC); the result overwrote r0 only.
    cpu.pc = (cpu.pc - (cpu.pc & 1 ? 2 : 4)) >>> 0;
    cpu.R[rslot(0)] = args[0] ?? 0;
    cpu.R[rslot(R7)] = nr;
  },
  trampoline: { code: TRAMPOLINE, sigreturn: 4 * codeIndex(false, false), rtSigreturn: 4 * codeIndex(false, true) },
};
