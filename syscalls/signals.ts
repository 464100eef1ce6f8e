// Guest signals (DESIGN.md 6): dispositions, masks, pending signals with their siginfo, delivery
// through the arch's frame code (GuestArch.signals), sigreturn, syscall restart, faults, and the
// signal syscalls.
//
// Host signals reach the guest through the native catcher (native/src/signals.cc): the guest's
// disposition of each signal is mirrored onto the host's (a guest handler or a default action that
// ends the process or ignores the signal -> the catcher; SIG_IGN -> ignored by the host kernel; a default stop -> the
// host's default, so the process really stops). The catcher records the signal and raises the CPU's
// interrupt word; the dispatcher then calls deliverPending(). Signals the guest sends itself are
// queued here directly and delivered when the syscall returns, as Linux does on its way back to
// user mode.
import * as os from 'node:os';
import { BadAddress } from '../src/mem/memory.ts';
import { native } from '../src/runtime/native.ts';
import { abiConsts } from './abi-consts.ts';
import { fail } from './errors.ts';
import { type Kernel, ProcessExit, type SyscallImpl } from './kernel.ts';
import { SignalFds } from './signalfd.ts';
import { HOST_TIMER_SIGNAL, PosixTimers, RECORD_WORDS } from './timers.ts';

const SIG_DFL = 0;
const SIG_IGN = 1;
const SS_ONSTACK = 1;
const SS_DISABLE = 2;
const SS_AUTODISARM = 0x80000000;

/** si_code values (asm-generic/siginfo.h; the same on every guest here). */
export const SI = { USER: 0, KERNEL: 0x80, QUEUE: -1, TIMER: -2, TKILL: -6 } as const;
const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'continue';
const DEFAULT_ACTIONS: Record<string, DefaultAction> = {
  SIGQUIT: 'core', SIGILL: 'core', SIGTRAP: 'core', SIGABRT: 'core', SIGBUS: 'core', SIGFPE: 'core',
  SIGSEGV: 'core', SIGXCPU: 'core', SIGXFSZ: 'core', SIGSYS: 'core',
  SIGCHLD: 'ignore', SIGURG: 'ignore', SIGWINCH: 'ignore', SIGCONT: 'continue',
  SIGSTOP: 'stop', SIGTSTP: 'stop', SIGTTIN: 'stop', SIGTTOU: 'stop',
};
/** Host signals the host runtime needs for itself (V8's wasm traps, Node's EPIPE policy): never mirrored. */
const HOST_RESERVED = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGPIPE', 'SIGKILL', 'SIGSTOP']);
// V8's sampling profiler (node --cpu-prof / --prof, for profiling tsemu itself) runs on SIGPROF.
if (process.execArgv.some((a) => /^--(cpu-)?prof\b/.test(a))) HOST_RESERVED.add('SIGPROF');
/** Syscalls Linux never restarts after a handler ran (-ERESTARTNOHAND / restart_block): they return EINTR. */
const NO_RESTART_AFTER_HANDLER = new Set([
  'poll', 'ppoll', 'ppoll_time64', 'select', '_newselect', 'pselect6', 'pselect6_time64', 'epoll_wait', 'epoll_pwait',
  'epoll_pwait2', 'nanosleep', 'clock_nanosleep', 'clock_nanosleep_time64', 'rt_sigsuspend', 'sigsuspend', 'pause',
  'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'io_getevents', 'semop', 'semtimedop', 'msgrcv', 'msgsnd',
]);
/** Writers whose EPIPE also raises SIGPIPE. */
const PIPE_WRITERS = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'sendto', 'sendmsg', 'send', 'splice', 'sendfile', 'sendfile64', 'tee', 'vmsplice']);

export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  /** sa_mask, NSIG/32 words. */
  mask: Uint32Array;
}

interface Pending {
  sig: number;
  info: Uint8Array;
  /** A thread-directed signal (tkill, tgkill, a fault): only that thread takes it. */
  tid?: number;
}

/** What the dispatcher knows about the syscall that just returned, for restarting it. */
export interface SyscallRecord {
  name: string;
  nr: number;
  args: number[];
  result: number;
}

export class SignalState {
  readonly nsig: number;
  readonly words: number;
  readonly actions: SigAction[] = [];
  /** The (only) thread's blocked set. */
  mask: Uint32Array;
  /** Mask to restore when a handler returns, when sigsuspend/ppoll replaced the mask meanwhile. */
  private savedMask: Uint32Array | undefined;
  private pending: Pending[] = [];
  altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  /** The thread running now (green threads swap mask and altStack in and out: src/runtime/threads.ts). */
  currentTid = process.pid;
  /** The native catcher's record (see native/src/signals.cc). */
  private readonly record = new Int32Array(new SharedArrayBuffer(4 * RECORD_WORDS));
  /** timer_create and friends: syscalls/timers.ts. */
  readonly timers: PosixTimers;
  /** signalfd descriptors, readable while a signal of their set is pending: syscalls/signalfd.ts. */
  readonly signalFds: SignalFds;
  private readonly flags: Record<string, number>;
  private readonly numbers: Record<string, number>;
  private readonly names: Record<number, string>;

