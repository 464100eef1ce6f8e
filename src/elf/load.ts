// The ELF loader: maps the program (ET_EXEC or ET_DYN) and its PT_INTERP dynamic linker into the
// guest address space and builds the initial stack (argv, envp, auxv) as Linux's binfmt_elf does.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import type { GuestArch } from '../arch/types.ts';
import { PAGE_SIZE } from '../mem/memory.ts';
import type { Kernel } from '../../syscalls/kernel.ts';
import { findAddress, mapFixed } from '../../syscalls/mm.ts';
import { abiConsts } from '../../syscalls/abi-consts.ts';
import { ET_DYN, ET_EXEC, ElfError, ElfFile, PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, machineName } from './parse.ts';

export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9, UID: 11, EUID: 12,
  GID: 13, EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17, SECURE: 23, BASE_PLATFORM: 24, RANDOM: 25, HWCAP2: 26, EXECFN: 31,
} as const;

/** Where things go in the 4 GiB guest window. */
export const LAYOUT = {
  /** ET_DYN programs (PIE, static-pie) are placed here. */
  pieBase: 0x00400000,
  stackTop: 0xfffe0000,
  defaultStackSize: 8 * 1024 * 1024,
};

/** The stack ends at the top of user space: below TASK_SIZE (MIPS32: 2 GiB) or the window's top. */
function stackTopFor(k: Kernel): number {
  return Math.min(LAYOUT.stackTop, abiConsts(k).taskSize);
}

export interface LoadOptions {
  exePath: string;
  argv: string[];
  env: string[];
  sysroot?: string;
  stackSize?: number;
  /** Bytes for AT_RANDOM (from -seed); random otherwise. */
  random: Uint8Array;
}

export interface LoadedImage {
  entry: number;
  sp: number;
  exeBase: number;
  interpBase: number;
}

const pageDown = (n: number) => n - (n % PAGE_SIZE);
const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

/** Resolve `path` inside `root`, re-rooting absolute symlinks so they stay in the sysroot. */
export function resolveInRoot(root: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  let cur = '/';
  for (let hops = 0, i = 0; i < parts.length; i++) {
    const next = posix.join(cur, parts[i]);
    let st;
    try {
      st = lstatSync(join(root, next));
    } catch {
      return join(root, posix.join(next, ...parts.slice(i + 1)));
    }
    if (st.isSymbolicLink()) {
      if (++hops > 40) throw new ElfError(`too many levels of symbolic links in ${path}`);
      const target = readlinkSync(join(root, next), 'utf8');
      const rest = parts.slice(i + 1);
      const resolved = isAbsolute(target) ? target : posix.join(cur, target);
      parts.splice(0, parts.length, ...resolved.split('/').filter(Boolean), ...rest);
      cur = '/';
      i = -1;
      continue;
    }
    cur = next;
  }
  return join(root, cur);
}

/**
 * e_ident and e_machine against the guest, read without trusting the rest of the header: a file for
 * another arch or byte order is reported as such, not as whatever its header looks like to us.
 */
function foreignElf(b: Uint8Array, arch: GuestArch): string | undefined {
  if (b.length < 20 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46 || (b[5] !== 1 && b[5] !== 2)) return undefined;
  const le = b[5] === 1;
  if (le !== arch.littleEndian) return `${le ? 'little' : 'big'}-endian binary, but this is tsemu-${arch.name}`;
  const machine = le ? b[18] | (b[19] << 8) : (b[18] << 8) | b[19];
  if (machine !== arch.elfMachine) return `${machineName(machine)} binary, but this is tsemu-${arch.name}`;
  return undefined;
}

function readElf(path: string, what: string, arch: GuestArch): ElfFile {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'EISDIR' ? 'Is a directory' : String(code);
    throw new ElfError(`Could not open '${what}': ${reason}`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  try {
    return new ElfFile(bytes);
  } catch (e) {
    // Parse errors name the file, and a foreign file says so rather than how it fails to parse.
    if (e instanceof ElfError) throw new ElfError(`${what}: ${foreignElf(bytes, arch) ?? e.message}`);
    throw e;
  }
}

function checkElf(elf: ElfFile, arch: GuestArch, path: string): void {
  const h = elf.header;
  if (h.machine !== arch.elfMachine) throw new ElfError(`${path}: ${machineName(h.machine)} binary, but this is tsemu-${arch.name}`);
  if (h.littleEndian !== arch.littleEndian) throw new ElfError(`${path}: ${h.littleEndian ? 'little' : 'big'}-endian binary, but this is tsemu-${arch.name}`);
  if (h.type !== ET_EXEC && h.type !== ET_DYN) throw new ElfError(`${path}: not an executable (ELF type ${h.type})`);
  const bad = arch.checkElf(h.is64, h.flags, elf);
  if (bad) throw new ElfError(`${path}: ${bad}`);
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) throw new ElfError(`${path}: no loadable segments`);
  for (const p of loads) {
    if (p.filesz > p.memsz) throw new ElfError(`${path}: segment file size exceeds its memory size`);
    if (p.offset + p.filesz > elf.data.length) throw new ElfError(`${path}: truncated ELF file (segment data lies beyond the end of the file)`);
    if (p.vaddr + p.memsz > 2 ** 32 || p.memsz > 2 ** 32) throw new ElfError(`${path}: segment at 0x${p.vaddr.toString(16)} does not fit the 4 GiB guest address space`);
    if (p.align > 1 && (p.vaddr - p.offset) % Math.min(p.align, PAGE_SIZE) !== 0) throw new ElfError(`${path}: misaligned segment`);
  }
}

