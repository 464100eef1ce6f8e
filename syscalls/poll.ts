// poll and ppoll: guest pollfds onto host fds, waited for in the addon together with caught
// signals (signalWait), so a signal interrupts the wait with EINTR exactly as on Linux.
import { constants } from 'node:os';
import { native } from '../src/runtime/native.ts';
import { fail } from './errors.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';

const POLLNVAL = 0x20;
/** MIPS numbers POLLWRNORM as POLLOUT (4) and POLLWRBAND 0x100; the host (asm-generic) 0x100/0x200. */
const toHostEvents = (k: Kernel, ev: number): number => (k.tables.family === 'mips' ? (ev & ~0x100) | (ev & 4 ? 0x100 : 0) | (ev & 0x100 ? 0x200 : 0) : ev);
const toGuestEvents = (k: Kernel, ev: number): number => (k.tables.family === 'mips' ? (ev & ~0x300) | (ev & 0x200 ? 0x100 : 0) : ev);

/** Polls nfds guest pollfds at addr; timeoutMs < 0 waits forever. */
function pollFds(k: Kernel, addr: number, nfds: number, timeoutMs: number): number {
  if (nfds > 1024) fail('EINVAL');
  if (!native) return fail('ENOSYS');
  const host = new Int32Array(2 * nfds);
  const nval: boolean[] = [];
  for (let i = 0; i < nfds; i++) {
    const fd = k.mem.readI32(addr + 8 * i);
    const events = k.mem.read16(addr + 8 * i + 4);
    const f = fd >= 0 ? k.fds[fd] : undefined;
    nval[i] = fd >= 0 && !f;
    // A negative fd is skipped by the kernel; an unknown one is reported POLLNVAL by us.
    host[2 * i] = f ? f.file.hostFd : -1;
    host[2 * i + 1] = toHostEvents(k, events) & 0xffff;
  }
  const nvalCount = nval.filter(Boolean).length;
  if (k.sched?.multi && nvalCount === 0 && timeoutMs !== 0 && native.signalWait(0, host) === 0) {
    // Other guest threads run meanwhile: this one parks, and polls again when an fd is ready.
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    const EINTR = k.errno.neg('EINTR');
    return k.sched.block({
      deadline, fds: host, signals: true,
      onWake: (why) => {
        if (why === 'fd') return 'restart';
        if (why === 'signal') return EINTR;
        for (let i = 0; i < nfds; i++) k.mem.write16(addr + 8 * i + 6, 0);
        return 0;
      },
    });
  }
  const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
  let r: number;
  for (;;) {
    if (k.signals.hasDeliverable()) return fail('EINTR');
    const left = nvalCount ? 0 : deadline === Infinity ? -1 : Math.max(0, deadline - performance.now());
    r = native.signalWait(left, host);
    if (r !== -constants.errno.EINTR) break;
    // A caught signal: EINTR if it is deliverable now, else (ignored, blocked) wait on.
    if (k.signals.hasDeliverable()) return fail('EINTR');
  }
  if (r < 0) return k.errno.fromHost(r);
  let ready = 0;
  for (let i = 0; i < nfds; i++) {
    const revents = nval[i] ? POLLNVAL : toGuestEvents(k, host[2 * i + 1] >>> 16);
    k.mem.write16(addr + 8 * i + 6, revents);
    if (revents) ready++;
  }
  return ready;
}

/** A timespec as milliseconds (-1 for NULL): the guest's long layout or, t64, the 64-bit one. */
function timespecMs(k: Kernel, at: number, t64: boolean): number {
  if (!at) return -1;
  const wide = t64 || k.w.wordSize === 8;
  const sec = wide ? k.mem.read64(at) : k.mem.readI32(at);
  const nsec = wide ? k.mem.read64(at + 8) : k.mem.readI32(at + 4);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail('EINVAL');
  return sec * 1000 + nsec / 1e6;
}

function ppoll(k: Kernel, a: number[], t64: boolean): number {
  const ms = timespecMs(k, a[2], t64);
  if (!a[3]) return pollFds(k, a[0], a[1] >>> 0, ms);
  const s = k.signals;
  if (k.ulong(a[4]) !== s.nsig / 8) fail('EINVAL');
  // Like sigsuspend: the temporary mask holds during the wait; a handler's frame saves the old one.
  s.suspendWith(s.readSet(a[3]));
  try {
    const r = pollFds(k, a[0], a[1] >>> 0, ms);
    s.endSuspend();
    return r;
  } catch (e) {
    // EINTR: the handler about to run restores the caller's mask on return (suspendWith saved it).
    k.noRestart = true;
    throw e;
  }
}

export const pollSyscalls: Record<string, SyscallImpl> = {
  poll: (k, a) => pollFds(k, a[0], a[1] >>> 0, k.int(a[2])),
  ppoll: (k, a) => ppoll(k, a, false),
  ppoll_time64: (k, a) => ppoll(k, a, true),
};
