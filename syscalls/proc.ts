// Process identity, time, limits and randomness syscalls (signals: signals.ts).
import { randomFillSync } from 'node:crypto';
import * as os from 'node:os';
import { native } from '../src/runtime/native.ts';
import { abiConsts, hostRlimit } from './abi-consts.ts';
import { fail } from './errors.ts';
import { type Kernel, ProcessExit, type SyscallImpl } from './kernel.ts';
import { readTimespecT, writeTimespec, writeTimespecT } from './layout.ts';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const hrStart = process.hrtime.bigint();
const realtimeBase = BigInt(Date.now()) * 1000000n - hrStart;

/** Nanoseconds on a guest clock. */
function clockNs(clock: number): bigint {
  switch (clock) {
    case 0: // REALTIME
    case 5: // REALTIME_COARSE
    case 8: // REALTIME_ALARM
    case 11: // TAI
      return realtimeBase + process.hrtime.bigint();
    case 1: // MONOTONIC
    case 4: // MONOTONIC_RAW
    case 6: // MONOTONIC_COARSE
    case 7: // BOOTTIME
    case 9: // BOOTTIME_ALARM
      return process.hrtime.bigint();
    case 2: // PROCESS_CPUTIME_ID
    case 3: { // THREAD_CPUTIME_ID
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    }
    default:
      return fail('EINVAL');
  }
}

/** A struct timespec in the guest's long layout or (t64) the 64-bit time_t one, as nanoseconds. */
function readTimespecNs(k: Kernel, addr: number, t64 = false): bigint {
  const [sec, nsec] = readTimespecT(k.w, k.mem, addr, t64);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail('EINVAL');
  return BigInt(sec) * 1000000000n + BigInt(nsec);
}

/**
 * Sleeps ns nanoseconds; a signal that can be delivered ends the sleep early: then the nanoseconds
 * left, else 0n.
 */
function sleepNs(k: Kernel, ns: bigint): bigint {
  const ms = Number(ns) / 1e6;
  if (!native) {
    Atomics.wait(sleeper, 0, 0, ms);
    return 0n;
  }
  const t0 = performance.now();
  if (!k.signals.sleep(ms)) return 0n;
  const left = ms - (performance.now() - t0);
  return left > 0 ? BigInt(Math.round(left * 1e6)) : 0n;
}

/**
 * [soft, hard] limit of a guest resource number (Infinity: unlimited); the stack is the one the
 * loader made. MIPS numbers RLIMIT_NOFILE, AS, RSS, NPROC and MEMLOCK its own way.
 */
function rlimit(k: Kernel, res: number): [number, number] {
  const host = hostRlimit(abiConsts(k), res);
  if (host < 0) fail('EINVAL');
  let cur = Infinity, max = Infinity;
  const r = native?.getrlimit(host);
  if (Array.isArray(r)) [cur, max] = r;
  if (host === 3 /* RLIMIT_STACK */ && k.stackLimit !== undefined) cur = k.stackLimit;
  return [cur, max];
}

/**
 * nanosleep and clock_nanosleep: sleeps ns; interrupted by a signal, writes the time left to remAddr
 * (when non-zero) and fails with EINTR. With several guest threads the thread is parked instead
 * (src/runtime/threads.ts) and the others run.
 */
function sleepSyscall(k: Kernel, ns: bigint, remAddr: number, t64: boolean): number {
  const writeRem = (left: bigint) => {
    if (remAddr) writeTimespecT(k.w, remAddr, left / 1000000000n, left % 1000000000n, t64);
  };
  if (k.sched?.multi) {
    const deadline = performance.now() + Number(ns) / 1e6;
    const EINTR = k.errno.neg('EINTR');
    return k.sched.block({
      deadline, signals: true,
      onWake: (why) => {
        if (why === 'timeout') return 0;
        writeRem(BigInt(Math.max(0, Math.round((deadline - performance.now()) * 1e6))));
        return EINTR;
      },
    });
  }
  const left = sleepNs(k, ns);
  if (left === 0n) return 0;
  writeRem(left);
  return fail('EINTR');
}

/**
 * clock_gettime, clock_getres and clock_nanosleep with their struct timespec in the guest's long
 * layout, or with `t64` in the 64-bit time_t layout of the *_time64 syscalls of 32-bit guests.
 */
