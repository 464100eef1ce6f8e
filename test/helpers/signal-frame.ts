// What the signal-frame tests (test/<arch>-signal-frame.test.ts) share: building a C program with a
// guest arch's cross compiler and running it under qemu (the frame layouts and the frames qemu
// builds are the oracle), the C pieces of the register probes, and a CPU state, guest memory and
// delivery to call an arch's setup/restore on without running guest code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CpuState, type GuestArch, type SignalDelivery, type SignalFrames } from '../../src/arch/types.ts';
import { GuestMemory, PAGE_SHIFT } from '../../src/mem/memory.ts';
import { haveCommand } from './have.ts';
import { qemuRunner, sysrootFor } from './run-guest.ts';

/** Debian's cross compiler per guest arch. */
const crossCompilers: Record<string, string> = {
  riscv64: 'riscv64-linux-gnu-gcc',
  aarch64: 'aarch64-linux-gnu-gcc',
  arm: 'arm-linux-gnueabihf-gcc',
  mips: 'mips-linux-gnu-gcc',
};

export interface CrossProbe {
  /** The cross compiler and qemu's command name, for test names and skip messages. */
  cc: string;
  qemu: string;
  /** Both are installed (the tests that need them skip otherwise). */
  haveTools: boolean;
  /** Builds `source` with the cross compiler, runs it under qemu and parses its "name value" lines. */
  compileAndRun(name: string, source: string): Map<string, number>;
}

/**
 * C programs for `arch`, built with `cflags` (plus -D_GNU_SOURCE) and run under the oracle's qemu
 * with its options (run-guest.ts: qemuRunner) and the arch's sysroot. Call at the top level of a
 * test file: the build directory is removed after its tests.
 */
export function crossProbe(arch: string, cflags: string[]): CrossProbe {
  const cc = crossCompilers[arch]!;
  const [qemu, ...qemuArgs] = qemuRunner(arch).command;
  const work = mkdtempSync(join(tmpdir(), `tsemu-${arch}-sigframe-`));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return {
    cc,
    qemu: qemu!,
    haveTools: haveCommand(cc) && haveCommand(qemu!, ['-version']),
    compileAndRun(name, source) {
      const src = join(work, `${name}.c`), exe = join(work, name);
      writeFileSync(src, source);
      execFileSync(cc, [...cflags, '-D_GNU_SOURCE', '-o', exe, src]);
      const out = execFileSync(qemu!, [...qemuArgs, '-L', sysrootFor(arch), exe], { encoding: 'utf8' });
      return new Map(out.trim().split('\n').map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])] as const));
    },
  };
}

// ---- the register probes (arm and aarch64) -------------------------------------------------------
// A probe loads known values into every register it can, sends itself SIGUSR1 (SA_SIGINFO handler
// rt_entry) and then SIGUSR2 (plain handler plain_entry) with tgkill, and its handlers report at
// which offset from the ucontext each value appears. The arch's part defines struct state (its
// register values, then pid, tid, sig), entry_sp, report(), c_plain() and send_with_state().

/** Headers and find(): prints `name offset` for the first 4-aligned offset of `pat` in base[from, len), or `name -1`. */
export const PROBE_PRELUDE = `
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
static void find(const char *name, const uint8_t *base, size_t from, size_t len, const void *pat, size_t n) {
  for (size_t off = from; off + n <= len; off += 4)
    if (!memcmp(base + off, pat, n)) { printf("%s %ld\\n", name, (long)off); return; }
  printf("%s -1\\n", name);
}
`;

/** The SA_SIGINFO handler: where siginfo and the ucontext are (from the sp at entry), the signal, then report(). */
export const PROBE_RT_HANDLER = `
void c_rt(int sig, siginfo_t *si, void *uc) {
  printf("infoAtSp %ld\\n", (long)((uintptr_t)si - entry_sp));
  printf("ucFromInfo %ld\\n", (long)((uint8_t *)uc - (uint8_t *)si));
  printf("rtSigno %d\\n", si->si_signo);
  report("", uc, SIGUSR2);
}
`;

/**
 * main(): `init` fills st's register values, then SIGUSR1 goes to rt_entry with SIGUSR2 and
 * SIGRTMIN+2 blocked, SIGUSR2 to plain_entry with SIGUSR1 and SIGRTMIN+2 blocked.
 */
export function probeMain(init: string): string {
  return `
int main(void) {
  ${init} st.pid = getpid(); st.tid = gettid();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = rt_entry; sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, 0);
  sa.sa_handler = plain_entry; sa.sa_flags = 0;
  sigaction(SIGUSR2, &sa, 0);
  sigset_t set; sigemptyset(&set); sigaddset(&set, SIGUSR2); sigaddset(&set, SIGRTMIN + 2);
  sigprocmask(SIG_BLOCK, &set, 0);
  st.sig = SIGUSR1; send_with_state();
  sigdelset(&set, SIGUSR2); sigaddset(&set, SIGUSR1); sigprocmask(SIG_SETMASK, &set, 0);
  st.sig = SIGUSR2; send_with_state();
  return 0;
}
`;
}

// ---- setup and restore without guest code --------------------------------------------------------

/** Where the machines put things: a writable stack [STACK, STACK_TOP) and the trampoline page at TRAMP. */
export const STACK = 0x40000, STACK_TOP = 0x50000, TRAMP = 0x70000;

/**
 * A CPU state and guest memory for `arch` with the stack mapped read/write, the trampoline page
 * read/execute holding `frames`' trampoline code; the caller fills the registers.
 */
export function frameMachine(arch: GuestArch, littleEndian: boolean, frames: SignalFrames = arch.signals!) {
  const mem = new GuestMemory(littleEndian);
  const cpu = new CpuState(arch.stateWords, mem);
  mem.setPages(STACK >>> PAGE_SHIFT, STACK_TOP >>> PAGE_SHIFT, 3);
  mem.setPages(TRAMP >>> PAGE_SHIFT, (TRAMP >>> PAGE_SHIFT) + 1, 5);
  mem.u8.set(frames.trampoline!.code, TRAMP);
  return { arch, mem, cpu, frames };
}

/** A delivery's fields but the siginfo, which is 128 bytes of i ^ infoXor, and the trampoline, which is TRAMP. */
export type DeliveryBase = Omit<SignalDelivery, 'info' | 'mask' | 'trampoline'> & { infoXor: number; mask: readonly number[] };

/** A fresh delivery (its own info, mask and altStack) from `base`, with `over` replacing any field. */
export function frameDelivery({ infoXor, ...base }: DeliveryBase, over: Partial<SignalDelivery> = {}): SignalDelivery {
  const info = new Uint8Array(128);
  for (let i = 0; i < 128; i++) info[i] = i ^ infoXor;
  return { ...base, info, mask: Uint32Array.from(base.mask), altStack: { ...base.altStack }, trampoline: TRAMP, ...over };
}

/**
 * A little-endian siginfo for a memory fault: si_signo, si_code and si_addr, which follows the
 * three ints (12 bytes) on 32-bit arches and is 8-aligned (at 16) on 64-bit ones.
 */
export function faultInfo(signo: number, code: number, addr: number, is64: boolean): Uint8Array {
  const info = new Uint8Array(128);
  const dv = new DataView(info.buffer);
  dv.setInt32(0, signo, true);
  dv.setInt32(8, code, true);
  if (is64) dv.setBigUint64(16, BigInt(addr), true);
  else dv.setUint32(12, addr, true);
  return info;
}
