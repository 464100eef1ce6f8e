// The AArch64 signal frame (src/arch/aarch64/signal.ts): its offsets against glibc's and the kernel
// headers' structs as the cross compiler lays them out, against the frames qemu-aarch64 builds (a
// guest program loads known values into every register it can, sends itself a signal and reports
// where the handler finds each value), and setup/restore on a CPU state and guest memory.
import { describe, expect, test } from 'vitest';
import { makeAarch64 } from '../src/arch/aarch64/index.ts';
import { A64_FRAME, FPSIMD_CONTEXT, FPSIMD_MAGIC } from '../src/arch/aarch64/signal.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPCR, SLOT_FPSR, SLOT_NF, SLOT_SP, SLOT_TPIDR, SLOT_VF, SLOT_ZF, vslot, xslot } from '../src/arch/aarch64/state.ts';
import type { CpuState, SignalDelivery } from '../src/arch/types.ts';
import { BadAddress } from '../src/mem/memory.ts';
import { PROBE_PRELUDE, PROBE_RT_HANDLER, STACK, STACK_TOP, TRAMP, crossProbe, faultInfo, frameDelivery, frameMachine, probeMain } from './helpers/signal-frame.ts';

const { cc: CC, qemu: QEMU, haveTools, compileAndRun } = crossProbe('aarch64', ['-O2']);

const LAYOUT = `
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <ucontext.h>
#include <asm/sigcontext.h>
/* arch/arm64/kernel/signal.c */
struct rt_sigframe { siginfo_t info; ucontext_t uc; };
#define P(name, v) printf("%s %lu\\n", name, (unsigned long)(v))
#define F(name, m) P(name, offsetof(struct rt_sigframe, m))
int main(void) {
  P("size", sizeof(struct rt_sigframe)); P("siginfo", sizeof(siginfo_t));
  F("info", info); F("uc", uc); F("ucFlags", uc.uc_flags); F("ucLink", uc.uc_link); F("ucStackSp", uc.uc_stack.ss_sp);
  F("ucStackFlags", uc.uc_stack.ss_flags); F("ucStackSize", uc.uc_stack.ss_size); F("ucSigmask", uc.uc_sigmask);
  F("mcontext", uc.uc_mcontext); F("faultAddress", uc.uc_mcontext.fault_address); F("regs", uc.uc_mcontext.regs);
  F("x30", uc.uc_mcontext.regs[30]); F("sp", uc.uc_mcontext.sp); F("pc", uc.uc_mcontext.pc); F("pstate", uc.uc_mcontext.pstate);
  F("reserved", uc.uc_mcontext.__reserved); P("reservedSize", sizeof(((mcontext_t *)0)->__reserved));
  P("kernelSigcontextSize", sizeof(struct sigcontext)); P("glibcMcontextSize", sizeof(mcontext_t));
  P("fpMagic", offsetof(struct fpsimd_context, head.magic)); P("fpSize", offsetof(struct fpsimd_context, head.size));
  P("fpFpsr", offsetof(struct fpsimd_context, fpsr)); P("fpFpcr", offsetof(struct fpsimd_context, fpcr));
  P("fpVregs", offsetof(struct fpsimd_context, vregs)); P("fpBytes", sizeof(struct fpsimd_context));
  P("FPSIMD_MAGIC", FPSIMD_MAGIC); P("ctxHead", sizeof(struct _aarch64_ctx));
  return 0;
}
`;

