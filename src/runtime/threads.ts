// Guest threads (clone with CLONE_VM|CLONE_THREAD) as green threads: every thread of the guest runs
// on this one host thread, which switches between them like a uniprocessor kernel. The running
// thread's registers live in the one CpuState the translations use; a switch copies the register
// file out to the thread being left and in from the thread being resumed (about a kilobyte), so the
// translation cache, helpers and all process-wide state (fds, mappings, dispositions, cwd) are simply
// shared. A thread that waits (futex, sleep, a pipe not ready, sigsuspend) is parked and another
// runs; when none can run the scheduler waits in the addon (signalWait: deadlines, fds and signals
// at once). A native ticker raises the interrupt word every TIME_SLICE_MS while two or more threads
// can run, so a thread spinning without syscalls is preempted at the next block boundary or region
// loop header. Atomics, LL/SC and exclusives are trivially atomic with one host thread.
//
// DESIGN.md 6 plans guest threads on worker_threads for parallelism; this is the step before it:
// exact Linux semantics for threads, without running two of them at the same time.
import { SLOT_EXCL_ADDR as A64_EXCL_ADDR, SLOT_TPIDR } from '../arch/aarch64/state.ts';
import { SLOT_EXCL_ADDR as ARM_EXCL_ADDR, SLOT_TPIDRURO } from '../arch/arm/state.ts';
import { SLOT_LL_ADDR, SLOT_ULR } from '../arch/mips/state.ts';
import { SLOT_RES_ADDR, xslot } from '../arch/riscv/state.ts';
import type { CpuState } from '../arch/types.ts';
import { BadAddress } from '../mem/memory.ts';
import { fail } from '../../syscalls/errors.ts';
import { type Kernel, ProcessExit, type SyscallImpl } from '../../syscalls/kernel.ts';
import { activeVfork, processSyscalls, setThreadClone } from '../../syscalls/process.ts';
import { setStackPointer } from './fork.ts';
import { native } from './native.ts';
import { constants as osConstants } from 'node:os';

const TIME_SLICE_MS = 10;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/** Why a parked thread runs again. */
type WakeReason = 'futex' | 'timeout' | 'signal' | 'fd';

interface Wait {
  /** performance.now() time at which the wait times out (Infinity: never). */
  deadline: number;
  futex?: { addr: number; bitset: number };
  /** Host fds and poll events to wait for, as (fd, events) pairs. */
  fds?: Int32Array;
  /** A signal the thread can take ends the wait (always true but for futex-free internal waits). */
  signals: boolean;
  /** rt_sigtimedwait: signals of this set end the wait even while blocked. */
  waitedFor?: Uint32Array;
  /** The syscall result to give the thread when it resumes, or 'restart' to run the syscall again. */
  onWake: (reason: WakeReason) => number | 'restart';
}

export class GuestThread {
  regs: Int32Array;
  pc = 0;
  mask: Uint32Array;
  altStack = { sp: 0, size: 0, flags: 2 };
  /** CLONE_CHILD_CLEARTID / set_tid_address: zeroed and futex-woken when the thread exits. */
  clearTid = 0;
  robustList = 0;
  wait?: Wait;
  /** Set while parked: how to finish its syscall when it resumes. */
  resume?: { result: number | 'restart'; nr: number; args: number[] };
  constructor(
    readonly tid: number,
    regs: Int32Array,
    mask: Uint32Array,
  ) {
    this.regs = regs;
    this.mask = mask;
  }
}

export class Scheduler {
  readonly threads: GuestThread[] = [];
  current: GuestThread;
  private nextTid: number;
  private ticking = false;

  constructor(
    private readonly k: Kernel,
    private readonly cpu: CpuState,
  ) {
    this.current = new GuestThread(process.pid, new Int32Array(cpu.R.length), k.signals.mask.slice());
    this.threads.push(this.current);
    // Thread ids must not name another host process (kill), and must fit FUTEX_TID_MASK (2^30 - 1).
    this.nextTid = 0x3f000000 + ((process.pid & 0xffff) << 4);
  }

