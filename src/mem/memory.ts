// Guest address space (DESIGN.md 3): one shared WebAssembly.Memory of 4 GiB, guest address = offset.
// The host commits pages lazily, so RSS follows what the guest touches. A page table with one byte
// per 4 KiB page records mappings and permissions; it backs mmap/munmap/mprotect/brk, the fault
// decisions of the slow access path and /proc/self/maps.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
export const ADDRESS_SPACE = 2 ** 32;
export const PAGE_COUNT = ADDRESS_SPACE / PAGE_SIZE;

/** Page flags. R/W/X are Linux PROT_* values so prot can be stored as is. */
export const PAGE_READ = 1;
export const PAGE_WRITE = 2;
export const PAGE_EXEC = 4;
export const PAGE_MAPPED = 8;
/**
 * A guest load may read a page with any of these: qemu-user (the oracle, on an x86-64 host) lets a
 * page mapped PROT_WRITE or PROT_EXEC alone be read; only PROT_NONE (and no mapping) faults.
 */
export const LOAD_PERMS = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
/** Translated code was made from this page: writes through syscalls or remaps must drop it. */
export const PAGE_HAS_CODE = 16;
/**
 * Holds the page table itself (strict mode): never mapped for the guest, and mmap's searches skip
 * it (findFree). Mapping over it anyway (MAP_FIXED, brk) moves the table elsewhere.
 */
export const PAGE_TABLE_PAGE = 32;
/** Bytes of the page table (one per page of the 4 GiB space) and its own pages. */
const TABLE_BYTES = PAGE_COUNT;
const TABLE_PAGES = TABLE_BYTES / PAGE_SIZE;

/**
 * Accesses below this address take the slow path, which checks the page table. Nothing is mapped
 * there normally (Linux's vm.mmap_min_addr is 64 KiB), so null-pointer accesses fault precisely
 * while the fast path costs one unsigned compare.
 */
export const LOW_GUARD = 0x10000;
/**
 * The CPU states of the guest's threads live in guest memory, at [STATE_AREA, STATE_AREA_END):
 * WebAssembly region code can then reach registers with plain loads and stores (a module has one
 * memory). The range is above the initial stack (src/elf/load.ts) and below ARM's kuser helper
 * page; the page table leaves it unmapped and the fast path never reaches it, so to the guest it
 * is a hole that faults like any other.
 */
export const STATE_AREA = 0xfffe0000;
export const STATE_AREA_END = 0xffff0000;
/**
 * Generated code (and the interpreter) access memory directly when the high word of the address is
 * 0 and (address - LOW_GUARD) mod 2^32 is at most this; everything else (the null region, the
 * state area and above, 64-bit addresses above 4 GiB) takes the checked slow path.
 */
export const fastAccessLimit = (size: number): number => STATE_AREA - LOW_GUARD - size;
/**
 * Strict mode (GuestMemory.strict) adds a page test: an access of `size` bytes at `a` is direct
 * only when the page byte of `a` allows it (a load: any of LOAD_PERMS; a store: PAGE_WRITE) and
 * the access stays within that
 * page, i.e. (a & PAGE_MASK) <= strictPageLimit(size). Crossing accesses take the slow path,
 * which checks both pages.
 */
export const strictPageLimit = (size: number): number => PAGE_SIZE - size;

export class GuestFault extends Error {
  constructor(
    readonly addr: number,
    readonly pc: number,
    readonly write: boolean,
    /** true when the page is mapped but the access is not allowed (SEGV_ACCERR). */
    readonly accessError: boolean,
  ) {
    super(`guest fault at 0x${addr.toString(16)} (pc 0x${pc.toString(16)})`);
  }
}

/** Thrown by syscall helpers when a guest pointer is bad: the syscall returns -EFAULT. */
export class BadAddress extends Error {
  constructor(readonly addr: number) {
    super(`bad guest address 0x${addr.toString(16)}`);
  }
}

export interface MapInfo {
  /** Page-aligned start and end (exclusive) of a named range, for /proc/self/maps. */
  start: number;
  end: number;
  name: string;
  offset: number;
}