  constructor(private readonly k: Kernel) {
    this.nsig = k.tables.nsig;
    this.words = this.nsig / 32;
    this.mask = new Uint32Array(this.words);
    this.flags = k.tables.signalConstants;
    this.numbers = k.tables.signalNumbers;
    this.names = k.tables.signalNames;
    this.timers = new PosixTimers(k);
    this.signalFds = new SignalFds(k);
    for (let s = 0; s <= this.nsig; s++) this.actions.push({ handler: SIG_DFL, flags: 0, restorer: 0, mask: new Uint32Array(this.words) });
  }

  /** Installs the host catcher for every signal whose default action ends the process. */
  attachHost(): void {
    if (!native) return;
    native.signalInit(this.record, this.k.cpu.irq);
    for (let s = 1; s <= this.nsig; s++) this.mirror(s);
  }

  // ---- names and numbers -----------------------------------------------------------------

  name(sig: number): string {
    const n = this.names[sig];
    if (n) return n;
    const rtmin = this.numbers.SIGRTMIN;
    return sig > rtmin && sig <= this.nsig ? `SIGRT${sig - rtmin}` : `SIG${sig}`;
  }
  private defaultAction(sig: number): DefaultAction {
    return DEFAULT_ACTIONS[this.names[sig] ?? ''] ?? 'term';
  }
  /** The host's number for a guest signal (by name; real-time ones by offset from SIGRTMIN), or 0. */
  hostSignal(sig: number): number {
    const name = this.names[sig];
    const host = name ? (os.constants.signals as Record<string, number>)[name] : undefined;
    if (host !== undefined && name !== 'SIGRTMIN' && name !== 'SIGRTMAX') return host;
    const rtmin = this.numbers.SIGRTMIN;
    if (sig >= rtmin && sig - rtmin + 32 <= 64) return 32 + (sig - rtmin);
    return 0;
  }
  /** The guest's number for a host signal, or 0. */
  guestSignal(host: number): number {
    if (host >= 32) {
      const g = this.numbers.SIGRTMIN + (host - 32);
      return g <= this.nsig ? g : 0;
    }
    const name = Object.entries(os.constants.signals).find(([, v]) => v === host)?.[0];
    return name ? (this.numbers[name] ?? 0) : 0;
  }

  /** Mirrors the guest's disposition of sig onto the host (see the file comment). */
  private mirror(sig: number): void {
    if (!native) return;
    const name = this.names[sig];
    if (name && HOST_RESERVED.has(name)) return;
    const host = this.hostSignal(sig);
    // 32 and 33 are glibc's internal signals in the host process; the guest's SIGRTMIN+0/1 map there.
    // The guest timers' host signal is always caught (syscalls/timers.ts).
    if (host === 0 || host === 32 || host === 33 || host === HOST_TIMER_SIGNAL) return;
    const h = this.actions[sig].handler;
    const d = this.defaultAction(sig);
    // A default-ignored signal is caught too: while the guest blocks it, it must stay pending
    // (sigwait, signalfd), and the core drops it when it is not blocked.
    const mode = h === SIG_IGN ? 1 : h !== SIG_DFL ? 2 : d === 'term' || d === 'core' || d === 'ignore' ? 2 : 0;
    native.signalDisposition(host, mode);
  }

  // ---- masks -------------------------------------------------------------------------------

  isBlocked(sig: number): boolean {
    return (this.mask[(sig - 1) >> 5] & (1 << ((sig - 1) & 31))) !== 0;
  }
  /** Sets the blocked set; SIGKILL and SIGSTOP cannot be blocked. */
  setMask(m: Uint32Array): void {
    this.mask.set(m);
    // Unblocking may make a pending signal deliverable: the dispatcher looks at the interrupt word.
    if (this.pending.length) this.k.cpu.irq[0] = 1;
    for (const n of ['SIGKILL', 'SIGSTOP']) {
      const b = this.numbers[n] - 1;
      this.mask[b >> 5] &= ~(1 << (b & 31));
    }
  }
  readSet(addr: number): Uint32Array {
    const m = new Uint32Array(this.words);
    for (let i = 0; i < this.words; i++) m[i] = this.k.mem.read32(addr + 4 * i);
    return m;
  }
  writeSet(addr: number, m: Uint32Array): void {
    for (let i = 0; i < this.words; i++) this.k.mem.write32(addr + 4 * i, m[i]);
  }

  // ---- siginfo -----------------------------------------------------------------------------

