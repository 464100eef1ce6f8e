// MIPS o32 Linux signal frames as arch/mips/kernel/signal.c builds them on a 32-bit kernel (uapi
// asm/sigcontext.h, asm/ucontext.h): struct sigframe without SA_SIGINFO, struct rt_sigframe with it.
// The handler returns through the vDSO's sigreturn / rt_sigreturn code (o32 has no sa_restorer),
// which tsemu supplies as its trampoline page; libgcc's unwinder recognises a signal frame by these
// exact instructions at the return address.
import { BadAddress, type GuestMemory } from '../../mem/memory.ts';
import type { CpuState, SignalDelivery, SignalFrames } from '../types.ts';
import { SLOT_FCSR, SLOT_HI, SLOT_LL_ADDR, SLOT_LO, fpDoubleSlot, gslot } from './state.ts';

/** struct sigcontext (o32), byte offsets. Registers are 64-bit slots holding the 32-bit value zero-extended. */
export const O32_SIGCONTEXT = {
  size: 592,
  regmask: 0,
  status: 4,
  pc: 8,
  regs: 16,
  fpregs: 272,
  acx: 528,
  fpcCsr: 532,
  fpcEir: 536,
  usedMath: 540,
  dsp: 544,
  mdhi: 552,
  mdlo: 560,
  hi1: 568,
  lo1: 572,
  hi2: 576,
  lo2: 580,
  hi3: 584,
  lo3: 588,
} as const;

/** struct sigframe { u32 sf_ass[4]; u32 sf_pad[2]; struct sigcontext sf_sc; sigset_t sf_mask; }. */
export const O32_SIGFRAME = { size: 632, sc: 24, mask: 616 } as const;

/**
 * struct rt_sigframe { u32 rs_ass[4]; u32 rs_pad[2]; siginfo_t rs_info; struct ucontext rs_uc; };
 * ucontext: uc_flags, uc_link, stack_t uc_stack { ss_sp, ss_size, ss_flags } (IRIX order), the
 * sigcontext (8-aligned), sigset_t uc_sigmask (128 signals).
 */
export const O32_RT_SIGFRAME = {
  size: 784,
  info: 24,
  uc: 152,
  ucFlags: 152,
  ucLink: 156,
  ucStackSp: 160,
  ucStackSize: 164,
  ucStackFlags: 168,
  mcontext: 176,
  ucSigmask: 768,
} as const;

const V0 = 2, A0 = 4, A1 = 5, A2 = 6, A3 = 7, T9 = 25, SP = 29, RA = 31;
const SIGSET_WORDS = 4;
const SS_ONSTACK = 1;
const SA_SIGINFO = 0x00000008;
/** sc_used_math bits (asm/sigcontext.h). */
const USED_FP = 1, USED_FR1 = 2;
const NR_SIGRETURN = 4119, NR_RT_SIGRETURN = 4193;
/** Below the interrupted stack pointer the kernel skips 32 bytes (an FPU emulator trampoline may live there). */
const STACK_SKIP = 32;

/** The trampoline page: li v0, 4119; syscall at 0, li v0, 4193; syscall at 8, in guest byte order. */
function trampolineCode(littleEndian: boolean): Uint8Array {
  const code = new Uint8Array(16);
  const dv = new DataView(code.buffer);
  [0x24020000 | NR_SIGRETURN, 0x0000000c, 0x24020000 | NR_RT_SIGRETURN, 0x0000000c].forEach((w, i) => dv.setUint32(4 * i, w, littleEndian));
  return code;
}

