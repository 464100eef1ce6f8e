// File-system syscalls: open/read/write and friends, metadata, directories, links.
import * as fs from 'node:fs';
import { constants as osConstants } from 'node:os';
import { native } from '../src/runtime/native.ts';
import { fail, SysError } from './errors.ts';
import type { Kernel, OpenFile, SyscallImpl } from './kernel.ts';
import { abiConsts, convertTermios, GENERIC_TERMIOS } from './abi-consts.ts';
import { hostOpenFlags } from './flags.ts';
import { openProcFile, procLink } from './procfs.ts';
import { readSignalFd } from './signalfd.ts';
import { type FsInfo, readTimespecT, writeStatGeneric64, writeStatfs, writeStatfsMips, writeStatx } from './layout.ts';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_EMPTY_PATH = 0x1000;
const O_ACCMODE = 3;
// Other O_* flags differ per ABI: k.openFlags (flags.ts). So do F_GETLK and the *64 lock commands (abi-consts.ts).
const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
const F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
const F_UNLCK = 2;
const FD_CLOEXEC = 1;
const POLLIN = 1, POLLOUT = 4;

/** Host read into guest memory: the addon gives exact errno (EAGAIN, EINTR); fs is the fallback. */
function hostRead(fd: number, buf: Uint8Array, position: number | null): number {
  if (native) return position === null ? native.read(fd, buf, 0, buf.length) : native.pread(fd, buf, 0, buf.length, position);
  return fs.readSync(fd, buf, 0, buf.length, position);
}
function hostWrite(fd: number, buf: Uint8Array, position: number | null): number {
  if (native) return position === null ? native.write(fd, buf, 0, buf.length) : native.pwrite(fd, buf, 0, buf.length, position);
  return fs.writeSync(fd, buf, 0, buf.length, position);
}

/** Pipes, sockets and character devices can block; regular files and directories cannot. */
function mayBlock(f: OpenFile): boolean {
  if (f.mayBlock === undefined) {
    try {
      const st = fs.fstatSync(f.hostFd);
      f.mayBlock = st.isFIFO() || st.isSocket() || st.isCharacterDevice();
    } catch {
      f.mayBlock = false;
    }
  }
  return f.mayBlock;
}

/**
 * Before a read or write that may block: waits until the fd is ready or a signal arrives, in the
 * addon's signalWait, which checks for caught signals with them blocked and then waits atomically.
 * A plain blocking call would miss a signal that arrived just before it and sleep on.
 */
function waitReady(k: Kernel, f: OpenFile, events: number): boolean {
  if (!native || (f.flags & k.openFlags.O_NONBLOCK) !== 0 || !mayBlock(f)) return false;
  const pair = new Int32Array([f.hostFd, events]);
  if (k.sched?.multi) {
    // Other guest threads run meanwhile: not ready now, this thread parks and runs the call again
    // once the fd is ready (src/runtime/threads.ts).
    if (native.signalWait(0, pair) > 0) return false;
    const EINTR = k.errno.neg('EINTR');
    k.sched.block({ deadline: Infinity, fds: pair, signals: true, onWake: (why) => (why === 'fd' ? 'restart' : EINTR) });
    return true;
  }
  for (;;) {
    if (k.signals.hasDeliverable()) fail('EINTR');
    const r = native.signalWait(-1, pair);
    if (r !== -osConstants.errno.EINTR) return false;
  }
}

/**
 * An eventfd's counter is a u64 in the guest's byte order and in the host's (little-endian) one:
 * big-endian guests get it reversed (syscalls/epoll.ts names eventfds by this path).
 */
function swapsCounter(k: Kernel, f: OpenFile, len: number): boolean {
  return !k.mem.littleEndian && len >= 8 && f.path === 'anon_inode:[eventfd]';
}

function doRead(k: Kernel, fdn: number, addr: number, len: number, position: number | null): number {
  const f = k.file(fdn);
  if (f.isDir) fail('EISDIR');
  if ((f.flags & O_ACCMODE) === 1) fail('EBADF');
  if (len === 0) return 0;
  if (f.signalfd) return readSignalFd(k, f, addr, len, () => waitReady(k, f, POLLIN));
  const buf = k.mem.writableBytes(addr, Math.min(len, 0x7ffff000));
  if (waitReady(k, f, POLLIN)) return 0;
  if (swapsCounter(k, f, buf.length)) {
    const counter = new Uint8Array(8);
    const r = hostRead(f.hostFd, counter, position);
    if (r === 8) buf.set(counter.reverse());
    return k.errno.fromHost(r);
  }
  return k.errno.fromHost(hostRead(f.hostFd, buf, position));
}
function doWrite(k: Kernel, fdn: number, addr: number, len: number, position: number | null): number {
  const f = k.file(fdn);
  if ((f.flags & O_ACCMODE) === 0) fail('EBADF');
  if (f.signalfd) fail('EINVAL');
  if (len === 0) return 0;
  let buf = k.mem.readBytes(addr, Math.min(len, 0x7ffff000));
  if (waitReady(k, f, POLLOUT)) return 0;
  if (swapsCounter(k, f, buf.length)) buf = buf.slice(0, 8).reverse();
  return k.errno.fromHost(hostWrite(f.hostFd, buf, position));
}

