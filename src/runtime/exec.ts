// execve (DESIGN.md 6): which program runs and how.
//   - `#!` scripts: the interpreter line as Linux reads it (path looked up like any guest path,
//     -L sysroot first; one optional argument), up to 4 levels.
//   - An ELF of this guest arch replaces the image in place: the address space goes (the host
//     pages are released), close-on-exec descriptors close, handled signals return to SIG_DFL, the
//     program is loaded and every translation dropped.
//   - An ELF of another tsemu guest: this process becomes node running tsemu-<that arch> (a host
//     execve, so the pid stays), which loads the program from an exec state (fork.ts).
//   - A host-native ELF: a host execve of it, guest descriptors at their numbers.
//   - In a vfork child that runs in this process (syscalls/process.ts) nothing is replaced: the
//     program starts as a new host process and the parent resumes with its pid.
// Errors before the point of no return are the syscall's (ENOENT, EACCES, ENOEXEC, ELOOP);
// a program that fails to load after it makes the process die of SIGSEGV, as Linux does.
import { closeSync, existsSync, openSync, readSync, statSync, accessSync, constants as fsConstants } from 'node:fs';
import type { CpuState, GuestArch } from '../arch/types.ts';
import { ARCHES } from '../arch/index.ts';
import { resolveInRoot } from '../elf/load.ts';
import { ElfError, ElfFile } from '../elf/parse.ts';
import { type GuestMemory, PAGE_MAPPED, PAGE_SHIFT, PAGE_SIZE, STATE_AREA, STATE_AREA_END } from '../mem/memory.ts';
import { fail } from '../../syscalls/errors.ts';
import { type Kernel, ProcessExit } from '../../syscalls/kernel.ts';
import { activeVfork, finishVfork } from '../../syscalls/process.ts';
import { releaseHostMapped } from '../../syscalls/mm.ts';
import { fdTable, hostFail, hostSignalSets, loadImage, spawnTsemu, stateFdNumber, tsemuArgv, hostEnv, writeExecState } from './fork.ts';
import { native, requireNative } from './native.ts';
import type { RunOptions } from './run.ts';

export interface ExecContext {
  kernel: Kernel;
  arch: GuestArch;
  cpu: CpuState;
  mem: GuestMemory;
  /** How this tsemu was started (for -L, -s, -seed, and for exec'ing another tsemu). */
  opts: RunOptions;
}

/** Linux's limit on `#!` nesting (BINPRM_MAX_RECURSION). */
const MAX_INTERPRETERS = 4;
/** How much of a file the kernel looks at to choose its format (BINPRM_BUF_SIZE). */
const HEADER_BYTES = 256;
const EM_X86_64 = 62, EM_AARCH64 = 183;

/** What an execve resolves to. */
export interface ExecTarget {
  /** Host path of the program (interpreter for scripts). */
  hostPath: string;
  argv: Buffer[];
  /** 'self': this guest arch; 'guest': another tsemu guest (arch); 'host': a host-native program. */
  kind: 'self' | 'guest' | 'host';
  arch?: string;
}

function hostMachine(): number | undefined {
  return process.arch === 'x64' ? EM_X86_64 : process.arch === 'arm64' ? EM_AARCH64 : undefined;
}

/** The guest arch that runs an ELF with this machine and byte order, if any. */
function guestArchFor(machine: number, littleEndian: boolean): string | undefined {
  for (const [name, make] of Object.entries(ARCHES)) {
    const a = make();
    if (a.elfMachine === machine && a.littleEndian === littleEndian) return name;
  }
  return undefined;
}

