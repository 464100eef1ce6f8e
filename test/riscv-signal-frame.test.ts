// The RV64 signal frame (src/arch/riscv/signal.ts): its offsets against the kernel's and glibc's
// structs as the cross compiler lays them out (a C program built with riscv64-linux-gnu-gcc and run
// under qemu-riscv64), and setup/restore on a CPU state and guest memory without running guest code.
import { describe, expect, test } from 'vitest';
import { makeRiscv64 } from '../src/arch/riscv/index.ts';
import { RV64_FRAME } from '../src/arch/riscv/signal.ts';
import { SLOT_FFLAGS, SLOT_FRM, fslot, xslot } from '../src/arch/riscv/state.ts';
import type { CpuState, SignalDelivery } from '../src/arch/types.ts';
import { BadAddress } from '../src/mem/memory.ts';
import { STACK, STACK_TOP, TRAMP, crossProbe, frameDelivery, frameMachine } from './helpers/signal-frame.ts';

const { cc: CC, qemu: QEMU, haveTools, compileAndRun } = crossProbe('riscv64', ['-O0']);

const KERNEL_LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
/* arch/riscv/kernel/signal.c */
struct rt_sigframe { siginfo_t info; struct ucontext uc; };
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define F(name, m) P(name, offsetof(struct rt_sigframe, m))
int main(void) {
  P("size", sizeof(struct rt_sigframe));
  P("siginfo", sizeof(siginfo_t));
  P("sigset", sizeof(sigset_t));
  F("info", info); F("uc", uc); F("ucFlags", uc.uc_flags); F("ucLink", uc.uc_link);
  F("ucStackSp", uc.uc_stack.ss_sp); F("ucStackFlags", uc.uc_stack.ss_flags); F("ucStackSize", uc.uc_stack.ss_size);
  F("ucSigmask", uc.uc_sigmask); F("mcontext", uc.uc_mcontext); F("pc", uc.uc_mcontext.sc_regs.pc);
  F("ra", uc.uc_mcontext.sc_regs.ra); F("t6", uc.uc_mcontext.sc_regs.t6);
  F("fpregs", uc.uc_mcontext.sc_fpregs.d.f); F("fcsr", uc.uc_mcontext.sc_fpregs.d.fcsr);
  F("fpReserved", uc.uc_mcontext.sc_fpregs.q.reserved);
  P("mcontextSize", sizeof(struct sigcontext));
  return 0;
}
`;

const GLIBC_LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <ucontext.h>
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define U(name, m) P(name, offsetof(ucontext_t, m))
int main(void) {
  U("ucFlags", __uc_flags); U("ucLink", uc_link); U("ucStackSp", uc_stack.ss_sp); U("ucStackFlags", uc_stack.ss_flags);
  U("ucStackSize", uc_stack.ss_size); U("ucSigmask", uc_sigmask); U("mcontext", uc_mcontext);
  U("pc", uc_mcontext.__gregs[REG_PC]); U("ra", uc_mcontext.__gregs[REG_RA]); U("t6", uc_mcontext.__gregs[31]);
  U("fpregs", uc_mcontext.__fpregs.__d.__f); U("fcsr", uc_mcontext.__fpregs.__d.__fcsr);
  P("siginfo", sizeof(siginfo_t));
  return 0;
}
`;

describe.skipIf(!haveTools)(`RV64 frame layout against ${CC} (skipped without ${CC} and ${QEMU})`, () => {
  test('struct rt_sigframe, ucontext and sigcontext of the kernel headers', () => {
    const k = compileAndRun('kernel', KERNEL_LAYOUT);
    const L = RV64_FRAME;
    expect(k.get('siginfo')).toBe(128);
    expect(k.get('sigset')).toBe(8);
    for (const name of ['size', 'info', 'uc', 'ucFlags', 'ucLink', 'ucStackSp', 'ucStackFlags', 'ucStackSize', 'ucSigmask', 'mcontext', 'fpregs', 'fcsr', 'fpReserved'] as const) {
      expect([name, k.get(name)]).toEqual([name, L[name]]);
    }
    expect(k.get('pc')).toBe(L.mcontext);
    expect(k.get('ra')).toBe(L.mcontext + 8);
    expect(k.get('t6')).toBe(L.mcontext + 8 * 31);
    expect(L.mcontext + k.get('mcontextSize')!).toBe(L.size);
  });

  test("glibc's ucontext_t agrees with the kernel's up to the FP state", () => {
    const g = compileAndRun('glibc', GLIBC_LAYOUT);
    const L = RV64_FRAME;
    expect(g.get('siginfo')).toBe(128);
    for (const name of ['ucFlags', 'ucLink', 'ucStackSp', 'ucStackFlags', 'ucStackSize', 'ucSigmask', 'mcontext', 'fpregs', 'fcsr'] as const) {
      expect([name, g.get(name)]).toEqual([name, L[name] - L.uc]);
    }
    expect(g.get('pc')).toBe(L.mcontext - L.uc);
    expect(g.get('ra')).toBe(L.mcontext - L.uc + 8);
    expect(g.get('t6')).toBe(L.mcontext - L.uc + 8 * 31);
  });
});