/** read/write at the file's offset (position null) or at a position (pread/pwrite). */
export { doRead, doWrite };

function iov(k: Kernel, addr: number, count: number): [number, number][] {
  if (count < 0 || count > 1024) fail('EINVAL');
  const ws = k.w.wordSize;
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) out.push([k.w.readWord(addr + i * 2 * ws), k.w.readWord(addr + i * 2 * ws + ws)]);
  return out;
}

export function vectored(k: Kernel, fdn: number, addr: number, count: number, position: number | null, write: boolean): number {
  let total = 0;
  for (const [base, len] of iov(k, addr, k.int(count))) {
    if (len === 0) continue;
    const n = write ? doWrite(k, fdn, base, len, position === null ? null : position + total) : doRead(k, fdn, base, len, position === null ? null : position + total);
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (n < len) break;
  }
  return total;
}

export function statPath(k: Kernel, dirfd: number, pathAddr: number, flags: number): fs.BigIntStats {
  const p = k.guestPath(pathAddr);
  if (p.length === 0) {
    if (!(flags & AT_EMPTY_PATH)) fail('ENOENT');
    return fs.fstatSync(k.file(dirfd).hostFd, { bigint: true });
  }
  const host = k.path(dirfd, p);
  return flags & AT_SYMLINK_NOFOLLOW ? fs.lstatSync(host, { bigint: true }) : fs.statSync(host, { bigint: true });
}

function openFile(k: Kernel, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const guestPath = k.guestPath(pathAddr);
  const host = k.path(dirfd, guestPath);
  const O_CLOEXEC = k.openFlags.O_CLOEXEC;
  const hostFlags = hostOpenFlags(k.openFlags, flags & ~O_CLOEXEC);
  const hostFd = openProcFile(k, host, flags) ?? fs.openSync(host, hostFlags, mode & ~k.umask & 0o7777);
  let isDir = false;
  if (flags & k.openFlags.O_DIRECTORY || (flags & O_ACCMODE) === 0) {
    try {
      isDir = fs.fstatSync(hostFd).isDirectory();
    } catch {
      isDir = false;
    }
  }
  // F_GETFL reports neither the open-time-only flags (Linux drops O_CREAT, O_EXCL, O_NOCTTY and
  // O_TRUNC from f_flags) nor O_LARGEFILE (qemu-user on a 64-bit host never shows it).
  const { O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_LARGEFILE } = k.openFlags;
  const kept = flags & ~(O_CLOEXEC | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_LARGEFILE);
  const file: OpenFile = { hostFd, refs: 1, path: host, flags: kept, isDir };
  return k.allocFd(file, (flags & O_CLOEXEC) !== 0);
}

/** d_type from a Node Dirent. */
function direntType(d: fs.Dirent): number {
  if (d.isFIFO()) return 1;
  if (d.isCharacterDevice()) return 2;
  if (d.isDirectory()) return 4;
  if (d.isBlockDevice()) return 6;
  if (d.isFile()) return 8;
  if (d.isSymbolicLink()) return 10;
  if (d.isSocket()) return 12;
  return 0;
}

/** struct linux_dirent64 records (u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, name) from host to big-endian order. */
function swapDirents(buf: Uint8Array, n: number): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, n);
  for (let at = 0; at + 19 <= n; ) {
    const reclen = dv.getUint16(at + 16, true);
    dv.setBigUint64(at, dv.getBigUint64(at, true), false);
    dv.setBigInt64(at + 8, dv.getBigInt64(at + 8, true), false);
    dv.setUint16(at + 16, reclen, false);
    if (reclen === 0) break;
    at += reclen;
  }
}