/** Resolves the program of an execve: scripts to their interpreters, ELFs to how they run. */
export function resolveExec(k: Kernel, guestPath: string, argv: Buffer[], depth = 0): ExecTarget {
  const AT_FDCWD = -100;
  if (guestPath === '') fail('ENOENT');
  const hostPath = k.path(AT_FDCWD, guestPath);
  const st = statSync(hostPath);
  if (!st.isFile()) fail('EACCES');
  accessSync(hostPath, fsConstants.X_OK);
  const head = Buffer.alloc(HEADER_BYTES);
  let n = 0;
  const fd = openSync(hostPath, 'r');
  try {
    n = readSync(fd, head, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    if (depth >= MAX_INTERPRETERS) fail('ELOOP');
    // The first line: interpreter, then at most one argument (the rest of the line, trimmed).
    let end = head.indexOf(0x0a, 2);
    if (end < 0 || end > n) end = n;
    const line = head.subarray(2, end).toString('latin1').replace(/^[ \t]+/, '').replace(/[ \t\r]+$/, '');
    const m = /^([^ \t]+)(?:[ \t]+(.*))?$/.exec(line);
    if (!m) fail('ENOEXEC');
    const interp = m![1];
    const scriptArgv = [Buffer.from(interp, 'latin1'), ...(m![2] ? [Buffer.from(m![2], 'latin1')] : []), Buffer.from(guestPath, 'latin1'), ...argv.slice(1)];
    return resolveExec(k, interp, scriptArgv, depth + 1);
  }
  if (n < 20 || head.readUInt32BE(0) !== 0x7f454c46 || (head[5] !== 1 && head[5] !== 2)) fail('ENOEXEC');
  const le = head[5] === 1;
  const machine = le ? head.readUInt16LE(18) : head.readUInt16BE(18);
  const arch = guestArchFor(machine, le);
  if (arch === k.arch.name) return { hostPath, argv, kind: 'self' };
  if (machine === hostMachine() && le && head[4] === 2) return { hostPath, argv, kind: 'host' };
  if (arch) return { hostPath, argv, kind: 'guest', arch };
  return fail('ENOEXEC');
}

export function execInProcess(ctx: ExecContext, path: string, argv: Buffer[], env: Buffer[]): void {
  const k = ctx.kernel;
  const target = resolveExec(k, path, argv);
  const load = { stackSize: ctx.opts.stackSize, seed: ctx.opts.seed };
  if (activeVfork(k)) {
    // The vfork child has nothing of its own to replace: the program starts as a new process.
    finishVfork(k, startProgram(k, target, env, load));
    return;
  }
  switch (target.kind) {
    case 'self':
      return replaceImage(ctx, target, env);
    case 'guest':
      return execTsemu(k, target, env, load);
    case 'host':
      return execHost(k, target, env);
  }
}

/** Starts the program of `target` as a new host process with this process's exec-surviving state; its pid. */
function startProgram(k: Kernel, target: ExecTarget, env: Buffer[], load: { stackSize?: number; seed?: number }): number {
  const native = requireNative('exec from a vfork child');
  const { pairs } = fdTable(k, true);
  if (target.kind === 'host') {
    const sigs = hostSignalSets(k);
    const pid = native.spawn(target.hostPath, target.argv, env, pairs, k.cwd, sigs.blocked, sigs.ignored, k.umask);
    return pid < 0 ? hostFail(pid) : pid;
  }
  checkLoadable(k, target, target.arch ?? k.arch.name);
  const fd = writeExecState(k, target.arch ?? k.arch.name, target.hostPath, target.argv, env, load);
  try {
    return spawnTsemu(target.arch ?? k.arch.name, fd, pairs);
  } finally {
    closeSync(fd);
  }
}

/** What execve checks before the point of no return: an ELF this arch can load, its interpreter present. */
function checkLoadable(k: Kernel, target: ExecTarget, archName: string): void {
  if (archName !== k.arch.name) return; // the other tsemu reports its own errors
  let elf: ElfFile;
  try {
    elf = new ElfFile(readWhole(target.hostPath));
  } catch (e) {
    if (e instanceof ElfError) fail('ENOEXEC');
    throw e;
  }
  if (elf.header.is64 !== k.arch.is64) fail('ENOEXEC');
  let interp: string | undefined;
  try {
    interp = elf.interpreter();
  } catch {
    fail('ENOEXEC');
  }
  if (interp !== undefined) {
    const root = k.opts.sysroot;
    const host = root ? resolveInRoot(root, interp) : interp;
    if (!existsSync(host) && !existsSync(interp)) fail('ENOENT');
  }
}

function readWhole(path: string): Uint8Array {
  const st = statSync(path);
  const buf = new Uint8Array(st.size);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < buf.length; ) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n <= 0) break;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** Same-arch execve: a new image in this process. */