  /**
   * A siginfo_t in the guest's layout: si_signo, si_errno, si_code (MIPS: si_code before si_errno),
   * then the union at 12 (32-bit) or 16 (64-bit) holding `fields` as [offset in the union, size, value].
   */
  makeInfo(sig: number, code: number, fields: [number, 4 | 8, number][] = []): Uint8Array {
    const info = new Uint8Array(128);
    const dv = new DataView(info.buffer);
    const le = this.k.mem.littleEndian;
    const mips = this.k.tables.family === 'mips';
    dv.setInt32(0, sig, le);
    dv.setInt32(mips ? 4 : 8, code, le);
    const u = this.k.w.wordSize === 8 ? 16 : 12;
    for (const [off, size, v] of fields) {
      if (size === 4) dv.setInt32(u + off, v | 0, le);
      else dv.setBigUint64(u + off, BigInt.asUintN(64, BigInt(Math.trunc(v))), le);
    }
    return info;
  }
  /** kill/tkill-style info: sender pid and uid. */
  senderInfo(sig: number, code: number, pid = process.pid, uid = process.getuid?.() ?? 0, value?: number): Uint8Array {
    const f: [number, 4 | 8, number][] = [[0, 4, pid], [4, 4, uid]];
    if (value !== undefined) f.push([8, this.k.w.wordSize as 4 | 8, value]);
    return this.makeInfo(sig, code, f);
  }
  faultInfo(sig: number, code: number, addr: number): Uint8Array {
    return this.makeInfo(sig, code, [[0, this.k.w.wordSize as 4 | 8, addr]]);
  }

  // ---- generation --------------------------------------------------------------------------