function getdents64(k: Kernel, fdn: number, addr: number, count: number): number {
  const f = k.file(fdn);
  if (native) {
    // The kernel's own records (d_off cookies included, which glibc's 32-bit readdir checks):
    // dirent64 has the same layout on every guest; a big-endian guest gets its numbers swapped.
    const buf = k.mem.writableBytes(addr, Math.min(count, 1 << 20));
    const n = native.getdents64(f.hostFd, buf, 0, buf.length);
    if (n > 0 && !k.mem.littleEndian) swapDirents(buf, n);
    return k.errno.fromHost(n);
  }
  if (!f.isDir) fail('ENOTDIR');
  if (!f.dirEntries) {
    const entries: { name: string; type: number; ino: bigint }[] = [];
    const self = fs.statSync(f.path, { bigint: true });
    let parentIno = self.ino;
    try {
      parentIno = fs.statSync(f.path + '/..', { bigint: true }).ino;
    } catch {
      // keep the directory's own inode
    }
    entries.push({ name: '.', type: 4, ino: self.ino }, { name: '..', type: 4, ino: parentIno });
    const dir = fs.opendirSync(f.path, { encoding: 'latin1' as BufferEncoding });
    try {
      for (let d = dir.readSync(); d; d = dir.readSync()) {
        let ino = 0n;
        try {
          ino = fs.lstatSync(f.path + '/' + d.name, { bigint: true }).ino;
        } catch {
          // raced with an unlink: report inode 0
        }
        entries.push({ name: d.name, type: direntType(d), ino });
      }
    } finally {
      dir.closeSync();
    }
    f.dirEntries = entries;
    f.dirPos = 0;
  }
  let off = 0;
  const ents = f.dirEntries;
  while (f.dirPos! < ents.length) {
    const e = ents[f.dirPos!];
    const name = Buffer.from(e.name, 'latin1');
    const reclen = (19 + name.length + 1 + 7) & ~7;
    if (off + reclen > count) {
      if (off === 0) fail('EINVAL');
      break;
    }
    const rec = Buffer.alloc(reclen);
    rec.writeBigUInt64LE(e.ino, 0);
    rec.writeBigInt64LE(BigInt(f.dirPos! + 1), 8);
    rec.writeUInt16LE(reclen, 16);
    rec.writeUInt8(e.type, 18);
    name.copy(rec, 19);
    k.mem.writeBytes(addr + off, k.mem.littleEndian ? rec : swapDirent(rec));
    off += reclen;
    f.dirPos!++;
  }
  return off;
}

/** dirent64 in big-endian guest order. */
function swapDirent(rec: Buffer): Buffer {
  const out = Buffer.from(rec);
  out.writeBigUInt64BE(rec.readBigUInt64LE(0), 0);
  out.writeBigInt64BE(rec.readBigInt64LE(8), 8);
  out.writeUInt16BE(rec.readUInt16LE(16), 16);
  return out;
}

function setTimes(host: string, times: [number, number][] | null, nofollow: boolean, fd?: number): void {
  const UTIME_NOW = (1 << 30) - 1;
  const UTIME_OMIT = (1 << 30) - 2;
  const now = Date.now() / 1000;
  let cur: fs.Stats | undefined;
  const pick = (t: [number, number] | undefined, which: 'atime' | 'mtime'): number => {
    if (!t || t[1] === UTIME_NOW) return now;
    if (t[1] === UTIME_OMIT) {
      cur ??= fd !== undefined ? fs.fstatSync(fd) : nofollow ? fs.lstatSync(host) : fs.statSync(host);
      return cur[`${which}Ms`] / 1000;
    }
    if (t[1] < 0 || t[1] >= 1e9) fail('EINVAL');
    return t[0] + t[1] / 1e9;
  };
  const a = pick(times?.[0], 'atime');
  const m = pick(times?.[1], 'mtime');
  if (fd !== undefined) fs.futimesSync(fd, a, m);
  else if (nofollow) fs.lutimesSync(host, a, m);
  else fs.utimesSync(host, a, m);
}

/**
 * getsockname/getpeername: sockets are not built yet (ENOSYS for one), but every other descriptor is
 * ENOTSOCK as on Linux: bash asks getpeername whether its stdin is a network connection.
 */
function socketName(k: Kernel, fd: number): number {
  const f = k.file(fd);
  let socket = false;
  try {
    socket = fs.fstatSync(f.hostFd).isSocket();
  } catch {
    // not a host fd we can stat: not a socket
  }
  return fail(socket ? 'ENOSYS' : 'ENOTSOCK');
}