function replaceImage(ctx: ExecContext, target: ExecTarget, env: Buffer[]): void {
  const { kernel: k, cpu } = ctx;
  checkLoadable(k, target, k.arch.name);
  // The point of no return.
  dropAddressSpace(k);
  k.flushCode();
  for (let n = 0; n < k.fds.length; n++) if (k.fds[n]?.cloexec) k.closeFd(n);
  k.signals.resetForExec();
  k.tidAddress = 0;
  try {
    loadImage(k, cpu, target.hostPath, target.argv.map((b) => b.toString('latin1')), env.map((b) => b.toString('latin1')), { stackSize: ctx.opts.stackSize, seed: ctx.opts.seed });
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    k.log.write(`tsemu: execve: ${e.message}\n`);
    const segv = k.tables.signalNumbers.SIGSEGV;
    throw new ProcessExit(128 + segv, segv);
  }
}

/**
 * Unmaps everything but the CPU state area and gives the host pages back: madvise(MADV_DONTNEED)
 * makes them read as zeros, as pages that were never touched do.
 */
export function dropAddressSpace(k: Kernel): void {
  const mem = k.mem;
  releaseHostMapped(mem, 0, mem.pages.length);
  const pages = mem.pages;
  const skipFrom = STATE_AREA >>> PAGE_SHIFT, skipTo = STATE_AREA_END >>> PAGE_SHIFT;
  const release = (first: number, end: number) => {
    if (native && native.discard(mem.u8, first * PAGE_SIZE, (end - first) * PAGE_SIZE) === 0) return;
    mem.u8.fill(0, first * PAGE_SIZE, end * PAGE_SIZE);
  };
  for (let p = 0; p < pages.length; ) {
    if (!(pages[p] & PAGE_MAPPED) || (p >= skipFrom && p < skipTo)) {
      p++;
      continue;
    }
    let q = p + 1;
    while (q < pages.length && pages[q] & PAGE_MAPPED && !(q >= skipFrom && q < skipTo)) q++;
    release(p, q);
    p = q;
  }
  for (const p of mem.dirtyPages) if (!(p >= skipFrom && p < skipTo)) release(p, p + 1);
  pages.fill(0, 0, skipFrom);
  pages.fill(0, skipTo);
  mem.dirtyPages.clear();
  mem.names = [];
}

/** execve of another guest arch's program: this process becomes node running its tsemu. */
function execTsemu(k: Kernel, target: ExecTarget, env: Buffer[], load: { stackSize?: number; seed?: number }): void {
  const native = requireNative('exec of another guest arch');
  const { pairs } = fdTable(k, true);
  const fd = writeExecState(k, target.arch!, target.hostPath, target.argv, env, load);
  const at = stateFdNumber(pairs);
  const r = native.execReplace(process.execPath, tsemuArgv(target.arch!, at), hostEnv(), [...pairs, fd, at], null, [], [], -1);
  closeSync(fd);
  hostFail(r);
}

/** execve of a host-native program: a host execve with the guest's descriptors, cwd, umask and signals. */
function execHost(k: Kernel, target: ExecTarget, env: Buffer[]): void {
  const native = requireNative('exec of a host program');
  const { pairs } = fdTable(k, true);
  const sigs = hostSignalSets(k);
  const r = native.execReplace(target.hostPath, target.argv, env, pairs, k.cwd, sigs.blocked, sigs.ignored, k.umask);
  hostFail(r);
}