  /** Queues sig (standard signals do not queue twice; ignored unblocked ones are dropped). */
  post(sig: number, info: Uint8Array, tid?: number): void {
    if (sig < 1 || sig > this.nsig) return;
    if (tid === this.currentTid && !this.k.sched?.multi) tid = undefined;
    if (!this.isBlocked(sig) || tid !== undefined) {
      const h = this.actions[sig].handler;
      const d = this.defaultAction(sig);
      if (h === SIG_IGN || (h === SIG_DFL && (d === 'ignore' || d === 'continue'))) return;
    }
    if (sig < this.numbers.SIGRTMIN && this.pending.some((p) => p.sig === sig && p.tid === tid)) return;
    this.pending.push({ sig, info, tid });
    this.k.cpu.irq[0] = 1;
    this.signalFds.sync();
  }
  /** Is a signal of `set` pending for the running thread or the process? (signalfd readiness) */
  hasPendingIn(set: Uint32Array): boolean {
    return this.pending.some((p) => (p.tid === undefined || p.tid === this.currentTid) && (set[(p.sig - 1) >> 5] & (1 << ((p.sig - 1) & 31))) !== 0);
  }
  /** Signals recorded by the native catcher become pending guest signals. */
  private takeHost(): void {
    const r = this.record;
    this.timers.takeFired(r);
    for (let w = 0; w < 3; w++) {
      let bits = Atomics.exchange(r, w, 0);
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits);
        bits &= ~(1 << b);
        const host = w * 32 + b;
        const sig = this.guestSignal(host);
        if (sig === 0) continue;
        const at = 4 + 4 * host;
        const [code, pid, uid, extra] = [r[at], r[at + 1], r[at + 2], r[at + 3]];
        let info: Uint8Array;
        if (this.names[sig] === 'SIGCHLD') {
          const cld = code === CLD_EXITED ? CLD_EXITED : code;
          const status = cld === CLD_KILLED || cld === CLD_DUMPED ? this.guestSignal(extra) : extra;
          info = this.makeInfo(sig, cld, [[0, 4, pid], [4, 4, uid], [8, 4, status]]);
        } else if (code === SI.QUEUE || code === SI.TIMER) {
          info = this.senderInfo(sig, code, pid, uid, extra);
        } else info = this.senderInfo(sig, code, pid, uid);
        this.post(sig, info);
      }
    }
  }

  private nextDeliverable(): number {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i];
      if (p.tid !== undefined && p.tid !== this.currentTid) continue;
      if (!this.isBlocked(p.sig) && (best < 0 || p.sig < this.pending[best].sig)) best = i;
    }
    return best;
  }
  /** Could thread `tid`, with blocked set `mask`, take a pending signal now? */
  deliverableFor(tid: number, mask: Uint32Array, waitedFor?: Uint32Array): boolean {
    this.takeHost();
    const inSet = (set: Uint32Array, sig: number) => (set[(sig - 1) >> 5] & (1 << ((sig - 1) & 31))) !== 0;
    return this.pending.some((p) => (p.tid === undefined || p.tid === tid) && (!inSet(mask, p.sig) || (waitedFor !== undefined && inSet(waitedFor, p.sig))));
  }
  /** The scheduling ticker fired since the last call (record word 3). */
  takeTick(): boolean {
    return Atomics.exchange(this.record, 3, 0) !== 0;
  }
  /** Any signal pending (blocked or not), as a set, for rt_sigpending. */
  pendingSet(): Uint32Array {
    this.takeHost();
    const m = new Uint32Array(this.words);
    for (const p of this.pending) m[(p.sig - 1) >> 5] |= 1 << ((p.sig - 1) & 31);
    return m;
  }
  hasDeliverable(): boolean {
    this.takeHost();
    return this.nextDeliverable() >= 0;
  }

  // ---- delivery ----------------------------------------------------------------------------

  /**
   * Delivers every pending unblocked signal (handlers' frames stack up, the last one's runs first,
   * as Linux does). `sys` is the syscall that just returned, if any: an interrupted one (-EINTR from
   * a host call a signal broke) restarts when no handler ran or the handler has SA_RESTART.
   */
  deliverPending(sys?: SyscallRecord): void {
    // A scheduling tick that raised the interrupt word stays visible, so the dispatcher's next poll
    // still ends the time slice (a thread making syscalls in a loop would otherwise never yield).
    this.k.cpu.irq[0] = this.k.sched?.multi && Atomics.load(this.record, 3) !== 0 ? 1 : 0;
    this.takeHost();
    let interrupted = sys !== undefined && sys.result === this.k.errno.neg('EINTR') && !this.k.noRestart;
    this.k.noRestart = false;
    for (;;) {
      const i = this.nextDeliverable();
      if (i < 0) break;
      const { sig, info } = this.pending.splice(i, 1)[0];
      this.signalFds.sync();
      const act = this.actions[sig];
      if (act.handler === SIG_IGN) continue;
      if (act.handler === SIG_DFL) {
        this.defaultActionOf(sig);
        continue;
      }
      if (interrupted && sys) {
        if ((act.flags & this.flags.SA_RESTART) !== 0 && !NO_RESTART_AFTER_HANDLER.has(sys.name)) {
          this.k.arch.signals?.restartSyscall(this.k.cpu, sys.nr, sys.args);
        }
        interrupted = false;
      }
      this.invokeHandler(sig, info, act);
    }
    // sigsuspend/ppoll's temporary mask ends here when no handler frame took it over.
    this.endSuspend();
    // Interrupted, but no handler ran: the guest never sees the EINTR.
    if (interrupted && sys && !NO_RESTART_AFTER_HANDLER.has(sys.name)) this.k.arch.signals?.restartSyscall(this.k.cpu, sys.nr, sys.args);
  }

  /**
   * A synchronous fault (a memory access, an undefined instruction, a trap): delivered at once to a
   * handler; if the signal is blocked or ignored the process dies of it, as Linux's force_sig does.
   */
  fault(sig: number, code: number, addr: number): void {
    const act = this.actions[sig];
    if (act.handler === SIG_IGN || act.handler === SIG_DFL || this.isBlocked(sig)) this.die(sig);
    this.invokeHandler(sig, this.faultInfo(sig, code, addr), act);
    this.deliverPending();
  }

  private defaultActionOf(sig: number): void {
    switch (this.defaultAction(sig)) {
      case 'ignore':
      case 'continue':
        return;
      case 'stop':
        // Stopping is the host's business: stop the whole tsemu process for real.
        if (native) native.kill(process.pid, os.constants.signals.SIGSTOP);
        return;
      default:
        this.die(sig);
    }
  }

  die(sig: number): never {
    throw new ProcessExit(128 + sig, sig);
  }

  private onAltStack(sp: number): boolean {
    const a = this.altStack;
    return a.size !== 0 && (a.flags & SS_DISABLE) === 0 && sp - a.sp >= 0 && sp - a.sp < a.size;
  }

  private invokeHandler(sig: number, info: Uint8Array, act: SigAction): void {
    const { k } = this;
    const frames = k.arch.signals;
    if (!frames) {
      k.log.once('unimp', 'sigframes', `tsemu: signal frames for ${k.arch.name} are not implemented; ${this.name(sig)} takes its default action\n`);
      this.defaultActionOf(sig);
      return;
    }
    const sp = frames.sp(k.cpu);
    const onAlt = this.onAltStack(sp);
    const a = this.altStack;
    const useAlt = (act.flags & this.flags.SA_ONSTACK) !== 0 && (a.flags & SS_DISABLE) === 0 && a.size !== 0 && !onAlt;
    const saved = this.savedMask ?? this.mask.slice();
    this.savedMask = undefined;
    const ucFlags = a.size === 0 || (a.flags & SS_DISABLE) !== 0 ? SS_DISABLE : onAlt ? SS_ONSTACK : a.flags & SS_AUTODISARM ? SS_AUTODISARM : 0;
    try {
      frames.setup(k.cpu, k.mem, {
        sig, info, handler: act.handler, flags: act.flags, restorer: act.restorer, mask: saved,
        sp: useAlt ? a.sp + a.size : sp,
        altStack: { sp: a.sp, size: a.size, flags: ucFlags >>> 0 },
        trampoline: k.sigTrampoline,
      });
    } catch (e) {
      // No room for the frame: Linux kills with SIGSEGV.
      if (e instanceof BadAddress) this.die(this.numbers.SIGSEGV);
      throw e;
    }
    if (useAlt && (a.flags & SS_AUTODISARM) !== 0) this.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
    const m = this.mask.slice();
    for (let i = 0; i < this.words; i++) m[i] |= act.mask[i];
    if ((act.flags & this.flags.SA_NODEFER) === 0) m[(sig - 1) >> 5] |= 1 << ((sig - 1) & 31);
    this.setMask(m);
    if ((act.flags & this.flags.SA_RESETHAND) !== 0) {
      this.actions[sig] = { handler: SIG_DFL, flags: 0, restorer: 0, mask: new Uint32Array(this.words) };
      this.mirror(sig);
    }
  }

  /** rt_sigreturn / sigreturn: registers and mask from the frame. */
  sigreturn(rt: boolean): void {
    const frames = this.k.arch.signals;
    if (!frames) return this.die(this.numbers.SIGSEGV);
    let restored: ReturnType<typeof frames.restore>;
    try {
      restored = frames.restore(this.k.cpu, this.k.mem, rt);
    } catch (e) {
      if (e instanceof BadAddress) this.die(this.numbers.SIGSEGV);
      throw e;
    }
    if (rt && restored.altStack) this.restoreAltStack(restored.altStack, frames.sp(this.k.cpu));
    this.setMask(restored.mask);
    this.k.skipResult = true;
    if (this.pending.length) this.k.cpu.irq[0] = 1;
  }

  /**
   * rt_sigreturn applies the frame's uc_stack as sigaltstack would (restore_altstack), errors
   * ignored: refused while the interrupted code runs on the alternate stack, and this re-arms a
   * stack that SS_AUTODISARM disarmed for the handler.
   */
  private restoreAltStack(uc: { sp: number; flags: number; size: number }, sp: number): void {
    const cur = this.altStack;
    const armed = cur.size !== 0 && (cur.flags & SS_DISABLE) === 0;
    if (armed && (cur.flags & SS_AUTODISARM) === 0 && sp > cur.sp && sp - cur.sp <= cur.size) return;
    const mode = uc.flags & ~SS_AUTODISARM;
    if (mode === SS_DISABLE) this.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
    else if ((mode === 0 || mode === SS_ONSTACK) && uc.size >= this.k.tables.signalConstants.MINSIGSTKSZ) {
      this.altStack = { sp: uc.sp, size: uc.size, flags: uc.flags & SS_AUTODISARM };
    }
  }

  /**
   * Waits until a signal can be delivered (sigsuspend, pause, sigtimedwait) or `ms` passes;
   * false on timeout. Without the addon only self-sent signals can end the wait.
   */
  waitForSignal(ms: number, wanted?: (sig: number) => boolean): boolean {
    const deadline = ms < 0 ? Infinity : performance.now() + ms;
    for (;;) {
      this.takeHost();
      if (wanted ? this.pending.some((p) => wanted(p.sig)) : this.nextDeliverable() >= 0) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      if (!native) return fail('EINTR');
      native.signalWait(left === Infinity ? -1 : left);
    }
  }

  /** Sleeps ms milliseconds unless a deliverable signal comes first; true when one did (EINTR for the caller). */
  sleep(ms: number): boolean {
    return this.waitForSignal(ms);
  }

  /** execve: handlers become SIG_DFL, ignored stays ignored, the mask and pending signals stay. */
  resetForExec(): void {
    for (let s = 1; s <= this.nsig; s++) {
      const a = this.actions[s];
      if (a.handler !== SIG_IGN) this.actions[s] = { handler: SIG_DFL, flags: 0, restorer: 0, mask: new Uint32Array(this.words) };
      this.mirror(s);
    }
    this.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
    this.timers.deleteAll();
  }

  /** Is this siginfo (a timer's) still queued? */
  isPendingInfo(info: Uint8Array): boolean {
    return this.pending.some((p) => p.info === info);
  }
  /** Drops a queued signal by its siginfo (timer_delete). */
  dropPendingInfo(info: Uint8Array): void {
    this.pending = this.pending.filter((p) => p.info !== info);
    this.signalFds.sync();
  }

  /** For fork: dispositions, mask and alternate stack (a child starts with no pending signals). */
  snapshot(): { actions: [number, number, number, number[]][]; mask: number[]; altStack: { sp: number; size: number; flags: number } } {
    return {
      actions: this.actions.map((a) => [a.handler, a.flags, a.restorer, [...a.mask]]),
      mask: [...this.mask],
      altStack: { ...this.altStack },
    };
  }
  restoreSnapshot(s: ReturnType<SignalState['snapshot']>): void {
    s.actions.forEach(([handler, flags, restorer, mask], i) => {
      this.actions[i] = { handler, flags, restorer, mask: Uint32Array.from(mask) };
    });
    this.mask.set(s.mask);
    this.altStack = { ...s.altStack };
    for (let sig = 1; sig <= this.nsig; sig++) this.mirror(sig);
    this.checkStrict();
  }

  /**
   * Page faults are precise only in strict memory mode (DESIGN.md 3), which costs speed; it is turned
   * on, for good, once a handler for SIGSEGV or SIGBUS can observe a fault.
   */
  checkStrict(): void {
    if (this.strict) return;
    for (const name of ['SIGSEGV', 'SIGBUS']) {
      const h = this.actions[this.numbers[name]].handler;
      if (h !== SIG_DFL && h !== SIG_IGN) {
        this.strict = true;
        this.k.enableStrictMemory();
        return;
      }
    }
  }
  /** Whether enableStrictMemory has been called (a forked child calls checkStrict again once its translator exists). */
  strict = false;

  // ---- syscalls' helpers -------------------------------------------------------------------

  /** struct sigaction layout of this ABI: offsets of handler, flags, restorer (-1: none) and mask. */
  actionLayout(): { handler: number; flags: number; restorer: number; mask: number; size: number } {
    const ws = this.k.w.wordSize;
    if (this.k.tables.family === 'mips') return { flags: 0, handler: 4, restorer: -1, mask: 8, size: 8 + this.nsig / 8 };
    const hasRestorer = 'SA_RESTORER' in this.flags;
    const mask = ws * (hasRestorer ? 3 : 2);
    return { handler: 0, flags: ws, restorer: hasRestorer ? 2 * ws : -1, mask, size: mask + this.nsig / 8 };
  }

  setAction(sig: number, act: SigAction): void {
    act.mask = act.mask.slice();
    this.actions[sig] = act;
    this.checkStrict();
    // Setting SIG_IGN (or a default that ignores) discards what is pending of it.
    const d = this.defaultAction(sig);
    if (act.handler === SIG_IGN || (act.handler === SIG_DFL && (d === 'ignore' || d === 'continue'))) {
      this.pending = this.pending.filter((p) => p.sig !== sig);
    }
    this.mirror(sig);
  }

  /** sigtimedwait: takes the lowest pending signal of `set`; returns it with its info, or undefined. */
  takeFrom(set: Uint32Array, tid = this.currentTid): Pending | undefined {
    this.takeHost();
    let best = -1;
    this.pending.forEach((p, i) => {
      if (p.tid !== undefined && p.tid !== tid) return;
      if (set[(p.sig - 1) >> 5] & (1 << ((p.sig - 1) & 31)) && (best < 0 || p.sig < this.pending[best].sig)) best = i;
    });
    if (best < 0) return undefined;
    const taken = this.pending.splice(best, 1)[0];
    this.signalFds.sync();
    return taken;
  }

  /** sigsuspend and ppoll-style calls: the mask a handler frame saves instead of the current one. */
  suspendWith(newMask: Uint32Array): void {
    this.savedMask = this.mask.slice();
    this.setMask(newMask);
  }
  /** Undo suspendWith when no handler ran. */
  endSuspend(): void {
    if (this.savedMask) this.setMask(this.savedMask);
    this.savedMask = undefined;
  }

  /** SIGPIPE for a writer's EPIPE (send* with MSG_NOSIGNAL excepted). */
  afterSyscall(name: string, args: number[], result: number): void {
    if (result === this.k.errno.neg('EPIPE') && PIPE_WRITERS.has(name)) {
      const MSG_NOSIGNAL = 0x4000;
      if ((name === 'sendto' || name === 'send') && args[3] & MSG_NOSIGNAL) return;
      if (name === 'sendmsg' && args[2] & MSG_NOSIGNAL) return;
      this.post(this.numbers.SIGPIPE, this.senderInfo(this.numbers.SIGPIPE, SI.USER));
    }
  }
}

