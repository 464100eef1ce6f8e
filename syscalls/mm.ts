// Memory-management syscalls over the page table of src/mem (DESIGN.md 3): brk, mmap, munmap,
// mprotect, mremap, madvise. Mappings are private copies; file contents are read in at map time.
import { closeSync, fstatSync, ftruncateSync, readSync } from 'node:fs';
import { type GuestMemory, PAGE_MAPPED, PAGE_SIZE, PAGE_SHIFT, ADDRESS_SPACE, STATE_AREA } from '../src/mem/memory.ts';
import { abiConsts } from './abi-consts.ts';
import { native } from '../src/runtime/native.ts';
import { fail } from './errors.ts';
import type { Kernel, OpenFile, SyscallImpl } from './kernel.ts';

const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
// MAP_ANONYMOUS differs per ABI (MIPS: 0x800): abiConsts(k).
const MAP_FIXED_NOREPLACE = 0x100000;
const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;
const MADV_DONTNEED = 4;

const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

function anyMapped(mem: GuestMemory, start: number, len: number): boolean {
  for (let p = start >>> PAGE_SHIFT; p < (start + len) / PAGE_SIZE; p++) if (mem.pages[p] & PAGE_MAPPED) return true;
  return false;
}

/** Runs of at least this many pages are zeroed by giving them back to the host kernel. */
const DISCARD_MIN_PAGES = 16;

/**
 * Zeroes pages [first, end). Long runs go back to the host (madvise DONTNEED through the addon):
 * they read as zeros and stop counting in the RSS, where a fill would commit every page. Go maps and
 * unmaps 64 MiB reservations over and over (its arena hints on 64-bit guests).
 */
function zeroPages(mem: GuestMemory, first: number, end: number): void {
  if (end - first >= DISCARD_MIN_PAGES && native && native.discard(mem.u8, first * PAGE_SIZE, (end - first) * PAGE_SIZE) === 0) return;
  mem.u8.fill(0, first * PAGE_SIZE, end * PAGE_SIZE);
}

/** A close-on-exec copy of a host fd (F_DUPFD_CLOEXEC, the host's number): mappings keep their own. */
const dupCloexec = (fd: number): number => native!.fcntl(fd, 1030, 0);

/**
 * Pages [first, end) that a MAP_SHARED mapping backs on the host become private anonymous (zero)
 * memory again: munmap, or a new mapping over them. A range cut in two keeps a dup of its fd.
 */
export function releaseHostMapped(mem: GuestMemory, first: number, end: number): void {
  if (mem.sharedMaps.length === 0 || !native) return;
  const n = native;
  const kept: GuestMemory['sharedMaps'] = [];
  for (const m of mem.sharedMaps) {
    const from = Math.max(first, m.first), to = Math.min(end, m.end);
    if (from >= to) {
      kept.push(m);
      continue;
    }
    n.mapAnonymous(mem.u8, from * PAGE_SIZE, (to - from) * PAGE_SIZE);
    const pieces = [
      { ...m, end: from },
      { ...m, first: to, offset: m.offset + (to - m.first) * PAGE_SIZE },
    ].filter((q) => q.first < q.end);
    pieces.forEach((q, i) => kept.push(i === 0 ? q : { ...q, fd: dupCloexec(m.fd) }));
    if (pieces.length === 0) closeSync(m.fd);
  }
  mem.sharedMaps = kept;
}

/**
 * MAP_SHARED: the host maps the file (a memfd for anonymous memory) over the guest's pages, so
 * stores reach the file at once and other processes, forked children included, see them. Only a
 * file open for writing is mapped this way (a read-only one cannot be written through anyway) and
 * only its pages before the end of the file (the host would raise SIGBUS past them); the rest
 * keeps the copy made by doMmap. Returns false when nothing was mapped.
 */
function mapShared(k: Kernel, start: number, len: number, file: OpenFile | undefined, offset: number): boolean {
  const n = native;
  if (!n) return false;
  let fd: number;
  let bytes = len;
  if (!file) {
    fd = n.memfdCreate('tsemu-shared');
    if (fd < 0) return false;
    try {
      ftruncateSync(fd, len);
    } catch {
      closeSync(fd);
      return false;
    }
  } else {
    if ((file.flags & 3) !== 2) return false;
    let size: number;
    try {
      const st = fstatSync(file.hostFd);
      if (!st.isFile()) return false;
      size = st.size;
    } catch {
      return false;
    }
    bytes = Math.min(len, Math.max(0, Math.floor((size - offset + PAGE_SIZE - 1) / PAGE_SIZE) * PAGE_SIZE));
    if (bytes === 0) return false;
    fd = dupCloexec(file.hostFd);
    if (fd < 0) return false;
  }
  if (n.mapShared(k.mem.u8, start, bytes, fd, offset, 1) !== 0) {
    closeSync(fd);
    return false;
  }
  k.mem.sharedMaps.push({ first: start / PAGE_SIZE, end: (start + bytes) / PAGE_SIZE, fd, offset });
  return true;
}

