// epoll and eventfd: a guest epoll instance is a host one (native/src/epoll.cc) over the host fds
// behind the guest's descriptors. The EPOLL* event bits are the same numbers on every Linux arch;
// struct epoll_event is 16 bytes on every guest (u32 events, 4 bytes of padding, 8 data bytes at
// offset 8: arm EABI and MIPS o32 align the u64 too), against the host's packed 12. The data bytes
// go to the host and back unchanged, so they mean the same in either byte order.
//
// A wait never blocks the host in epoll_wait: it asks the epoll fd for readiness (POLLIN) in the
// addon's signalWait, which a caught signal interrupts, or parks its guest thread on that fd when
// other threads exist (Go's netpoller waits like this while its other threads run), and then takes
// the events with a zero timeout.
import { constants } from 'node:os';
import { native } from '../src/runtime/native.ts';
import { BadAddress } from '../src/mem/memory.ts';
import { fail } from './errors.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';

const EVENT_SIZE = 16;
const EVENT_DATA = 8;
/** Linux's EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event). */
const MAX_EVENTS = Math.floor(0x7fffffff / EVENT_SIZE);
const POLLIN = 1;
const PAGE_WRITE = 2;
const EFD_SEMAPHORE = 1;

function needNative(): NonNullable<typeof native> {
  if (!native) return fail('ENOSYS');
  return native;
}

/** A new guest descriptor for a host fd the guest gets an epoll or eventfd as. */
function allocAnon(k: Kernel, hostFd: number, name: string, flags: number, cloexec: boolean): number {
  try {
    // eventfd reads and writes can wait: fs.ts then waits for them in signalWait, not in read(2).
    return k.allocFd({ hostFd, refs: 1, path: `anon_inode:${name}`, flags: 2 /* O_RDWR */ | flags, isDir: false, mayBlock: true }, cloexec);
  } catch (e) {
    native?.close(hostFd);
    throw e;
  }
}

function epollCreate(k: Kernel, flags: number): number {
  const n = needNative();
  if (flags & ~k.openFlags.O_CLOEXEC) fail('EINVAL');
  const fd = n.epollCreate(0);
  if (fd < 0) return k.errno.fromHost(fd);
  return allocAnon(k, fd, '[eventpoll]', 0, (flags & k.openFlags.O_CLOEXEC) !== 0);
}