export const fsSyscalls: Record<string, SyscallImpl> = {
  getsockname: (k, a) => socketName(k, k.int(a[0])),
  getpeername: (k, a) => socketName(k, k.int(a[0])),
  read: (k, a) => doRead(k, a[0], a[1], k.ulong(a[2]), null),
  write: (k, a) => doWrite(k, a[0], a[1], k.ulong(a[2]), null),
  pread64: (k, a) => {
    if (k.long(a[3]) < 0) fail('EINVAL');
    return doRead(k, a[0], a[1], k.ulong(a[2]), k.long(a[3]));
  },
  pwrite64: (k, a) => {
    if (k.long(a[3]) < 0) fail('EINVAL');
    return doWrite(k, a[0], a[1], k.ulong(a[2]), k.long(a[3]));
  },
  readv: (k, a) => vectored(k, a[0], a[1], a[2], null, false),
  writev: (k, a) => vectored(k, a[0], a[1], a[2], null, true),
  preadv: (k, a) => vectored(k, a[0], a[1], a[2], k.long(a[3]), false),
  pwritev: (k, a) => vectored(k, a[0], a[1], a[2], k.long(a[3]), true),
  openat: (k, a) => openFile(k, a[0], a[1], k.int(a[2]), a[3]),
  open: (k, a) => openFile(k, AT_FDCWD, a[0], k.int(a[1]), a[2]),
  creat: (k, a) => openFile(k, AT_FDCWD, a[0], 1 /* O_WRONLY */ | k.openFlags.O_CREAT | k.openFlags.O_TRUNC, a[1]),
  close: (k, a) => {
    k.closeFd(k.int(a[0]));
    return 0;
  },
  lseek: (k, a) => seekFile(k, a[0], k.long(a[1]), k.int(a[2])),
  newfstatat: (k, a) => {
    writeStatGeneric64(k.w, a[2], statPath(k, a[0], a[1], k.int(a[3])));
    return 0;
  },
  fstat: (k, a) => {
    writeStatGeneric64(k.w, a[1], fs.fstatSync(k.file(a[0]).hostFd, { bigint: true }));
    return 0;
  },
  statx: (k, a) => {
    writeStatx(k.w, a[4], statPath(k, a[0], a[1], k.int(a[2])), a[3]);
    return 0;
  },
  faccessat: (k, a) => {
    fs.accessSync(k.path(a[0], k.guestPath(a[1])), a[2] & 7);
    return 0;
  },
  faccessat2: (k, a) => {
    const p = k.guestPath(a[1]);
    fs.accessSync(p.length === 0 && a[3] & AT_EMPTY_PATH ? k.file(a[0]).path : k.path(a[0], p), a[2] & 7);
    return 0;
  },
  readlinkat: (k, a) => {
    const gp = k.guestPath(a[1]);
    // /proc/self/{exe,cwd,fd/N}: procfs.ts; other fd/N links are the host's for the host descriptor.
    const target = procLink(k, a[0], gp) ?? fs.readlinkSync(k.path(a[0], gp), { encoding: 'buffer' });
    const len = k.ulong(a[3]);
    if (len <= 0 || len > 0x7fffffff) fail('EINVAL');
    const n = Math.min(len, target.length);
    k.mem.writeBytes(a[2], target.subarray(0, n));
    return n;
  },
  getcwd: (k, a) => {
    const cwd = Buffer.from(k.cwd + '\0');
    if (k.ulong(a[1]) < cwd.length) fail('ERANGE');
    k.mem.writeBytes(a[0], cwd);
    return cwd.length;
  },
  chdir: (k, a) => {
    const p = k.path(AT_FDCWD, k.guestPath(a[0]));
    if (!fs.statSync(p).isDirectory()) fail('ENOTDIR');
    fs.accessSync(p, fs.constants.X_OK);
    // getcwd reports the physical path, symlinks resolved, as Linux does
    k.cwd = fs.realpathSync(p);
    return 0;
  },
  fchdir: (k, a) => {
    const f = k.file(a[0]);
    if (!f.isDir) fail('ENOTDIR');
    k.cwd = f.path;
    return 0;
  },
  mkdirat: (k, a) => {
    fs.mkdirSync(k.path(a[0], k.guestPath(a[1])), a[2] & ~k.umask & 0o7777);
    return 0;
  },
  unlinkat: (k, a) => {
    const p = k.path(a[0], k.guestPath(a[1]));
    if (a[2] & AT_REMOVEDIR) fs.rmdirSync(p);
    else {
      if (fs.lstatSync(p).isDirectory()) fail('EISDIR');
      fs.unlinkSync(p);
    }
    return 0;
  },
  renameat: (k, a) => {
    fs.renameSync(k.path(a[0], k.guestPath(a[1])), k.path(a[2], k.guestPath(a[3])));
    return 0;
  },
  renameat2: (k, a) => {
    const RENAME_NOREPLACE = 1;
    const from = k.path(a[0], k.guestPath(a[1]));
    const to = k.path(a[2], k.guestPath(a[3]));
    if (a[4] & ~RENAME_NOREPLACE) fail('EINVAL');
    if (a[4] & RENAME_NOREPLACE && fs.existsSync(to)) fail('EEXIST');
    fs.renameSync(from, to);
    return 0;
  },
  symlinkat: (k, a) => {
    fs.symlinkSync(k.guestPath(a[0]), k.path(a[1], k.guestPath(a[2])));
    return 0;
  },
  linkat: (k, a) => {
    fs.linkSync(k.path(a[0], k.guestPath(a[1])), k.path(a[2], k.guestPath(a[3])));
    return 0;
  },
  fchmodat: (k, a) => {
    fs.chmodSync(k.path(a[0], k.guestPath(a[1])), a[2] & 0o7777);
    return 0;
  },
  fchmod: (k, a) => {
    fs.fchmodSync(k.file(a[0]).hostFd, a[1] & 0o7777);
    return 0;
  },
  fchownat: (k, a) => {
    const p = k.path(a[0], k.guestPath(a[1]));
    if (a[4] & AT_SYMLINK_NOFOLLOW) fs.lchownSync(p, k.int(a[2]), k.int(a[3]));
    else fs.chownSync(p, k.int(a[2]), k.int(a[3]));
    return 0;
  },
  fchown: (k, a) => {
    fs.fchownSync(k.file(a[0]).hostFd, k.int(a[1]), k.int(a[2]));
    return 0;
  },
  utimensat: (k, a) => utimensat(k, a, false),
  ...xattrSyscalls(),
  truncate: (k, a) => truncatePath(k, a[0], k.long(a[1])),
  ftruncate: (k, a) => truncateFd(k, a[0], k.long(a[1])),
  fsync: (k, a) => {
    fs.fsyncSync(k.file(a[0]).hostFd);
    return 0;
  },
  fdatasync: (k, a) => {
    fs.fdatasyncSync(k.file(a[0]).hostFd);
    return 0;
  },
  sync: () => 0,
  getdents64: (k, a) => getdents64(k, a[0], a[1], k.ulong(a[2])),
  statfs: (k, a) => {
    putStatfs(k, a[1], statfsPath(k, a[0]), false);
    return 0;
  },
  fstatfs: (k, a) => {
    putStatfs(k, a[1], statfsFd(k, a[0]), false);
    return 0;
  },
  sendfile: (k, a) => {
    if (!a[2]) return sendfile(k, a[0], a[1], k.ulong(a[3]), null);
    const off = k.long(k.w.readWord(a[2]));
    if (off < 0) fail('EINVAL');
    const n = sendfile(k, a[0], a[1], k.ulong(a[3]), off);
    if (n > 0) k.w.word(a[2], off + n);
    return n;
  },
  fadvise64: (k, a) => {
    k.file(a[0]);
    return 0;
  },
  // The pre-*at path syscalls of older ABIs (32-bit ARM has them; asm-generic does not).
  access: (k, a) => fsSyscalls.faccessat(k, [AT_FDCWD, a[0], a[1]]),
  mkdir: (k, a) => fsSyscalls.mkdirat(k, [AT_FDCWD, a[0], a[1]]),
  rmdir: (k, a) => fsSyscalls.unlinkat(k, [AT_FDCWD, a[0], AT_REMOVEDIR]),
  unlink: (k, a) => fsSyscalls.unlinkat(k, [AT_FDCWD, a[0], 0]),
  rename: (k, a) => fsSyscalls.renameat(k, [AT_FDCWD, a[0], AT_FDCWD, a[1]]),
  link: (k, a) => fsSyscalls.linkat(k, [AT_FDCWD, a[0], AT_FDCWD, a[1], 0]),
  symlink: (k, a) => fsSyscalls.symlinkat(k, [a[0], AT_FDCWD, a[1]]),
  readlink: (k, a) => fsSyscalls.readlinkat(k, [AT_FDCWD, a[0], a[1], a[2]]),
  chmod: (k, a) => fsSyscalls.fchmodat(k, [AT_FDCWD, a[0], a[1]]),
  chown: (k, a) => fsSyscalls.fchownat(k, [AT_FDCWD, a[0], a[1], a[2], 0]),
  lchown: (k, a) => fsSyscalls.fchownat(k, [AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW]),
  pipe: (k, a) => fsSyscalls.pipe2(k, [a[0], 0]),
  dup: (k, a) => {
    const f = k.fd(k.int(a[0]));
    f.file.refs++;
    return k.allocFd(f.file, false);
  },
  dup3: (k, a) => {
    const oldfd = k.int(a[0]), newfd = k.int(a[1]);
    const f = k.fd(oldfd);
    const O_CLOEXEC = k.openFlags.O_CLOEXEC;
    if (oldfd === newfd) fail('EINVAL');
    if (a[2] & ~O_CLOEXEC) fail('EINVAL');
    if (newfd < 0 || newfd >= 1024) fail('EBADF');
    if (k.fds[newfd]) k.closeFd(newfd);
    f.file.refs++;
    k.fds[newfd] = { file: f.file, cloexec: (a[2] & O_CLOEXEC) !== 0 };
    return newfd;
  },
  dup2: (k, a) => {
    const oldfd = k.int(a[0]), newfd = k.int(a[1]);
    const f = k.fd(oldfd);
    if (oldfd === newfd) return newfd;
    if (newfd < 0 || newfd >= 1024) fail('EBADF');
    if (k.fds[newfd]) k.closeFd(newfd);
    f.file.refs++;
    k.fds[newfd] = { file: f.file, cloexec: false };
    return newfd;
  },
  fcntl: (k, a) => fcntl(k, a, false),
  pipe2: (k, a) => {
    // Linux checks the destination before making the pipe.
    if (!k.mem.check(a[0], 8, 2 /* PAGE_WRITE */)) fail('EFAULT');
    const [rf, wf] = makePipe(k, k.int(a[1]));
    k.mem.write32(a[0], rf);
    k.mem.write32(a[0] + 4, wf);
    return 0;
  },
  ioctl: (k, a) => {
    const f = k.file(a[0]);
    const req = a[1] >>> 0;
    const { TCGETS, TIOCGWINSZ, FIONBIO, termios } = abiConsts(k);
    if (req === FIONBIO) return 0;
    if (!native || !native.isatty(f.hostFd)) return k.errno.neg('ENOTTY');
    if (req === TIOCGWINSZ) {
      const buf = new Uint8Array(native.constants.sizeofWinsize);
      const r = native.ioctl(f.hostFd, native.constants.TIOCGWINSZ, buf);
      if (r < 0) return k.errno.fromHost(r);
      // struct winsize: four unsigned shorts, in the guest's byte order
      const host = new DataView(buf.buffer, buf.byteOffset, 8);
      if (!k.mem.check(a[2], 8, 2 /* PAGE_WRITE */)) fail('EFAULT');
      for (let i = 0; i < 4; i++) k.mem.write16(a[2] + 2 * i, host.getUint16(2 * i, true));
      return 0;
    }
    if (req === TCGETS) {
      const buf = new Uint8Array(native.constants.sizeofTermios);
      const r = native.ioctl(f.hostFd, native.constants.TCGETS, buf);
      if (r < 0) return k.errno.fromHost(r);
      // The kernel's struct termios (36 bytes on the host), not the host libc's larger one, in the
      // guest's numbering (MIPS moves c_cc slots and c_lflag bits and has NCCS 23).
      k.mem.writeBytes(a[2], convertTermios(buf, GENERIC_TERMIOS, termios, true, k.mem.littleEndian));
      return 0;
    }
    return k.errno.neg('ENOTTY');
  },
};