  get multi(): boolean {
    return this.threads.length > 1;
  }
  tid(): number {
    return this.current.tid;
  }
  find(tid: number): GuestThread | undefined {
    return this.threads.find((t) => t.tid === tid);
  }

  // ---- creation and exit -----------------------------------------------------------------

  /** clone(CLONE_VM|CLONE_THREAD...): the new thread starts after the syscall with result 0. */
  clone(c: { flags: number; stack: number; ptid: number; tls: number; ctid: number }): number {
    const { k, cpu } = this;
    const tid = this.nextTid++;
    const parentRegs = cpu.R.slice();
    k.arch.syscalls.setResult(cpu, 0);
    if (c.stack) setStackPointer(k.arch, cpu, c.stack);
    if (c.flags & CLONE_SETTLS) setTls(k.arch.name, cpu, c.tls);
    const t = new GuestThread(tid, cpu.R.slice(), k.signals.mask.slice());
    t.pc = cpu.pc;
    cpu.R.set(parentRegs);
    if (c.flags & CLONE_CHILD_CLEARTID) t.clearTid = c.ctid;
    if (c.flags & CLONE_PARENT_SETTID) k.mem.write32(c.ptid, tid);
    if (c.flags & CLONE_CHILD_SETTID) k.mem.write32(c.ctid, tid);
    this.threads.push(t);
    this.updateTicker();
    return tid;
  }

  /** exit(2) of the current thread; the last one to go ends the process with its code. */
  exitThread(code: number): void {
    const { k } = this;
    const t = this.current;
    if (t.clearTid) {
      try {
        k.mem.write32(t.clearTid, 0);
        this.futexWake(t.clearTid, 1, FUTEX_BITSET_MATCH_ANY);
      } catch (e) {
        if (!(e instanceof BadAddress)) throw e;
      }
    }
    this.walkRobustList(t);
    this.threads.splice(this.threads.indexOf(t), 1);
    if (this.threads.length === 0) throw new ProcessExit(code & 0xff);
    this.updateTicker();
    this.switchTo(this.pickNext(undefined) ?? this.idle(), false);
  }

  /** Robust futexes the dying thread held get FUTEX_OWNER_DIED and a waiter woken (futex(2)). */
  private walkRobustList(t: GuestThread): void {
    if (!t.robustList) return;
    const { k } = this;
    const ws = k.w.wordSize;
    try {
      const head = t.robustList;
      const offset = ws === 8 ? k.mem.read64(head + ws) : k.mem.readI32(head + ws);
      let entry = k.w.readWord(head);
      for (let n = 0; entry !== head && n < 2048; n++) {
        const word = entry + offset;
        const v = k.mem.read32(word);
        if ((v & 0x3fffffff) === t.tid) {
          k.mem.write32(word, (v & 0x80000000) | 0x40000000);
          if (v & 0x80000000) this.futexWake(word, 1, FUTEX_BITSET_MATCH_ANY);
        }
        entry = k.w.readWord(entry);
      }
    } catch (e) {
      if (!(e instanceof BadAddress)) throw e;
    }
  }

  // ---- switching ---------------------------------------------------------------------------

  private save(t: GuestThread): void {
    // A thread switch clears the exclusive monitor of the thread left, as the kernel's exception
    // return does: its next SC/STREX/STXR fails and it retries.
    clearExclusive(this.k.arch.name, this.cpu);
    t.regs.set(this.cpu.R);
    t.pc = this.cpu.pc;
    t.mask = this.k.signals.mask.slice();
    t.altStack = this.k.signals.altStack;
  }

  private load(t: GuestThread): void {
    const { k, cpu } = this;
    cpu.R.set(t.regs);
    cpu.pc = t.pc;
    k.signals.mask.set(t.mask);
    k.signals.altStack = t.altStack;
    k.signals.currentTid = t.tid;
    this.current = t;
    const r = t.resume;
    t.resume = undefined;
    if (r) {
      if (r.result === 'restart') k.arch.signals?.restartSyscall(cpu, r.nr, r.args);
      else k.arch.syscalls.setResult(cpu, r.result);
    }
    // Whatever is pending for this thread is delivered before it runs on.
    cpu.irq[0] = 1;
  }