/** Maps every PT_LOAD of `elf` at `bias`; returns the end of the highest segment. */
function mapImage(k: Kernel, elf: ElfFile, bias: number, name: string): number {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  let end = 0;
  const prot = (f: number) => (f & PF_R ? 1 : 0) | (f & PF_W ? 2 : 0) | (f & PF_X ? 4 : 0);
  for (const p of loads) {
    const start = pageDown(bias + p.vaddr);
    const stop = pageUp(bias + p.vaddr + p.memsz);
    // Pages shared with the previous segment keep their contents and get the union of rights.
    for (let pg = start; pg < stop; pg += PAGE_SIZE) {
      if (k.mem.isMapped(pg) && pg < end) k.mem.setPages(pg / PAGE_SIZE, pg / PAGE_SIZE + 1, (k.mem.pages[pg / PAGE_SIZE] & 7) | prot(p.flags));
      else mapFixed(k, pg, PAGE_SIZE, prot(p.flags));
    }
    k.mem.u8.set(elf.data.subarray(p.offset, p.offset + p.filesz), bias + p.vaddr);
    // bss: zero from the end of the file data to the end of memory, partial pages included
    k.mem.u8.fill(0, bias + p.vaddr + p.filesz, bias + p.vaddr + p.memsz);
    k.mem.mapName(start, stop, name, pageDown(p.offset));
    end = Math.max(end, stop);
  }
  return end;
}

function span(elf: ElfFile): [number, number] {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  const lo = pageDown(Math.min(...loads.map((p) => p.vaddr)));
  const hi = pageUp(Math.max(...loads.map((p) => p.vaddr + p.memsz)));
  return [lo, hi];
}