/** A forked child maps its parent's MAP_SHARED ranges again, from the fds it was given. */
export function mapSharedAgain(mem: GuestMemory, maps: { first: number; end: number; fd: number; offset: number }[]): void {
  for (const given of maps) {
    // The spawned child got the fd without close-on-exec: keep a copy that has it.
    const m = { ...given, fd: native ? dupCloexec(given.fd) : -1 };
    closeSync(given.fd);
    if (m.fd < 0) continue;
    if (native!.mapShared(mem.u8, m.first * PAGE_SIZE, (m.end - m.first) * PAGE_SIZE, m.fd, m.offset, 1) !== 0) {
      closeSync(m.fd);
      continue;
    }
    mem.sharedMaps.push(m);
  }
}

/** Map [addr, addr+len) as fresh zeroed pages with `prot`. */
export function mapFixed(k: Kernel, addr: number, len: number, prot: number, name = ''): void {
  const { mem } = k;
  releaseHostMapped(mem, Math.floor(addr / PAGE_SIZE), Math.ceil((addr + len) / PAGE_SIZE));
  // Pages that were mapped before may hold old data; never-mapped pages are still zero (and stay
  // uncommitted on the host, so big PROT_NONE reservations cost nothing).
  let run = -1;
  const endPage = Math.ceil((addr + len) / PAGE_SIZE);
  for (let p = Math.floor(addr / PAGE_SIZE); p < endPage; p++) {
    if (mem.pages[p] & PAGE_MAPPED || mem.dirtyPages.has(p)) {
      mem.dirtyPages.delete(p);
      if (run < 0) run = p;
    } else if (run >= 0) {
      zeroPages(mem, run, p);
      run = -1;
    }
  }
  if (run >= 0) zeroPages(mem, run, endPage);
  mem.setPages(addr / PAGE_SIZE, (addr + len) / PAGE_SIZE, prot);
  mem.unname(addr, addr + len);
  if (name) mem.mapName(addr, addr + len, name);
}

export function unmap(k: Kernel, addr: number, len: number): void {
  const { mem } = k;
  releaseHostMapped(mem, Math.floor(addr / PAGE_SIZE), Math.ceil((addr + len) / PAGE_SIZE));
  for (let p = addr / PAGE_SIZE; p < (addr + len) / PAGE_SIZE; p++) if (mem.pages[p] & PAGE_MAPPED) mem.dirtyPages.add(p);
  mem.clearPages(addr / PAGE_SIZE, (addr + len) / PAGE_SIZE);
  mem.unname(addr, addr + len);
}

/**
 * The end of the guest's user space (MIPS32: 2 GiB; mappings above it fail as on the real kernel).
 * The threads' CPU states live at the top of the 4 GiB (STATE_AREA): no mapping, MAP_FIXED
 * included, may cover them.
 */
const userTop = (k: Kernel): number => Math.min(ADDRESS_SPACE, abiConsts(k).taskSize, STATE_AREA);

/** mmap's placement: the hint if it is free, else top-down below mmapTop (and user space's end). */
export function findAddress(k: Kernel, hint: number, len: number): number {
  const top = userTop(k);
  if (hint && hint % PAGE_SIZE === 0 && hint + len <= top && hint >= k.mmapBottom && !anyMapped(k.mem, hint, len)) return hint;
  const a = k.mem.findFree(len, Math.min(k.mmapTop, top), k.mmapBottom);
  if (a < 0) fail('ENOMEM');
  return a;
}

export function doMmap(k: Kernel, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  if (length === 0 || length > userTop(k)) fail(length === 0 ? 'EINVAL' : 'ENOMEM');
  const type = flags & (MAP_SHARED | MAP_PRIVATE);
  if (type === 0) fail('EINVAL');
  if (offset % PAGE_SIZE !== 0) fail('EINVAL');
  const len = pageUp(length);
  const anon = (flags & abiConsts(k).MAP_ANONYMOUS) !== 0;
  const file = anon ? undefined : k.file(fd);
  if (file?.isDir) fail('ENODEV');
  let start: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % PAGE_SIZE !== 0) fail('EINVAL');
    if (addr + len > userTop(k)) fail('ENOMEM');
    if (flags & MAP_FIXED_NOREPLACE && anyMapped(k.mem, addr, len)) fail('EEXIST');
    start = addr;
  } else {
    start = findAddress(k, addr - (addr % PAGE_SIZE), len);
  }
  mapFixed(k, start, len, prot, file ? file.path : '');
  if (type === MAP_SHARED && mapShared(k, start, len, file, offset)) {
    // The file's pages are the guest's now; past the end of the file, zeros as before.
    if (file) k.mem.mapName(start, start + len, file.path, offset);
    return start;
  }
  if (file) {
    const buf = k.mem.u8.subarray(start, start + length);
    let done = 0;
    while (done < length) {
      const n = readSync(file.hostFd, buf, done, length - done, offset + done);
      if (n <= 0) break;
      done += n;
    }
    k.mem.mapName(start, start + len, file.path, offset);
  }
  return start;
}

