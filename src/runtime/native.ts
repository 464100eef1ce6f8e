// Loads tsemu's native addon (native/, built by scripts/postinstall.mjs): thin
// synchronous wrappers for POSIX calls Node has no synchronous API for.
//
// Every call returns a number: the result, or the NEGATIVE host errno on failure
// (never throws for a syscall failure; a wrong argument type throws TypeError).
// All constants and struct layouts are the HOST's; translating guest values is
// the caller's job (see `constants` for the host values it needs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Host constants from the addon's headers (Linux, this host's architecture). */
export interface NativeConstants {
  readonly O_NONBLOCK: number; readonly O_CLOEXEC: number; readonly O_ACCMODE: number;
  readonly O_APPEND: number; readonly O_DIRECT: number; readonly O_NOATIME: number;
  readonly O_ASYNC: number; readonly O_DSYNC: number; readonly O_SYNC: number;
  readonly FD_CLOEXEC: number;
  readonly F_DUPFD: number; readonly F_DUPFD_CLOEXEC: number;
  readonly F_GETFD: number; readonly F_SETFD: number; readonly F_GETFL: number; readonly F_SETFL: number;
  readonly F_GETPIPE_SZ: number; readonly F_SETPIPE_SZ: number;
  readonly F_ADD_SEALS: number; readonly F_GET_SEALS: number;
  readonly POLLIN: number; readonly POLLPRI: number; readonly POLLOUT: number; readonly POLLERR: number;
  readonly POLLHUP: number; readonly POLLNVAL: number; readonly POLLRDHUP: number;
  readonly TCGETS: number; readonly TCSETS: number; readonly TCSETSW: number; readonly TCSETSF: number;
  readonly TIOCGWINSZ: number; readonly TIOCSWINSZ: number;
  readonly FIONREAD: number; readonly TIOCOUTQ: number; readonly FIONBIO: number;
  readonly TIOCGPGRP: number; readonly TIOCSPGRP: number; readonly TIOCGSID: number;
  readonly TIOCSCTTY: number; readonly TIOCNOTTY: number;
  readonly TCFLSH: number; readonly TCSBRK: number; readonly TCXONC: number;
  /** Size of the kernel's struct termios used by TCGETS/TCSETS* (36 on x86-64; not glibc's 60). */
  readonly sizeofTermios: number;
  readonly sizeofWinsize: number;
}

export interface NativeAddon {
  /** Byte ranges [offset, offset+len) outside `buf` give -EFAULT. `buf` may view a SharedArrayBuffer. */
  read(fd: number, buf: Uint8Array, offset: number, len: number): number;
  write(fd: number, buf: Uint8Array, offset: number, len: number): number;
  /** `position` is exact up to 2^53. */
  pread(fd: number, buf: Uint8Array, offset: number, len: number, position: number): number;
  pwrite(fd: number, buf: Uint8Array, offset: number, len: number, position: number): number;
  close(fd: number): number;
  lseek(fd: number, offset: number, whence: number): number;
  /** Raw getdents64 into buf[offset, offset+len). */
  getdents64(fd: number, buf: Uint8Array, offset: number, len: number): number;
  /** Reset the disposition of sig to SIG_DFL, unblock it and raise it. */
  dieBySignal(sig: number): number;
  /** utimensat with nanoseconds; path null means futimens(dirfd). */
  utimensat(dirfd: number, path: string | null, aSec: number, aNsec: number, mSec: number, mNsec: number, flags: number): number;
  /** Extended attributes of a path (nofollow: the l* call) or, with path null, of fd. len 0 asks for the size. */
  getxattr(path: string | null, fd: number, name: string, buf: Uint8Array, offset: number, len: number, nofollow: number): number;
  listxattr(path: string | null, fd: number, buf: Uint8Array, offset: number, len: number, nofollow: number): number;
  setxattr(path: string | null, fd: number, name: string, buf: Uint8Array, offset: number, len: number, flags: number, nofollow: number): number;
  removexattr(path: string | null, fd: number, name: string, nofollow: number): number;
  dup(fd: number): number;
  /** `flags` is 0 or host O_CLOEXEC; oldfd === newfd gives -EINVAL, as dup3 does. */
  dup3(oldfd: number, newfd: number, flags: number): number;
  /** `flags`: host O_CLOEXEC | O_NONBLOCK. Returns [readFd, writeFd] or -errno. */
  pipe2(flags: number): [number, number] | number;
  /**
   * Integer-argument commands only: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL,
   * F_SETFL, F_GETPIPE_SZ, F_SETPIPE_SZ, F_ADD_SEALS, F_GET_SEALS. Others give -EINVAL.
   */
  fcntl(fd: number, cmd: number, arg: number): number;
  /**
   * `arg` is a buffer at least the size of the host struct the request uses (else -EFAULT),
   * a number for value-argument requests (TCFLSH, TCSBRK, TCSBRKP, TCXONC, TIOCSCTTY),
   * or null for none. Requests the addon cannot size or classify give -ENOTTY.
   */
  ioctl(fd: number, request: number, arg: Uint8Array | number | null): number;
  /** 1 for a terminal, 0 for anything else that is open, -errno otherwise (-EBADF). */
  isatty(fd: number): number;
  /**
   * `fds` holds (fd, events) pairs. On return each pair's second slot is
   * events | revents << 16: read revents as `fds[2 * i + 1] >>> 16`; the array can be
   * passed again unchanged. Returns the number of ready fds, 0 on timeout, or -errno.
   * A negative timeout waits forever.
   */
  poll(fds: Int32Array, timeoutMs: number): number;
  kill(pid: number, sig: number): number;
  getppid(): number;
  getpgrp(): number;
  getpgid(pid: number): number;
  setpgid(pid: number, pgid: number): number;
  getsid(pid: number): number;
  setsid(): number;
  /** Sets the process umask; returns the previous one. */
  umask(mask: number): number;
  /** RLIM_INFINITY is Infinity. Returns [cur, max] or -errno. */
  getrlimit(resource: number): [number, number] | number;
  setrlimit(resource: number, cur: number, max: number): number;
  /** The raw syscall: fills `mask`, returns the number of mask bytes the kernel wrote or -errno. */
  sched_getaffinity(pid: number, mask: Uint8Array): number;
  readonly constants: NativeConstants;