// ---- the syscalls ----------------------------------------------------------------------------

function checkSig(k: Kernel, sig: number): number {
  if (sig < 1 || sig > k.tables.nsig) fail('EINVAL');
  return sig;
}

function isSelf(pid: number): boolean {
  return pid === process.pid;
}

/** A timespec (guest long layout, or the 64-bit one) as milliseconds; undefined for NULL. */
function timeoutMs(k: Kernel, addr: number, t64: boolean): number | undefined {
  if (!addr) return undefined;
  const ws = t64 ? 8 : k.w.wordSize;
  const sec = ws === 8 ? k.mem.read64(addr) : k.mem.readI32(addr);
  const nsec = ws === 8 ? k.mem.read64(addr + 8) : k.mem.readI32(addr + 4);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail('EINVAL');
  return sec * 1000 + nsec / 1e6;
}

function sigtimedwait(k: Kernel, a: number[], t64: boolean): number {
  const s = k.signals;
  if (k.ulong(a[3]) !== s.nsig / 8) fail('EINVAL');
  const set = s.readSet(a[0]);
  const ms = timeoutMs(k, a[2], t64);
  const inSet = (sig: number) => (set[(sig - 1) >> 5] & (1 << ((sig - 1) & 31))) !== 0;
  let got = s.takeFrom(set);
  if (!got && k.sched?.multi && ms !== 0) {
    // Other guest threads run meanwhile: this one parks until a signal of the set is queued for it
    // (or an unblocked one interrupts it, or the time runs out).
    const tid = k.sched.tid();
    const EINTR = k.errno.neg('EINTR'), EAGAIN = k.errno.neg('EAGAIN');
    k.noRestart = true;
    return k.sched.block({
      deadline: ms === undefined ? Infinity : performance.now() + ms,
      signals: true,
      waitedFor: set,
      onWake: (reason) => {
        const g = s.takeFrom(set, tid);
        if (!g) return reason === 'timeout' ? EAGAIN : EINTR;
        if (a[1]) k.mem.writeBytes(a[1], g.info);
        return g.sig;
      },
    });
  }
  if (!got) {
    // Signals in the set are waited for even while blocked; others may interrupt with a handler.
    const ok = s.waitForSignal(ms ?? -1, (sig) => inSet(sig) || !s.isBlocked(sig));
    got = s.takeFrom(set);
    if (!got) return fail(ok ? 'EINTR' : 'EAGAIN');
  }
  if (a[1]) k.mem.writeBytes(a[1], got.info);
  return got.sig;
}

