// What a 32-bit guest calls differently from a 64-bit one: syscalls whose 64-bit arguments come in
// register pairs (on ARM EABI the pair starts at an even register, so some syscalls have a padding
// argument), the *64 variants with their own structs (stat64, statfs64, flock64, loff_t results),
// the 32-bit uid syscalls, and the *_time64 syscalls with 64-bit time_t structs that glibc 2.34+
// calls first. Each is an adapter to the shared implementation; the arch's private syscalls
// (ARM: cacheflush, set_tls, ...; MIPS: set_thread_area, sysmips, ...) come from their own file.
// MIPS o32 passes 64-bit arguments in even/odd pairs as ARM EABI does, but a big-endian guest
// puts the high word first (arch/mips/kernel/scall32-o32.S, the C prototypes of linux/syscalls.h).
import { armPrivateSyscalls } from './arm.ts';
import { fail } from './errors.ts';
import { doRead, doWrite, fcntl, putStatfs, seekFile, sendfile, statfsFd, statfsPath, statPath, truncateFd, truncatePath, utimensat, vectored } from './fs.ts';
import type { Kernel, SyscallImpl } from './kernel.ts';
import { writeStat64Arm, writeStat64Mips } from './layout.ts';
import { mipsPrivateSyscalls } from './mips.ts';
import { timeSyscalls } from './proc.ts';
import * as fs from 'node:fs';

/** A 64-bit value from its two 32-bit halves. */
export const pair64 = (lo: number, hi: number): number => (hi | 0) * 2 ** 32 + (lo >>> 0);
/** A 64-bit argument in two consecutive argument slots, in the guest's memory order (low word first on little-endian). */
export const argPair = (k: Kernel, first: number, second: number): number => (k.mem.littleEndian ? pair64(first, second) : pair64(second, first));

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;

/** 16-bit uid syscalls (the ones without the 32 suffix) see ids above 65535 as the overflow id. */
const lowId = (id: number): number => (id > 0xffff ? 65534 : id);

export function compat32Syscalls(base: Record<string, SyscallImpl>, arch: string): Record<string, SyscallImpl> {
  const mips = arch === 'mips' || arch === 'mipsel';
  const stat64 = mips ? writeStat64Mips : writeStat64Arm;
  // struct statfs64's size as user space passes it: ARM's is 84 bytes packed, and its kernel also
  // takes 88 (the unpacked size), as arch/arm/kernel/entry-common.S's wrapper does; MIPS's is 96.
  const statfs64Sizes = mips ? [96] : [84, 88];
  const impls: Record<string, SyscallImpl> = {
    // 64-bit offsets in even/odd register pairs (the odd argument before them is padding).
    pread64: (k, a) => {
      const pos = argPair(k, a[4], a[5]);
      if (pos < 0) fail('EINVAL');
      return doRead(k, a[0], a[1], a[2], pos);
    },
    pwrite64: (k, a) => {
      const pos = argPair(k, a[4], a[5]);
      if (pos < 0) fail('EINVAL');
      return doWrite(k, a[0], a[1], a[2], pos);
    },
    // preadv/pwritev split the offset into pos_l, pos_h themselves: no padding.
    preadv: (k, a) => vectored(k, a[0], a[1], a[2], pair64(a[3], a[4]), false),
    pwritev: (k, a) => vectored(k, a[0], a[1], a[2], pair64(a[3], a[4]), true),
    truncate64: (k, a) => truncatePath(k, a[0], argPair(k, a[2], a[3])),
    ftruncate64: (k, a) => truncateFd(k, a[0], argPair(k, a[2], a[3])),
    // readahead(fd, [pad], offset, count): only the descriptor can be wrong for a regular file.
    readahead: (k, a) => {
      k.file(a[0]);
      return 0;
    },
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
    statfs64: (k, a) => {
      if (!statfs64Sizes.includes(a[1])) fail('EINVAL');
      putStatfs(k, a[2], statfsPath(k, a[0]), true);
      return 0;
    },
    fstatfs64: (k, a) => {
      if (!statfs64Sizes.includes(a[1])) fail('EINVAL');
      putStatfs(k, a[2], statfsFd(k, a[0]), true);
      return 0;
    },
    fcntl64: (k, a) => fcntl(k, a, true),
    ugetrlimit: (k, a) => base.getrlimit(k, a),
    // 64-bit time_t
    clock_gettime64: timeSyscalls(true).clock_gettime,
    clock_getres_time64: timeSyscalls(true).clock_getres,
    clock_nanosleep_time64: timeSyscalls(true).clock_nanosleep,
    utimensat_time64: (k, a) => utimensat(k, a, true),
  };
  // ARM's 32-bit uid syscalls are the full ones; its old names take and return 16-bit ids.
  // MIPS never had 16-bit ids: its getuid & co. are the full ones.
  if (!mips) {
    for (const name of ['getuid', 'geteuid', 'getgid', 'getegid']) {
      if (!base[name]) continue;
      impls[`${name}32`] = base[name];
      impls[name] = (k: Kernel, a: number[]) => lowId(base[name](k, a));
    }
    for (const name of ['getresuid', 'getresgid', 'getgroups', 'chown', 'lchown', 'fchown']) {
      if (base[name]) impls[`${name}32`] = base[name];
    }
  }
  if (arch === 'arm') return { ...impls, ...armPrivateSyscalls };
  if (!mips) return impls;
  // The indirect `syscall` needs the merged table, which includes itself.
  const all: Record<string, SyscallImpl> = {};
  const priv = mipsPrivateSyscalls(all);
  Object.assign(all, base, impls, priv);
  return { ...impls, ...priv };
}
