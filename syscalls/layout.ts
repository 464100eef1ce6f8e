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