/** A host pipe as two new guest descriptors [read, write]; `flags` takes guest O_NONBLOCK and O_CLOEXEC. */
export function makePipe(k: Kernel, flags: number): [number, number] {
  const { O_CLOEXEC, O_NONBLOCK } = k.openFlags;
  // O_EXCL is O_NOTIFICATION_PIPE
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | k.openFlags.O_DIRECT | k.openFlags.O_EXCL)) fail('EINVAL');
  if (!native) fail('ENOSYS');
  const r = native!.pipe2(0);
  if (typeof r === 'number') {
    const e = k.errno.fromHost(r);
    throw new SysError(k.errno.name(e));
  }
  const nb = flags & O_NONBLOCK;
  if (nb) for (const fd of r) native!.fcntl(fd, native!.constants.F_SETFL, native!.constants.O_NONBLOCK);
  const rf = k.allocFd({ hostFd: r[0], refs: 1, path: 'pipe:', flags: 0 | nb, isDir: false }, (flags & O_CLOEXEC) !== 0);
  const wf = k.allocFd({ hostFd: r[1], refs: 1, path: 'pipe:', flags: 1 | nb, isDir: false }, (flags & O_CLOEXEC) !== 0);
  return [rf, wf];
}

/** struct statfs in the ABI's layout (word-sized fields; MIPS orders them its own way). */
export function putStatfs(k: Kernel, addr: number, s: FsInfo, wide: boolean): void {
  if (k.tables.family === 'mips') writeStatfsMips(k.w, addr, s, wide);
  else writeStatfs(k.w, addr, s, wide);
}

