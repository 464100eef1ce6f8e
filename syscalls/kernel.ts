// The guest's view of the kernel: process state (fd table, address-space layout, cwd, ids) and
// the dispatch from syscall numbers to implementations by area (fs.ts, mm.ts, proc.ts).
import { closeSync, existsSync, openSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CpuState, GuestArch } from '../src/arch/types.ts';
import type { Logger } from '../src/cli/log.ts';
import { type GuestMemory } from '../src/mem/memory.ts';
import { native } from '../src/runtime/native.ts';
import { compat32Syscalls } from './compat32.ts';
import { Errno, SysError } from './errors.ts';
import { type OpenFlagBits, openFlagBits } from './flags.ts';
import { StructWriter } from './layout.ts';
import { type ArchTables, tablesFor } from './tables/index.ts';
import type { Scheduler } from '../src/runtime/threads.ts';
import { SignalState, type SyscallRecord } from './signals.ts';
import { formatSyscall, formatResult } from './strace.ts';
import { procHostPath } from './procfs.ts';
import type { SignalFdState } from './signalfd.ts';

/** An open file description: shared by dup'ed descriptors (offset and status flags included). */
export interface OpenFile {
  hostFd: number;
  refs: number;
  /** Host path it was opened with (for *at syscalls relative to it and /proc/self/fd). */
  path: string;
  /** Guest-visible O_* flags (access mode, O_APPEND, O_NONBLOCK ...), guest numbering. */
  flags: number;
  isDir: boolean;
  /** Standard streams are never closed on the host: tsemu itself still writes to them. */
  keepOpen?: boolean;
  /** Directory reading state for the getdents fallback without the addon. */
  dirEntries?: { name: string; type: number; ino: bigint }[];
  /** A pipe, socket or character device (reads and writes can block), found out on first use. */
  mayBlock?: boolean;
  dirPos?: number;
  /** A signalfd (syscalls/signalfd.ts): reads take pending signals of its set. */
  signalfd?: SignalFdState;
}

export interface Fd {
  file: OpenFile;
  cloexec: boolean;
}

/** What the guest process exits with: a status code or a signal. */
export class ProcessExit extends Error {
  constructor(
    readonly code: number,
    readonly signal?: number,
  ) {
    super(signal ? `killed by signal ${signal}` : `exit ${code}`);
  }
}

export type SyscallImpl = (k: Kernel, a: number[]) => number;

export interface KernelOptions {
  sysroot?: string;
  /** The guest program (for /proc/self/exe). */
  exePath: string;
  argv: string[];
  strace: boolean;
  /** uname release to report (-r); the host's otherwise. */
  unameRelease?: string;
}

export class Kernel {
  readonly tables: ArchTables;
  readonly errno: Errno;
  readonly w: StructWriter;
  /** This ABI's numbering of the open(2) flags that differ between arches. */
  readonly openFlags: OpenFlagBits;
  private impls: Record<string, SyscallImpl>;
  fds: (Fd | undefined)[] = [];
  cwd: string;
  umask = 0o022;
  brkStart = 0;
  brkCur = 0;
  /** Top of the mmap area; mmap searches downward from here. */
  mmapTop = 0xe0000000;
  mmapBottom = 0x01000000;
  auxv = new Uint8Array(0);
  tidAddress = 0;
  /** Dispositions, masks, pending signals (syscalls/signals.ts). */
  readonly signals: SignalState;
  /** Where the loader mapped the arch's signal trampoline page (0: none). */
  sigTrampoline = 0;
  /** Set by a syscall that restored every register itself (sigreturn): no result is written. */
  skipResult = false;
  /** The green-thread scheduler, once the guest has asked for thread state (src/runtime/threads.ts). */
  sched?: Scheduler;
  /** Set when a syscall parked its thread and another one now owns the CPU: no result, no restart. */
  threadSwitched = false;
  /** Set by a syscall whose EINTR must reach the guest even without a handler (sigsuspend). */
  noRestart = false;
  /** The syscall that returned last, for restarting it after a signal. */
  lastSyscall: SyscallRecord = { name: '', nr: -1, args: [], result: 0 };
  /** RLIMIT_STACK as the guest sees it (the stack the loader reserved). */
  stackLimit?: number;
  /**
   * Turns on precise page faults (strict memory: every access checks page permissions), set by the
   * runtime; called once the guest can observe faults (a SIGSEGV or SIGBUS handler).
   */
  enableStrictMemory: () => void = () => {};
  /** Drops every translation (set by the runtime; cacheflush-style syscalls call it). */
  flushCode: () => void = () => {};
  /**
   * Replaces the process image with another guest program of this arch (execve), set by the
   * runtime; throws like a syscall on failure (ENOENT, ENOEXEC...).
   */
  execImage: (path: string, argv: Buffer[], env: Buffer[]) => void = () => {
    throw new SysError('ENOSYS');
  };

  constructor(
    readonly arch: GuestArch,
    readonly mem: GuestMemory,
    readonly cpu: CpuState,
    readonly log: Logger,
    readonly opts: KernelOptions,
    impls: Record<string, SyscallImpl>,
  ) {
    this.tables = tablesFor(arch.name);
    // A 32-bit guest gets the 64-bit implementations behind its own names and argument
    // conventions (register pairs, *64 structs, time64), plus its arch's private syscalls.
    this.impls = arch.is64 ? impls : { ...impls, ...compat32Syscalls(impls, this.tables.arch) };
    this.openFlags = openFlagBits(this.tables.arch);
    this.errno = new Errno(this.tables);
    this.w = new StructWriter(mem, arch.is64 ? 8 : 4);
    this.cwd = process.cwd();
    this.signals = new SignalState(this);
    for (let fd = 0; fd < 3; fd++) {
      this.fds[fd] = { file: { hostFd: fd, refs: 1, path: `/dev/fd/${fd}`, flags: fd === 0 ? 0 : 1, isDir: false, keepOpen: true }, cloexec: false };
    }
  }