// Loads v0..v31, FPSR, FPCR, NZCV and x3..x7, x9..x30 with known values and sends itself signal
// `sig` with tgkill right there; the handlers' entries note sp, x29 and x30 and report at which offset
// from the ucontext each value appears, and what the frame record above the frame holds.
const FRAME_PROBE = `${PROBE_PRELUDE}
struct state { uint64_t v[64]; uint64_t fpsr, fpcr, nzcv, pid, tid, sig; } st;
extern char after_svc[];
uint64_t entry_sp, entry_fp, entry_lr;
#define ENTRY(name, c) ".global " name "\\n" name ": adrp x9, entry_sp\\n mov x10, sp\\n str x10, [x9, :lo12:entry_sp]\\n" \\
  " adrp x9, entry_fp\\n str x29, [x9, :lo12:entry_fp]\\n adrp x9, entry_lr\\n str x30, [x9, :lo12:entry_lr]\\n b " c "\\n"
__asm__(".text\\n" ENTRY("rt_entry", "c_rt") ENTRY("plain_entry", "c_plain"));
void rt_entry(int, siginfo_t *, void *);
void plain_entry(int);
#define PAT(n) (0xa0a0a0a000000000ull + (n))
static void report(const char *p, const uint8_t *uc, int blocked) {
  char name[32];
  size_t len = sizeof(ucontext_t);
  for (int n = 0; n < 32; n++) { sprintf(name, "%sv%d", p, n); find(name, uc, 0, len, &st.v[2 * n], 16); }
  uint32_t w = 0x46508001; sprintf(name, "%sfpMagic", p); find(name, uc, 0, len, &w, 4);
  w = (uint32_t)st.fpsr; sprintf(name, "%sfpsr", p); find(name, uc, 176 + 288, len, &w, 4);
  w = (uint32_t)st.fpcr; sprintf(name, "%sfpcr", p); find(name, uc, 176 + 288, len, &w, 4);
  uint64_t d = st.nzcv; sprintf(name, "%spstate", p); find(name, uc, 0, len, &d, 8);
  d = (uint64_t)after_svc; sprintf(name, "%spc", p); find(name, uc, 0, len, &d, 8);
  for (int r = 3; r <= 30; r++) {
    if (r == 8) continue;
    d = PAT(r); sprintf(name, "%sx%d", p, r); find(name, uc, 0, len, &d, 8);
  }
  uint32_t mask[2] = {1u << (blocked - 1), 1u << (SIGRTMIN + 2 - 33)};
  sprintf(name, "%ssigmask", p); find(name, uc, 0, len, mask, 8);
  const ucontext_t *u = (const ucontext_t *)uc;
  printf("%sframeBytes %ld\\n", p, (long)(u->uc_mcontext.sp - entry_sp));
  printf("%srecordAt %ld\\n", p, (long)(entry_fp - entry_sp));
  const uint64_t *record = (const uint64_t *)entry_fp;
  printf("%srecordFp %d\\n", p, record[0] == PAT(29));
  printf("%srecordLr %d\\n", p, record[1] == PAT(30));
  const uint32_t *ret = (const uint32_t *)entry_lr;
  printf("%sreturnsToRtSigreturn %d\\n", p, ret[0] == 0xd2801168 && ret[1] == 0xd4000001);
}
${PROBE_RT_HANDLER}
void c_plain(int sig) { report("plain.", (const uint8_t *)entry_sp + 128, SIGUSR1); }
#define MOVPAT(r) "movz x" #r ", #" #r "\\n movk x" #r ", #0xa0a0, lsl #32\\n movk x" #r ", #0xa0a0, lsl #48\\n"
__attribute__((noinline)) static void send_with_state(void) {
  register struct state *p __asm__("x19") = &st;
  __asm__ volatile(
    "mov x9, %[p]\\n"
    "ld1 {v0.2d-v3.2d}, [x9], #64\\n ld1 {v4.2d-v7.2d}, [x9], #64\\n ld1 {v8.2d-v11.2d}, [x9], #64\\n"
    "ld1 {v12.2d-v15.2d}, [x9], #64\\n ld1 {v16.2d-v19.2d}, [x9], #64\\n ld1 {v20.2d-v23.2d}, [x9], #64\\n"
    "ld1 {v24.2d-v27.2d}, [x9], #64\\n ld1 {v28.2d-v31.2d}, [x9], #64\\n"
    "ldr x10, [x9]\\n msr fpsr, x10\\n ldr x10, [x9, #8]\\n msr fpcr, x10\\n ldr x10, [x9, #16]\\n msr nzcv, x10\\n"
    "ldr x0, [x9, #24]\\n ldr x1, [x9, #32]\\n ldr x2, [x9, #40]\\n mov x8, #131\\n"
    "stp x29, x30, [sp, #-16]!\\n"
    MOVPAT(3) MOVPAT(4) MOVPAT(5) MOVPAT(6) MOVPAT(7) MOVPAT(9) MOVPAT(10) MOVPAT(11) MOVPAT(12) MOVPAT(13)
    MOVPAT(14) MOVPAT(15) MOVPAT(16) MOVPAT(17) MOVPAT(18) MOVPAT(19) MOVPAT(20) MOVPAT(21) MOVPAT(22)
    MOVPAT(23) MOVPAT(24) MOVPAT(25) MOVPAT(26) MOVPAT(27) MOVPAT(28) MOVPAT(29) MOVPAT(30)
    "svc #0\\n.global after_svc\\nafter_svc:\\n"
    "ldp x29, x30, [sp], #16\\n"
    : [p] "+r"(p)
    :
    : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
      "x17", "x18", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "memory", "cc",
      "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15",
      "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}
${probeMain(`for (int n = 0; n < 32; n++) { st.v[2 * n] = 0x1111000011110000ull + n; st.v[2 * n + 1] = 0x2222000022220000ull + n; }
  st.fpsr = 0x0800009f; st.fpcr = 0x03c00000; st.nzcv = 0x90000000;`)}`;

