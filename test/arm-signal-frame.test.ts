// The 32-bit ARM signal frames (src/arch/arm/signal.ts): their offsets against glibc's structs as
// the cross compiler lays them out, against the frames qemu-arm builds (a guest program loads known
// values into every register it can, sends itself a signal and reports where the handler finds each
// value in the frame), and setup/restore on a CPU state and guest memory without running guest code.
import { describe, expect, test } from 'vitest';
import { makeArm } from '../src/arch/arm/index.ts';
import { ARM_RT_SIGFRAME, ARM_SIGCONTEXT, ARM_SIGFRAME, ARM_UCONTEXT, ARM_VFP_FRAME, VFP_MAGIC } from '../src/arch/arm/signal.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPSCR, SLOT_GE, SLOT_NF, SLOT_QF, SLOT_TPIDRURO, SLOT_TPIDRURW, SLOT_VF, SLOT_ZF, dslot, rslot } from '../src/arch/arm/state.ts';
import type { CpuState, SignalDelivery } from '../src/arch/types.ts';
import { BadAddress } from '../src/mem/memory.ts';
import { PROBE_PRELUDE, PROBE_RT_HANDLER, STACK, STACK_TOP, TRAMP, crossProbe, faultInfo, frameDelivery, frameMachine, probeMain } from './helpers/signal-frame.ts';

const { cc: CC, qemu: QEMU, haveTools, compileAndRun } = crossProbe('arm', ['-O2', '-marm', '-mfpu=neon']);

const GLIBC_LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <ucontext.h>
#include <asm/sigcontext.h>
/* arch/arm/kernel/signal.h: struct sigframe { ucontext; retcode[4] }, struct rt_sigframe { siginfo; sigframe } */
struct sigframe { ucontext_t uc; unsigned long retcode[4]; };
struct rt_sigframe { siginfo_t info; struct sigframe sig; };
/* arch/arm/include/asm/user.h and asm/ucontext.h: the VFP block in uc_regspace */
struct user_vfp { unsigned long long fpregs[32]; unsigned long fpscr; };
struct user_vfp_exc { unsigned long fpexc, fpinst, fpinst2; };
struct vfp_sigframe { unsigned long magic, size; struct user_vfp ufp; struct user_vfp_exc ufp_exc; } __attribute__((aligned(8)));
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define U(name, m) P(name, offsetof(ucontext_t, m))
#define S(name, m) P(name, offsetof(struct sigcontext, m))
int main(void) {
  P("ucSize", sizeof(ucontext_t)); P("siginfo", sizeof(siginfo_t));
  U("flags", uc_flags); U("link", uc_link); U("stackSp", uc_stack.ss_sp); U("stackFlags", uc_stack.ss_flags);
  U("stackSize", uc_stack.ss_size); U("mcontext", uc_mcontext); U("sigmask", uc_sigmask); U("regspace", uc_regspace);
  S("trapNo", trap_no); S("errorCode", error_code); S("oldmask", oldmask); S("r0", arm_r0); S("r10", arm_r10);
  S("fp", arm_fp); S("ip", arm_ip); S("sp", arm_sp); S("lr", arm_lr); S("pc", arm_pc); S("cpsr", arm_cpsr);
  S("faultAddress", fault_address); P("sigcontextSize", sizeof(struct sigcontext));
  P("sigframeSize", sizeof(struct sigframe)); P("sigframeRetcode", offsetof(struct sigframe, retcode));
  P("rtSigframeSize", sizeof(struct rt_sigframe)); P("rtSigframeUc", offsetof(struct rt_sigframe, sig.uc));
  P("rtSigframeRetcode", offsetof(struct rt_sigframe, sig.retcode));
  P("vfpFpregs", offsetof(struct vfp_sigframe, ufp.fpregs)); P("vfpFpscr", offsetof(struct vfp_sigframe, ufp.fpscr));
  P("vfpFpexc", offsetof(struct vfp_sigframe, ufp_exc.fpexc)); P("vfpFpinst", offsetof(struct vfp_sigframe, ufp_exc.fpinst));
  P("vfpFpinst2", offsetof(struct vfp_sigframe, ufp_exc.fpinst2)); P("vfpBytes", sizeof(struct vfp_sigframe));
  return 0;
}
`;

// Loads d0..d31, FPSCR, APSR and r3-r6, r8-r10, r12 with known values and sends itself signal `sig`
// with tgkill right there; the handlers' entries (plain A32 code) note sp, lr and r1/r2 and report
// at which offset from the ucontext each value appears.
const FRAME_PROBE = `${PROBE_PRELUDE}
struct state { uint32_t d[64]; uint32_t fpscr, apsr, pid, tid, sig; } st;
extern char after_svc[];
uint32_t entry_sp, entry_lr;
void c_rt(int sig, siginfo_t *si, void *uc);
void c_plain(int sig);
__asm__(".text\\n.arm\\n"
  ".global rt_entry\\nrt_entry: ldr r3, =entry_sp\\n str sp, [r3]\\n ldr r3, =entry_lr\\n str lr, [r3]\\n b c_rt\\n .ltorg\\n"
  ".global plain_entry\\nplain_entry: ldr r3, =entry_sp\\n str sp, [r3]\\n ldr r3, =entry_lr\\n str lr, [r3]\\n b c_plain\\n .ltorg\\n");
