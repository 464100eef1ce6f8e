// Handing a guest process to a new host process of tsemu (DESIGN.md 6). Node cannot fork itself,
// so a guest fork starts `node bin/tsemu-<arch> -fork-state=N <the same options>` with the guest's
// descriptors at their guest numbers and a memfd at N holding the rest: registers, the page table
// and the contents of the pages that hold data, mapping names, kernel fields, the fd table's guest
// view, signal dispositions and mask. The child restores all that instead of loading a program and
// resumes after the fork syscall with 0 as its result.
//
// The same file, with kind 'exec', starts a program in a new tsemu when this one cannot run it in
// place: another guest arch (execve through the matching tsemu) or an exec from an in-process vfork
// child. It then carries the program, argv, envp, cwd, umask, descriptors and the signals that
// execve keeps (ignored ones and the mask), and the child loads the program itself.
//
// File layout: u32 magic, u32 length of the JSON header (host byte order), the header, then page
// records from native.dumpPages.
import { closeSync, existsSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import { SLOT_SP as A64_SP } from '../arch/aarch64/state.ts';
import { rslot } from '../arch/arm/state.ts';
import { gslot } from '../arch/mips/state.ts';
import { xslot as rvXslot } from '../arch/riscv/state.ts';
import type { CpuState, GuestArch } from '../arch/types.ts';
import { loadProgram } from '../elf/load.ts';
import { type MapInfo, PAGE_MAPPED, PAGE_SHIFT, STATE_AREA, STATE_AREA_END } from '../mem/memory.ts';
import { SysError } from '../../syscalls/errors.ts';
import type { Kernel, OpenFile } from '../../syscalls/kernel.ts';
import { mapSharedAgain } from '../../syscalls/mm.ts';
import { requireNative } from './native.ts';
import { seededBytes } from './run.ts';

const MAGIC = 0x54535053; // "TSPS"
/** The hidden command-line option that names the state fd (src/cli/main.ts). */
export const STATE_OPTION = 'fork-state';

/** A failed host call's -errno as the guest's error. */
export function hostFail(r: number): never {
  const name = Object.entries(osConstants.errno).find(([, v]) => v === -r)?.[0];
  throw new SysError(name ?? 'EIO');
}

/** One guest descriptor as the receiving process rebuilds it (its host fd is its guest number). */
export interface FdView {
  fd: number;
  /** Descriptors with the same share id are dup()s of one open file description. */
  share: number;
  flags: number;
  path: string;
  isDir: boolean;
  cloexec: boolean;
}

/** What clone asked for the child, beyond a copy of the process. */
export interface CloneRequest {
  /** New stack pointer (0: keep the parent's). */
  stack: number;
  /** CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID address (0: none). */
  ctid: number;
  setTid: boolean;
  clearTid: boolean;
}

interface CommonState {
  arch: string;
  exePath: string;
  argv: string[];
  cwd: string;
  umask: number;
  fds: FdView[];
}

interface ForkState extends CommonState {
  kind: 'fork';
  regs: number[];
  pc: number;
  /** Runs of mapped pages: [first page, end page, prot]. */
  pages: [number, number, number][];
  names: MapInfo[];
  brkStart: number;
  brkCur: number;
  mmapTop: number;
  mmapBottom: number;
  auxv: string;
  tidAddress: number;
  stackLimit?: number;
  sigTrampoline: number;
  signals: ReturnType<Kernel['signals']['snapshot']>;
  fpMode?: number;
  clone: CloneRequest;
  /**
   * MAP_SHARED ranges ([first page, end page, file offset]); the i-th one's file is the host fd just
   * above the state fd (stateFd + 1 + i), which spawnTsemu's extra fds put there.
   */
  shared?: [number, number, number][];
}

interface ExecState extends CommonState {
  kind: 'exec';
  env: string[];
  /** Signals by name (the next program may be another arch, which numbers them differently). */
  ignored: string[];
  blocked: string[];
  stackSize?: number;
  seed?: number;
}

type ProcessState = ForkState | ExecState;

/** What the exec side needs to start another program: -s and -seed of this tsemu. */
export interface LoadSettings {
  stackSize?: number;
  seed?: number;
}

// ---- descriptors -------------------------------------------------------------------------------

/**
 * The guest fd table for a new process: flat [host fd, guest fd] pairs for spawn/execReplace and
 * its guest view. `exec`: close-on-exec descriptors stay behind.
 */
export function fdTable(k: Kernel, exec: boolean): { pairs: number[]; view: FdView[] } {
  const shares = new Map<OpenFile, number>();
  const pairs: number[] = [];
  const view: FdView[] = [];
  k.fds.forEach((d, n) => {
    if (!d || (exec && d.cloexec)) return;
    let share = shares.get(d.file);
    if (share === undefined) shares.set(d.file, (share = shares.size));
    pairs.push(d.file.hostFd, n);
    view.push({ fd: n, share, flags: d.file.flags, path: d.file.path, isDir: d.file.isDir, cloexec: exec ? false : d.cloexec });
  });
  return { pairs, view };
}

/**
 * Rebuilds the guest fd table in a process started with every guest fd at its own host number.
 * Each shared description keeps its lowest descriptor's host fd; the other copies are closed,
 * except host 0-2, which stay open (tsemu's own stderr) and are never closed for the guest.
 */
function applyFdView(k: Kernel, view: FdView[]): void {
  const files = new Map<number, OpenFile>();
  k.fds = [];
  for (const v of [...view].sort((a, b) => a.fd - b.fd)) {
    let file = files.get(v.share);
    if (!file) {
      file = { hostFd: v.fd, refs: 0, path: v.path, flags: v.flags, isDir: v.isDir, keepOpen: v.fd <= 2 };
      files.set(v.share, file);
    } else if (v.fd > 2) {
      try {
        closeSync(v.fd);
      } catch {
        // already closed: nothing to release
      }
    }
    file.refs++;
    k.fds[v.fd] = { file, cloexec: v.cloexec };
  }
}

// ---- signals -----------------------------------------------------------------------------------

const SIG_IGN = 1;

/** Names of the guest signals that are ignored and that are blocked. */
function signalNames(k: Kernel): { ignored: string[]; blocked: string[] } {
  const s = k.signals;
  const ignored: string[] = [];
  const blocked: string[] = [];
  for (let sig = 1; sig <= s.nsig; sig++) {
    if (s.actions[sig]?.handler === SIG_IGN) ignored.push(s.name(sig));
    if (s.isBlocked(sig)) blocked.push(s.name(sig));
  }
  return { ignored, blocked };
}

/** The guest's ignored and blocked signals as host numbers (for a host program started for it). */
export function hostSignalSets(k: Kernel): { ignored: number[]; blocked: number[] } {
  const s = k.signals;
  const ignored: number[] = [];
  const blocked: number[] = [];
  for (let sig = 1; sig <= s.nsig; sig++) {
    const host = s.hostSignal(sig);
    if (host === 0) continue;
    if (s.actions[sig]?.handler === SIG_IGN) ignored.push(host);
    if (s.isBlocked(sig)) blocked.push(host);
  }
  return { ignored, blocked };
}

function applySignalNames(k: Kernel, ignored: string[], blocked: string[]): void {
  const s = k.signals;
  const byName = new Map<string, number>();
  for (let sig = 1; sig <= s.nsig; sig++) byName.set(s.name(sig), sig);
  for (const n of ignored) {
    const sig = byName.get(n);
    if (sig !== undefined && n !== 'SIGKILL' && n !== 'SIGSTOP') s.setAction(sig, { handler: SIG_IGN, flags: 0, restorer: 0, mask: new Uint32Array(s.words) });
  }
  const mask = new Uint32Array(s.words);
  for (const n of blocked) {
    const sig = byName.get(n);
    if (sig !== undefined) mask[(sig - 1) >> 5] |= 1 << ((sig - 1) & 31);
  }
  s.setMask(mask);
}

// ---- registers ---------------------------------------------------------------------------------

/** Sets the guest stack pointer (a clone that gave a stack). */
export function setStackPointer(arch: GuestArch, cpu: CpuState, sp: number): void {
  const put64 = (slot: number) => {
    cpu.R[slot] = sp | 0;
    cpu.R[slot + 1] = Math.floor(sp / 4294967296) | 0;
  };
  switch (arch.name) {
    case 'riscv64':
      return put64(rvXslot(2));
    case 'aarch64':
      return put64(A64_SP);
    case 'arm':
      cpu.R[rslot(13)] = sp | 0;
      return;
    case 'mips':
    case 'mipsel':
      cpu.R[gslot(29)] = sp | 0;
      return;
    default:
      throw new Error(`tsemu: no stack pointer known for ${arch.name}`);
  }
}

// ---- the state file ----------------------------------------------------------------------------

/** A new memfd (close-on-exec) holding `state` and, for a fork, the guest's pages. */
function writeState(k: Kernel, state: ProcessState): number {
  const native = requireNative('fork and exec');
  const fd = native.memfdCreate('tsemu-process-state');
  if (fd < 0) hostFail(fd);
  try {
    const json = Buffer.from(JSON.stringify(state), 'utf8');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(MAGIC, 0);
    head.writeUInt32LE(json.length, 4);
    writeAll(fd, head);
    writeAll(fd, json);
    if (state.kind === 'fork') {
      for (const [first, end] of state.pages) {
        const r = native.dumpPages(fd, k.mem.u8, first, end);
        if (r < 0) hostFail(r);
      }
    }
    return fd;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function writeAll(fd: number, b: Buffer): void {
  for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
}

function readState(fd: number): { state: ProcessState; pagesAt: number } {
  const head = Buffer.alloc(8);
  if (readSync(fd, head, 0, 8, 0) !== 8 || head.readUInt32LE(0) !== MAGIC) throw new Error('tsemu: the process state file is not one');
  const len = head.readUInt32LE(4);
  const json = Buffer.alloc(len);
  for (let at = 0; at < len; ) {
    const n = readSync(fd, json, at, len - at, 8 + at);
    if (n <= 0) throw new Error('tsemu: the process state file is truncated');
    at += n;
  }
  return { state: JSON.parse(json.toString('utf8')) as ProcessState, pagesAt: 8 + len };
}

function commonState(k: Kernel, exec: boolean): CommonState {
  return { arch: k.arch.name, exePath: k.opts.exePath, argv: k.opts.argv, cwd: k.cwd, umask: k.umask, fds: fdTable(k, exec).view };
}

/** Runs of mapped pages outside the CPU state area, as [first, end, prot]. */
function pageRuns(k: Kernel): [number, number, number][] {
  const pages = k.mem.pages;
  const runs: [number, number, number][] = [];
  const skipFrom = STATE_AREA >>> PAGE_SHIFT, skipTo = STATE_AREA_END >>> PAGE_SHIFT;
  for (let p = 0; p < pages.length; ) {
    if (!(pages[p] & PAGE_MAPPED) || (p >= skipFrom && p < skipTo)) {
      p++;
      continue;
    }
    const prot = pages[p] & 7;
    let q = p + 1;
    while (q < pages.length && (pages[q] & (PAGE_MAPPED | 7)) === (PAGE_MAPPED | prot) && !(q >= skipFrom && q < skipTo)) q++;
    runs.push([p, q, prot]);
    p = q;
  }
  return runs;
}

/** Writes the forking process's state; returns the host fd (close-on-exec) the child reads it from. */
export function writeForkState(k: Kernel, cpu: CpuState, clone: CloneRequest = { stack: 0, ctid: 0, setTid: false, clearTid: false }): number {
  const fpMode = (k.arch as { fpMode?: () => number }).fpMode?.();
  return writeState(k, {
    kind: 'fork',
    ...commonState(k, false),
    regs: Array.from(cpu.R),
    pc: cpu.pc,
    pages: pageRuns(k),
    names: k.mem.names,
    brkStart: k.brkStart,
    brkCur: k.brkCur,
    mmapTop: k.mmapTop,
    mmapBottom: k.mmapBottom,
    auxv: Buffer.from(k.auxv).toString('base64'),
    tidAddress: k.tidAddress,
    stackLimit: k.stackLimit,
    sigTrampoline: k.sigTrampoline,
    signals: k.signals.snapshot(),
    fpMode,
    clone,
    shared: k.mem.sharedMaps.map((m) => [m.first, m.end, m.offset]),
  });
}

/** The host fds of the MAP_SHARED ranges, in ForkState.shared's order, for spawnTsemu's extra fds. */
export function sharedMapFds(k: Kernel): number[] {
  return k.mem.sharedMaps.map((m) => m.fd);
}

/**
 * Writes the state for a new tsemu-<arch> that runs `exePath` (a host path) as if this process exec'd
 * it: this process's descriptors without the close-on-exec ones, cwd, umask, ignored and blocked
 * signals.
 */
export function writeExecState(k: Kernel, arch: string, exePath: string, argv: Buffer[], env: Buffer[], load: LoadSettings): number {
  return writeState(k, {
    kind: 'exec',
    ...commonState(k, true),
    arch,
    exePath,
    argv: argv.map((b) => b.toString('latin1')),
    env: env.map((b) => b.toString('latin1')),
    ...signalNames(k),
    stackSize: load.stackSize,
    seed: load.seed,
  });
}

/** The child's side: restores the state written by writeForkState (or loads an exec state's program). */
export function readForkState(k: Kernel, cpu: CpuState, fd: number): void {
  const native = requireNative('a forked child');
  const { state, pagesAt } = readState(fd);
  if (state.arch !== k.arch.name) throw new Error(`tsemu: process state of ${state.arch} given to tsemu-${k.arch.name}`);
  k.opts.exePath = state.exePath;
  k.opts.argv = state.argv;
  k.cwd = state.cwd;
  k.umask = state.umask;
  if (state.kind === 'exec') {
    closeSync(fd);
    applyFdView(k, state.fds);
    applySignalNames(k, state.ignored, state.blocked);
    loadImage(k, cpu, state.exePath, state.argv, state.env, state);
    return;
  }
  const mem = k.mem;
  for (const [first, end, prot] of state.pages) mem.pages.fill(PAGE_MAPPED | prot, first, end);
  const loaded = native.loadPages(fd, mem.u8, pagesAt);
  closeSync(fd);
  if (loaded < 0) throw new Error(`tsemu: reading the parent's memory failed (errno ${-loaded})`);
  mem.names = state.names;
  k.brkStart = state.brkStart;
  k.brkCur = state.brkCur;
  k.mmapTop = state.mmapTop;
  k.mmapBottom = state.mmapBottom;
  k.auxv = new Uint8Array(Buffer.from(state.auxv, 'base64'));
  k.tidAddress = state.tidAddress;
  k.stackLimit = state.stackLimit;
  k.sigTrampoline = state.sigTrampoline;
  if (state.fpMode !== undefined) restoreFpMode(k.arch, state.fpMode);
  applyFdView(k, state.fds);
  k.signals.restoreSnapshot(state.signals);
  mapSharedAgain(mem, (state.shared ?? []).map(([first, end, offset], i) => ({ first, end, offset, fd: fd + 1 + i })));

  cpu.R.set(state.regs);
  cpu.pc = state.pc;
  k.arch.syscalls.setResult(cpu, 0);
  const c = state.clone;
  if (c.stack) setStackPointer(k.arch, cpu, c.stack);
  if (c.clearTid) k.tidAddress = c.ctid;
  if (c.setTid && c.ctid) {
    try {
      mem.write32(c.ctid, process.pid);
    } catch {
      // a bad address: Linux ignores the failed store too
    }
  }
}

/**
 * MIPS: the FPU register mode of the parent. The arch only lowers FR when one of the process's ELFs
 * needs FR=0 (checkElf), so the child lets it see an object without ABI flags (legacy FP_DOUBLE),
 * which is what such a parent has loaded.
 */
function restoreFpMode(arch: GuestArch, mode: number): void {
  const a = arch as GuestArch & { fpMode?: () => number };
  if (!a.fpMode || a.fpMode() === mode || mode !== 0) return;
  const MIPS32R2_O32 = 0x70001000;
  arch.checkElf(false, MIPS32R2_O32, { programHeaders: [], data: new Uint8Array(0) } as unknown as Parameters<GuestArch['checkElf']>[2]);
}

/** Loads `exePath` as the process's program (execve's last step, and an exec state's child). */
export function loadImage(k: Kernel, cpu: CpuState, exePath: string, argv: string[], env: string[], load: LoadSettings): void {
  k.opts.exePath = exePath;
  k.opts.argv = argv;
  const image = loadProgram(k, k.arch, {
    exePath,
    argv,
    env,
    sysroot: k.opts.sysroot,
    stackSize: load.stackSize,
    random: load.seed !== undefined ? seededBytes(load.seed, 16) : randomBytes(16),
  });
  k.arch.initCpu(cpu, { entry: image.entry, sp: image.sp });
}

// ---- starting tsemu ----------------------------------------------------------------------------

/** bin/tsemu-<arch>, looked for upward from this module (dist/tsemu.mjs or src/runtime/fork.ts). */
export function launcherFor(arch: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'bin', `tsemu-${arch}`);
    if (existsSync(path)) return path;
    const up = dirname(dir);
    if (up === dir) throw new SysError('ENOEXEC');
    dir = up;
  }
}

/**
 * argv for node running tsemu-<arch> with the state at `stateFd`: this tsemu's own options and
 * program (-L, -d, -D, -strace, -tier, ...; a state already given is dropped), after the state
 * option. The state's program, argv and environment replace the command line's.
 */
export function tsemuArgv(arch: string, stateFd: number): string[] {
  const own = process.argv.slice(2).filter((a) => !a.startsWith(`-${STATE_OPTION}=`));
  return [process.execPath, ...process.execArgv, launcherFor(arch), `-${STATE_OPTION}=${stateFd}`, ...own];
}

/** This process's own environment, for the node of a new tsemu. */
export function hostEnv(): string[] {
  return Object.entries(process.env).flatMap(([key, v]) => (v === undefined ? [] : [`${key}=${v}`]));
}

/** The first fd number above every guest descriptor (where a new process finds its state). */
export function stateFdNumber(pairs: number[]): number {
  let max = 2;
  for (let i = 1; i < pairs.length; i += 2) max = Math.max(max, pairs[i]);
  return max + 1;
}

/**
 * Starts a new tsemu-<arch> that receives the state in `stateFd` with the guest descriptors of
 * `pairs` at their numbers; its pid.
 */
export function spawnTsemu(arch: string, stateFd: number, pairs: number[], extraFds: number[] = []): number {
  const native = requireNative('fork and exec');
  const at = stateFdNumber(pairs);
  const argv = tsemuArgv(arch, at);
  const extra = extraFds.flatMap((fd, i) => [fd, at + 1 + i]);
  const pid = native.spawn(process.execPath, argv, hostEnv(), [...pairs, stateFd, at, ...extra], null, [], [], -1);
  if (pid < 0) hostFail(pid);
  return pid;
}
