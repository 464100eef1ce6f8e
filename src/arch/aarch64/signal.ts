// AArch64 Linux signal frames as arch/arm64/kernel/signal.c builds them (uapi asm/sigcontext.h,
// asm/ucontext.h, glibc's sys/ucontext.h). arm64 has rt frames only: struct rt_sigframe { siginfo;
// ucontext } with the sigcontext's __reserved area holding a chain of records (fpsimd_context, magic
// 0x46508001, then the zero end marker), and above it a frame record {x29, x30} that x29 points at
// so unwinders can walk through the handler. glibc sets no SA_RESTORER: the return goes to the
// vDSO's __kernel_rt_sigreturn, which tsemu supplies as its trampoline page (libgcc's unwinder
// recognises a signal frame by exactly its two instructions at the PC).
import { BadAddress, type GuestMemory } from '../../mem/memory.ts';
import type { CpuState, SignalDelivery, SignalFrames } from '../types.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPCR, SLOT_FPSR, SLOT_NF, SLOT_SP, SLOT_VF, SLOT_ZF, vslot, xslot } from './state.ts';

/** struct rt_sigframe, byte offsets from the frame start; the sigcontext fields are absolute too. */
export const A64_FRAME = {
  info: 0,
  uc: 128,
  ucFlags: 128,
  ucLink: 136,
  ucStackSp: 144,
  ucStackFlags: 152,
  ucStackSize: 160,
  /** The kernel's 8-byte sigset; glibc's 128-byte one covers it and the padding after. */
  ucSigmask: 168,
  /** struct sigcontext uc_mcontext (16-aligned). */
  mcontext: 304,
  faultAddress: 304,
  /** regs[0..30], then sp, pc, pstate. */
  regs: 312,
  sp: 560,
  pc: 568,
  pstate: 576,
  /** __reserved[4096], 16-aligned: the context records. */
  reserved: 592,
  reservedSize: 4096,
  /** sizeof(struct rt_sigframe), already a multiple of 16: the kernel's frame is never smaller. */
  size: 4688,
} as const;

/** struct fpsimd_context { _aarch64_ctx head { magic, size }; fpsr; fpcr; __uint128_t vregs[32]; }. */
export const FPSIMD_CONTEXT = { magic: 0, size: 4, fpsr: 8, fpcr: 12, vregs: 16, bytes: 528 } as const;
export const FPSIMD_MAGIC = 0x46508001;
/** Records the kernel accepts back besides fpsimd (esr_context is ignored on return). */
const ESR_MAGIC = 0x45535201;
/** struct frame_record { fp; lr; } just below the stack top, above the frame. */
const FRAME_RECORD_SIZE = 16;

const SA_SIGINFO = 0x4;
const SA_RESTORER = 0x04000000;
const SIGSEGV = 11, SIGBUS = 7;
const SIGSET_WORDS = 2;
const NR_RT_SIGRETURN = 139;
const X0 = 0, X1 = 1, X2 = 2, X8 = 8, X29 = 29, X30 = 30;
const TWO32 = 4294967296;
/** PSTATE bits a 64-bit EL0 frame may hold: NZCV; mode M[4:0] must be EL0t and DAIF clear (valid_native_regs). */
const PSTATE_MODE_AND_DAIF = 0x3df;
/** FPCR/FPSR bits ARMv8.0 keeps (as MSR FPCR/FPSR in dp-sys.ts). */
const FPCR_MASK = 0x07f70000;
const FPSR_MASK = 0xf800009f | 0;

/** __kernel_rt_sigreturn: nop (so an unwinder looking at PC-1 stays in it); mov x8, #139; svc #0. */
const TRAMPOLINE_WORDS = [0xd503201f, 0xd2800008 | (NR_RT_SIGRETURN << 5), 0xd4000001];
const TRAMPOLINE = new Uint8Array(4 * TRAMPOLINE_WORDS.length);
TRAMPOLINE_WORDS.forEach((w, i) => new DataView(TRAMPOLINE.buffer).setUint32(4 * i, w, true));
const RT_SIGRETURN_OFFSET = 4;