  private switchTo(t: GuestThread, saveCurrent = true): void {
    if (t === this.current && saveCurrent) return;
    if (saveCurrent) this.save(this.current);
    this.load(t);
  }

  /** The next runnable thread after `from` in round-robin order (from itself last). */
  private pickNext(from: GuestThread | undefined): GuestThread | undefined {
    const n = this.threads.length;
    const start = from ? this.threads.indexOf(from) + 1 : 0;
    for (let i = 0; i < n; i++) {
      const t = this.threads[(start + i) % n];
      if (!t.wait) return t;
    }
    return undefined;
  }

  /** The time slice ended (the ticker): let the next runnable thread run. */
  onInterrupt(): void {
    // The tick is taken even with one thread left: one that fired as the others exited would
    // otherwise keep raising the interrupt word (deliverPending keeps it visible) and stop all progress.
    if (!this.k.signals.takeTick() || !this.multi) return;
    // A vfork child runs on its parent thread's CPU and fd table until execve or _exit: no switch.
    if (activeVfork(this.k)) return;
    this.wakeSignalled();
    this.wakeReady(true);
    const next = this.pickNext(this.current);
    if (next && next !== this.current) this.switchTo(next);
  }

  /** execve: the other threads are gone; no more time slices. */
  stop(): void {
    this.threads.length = 0;
    if (this.ticking && native) native.ticker(0);
    this.ticking = false;
  }

  private updateTicker(): void {
    const want = this.threads.length > 1;
    if (want === this.ticking || !native) return;
    this.ticking = want;
    native.ticker(want ? TIME_SLICE_MS : 0);
  }

  // ---- waiting -----------------------------------------------------------------------------

  /**
   * Parks the current thread in the middle of its syscall and runs another; the syscall's result
   * comes from wait.onWake when it resumes. The caller returns at once (Kernel.syscall writes no
   * result: threadSwitched).
   */
  block(wait: Wait): number {
    const { k } = this;
    const t = this.current;
    t.wait = wait;
    const sys = { nr: k.arch.syscalls.number(this.cpu), args: k.arch.syscalls.args(this.cpu, k.mem) };
    t.resume = { result: 0, ...sys };
    this.save(t);
    this.wakeReady(false);
    const next = this.pickNext(t) ?? this.idle();
    this.load(next);
    k.threadSwitched = true;
    return 0;
  }

  private wake(t: GuestThread, reason: WakeReason): void {
    const w = t.wait;
    if (!w) return;
    t.wait = undefined;
    if (t.resume) t.resume.result = w.onWake(reason);
  }

  futexWake(addr: number, n: number, bitset: number): number {
    let woken = 0;
    for (const t of this.threads) {
      if (woken >= n) break;
      const f = t.wait?.futex;
      if (f && f.addr === addr && (f.bitset & bitset) !== 0) {
        this.wake(t, 'futex');
        woken++;
      }
    }
    return woken;
  }

  /** Moves up to n futex waiters from addr to addr2. */
  futexRequeue(addr: number, addr2: number, n: number): number {
    let moved = 0;
    for (const t of this.threads) {
      if (moved >= n) break;
      const f = t.wait?.futex;
      if (f && f.addr === addr) {
        f.addr = addr2;
        moved++;
      }
    }
    return moved;
  }

  /**
   * Parked threads whose deadline passed (and, with pollFds, whose fds are ready) run again. idle()
   * only sees them when no thread can run; this lets a sleeper wake while others keep the CPU busy.
   */
  private wakeReady(pollFds: boolean): void {
    const now = performance.now();
    const waiting: GuestThread[] = [];
    for (const t of this.threads) {
      const w = t.wait;
      if (!w || t === this.current) continue;
      if (w.deadline <= now) this.wake(t, 'timeout');
      else if (w.fds) waiting.push(t);
    }
    if (!pollFds || !waiting.length || !native) return;
    const fds = gatherFds(waiting);
    if (native.poll(fds, 0) > 0) this.wakeFdReady(waiting, fds);
  }