/** The guest's 8 data bytes as two words in host order (opaque to the host). */
function dataWords(k: Kernel, addr: number): [number, number] {
  const b = k.mem.readBytes(addr, 8);
  return [(b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0, (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0];
}

function epollCtl(k: Kernel, a: number[]): number {
  const n = needNative();
  const EPOLL_CTL_DEL = 2;
  const op = k.int(a[1]);
  let events = 0, d0 = 0, d1 = 0;
  // Linux copies the event in (EFAULT) before it looks at the descriptors.
  if (op !== EPOLL_CTL_DEL) {
    events = k.mem.read32(a[3]);
    [d0, d1] = dataWords(k, a[3] + EVENT_DATA);
  }
  const ep = k.file(a[0]);
  const target = k.file(a[2]);
  const r = n.epollCtl(ep.hostFd, op, target.hostFd, events, d0, d1);
  return r < 0 ? k.errno.fromHost(r) : 0;
}

/** Copies n events from the addon's triples to the guest's array. */
function copyOut(k: Kernel, addr: number, out: Int32Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const at = addr + EVENT_SIZE * i;
    k.mem.write32(at, out[3 * i]);
    k.mem.write32(at + 4, 0);
    const bytes = k.mem.writableBytes(at + EVENT_DATA, 8);
    for (let j = 0; j < 4; j++) {
      bytes[j] = (out[3 * i + 1] >>> (8 * j)) & 0xff;
      bytes[4 + j] = (out[3 * i + 2] >>> (8 * j)) & 0xff;
    }
  }
  return n;
}

/** epoll_wait with timeoutMs (< 0: forever); the ready count, or throws EINTR/EBADF/... */
function epollWait(k: Kernel, epfd: number, addr: number, maxEvents: number, timeoutMs: number): number {
  const n = needNative();
  const ep = k.file(epfd);
  if (maxEvents <= 0 || maxEvents > MAX_EVENTS) fail('EINVAL');
  if (!k.mem.check(addr, maxEvents * EVENT_SIZE, PAGE_WRITE)) fail('EFAULT');
  const out = new Int32Array(3 * Math.min(maxEvents, 1024));
  const take = (): number => {
    const r = n.epollWait(ep.hostFd, out, out.length / 3, 0);
    return r < 0 ? k.errno.fromHost(r) : copyOut(k, addr, out, r);
  };
  const ready = take();
  if (ready !== 0 || timeoutMs === 0) return ready;
  const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
  const wakeOn = Int32Array.of(ep.hostFd, POLLIN);
  const sched = k.sched;
  if (sched?.multi) {
    if (k.signals.hasDeliverable()) return fail('EINTR');
    const EINTR = k.errno.neg('EINTR');
    return sched.block({
      deadline, fds: wakeOn, signals: true,
      onWake: (why) => {
        if (why === 'signal') return EINTR;
        if (why === 'timeout') return 0;
        try {
          // The epoll fd was readable; if another waiter took the events meanwhile, wait again.
          return take() || 'restart';
        } catch (e) {
          if (e instanceof BadAddress) return k.errno.neg('EFAULT');
          throw e;
        }
      },
    });
  }
  for (;;) {
    if (k.signals.hasDeliverable()) return fail('EINTR');
    const left = deadline === Infinity ? -1 : Math.max(0, deadline - performance.now());
    const r = n.signalWait(left, wakeOn);
    if (r === 0) return 0;
    if (r > 0) {
      const got = take();
      if (got !== 0 || left === 0) return got;
    } else if (r !== -constants.errno.EINTR) {
      return k.errno.fromHost(r);
    }
    // A caught signal: EINTR if it is deliverable now (checked above), else (ignored, blocked) wait on.
  }
}

/** epoll_pwait/epoll_pwait2: like ppoll, the temporary mask holds during the wait. */
function epollPwait(k: Kernel, a: number[], timeoutMs: number): number {
  const s = k.signals;
  if (!a[4]) return epollWait(k, a[0], a[1], k.int(a[2]), timeoutMs);
  if (k.ulong(a[5]) !== s.nsig / 8) fail('EINVAL');
  const temporary = s.readSet(a[4]);
  if (k.sched?.multi) {
    // A parked thread keeps the mask it parked with: the temporary one, until it wakes.
    const sched = k.sched;
    const thread = sched.current;
    const original = s.mask.slice();
    s.setMask(temporary);
    try {
      return epollWait(k, a[0], a[1], k.int(a[2]), timeoutMs);
    } finally {
      const w = thread.wait;
      if (sched.current === thread) s.setMask(original);
      else if (!w) thread.mask = original;
      else {
        const onWake = w.onWake;
        w.onWake = (why) => {
          thread.mask = original;
          return onWake(why);
        };
      }
    }
  }
  s.suspendWith(temporary);
  try {
    const r = epollWait(k, a[0], a[1], k.int(a[2]), timeoutMs);
    s.endSuspend();
    return r;
  } catch (e) {
    // EINTR: the handler about to run restores the caller's mask on return (suspendWith saved it).
    k.noRestart = true;
    throw e;
  }
}

/** A struct __kernel_timespec (64-bit fields on every arch) as milliseconds; -1 for NULL. */
function timespec64Ms(k: Kernel, at: number): number {
  if (!at) return -1;
  const sec = k.mem.read64(at);
  const nsec = k.mem.read64(at + 8);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail('EINVAL');
  return sec * 1000 + nsec / 1e6;
}

function eventfd(k: Kernel, initval: number, flags: number): number {
  const n = needNative();
  const { O_CLOEXEC, O_NONBLOCK } = k.openFlags;
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE)) fail('EINVAL');
  const c = n.epollConstants;
  const hostFlags = (flags & O_NONBLOCK ? c.EFD_NONBLOCK : 0) | (flags & EFD_SEMAPHORE ? c.EFD_SEMAPHORE : 0);
  const fd = n.eventfd(initval >>> 0, hostFlags);
  if (fd < 0) return k.errno.fromHost(fd);
  return allocAnon(k, fd, '[eventfd]', flags & O_NONBLOCK, (flags & O_CLOEXEC) !== 0);
}

export const epollSyscalls: Record<string, SyscallImpl> = {
  epoll_create: (k, a) => {
    if (k.int(a[0]) <= 0) fail('EINVAL');
    return epollCreate(k, 0);
  },
  epoll_create1: (k, a) => epollCreate(k, k.int(a[0])),
  epoll_ctl: epollCtl,
  epoll_wait: (k, a) => epollWait(k, a[0], a[1], k.int(a[2]), k.int(a[3])),
  epoll_pwait: (k, a) => epollPwait(k, a, k.int(a[3])),
  epoll_pwait2: (k, a) => epollPwait(k, a, timespec64Ms(k, a[3])),
  eventfd: (k, a) => eventfd(k, a[0], 0),
  eventfd2: (k, a) => eventfd(k, a[0], k.int(a[1])),
};