export class GuestMemory {
  readonly wasm: WebAssembly.Memory;
  readonly buffer: SharedArrayBuffer;
  readonly u8: Uint8Array;
  readonly dv: DataView;
  /**
   * The page table, one byte per page. A plain array until strict mode; from then on a view of
   * guest memory at pageTableAddr (WebAssembly code can only read its one memory), which moves if
   * the guest maps over it: read it through this field every time, never keep the view.
   */
  pages: Uint8Array;
  /** Every guest access checks page permissions (GuestMemory.setStrict, Translator.setStrictMemory). */
  strict = false;
  /** Where the page table lives in guest memory in strict mode (-1 before). */
  pageTableAddr = -1;
  /** Called after the page table moved (generated code has its address built in). */
  onPageTableMoved: () => void = () => {};
  /** Named ranges (file mappings, [heap], [stack]) for /proc/self/maps; anonymous ones are unnamed. */
  names: MapInfo[] = [];
  /** Pages unmapped after use: they may hold old data, so mapping them again zeroes them. */
  readonly dirtyPages = new Set<number>();
  /**
   * Page ranges whose host backing is a MAP_SHARED mapping of a file or memfd (syscalls/mm.ts),
   * each with its own host fd (kept for fork, whose child maps the same file) and file offset in
   * bytes. They must become private anonymous memory again before anything else is mapped there.
   */
  sharedMaps: { first: number; end: number; fd: number; offset: number }[] = [];
  /** Next free byte of the state area (allocState). */
  private stateTop = STATE_AREA;
  /** Called with a page range when code pages are written, unmapped or remapped. */
  onCodeInvalidate: (startPage: number, endPage: number) => void = () => {};

  constructor(readonly littleEndian: boolean, wasm?: WebAssembly.Memory) {
    this.wasm = wasm ?? new WebAssembly.Memory({ initial: 65536, maximum: 65536, shared: true });
    this.buffer = this.wasm.buffer as unknown as SharedArrayBuffer;
    this.u8 = new Uint8Array(this.buffer);
    this.dv = new DataView(this.buffer);
    this.pages = new Uint8Array(PAGE_COUNT);
  }

  /** Reserves `bytes` (a multiple of 16) of the state area for one CPU state; its offset. */
  allocState(bytes: number): number {
    const at = this.stateTop;
    if (at + bytes > STATE_AREA_END) throw new Error('no room for another CPU state');
    this.stateTop += bytes;
    return at;
  }

  // ---- page table -------------------------------------------------------------------------

  isMapped(addr: number): boolean {
    return (this.pages[addr >>> PAGE_SHIFT] & PAGE_MAPPED) !== 0;
  }

