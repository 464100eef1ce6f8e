// POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun,
// timer_delete (and the *_time64 forms). Each guest timer is a host timer (native/src/signals.cc)
// on the same clock; the host kernel keeps the time. Every host timer notifies with one host
// signal and the guest timer's slot as its value; the catcher counts expirations per slot, and
// takeFired turns them into the guest's own signal, siginfo (si_code SI_TIMER, si_timerid,
// si_overrun, si_value) and target thread (SIGEV_THREAD_ID), as Linux queues them: one pending
// signal per timer, further expirations counted as overruns.
//
// glibc's SIGEV_THREAD timers reach the kernel as SIGEV_THREAD_ID to a helper thread with signal
// 32, which is the host glibc's own: mapping all timers onto one host signal keeps that working.
import { native } from '../src/runtime/native.ts';
import { fail } from './errors.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';
import { readTimespecT, writeTimespecT } from './layout.ts';

/** The timer part of the catcher's record (native/src/signals.cc). */
export const TIMER_SLOTS = 256;
export const TIMER_FLAG = 264;
const TIMER_COUNT = TIMER_FLAG + 1;
const TIMER_OVERRUN = TIMER_COUNT + TIMER_SLOTS;
export const RECORD_WORDS = TIMER_OVERRUN + TIMER_SLOTS;
/** The host signal every guest timer notifies with (SIGRTMAX on x86-64): never mirrored. */
export const HOST_TIMER_SIGNAL = 64;

const SIGEV_SIGNAL = 0;
const SIGEV_NONE = 1;
const SIGEV_THREAD_ID = 4;

interface GuestTimer {
  host: number;
  sig: number;
  /** sigev_value (a pointer-sized word). */
  value: number;
  notify: number;
  /** SIGEV_THREAD_ID: the thread the signal is for. */
  tid?: number;
  /** si_overrun of the last expiration the guest was signalled for (timer_getoverrun). */
  overrun: number;
  /** The pending siginfo of this timer while its signal waits, to count more expirations into. */
  pendingInfo?: Uint8Array;
}

export class PosixTimers {
  private readonly slots: (GuestTimer | undefined)[] = [];

  constructor(private readonly k: Kernel) {}

  /** SI_TIMER: -2, but -3 on MIPS. */
  private get siTimer(): number {
    return this.k.tables.family === 'mips' ? -3 : -2;
  }

  /** Expirations the catcher counted become pending guest signals (called from takeHost). */
  takeFired(record: Int32Array): void {
    if (Atomics.exchange(record, TIMER_FLAG, 0) === 0) return;
    const s = this.k.signals;
    const le = this.k.mem.littleEndian;
    const u = this.k.w.wordSize === 8 ? 16 : 12;
    for (let slot = 0; slot < TIMER_SLOTS; slot++) {
      const n = Atomics.exchange(record, TIMER_COUNT + slot, 0);
      const t = this.slots[slot];
      if (n === 0 || !t || t.notify === SIGEV_NONE) continue;
      const overrun = Atomics.load(record, TIMER_OVERRUN + slot) + n - 1;
      if (t.pendingInfo && s.isPendingInfo(t.pendingInfo)) {
        // Still queued: Linux counts the expirations into the one pending signal.
        const dv = new DataView(t.pendingInfo.buffer);
        dv.setInt32(u + 4, Math.min(0x7fffffff, dv.getInt32(u + 4, le) + n), le);
        continue;
      }
      const info = s.makeInfo(t.sig, this.siTimer, [[0, 4, slot], [4, 4, overrun], [8, this.k.w.wordSize as 4 | 8, t.value]]);
      this.noteDelivered(t);
      t.pendingInfo = info;
      s.post(t.sig, info, t.tid);
    }
  }

  private get(id: number): GuestTimer {
    const t = id >= 0 && id < TIMER_SLOTS ? this.slots[id] : undefined;
    return t ?? fail('EINVAL');
  }