describe('RV64 setup and restore', () => {
  const HANDLER = 0x12340;
  const A0 = 10, A1 = 11, A2 = 12, RA = 1, SP = 2;

  function machine() {
    const m = frameMachine(makeRiscv64(), true);
    const { cpu } = m;
    // Distinct patterns in every register, both halves.
    for (let r = 1; r < 32; r++) {
      cpu.R[xslot(r)] = (0x01010101 * r) | 0;
      cpu.R[xslot(r) + 1] = (0x80000000 | r) | 0;
    }
    cpu.R[xslot(SP)] = STACK_TOP - 0x105;
    cpu.R[xslot(SP) + 1] = 0;
    for (let f = 0; f < 32; f++) {
      cpu.R[fslot(f)] = (0x11111111 * (f % 15)) ^ f;
      cpu.R[fslot(f) + 1] = (0x3ff00000 + f) | 0;
    }
    cpu.R[SLOT_FFLAGS] = 0x15;
    cpu.R[SLOT_FRM] = 3;
    cpu.pc = 0x10abc;
    return m;
  }
  const reg = (cpu: CpuState, r: number) => (cpu.R[xslot(r) + 1]! >>> 0) * 2 ** 32 + (cpu.R[xslot(r)]! >>> 0);

  const delivery = (over: Partial<SignalDelivery> = {}) =>
    frameDelivery({ sig: 10, infoXor: 0x5a, handler: HANDLER, flags: 4 /* SA_SIGINFO */, restorer: 0, mask: [0x80000201, 0x00000005], sp: STACK_TOP - 0x105, altStack: { sp: 0, flags: 2, size: 0 } }, over);

  test('the handler gets a0 = signal, a1 = &info, a2 = &uc, 16-aligned sp = frame, ra = trampoline', () => {
    const { mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SP);
    expect(frame % 16).toBe(0);
    expect(frame).toBe(Math.floor((STACK_TOP - 0x105 - RV64_FRAME.size) / 16) * 16);
    expect(reg(cpu, A0)).toBe(10);
    expect(reg(cpu, A1)).toBe(frame + RV64_FRAME.info);
    expect(reg(cpu, A2)).toBe(frame + RV64_FRAME.uc);
    expect(reg(cpu, RA)).toBe(TRAMP);
    expect(cpu.pc).toBe(HANDLER);
    const u32 = (off: number) => mem.dv.getUint32(frame + off, true);
    const u64 = (off: number) => mem.dv.getBigUint64(frame + off, true);
    expect(mem.u8[frame + 7]).toBe(7 ^ 0x5a);
    expect(u64(RV64_FRAME.mcontext)).toBe(0x10abcn);
    expect(u64(RV64_FRAME.mcontext + 8 * 5)).toBe(0x8000000505050505n);
    expect(u64(RV64_FRAME.mcontext + 8 * SP)).toBe(BigInt(STACK_TOP - 0x105));
    expect(u64(RV64_FRAME.fpregs + 8 * 3)).toBe(0x3ff0000333333330n);
    expect(u32(RV64_FRAME.fcsr)).toBe((3 << 5) | 0x15);
    expect([u32(RV64_FRAME.ucSigmask), u32(RV64_FRAME.ucSigmask + 4)]).toEqual([0x80000201, 5]);
    expect([u64(RV64_FRAME.ucStackSp), u32(RV64_FRAME.ucStackFlags), u64(RV64_FRAME.ucStackSize)]).toEqual([0n, 2, 0n]);
    expect([u32(RV64_FRAME.fpReserved), u32(RV64_FRAME.fpReserved + 8)]).toEqual([0, 0]);
  });

  test('rt_sigreturn restores every register, fcsr and the PC the handler changed in the frame', () => {
    const { mem, cpu, frames } = machine();
    const before = Int32Array.from(cpu.R);
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SP);
    // The handler advances the saved PC and sets a saved register, then clobbers live state.
    mem.dv.setBigUint64(frame + RV64_FRAME.mcontext, 0x10ac0n, true);
    mem.dv.setBigUint64(frame + RV64_FRAME.mcontext + 8 * 9, 0xfedcba9876543210n, true);
    for (let i = 2; i < 128; i++) if (i !== xslot(SP) && i !== xslot(SP) + 1) cpu.R[i] = -1;
    cpu.R[SLOT_FFLAGS] = 0;
    cpu.R[SLOT_FRM] = 0;
    const r = frames.restore(cpu, mem, true);
    expect(Array.from(r.mask)).toEqual([0x80000201, 5]);
    expect(cpu.pc).toBe(0x10ac0);
    const expected = Int32Array.from(before);
    expected[xslot(9)] = 0x76543210;
    expected[xslot(9) + 1] = 0xfedcba98 | 0;
    expect(Array.from(cpu.R.subarray(0, 130))).toEqual(Array.from(expected.subarray(0, 130)));
  });

  test('a frame that cannot be written or read, and a non-zero reserved FP word, are BadAddress', () => {
    const { mem, cpu, frames } = machine();
    expect(() => frames.setup(cpu, mem, delivery({ sp: STACK + 0x100 }))).toThrow(BadAddress);
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SP);
    mem.dv.setUint32(frame + RV64_FRAME.fpReserved + 4, 1, true);
    expect(() => frames.restore(cpu, mem, true)).toThrow(BadAddress);
    cpu.R[xslot(SP)] = STACK_TOP - 16;
    expect(() => frames.restore(cpu, mem, true)).toThrow(BadAddress);
  });

  test('on the alternate stack, a frame that would overflow it is refused; uc_stack is saved', () => {
    const { mem, cpu, frames } = machine();
    const alt = { sp: STACK_TOP - 0x1000, size: 0x1000, flags: 1 };
    cpu.R[xslot(SP)] = alt.sp + 0x300;
    expect(() => frames.setup(cpu, mem, delivery({ sp: alt.sp + 0x300, altStack: alt }))).toThrow(BadAddress);
    cpu.R[xslot(SP)] = alt.sp + 0x800;
    frames.setup(cpu, mem, delivery({ sp: alt.sp + 0x800, altStack: alt }));
    const frame = reg(cpu, SP);
    expect(mem.dv.getBigUint64(frame + RV64_FRAME.ucStackSp, true)).toBe(BigInt(alt.sp));
    expect(mem.dv.getUint32(frame + RV64_FRAME.ucStackFlags, true)).toBe(1);
    expect(mem.dv.getBigUint64(frame + RV64_FRAME.ucStackSize, true)).toBe(0x1000n);
  });

  test('the trampoline is __vdso_rt_sigreturn: li a7, 139; ecall', () => {
    const { arch, mem, frames } = machine();
    expect(frames.trampoline!.rtSigreturn).toBe(0);
    const first = arch.disassemble(mem, TRAMP);
    const second = arch.disassemble(mem, TRAMP + first.length);
    expect(first.text.replace(/\s+/g, '')).toBe('addia7,zero,139');
    expect(second.text.trim()).toBe('ecall');
  });

  test('restartSyscall puts the PC back on the ecall with a0 and a7 as before', () => {
    const { cpu, frames } = machine();
    cpu.pc = 0x10004;
    cpu.R[xslot(A0)] = -4;
    cpu.R[xslot(A0) + 1] = -1;
    frames.restartSyscall(cpu, 63, [3, 0x20000, 100, 0, 0, 0]);
    expect(cpu.pc).toBe(0x10000);
    expect(reg(cpu, A0)).toBe(3);
    expect(reg(cpu, 17)).toBe(63);
  });
});