/** Frame signal handling for one byte order; `fr` reads the process's FPU register mode (state.ts). */
export function makeMipsSignals(littleEndian: boolean, fr: () => number): SignalFrames {
  const le = littleEndian;
  /** A 64-bit sigcontext slot: hi:lo in guest byte order. */
  const put64 = (dv: DataView, off: number, hi: number, lo: number): void => {
    dv.setUint32(off + (le ? 4 : 0), hi >>> 0, le);
    dv.setUint32(off + (le ? 0 : 4), lo >>> 0, le);
  };
  const lo64 = (dv: DataView, off: number): number => dv.getInt32(off + (le ? 0 : 4), le);
  const hi64 = (dv: DataView, off: number): number => dv.getInt32(off + (le ? 4 : 0), le);

  function saveContext(cpu: CpuState, dv: DataView, sc: number): void {
    const C = O32_SIGCONTEXT;
    put64(dv, sc + C.pc, 0, cpu.pc);
    for (let r = 1; r < 32; r++) put64(dv, sc + C.regs + 8 * r, 0, cpu.R[gslot(r)]!);
    put64(dv, sc + C.mdhi, 0, cpu.R[SLOT_HI]!);
    put64(dv, sc + C.mdlo, 0, cpu.R[SLOT_LO]!);
    // FR=1: 32 64-bit registers; FR=0: the even registers, each the pair $f2k+1:$f2k.
    const mode = fr();
    for (let n = 0; n < 32; n += mode ? 1 : 2) {
      const slot = fpDoubleSlot(mode, n);
      put64(dv, sc + C.fpregs + 8 * n, cpu.R[slot + 1]!, cpu.R[slot]!);
    }
    dv.setUint32(sc + C.fpcCsr, cpu.R[SLOT_FCSR]! >>> 0, le);
    dv.setUint32(sc + C.usedMath, USED_FP | (mode ? USED_FR1 : 0), le);
  }

  function restoreContext(cpu: CpuState, dv: DataView, sc: number): void {
    const C = O32_SIGCONTEXT;
    cpu.pc = lo64(dv, sc + C.pc) >>> 0;
    for (let r = 1; r < 32; r++) cpu.R[gslot(r)] = lo64(dv, sc + C.regs + 8 * r);
    cpu.R[SLOT_HI] = lo64(dv, sc + C.mdhi);
    cpu.R[SLOT_LO] = lo64(dv, sc + C.mdlo);
    // Without USED_FP the kernel keeps the FPU state the handler left.
    if (dv.getUint32(sc + C.usedMath, le) & USED_FP) {
      const mode = fr();
      for (let n = 0; n < 32; n += mode ? 1 : 2) {
        const slot = fpDoubleSlot(mode, n);
        cpu.R[slot] = lo64(dv, sc + C.fpregs + 8 * n);
        cpu.R[slot + 1] = hi64(dv, sc + C.fpregs + 8 * n);
      }
      cpu.R[SLOT_FCSR] = dv.getInt32(sc + C.fpcCsr, le);
    }
    // The return to user mode (eret) clears the LL bit.
    cpu.R[SLOT_LL_ADDR] = -1;
  }

  function setup(cpu: CpuState, mem: GuestMemory, d: SignalDelivery): void {
    const rt = (d.flags & SA_SIGINFO) !== 0;
    const size = rt ? O32_RT_SIGFRAME.size : O32_SIGFRAME.size;
    const sp = cpu.R[gslot(SP)]! >>> 0;
    if (d.altStack.flags & SS_ONSTACK && !(sp - size > d.altStack.sp)) throw new BadAddress(sp - size);
    // The skip applies to the interrupted stack only: switching to the alternate stack starts at its top.
    const top = d.sp === sp ? sp - STACK_SKIP : d.sp;
    const frame = Math.floor((top - size) / 8) * 8;
    if (frame < 0) throw new BadAddress(0);

    const buf = new Uint8Array(size);
    const dv = new DataView(buf.buffer);
    let sc: number, maskAt: number;
    if (rt) {
      const F = O32_RT_SIGFRAME;
      buf.set(d.info.subarray(0, 128), F.info);
      dv.setUint32(F.ucStackSp, d.altStack.sp >>> 0, le);
      dv.setUint32(F.ucStackSize, d.altStack.size >>> 0, le);
      dv.setInt32(F.ucStackFlags, d.altStack.flags, le);
      sc = F.mcontext;
      maskAt = F.ucSigmask;
    } else {
      sc = O32_SIGFRAME.sc;
      maskAt = O32_SIGFRAME.mask;
    }
    saveContext(cpu, dv, sc);
    for (let i = 0; i < SIGSET_WORDS; i++) dv.setUint32(maskAt + 4 * i, d.mask[i] ?? 0, le);
    mem.writeBytes(frame, buf);

    const R = cpu.R;
    R[gslot(A0)] = d.sig;
    R[gslot(A1)] = rt ? frame + O32_RT_SIGFRAME.info : 0;
    R[gslot(A2)] = frame + (rt ? O32_RT_SIGFRAME.uc : O32_SIGFRAME.sc);
    R[gslot(SP)] = frame;
    R[gslot(RA)] = d.trampoline + (rt ? 8 : 0);
    R[gslot(T9)] = d.handler;
    R[SLOT_LL_ADDR] = -1;
    cpu.pc = d.handler >>> 0;
  }

  function restore(cpu: CpuState, mem: GuestMemory, rt: boolean): { mask: Uint32Array } {
    const frame = cpu.R[gslot(SP)]! >>> 0;
    const size = rt ? O32_RT_SIGFRAME.size : O32_SIGFRAME.size;
    const bytes = mem.readBytes(frame, size);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const maskAt = rt ? O32_RT_SIGFRAME.ucSigmask : O32_SIGFRAME.mask;
    const mask = new Uint32Array(SIGSET_WORDS);
    for (let i = 0; i < SIGSET_WORDS; i++) mask[i] = dv.getUint32(maskAt + 4 * i, le);
    restoreContext(cpu, dv, rt ? O32_RT_SIGFRAME.mcontext : O32_SIGFRAME.sc);
    if (!rt) return { mask };
    const F = O32_RT_SIGFRAME;
    const out = {
      mask,
      altStack: { sp: dv.getUint32(F.ucStackSp, le), flags: dv.getInt32(F.ucStackFlags, le), size: dv.getUint32(F.ucStackSize, le) },
    };
    return out;
  }

  return {
    setup,
    restore,
    sp: (cpu) => cpu.R[gslot(SP)]! >>> 0,
    restartSyscall(cpu, nr, args) {
      // The result overwrote v0 (number) and a3 (error flag); syscall is 4 bytes, never in a delay slot.
      cpu.pc = (cpu.pc - 4) >>> 0;
      cpu.R[gslot(V0)] = nr;
      cpu.R[gslot(A3)] = args[3] ?? 0;
    },
    trampoline: { code: trampolineCode(littleEndian), sigreturn: 0, rtSigreturn: 8 },
  };
}