/** utimensat with its struct timespec[2] in the guest's long layout or (t64) the time64 one. */
export function utimensat(k: Kernel, a: number[], t64: boolean): number {
  let times: [number, number][] | null = null;
  if (a[2]) {
    const size = t64 ? 16 : 2 * k.w.wordSize;
    times = [0, 1].map((i) => readTimespecT(k.w, k.mem, a[2] + i * size, t64));
  }
  if (native) {
    // Nanosecond timestamps, UTIME_NOW and UTIME_OMIT pass through as they are.
    const t = times ?? [[0, (1 << 30) - 1], [0, (1 << 30) - 1]];
    const path = a[1] === 0 ? null : k.path(a[0], k.guestPath(a[1]));
    const fd = a[1] === 0 ? k.file(a[0]).hostFd : AT_FDCWD;
    return k.errno.fromHost(native.utimensat(fd, path, t[0][0], t[0][1], t[1][0], t[1][1], a[3] & AT_SYMLINK_NOFOLLOW));
  }
  if (a[1] === 0) {
    setTimes(k.file(a[0]).path, times, false, k.file(a[0]).hostFd);
    return 0;
  }
  setTimes(k.path(a[0], k.guestPath(a[1])), times, (a[3] & AT_SYMLINK_NOFOLLOW) !== 0);
  return 0;
}