  /** True if [addr, addr+len) is mapped with all of `prot`. */
  check(addr: number, len: number, prot: number): boolean {
    if (len === 0) return true;
    if (addr < 0 || addr + len > ADDRESS_SPACE) return false;
    const need = prot | PAGE_MAPPED;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) {
      if ((this.pages[p] & need) !== need) return false;
    }
    return true;
  }

  setPages(startPage: number, endPage: number, prot: number): void {
    if (this.pageTableAddr >= 0) {
      const first = this.pageTableAddr >>> PAGE_SHIFT;
      if (startPage < first + TABLE_PAGES && endPage > first) this.movePageTable(startPage, endPage);
    }
    let hadCode = false;
    for (let p = startPage; p < endPage; p++) {
      if (this.pages[p] & PAGE_HAS_CODE) hadCode = true;
      this.pages[p] = (prot & 7) | PAGE_MAPPED;
    }
    if (hadCode) this.onCodeInvalidate(startPage, endPage);
  }

  clearPages(startPage: number, endPage: number): void {
    let hadCode = false;
    for (let p = startPage; p < endPage; p++) {
      if (this.pages[p] & PAGE_HAS_CODE) hadCode = true;
      // munmap over the page table leaves it reserved (it was never the guest's).
      this.pages[p] &= PAGE_TABLE_PAGE;
    }
    if (hadCode) this.onCodeInvalidate(startPage, endPage);
  }

  markCode(addr: number, len: number): void {
    const last = (addr + Math.max(len, 1) - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) this.pages[p] |= PAGE_HAS_CODE;
  }

  /** Syscall writes into guest memory (read(2) into a buffer) must drop code translated from it. */
  noteWrite(addr: number, len: number): void {
    if (len <= 0) return;
    const first = addr >>> PAGE_SHIFT;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = first; p <= last; p++) {
      if (this.pages[p] & PAGE_HAS_CODE) {
        this.onCodeInvalidate(first, last + 1);
        return;
      }
    }
  }

  /** Find `len` bytes of free address space, searching down from `below` (mmap's top-down layout). */
  findFree(len: number, below: number, above: number): number {
    const need = Math.ceil(len / PAGE_SIZE);
    let run = 0;
    for (let p = Math.floor(below / PAGE_SIZE) - 1; p >= above / PAGE_SIZE; p--) {
      if (this.pages[p] & (PAGE_MAPPED | PAGE_TABLE_PAGE)) run = 0;
      else if (++run === need) return p * PAGE_SIZE;
    }
    return -1;
  }

  // ---- strict mode -------------------------------------------------------------------------

  /**
   * Strict mode: every guest access checks its page's permissions, so PROT_NONE pages, holes and
   * read-only pages fault as on Linux. The page table moves into guest memory (1 MiB of address
   * space the guest has not mapped, highest first: below the stack, or above MIPS's 2 GiB user
   * space) where WebAssembly region code can read it. It stays there when strict mode goes off.
   * Generated code must be made again afterwards (Translator.setStrictMemory does both). Without
   * 1 MiB of free address space strict mode stays off.
   */
  setStrict(on: boolean): void {
    if (on && this.pageTableAddr < 0 && !this.placePageTable(-1, -1)) return;
    this.strict = on;
  }

  /** May a guest load read [addr, addr+len)? (Each page has one of LOAD_PERMS.) */
  checkLoad(addr: number, len: number): boolean {
    if (addr < 0 || addr + len > ADDRESS_SPACE) return false;
    const last = (addr + Math.max(len, 1) - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) if ((this.pages[p] & LOAD_PERMS) === 0) return false;
    return true;
  }

  /** May a guest load (or store) touch [addr, addr+len)? (Stores need PAGE_WRITE; loads see checkLoad.) */
  accessible(addr: number, len: number, write: boolean): boolean {
    return write ? this.check(addr, len, PAGE_WRITE) : this.checkLoad(addr, len);
  }

  /** The first byte of [addr, addr+len) a guest load (or store) may not touch; addr if none. */
  firstBadByte(addr: number, len: number, write: boolean): number {
    const last = Math.min(addr + Math.max(len, 1) - 1, ADDRESS_SPACE - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) {
      const ok = write ? (this.pages[p] & (PAGE_WRITE | PAGE_MAPPED)) === (PAGE_WRITE | PAGE_MAPPED) : (this.pages[p] & LOAD_PERMS) !== 0;
      if (!ok) return Math.max(addr, p * PAGE_SIZE);
    }
    return addr;
  }

  /** The guest maps over the page table's pages [avoidStart, avoidEnd): copy it elsewhere. */
  private movePageTable(avoidStart: number, avoidEnd: number): void {
    const old = this.pageTableAddr;
    if (!this.placePageTable(avoidStart, avoidEnd)) {
      // Nowhere to go: back to a table of its own and to default mode.
      const table = this.pages.slice();
      for (let p = old >>> PAGE_SHIFT; p < (old >>> PAGE_SHIFT) + TABLE_PAGES; p++) table[p] &= ~PAGE_TABLE_PAGE;
      this.pages = table;
      this.pageTableAddr = -1;
      this.strict = false;
    }
    // The guest's new mapping must read as zeros, like any fresh page.
    this.u8.fill(0, old, old + TABLE_BYTES);
    this.onPageTableMoved();
  }

  /** Copies the page table into free guest address space outside [avoidStart, avoidEnd) and switches to it; false if there is none. */
  private placePageTable(avoidStart: number, avoidEnd: number): boolean {
    const pages = this.pages;
    // The current table's range is avoided by address too: execve's reset of the page table
    // clears its marks.
    const curStart = this.pageTableAddr >= 0 ? this.pageTableAddr >>> PAGE_SHIFT : -1;
    const curEnd = curStart + TABLE_PAGES;
    let run = 0, at = -1;
    for (let p = (STATE_AREA >>> PAGE_SHIFT) - 1; p >= LOW_GUARD >>> PAGE_SHIFT; p--) {
      if (pages[p] & (PAGE_MAPPED | PAGE_TABLE_PAGE) || (p >= avoidStart && p < avoidEnd) || (p >= curStart && p < curEnd)) run = 0;
      else if (++run === TABLE_PAGES) {
        at = p * PAGE_SIZE;
        break;
      }
    }
    if (at < 0) return false;
    const table = new Uint8Array(this.buffer, at, TABLE_BYTES);
    table.set(pages);
    const oldFirst = this.pageTableAddr >= 0 ? this.pageTableAddr >>> PAGE_SHIFT : -1;
    if (oldFirst >= 0) for (let p = oldFirst; p < oldFirst + TABLE_PAGES; p++) table[p] &= ~PAGE_TABLE_PAGE;
    for (let p = at >>> PAGE_SHIFT; p < (at >>> PAGE_SHIFT) + TABLE_PAGES; p++) table[p] = PAGE_TABLE_PAGE;
    this.pages = table;
    this.pageTableAddr = at;
    return true;
  }

  // ---- checked accessors for the syscall layer (bad pointers -> BadAddress -> EFAULT) -------

  private need(addr: number, len: number, prot: number): void {
    if (!this.check(addr, len, prot)) throw new BadAddress(addr);
  }

  read8(addr: number): number {
    this.need(addr, 1, PAGE_READ);
    return this.u8[addr];
  }
  read16(addr: number): number {
    this.need(addr, 2, PAGE_READ);
    return this.dv.getUint16(addr, this.littleEndian);
  }
  read32(addr: number): number {
    this.need(addr, 4, PAGE_READ);
    return this.dv.getUint32(addr, this.littleEndian);
  }
  readI32(addr: number): number {
    this.need(addr, 4, PAGE_READ);
    return this.dv.getInt32(addr, this.littleEndian);
  }
  /** 64-bit read as a JS number (exact up to 2^53; guest sizes and offsets fit). */
  read64(addr: number): number {
    this.need(addr, 8, PAGE_READ);
    const lo = this.dv.getUint32(addr + (this.littleEndian ? 0 : 4), this.littleEndian);
    const hi = this.dv.getInt32(addr + (this.littleEndian ? 4 : 0), this.littleEndian);
    return hi * 4294967296 + lo;
  }
  write8(addr: number, v: number): void {
    this.need(addr, 1, PAGE_WRITE);
    this.u8[addr] = v;
    this.noteWrite(addr, 1);
  }
  write16(addr: number, v: number): void {
    this.need(addr, 2, PAGE_WRITE);
    this.dv.setUint16(addr, v, this.littleEndian);
    this.noteWrite(addr, 2);
  }
  write32(addr: number, v: number): void {
    this.need(addr, 4, PAGE_WRITE);
    this.dv.setUint32(addr, v >>> 0, this.littleEndian);
    this.noteWrite(addr, 4);
  }
  /** 64-bit write of a JS number (integral, |v| < 2^53) or of a bigint. */
  write64(addr: number, v: number | bigint): void {
    this.need(addr, 8, PAGE_WRITE);
    const b = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
    this.dv.setBigUint64(addr, b, this.littleEndian);
    this.noteWrite(addr, 8);
  }
  readBytes(addr: number, len: number): Uint8Array {
    this.need(addr, len, PAGE_READ);
    return this.u8.subarray(addr, addr + len);
  }
  /** A view that a syscall will fill: checked for write access, code invalidated. */
  writableBytes(addr: number, len: number): Uint8Array {
    this.need(addr, len, PAGE_WRITE);
    this.noteWrite(addr, len);
    return this.u8.subarray(addr, addr + len);
  }
  writeBytes(addr: number, data: Uint8Array): void {
    this.writableBytes(addr, data.length).set(data);
  }
  readCString(addr: number, max = 1 << 20): Uint8Array {
    let end = addr;
    for (;;) {
      if (end - addr >= max) throw new BadAddress(addr);
      if ((end & PAGE_MASK) === 0 || end === addr) this.need(end, 1, PAGE_READ);
      if (this.u8[end] === 0) break;
      end++;
    }
    return this.u8.subarray(addr, end);
  }
  readString(addr: number): string {
    return Buffer.from(this.readCString(addr)).toString('utf8');
  }
  /** Path strings keep raw bytes (latin1 round-trips every byte; Node's fs takes Buffers). */
  readPath(addr: number): Buffer {
    return Buffer.from(this.readCString(addr, 4096));
  }

  mapName(start: number, end: number, name: string, offset = 0): void {
    this.unname(start, end);
    this.names.push({ start, end, name, offset });
  }
  /** Drop or trim names over [start, end) (after munmap or MAP_FIXED over a range). */
  unname(start: number, end: number): void {
    const out: MapInfo[] = [];
    for (const m of this.names) {
      if (m.end <= start || m.start >= end) out.push(m);
      else {
        if (m.start < start) out.push({ ...m, end: start });
        if (m.end > end) out.push({ ...m, start: end, offset: m.offset + (end - m.start) });
      }
    }
    this.names = out;
  }
}