const get64 = (cpu: CpuState, slot: number): number => cpu.R[slot + 1]! * TWO32 + (cpu.R[slot]! >>> 0);
function set64(cpu: CpuState, slot: number, v: number): void {
  cpu.R[slot] = v | 0;
  cpu.R[slot + 1] = Math.floor(v / TWO32) | 0;
}
/** A register pair's two words into the frame, as one little-endian 64-bit value. */
function putSlot64(dv: DataView, off: number, cpu: CpuState, slot: number): void {
  dv.setInt32(off, cpu.R[slot]!, true);
  dv.setInt32(off + 4, cpu.R[slot + 1]!, true);
}
function getSlot64(dv: DataView, off: number, cpu: CpuState, slot: number): void {
  cpu.R[slot] = dv.getInt32(off, true);
  cpu.R[slot + 1] = dv.getInt32(off + 4, true);
}
const u64 = (dv: DataView, off: number): number => dv.getUint32(off + 4, true) * TWO32 + dv.getUint32(off, true);
function put64(dv: DataView, off: number, v: number): void {
  dv.setUint32(off, v >>> 0, true);
  dv.setUint32(off + 4, Math.floor(v / TWO32) >>> 0, true);
}

/** PSTATE as the frame holds it: NZCV, EL0t. */
export function readPstate(cpu: CpuState): number {
  const R = cpu.R;
  return (((R[SLOT_NF]! < 0 ? 8 : 0) | (R[SLOT_ZF] === 0 ? 4 : 0) | (R[SLOT_CF] ? 2 : 0) | (R[SLOT_VF]! < 0 ? 1 : 0)) << 28) >>> 0;
}

/** sigcontext.fault_address: the faulting address of a memory fault (FAR_EL1), else 0 as after other traps. */
function faultAddress(d: SignalDelivery): number {
  const dv = new DataView(d.info.buffer, d.info.byteOffset, d.info.byteLength);
  return (d.sig === SIGSEGV || d.sig === SIGBUS) && dv.getInt32(8, true) > 0 ? u64(dv, 16) : 0;
}

function setup(cpu: CpuState, mem: GuestMemory, d: SignalDelivery): void {
  const L = A64_FRAME, F = FPSIMD_CONTEXT;
  const rt = (d.flags & SA_SIGINFO) !== 0;
  const record = Math.floor((d.sp - FRAME_RECORD_SIZE) / 16) * 16;
  const frame = record - L.size;
  if (frame < 0) throw new BadAddress(0);

  // The ucontext through the frame record; the siginfo only for SA_SIGINFO, as the kernel copies it.
  const buf = new Uint8Array(L.size + FRAME_RECORD_SIZE - L.uc);
  const dv = new DataView(buf.buffer);
  const at = (off: number) => off - L.uc;
  put64(dv, at(L.ucStackSp), d.altStack.sp);
  dv.setInt32(at(L.ucStackFlags), d.altStack.flags, true);
  put64(dv, at(L.ucStackSize), d.altStack.size);
  for (let i = 0; i < SIGSET_WORDS; i++) dv.setUint32(at(L.ucSigmask) + 4 * i, d.mask[i] ?? 0, true);
  put64(dv, at(L.faultAddress), faultAddress(d));
  for (let r = 0; r < 31; r++) putSlot64(dv, at(L.regs) + 8 * r, cpu, xslot(r));
  putSlot64(dv, at(L.sp), cpu, SLOT_SP);
  put64(dv, at(L.pc), cpu.pc);
  put64(dv, at(L.pstate), readPstate(cpu));
  const fp = at(L.reserved);
  dv.setUint32(fp + F.magic, FPSIMD_MAGIC, true);
  dv.setUint32(fp + F.size, F.bytes, true);
  dv.setUint32(fp + F.fpsr, cpu.R[SLOT_FPSR]! >>> 0, true);
  dv.setUint32(fp + F.fpcr, cpu.R[SLOT_FPCR]! >>> 0, true);
  for (let w = 0; w < 4 * 32; w++) dv.setInt32(fp + F.vregs + 4 * w, cpu.R[vslot(0) + w]!, true);
  // The end marker after it is zero; so is the rest of __reserved.
  putSlot64(dv, at(L.size), cpu, xslot(X29));
  putSlot64(dv, at(L.size) + 8, cpu, xslot(X30));
  mem.writeBytes(frame + L.uc, buf);
  if (rt) mem.writeBytes(frame + L.info, d.info.subarray(0, 128));

  set64(cpu, xslot(X0), d.sig);
  if (rt) {
    set64(cpu, xslot(X1), frame + L.info);
    set64(cpu, xslot(X2), frame + L.uc);
  }
  set64(cpu, SLOT_SP, frame);
  set64(cpu, xslot(X29), record);
  const ret = d.flags & SA_RESTORER ? d.restorer : d.trampoline ? d.trampoline + RT_SIGRETURN_OFFSET : 0;
  set64(cpu, xslot(X30), ret);
  cpu.R[SLOT_EXCL_ADDR] = -1; // an exception return clears the exclusive monitor
  cpu.R[SLOT_EXCL_ADDR + 1] = -1;
  cpu.pc = d.handler;
}

