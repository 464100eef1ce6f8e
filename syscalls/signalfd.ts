// signalfd and signalfd4: a descriptor from which the guest reads its pending signals of a set as
// struct signalfd_siginfo (128 bytes, fixed-size fields in the guest's byte order, the same layout on
// every arch) instead of having them delivered.
//
// The descriptor is a host eventfd used only for readiness: it is readable exactly while a signal of
// the set is pending (SignalState calls sync whenever the pending list changes), so poll, select,
// epoll and blocking reads wait on it like on any host fd, and a caught host signal interrupts such
// a wait so that the new pending signal can make it readable.
import { native } from '../src/runtime/native.ts';
import { fail } from './errors.ts';
import type { Kernel, OpenFile, SyscallImpl } from './kernel.ts';

const SIGINFO_SIZE = 128;

/** The signalfd part of an OpenFile. */
export interface SignalFdState {
  mask: Uint32Array;
  /** The host eventfd's counter is non-zero (the guest sees it readable). */
  readable: boolean;
}

/** Every live signalfd of the process, to keep their readiness in step with the pending list. */
export class SignalFds {
  private readonly files = new Set<OpenFile>();

  constructor(private readonly k: Kernel) {}

  add(f: OpenFile): void {
    this.files.add(f);
    this.sync();
  }

  /** Makes each signalfd readable exactly while a signal of its set is pending. */
  sync(): void {
    if (this.files.size === 0 || !native) return;
    for (const f of this.files) {
      const s = f.signalfd;
      if (f.refs <= 0 || !s) {
        this.files.delete(f);
        continue;
      }
      const want = this.k.signals.hasPendingIn(s.mask);
      if (want === s.readable) continue;
      const counter = new Uint8Array(8);
      if (want) {
        counter[0] = 1;
        native.write(f.hostFd, counter, 0, 8);
      } else native.read(f.hostFd, counter, 0, 8);
      s.readable = want;
    }
  }
}

/** read(2) of a signalfd: as many whole signalfd_siginfo records as fit and are pending. */
export function readSignalFd(k: Kernel, f: OpenFile, addr: number, len: number, wait: () => boolean): number {
  const s = f.signalfd!;
  if (len < SIGINFO_SIZE) fail('EINVAL');
  k.mem.writableBytes(addr, SIGINFO_SIZE);
  for (;;) {
    let n = 0;
    while (n + SIGINFO_SIZE <= len) {
      const p = k.signals.takeFrom(s.mask);
      if (!p) break;
      k.mem.writeBytes(addr + n, toSignalfdSiginfo(k, p.sig, p.info));
      n += SIGINFO_SIZE;
    }
    if (n > 0) return n;
    if (f.flags & k.openFlags.O_NONBLOCK) fail('EAGAIN');
    // Readiness as seen by this thread (a signal for another thread left it readable).
    k.signals.signalFds.sync();
    // Waits until readable (EINTR for a deliverable signal); true: a green thread parked instead.
    if (wait()) return 0;
  }
}

/** struct signalfd_siginfo from a guest siginfo_t (linux/signalfd.h; signalfd_copyinfo). */
function toSignalfdSiginfo(k: Kernel, sig: number, info: Uint8Array): Uint8Array {
  const le = k.mem.littleEndian;
  const src = new DataView(info.buffer, info.byteOffset, info.byteLength);
  const mips = k.tables.family === 'mips';
  const wide = k.w.wordSize === 8;
  const u = wide ? 16 : 12;
  const word = (off: number): number => (wide ? Number(src.getBigUint64(u + off, le)) : src.getUint32(u + off, le));
  const code = src.getInt32(mips ? 4 : 8, le);
  const out = new Uint8Array(SIGINFO_SIZE);
  const d = new DataView(out.buffer);
  const u32 = (off: number, v: number) => d.setUint32(off, v >>> 0, le);
  const u64 = (off: number, v: number) => d.setBigUint64(off, BigInt.asUintN(64, BigInt(Math.trunc(v))), le);
  u32(0, sig);
  u32(4, src.getInt32(mips ? 8 : 4, le));
  u32(8, code);
  const names = k.tables.signalNames;
  const fault = ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP'].includes(names[sig] ?? '') && code > 0;
  const siTimer = mips ? -3 : -2;
  if (fault) {
    u64(72, word(0)); // ssi_addr
  } else if (code === siTimer) {
    u32(24, src.getInt32(u, le)); // ssi_tid: the timer id
    u32(32, src.getInt32(u + 4, le)); // ssi_overrun
    u32(44, src.getInt32(u + 8, le)); // ssi_int
    u64(48, word(8)); // ssi_ptr
  } else {
    u32(12, src.getInt32(u, le)); // ssi_pid
    u32(16, src.getInt32(u + 4, le)); // ssi_uid
    if (names[sig] === 'SIGCHLD' && code > 0) {
      u32(40, src.getInt32(u + 8, le)); // ssi_status
      u64(56, word(wide ? 16 : 12)); // ssi_utime
      u64(64, word(wide ? 24 : 16)); // ssi_stime
    } else {
      u32(44, src.getInt32(u + 8, le)); // ssi_int
      u64(48, word(8)); // ssi_ptr
    }
  }
  return out;
}

function signalfd(k: Kernel, fd: number, maskAddr: number, sizemask: number, flags: number): number {
  const { O_CLOEXEC, O_NONBLOCK } = k.openFlags;
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) fail('EINVAL');
  const s = k.signals;
  if (sizemask !== s.nsig / 8) fail('EINVAL');
  const mask = s.readSet(maskAddr);
  for (const n of ['SIGKILL', 'SIGSTOP']) {
    const b = k.tables.signalNumbers[n] - 1;
    mask[b >> 5] &= ~(1 << (b & 31));
  }
  if (fd !== -1) {
    const state = k.file(fd).signalfd ?? fail('EINVAL');
    state.mask = mask;
    s.signalFds.sync();
    return fd;
  }
  if (!native) return fail('ENOSYS');
  const c = native.epollConstants;
  const host = native.eventfd(0, c.EFD_NONBLOCK);
  if (host < 0) return k.errno.fromHost(host);
  const file: OpenFile = {
    hostFd: host,
    refs: 1,
    path: 'anon_inode:[signalfd]',
    flags: 2 /* O_RDWR, as Linux opens it; writes are EINVAL */ | (flags & O_NONBLOCK),
    isDir: false,
    mayBlock: true,
    signalfd: { mask, readable: false },
  };
  let guestFd: number;
  try {
    guestFd = k.allocFd(file, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    native.close(host);
    throw e;
  }
  s.signalFds.add(file);
  return guestFd;
}

export const signalfdSyscalls: Record<string, SyscallImpl> = {
  signalfd: (k, a) => signalfd(k, k.int(a[0]), a[1], k.ulong(a[2]), 0),
  signalfd4: (k, a) => signalfd(k, k.int(a[0]), a[1], k.ulong(a[2]), k.int(a[3])),
};