void rt_entry(int, siginfo_t *, void *);
void plain_entry(int);
static void report(const char *p, const uint8_t *uc, int blocked) {
  char name[32];
  size_t len = sizeof(ucontext_t);
  for (int n = 0; n < 32; n++) { sprintf(name, "%sd%d", p, n); find(name, uc, 0, len, &st.d[2 * n], 8); }
  uint32_t w = st.fpscr; sprintf(name, "%sfpscr", p); find(name, uc, 0, len, &w, 4);
  w = 0x56465001; sprintf(name, "%svfpMagic", p); find(name, uc, 0, len, &w, 4);
  w = 0x40000000; sprintf(name, "%sfpexc", p); find(name, uc, 232 + 8 + 256, len, &w, 4);
  w = st.apsr | 0x10; sprintf(name, "%scpsr", p); find(name, uc, 0, len, &w, 4);
  w = (uint32_t)after_svc; sprintf(name, "%spc", p); find(name, uc, 0, len, &w, 4);
  static const int regs[] = {3, 4, 5, 6, 8, 9, 10, 12};
  for (int i = 0; i < 8; i++) { w = 0xa0a0a000u + regs[i]; sprintf(name, "%sr%d", p, regs[i]); find(name, uc, 0, len, &w, 4); }
  uint32_t mask[2] = {1u << (blocked - 1), 1u << (SIGRTMIN + 2 - 33)};
  sprintf(name, "%ssigmask", p); find(name, uc, 0, len, mask, 8);
  sprintf(name, "%soldmask", p); find(name, uc, 0, len, mask, 4);
  const ucontext_t *u = (const ucontext_t *)uc;
  printf("%sframeBytes %ld\\n", p, (long)(u->uc_mcontext.arm_sp - entry_sp));
}
${PROBE_RT_HANDLER}
void c_plain(int sig) { report("plain.", (const uint8_t *)entry_sp, SIGUSR1); }
__attribute__((noinline)) static void send_with_state(void) {
  struct state *p = &st;
  __asm__ volatile(
    "vldmia %[p], {d0-d15}\\n add r3, %[p], #128\\n vldmia r3, {d16-d31}\\n"
    "ldr r3, [%[p], #256]\\n vmsr fpscr, r3\\n ldr r3, [%[p], #260]\\n msr APSR_nzcvqg, r3\\n"
    "ldr r0, [%[p], #264]\\n ldr r1, [%[p], #268]\\n ldr r2, [%[p], #272]\\n mov r7, #268\\n"
    "movw r3, #0xa003\\n movt r3, #0xa0a0\\n movw r4, #0xa004\\n movt r4, #0xa0a0\\n"
    "movw r5, #0xa005\\n movt r5, #0xa0a0\\n movw r6, #0xa006\\n movt r6, #0xa0a0\\n"
    "movw r8, #0xa008\\n movt r8, #0xa0a0\\n movw r9, #0xa009\\n movt r9, #0xa0a0\\n"
    "movw r10, #0xa00a\\n movt r10, #0xa0a0\\n movw r12, #0xa00c\\n movt r12, #0xa0a0\\n"
    "svc #0\\n.global after_svc\\nafter_svc:\\n"
    : : [p] "r"(p)
    : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "memory", "cc",
      "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15",
      "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27", "d28", "d29", "d30", "d31");
}
${probeMain(`for (int n = 0; n < 32; n++) { st.d[2 * n] = 0x11110000u + n; st.d[2 * n + 1] = 0x22220000u + n; }
  st.fpscr = 0x63c0001f; st.apsr = 0x980f0000;`)}`;

describe.skipIf(!haveTools)(`ARM frame layout against ${CC} and ${QEMU} (skipped without them)`, () => {
  test("glibc's ucontext_t and the kernel's sigcontext, sigframe, rt_sigframe and vfp_sigframe", () => {
    const g = compileAndRun('layout', GLIBC_LAYOUT);
    const U = ARM_UCONTEXT, S = ARM_SIGCONTEXT, V = ARM_VFP_FRAME;
    expect(g.get('siginfo')).toBe(128);
    expect(g.get('ucSize')).toBe(U.size);
    for (const name of ['flags', 'link', 'stackSp', 'stackFlags', 'stackSize', 'mcontext', 'sigmask', 'regspace'] as const) {
      expect([name, g.get(name)]).toEqual([name, U[name]]);
    }
    for (const name of ['trapNo', 'errorCode', 'oldmask', 'r0', 'cpsr', 'faultAddress'] as const) expect([name, g.get(name)]).toEqual([name, S[name]]);
    const regs = { r10: 10, fp: 11, ip: 12, sp: 13, lr: 14, pc: 15 };
    for (const [name, n] of Object.entries(regs)) expect([name, g.get(name)]).toEqual([name, S.r0 + 4 * n]);
    expect(g.get('sigcontextSize')).toBe(S.size);
    expect([g.get('sigframeSize'), g.get('sigframeRetcode')]).toEqual([ARM_SIGFRAME.size, ARM_SIGFRAME.retcode]);
    expect([g.get('rtSigframeSize'), g.get('rtSigframeUc'), g.get('rtSigframeRetcode')]).toEqual([ARM_RT_SIGFRAME.size, ARM_RT_SIGFRAME.uc, ARM_RT_SIGFRAME.retcode]);
    for (const [name, off] of [['vfpFpregs', V.fpregs], ['vfpFpscr', V.fpscr], ['vfpFpexc', V.fpexc], ['vfpFpinst', V.fpinst], ['vfpFpinst2', V.fpinst2], ['vfpBytes', V.bytes]] as const) {
      expect([name, g.get(name)]).toEqual([name, off]);
    }
  });

  test('every register lands where qemu-arm puts it, in rt and non-rt frames', () => {
    const q = compileAndRun('frame', FRAME_PROBE);
    const U = ARM_UCONTEXT, S = ARM_SIGCONTEXT, V = ARM_VFP_FRAME;
    const mc = U.mcontext, vfp = U.regspace;
    expect(q.get('infoAtSp')).toBe(ARM_RT_SIGFRAME.info);
    expect(q.get('ucFromInfo')).toBe(ARM_RT_SIGFRAME.uc);
    expect(q.get('rtSigno')).toBe(10);
    for (const p of ['', 'plain.']) {
      const at = (name: string) => [p + name, q.get(p + name)];
      for (let n = 0; n < 32; n++) expect(at(`d${n}`)).toEqual([`${p}d${n}`, vfp + V.fpregs + 8 * n]);
      expect(at('fpscr')).toEqual([`${p}fpscr`, vfp + V.fpscr]);
      expect(at('vfpMagic')).toEqual([`${p}vfpMagic`, vfp + V.magic]);
      expect(at('fpexc')).toEqual([`${p}fpexc`, vfp + V.fpexc]);
      expect(at('cpsr')).toEqual([`${p}cpsr`, mc + S.cpsr]);
      expect(at('pc')).toEqual([`${p}pc`, mc + S.r0 + 4 * 15]);
      for (const r of [3, 4, 5, 6, 8, 9, 10, 12]) expect(at(`r${r}`)).toEqual([`${p}r${r}`, mc + S.r0 + 4 * r]);
      expect(at('sigmask')).toEqual([`${p}sigmask`, U.sigmask]);
      expect(at('oldmask')).toEqual([`${p}oldmask`, mc + S.oldmask]);
    }
    // The frame sits below the interrupted sp, 8-aligned: its size plus at most 7 bytes.
    const rtBytes = q.get('frameBytes')!, plainBytes = q.get('plain.frameBytes')!;
    expect(rtBytes - ARM_RT_SIGFRAME.size).toBeGreaterThanOrEqual(0);
    expect(rtBytes - ARM_RT_SIGFRAME.size).toBeLessThan(8);
    expect(plainBytes - ARM_SIGFRAME.size).toBeGreaterThanOrEqual(0);
    expect(plainBytes - ARM_SIGFRAME.size).toBeLessThan(8);
  });
});

describe('ARM setup and restore', () => {
  const HANDLER = 0x12340, RESTORER = 0x13571;
  const SP = 13, LR = 14;
  const U = ARM_UCONTEXT, S = ARM_SIGCONTEXT, V = ARM_VFP_FRAME;

  function machine() {
    const m = frameMachine(makeArm(), true);
    const { cpu } = m;
    for (let r = 0; r < 15; r++) cpu.R[rslot(r)] = (0x01010101 * r) | 0;
    cpu.R[rslot(SP)] = STACK_TOP - 0x105;
    for (let n = 0; n < 32; n++) {
      cpu.R[dslot(n)] = (0x11111111 * (n % 15)) ^ n;
      cpu.R[dslot(n) + 1] = (0x3ff00000 + n) | 0;
    }
    // N and V set, Z and C clear, Q set, GE = 0b1010; FPSCR: NZCV 0110, RZ, flags.
    cpu.R[SLOT_NF] = -5;
    cpu.R[SLOT_ZF] = 7;
    cpu.R[SLOT_CF] = 0;
    cpu.R[SLOT_VF] = -1;
    cpu.R[SLOT_QF] = 1;
    cpu.R[SLOT_GE] = 0xa;
    cpu.R[SLOT_FPSCR] = 0x63c0001f;
    cpu.R[SLOT_EXCL_ADDR] = 0x4000;
    cpu.pc = 0x10abc;
    return m;
  }

  const delivery = (over: Partial<SignalDelivery> = {}) =>
    frameDelivery({ sig: 10, infoXor: 0x5a, handler: HANDLER, flags: 0x04000004 /* SA_SIGINFO | SA_RESTORER */, restorer: RESTORER, mask: [0x80000201, 0x00000005], sp: STACK_TOP - 0x105, altStack: { sp: 0, flags: 2, size: 0 } }, over);

  const reg = (cpu: CpuState, r: number) => cpu.R[rslot(r)]! >>> 0;

  test('rt frame: r0 = signal, r1 = &info, r2 = &uc, 8-aligned sp, lr = sa_restorer, every register saved', () => {
    const { mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SP);
    expect(frame).toBe(Math.floor((STACK_TOP - 0x105 - ARM_RT_SIGFRAME.size) / 8) * 8);
    expect([reg(cpu, 0), reg(cpu, 1), reg(cpu, 2), reg(cpu, LR)]).toEqual([10, frame, frame + ARM_RT_SIGFRAME.uc, RESTORER]);
    expect(cpu.pc).toBe(HANDLER);
    expect(cpu.R[SLOT_EXCL_ADDR]).toBe(-1);
    const uc = frame + ARM_RT_SIGFRAME.uc, mc = uc + U.mcontext, vfp = uc + U.regspace;
    const u32 = (a: number) => mem.dv.getUint32(a, true);
    expect(mem.u8[frame + 7]).toBe(7 ^ 0x5a);
    expect([u32(uc + U.flags), u32(uc + U.link), u32(uc + U.stackSp), u32(uc + U.stackFlags), u32(uc + U.stackSize)]).toEqual([0, 0, 0, 2, 0]);
    for (let r = 0; r < 13; r++) expect(u32(mc + S.r0 + 4 * r)).toBe((0x01010101 * r) >>> 0);
    expect(u32(mc + S.r0 + 4 * SP)).toBe(STACK_TOP - 0x105);
    expect(u32(mc + S.r0 + 4 * 15)).toBe(0x10abc);
    expect(u32(mc + S.cpsr)).toBe(0x980a0010);
    expect([u32(mc + S.oldmask), u32(mc + S.trapNo), u32(mc + S.faultAddress)]).toEqual([0x80000201, 0, 0]);
    expect([u32(uc + U.sigmask), u32(uc + U.sigmask + 4)]).toEqual([0x80000201, 5]);
    expect([u32(vfp + V.magic), u32(vfp + V.size)]).toEqual([VFP_MAGIC, V.bytes]);
    expect(mem.dv.getBigUint64(vfp + V.fpregs + 8 * 3, true)).toBe(0x3ff0000333333330n);
    expect(mem.dv.getBigUint64(vfp + V.fpregs + 8 * 31, true)).toBe(BigInt(0x3ff0001f) * 2n ** 32n + BigInt(((0x11111111 * 1) ^ 31) >>> 0));
    expect([u32(vfp + V.fpscr), u32(vfp + V.fpexc), u32(vfp + V.bytes)]).toEqual([0x63c0001f, 0x40000000, 0]);
  });

  test('a Thumb interrupted PC sets CPSR.T in the frame; a Thumb handler keeps bit 0 of the PC', () => {
    const { mem, cpu, frames } = machine();
    cpu.pc = 0x20001;
    frames.setup(cpu, mem, delivery({ handler: 0x30001 }));
    const mc = reg(cpu, SP) + ARM_RT_SIGFRAME.uc + U.mcontext;
    expect(mem.dv.getUint32(mc + S.r0 + 4 * 15, true)).toBe(0x20000);
    expect(mem.dv.getUint32(mc + S.cpsr, true) & 0x3f).toBe(0x30);
    expect(cpu.pc).toBe(0x30001);
    const restored = frames.restore(cpu, mem, true);
    expect(cpu.pc).toBe(0x20001);
    expect(Array.from(restored.mask)).toEqual([0x80000201, 5]);
  });

  test('a memory fault saves its address in fault_address', () => {
    const { mem, cpu, frames } = machine();
    const info = faultInfo(11, 1 /* SEGV_MAPERR */, 0x1230, false);
    frames.setup(cpu, mem, delivery({ sig: 11, info }));
    const mc = reg(cpu, SP) + ARM_RT_SIGFRAME.uc + U.mcontext;
    expect(mem.dv.getUint32(mc + S.faultAddress, true)).toBe(0x1230);
  });

  test('non-rt frame without SA_RESTORER: the ucontext at sp, lr into the trampoline, retcode written', () => {
    const { arch, mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery({ flags: 0, restorer: 0 }));
    const frame = reg(cpu, SP);
    expect(frame).toBe(Math.floor((STACK_TOP - 0x105 - ARM_SIGFRAME.size) / 8) * 8);
    expect(reg(cpu, 0)).toBe(10);
    expect([reg(cpu, 1), reg(cpu, 2)]).toEqual([0x01010101, 0x02020202]);
    expect(reg(cpu, LR)).toBe(TRAMP + frames.trampoline!.sigreturn!);
    expect(mem.dv.getUint32(frame + U.flags, true)).toBe(0x5ac3c35a);
    expect(mem.dv.getUint32(frame + U.regspace, true)).toBe(VFP_MAGIC);
    const ret = arch.disassemble(mem, reg(cpu, LR));
    expect(ret.text.replace(/\s+/g, ' ')).toMatch(/mov r7, #119/);
    expect(mem.dv.getUint32(frame + ARM_SIGFRAME.retcode, true)).toBe(mem.dv.getUint32(TRAMP, true));
    // A Thumb handler returns through the T32 sequence (lr bit 0 set).
    const t = machine();
    t.frames.setup(t.cpu, t.mem, delivery({ flags: 4, restorer: 0, handler: 0x30001 }));
    const lr = reg(t.cpu, LR);
    expect(lr & 1).toBe(1);
    expect(t.arch.disassemble(t.mem, lr).text.replace(/\s+/g, ' ')).toMatch(/movs r7, #173/);
    expect(t.arch.disassemble(t.mem, lr + 2).text).toMatch(/svc/);
    // Without a trampoline page, the return goes to the frame's own retcode.
    const n = machine();
    n.frames.setup(n.cpu, n.mem, delivery({ flags: 4, restorer: 0, trampoline: 0 }));
    expect(reg(n.cpu, LR)).toBe(reg(n.cpu, SP) + ARM_RT_SIGFRAME.retcode);
  });

  test('the trampoline: A32 and T32 sigreturn (119) and rt_sigreturn (173) sequences', () => {
    const { arch, mem, frames } = machine();
    const tr = frames.trampoline!;
    expect([tr.sigreturn, tr.rtSigreturn]).toEqual([0, 12]);
    const text = (a: number) => arch.disassemble(mem, a).text.replace(/\s+/g, ' ');
    expect([text(TRAMP), text(TRAMP + 4)]).toEqual(['mov r7, #119', expect.stringMatching(/^svc/)]);
    expect([text(TRAMP + 12), text(TRAMP + 16)]).toEqual(['mov r7, #173', expect.stringMatching(/^svc/)]);
    expect([text(TRAMP + 8 + 1), text(TRAMP + 10 + 1)]).toEqual(['movs r7, #119', expect.stringMatching(/^svc/)]);
    expect([text(TRAMP + 20 + 1), text(TRAMP + 22 + 1)]).toEqual(['movs r7, #173', expect.stringMatching(/^svc/)]);
  });

  test('sigreturn and rt_sigreturn restore every register, flags, VFP state and the PC the handler changed', () => {
    for (const rt of [false, true]) {
      const { mem, cpu, frames } = machine();
      const before = Int32Array.from(cpu.R);
      frames.setup(cpu, mem, delivery({ flags: rt ? 0x04000004 : 0x04000000 }));
      const uc = reg(cpu, SP) + (rt ? ARM_RT_SIGFRAME.uc : 0), mc = uc + U.mcontext, vfp = uc + U.regspace;
      // The handler advances the saved PC, sets r9, d7, FPSCR, the flags (Z and C only, GE 0101), the mask.
      mem.dv.setUint32(mc + S.r0 + 4 * 15, 0x10ac0, true);
      mem.dv.setUint32(mc + S.r0 + 4 * 9, 0xfedcba98, true);
      mem.dv.setBigUint64(vfp + V.fpregs + 8 * 7, 0x4000000000000000n, true);
      mem.dv.setUint32(vfp + V.fpscr, 0xffffffff, true);
      mem.dv.setUint32(mc + S.cpsr, 0x60050010, true);
      mem.dv.setUint32(uc + U.sigmask, 0x1234, true);
      for (let i = 0; i < 96; i++) if (i !== rslot(SP)) cpu.R[i] = -1;
      const r = frames.restore(cpu, mem, rt);
      expect(Array.from(r.mask)).toEqual([0x1234, 5]);
      expect(cpu.pc).toBe(0x10ac0);
      const expected = Int32Array.from(before);
      expected[rslot(9)] = 0xfedcba98 | 0;
      expected[dslot(7)] = 0;
      expected[dslot(7) + 1] = 0x40000000;
      expected[SLOT_FPSCR] = 0xffc0009f | 0;
      expected[SLOT_EXCL_ADDR] = -1;
      for (let i = 0; i < 96; i++) {
        // Flags are compared below; slot 15 is unused; TLS, the monitor's data and unused slots are not in the frame.
        if ([SLOT_NF, SLOT_ZF, SLOT_CF, SLOT_VF, SLOT_QF, SLOT_GE].includes(i) || i === 15) continue;
        if ([SLOT_TPIDRURO, SLOT_TPIDRURW].includes(i) || (i > SLOT_EXCL_ADDR && i < dslot(0) && i !== SLOT_FPSCR)) {
          expect([i, cpu.R[i]]).toEqual([i, -1]);
          continue;
        }
        expect([i, cpu.R[i]]).toEqual([i, expected[i]]);
      }
      expect([cpu.R[SLOT_NF]! < 0, cpu.R[SLOT_ZF] === 0, cpu.R[SLOT_CF], cpu.R[SLOT_VF]! < 0, cpu.R[SLOT_QF], cpu.R[SLOT_GE]]).toEqual([false, true, 1, false, 0, 5]);
    }
  });

  test('bad frames are BadAddress: unwritable stack, misaligned sp, bad VFP magic, privileged mode', () => {
    const { mem, cpu, frames } = machine();
    expect(() => frames.setup(cpu, mem, delivery({ sp: STACK + 0x100 }))).toThrow(BadAddress);
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SP), uc = frame + ARM_RT_SIGFRAME.uc;
    const retry = (poke: () => void, undo: () => void) => {
      poke();
      expect(() => frames.restore(cpu, mem, true)).toThrow(BadAddress);
      undo();
      cpu.R[rslot(SP)] = frame;
    };
    retry(() => mem.dv.setUint32(uc + U.regspace, 0x12345678, true), () => mem.dv.setUint32(uc + U.regspace, VFP_MAGIC, true));
    retry(() => mem.dv.setUint32(uc + U.regspace + 4, 0x100, true), () => mem.dv.setUint32(uc + U.regspace + 4, V.bytes, true));
    retry(() => mem.dv.setUint32(uc + U.mcontext + S.cpsr, 0x13, true), () => mem.dv.setUint32(uc + U.mcontext + S.cpsr, 0x10, true));
    retry(() => mem.dv.setUint32(uc + U.mcontext + S.cpsr, 0x90, true), () => mem.dv.setUint32(uc + U.mcontext + S.cpsr, 0x10, true));
    retry(() => (cpu.R[rslot(SP)] = frame + 4), () => {});
    retry(() => (cpu.R[rslot(SP)] = STACK_TOP - 16), () => {});
    frames.restore(cpu, mem, true);
  });

  test('restartSyscall backs up over the SVC (4 bytes A32, 2 bytes T32) with r0 and r7 as before', () => {
    const { cpu, frames } = machine();
    cpu.pc = 0x10004;
    cpu.R[rslot(0)] = -4;
    frames.restartSyscall(cpu, 3, [5, 0x20000, 100, 0, 0, 0]);
    expect([cpu.pc, reg(cpu, 0), reg(cpu, 7)]).toEqual([0x10000, 5, 3]);
    cpu.pc = 0x10007;
    frames.restartSyscall(cpu, 3, [6, 0, 0, 0, 0, 0]);
    expect([cpu.pc, reg(cpu, 0)]).toEqual([0x10005, 6]);
  });
});
