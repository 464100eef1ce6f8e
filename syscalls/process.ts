// Processes (DESIGN.md 6): fork, vfork, clone and clone3 without CLONE_THREAD, execve/execveat,
// wait4/waitid/waitpid, and exit from an in-process vfork child.
//
// A fork is a new host process of tsemu that receives the guest's state (src/runtime/fork.ts); the
// guest pid of a process is its host pid.
//
// vfork (and clone with CLONE_VM, which glibc's posix_spawn, Go's os/exec and Python's subprocess
// use) runs the child here, in this process, on the shared memory as Linux does, with a copy of the
// fd table (host dups, so closing or dup2 in the child leaves the parent's descriptors alone) and
// of cwd, umask and signal state. It ends at execve (the program starts as a new host process:
// src/runtime/exec.ts) or _exit (a host child that exits with the same status, so the parent can
// wait for it); then the parent resumes with its own registers and the child's pid. Meanwhile the
// child's getpid() is the parent's pid (Linux gives it its own): posix_spawn and the others do not
// ask, and no pid exists until the program starts.
import { closeSync, lstatSync } from 'node:fs';
import { fail } from './errors.ts';
import { type Fd, type Kernel, type OpenFile, ProcessExit, type SyscallImpl } from './kernel.ts';
import { PAGE_WRITE } from '../src/mem/memory.ts';
import { procSyscalls } from './proc.ts';
import { type CloneRequest, fdTable, setStackPointer, sharedMapFds, spawnTsemu, writeForkState } from '../src/runtime/fork.ts';
import { requireNative } from '../src/runtime/native.ts';

const CLONE_VM = 0x100;
const CLONE_VFORK = 0x4000;
const CLONE_THREAD = 0x10000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;
const CLONE_PIDFD = 0x1000;
const CSIGNAL = 0xff;

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;

// wait options (include/uapi/linux/wait.h: the same numbers on every guest and on the host).
const WNOHANG = 1, WUNTRACED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x1000000;
const __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = 0x80000000 | 0;
const WAIT4_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;
const WAITID_OPTIONS = WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE;

/** Linux's per-string limit for execve (MAX_ARG_STRLEN: 32 pages). */
const MAX_ARG_STRLEN = 32 * 4096;

/** A clone, in the kernel's terms. */
interface Clone {
  flags: number;
  stack: number;
  ptid: number;
  tls: number;
  ctid: number;
}

// ---- vfork children in this process ------------------------------------------------------------

/** What the parent of an in-process vfork child gets back when the child execs or exits. */
interface VforkFrame {
  regs: Int32Array;
  pc: number;
  fds: (Fd | undefined)[];
  cwd: string;
  umask: number;
  tidAddress: number;
  signals: ReturnType<Kernel['signals']['snapshot']>;
}
const vforks = new WeakMap<Kernel, VforkFrame[]>();

/** Is a vfork child running in this process now? */
export function activeVfork(k: Kernel): boolean {
  return (vforks.get(k)?.length ?? 0) > 0;
}

/** The child's fd table: the same descriptions through its own host fds. */
function copyFds(k: Kernel): (Fd | undefined)[] {
  const native = requireNative('vfork');
  const copies = new Map<OpenFile, OpenFile>();
  return k.fds.map((d) => {
    if (!d) return undefined;
    let file = copies.get(d.file);
    if (!file) {
      // Above the standard streams, close-on-exec on the host (every host program start places fds itself).
      const hostFd = native.fcntl(d.file.hostFd, native.constants.F_DUPFD_CLOEXEC, 3);
      if (hostFd < 0) fail('EMFILE');
      file = { ...d.file, hostFd, refs: 0, keepOpen: false };
      copies.set(d.file, file);
    }
    file.refs++;
    return { file, cloexec: d.cloexec };
  });
}

function startVfork(k: Kernel, c: Clone): number {
  const frames = vforks.get(k) ?? [];
  vforks.set(k, frames);
  const fds = copyFds(k);
  frames.push({ regs: k.cpu.R.slice(), pc: k.cpu.pc, fds: k.fds, cwd: k.cwd, umask: k.umask, tidAddress: k.tidAddress, signals: k.signals.snapshot() });
  k.fds = fds;
  if (c.stack) setStackPointer(k.arch, k.cpu, c.stack);
  return 0;
}

