// What a 32-bit guest calls differently from a 64-bit one: syscalls whose 64-bit arguments come in
// register pairs (on ARM EABI the pair starts at an even register, so some syscalls have a padding
// argument), the *64 variants with their own structs (stat64, statfs64, flock64, loff_t results),
// the 32-bit uid syscalls, and the *_time64 syscalls with 64-bit time_t structs that glibc 2.34+
// calls first. Each is an adapter to the shared implementation; the arch's private syscalls
// (ARM: cacheflush, set_tls, ...) come from their own file.
import { armPrivateSyscalls } from './arm.ts';
import { fail } from './errors.ts';
import { doRead, doWrite, fcntl, seekFile, sendfile, statfsFd, statfsPath, statPath, truncateFd, truncatePath, utimensat, vectored } from './fs.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';
import { writeStat64Arm, writeStatfs } from './layout.ts';
import { timeSyscalls } from './proc.ts';
import * as fs from 'node:fs';

/** A 64-bit value from two 32-bit registers (low word first, as little-endian EABI passes it). */
export const pair64 = (lo: number, hi: number): number => (hi | 0) * 2 ** 32 + (lo >>> 0);

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;

/** 16-bit uid syscalls (the ones without the 32 suffix) see ids above 65535 as the overflow id. */
const lowId = (id: number): number => (id > 0xffff ? 65534 : id);

export function compat32Syscalls(base: Record<string, SyscallImpl>, arch: string): Record<string, SyscallImpl> {
  const stat64 = writeStat64Arm;
  const impls: Record<string, SyscallImpl> = {
    // 64-bit offsets in even/odd register pairs (the odd argument before them is padding).
    pread64: (k, a) => {
      const pos = pair64(a[4], a[5]);
      if (pos < 0) fail('EINVAL');
      return doRead(k, a[0], a[1], a[2], pos);
    },
    pwrite64: (k, a) => {
      const pos = pair64(a[4], a[5]);
      if (pos < 0) fail('EINVAL');
      return doWrite(k, a[0], a[1], a[2], pos);
    },
    // preadv/pwritev split the offset into pos_l, pos_h themselves: no padding.
    preadv: (k, a) => vectored(k, a[0], a[1], a[2], pair64(a[3], a[4]), false),
    pwritev: (k, a) => vectored(k, a[0], a[1], a[2], pair64(a[3], a[4]), true),
    truncate64: (k, a) => truncatePath(k, a[0], pair64(a[2], a[3])),
    ftruncate64: (k, a) => truncateFd(k, a[0], pair64(a[2], a[3])),
    arm_fadvise64_64: (k, a) => {
      k.file(a[0]);
      return 0;
    },
    _llseek: (k, a) => {
      const r = seekFile(k, a[0], pair64(a[2], a[1]), k.int(a[4]));
      if (r < 0) return r;
      k.mem.write64(a[3], r);
      return 0;
    },
    sendfile64: (k, a) => {
      if (!a[2]) return sendfile(k, a[0], a[1], a[3], null);
      const off = k.mem.read64(a[2]);
      if (off < 0) fail('EINVAL');
      const n = sendfile(k, a[0], a[1], a[3], off);
      if (n > 0) k.mem.write64(a[2], off + n);
      return n;
    },
    // struct stat64
    fstat64: (k, a) => {
      stat64(k.w, a[1], fs.fstatSync(k.file(a[0]).hostFd, { bigint: true }));
      return 0;
    },
    stat64: (k, a) => {
      stat64(k.w, a[1], statPath(k, AT_FDCWD, a[0], 0));
      return 0;
    },
    lstat64: (k, a) => {
      stat64(k.w, a[1], statPath(k, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW));
      return 0;
    },
    fstatat64: (k, a) => {
      stat64(k.w, a[2], statPath(k, a[0], a[1], k.int(a[3])));
      return 0;
    },
    // struct statfs64: ARM's is 84 bytes packed; its kernel also takes 88 (the unpacked size
    // user space computes), as arch/arm/kernel/entry-common.S's wrapper does.
    statfs64: (k, a) => {
      if (a[1] !== 84 && a[1] !== 88) fail('EINVAL');
      writeStatfs(k.w, a[2], statfsPath(k, a[0]), true);
      return 0;
    },
    fstatfs64: (k, a) => {
      if (a[1] !== 84 && a[1] !== 88) fail('EINVAL');
      writeStatfs(k.w, a[2], statfsFd(k, a[0]), true);
      return 0;
    },
    fcntl64: (k, a) => fcntl(k, a, true),
    ugetrlimit: (k, a) => base.getrlimit(k, a),
    // 64-bit time_t
    clock_gettime64: timeSyscalls(true).clock_gettime,
    clock_getres_time64: timeSyscalls(true).clock_getres,
    clock_nanosleep_time64: timeSyscalls(true).clock_nanosleep,
    utimensat_time64: (k, a) => utimensat(k, a, true),
    // Only whether a timeout was given matters to the single-threaded futex.
    futex_time64: (k, a) => base.futex(k, a),
  };
  // The 32-bit uid syscalls are the full ones; the old names take and return 16-bit ids.
  for (const name of ['getuid', 'geteuid', 'getgid', 'getegid']) {
    if (!base[name]) continue;
    impls[`${name}32`] = base[name];
    impls[name] = (k: Kernel, a: number[]) => lowId(base[name](k, a));
  }
  for (const name of ['getresuid', 'getresgid', 'getgroups', 'chown', 'lchown', 'fchown']) {
    if (base[name]) impls[`${name}32`] = base[name];
  }
  const priv = arch === 'arm' ? armPrivateSyscalls : {};
  return { ...impls, ...priv };
}