export const mmSyscalls: Record<string, SyscallImpl> = {
  brk: (k, a) => {
    const want = a[0];
    if (want === 0 || want < k.brkStart) return k.brkCur;
    const oldTop = pageUp(k.brkCur);
    const newTop = pageUp(want);
    if (newTop > oldTop) {
      if (newTop > userTop(k) || anyMapped(k.mem, oldTop, newTop - oldTop)) return k.brkCur;
      mapFixed(k, oldTop, newTop - oldTop, 3);
    } else if (newTop < oldTop) {
      unmap(k, newTop, oldTop - newTop);
    }
    if (want > k.brkCur) {
      // Linux hands out zeroed memory: the tail of the last old page may hold old heap data.
      k.mem.u8.fill(0, k.brkCur, Math.min(want, oldTop));
    }
    k.mem.mapName(pageUp(k.brkStart), Math.max(newTop, pageUp(k.brkStart)), '[heap]');
    k.brkCur = want;
    return want;
  },
  mmap: (k, a) => doMmap(k, a[0], k.ulong(a[1]), a[2], a[3], k.int(a[4]), k.long(a[5])),
  mmap2: (k, a) => doMmap(k, a[0], k.ulong(a[1]), a[2], a[3], k.int(a[4]), a[5] * 4096),
  munmap: (k, a) => {
    const addr = a[0];
    if (addr % PAGE_SIZE !== 0 || k.ulong(a[1]) === 0) fail('EINVAL');
    const len = pageUp(k.ulong(a[1]));
    if (addr + len > ADDRESS_SPACE) fail('EINVAL');
    unmap(k, addr, len);
    return 0;
  },
  mprotect: (k, a) => {
    const addr = a[0];
    if (addr % PAGE_SIZE !== 0) fail('EINVAL');
    const len = pageUp(k.ulong(a[1]));
    for (let p = addr / PAGE_SIZE; p < (addr + len) / PAGE_SIZE; p++) if (!(k.mem.pages[p] & PAGE_MAPPED)) fail('ENOMEM');
    k.mem.setPages(addr / PAGE_SIZE, (addr + len) / PAGE_SIZE, a[2]);
    return 0;
  },
  mremap: (k, a) => {
    const [old, oldLen0, newLen0, flags, newAddr] = [a[0], k.ulong(a[1]), k.ulong(a[2]), a[3], a[4]];
    if (old % PAGE_SIZE !== 0 || newLen0 === 0) fail('EINVAL');
    const oldLen = pageUp(oldLen0), newLen = pageUp(newLen0);
    if (!k.mem.check(old, Math.max(oldLen, 1), 0)) fail('EFAULT');
    const prot = k.mem.pages[old >>> PAGE_SHIFT] & 7;
    if (flags & MREMAP_FIXED) {
      if (!(flags & MREMAP_MAYMOVE) || newAddr % PAGE_SIZE !== 0) fail('EINVAL');
      if (newAddr + newLen > userTop(k)) fail('EINVAL');
      const data = k.mem.u8.slice(old, old + Math.min(oldLen, newLen));
      mapFixed(k, newAddr, newLen, prot);
      k.mem.u8.set(data, newAddr);
      unmap(k, old, oldLen);
      return newAddr;
    }
    if (newLen <= oldLen) {
      if (newLen < oldLen) unmap(k, old + newLen, oldLen - newLen);
      return old;
    }
    if (old + newLen <= userTop(k) && !anyMapped(k.mem, old + oldLen, newLen - oldLen)) {
      mapFixed(k, old + oldLen, newLen - oldLen, prot);
      return old;
    }
    if (!(flags & MREMAP_MAYMOVE)) fail('ENOMEM');
    const dest = findAddress(k, 0, newLen);
    const data = k.mem.u8.slice(old, old + oldLen);
    mapFixed(k, dest, newLen, prot);
    k.mem.u8.set(data, dest);
    unmap(k, old, oldLen);
    return dest;
  },
  madvise: (k, a) => {
    if (a[0] % PAGE_SIZE !== 0) fail('EINVAL');
    if (k.int(a[2]) === MADV_DONTNEED) {
      const len = pageUp(k.ulong(a[1]));
      for (let p = a[0] / PAGE_SIZE; p < (a[0] + len) / PAGE_SIZE; p++) {
        if (!(k.mem.pages[p] & PAGE_MAPPED)) fail('ENOMEM');
      }
      zeroPages(k.mem, a[0] / PAGE_SIZE, (a[0] + len) / PAGE_SIZE);
    }
    return 0;
  },
  msync: () => 0,
  mlock: () => 0,
  munlock: () => 0,
};