/** The in-process vfork child is done (it exec'd or exited as `pid`): the parent resumes with pid as the result. */
export function finishVfork(k: Kernel, pid: number): void {
  const frame = vforks.get(k)?.pop();
  if (!frame) throw new Error('tsemu: no vfork child to finish');
  const closed = new Set<OpenFile>();
  for (const d of k.fds) {
    if (!d || closed.has(d.file)) continue;
    closed.add(d.file);
    try {
      closeSync(d.file.hostFd);
    } catch {
      // already gone
    }
  }
  k.fds = frame.fds;
  k.cwd = frame.cwd;
  k.umask = frame.umask;
  k.tidAddress = frame.tidAddress;
  k.signals.restoreSnapshot(frame.signals);
  k.cpu.R.set(frame.regs);
  k.cpu.pc = frame.pc;
  k.arch.syscalls.setResult(k.cpu, pid);
  k.skipResult = true;
}

/**
 * For the runtime: the in-process vfork child died of a signal (outside a syscall). A host child
 * that dies of the same signal stands for it and the parent resumes; false when no vfork child runs.
 */
export function vforkChildDied(k: Kernel, exit: ProcessExit): boolean {
  if (!activeVfork(k)) return false;
  finishVfork(k, exitedChild(k, exit));
  return true;
}

/** A host child that ends as `exit` says, for a parent to wait for. */
function exitedChild(k: Kernel, exit: ProcessExit): number {
  const native = requireNative('vfork');
  const host = exit.signal !== undefined ? k.signals.hostSignal(exit.signal) : 0;
  const pid = native.exitedChild(exit.code, host);
  if (pid < 0) fail('EAGAIN');
  return pid;
}

// ---- clone -------------------------------------------------------------------------------------

/** Threads (CLONE_THREAD) belong to the thread runtime, which registers here. */
let threadClone: ((k: Kernel, c: Clone & { stackSize?: number }) => number) | undefined;
export function setThreadClone(fn: typeof threadClone): void {
  threadClone = fn;
}

function doClone(k: Kernel, c: Clone): number {
  if (c.flags & CLONE_THREAD) {
    if (!threadClone) return fail('ENOSYS');
    return threadClone(k, c);
  }
  if (c.flags & CLONE_PIDFD) fail('EINVAL');
  if (c.flags & (CLONE_VM | CLONE_VFORK)) {
    if (c.flags & CLONE_PARENT_SETTID) fail('EINVAL'); // no pid to store until the child execs
    return startVfork(k, c);
  }
  const req: CloneRequest = {
    stack: c.stack,
    ctid: c.ctid,
    setTid: (c.flags & CLONE_CHILD_SETTID) !== 0,
    clearTid: (c.flags & CLONE_CHILD_CLEARTID) !== 0,
  };
  const fd = writeForkState(k, k.cpu, req);
  let pid: number;
  try {
    pid = spawnTsemu(k.arch.name, fd, fdTable(k, false).pairs, sharedMapFds(k));
  } finally {
    closeSync(fd);
  }
  if (c.flags & CLONE_PARENT_SETTID) k.mem.write32(c.ptid, pid);
  return pid;
}

// ---- execve ------------------------------------------------------------------------------------

/** A NULL-terminated array of string pointers (argv, envp); NULL itself is an empty list. */
function readStrings(k: Kernel, addr: number, room: { left: number }): Buffer[] {
  const out: Buffer[] = [];
  if (!addr) return out;
  const ws = k.w.wordSize;
  for (let i = 0; ; i++) {
    const p = k.w.readWord(addr + i * ws);
    if (!p) break;
    let s: Uint8Array;
    try {
      s = k.mem.readCString(p, MAX_ARG_STRLEN);
    } catch (e) {
      // Too long rather than unreadable: E2BIG.
      if (k.mem.check(p, MAX_ARG_STRLEN, 1)) fail('E2BIG');
      throw e;
    }
    room.left -= s.length + 1 + ws;
    if (room.left < 0) fail('E2BIG');
    out.push(Buffer.from(s));
  }
  return out;
}