export function timeSyscalls(t64: boolean): Record<string, SyscallImpl> {
  return {
    clock_gettime: (k, a) => {
      const ns = clockNs(k.int(a[0]));
      writeTimespecT(k.w, a[1], ns / 1000000000n, ns % 1000000000n, t64);
      return 0;
    },
    clock_getres: (k, a) => {
      clockNs(k.int(a[0]));
      if (a[1]) writeTimespecT(k.w, a[1], 0, 1, t64);
      return 0;
    },
    clock_nanosleep: (k, a) => {
      const TIMER_ABSTIME = 1;
      let ns = readTimespecNs(k, a[2], t64);
      const abs = (a[1] & TIMER_ABSTIME) !== 0;
      if (abs) ns -= clockNs(k.int(a[0]));
      if (ns <= 0n) return 0;
      return sleepSyscall(k, ns, abs ? 0 : a[3], t64);
    },
  };
}

export const procSyscalls: Record<string, SyscallImpl> = {
  exit: (_k, a) => {
    throw new ProcessExit(a[0] & 0xff);
  },
  exit_group: (_k, a) => {
    throw new ProcessExit(a[0] & 0xff);
  },
  getpid: () => process.pid,
  getppid: () => process.ppid,
  getuid: () => process.getuid?.() ?? 0,
  geteuid: () => process.geteuid?.() ?? 0,
  getgid: () => process.getgid?.() ?? 0,
  getegid: () => process.getegid?.() ?? 0,
  getresuid: (k, a) => {
    const id = process.getuid?.() ?? 0;
    for (let i = 0; i < 3; i++) k.mem.write32(a[i], id);
    return 0;
  },
  getresgid: (k, a) => {
    const id = process.getgid?.() ?? 0;
    for (let i = 0; i < 3; i++) k.mem.write32(a[i], id);
    return 0;
  },
  getgroups: (k, a) => {
    const groups = process.getgroups?.() ?? [];
    const n = k.int(a[0]);
    if (n === 0) return groups.length;
    if (n < groups.length) fail('EINVAL');
    groups.forEach((g, i) => k.mem.write32(a[1] + 4 * i, g));
    return groups.length;
  },
  getpgrp: (k) => (native ? k.errno.fromHost(native.getpgid(0)) : process.pid),
  getpgid: (k, a) => (native ? k.errno.fromHost(native.getpgid(k.int(a[0]))) : process.pid),
  getsid: (k, a) => (native ? k.errno.fromHost(native.getsid(k.int(a[0]))) : process.pid),
  setpgid: (k, a) => (native ? k.errno.fromHost(native.setpgid(k.int(a[0]), k.int(a[1]))) : 0),
  setsid: (k) => (native ? k.errno.fromHost(native.setsid()) : fail('EPERM')),
  rseq: () => fail('ENOSYS'),
  // RISC-V's icache flush (glibc's __riscv_flush_icache, guest JITs): translations may be stale.
  riscv_flush_icache: (k) => {
    k.flushCode();
    return 0;
  },
  clone3: () => fail('ENOSYS'),
  umask: (k, a) => {
    const old = k.umask;
    k.umask = a[0] & 0o777;
    return old;
  },
  uname: (k, a) => {
    const fields = ['Linux', os.hostname(), k.opts.unameRelease ?? os.release(), os.version(), k.arch.unameMachine, '(none)'];
    const buf = Buffer.alloc(65 * 6);
    fields.forEach((s, i) => buf.write(s.slice(0, 64), i * 65, 'latin1'));
    k.mem.writeBytes(a[0], buf);
    return 0;
  },
  sysinfo: (k, a) => {
    const w = k.w;
    const ws = w.wordSize;
    const size = ws === 8 ? 112 : 64;
    w.zero(a[0], size);
    w.word(a[0], Math.floor(os.uptime()));
    os.loadavg().forEach((l, i) => w.word(a[0] + ws * (1 + i), Math.floor(l * 65536)));
    const unit = ws === 8 ? 1 : 4096;
    w.word(a[0] + ws * 4, Math.floor(os.totalmem() / unit));
    w.word(a[0] + ws * 5, Math.floor(os.freemem() / unit));
    w.u16(a[0] + ws * 10, 1);
    w.u32(a[0] + ws * 13, unit);
    return 0;
  },
  getrandom: (k, a) => {
    const len = Math.min(k.ulong(a[1]), 1 << 25);
    randomFillSync(k.mem.writableBytes(a[0], len));
    return len;
  },
  ...timeSyscalls(false),
  gettimeofday: (k, a) => {
    const ns = clockNs(0);
    if (a[0]) writeTimespec(k.w, a[0], ns / 1000000000n, (ns % 1000000000n) / 1000n);
    if (a[1]) {
      k.mem.write32(a[1], 0);
      k.mem.write32(a[1] + 4, 0);
    }
    return 0;
  },
  nanosleep: (k, a) => sleepSyscall(k, readTimespecNs(k, a[0]), a[1], false),
  times: (k, a) => {
    const ticks = (us: number) => Math.floor(us / 10000);
    const u = process.cpuUsage();
    if (a[0]) {
      k.w.word(a[0], ticks(u.user));
      k.w.word(a[0] + k.w.wordSize, ticks(u.system));
      k.w.word(a[0] + 2 * k.w.wordSize, 0);
      k.w.word(a[0] + 3 * k.w.wordSize, 0);
    }
    return Math.floor(Number(process.hrtime.bigint() / 10000000n));
  },
  getrusage: (k, a) => {
    const ws = k.w.wordSize;
    const size = 2 * 2 * ws + 14 * ws;
    k.w.zero(a[1], size);
    if (k.int(a[0]) === 0 || k.int(a[0]) === 1) {
      const u = process.cpuUsage();
      writeTimespec(k.w, a[1], Math.floor(u.user / 1e6), u.user % 1e6);
      writeTimespec(k.w, a[1] + 2 * ws, Math.floor(u.system / 1e6), u.system % 1e6);
      k.w.word(a[1] + 4 * ws, Math.floor(process.resourceUsage().maxRSS));
    }
    return 0;
  },
  prlimit64: (k, a) => {
    const pid = k.int(a[0]);
    if (pid !== 0 && pid !== process.pid) fail('ESRCH');
    const res = k.int(a[1]);
    if (a[3]) {
      const [cur, max] = rlimit(k, res);
      const enc = (v: number) => (v === Infinity ? 0xffffffffffffffffn : BigInt(v));
      k.mem.write64(a[3], enc(cur));
      k.mem.write64(a[3] + 8, enc(max));
    }
    return 0;
  },
  // struct rlimit of unsigned longs; on a 32-bit guest what does not fit is RLIM_INFINITY (o32 MIPS's
  // is 0x7fffffff, so anything from there up reads as infinity, as qemu reports it).
  getrlimit: (k, a) => {
    const [cur, max] = rlimit(k, k.int(a[0]));
    const inf32 = abiConsts(k).rlimInfinity32;
    const word = (v: number) => (k.w.wordSize === 8 ? (v === Infinity || v >= 2 ** 64 - 1 ? 0xffffffffffffffffn : v) : v === Infinity || v >= inf32 ? inf32 : v);
    k.w.word(a[1], word(cur));
    k.w.word(a[1] + k.w.wordSize, word(max));
    return 0;
  },
  setrlimit: () => 0,
  sched_getaffinity: (k, a) => {
    const len = k.ulong(a[1]);
    const cpus = os.cpus().length || 1;
    const bytes = Math.max(8, Math.ceil(cpus / 64) * 8);
    if (len < bytes) fail('EINVAL');
    const buf = new Uint8Array(bytes);
    for (let i = 0; i < cpus; i++) buf[i >> 3] |= 1 << (i & 7);
    k.mem.writeBytes(a[2], buf);
    return bytes;
  },
  sched_yield: () => 0,
  getcpu: (k, a) => {
    if (a[0]) k.mem.write32(a[0], 0);
    if (a[1]) k.mem.write32(a[1], 0);
    return 0;
  },
  prctl: (k, a) => {
    const PR_SET_NAME = 15, PR_GET_NAME = 16;
    if (k.int(a[0]) === PR_SET_NAME) return 0;
    if (k.int(a[0]) === PR_GET_NAME) {
      k.mem.writeBytes(a[1], Buffer.from('tsemu\0'));
      return 0;
    }
    return fail('EINVAL');
  },

};
