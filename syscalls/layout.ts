// Guest struct layouts, written in one place. Word size and byte order come from the arch; the
// layouts that differ per arch (struct stat above all) are selected by `statLayout`.
import type { BigIntStats } from 'node:fs';
import type { GuestMemory } from '../src/mem/memory.ts';

export class StructWriter {
  constructor(
    private mem: GuestMemory,
    readonly wordSize: 4 | 8,
  ) {}
  private le(): boolean {
    return this.mem.littleEndian;
  }
  u8(addr: number, v: number): void {
    this.mem.write8(addr, v);
  }
  u16(addr: number, v: number): void {
    this.mem.write16(addr, v);
  }
  u32(addr: number, v: number | bigint): void {
    this.mem.write32(addr, Number(BigInt.asUintN(32, BigInt(v))));
  }
  u64(addr: number, v: number | bigint): void {
    this.mem.write64(addr, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
  }
  /** A C `long` / `unsigned long` / pointer of the guest. */
  word(addr: number, v: number | bigint): void {
    if (this.wordSize === 8) this.u64(addr, v);
    else this.u32(addr, v);
  }
  readWord(addr: number): number {
    return this.wordSize === 8 ? this.mem.read64(addr) : this.mem.read32(addr);
  }
  /** Zero a struct before filling it (padding must not leak old guest bytes). */
  zero(addr: number, len: number): void {
    this.mem.writableBytes(addr, len).fill(0);
  }
  get littleEndian(): boolean {
    return this.le();
  }
}

const NS = 1000000000n;

/** asm-generic struct stat (riscv64, aarch64): 128 bytes. */
export function writeStatGeneric64(w: StructWriter, addr: number, st: BigIntStats): void {
  w.zero(addr, 128);
  w.u64(addr + 0, st.dev);
  w.u64(addr + 8, st.ino);
  w.u32(addr + 16, st.mode);
  w.u32(addr + 20, st.nlink);
  w.u32(addr + 24, st.uid);
  w.u32(addr + 28, st.gid);
  w.u64(addr + 32, st.rdev);
  w.u64(addr + 48, st.size);
  w.u32(addr + 56, st.blksize);
  w.u64(addr + 64, st.blocks);
  w.u64(addr + 72, st.atimeNs / NS);
  w.u64(addr + 80, st.atimeNs % NS);
  w.u64(addr + 88, st.mtimeNs / NS);
  w.u64(addr + 96, st.mtimeNs % NS);
  w.u64(addr + 104, st.ctimeNs / NS);
  w.u64(addr + 112, st.ctimeNs % NS);
}

const major = (dev: bigint) => Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
const minor = (dev: bigint) => Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));

/** struct statx (same on every arch): 256 bytes. */
export function writeStatx(w: StructWriter, addr: number, st: BigIntStats, mask: number): void {
  w.zero(addr, 256);
  const STATX_BASIC_STATS = 0x7ff;
  const STATX_BTIME = 0x800;
  w.u32(addr + 0, (STATX_BASIC_STATS | STATX_BTIME) & (mask | STATX_BASIC_STATS));
  w.u32(addr + 4, st.blksize);
  w.u32(addr + 16, st.nlink);
  w.u32(addr + 20, st.uid);
  w.u32(addr + 24, st.gid);
  w.u16(addr + 28, Number(st.mode) & 0xffff);
  w.u64(addr + 32, st.ino);
  w.u64(addr + 40, st.size);
  w.u64(addr + 48, st.blocks);
  const ts = (off: number, ns: bigint) => {
    w.u64(addr + off, ns / NS);
    w.u32(addr + off + 8, ns % NS);
  };
  ts(64, st.atimeNs);
  ts(80, st.birthtimeNs);
  ts(96, st.ctimeNs);
  ts(112, st.mtimeNs);
  w.u32(addr + 128, major(st.rdev));
  w.u32(addr + 132, minor(st.rdev));
  w.u32(addr + 136, major(st.dev));
  w.u32(addr + 140, minor(st.dev));
}

/** struct timespec / timeval of the guest (long, long). */
export function writeTimespec(w: StructWriter, addr: number, sec: number | bigint, nsec: number | bigint): void {
  w.word(addr, sec);
  w.word(addr + w.wordSize, nsec);
}

/** struct stat64 of 32-bit ARM (arch/arm/include/uapi/asm/stat.h): 104 bytes, st_ino twice. */
export function writeStat64Arm(w: StructWriter, addr: number, st: BigIntStats): void {
  w.zero(addr, 104);
  w.u64(addr + 0, st.dev);
  w.u32(addr + 12, st.ino); // __st_ino: the low 32 bits
  w.u32(addr + 16, st.mode);
  w.u32(addr + 20, st.nlink);
  w.u32(addr + 24, st.uid);
  w.u32(addr + 28, st.gid);
  w.u64(addr + 32, st.rdev);
  w.u64(addr + 48, st.size);
  w.u32(addr + 56, st.blksize);
  w.u64(addr + 64, st.blocks);
  w.u32(addr + 72, st.atimeNs / NS);
  w.u32(addr + 76, st.atimeNs % NS);
  w.u32(addr + 80, st.mtimeNs / NS);
  w.u32(addr + 84, st.mtimeNs % NS);
  w.u32(addr + 88, st.ctimeNs / NS);
  w.u32(addr + 92, st.ctimeNs % NS);
  w.u64(addr + 96, st.ino);
}

/** What statfs reports; Node's StatsFs lacks fsid, namelen, frsize and flags. */
export interface FsInfo {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  namelen: number;
  frsize: number;
  flags: number;
}

/**
 * struct statfs (word-sized fields: 120 bytes on 64-bit, 64 on 32-bit) or, with `wide`, the
 * 32-bit struct statfs64 (u64 counts; ARM packs it to 84 bytes).
 */