function doExecve(k: Kernel, dirfd: number, pathAddr: number, argvAddr: number, envAddr: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail('EINVAL');
  const raw = k.guestPath(pathAddr);
  // Linux's limit on argv+envp: a quarter of the stack limit, at most 6 MiB, at least 128 KiB.
  const room = { left: Math.max(Math.min((k.stackLimit ?? 8 << 20) / 4, 6 << 20), 128 << 10) };
  const argv = readStrings(k, argvAddr, room);
  const env = readStrings(k, envAddr, room);
  // Linux 5.18+: a program never starts with argc 0; an empty argv becomes [""].
  if (argv.length === 0) argv.push(Buffer.alloc(0));
  let path = raw.toString('latin1');
  if (path === '') {
    if (!(flags & AT_EMPTY_PATH)) fail('ENOENT');
    path = k.file(dirfd).path;
  } else if (!path.startsWith('/') && k.int(dirfd) !== AT_FDCWD) {
    const dir = k.file(dirfd);
    if (!dir.isDir) fail('ENOTDIR');
    path = `${dir.path}/${path}`;
  }
  if (flags & AT_SYMLINK_NOFOLLOW) {
    if (lstatSync(k.path(AT_FDCWD, path)).isSymbolicLink()) fail('ELOOP');
  }
  k.execImage(path, argv, env);
  return 0;
}

// ---- wait --------------------------------------------------------------------------------------

/** A host wait status word in the guest's signal numbering (exit codes and flags are the same). */
function guestStatus(k: Kernel, st: number): number {
  const sig = (host: number) => k.signals.guestSignal(host) || host;
  if ((st & 0x7f) === 0) return st; // exited
  if ((st & 0xff) === 0x7f) return (st & ~0xff00) | (sig((st >> 8) & 0xff) << 8); // stopped
  if (st === 0xffff) return st; // continued
  return (st & ~0x7f) | sig(st & 0x7f); // killed (0x80: core dumped)
}

/** struct rusage in the guest's layout (two timevals, then 14 longs) from the addon's words. */
function writeRusage(k: Kernel, addr: number, out: Float64Array, at: number): void {
  const ws = k.w.wordSize;
  for (let i = 0; i < 18; i++) k.w.word(addr + i * ws, out[at + i]);
}

function needWritable(k: Kernel, addr: number, len: number): void {
  if (addr && !k.mem.check(addr, len, PAGE_WRITE)) fail('EFAULT');
}

/**
 * With other guest threads, a wait that would block must not stop them all (Go's os/exec waits for
 * the child while other goroutines read its output): the thread parks and tries again every
 * WAIT_POLL_MS, or runs its signal handler first (SIGCHLD).
 */
const WAIT_POLL_MS = 10;
function parkedWait(k: Kernel, options: number): boolean {
  return (options & WNOHANG) === 0 && k.sched?.multi === true;
}
function parkUntilRetry(k: Kernel): number {
  const EINTR = k.errno.neg('EINTR');
  return k.sched!.block({ deadline: performance.now() + WAIT_POLL_MS, signals: true, onWake: (why) => (why === 'signal' ? EINTR : 'restart') });
}

function doWait4(k: Kernel, pid: number, statusAddr: number, options: number, rusageAddr: number): number {
  if (options & ~WAIT4_OPTIONS) fail('EINVAL');
  needWritable(k, statusAddr, 4);
  needWritable(k, rusageAddr, 18 * k.w.wordSize);
  const native = requireNative('wait4');
  const out = new Float64Array(19);
  const parks = parkedWait(k, options);
  const r = native.wait4(pid, parks ? options | WNOHANG : options, out);
  if (parks && r === 0) return parkUntilRetry(k);
  if (r <= 0) return k.errno.fromHost(r);
  if (statusAddr) k.mem.write32(statusAddr, guestStatus(k, out[0]));
  if (rusageAddr) writeRusage(k, rusageAddr, out, 1);
  return r;
}

const CLD_EXITED = 1;