  // ---- argument conversions ------------------------------------------------------------------
  /** A C int argument. */
  int(v: number): number {
    return v | 0;
  }
  /** A C long (signed) argument. */
  long(v: number): number {
    return this.arch.is64 ? v : v | 0;
  }
  /** size_t / unsigned long. */
  ulong(v: number): number {
    return v < 0 ? v + 2 ** 64 : v;
  }

  // ---- fd table -------------------------------------------------------------------------------
  fd(n: number): Fd {
    const f = n >= 0 ? this.fds[n] : undefined;
    if (!f) throw new SysError('EBADF');
    return f;
  }
  file(n: number): OpenFile {
    return this.fd(this.int(n)).file;
  }
  /** Lowest free descriptor >= min (Linux's rule). */
  allocFd(file: OpenFile, cloexec: boolean, min = 0): number {
    let n = min;
    while (this.fds[n]) n++;
    if (n >= 1024) throw new SysError('EMFILE');
    this.fds[n] = { file, cloexec };
    return n;
  }
  closeFd(n: number): void {
    const f = this.fd(n);
    this.fds[n] = undefined;
    if (--f.file.refs !== 0) return;
    if (f.file.keepOpen) {
      // Host 0-2 stay valid for tsemu's own output, but what they were (a pipe's write end, say)
      // must be released as the guest asked, or its reader sees EOF only when tsemu exits.
      this.releaseStdFd(f.file.hostFd);
      return;
    }
    try {
      closeSync(f.file.hostFd);
    } catch {
      // the guest sees close succeed, as Linux does even when the final flush fails
    }
  }
  private releaseStdFd(hostFd: number): void {
    if (!native || hostFd > 2) return;
    let devNull = -1;
    try {
      devNull = openSync('/dev/null', hostFd === 0 ? 'r' : 'w');
      native.dup3(devNull, hostFd, 0);
    } catch {
      // no /dev/null: the host fd stays as it was
    } finally {
      if (devNull >= 0) closeSync(devNull);
    }
  }

  // ---- paths --------------------------------------------------------------------------------
  /**
   * Host path for a guest path: relative paths resolve against dirfd or the cwd; absolute paths
   * are looked up under the -L sysroot first, as qemu-user does.
   */
  path(dirfd: number, p: Buffer | string): string {
    const s = typeof p === 'string' ? p : p.toString('latin1');
    if (s === '') return s;
    if (isAbsolute(s)) {
      const root = this.opts.sysroot;
      if (root && s !== '/' && existsSync(root + s)) return root + s;
      return this.procPath(s);
    }
    const AT_FDCWD = -100;
    const base = this.int(dirfd) === AT_FDCWD ? this.cwd : this.file(dirfd).path;
    return this.procPath(resolve(base, s));
  }
  /** /proc/self/{exe,cwd,fd/N} must name the guest's program, cwd and files, not node's (procfs.ts). */
  private procPath(s: string): string {
    return procHostPath(this, s);
  }
  guestPath(addr: number): Buffer {
    return this.mem.readPath(addr);
  }
  realExe(): string {
    try {
      return realpathSync(this.opts.exePath);
    } catch {
      return resolve(this.opts.exePath);
    }
  }

  // ---- dispatch -----------------------------------------------------------------------------
  syscall(): void {
    const { arch, cpu } = this;
    const nr = arch.syscalls.number(cpu);
    const args = arch.syscalls.args(cpu, this.mem);
    const name = this.tables.syscallNames[nr];
    const impl = name ? this.impls[name] : undefined;
    const trace = this.opts.strace;
    if (trace) this.log.write(`${process.pid} ${formatSyscall(this, name ?? `syscall_${nr}`, args)}`);
    let r: number;
    if (!impl) {
      this.log.once('unimp', `sys${nr}`, `Unsupported syscall: ${nr}${name ? ` (${name})` : ''}\n`);
      r = this.errno.neg('ENOSYS');
    } else {
      try {
        r = impl(this, args);
      } catch (e) {
        if (e instanceof ProcessExit) {
          if (trace) this.log.write(e.signal ? '\n' : ` = ?\n`);
          throw e;
        }
        r = this.errno.fromError(e);
      }
    }
    if (this.threadSwitched) {
      // The registers are another thread's now; the parked one gets its result when it resumes.
      this.threadSwitched = false;
      this.skipResult = false;
      this.lastSyscall = { name: '', nr: -1, args: [], result: 0 };
      if (trace) this.log.write(` = ? <parked>\n`);
      return;
    }
    this.lastSyscall = { name: name ?? '', nr, args, result: r };
    this.signals.afterSyscall(name ?? '', args, r);
    if (this.skipResult) {
      this.skipResult = false;
      if (trace) this.log.write(` = ?\n`);
      return;
    }
    if (trace) this.log.write(` = ${formatResult(this, name ?? '', r)}\n`);
    arch.syscalls.setResult(cpu, r);
  }
}