/** sigsuspend/pause with several guest threads: the thread parks until a signal it can take. */
function parkForSignal(k: Kernel): number {
  const EINTR = k.errno.neg('EINTR');
  k.noRestart = true;
  return k.sched!.block({ deadline: Infinity, signals: true, onWake: () => EINTR });
}

export const signalSyscalls: Record<string, SyscallImpl> = {
  rt_sigaction: (k, a) => {
    const s = k.signals;
    const sig = checkSig(k, k.int(a[0]));
    if (k.ulong(a[3]) !== s.nsig / 8) fail('EINVAL');
    const L = s.actionLayout();
    const w = k.w;
    let act: SigAction | undefined;
    if (a[1]) {
      const name = k.tables.signalNames[sig];
      if (name === 'SIGKILL' || name === 'SIGSTOP') fail('EINVAL');
      act = {
        handler: w.readWord(a[1] + L.handler),
        flags: k.tables.family === 'mips' ? k.mem.read32(a[1] + L.flags) : w.readWord(a[1] + L.flags),
        restorer: L.restorer >= 0 ? w.readWord(a[1] + L.restorer) : 0,
        mask: s.readSet(a[1] + L.mask),
      };
    }
    if (a[2]) {
      const old = s.actions[sig];
      k.w.zero(a[2], L.size);
      w.word(a[2] + L.handler, old.handler);
      if (k.tables.family === 'mips') k.mem.write32(a[2] + L.flags, old.flags);
      else w.word(a[2] + L.flags, old.flags);
      if (L.restorer >= 0) w.word(a[2] + L.restorer, old.restorer);
      s.writeSet(a[2] + L.mask, old.mask);
    }
    if (act) {
      // SIGKILL and SIGSTOP in sa_mask are ignored, as Linux does.
      for (const n of ['SIGKILL', 'SIGSTOP']) {
        const b = k.tables.signalNumbers[n] - 1;
        act.mask[b >> 5] &= ~(1 << (b & 31));
      }
      s.setAction(sig, act);
    }
    return 0;
  },
  rt_sigprocmask: (k, a) => {
    const s = k.signals;
    const { SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK } = k.tables.signalConstants;
    if (k.ulong(a[3]) !== s.nsig / 8) fail('EINVAL');
    const old = s.mask.slice();
    if (a[1]) {
      const how = k.int(a[0]);
      if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) fail('EINVAL');
      const v = s.readSet(a[1]);
      const m = s.mask.slice();
      for (let i = 0; i < s.words; i++) m[i] = how === SIG_BLOCK ? m[i] | v[i] : how === SIG_UNBLOCK ? m[i] & ~v[i] : v[i];
      s.setMask(m);
    }
    if (a[2]) s.writeSet(a[2], old);
    return 0;
  },
  rt_sigpending: (k, a) => {
    const s = k.signals;
    if (k.ulong(a[1]) > s.nsig / 8) fail('EINVAL');
    const set = s.pendingSet();
    for (let i = 0; i < s.words; i++) set[i] &= s.mask[i];
    const bytes = k.ulong(a[1]);
    for (let i = 0; i < bytes / 4; i++) k.mem.write32(a[0] + 4 * i, set[i]);
    return 0;
  },
  rt_sigsuspend: (k, a) => {
    const s = k.signals;
    if (k.ulong(a[1]) !== s.nsig / 8) fail('EINVAL');
    s.suspendWith(s.readSet(a[0]));
    if (k.sched?.multi) return parkForSignal(k);
    s.waitForSignal(-1);
    // The handler's frame saves the mask from before the call (suspendWith); EINTR always.
    k.noRestart = true;
    return fail('EINTR');
  },
  pause: (k) => {
    if (k.sched?.multi) return parkForSignal(k);
    k.signals.waitForSignal(-1);
    k.noRestart = true;
    return fail('EINTR');
  },
  rt_sigtimedwait: (k, a) => sigtimedwait(k, a, false),
  rt_sigtimedwait_time64: (k, a) => sigtimedwait(k, a, true),
  rt_sigqueueinfo: (k, a) => {
    const sig = k.int(a[1]);
    const info = k.mem.readBytes(a[2], 128).slice();
    const code = new DataView(info.buffer).getInt32(k.tables.family === 'mips' ? 4 : 8, k.mem.littleEndian);
    // Only kernel-made codes are refused (a process may not fake SI_USER/SI_KERNEL/SI_TKILL to another).
    if ((code >= 0 || code === SI.TKILL) && !isSelf(k.int(a[0]))) fail('EPERM');
    if (!isSelf(k.int(a[0]))) fail('ESRCH');
    if (sig === 0) return 0;
    checkSig(k, sig);
    new DataView(info.buffer).setInt32(0, sig, k.mem.littleEndian);
    k.signals.post(sig, info);
    return 0;
  },
  rt_tgsigqueueinfo: (k, a) => signalSyscalls.rt_sigqueueinfo(k, [a[1], a[2], a[3]]),
  rt_sigreturn: (k) => {
    k.signals.sigreturn(true);
    return 0;
  },
  sigreturn: (k) => {
    k.signals.sigreturn(false);
    return 0;
  },
  sigaltstack: (k, a) => {
    const s = k.signals;
    const ws = k.w.wordSize;
    const flagsAt = abiConsts(k).stackFlags(ws);
    // stack_t: generic {ss_sp, ss_flags (int), ss_size}; MIPS {ss_sp, ss_size, ss_flags}.
    const sizeAt = flagsAt === ws ? 2 * ws : ws;
    const sp = k.arch.signals?.sp(k.cpu) ?? 0;
    const onAlt = s.altStack.size !== 0 && (s.altStack.flags & SS_DISABLE) === 0 && sp - s.altStack.sp >= 0 && sp - s.altStack.sp < s.altStack.size;
    let next: typeof s.altStack | undefined;
    if (a[0]) {
      const ssSp = k.w.readWord(a[0]);
      const flags = k.mem.read32(a[0] + flagsAt);
      const size = k.w.readWord(a[0] + sizeAt);
      if (onAlt) fail('EPERM');
      const mode = flags & ~SS_AUTODISARM;
      if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) fail('EINVAL');
      if (mode === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
      else {
        if (size < k.tables.signalConstants.MINSIGSTKSZ) fail('ENOMEM');
        next = { sp: ssSp, size, flags: flags & SS_AUTODISARM };
      }
    }
    if (a[1]) {
      const cur = s.altStack;
      k.w.zero(a[1], 3 * ws);
      k.w.word(a[1], cur.sp);
      k.w.word(a[1] + sizeAt, cur.size);
      k.mem.write32(a[1] + flagsAt, (onAlt ? SS_ONSTACK : cur.size === 0 || cur.flags & SS_DISABLE ? SS_DISABLE : 0) | (cur.flags & SS_AUTODISARM));
    }
    if (next) s.altStack = next;
    return 0;
  },
  kill: (k, a) => {
    const pid = k.int(a[0]);
    const sig = k.int(a[1]);
    if (sig !== 0) checkSig(k, sig);
    if (pid === process.pid) {
      if (sig) k.signals.post(sig, k.signals.senderInfo(sig, SI.USER));
      return 0;
    }
    if (!native) return fail('EPERM');
    const host = sig === 0 ? 0 : k.signals.hostSignal(sig);
    if (sig !== 0 && host === 0) fail('EINVAL');
    // A process group or everyone: the host delivers to this process too, through the catcher.
    return k.errno.fromHost(native.kill(pid, host));
  },
  tkill: (k, a) => {
    const sig = k.int(a[1]);
    const tid = k.int(a[0]);
    if (tid <= 0) fail('EINVAL');
    const known = k.sched ? k.sched.find(tid) !== undefined : isSelf(tid);
    if (!known) fail('ESRCH');
    if (sig === 0) return 0;
    checkSig(k, sig);
    k.signals.post(sig, k.signals.senderInfo(sig, SI.TKILL), tid);
    return 0;
  },
  tgkill: (k, a) => {
    if (k.int(a[0]) <= 0 || k.int(a[1]) <= 0) fail('EINVAL');
    if (!isSelf(k.int(a[0]))) fail('ESRCH');
    return signalSyscalls.tkill(k, [a[1], a[2]]);
  },
  alarm: (k, a) => {
    if (!native) return fail('ENOSYS');
    return native.alarm(a[0] >>> 0);
  },
  setitimer: (k, a) => {
    if (!native) return fail('ENOSYS');
    const which = k.int(a[0]);
    if (which < 0 || which > 2) fail('EINVAL');
    const ws = k.w.wordSize;
    const rd = (at: number) => {
      const sec = k.w.readWord(at), usec = k.w.readWord(at + ws);
      return sec * 1e6 + usec;
    };
    const iv = a[1] ? rd(a[1]) : 0, v = a[1] ? rd(a[1] + 2 * ws) : 0;
    const r = native.setitimer(which, iv, v);
    if (typeof r === 'number') return k.errno.fromHost(r);
    if (a[2]) writeItimer(k, a[2], r);
    return 0;
  },
  getitimer: (k, a) => {
    if (!native) return fail('ENOSYS');
    const r = native.getitimer(k.int(a[0]));
    if (typeof r === 'number') return k.errno.fromHost(r);
    writeItimer(k, a[1], r);
    return 0;
  },
};

function writeItimer(k: Kernel, at: number, [iv, v]: [number, number]): void {
  const ws = k.w.wordSize;
  const put = (o: number, us: number) => {
    k.w.word(at + o, Math.floor(us / 1e6));
    k.w.word(at + o + ws, us % 1e6);
  };
  put(0, iv);
  put(2 * ws, v);
}