export function loadProgram(k: Kernel, arch: GuestArch, opts: LoadOptions): LoadedImage {
  const exe = readElf(opts.exePath, opts.exePath, arch);
  checkElf(exe, arch, opts.exePath);
  const [lo, hi] = span(exe);
  const exeBias = exe.header.type === ET_DYN && lo === 0 ? LAYOUT.pieBase : 0;
  if (exeBias + hi > 2 ** 32) throw new ElfError(`${opts.exePath}: does not fit the 4 GiB guest address space`);
  const exeEnd = mapImage(k, exe, exeBias, k.realExe());

  // The stack, at the top of the window; mmap allocates below it.
  const stackSize = pageUp(opts.stackSize ?? LAYOUT.defaultStackSize);
  const stackTop = stackTopFor(k);
  const stackBottom = stackTop - stackSize;
  const gnuStack = exe.programHeaders.find((p) => p.type === PT_GNU_STACK);
  const stackProt = 3 | (gnuStack && gnuStack.flags & PF_X ? 4 : 0);
  mapFixed(k, stackBottom, stackSize, stackProt, '[stack]');
  k.stackLimit = stackSize;
  k.mmapTop = stackBottom - 16 * PAGE_SIZE;
  k.mmapBottom = Math.max(exeEnd + 64 * 1024 * 1024, 0x10000000);

  let interpBase = 0;
  let entry = exeBias + exe.header.entry;
  let interpPath: string | undefined;
  try {
    interpPath = exe.interpreter();
  } catch (e) {
    throw e instanceof ElfError ? new ElfError(`${opts.exePath}: ${e.message}`) : e;
  }
  if (interpPath !== undefined) {
    const hostInterp = opts.sysroot ? resolveInRoot(opts.sysroot, interpPath) : interpPath;
    const interp = readElf(hostInterp, interpPath, arch);
    checkElf(interp, arch, interpPath);
    const [ilo, ihi] = span(interp);
    interpBase = interp.header.type === ET_DYN ? findAddress(k, 0, ihi - ilo) - ilo : 0;
    mapImage(k, interp, interpBase, hostInterp);
    entry = interpBase + interp.header.entry;
  }

  k.brkStart = k.brkCur = exeEnd;

  // ARM's kuser helper page: read+exec, unnamed (as qemu-arm lists it in /proc/self/maps).
  if (arch.vectorsPage) {
    const { addr, bytes } = arch.vectorsPage;
    mapFixed(k, addr, pageUp(bytes.length), 1 | 4);
    k.mem.u8.set(bytes, addr);
  }

  // The arch's signal return trampoline, where its libc expects the kernel to provide one (vDSO).
  const tramp = arch.signals?.trampoline;
  if (tramp) {
    const at = findAddress(k, 0, pageUp(tramp.code.length));
    mapFixed(k, at, pageUp(tramp.code.length), 1 | 4);
    k.mem.u8.set(tramp.code, at);
    k.sigTrampoline = at;
  }

  // AT_PHDR: PT_PHDR if present, else the headers inside the first segment that maps them.
  const h = exe.header;
  let phdr = 0;
  const pt = exe.programHeaders.find((p) => p.type === PT_PHDR);
  if (pt) phdr = exeBias + pt.vaddr;
  else {
    const seg = exe.programHeaders.find((p) => p.type === PT_LOAD && p.offset <= h.phoff && h.phoff < p.offset + p.filesz);
    if (seg) phdr = exeBias + seg.vaddr + (h.phoff - seg.offset);
  }
  const sp = buildStack(k, arch, opts, [
    [AT.PHDR, phdr],
    [AT.PHENT, h.phentsize],
    [AT.PHNUM, h.phnum],
    [AT.PAGESZ, PAGE_SIZE],
    [AT.BASE, interpBase],
    [AT.FLAGS, 0],
    [AT.ENTRY, exeBias + h.entry],
    [AT.UID, process.getuid?.() ?? 0],
    [AT.EUID, process.geteuid?.() ?? 0],
    [AT.GID, process.getgid?.() ?? 0],
    [AT.EGID, process.getegid?.() ?? 0],
    [AT.HWCAP, arch.hwcap],
    ...(arch.hwcap2 !== undefined ? [[AT.HWCAP2, arch.hwcap2] as [number, number]] : []),
    [AT.CLKTCK, 100],
    [AT.SECURE, 0],
  ]);
  return { entry, sp, exeBase: exeBias, interpBase };
}

/** Lays out strings, AT_RANDOM bytes, auxv, envp, argv and argc; returns the initial sp. */
function buildStack(k: Kernel, arch: GuestArch, opts: LoadOptions, aux: [number, number][]): number {
  const mem = k.mem;
  const ws = arch.is64 ? 8 : 4;
  let sp = stackTopFor(k);
  const pushBytes = (b: Uint8Array): number => {
    sp -= b.length;
    mem.u8.set(b, sp);
    return sp;
  };
  const cstr = (s: string, encoding: 'utf8' | 'latin1') => pushBytes(Buffer.from(s + '\0', encoding));
  const execfn = cstr(opts.exePath, 'utf8');
  // argv and envp are byte strings (src/cli/main.ts): each char one byte, exactly as given.
  const envPtrs = opts.env.map((s) => cstr(s, 'latin1'));
  const argPtrs = opts.argv.map((s) => cstr(s, 'latin1'));
  const platform = arch.platform ? cstr(arch.platform, 'utf8') : 0;
  const basePlatform = arch.basePlatform ? cstr(arch.basePlatform, 'utf8') : 0;
  sp -= sp % 16;
  const random = pushBytes(opts.random.subarray(0, 16));
  sp -= sp % 16;
  const auxv: [number, number][] = [...aux];
  if (platform) auxv.push([AT.PLATFORM, platform]);
  auxv.push([AT.RANDOM, random], [AT.EXECFN, execfn]);
  if (basePlatform) auxv.push([AT.BASE_PLATFORM, basePlatform]);
  auxv.push([AT.NULL, 0]);
  const words = 1 + argPtrs.length + 1 + envPtrs.length + 1 + auxv.length * 2;
  sp -= words * ws;
  sp -= sp % 16;
  let p = sp;
  const put = (v: number) => {
    k.w.word(p, v);
    p += ws;
  };
  put(argPtrs.length);
  argPtrs.forEach(put);
  put(0);
  envPtrs.forEach(put);
  put(0);
  const auxStart = p;
  for (const [t, v] of auxv) {
    put(t);
    put(v);
  }
  k.auxv = mem.u8.slice(auxStart, p);
  return sp;
}