export function writeStatfs(w: StructWriter, addr: number, s: FsInfo, wide: boolean): void {
  const ws = w.wordSize;
  const count = wide ? 8 : ws;
  const put = (off: number, v: number, size: number) => (size === 8 ? w.u64(addr + off, v) : w.u32(addr + off, v));
  const size = wide ? 84 : ws === 8 ? 120 : 64;
  w.zero(addr, size);
  put(0, s.type, ws);
  put(ws, s.bsize, ws);
  let off = 2 * ws;
  for (const v of [s.blocks, s.bfree, s.bavail, s.files, s.ffree]) {
    put(off, v, count);
    off += count;
  }
  off += 8; // f_fsid: two ints, left zero
  put(off, s.namelen, ws);
  put(off + ws, s.frsize, ws);
  put(off + 2 * ws, s.flags, ws);
}

/**
 * A struct timespec / timeval: `long` fields (the old 32-bit ABI, and every 64-bit one), or with
 * `t64` the 64-bit time_t layout of the *_time64 syscalls (__kernel_timespec: two 64-bit fields).
 */
export function timespecSize(w: StructWriter, t64: boolean): number {
  return t64 ? 16 : 2 * w.wordSize;
}
export function writeTimespecT(w: StructWriter, addr: number, sec: number | bigint, nsec: number | bigint, t64: boolean): void {
  if (t64) {
    w.u64(addr, sec);
    w.u64(addr + 8, nsec);
  } else writeTimespec(w, addr, sec, nsec);
}
/**
 * Reads [sec, nsec] as signed numbers. In the time64 layout of a 32-bit guest the kernel ignores
 * the upper half of tv_nsec (get_timespec64), and so do we.
 */
export function readTimespecT(w: StructWriter, mem: GuestMemory, addr: number, t64: boolean): [number, number] {
  if (t64) {
    const sec = mem.read64(addr);
    // The low half of the 64-bit tv_nsec: at +8 little-endian, +12 big-endian.
    const nsec = w.wordSize === 4 ? mem.readI32(addr + (mem.littleEndian ? 8 : 12)) : mem.read64(addr + 8);
    return [sec, nsec];
  }
  if (w.wordSize === 8) return [mem.read64(addr), mem.read64(addr + 8)];
  return [mem.readI32(addr), mem.readI32(addr + 4)];
}

/**
 * MIPS o32 struct stat64 (arch/mips/include/uapi/asm/stat.h): 104 bytes, 32-bit st_dev and st_rdev
 * each followed by three pad words, 64-bit st_ino, st_size and st_blocks, long timestamps.
 */
export function writeStat64Mips(w: StructWriter, addr: number, st: BigIntStats): void {
  w.zero(addr, 104);
  w.u32(addr + 0, st.dev);
  w.u64(addr + 16, st.ino);
  w.u32(addr + 24, st.mode);
  w.u32(addr + 28, st.nlink);
  w.u32(addr + 32, st.uid);
  w.u32(addr + 36, st.gid);
  w.u32(addr + 40, st.rdev);
  w.u64(addr + 56, st.size);
  w.u32(addr + 64, st.atimeNs / NS);
  w.u32(addr + 68, st.atimeNs % NS);
  w.u32(addr + 72, st.mtimeNs / NS);
  w.u32(addr + 76, st.mtimeNs % NS);
  w.u32(addr + 80, st.ctimeNs / NS);
  w.u32(addr + 84, st.ctimeNs % NS);
  w.u32(addr + 88, st.blksize);
  w.u64(addr + 96, st.blocks);
}

/** MIPS o32 struct stat of the old stat/lstat/fstat syscalls: 144 bytes, every field 32 bits. */
export function writeStatMips(w: StructWriter, addr: number, st: BigIntStats): void {
  w.zero(addr, 144);
  w.u32(addr + 0, st.dev);
  w.u32(addr + 16, st.ino);
  w.u32(addr + 20, st.mode);
  w.u32(addr + 24, st.nlink);
  w.u32(addr + 28, st.uid);
  w.u32(addr + 32, st.gid);
  w.u32(addr + 36, st.rdev);
  w.u32(addr + 48, st.size);
  w.u32(addr + 56, st.atimeNs / NS);
  w.u32(addr + 60, st.atimeNs % NS);
  w.u32(addr + 64, st.mtimeNs / NS);
  w.u32(addr + 68, st.mtimeNs % NS);
  w.u32(addr + 72, st.ctimeNs / NS);
  w.u32(addr + 76, st.ctimeNs % NS);
  w.u32(addr + 80, st.blksize);
  w.u32(addr + 84, st.blocks);
}

/**
 * MIPS struct statfs (68 bytes on o32) or, with `wide`, o32's struct statfs64 (96 bytes): MIPS
 * orders the fields its own way: f_frsize third, f_bavail after f_ffree (arch/mips/include/uapi/asm/statfs.h).
 */
export function writeStatfsMips(w: StructWriter, addr: number, s: FsInfo, wide: boolean): void {
  w.zero(addr, wide ? 96 : 68);
  w.u32(addr + 0, s.type);
  w.u32(addr + 4, s.bsize);
  w.u32(addr + 8, s.frsize);
  const counts = [s.blocks, s.bfree, s.files, s.ffree, s.bavail];
  counts.forEach((v, i) => (wide ? w.u64(addr + 16 + 8 * i, v) : w.u32(addr + 12 + 4 * i, v)));
  const after = wide ? 56 : 32; // f_fsid (left zero), then f_namelen and f_flags
  w.u32(addr + after + 8, s.namelen);
  w.u32(addr + after + 12, s.flags);
}