  // ---- host signals (native/src/signals.cc) ----
  /**
   * Where the catcher records host signals: `record` (Int32Array of >= 264 words: pending bits of
   * host signals in words 0-2, then per signal at 4 + 4*sig: si_code, si_pid, si_uid, si_status or
   * si_int) and the interrupt word it raises. Both must stay alive.
   */
  signalInit(record: Int32Array, irq: Int32Array): number;
  /** The interrupt word of the CPU that runs now. */
  signalSetIrq(irq: Int32Array): number;
  /** Host disposition of sig: 0 SIG_DFL, 1 SIG_IGN, 2 the catcher (no SA_RESTART). */
  signalDisposition(sig: number, mode: number): number;
  /**
   * Waits for a caught signal, or (with `fds`, pairs as poll's) for fd events: the ready count as
   * poll returns it, 0 on timeout, -EINTR when a caught signal arrived or was already recorded
   * (checked with signals blocked, then ppoll with the old mask: none is missed); ms < 0 forever.
   */
  signalWait(timeoutMs: number, fds?: Int32Array): number;
  /** Host setitimer in microseconds; returns the old [interval, value]. */
  /** The green-thread ticker: every ms milliseconds it sets record word 3 and raises the interrupt word; 0 stops it. */
  ticker(ms: number): number;
  setitimer(which: number, intervalUs: number, valueUs: number): [number, number] | number;
  getitimer(which: number): [number, number] | number;
  alarm(seconds: number): number;
  /** A host POSIX timer notifying with the timer signal and `slot` (notify 1) or not at all (0); its id or -errno. */
  timerCreate(clock: number, slot: number, notify: number): number;
  /** Returns the old [intervalSec, intervalNsec, valueSec, valueNsec] or -errno. */
  timerSettime(id: number, flags: number, ivSec: number, ivNsec: number, vSec: number, vNsec: number): [number, number, number, number] | number;
  timerGettime(id: number): [number, number, number, number] | number;
  timerGetoverrun(id: number): number;
  timerDelete(id: number): number;