  create(clock: number, sevp: number, idOut: number): number {
    const { k } = this;
    const ws = k.w.wordSize;
    const slot = this.slots.findIndex((t) => !t);
    const id = slot < 0 ? this.slots.length : slot;
    let t: Omit<GuestTimer, 'host'>;
    if (sevp) {
      const value = k.w.readWord(sevp);
      const sig = k.mem.readI32(sevp + ws);
      const notify = k.mem.readI32(sevp + ws + 4);
      const tid = k.mem.readI32(sevp + ws + 8);
      if (notify !== SIGEV_SIGNAL && notify !== SIGEV_NONE && notify !== SIGEV_THREAD_ID) fail('EINVAL');
      if (notify !== SIGEV_NONE && (sig < 1 || sig > k.signals.nsig)) fail('EINVAL');
      if (notify === SIGEV_THREAD_ID && !(k.sched ? k.sched.find(tid) : tid === process.pid)) fail('EINVAL');
      t = { sig, value, notify, tid: notify === SIGEV_THREAD_ID ? tid : undefined, overrun: 0 };
    } else {
      t = { sig: k.tables.signalNumbers.SIGALRM, value: id, notify: SIGEV_SIGNAL, overrun: 0 };
    }
    if (id >= TIMER_SLOTS) fail('EAGAIN');
    if (!native) return fail('ENOSYS');
    const host = native.timerCreate(clock, id, t.notify === SIGEV_NONE ? 0 : 1);
    if (host < 0) return k.errno.fromHost(host);
    try {
      k.mem.write32(idOut, id);
    } catch (e) {
      native.timerDelete(host);
      throw e;
    }
    this.slots[id] = { ...t, host };
    return 0;
  }

  settime(id: number, flags: number, newAt: number, oldAt: number, t64: boolean): number {
    const { k } = this;
    if (!newAt) fail('EINVAL');
    const size = t64 ? 16 : 2 * k.w.wordSize;
    const [ivs, ivns] = readTimespecT(k.w, k.mem, newAt, t64);
    const [vs, vns] = readTimespecT(k.w, k.mem, newAt + size, t64);
    const t = this.get(id);
    const r = native!.timerSettime(t.host, flags, ivs, ivns, vs, vns);
    if (typeof r === 'number') return k.errno.fromHost(r);
    if (oldAt) this.writeSpec(oldAt, r, t64);
    return 0;
  }

  gettime(id: number, at: number, t64: boolean): number {
    const t = this.get(id);
    const r = native!.timerGettime(t.host);
    if (typeof r === 'number') return this.k.errno.fromHost(r);
    this.writeSpec(at, r, t64);
    return 0;
  }

  getoverrun(id: number): number {
    const t = this.get(id);
    this.noteDelivered(t);
    return t.overrun;
  }

  /** Once the timer's signal has been taken, its si_overrun is what timer_getoverrun reports. */
  private noteDelivered(t: GuestTimer): void {
    const info = t.pendingInfo;
    if (!info || this.k.signals.isPendingInfo(info)) return;
    const u = this.k.w.wordSize === 8 ? 16 : 12;
    t.overrun = new DataView(info.buffer).getInt32(u + 4, this.k.mem.littleEndian);
    t.pendingInfo = undefined;
  }

  delete(id: number): number {
    const t = this.get(id);
    native!.timerDelete(t.host);
    this.slots[id] = undefined;
    // A signal of the timer still queued goes with it.
    if (t.pendingInfo) this.k.signals.dropPendingInfo(t.pendingInfo);
    return 0;
  }

  /** execve: the process's timers are deleted. */
  deleteAll(): void {
    for (let id = 0; id < this.slots.length; id++) if (this.slots[id]) this.delete(id);
  }

  private writeSpec(at: number, [ivs, ivns, vs, vns]: [number, number, number, number], t64: boolean): void {
    const size = t64 ? 16 : 2 * this.k.w.wordSize;
    writeTimespecT(this.k.w, at, ivs, ivns, t64);
    writeTimespecT(this.k.w, at + size, vs, vns, t64);
  }
}

export const timerSyscalls: Record<string, SyscallImpl> = {
  timer_create: (k, a) => k.signals.timers.create(k.int(a[0]), a[1], a[2]),
  timer_settime: (k, a) => k.signals.timers.settime(k.int(a[0]), k.int(a[1]), a[2], a[3], false),
  timer_settime64: (k, a) => k.signals.timers.settime(k.int(a[0]), k.int(a[1]), a[2], a[3], true),
  timer_gettime: (k, a) => k.signals.timers.gettime(k.int(a[0]), a[1], false),
  timer_gettime64: (k, a) => k.signals.timers.gettime(k.int(a[0]), a[1], true),
  timer_getoverrun: (k, a) => k.signals.timers.getoverrun(k.int(a[0])),
  timer_delete: (k, a) => k.signals.timers.delete(k.int(a[0])),
};