/**
 * The fpsimd_context among the __reserved records (parse_user_sigframe): records are 16-aligned,
 * fit in the area and end with a zero marker; fpsimd appears once with its exact size; esr is
 * skipped; anything else is a bad frame. Its offset in `dv`, or -1 for a bad frame.
 */
function findFpsimd(dv: DataView, base: number): number {
  let fpsimd = -1;
  for (let off = 0; ; ) {
    if (off % 16 !== 0 || A64_FRAME.reservedSize - off < 8) return -1;
    const magic = dv.getUint32(base + off, true), size = dv.getUint32(base + off + 4, true);
    if (size > A64_FRAME.reservedSize - off) return -1;
    if (magic === 0) return size === 0 ? fpsimd : -1;
    if (magic === FPSIMD_MAGIC) {
      if (fpsimd >= 0 || size !== FPSIMD_CONTEXT.bytes) return -1;
      fpsimd = base + off;
    } else if (magic !== ESR_MAGIC) return -1;
    if (size < 8) return -1;
    off += size;
  }
}

function restore(cpu: CpuState, mem: GuestMemory) {
  const L = A64_FRAME, F = FPSIMD_CONTEXT;
  const frame = get64(cpu, SLOT_SP);
  if (frame % 16 !== 0) throw new BadAddress(frame);
  const bytes = mem.readBytes(frame + L.uc, L.size - L.uc);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (off: number) => off - L.uc;
  // The high word is RES0, which the kernel clears.
  const pstate = dv.getUint32(at(L.pstate), true);
  if (pstate & PSTATE_MODE_AND_DAIF) throw new BadAddress(frame);
  const fp = findFpsimd(dv, at(L.reserved));
  if (fp < 0) throw new BadAddress(frame + L.reserved);

  const mask = new Uint32Array(SIGSET_WORDS);
  for (let i = 0; i < SIGSET_WORDS; i++) mask[i] = dv.getUint32(at(L.ucSigmask) + 4 * i, true);
  for (let r = 0; r < 31; r++) getSlot64(dv, at(L.regs) + 8 * r, cpu, xslot(r));
  getSlot64(dv, at(L.sp), cpu, SLOT_SP);
  cpu.pc = u64(dv, at(L.pc));
  const nzcv = pstate >>> 28;
  cpu.R[SLOT_NF] = nzcv & 8 ? -1 << 31 : 0;
  cpu.R[SLOT_ZF] = nzcv & 4 ? 0 : 1;
  cpu.R[SLOT_CF] = (nzcv >> 1) & 1;
  cpu.R[SLOT_VF] = nzcv & 1 ? -1 << 31 : 0;
  cpu.R[SLOT_FPSR] = dv.getUint32(fp + F.fpsr, true) & FPSR_MASK;
  cpu.R[SLOT_FPCR] = dv.getUint32(fp + F.fpcr, true) & FPCR_MASK;
  for (let w = 0; w < 4 * 32; w++) cpu.R[vslot(0) + w] = dv.getInt32(fp + F.vregs + 4 * w, true);
  cpu.R[SLOT_EXCL_ADDR] = -1;
  cpu.R[SLOT_EXCL_ADDR + 1] = -1;
  const altStack = { sp: u64(dv, at(L.ucStackSp)), flags: dv.getInt32(at(L.ucStackFlags), true), size: u64(dv, at(L.ucStackSize)) };
  return { mask, altStack };
}

export const aarch64Signals: SignalFrames = {
  setup,
  restore: (cpu, mem) => restore(cpu, mem),
  sp: (cpu) => get64(cpu, SLOT_SP),
  restartSyscall(cpu, nr, args) {
    // SVC is 4 bytes; the result overwrote x0 only.
    cpu.pc -= 4;
    set64(cpu, xslot(X0), args[0] ?? 0);
    set64(cpu, xslot(X8), nr);
  },
  trampoline: { code: TRAMPOLINE, rtSigreturn: RT_SIGRETURN_OFFSET },
};