describe.skipIf(!haveTools)(`AArch64 frame layout against ${CC} and ${QEMU} (skipped without them)`, () => {
  test("struct rt_sigframe with glibc's ucontext_t; the kernel's sigcontext and fpsimd_context", () => {
    const g = compileAndRun('layout', LAYOUT);
    const L = A64_FRAME, F = FPSIMD_CONTEXT;
    expect(g.get('siginfo')).toBe(128);
    for (const name of ['size', 'info', 'uc', 'ucFlags', 'ucLink', 'ucStackSp', 'ucStackFlags', 'ucStackSize', 'ucSigmask', 'mcontext', 'faultAddress', 'regs', 'sp', 'pc', 'pstate', 'reserved', 'reservedSize'] as const) {
      expect([name, g.get(name)]).toEqual([name, L[name]]);
    }
    expect(g.get('x30')).toBe(L.regs + 8 * 30);
    expect(g.get('kernelSigcontextSize')).toBe(g.get('glibcMcontextSize'));
    expect(L.mcontext + g.get('glibcMcontextSize')!).toBe(L.size);
    for (const [name, off] of [['fpMagic', F.magic], ['fpSize', F.size], ['fpFpsr', F.fpsr], ['fpFpcr', F.fpcr], ['fpVregs', F.vregs], ['fpBytes', F.bytes]] as const) {
      expect([name, g.get(name)]).toEqual([name, off]);
    }
    expect(g.get('FPSIMD_MAGIC')).toBe(FPSIMD_MAGIC);
  });

  test('every register lands where qemu-aarch64 puts it; frame record and return to rt_sigreturn', () => {
    const q = compileAndRun('frame', FRAME_PROBE);
    const L = A64_FRAME, F = FPSIMD_CONTEXT;
    const rel = (off: number) => off - L.uc;
    expect(q.get('infoAtSp')).toBe(L.info);
    expect(q.get('ucFromInfo')).toBe(L.uc);
    expect(q.get('rtSigno')).toBe(10);
    for (const p of ['', 'plain.']) {
      const at = (name: string) => [p + name, q.get(p + name)];
      for (let n = 0; n < 32; n++) expect(at(`v${n}`)).toEqual([`${p}v${n}`, rel(L.reserved + F.vregs + 16 * n)]);
      expect(at('fpMagic')).toEqual([`${p}fpMagic`, rel(L.reserved + F.magic)]);
      expect(at('fpsr')).toEqual([`${p}fpsr`, rel(L.reserved + F.fpsr)]);
      expect(at('fpcr')).toEqual([`${p}fpcr`, rel(L.reserved + F.fpcr)]);
      expect(at('pstate')).toEqual([`${p}pstate`, rel(L.pstate)]);
      expect(at('pc')).toEqual([`${p}pc`, rel(L.pc)]);
      for (let r = 3; r <= 30; r++) if (r !== 8) expect(at(`x${r}`)).toEqual([`${p}x${r}`, rel(L.regs + 8 * r)]);
      expect(at('sigmask')).toEqual([`${p}sigmask`, rel(L.ucSigmask)]);
      // The frame record sits right above the frame, 16 bytes below the 16-aligned interrupted sp.
      expect(at('recordAt')).toEqual([`${p}recordAt`, L.size]);
      expect(at('frameBytes')).toEqual([`${p}frameBytes`, L.size + 16]);
      expect([at('recordFp'), at('recordLr'), at('returnsToRtSigreturn')]).toEqual([[`${p}recordFp`, 1], [`${p}recordLr`, 1], [`${p}returnsToRtSigreturn`, 1]]);
    }
  });
});

