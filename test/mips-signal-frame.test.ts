// The MIPS o32 signal frames (src/arch/mips/signal.ts): their offsets against the kernel's and
// glibc's structs as the cross compiler lays them out (C programs built with mips-linux-gnu-gcc and
// run under qemu-mips), and setup/restore of both frame kinds on both byte orders and both FPU
// register modes, without running guest code.
import { describe, expect, test } from 'vitest';
import { makeMips } from '../src/arch/mips/index.ts';
import { O32_RT_SIGFRAME, O32_SIGCONTEXT, O32_SIGFRAME, makeMipsSignals } from '../src/arch/mips/signal.ts';
import { FPR_BASE, SLOT_FCSR, SLOT_HI, SLOT_LL_ADDR, SLOT_LO, gslot } from '../src/arch/mips/state.ts';
import type { SignalDelivery } from '../src/arch/types.ts';
import { BadAddress, type GuestMemory } from '../src/mem/memory.ts';
import { archTables } from '../syscalls/tables/index.ts';
import { STACK, STACK_TOP, TRAMP, crossProbe, frameDelivery, frameMachine } from './helpers/signal-frame.ts';

const { cc: CC, qemu: QEMU, haveTools, compileAndRun } = crossProbe('mips', ['-O0']);

const KERNEL_LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
/* arch/mips/kernel/signal.c */
struct sigframe { unsigned sf_ass[4]; unsigned sf_pad[2]; struct sigcontext sf_sc; sigset_t sf_mask; unsigned long long sf_extcontext[]; };
struct rt_sigframe { unsigned rs_ass[4]; unsigned rs_pad[2]; siginfo_t rs_info; struct ucontext rs_uc; };
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define S(m) P("sc." #m, offsetof(struct sigcontext, sc_##m))
#define R(name, m) P("rt." name, offsetof(struct rt_sigframe, m))
int main(void) {
  P("sc.size", sizeof(struct sigcontext));
  S(regmask); S(status); S(pc); S(regs); S(fpregs); S(acx); S(fpc_csr); S(fpc_eir); S(used_math); S(dsp);
  S(mdhi); S(mdlo); S(hi1); S(lo1); S(hi2); S(lo2); S(hi3); S(lo3);
  P("sf.size", sizeof(struct sigframe));
  P("sf.sc", offsetof(struct sigframe, sf_sc));
  P("sf.mask", offsetof(struct sigframe, sf_mask));
  P("rt.size", sizeof(struct rt_sigframe));
  R("info", rs_info); R("uc", rs_uc); R("ucFlags", rs_uc.uc_flags); R("ucLink", rs_uc.uc_link);
  R("ucStackSp", rs_uc.uc_stack.ss_sp); R("ucStackSize", rs_uc.uc_stack.ss_size); R("ucStackFlags", rs_uc.uc_stack.ss_flags);
  R("mcontext", rs_uc.uc_mcontext); R("ucSigmask", rs_uc.uc_sigmask);
  P("siginfo", sizeof(siginfo_t));
  P("sigset", sizeof(sigset_t));
  P("SA_SIGINFO", SA_SIGINFO);
  return 0;
}
`;

const GLIBC_LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <ucontext.h>
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define M(m) P("sc." #m, offsetof(mcontext_t, m))
#define U(name, m) P("uc." name, offsetof(ucontext_t, m))
int main(void) {
  M(regmask); M(status); M(pc); M(gregs); M(fpregs); M(fp_owned); M(fpc_csr); M(fpc_eir); M(used_math); M(dsp);
  M(mdhi); M(mdlo); M(hi1); M(lo1); M(hi2); M(lo2); M(hi3); M(lo3);
  U("ucFlags", uc_flags); U("ucLink", uc_link); U("ucStackSp", uc_stack.ss_sp); U("ucStackSize", uc_stack.ss_size);
  U("ucStackFlags", uc_stack.ss_flags); U("mcontext", uc_mcontext); U("ucSigmask", uc_sigmask);
  return 0;
}
`;

describe.skipIf(!haveTools)(`MIPS o32 frame layout against ${CC} (skipped without ${CC} and ${QEMU})`, () => {
  test('struct sigcontext, sigframe, rt_sigframe and ucontext of the kernel headers', () => {
    const k = compileAndRun('kernel', KERNEL_LAYOUT);
    const at = (n: string) => [n, k.get(n)];
    expect(at('sc.size')).toEqual(['sc.size', O32_SIGCONTEXT.size]);
    const sc: Record<string, number> = { ...O32_SIGCONTEXT, fpc_csr: O32_SIGCONTEXT.fpcCsr, fpc_eir: O32_SIGCONTEXT.fpcEir, used_math: O32_SIGCONTEXT.usedMath };
    for (const name of ['regmask', 'status', 'pc', 'regs', 'fpregs', 'acx', 'fpc_csr', 'fpc_eir', 'used_math', 'dsp', 'mdhi', 'mdlo', 'hi1', 'lo1', 'hi2', 'lo2', 'hi3', 'lo3']) {
      expect(at(`sc.${name}`)).toEqual([`sc.${name}`, sc[name]]);
    }
    for (const name of ['size', 'sc', 'mask'] as const) expect(at(`sf.${name}`)).toEqual([`sf.${name}`, O32_SIGFRAME[name]]);
    for (const name of ['size', 'info', 'uc', 'ucFlags', 'ucLink', 'ucStackSp', 'ucStackSize', 'ucStackFlags', 'mcontext', 'ucSigmask'] as const) {
      expect(at(`rt.${name}`)).toEqual([`rt.${name}`, O32_RT_SIGFRAME[name]]);
    }
    expect(k.get('siginfo')).toBe(128);
    expect(k.get('sigset')).toBe(16);
    expect(archTables.mips.signalConstants.SA_SIGINFO).toBe(k.get('SA_SIGINFO'));
    // The kernel's invariant: extended context follows the sigcontext at the same distance in both frames.
    expect(O32_SIGFRAME.size - O32_SIGFRAME.sc).toBe(O32_RT_SIGFRAME.size - O32_RT_SIGFRAME.mcontext);
  });

  test("glibc's mcontext_t and ucontext_t agree with the kernel's", () => {
    const g = compileAndRun('glibc', GLIBC_LAYOUT);
    const C = O32_SIGCONTEXT;
    const expected: Record<string, number> = {
      regmask: C.regmask, status: C.status, pc: C.pc, gregs: C.regs, fpregs: C.fpregs, fp_owned: C.acx, fpc_csr: C.fpcCsr, fpc_eir: C.fpcEir,
      used_math: C.usedMath, dsp: C.dsp, mdhi: C.mdhi, mdlo: C.mdlo, hi1: C.hi1, lo1: C.lo1, hi2: C.hi2, lo2: C.lo2, hi3: C.hi3, lo3: C.lo3,
    };
    for (const [name, off] of Object.entries(expected)) expect([name, g.get(`sc.${name}`)]).toEqual([name, off]);
    const F = O32_RT_SIGFRAME;
    for (const name of ['ucFlags', 'ucLink', 'ucStackSp', 'ucStackSize', 'ucStackFlags', 'mcontext', 'ucSigmask'] as const) {
      expect([name, g.get(`uc.${name}`)]).toEqual([name, F[name] - F.uc]);
    }
  });
});

const HANDLER = 0x412340;
const A0 = 4, A1 = 5, A2 = 6, A3 = 7, V0 = 2, T9 = 25, SP = 29, RA = 31;
const SA_SIGINFO = 8;

for (const [label, le] of [['mips (big-endian)', false], ['mipsel (little-endian)', true]] as const) {
  describe(`${label}: setup and restore`, () => {
    function machine(fr = 1) {
      const arch = makeMips(le);
      const m = frameMachine(arch, le, fr === 1 ? arch.signals! : makeMipsSignals(le, () => fr));
      const { cpu } = m;
      for (let r = 1; r < 32; r++) cpu.R[gslot(r)] = (0x80000000 | (0x010101 * r)) | 0;
      cpu.R[gslot(SP)] = STACK_TOP - 0x103;
      cpu.R[SLOT_HI] = 0x1234;
      cpu.R[SLOT_LO] = -5;
      cpu.R[SLOT_FCSR] = 0x01800003;
      cpu.R[SLOT_LL_ADDR] = 0x40010;
      for (let w = 0; w < 64; w++) cpu.R[FPR_BASE + w] = (0x3ff00000 + w * 0x1001) | 0;
      cpu.pc = 0x400abc;
      return m;
    }
    const u32 = (mem: GuestMemory, a: number) => mem.dv.getUint32(a, le);
    /** A 64-bit sigcontext slot as [hi, lo]. */
    const slot = (mem: GuestMemory, a: number) => (le ? [u32(mem, a + 4), u32(mem, a)] : [u32(mem, a), u32(mem, a + 4)]);
    const delivery = (over: Partial<SignalDelivery> = {}) =>
      frameDelivery({ sig: 16, infoXor: 0xa5, handler: HANDLER, flags: SA_SIGINFO, restorer: 0, mask: [0x80000201, 5, 0, 0x40000000], sp: STACK_TOP - 0x103, altStack: { sp: 0, flags: 2, size: 0 } }, over);

    test('rt frame: a0 = signal, a1 = &info, a2 = &uc, sp = frame (8-aligned, 32 bytes below), ra = rt trampoline, t9 = pc = handler', () => {
      const { mem, cpu, frames } = machine();
      frames.setup(cpu, mem, delivery());
      const frame = cpu.R[gslot(SP)]! >>> 0;
      expect(frame).toBe(Math.floor((STACK_TOP - 0x103 - 32 - O32_RT_SIGFRAME.size) / 8) * 8);
      expect(cpu.R[gslot(A0)]).toBe(16);
      expect(cpu.R[gslot(A1)]).toBe(frame + O32_RT_SIGFRAME.info);
      expect(cpu.R[gslot(A2)]).toBe(frame + O32_RT_SIGFRAME.uc);
      expect(cpu.R[gslot(RA)]).toBe(TRAMP + frames.trampoline!.rtSigreturn);
      expect(cpu.R[gslot(T9)]).toBe(HANDLER);
      expect(cpu.pc).toBe(HANDLER);
      expect(cpu.R[SLOT_LL_ADDR]).toBe(-1);
      const sc = frame + O32_RT_SIGFRAME.mcontext, C = O32_SIGCONTEXT;
      expect(mem.u8[frame + O32_RT_SIGFRAME.info + 9]).toBe(9 ^ 0xa5);
      expect(slot(mem, sc + C.pc)).toEqual([0, 0x400abc]);
      expect(slot(mem, sc + C.regs)).toEqual([0, 0]);
      expect(slot(mem, sc + C.regs + 8 * 7)).toEqual([0, 0x80070707]);
      expect(slot(mem, sc + C.regs + 8 * SP)).toEqual([0, STACK_TOP - 0x103]);
      expect(slot(mem, sc + C.mdhi)).toEqual([0, 0x1234]);
      expect(slot(mem, sc + C.mdlo)).toEqual([0, 0xfffffffb]);
      // FR=1: $f3 is the words FPR_BASE+6 (low) and +7 (high).
      expect(slot(mem, sc + C.fpregs + 8 * 3)).toEqual([0x3ff00000 + 7 * 0x1001, 0x3ff00000 + 6 * 0x1001]);
      expect(u32(mem, sc + C.fpcCsr)).toBe(0x01800003);
      expect(u32(mem, sc + C.usedMath)).toBe(3); // USED_FP | USED_FR1
      expect([0, 1, 2, 3].map((i) => u32(mem, frame + O32_RT_SIGFRAME.ucSigmask + 4 * i))).toEqual([0x80000201, 5, 0, 0x40000000]);
      expect([u32(mem, frame + O32_RT_SIGFRAME.ucStackSp), u32(mem, frame + O32_RT_SIGFRAME.ucStackSize), u32(mem, frame + O32_RT_SIGFRAME.ucStackFlags)]).toEqual([0, 0, 2]);
    });

    test('sigframe without SA_SIGINFO: a1 = 0, a2 = &sigcontext, ra = sigreturn trampoline', () => {
      const { mem, cpu, frames } = machine();
      frames.setup(cpu, mem, delivery({ flags: 0 }));
      const frame = cpu.R[gslot(SP)]! >>> 0;
      expect(frame).toBe(Math.floor((STACK_TOP - 0x103 - 32 - O32_SIGFRAME.size) / 8) * 8);
      expect(cpu.R[gslot(A1)]).toBe(0);
      expect(cpu.R[gslot(A2)]).toBe(frame + O32_SIGFRAME.sc);
      expect(cpu.R[gslot(RA)]).toBe(TRAMP + frames.trampoline!.sigreturn!);
      expect(slot(mem, frame + O32_SIGFRAME.sc + O32_SIGCONTEXT.pc)).toEqual([0, 0x400abc]);
      expect(u32(mem, frame + O32_SIGFRAME.mask + 12)).toBe(0x40000000);
    });

    for (const rt of [true, false]) {
      test(`${rt ? 'rt_sigreturn' : 'sigreturn'} restores every register, HI/LO, FPRs and FCSR, with the handler's changes`, () => {
        const { mem, cpu, frames } = machine();
        const before = Int32Array.from(cpu.R);
        frames.setup(cpu, mem, delivery({ flags: rt ? SA_SIGINFO : 0 }));
        const frame = cpu.R[gslot(SP)]! >>> 0;
        const sc = frame + (rt ? O32_RT_SIGFRAME.mcontext : O32_SIGFRAME.sc), C = O32_SIGCONTEXT;
        const put = (a: number, v: number) => mem.dv.setUint32(a + (le ? 0 : 4), v, le);
        put(sc + C.pc, 0x400ac0);
        put(sc + C.regs + 8 * 16, 0xcafe);
        for (const i of [...Array.from({ length: 31 }, (_, r) => gslot(r + 1)), SLOT_HI, SLOT_LO, SLOT_FCSR]) if (i !== gslot(SP)) cpu.R[i] = 0x77777777;
        for (let w = 0; w < 64; w++) cpu.R[FPR_BASE + w] = -1;
        const r = frames.restore(cpu, mem, rt);
        expect(Array.from(r.mask)).toEqual([0x80000201, 5, 0, 0x40000000]);
        expect(cpu.pc).toBe(0x400ac0);
        const expected = Int32Array.from(before);
        expected[gslot(16)] = 0xcafe;
        expected[SLOT_LL_ADDR] = -1;
        expect(Array.from(cpu.R.subarray(0, 128))).toEqual(Array.from(expected.subarray(0, 128)));
      });
    }

    test('FR=0: the even registers hold the pairs $f2k+1:$f2k, odd slots are not used', () => {
      const { mem, cpu, frames } = machine(0);
      const before = Int32Array.from(cpu.R);
      frames.setup(cpu, mem, delivery());
      const frame = cpu.R[gslot(SP)]! >>> 0;
      const sc = frame + O32_RT_SIGFRAME.mcontext, C = O32_SIGCONTEXT;
      // $f2 (word FPR_BASE+2) and $f3 (word FPR_BASE+3) form double $f2.
      expect(slot(mem, sc + C.fpregs + 8 * 2)).toEqual([0x3ff00000 + 3 * 0x1001, 0x3ff00000 + 2 * 0x1001]);
      expect(slot(mem, sc + C.fpregs + 8 * 3)).toEqual([0, 0]);
      expect(u32(mem, sc + C.usedMath)).toBe(1);
      for (let w = 0; w < 32; w++) cpu.R[FPR_BASE + w] = 0;
      frames.restore(cpu, mem, true);
      expect(Array.from(cpu.R.subarray(FPR_BASE, FPR_BASE + 32))).toEqual(Array.from(before.subarray(FPR_BASE, FPR_BASE + 32)));
    });

    test('a frame cleared of USED_FP leaves the FPU state as the handler left it', () => {
      const { mem, cpu, frames } = machine();
      frames.setup(cpu, mem, delivery());
      const frame = cpu.R[gslot(SP)]! >>> 0;
      mem.dv.setUint32(frame + O32_RT_SIGFRAME.mcontext + O32_SIGCONTEXT.usedMath, 0, le);
      cpu.R[FPR_BASE] = 42;
      cpu.R[SLOT_FCSR] = 2;
      frames.restore(cpu, mem, true);
      expect([cpu.R[FPR_BASE], cpu.R[SLOT_FCSR]]).toEqual([42, 2]);
    });

    test('switching to the alternate stack starts at its top; overflowing it, or a bad frame, is BadAddress', () => {
      const { mem, cpu, frames } = machine();
      const alt = { sp: STACK_TOP - 0x1000, size: 0x1000, flags: 0 };
      frames.setup(cpu, mem, delivery({ sp: STACK_TOP, altStack: alt }));
      expect(cpu.R[gslot(SP)]! >>> 0).toBe(STACK_TOP - O32_RT_SIGFRAME.size);
      const on = { ...alt, flags: 1 };
      cpu.R[gslot(SP)] = alt.sp + 0x200;
      expect(() => frames.setup(cpu, mem, delivery({ sp: alt.sp + 0x200, altStack: on }))).toThrow(BadAddress);
      cpu.R[gslot(SP)] = STACK + 0x10;
      expect(() => frames.setup(cpu, mem, delivery({ sp: STACK + 0x10 }))).toThrow(BadAddress);
      cpu.R[gslot(SP)] = STACK_TOP - 0x20;
      expect(() => frames.restore(cpu, mem, true)).toThrow(BadAddress);
    });

    test('the trampoline: li v0, 4119; syscall at sigreturn, li v0, 4193; syscall at rt_sigreturn', () => {
      const { arch, mem, frames } = machine();
      const t = frames.trampoline!;
      const text = (a: number) => arch.disassemble(mem, a).text.replace(/\s+/g, ' ');
      expect(text(TRAMP + t.sigreturn!)).toMatch(/^(li v0,4119|addiu v0,zero,4119)$/);
      expect(text(TRAMP + t.sigreturn! + 4)).toBe('syscall');
      expect(text(TRAMP + t.rtSigreturn)).toMatch(/^(li v0,4193|addiu v0,zero,4193)$/);
      expect(text(TRAMP + t.rtSigreturn + 4)).toBe('syscall');
    });

    test('restartSyscall puts the PC back on the syscall with v0 = number and a3 = fourth argument', () => {
      const { cpu, frames } = machine();
      cpu.pc = 0x400100;
      cpu.R[gslot(V0)] = 4;
      cpu.R[gslot(A3)] = 1;
      frames.restartSyscall(cpu, 4003, [0, 0x20000, 100, 7, 0, 0]);
      expect(cpu.pc).toBe(0x4000fc);
      expect(cpu.R[gslot(V0)]).toBe(4003);
      expect(cpu.R[gslot(A3)]).toBe(7);
    });
  });
}