export function truncatePath(k: Kernel, pathAddr: number, len: number): number {
  fs.truncateSync(k.path(AT_FDCWD, k.guestPath(pathAddr)), len);
  return 0;
}
export function truncateFd(k: Kernel, fdn: number, len: number): number {
  if (len < 0) fail('EINVAL');
  fs.ftruncateSync(k.file(fdn).hostFd, len);
  return 0;
}

export function seekFile(k: Kernel, fdn: number, off: number, whence: number): number {
  const f = k.file(fdn);
  if (f.isDir && !native) {
    if (whence !== 0 || off !== 0) fail('EINVAL');
    f.dirEntries = undefined;
    return 0;
  }
  return lseekHost(k, f, off, whence);
}

function lseekHost(k: Kernel, f: OpenFile, off: number, whence: number): number {
  if (!native) fail('ESPIPE');
  return k.errno.fromHost(native!.lseek(f.hostFd, off, whence));
}

/**
 * fcntl, and with `flock64` the fcntl64 of 32-bit ABIs, whose F_GETLK64/F_SETLK64/F_SETLKW64
 * (12..14) take struct flock64. Record locks: tsemu runs one guest process, so no other guest
 * process can hold a conflicting lock: setting one succeeds and F_GETLK reports F_UNLCK (l_type,
 * a short at offset 0 in struct flock and flock64 alike).
 */
export function fcntl(k: Kernel, a: number[], flock64: boolean): number {
  const fdn = k.int(a[0]);
  const f = k.fd(fdn);
  const cmd = k.int(a[1]);
  const { F_GETLK, F_SETLK, F_SETLKW, F_GETLK64, F_SETLK64, F_SETLKW64 } = abiConsts(k);
  const lockCmd = (c: number) => [F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW].includes(c) || (flock64 && [F_GETLK64, F_SETLK64, F_SETLKW64].includes(c));
  if (lockCmd(cmd)) {
    const type = k.mem.read16(a[2]);
    if (type > F_UNLCK) fail('EINVAL');
    if (cmd === F_GETLK || cmd === F_OFD_GETLK || (flock64 && cmd === F_GETLK64)) k.mem.write16(a[2], F_UNLCK);
    return 0;
  }
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      f.file.refs++;
      return k.allocFd(f.file, cmd === F_DUPFD_CLOEXEC, k.int(a[2]));
    case F_GETFD:
      return f.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      f.cloexec = (a[2] & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return f.file.flags;
    case F_SETFL: {
      const changeable = k.openFlags.O_APPEND | k.openFlags.O_NONBLOCK;
      if (native) native.fcntl(f.file.hostFd, native.constants.F_SETFL, hostOpenFlags(k.openFlags, a[2] & changeable));
      f.file.flags = (f.file.flags & ~changeable) | (a[2] & changeable);
      return 0;
    }
    default:
      return k.errno.neg('EINVAL');
  }
}