describe('AArch64 setup and restore', () => {
  const HANDLER = 0x12340, RESTORER = 0x13570;
  const L = A64_FRAME, F = FPSIMD_CONTEXT;

  function machine() {
    const m = frameMachine(makeAarch64(), true);
    const { cpu } = m;
    for (let r = 0; r < 31; r++) {
      cpu.R[xslot(r)] = (0x01010101 * r) | 0;
      cpu.R[xslot(r) + 1] = (0x80000000 | r) | 0;
    }
    cpu.R[SLOT_SP] = STACK_TOP - 0x105;
    cpu.R[SLOT_SP + 1] = 0;
    for (let w = 0; w < 128; w++) cpu.R[vslot(0) + w] = (0x01000193 * (w + 1)) | 0;
    cpu.R[SLOT_NF] = -5; // N
    cpu.R[SLOT_ZF] = 0; // Z
    cpu.R[SLOT_CF] = 0;
    cpu.R[SLOT_VF] = -1; // V
    cpu.R[SLOT_FPSR] = 0x0800009f;
    cpu.R[SLOT_FPCR] = 0x03c00000;
    cpu.R[SLOT_EXCL_ADDR] = 0x4000;
    cpu.R[SLOT_EXCL_ADDR + 1] = 0;
    cpu.pc = 0x10abc;
    return m;
  }
  const reg = (cpu: CpuState, slot: number) => (cpu.R[slot + 1]! >>> 0) * 2 ** 32 + (cpu.R[slot]! >>> 0);

  const delivery = (over: Partial<SignalDelivery> = {}) =>
    frameDelivery({ sig: 10, infoXor: 0x5a, handler: HANDLER, flags: 4 /* SA_SIGINFO */, restorer: 0, mask: [0x80000201, 0x00000005], sp: STACK_TOP - 0x105, altStack: { sp: 0x30000, flags: 1, size: 0x8000 } }, over);

  test('x0 = signal, x1 = &info, x2 = &uc, sp = frame, x29 = frame record, x30 = trampoline; every register saved', () => {
    const { mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SLOT_SP);
    const record = Math.floor((STACK_TOP - 0x105 - 16) / 16) * 16;
    expect(frame).toBe(record - L.size);
    expect([reg(cpu, xslot(0)), reg(cpu, xslot(1)), reg(cpu, xslot(2))]).toEqual([10, frame, frame + L.uc]);
    expect([reg(cpu, xslot(29)), reg(cpu, xslot(30)), cpu.pc]).toEqual([record, TRAMP + 4, HANDLER]);
    expect([cpu.R[SLOT_EXCL_ADDR], cpu.R[SLOT_EXCL_ADDR + 1]]).toEqual([-1, -1]);
    const u32 = (off: number) => mem.dv.getUint32(frame + off, true);
    const u64 = (off: number) => mem.dv.getBigUint64(frame + off, true);
    expect(mem.u8[frame + 7]).toBe(7 ^ 0x5a);
    expect([u64(L.ucFlags), u64(L.ucLink), u64(L.ucStackSp), u32(L.ucStackFlags), u64(L.ucStackSize)]).toEqual([0n, 0n, 0x30000n, 1, 0x8000n]);
    expect([u32(L.ucSigmask), u32(L.ucSigmask + 4)]).toEqual([0x80000201, 5]);
    expect(u64(L.faultAddress)).toBe(0n);
    expect(u64(L.regs + 8 * 5)).toBe(0x8000000505050505n);
    expect(u64(L.regs + 8 * 30)).toBe(0x8000001e1e1e1e1en);
    expect(u64(L.sp)).toBe(BigInt(STACK_TOP - 0x105));
    expect(u64(L.pc)).toBe(0x10abcn);
    expect(u64(L.pstate)).toBe(0xd0000000n);
    expect([u32(L.reserved + F.magic), u32(L.reserved + F.size), u32(L.reserved + F.fpsr), u32(L.reserved + F.fpcr)]).toEqual([FPSIMD_MAGIC, F.bytes, 0x0800009f, 0x03c00000]);
    expect(u32(L.reserved + F.vregs + 16 * 31 + 12)).toBe((0x01000193 * 128) >>> 0);
    expect([u64(L.reserved + F.bytes), u64(L.reserved + F.bytes + 8)]).toEqual([0n, 0n]);
    // The frame record holds the interrupted x29 and x30.
    expect(mem.dv.getBigUint64(record, true)).toBe(0x8000001d1d1d1d1dn);
    expect(mem.dv.getBigUint64(record + 8, true)).toBe(0x8000001e1e1e1e1en);
  });

  test('without SA_SIGINFO the siginfo is not written and x1/x2 are kept; SA_RESTORER sets x30', () => {
    const { mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery({ flags: 0x04000000, restorer: RESTORER }));
    const frame = reg(cpu, SLOT_SP);
    expect(mem.u8[frame + 7]).toBe(0);
    expect([reg(cpu, xslot(1)), reg(cpu, xslot(2)), reg(cpu, xslot(30))]).toEqual([0x8000000101010101, 0x8000000202020202, RESTORER]);
  });

  test('a memory fault saves its address in fault_address', () => {
    const { mem, cpu, frames } = machine();
    const info = faultInfo(7, 1 /* BUS_ADRALN */, 0x1233, true);
    frames.setup(cpu, mem, delivery({ sig: 7, info }));
    expect(mem.dv.getBigUint64(reg(cpu, SLOT_SP) + L.faultAddress, true)).toBe(0x1233n);
  });

  test('rt_sigreturn restores every register, NZCV, FPSR/FPCR, the vector registers and the PC the handler changed', () => {
    const { mem, cpu, frames } = machine();
    const before = Int32Array.from(cpu.R);
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SLOT_SP);
    mem.dv.setBigUint64(frame + L.pc, 0x10ac0n, true);
    mem.dv.setBigUint64(frame + L.regs + 8 * 9, 0xfedcba9876543210n, true);
    mem.dv.setBigUint64(frame + L.pstate, 0x20000000n, true); // C only
    mem.dv.setUint32(frame + L.reserved + F.fpsr, 0xffffffff, true);
    mem.dv.setUint32(frame + L.reserved + F.fpcr, 0xffffffff, true);
    mem.dv.setUint32(frame + L.reserved + F.vregs + 16 * 7 + 8, 0x12345678, true);
    mem.dv.setUint32(frame + L.ucSigmask, 0x1234, true);
    for (let i = 0; i < 256; i++) if (i !== SLOT_SP && i !== SLOT_SP + 1) cpu.R[i] = -1;
    const r = frames.restore(cpu, mem, true) as { mask: Uint32Array; altStack?: { sp: number; flags: number; size: number } };
    expect(Array.from(r.mask)).toEqual([0x1234, 5]);
    expect(r.altStack).toEqual({ sp: 0x30000, flags: 1, size: 0x8000 });
    expect(cpu.pc).toBe(0x10ac0);
    const expected = Int32Array.from(before);
    expected[xslot(9)] = 0x76543210;
    expected[xslot(9) + 1] = 0xfedcba98 | 0;
    expected[vslot(7) + 2] = 0x12345678;
    for (let i = 0; i < 64; i++) expect([i, cpu.R[i]]).toEqual([i, expected[i]]);
    for (let i = vslot(0); i < vslot(32); i++) expect([i, cpu.R[i]]).toEqual([i, expected[i]]);
    expect([cpu.R[SLOT_NF]! < 0, cpu.R[SLOT_ZF] === 0, cpu.R[SLOT_CF], cpu.R[SLOT_VF]! < 0]).toEqual([false, false, 1, false]);
    expect([cpu.R[SLOT_FPSR]! >>> 0, cpu.R[SLOT_FPCR]! >>> 0]).toEqual([0xf800009f, 0x07f70000]);
    expect([cpu.R[SLOT_EXCL_ADDR], cpu.R[SLOT_EXCL_ADDR + 1]]).toEqual([-1, -1]);
    expect([cpu.R[SLOT_TPIDR], cpu.R[SLOT_TPIDR + 1]]).toEqual([-1, -1]); // not in the frame
  });

  test('the __reserved records: esr is skipped, a missing/duplicated/odd fpsimd or unknown record is a bad frame', () => {
    const { mem, cpu, frames } = machine();
    frames.setup(cpu, mem, delivery());
    const frame = reg(cpu, SLOT_SP), res = frame + L.reserved;
    const copy = Uint8Array.from(mem.u8.subarray(frame, frame + L.size));
    const attempt = (poke: () => void): boolean => {
      mem.u8.set(copy, frame);
      poke();
      cpu.R[SLOT_SP] = frame;
      cpu.R[SLOT_SP + 1] = 0;
      try {
        frames.restore(cpu, mem, true);
        return true;
      } catch (e) {
        if (!(e instanceof BadAddress)) throw e;
        return false;
      }
    };
    const put = (off: number, magic: number, size: number) => {
      mem.dv.setUint32(res + off, magic, true);
      mem.dv.setUint32(res + off + 4, size, true);
    };
    expect(attempt(() => {})).toBe(true);
    // An esr_context first, the fpsimd record after it.
    expect(attempt(() => {
      mem.u8.copyWithin(res + 16, res, res + F.bytes);
      put(0, 0x45535201, 16);
      put(16 + F.bytes, 0, 0);
    })).toBe(true);
    expect(attempt(() => put(0, 0, 0))).toBe(false); // no fpsimd
    expect(attempt(() => put(0, FPSIMD_MAGIC, 512))).toBe(false);
    expect(attempt(() => put(F.bytes, FPSIMD_MAGIC, F.bytes))).toBe(false);
    expect(attempt(() => put(F.bytes, 0x12345678, 16))).toBe(false);
    expect(attempt(() => put(F.bytes, 0, 16))).toBe(false); // end marker with a size
    expect(attempt(() => mem.dv.setUint32(frame + L.pstate, 0x3c5, true))).toBe(false); // EL1h, DAIF masked
    expect(attempt(() => mem.dv.setUint32(frame + L.pstate, 0x10, true))).toBe(false); // AArch32
    cpu.R[SLOT_SP] = frame + 8;
    expect(() => frames.restore(cpu, mem, true)).toThrow(BadAddress);
    expect(() => frames.setup(cpu, mem, delivery({ sp: STACK + 0x100 }))).toThrow(BadAddress);
  });

  test('the trampoline is __kernel_rt_sigreturn: mov x8, #139; svc #0 (after a nop)', () => {
    const { arch, mem, frames } = machine();
    const off = frames.trampoline!.rtSigreturn;
    expect(off).toBe(4);
    expect(arch.disassemble(mem, TRAMP).text.trim()).toBe('nop');
    expect(arch.disassemble(mem, TRAMP + off).text.replace(/\s+/g, ' ')).toMatch(/^mov x8, #(0x8b|139)$/);
    expect(arch.disassemble(mem, TRAMP + off + 4).text.replace(/\s+/g, ' ')).toMatch(/^svc #0(x0)?$/);
  });

  test('restartSyscall puts the PC back on the SVC with x0 and x8 as before', () => {
    const { cpu, frames } = machine();
    cpu.pc = 0x10004;
    cpu.R[xslot(0)] = -4;
    cpu.R[xslot(0) + 1] = -1;
    frames.restartSyscall(cpu, 63, [3, 0x20000, 100, 0, 0, 0]);
    expect([cpu.pc, reg(cpu, xslot(0)), reg(cpu, xslot(8))]).toEqual([0x10000, 3, 63]);
  });
});