  // ---- processes (native/src/process.cc) ----
  /**
   * posix_spawn of `path`: each pair [source host fd, target fd] of `fdPairs` (flat) becomes the
   * child's target fd, every other fd is closed; `cwd` (null: inherited), host signals `blocked`
   * as the mask, every signal SIG_DFL except those `ignored`, umask (-1: inherited). pid or -errno.
   */
  spawn(path: string, argv: (string | Buffer)[], env: (string | Buffer)[], fdPairs: number[], cwd: string | null, blocked: number[], ignored: number[], umask: number): number;
  /** execve of this process, set up as spawn's child; returns -errno only on failure, with everything restored. */
  execReplace(path: string, argv: (string | Buffer)[], env: (string | Buffer)[], fdPairs: number[], cwd: string | null, blocked: number[], ignored: number[], umask: number): number;
  /** A child that at once exits with `code`, or dies of host signal `sig` (> 0) without a core file: pid or -errno. */
  exitedChild(code: number, sig: number): number;
  /** Host wait4: pid, 0 (WNOHANG) or -errno; out[0] the host status, out[1..19) the rusage (see process.cc). */
  wait4(pid: number, options: number, out: Float64Array): number;
  /** Host waitid: 0 or -errno; out = si_signo, si_code, si_pid, si_uid, si_status, rusage[18]. */
  waitid(idtype: number, id: number, options: number, out: Float64Array): number;
  /** memfd_create(name, MFD_CLOEXEC): fd or -errno. */
  memfdCreate(name: string): number;
  /** Appends the non-zero committed pages of [first, end) of mem to fd as records; the count or -errno. */
  dumpPages(fd: number, mem: Uint8Array, firstPage: number, endPage: number): number;
  /** Reads dumpPages records from fileOffset to the end of fd into mem; the page count or -errno. */
  loadPages(fd: number, mem: Uint8Array, fileOffset: number): number;
  /** madvise(MADV_DONTNEED) on a page-aligned range of mem: it reads as zeros and leaves the RSS. */
  discard(mem: Uint8Array, offset: number, len: number): number;
  /** Maps host file fd (from fileOffset) read-write over a page-aligned range of mem, MAP_SHARED (shared 1) or MAP_PRIVATE. */
  mapShared(mem: Uint8Array, offset: number, len: number, fd: number, fileOffset: number, shared: number): number;
  /** Private zero-filled memory again over a range mapShared mapped. */
  mapAnonymous(mem: Uint8Array, offset: number, len: number): number;
  /** Shared host FUTEX_WAIT on mem[offset..offset+4) (a MAP_SHARED page), value as the host reads it; timeoutMs < 0: no limit. */
  futexWait(mem: Uint8Array, offset: number, len: number, rawValue: number, timeoutMs: number): number;
  /** Shared host FUTEX_WAKE of up to n waiters; the number woken. */
  futexWake(mem: Uint8Array, offset: number, len: number, n: number): number;

  // ---- epoll and eventfd (native/src/epoll.cc) ----
  /** epoll_create1(flags: 0 or EPOLL_CLOEXEC): fd or -errno. */
  epollCreate(flags: number): number;
  /** epoll_ctl with the guest's 8 data bytes as two opaque words (bytes 0-3, 4-7): 0 or -errno. */
  epollCtl(epfd: number, op: number, fd: number, events: number, data0: number, data1: number): number;
  /** epoll_wait: event i in out[3i..3i+2] as (events, data0, data1); the count or -errno. No signal handling: wait in signalWait first. */
  epollWait(epfd: number, out: Int32Array, maxEvents: number, timeoutMs: number): number;
  /** eventfd(initval, flags: EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE): fd or -errno. */
  eventfd(initval: number, flags: number): number;
  readonly epollConstants: { readonly EPOLL_CLOEXEC: number; readonly EFD_CLOEXEC: number; readonly EFD_NONBLOCK: number; readonly EFD_SEMAPHORE: number };
}

const ADDON = join('native', 'build', 'Release', 'tsemu_native.node');

// This module runs both bundled (dist/tsemu.mjs) and as source (src/runtime/native.ts
// under vitest), at different depths, so the addon is looked for in each parent
// directory up to the project root (the first one with a package.json).
function findAddon(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, ADDON);
    if (existsSync(path)) return path;
    const up = dirname(dir);
    if (existsSync(join(dir, 'package.json')) || up === dir) return null;
    dir = up;
  }
}

function load(): { addon: NativeAddon | null; why: string } {
  const path = findAddon();
  if (!path) {
    return { addon: null, why: `${ADDON} is missing; run \`node scripts/postinstall.mjs\` (needs cmake and g++)` };
  }
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon, why: '' };
  } catch (err) {
    return { addon: null, why: `loading ${path} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const loaded = load();

/** The addon, or null when it did not build or load (see `nativeUnavailableReason`). */
export const native: NativeAddon | null = loaded.addon;

/** Why `native` is null ('' when it loaded). */
export const nativeUnavailableReason: string = loaded.why;

/** The addon, or a clear Error naming what needed it. */
export function requireNative(what: string): NativeAddon {
  if (native) return native;
  throw new Error(`tsemu: ${what} needs the native addon (native/ did not build: ${nativeUnavailableReason})`);
}