  /** Wakes the threads of `waiting` (in gatherFds order) that have an fd with events in `fds`. */
  private wakeFdReady(waiting: GuestThread[], fds: Int32Array): void {
    let at = 0;
    for (const t of waiting) {
      const n = t.wait!.fds!.length;
      let ready = false;
      for (let i = at; i < at + n; i += 2) if (fds[i + 1] >>> 16) ready = true;
      at += n;
      if (ready) this.wake(t, 'fd');
    }
  }

  /** Parked threads a signal can interrupt now are woken with it. */
  private wakeSignalled(): void {
    const s = this.k.signals;
    for (const t of this.threads) {
      if (t.wait?.signals && t !== this.current && s.deliverableFor(t.tid, t.mask, t.wait.waitedFor)) this.wake(t, 'signal');
    }
  }

  /** No thread can run: wait for a deadline, an fd or a signal; returns a runnable thread. */
  private idle(): GuestThread {
    const s = this.k.signals;
    for (;;) {
      const now = performance.now();
      let deadline = Infinity;
      for (const t of this.threads) {
        const w = t.wait;
        if (!w) return t;
        if (w.signals && s.deliverableFor(t.tid, t.mask, w.waitedFor)) {
          this.wake(t, 'signal');
          return t;
        }
        if (w.deadline <= now) {
          this.wake(t, 'timeout');
          return t;
        }
        deadline = Math.min(deadline, w.deadline);
      }
      const waiting = this.threads.filter((t) => t.wait?.fds);
      const fds = gatherFds(waiting);
      if (!native) throw new ProcessExit(1);
      const r = native.signalWait(deadline === Infinity ? -1 : Math.max(0, deadline - now), fds);
      if (r > 0) this.wakeFdReady(waiting, fds);
    }
  }
}

/** The (fd, events) pairs the parked threads wait for, one after another. */
function gatherFds(waiting: GuestThread[]): Int32Array {
  const fds = new Int32Array(waiting.reduce((n, t) => n + t.wait!.fds!.length, 0));
  let at = 0;
  for (const t of waiting) {
    fds.set(t.wait!.fds!, at);
    at += t.wait!.fds!.length;
  }
  return fds;
}

/** Disarms the LL/SC reservation or exclusive monitor of the running thread. */
function clearExclusive(arch: string, cpu: CpuState): void {
  switch (arch) {
    case 'riscv64':
      cpu.R[SLOT_RES_ADDR] = -1;
      return;
    case 'aarch64':
      cpu.R[A64_EXCL_ADDR] = -1;
      cpu.R[A64_EXCL_ADDR + 1] = -1;
      return;
    case 'arm':
      cpu.R[ARM_EXCL_ADDR] = -1;
      return;
    default:
      cpu.R[SLOT_LL_ADDR] = -1;
  }
}

/** The thread pointer register of each arch (CLONE_SETTLS). */
function setTls(arch: string, cpu: CpuState, tls: number): void {
  switch (arch) {
    case 'riscv64':
      cpu.R[xslot(4)] = tls | 0;
      cpu.R[xslot(4) + 1] = Math.floor(tls / 4294967296) | 0;
      return;
    case 'aarch64':
      cpu.R[SLOT_TPIDR] = tls | 0;
      cpu.R[SLOT_TPIDR + 1] = Math.floor(tls / 4294967296) | 0;
      return;
    case 'arm':
      cpu.R[SLOT_TPIDRURO] = tls | 0;
      return;
    default:
      cpu.R[SLOT_ULR] = tls | 0;
  }
}

// ---- syscalls ---------------------------------------------------------------------------------

function schedOf(k: Kernel): Scheduler {
  if (!k.sched) k.sched = new Scheduler(k, k.cpu);
  return k.sched;
}