/** statfs of a host path. Node gives no fsid, name length, fragment size or mount flags. */
function fsInfo(host: string): FsInfo {
  const s = fs.statfsSync(host);
  return { type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree, namelen: 255, frsize: s.bsize, flags: 0 };
}
export function statfsPath(k: Kernel, pathAddr: number): FsInfo {
  return fsInfo(k.path(AT_FDCWD, k.guestPath(pathAddr)));
}
export function statfsFd(k: Kernel, fdn: number): FsInfo {
  return fsInfo(k.file(fdn).path);
}

/**
 * sendfile: copies through guest-invisible buffers. With an offset (`offsetAt` returns the
 * current one) it reads there and leaves in_fd's offset alone; else it reads from in_fd's offset.
 */
export function sendfile(k: Kernel, outFd: number, inFd: number, count: number, offset: number | null): number {
  const src = k.file(inFd);
  const dst = k.file(outFd);
  if ((src.flags & O_ACCMODE) === 1 || (dst.flags & O_ACCMODE) === 0) fail('EBADF');
  if (src.isDir) fail('EINVAL');
  const buf = new Uint8Array(Math.min(count, 1 << 20));
  let total = 0;
  while (total < count) {
    const want = Math.min(buf.length, count - total);
    const n = k.errno.fromHost(hostRead(src.hostFd, buf.subarray(0, want), offset === null ? null : offset + total));
    if (n < 0) return total > 0 ? total : n;
    if (n === 0) break;
    const w = k.errno.fromHost(hostWrite(dst.hostFd, buf.subarray(0, n), null));
    if (w < 0) return total > 0 ? total : w;
    total += w;
    if (w < n) break;
  }
  return total;
}

// ---- extended attributes ------------------------------------------------------------------
// Passed to the host (native addon) for the path or fd the guest names, like every other file
// syscall: programs (ls -l, cp -a) ask for security.selinux and POSIX ACLs and expect the host's
// answer (ENODATA on plain files). XATTR_SIZE_MAX bounds a value or list as in the kernel.
const XATTR_SIZE_MAX = 65536;

function xattrSyscalls(): Record<string, SyscallImpl> {
  type Target = { path: string | null; fd: number };
  const byPath = (k: Kernel, a: number[]): Target => ({ path: k.path(AT_FDCWD, k.guestPath(a[0])), fd: -1 });
  const byFd = (k: Kernel, a: number[]): Target => ({ path: null, fd: k.file(a[0]).hostFd });
  const name = (k: Kernel, addr: number): string => k.guestPath(addr).toString('latin1');
  const buffer = (k: Kernel, addr: number, size: number): Uint8Array => (size === 0 ? new Uint8Array(0) : k.mem.writableBytes(addr, Math.min(size, XATTR_SIZE_MAX)));
  const host = (): NonNullable<typeof native> => native ?? fail('EOPNOTSUPP');
  const get = (target: (k: Kernel, a: number[]) => Target, nofollow: number): SyscallImpl => (k, a) => {
    const t = target(k, a);
    const buf = buffer(k, a[2], a[3] >>> 0);
    return k.errno.fromHost(host().getxattr(t.path, t.fd, name(k, a[1]), buf, 0, buf.length, nofollow));
  };
  const list = (target: (k: Kernel, a: number[]) => Target, nofollow: number): SyscallImpl => (k, a) => {
    const t = target(k, a);
    const buf = buffer(k, a[1], a[2] >>> 0);
    return k.errno.fromHost(host().listxattr(t.path, t.fd, buf, 0, buf.length, nofollow));
  };
  const set = (target: (k: Kernel, a: number[]) => Target, nofollow: number): SyscallImpl => (k, a) => {
    const t = target(k, a);
    const size = a[3] >>> 0;
    if (size > XATTR_SIZE_MAX) fail('E2BIG');
    const value = size === 0 ? new Uint8Array(0) : k.mem.readBytes(a[2], size);
    return k.errno.fromHost(host().setxattr(t.path, t.fd, name(k, a[1]), value, 0, value.length, k.int(a[4]), nofollow));
  };
  const remove = (target: (k: Kernel, a: number[]) => Target, nofollow: number): SyscallImpl => (k, a) => {
    const t = target(k, a);
    return k.errno.fromHost(host().removexattr(t.path, t.fd, name(k, a[1]), nofollow));
  };
  return {
    getxattr: get(byPath, 0), lgetxattr: get(byPath, 1), fgetxattr: get(byFd, 0),
    listxattr: list(byPath, 0), llistxattr: list(byPath, 1), flistxattr: list(byFd, 0),
    setxattr: set(byPath, 0), lsetxattr: set(byPath, 1), fsetxattr: set(byFd, 0),
    removexattr: remove(byPath, 0), lremovexattr: remove(byPath, 1), fremovexattr: remove(byFd, 0),
  };
}