function doWaitid(k: Kernel, idtype: number, id: number, infoAddr: number, options: number, rusageAddr: number): number {
  if (options & ~WAITID_OPTIONS) fail('EINVAL');
  const ws = k.w.wordSize;
  const union = ws === 8 ? 16 : 12;
  needWritable(k, infoAddr, union + 12);
  needWritable(k, rusageAddr, 18 * ws);
  const native = requireNative('waitid');
  const out = new Float64Array(23);
  const parks = parkedWait(k, options);
  const r = native.waitid(idtype, id, parks ? options | WNOHANG : options, out);
  if (r < 0) return k.errno.fromHost(r);
  if (parks && out[2] === 0) return parkUntilRetry(k);
  if (infoAddr) {
    // The fields Linux stores (all zero when WNOHANG found nothing); MIPS has si_code before si_errno.
    const mips = k.tables.family === 'mips';
    const [signo, code, pid, uid, status] = out;
    const child = pid !== 0;
    const sigOrZero = (host: number) => (host ? k.signals.guestSignal(host) || host : 0);
    k.mem.write32(infoAddr, child ? sigOrZero(signo) : 0);
    k.mem.write32(infoAddr + (mips ? 8 : 4), 0);
    k.mem.write32(infoAddr + (mips ? 4 : 8), child ? code : 0);
    k.mem.write32(infoAddr + union, pid);
    k.mem.write32(infoAddr + union + 4, child ? uid : 0);
    k.mem.write32(infoAddr + union + 8, !child ? 0 : code === CLD_EXITED ? status : sigOrZero(status));
  }
  if (rusageAddr) writeRusage(k, rusageAddr, out, 5);
  return 0;
}

// ---- the syscalls ------------------------------------------------------------------------------

/** exit/exit_group: in a vfork child here its end (a host child with its status); else `otherwise`'s. */
function exitFor(otherwise: SyscallImpl): SyscallImpl {
  return (k, a) => {
    if (!activeVfork(k)) return otherwise(k, a);
    finishVfork(k, exitedChild(k, new ProcessExit(a[0] & 0xff)));
    return 0;
  };
}

export const processSyscalls: Record<string, SyscallImpl> = {
  fork: (k) => doClone(k, { flags: 17 /* SIGCHLD */, stack: 0, ptid: 0, tls: 0, ctid: 0 }),
  vfork: (k) => doClone(k, { flags: CLONE_VM | CLONE_VFORK | 17, stack: 0, ptid: 0, tls: 0, ctid: 0 }),
  // Every guest here has CONFIG_CLONE_BACKWARDS: clone(flags, stack, parent_tid, tls, child_tid).
  clone: (k, a) => doClone(k, { flags: a[0] | 0, stack: a[1], ptid: a[2], tls: a[3], ctid: a[4] }),
  clone3: (k, a) => {
    const size = k.ulong(a[1]);
    if (size < 64) fail('EINVAL');
    if (size > 4096) fail('E2BIG');
    const at = (i: number) => k.mem.read64(a[0] + 8 * i);
    const flags = at(0), exitSignal = at(4), stack = at(5), stackSize = at(6);
    if (exitSignal & ~CSIGNAL || flags >= 2 ** 32) fail('EINVAL');
    if ((stack === 0) !== (stackSize === 0)) fail('EINVAL');
    const c = { flags: (flags | exitSignal) | 0, stack: stack ? stack + stackSize : 0, ptid: at(3), tls: at(7), ctid: at(2), stackSize };
    return doClone(k, c);
  },
  execve: (k, a) => doExecve(k, AT_FDCWD, a[0], a[1], a[2], 0),
  execveat: (k, a) => doExecve(k, k.int(a[0]), a[1], a[2], a[3], k.int(a[4])),
  wait4: (k, a) => doWait4(k, k.int(a[0]), a[1], k.int(a[2]), a[3]),
  waitpid: (k, a) => doWait4(k, k.int(a[0]), a[1], k.int(a[2]), 0),
  waitid: (k, a) => doWaitid(k, k.int(a[0]), k.int(a[1]), a[2], k.int(a[3]), a[4]),
  exit: exitFor(procSyscalls.exit),
  exit_group: exitFor(procSyscalls.exit_group),
};