/** A futex timeout as a performance.now() deadline: relative (FUTEX_WAIT) or absolute on a clock. */
function futexDeadline(k: Kernel, at: number, t64: boolean, absolute: boolean, realtime: boolean): number {
  if (!at) return Infinity;
  const wide = t64 || k.w.wordSize === 8;
  const sec = wide ? k.mem.read64(at) : k.mem.readI32(at);
  const nsec = wide ? k.mem.read64(at + 8) : k.mem.readI32(at + 4);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail('EINVAL');
  const ms = sec * 1000 + nsec / 1e6;
  if (!absolute) return performance.now() + ms;
  // The guest's CLOCK_MONOTONIC is process.hrtime (proc.ts clockNs), CLOCK_REALTIME the wall clock.
  const clockNowMs = realtime ? Date.now() : Number(process.hrtime.bigint()) / 1e6;
  return performance.now() + (ms - clockNowMs);
}

/** Is the futex word in a MAP_SHARED range, where other processes may wait on it or wake it? */
function sharedWord(k: Kernel, addr: number): boolean {
  const p = Math.floor(addr / 4096);
  return k.mem.sharedMaps.some((m) => p >= m.first && p < m.end);
}

/** How long a wait on a shared futex sleeps before it looks for signals (and other threads) again. */
const SHARED_FUTEX_SLICE_MS = 20;

/**
 * FUTEX_WAIT on a word of a MAP_SHARED page: a host futex wait, which a FUTEX_WAKE from another
 * process (a forked tsemu mapping the same file) ends. It sleeps in slices so a signal that came just
 * before the host call is seen within one; with other guest threads the thread parks for a slice
 * and then runs the call again (a changed word then returns EAGAIN, as a retry would).
 */
function sharedFutexWait(k: Kernel, s: Scheduler, addr: number, val: number, bitset: number, deadline: number): number {
  const n = native;
  if (!n) return fail('ENOSYS');
  const raw = k.mem.littleEndian ? val : (((val & 0xff) << 24) | ((val & 0xff00) << 8) | ((val >>> 8) & 0xff00) | (val >>> 24)) >>> 0;
  if (s.multi) {
    const ETIMEDOUT = k.errno.neg('ETIMEDOUT'), EINTR = k.errno.neg('EINTR');
    const slice = Math.min(deadline, performance.now() + SHARED_FUTEX_SLICE_MS);
    return s.block({
      deadline: slice,
      futex: { addr, bitset },
      signals: true,
      onWake: (r) => (r === 'futex' ? 0 : r === 'signal' ? EINTR : performance.now() >= deadline ? ETIMEDOUT : 'restart'),
    });
  }
  for (;;) {
    if (k.signals.hasDeliverable()) fail('EINTR');
    const left = deadline - performance.now();
    if (left <= 0) fail('ETIMEDOUT');
    const r = n.futexWait(k.mem.u8, addr, 4, raw, Math.min(left, SHARED_FUTEX_SLICE_MS));
    if (r === 0) return 0;
    if (r === -osConstants.errno.EAGAIN) fail('EAGAIN');
    // ETIMEDOUT of a slice or EINTR: look for signals and the deadline again.
  }
}

function futex(k: Kernel, a: number[], t64: boolean): number {
  const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5;
  const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_CLOCK_REALTIME = 256;
  const addr = a[0];
  const cmd = k.int(a[1]) & 0x7f;
  const val = a[2] >>> 0;
  const s = schedOf(k);
  if (addr & 3) fail('EINVAL');
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : a[5] >>> 0;
      if (bitset === 0) fail('EINVAL');
      const deadline = futexDeadline(k, a[3], t64, cmd === FUTEX_WAIT_BITSET, (k.int(a[1]) & FUTEX_CLOCK_REALTIME) !== 0);
      if (k.mem.read32(addr) !== val) fail('EAGAIN');
      if (sharedWord(k, addr)) return sharedFutexWait(k, s, addr, val, bitset, deadline);
      if (!s.multi) {
        // Nobody else can wake it: only a signal or the timeout ends the wait.
        const ms = deadline === Infinity ? -1 : Math.max(0, deadline - performance.now());
        if (k.signals.waitForSignal(ms)) fail('EINTR');
        return fail('ETIMEDOUT');
      }
      const ETIMEDOUT = k.errno.neg('ETIMEDOUT'), EINTR = k.errno.neg('EINTR');
      return s.block({ deadline, futex: { addr, bitset }, signals: true, onWake: (r) => (r === 'futex' ? 0 : r === 'timeout' ? ETIMEDOUT : EINTR) });
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : a[5] >>> 0;
      if (bitset === 0) fail('EINVAL');
      const n = Math.max(0, k.int(a[2]));
      const woken = s.futexWake(addr, n, bitset);
      // A word of a MAP_SHARED page: waiters in other processes too.
      if (woken < n && sharedWord(k, addr) && native) return woken + Math.max(0, native.futexWake(k.mem.u8, addr, 4, n - woken));
      return woken;
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      if (cmd === FUTEX_CMP_REQUEUE && k.mem.read32(addr) !== a[5] >>> 0) fail('EAGAIN');
      const nWake = Math.max(0, k.int(a[2]));
      const nRequeue = Math.max(0, k.int(a[3]));
      const woken = s.futexWake(addr, nWake, FUTEX_BITSET_MATCH_ANY);
      const moved = s.futexRequeue(addr, a[4], nRequeue);
      return cmd === FUTEX_CMP_REQUEUE ? woken + moved : woken;
    }
    case FUTEX_WAKE_OP: {
      const addr2 = a[4];
      const encoded = a[5] >>> 0;
      const op = (encoded >>> 28) & 7, shift = (encoded >>> 28) & 8, cmp = (encoded >>> 24) & 15;
      let oparg = (encoded << 8) >> 20;
      const cmparg = (encoded << 20) >> 20;
      if (shift) oparg = 1 << (oparg & 31);
      const old = k.mem.readI32(addr2);
      const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op];
      if (next === undefined) fail('ENOSYS');
      k.mem.write32(addr2, next >>> 0);
      let n = s.futexWake(addr, Math.max(0, k.int(a[2])), FUTEX_BITSET_MATCH_ANY);
      const hit = [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][cmp];
      if (hit === undefined) fail('ENOSYS');
      if (hit) n += s.futexWake(addr2, Math.max(0, k.int(a[3])), FUTEX_BITSET_MATCH_ANY);
      return n;
    }
    default:
      return fail('ENOSYS');
  }
}

export const threadSyscalls: Record<string, SyscallImpl> = {
  gettid: (k) => k.sched?.tid() ?? process.pid,
  set_tid_address: (k, a) => {
    const s = schedOf(k);
    s.current.clearTid = a[0];
    k.tidAddress = a[0];
    return s.tid();
  },
  set_robust_list: (k, a) => {
    const ws = k.w.wordSize;
    if (k.ulong(a[1]) !== 3 * ws) fail('EINVAL');
    schedOf(k).current.robustList = a[0];
    return 0;
  },
  get_robust_list: (k, a) => {
    const s = schedOf(k);
    const tid = k.int(a[0]);
    const t = tid === 0 ? s.current : s.find(tid);
    if (!t) fail('ESRCH');
    k.w.word(a[1], t!.robustList);
    k.w.word(a[2], 3 * k.w.wordSize);
    return 0;
  },
  futex: (k, a) => futex(k, a, false),
  futex_time64: (k, a) => futex(k, a, true),
  sched_yield: (k) => {
    const s = k.sched;
    if (s?.multi) s.block({ deadline: 0, signals: false, onWake: () => 0 });
    return 0;
  },
  exit: (k, a) => {
    const s = k.sched;
    // A vfork child's exit ends the child (process.ts), not the parent's thread.
    if (!s?.multi || activeVfork(k)) return processSyscalls.exit(k, a);
    s.exitThread(a[0]);
    k.threadSwitched = true;
    return 0;
  },
};

setThreadClone((k, c) => schedOf(k).clone(c));
