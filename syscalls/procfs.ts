// /proc as the guest sees it (DESIGN.md 6). The host's /proc describes node, so the files that
// describe the process -- /proc/self/{maps,auxv,cmdline,stat,status,comm} and /proc/cpuinfo -- are
// generated from the guest's state and opened as anonymous read-only files; the links exe, cwd and
// fd/N name the guest program, the guest's cwd and the guest's descriptors. /proc/<own pid>/ is
// /proc/self/ (the guest pid is the host pid). Formats follow the Linux kernel; where qemu-user 7.2
// fills only part of a file (stat) the fields it fills carry the same values.
import * as fs from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { FIR_24KF } from '../src/arch/mips/fpu-helpers.ts';
import { PAGE_COUNT, PAGE_MAPPED, PAGE_SHIFT, PAGE_SIZE, STATE_AREA, STATE_AREA_END } from '../src/mem/memory.ts';
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';

const AT_FDCWD = -100;
const AT_NULL = 0;
const AT_RANDOM = 25;

/** The files generated here, by their name under /proc/self/ (or /proc/ for cpuinfo). */
const SELF_FILES: Record<string, (k: Kernel) => Uint8Array> = {
  maps: (k) => Buffer.from(procMaps(k), 'latin1'),
  auxv: (k) => k.auxv.slice(),
  cmdline: (k) => procCmdline(k),
  stat: (k) => Buffer.from(procStat(k), 'latin1'),
  status: (k) => Buffer.from(procStatus(k), 'latin1'),
  comm: (k) => Buffer.from(comm(k) + '\n', 'latin1'),
};

// ---- paths ----------------------------------------------------------------------------------

/**
 * The guest descriptor a /proc/self/fd/N or /dev/fd/N path names, with what follows it. (Not
 * /dev/stdin and the like: they are links themselves, which readlink and lstat must see.)
 */
function fdPath(s: string): { fd: number; rest: string } | undefined {
  const m = /^(?:\/proc\/self\/fd|\/dev\/fd)\/(\d+)(\/.*)?$/.exec(s);
  return m ? { fd: Number(m[1]), rest: m[2] ?? '' } : undefined;
}

/** /proc/<own pid> and what is under it as /proc/self. */
function selfPath(s: string): string {
  const own = `/proc/${process.pid}`;
  return s === own || s.startsWith(own + '/') ? '/proc/self' + s.slice(own.length) : s;
}

/**
 * Host path for an absolute guest path under /proc or /dev/fd (Kernel.path calls it for every
 * path): exe is the guest program, cwd the guest's cwd, and fd/N the host descriptor behind guest
 * descriptor N (node's own descriptor N is another file), so open, stat and exec through them
 * reach the guest's files. A closed descriptor gives a path that does not exist (ENOENT).
 */
export function procHostPath(k: Kernel, path: string): string {
  const s = selfPath(path);
  if (s === '/proc/self/exe') return k.opts.exePath;
  if (s === '/proc/self/cwd' || s.startsWith('/proc/self/cwd/')) return k.cwd + s.slice('/proc/self/cwd'.length);
  const fd = fdPath(s);
  if (fd) {
    const f = k.fds[fd.fd];
    return f ? `/proc/self/fd/${f.file.hostFd}${fd.rest}` : `/proc/self/fd/closed-guest-fd-${fd.fd}`;
  }
  return s;
}

/**
 * readlink of /proc/self/{exe,cwd,fd/N} (also /proc/<own pid>/..., /dev/fd/N): the guest program,
 * the guest's cwd, and for a generated file the /proc path it was opened as. undefined: the host's
 * link of procHostPath's path answers (files, pipes, sockets as the kernel names them).
 */
export function procLink(k: Kernel, dirfd: number, guestPath: Buffer): Buffer | undefined {
  let s = guestPath.toString('latin1');
  if (s === '') return undefined;
  if (!isAbsolute(s)) s = resolve(k.int(dirfd) === AT_FDCWD ? k.cwd : k.file(dirfd).path, s);
  s = selfPath(s);
  if (s === '/proc/self/exe') return Buffer.from(k.realExe());
  if (s === '/proc/self/cwd') return Buffer.from(k.cwd, 'latin1');
  const fd = fdPath(s);
  if (fd && fd.rest === '') {
    const f = k.fds[fd.fd];
    if (!f) return fail('ENOENT');
    if (generatedName(f.file.path) !== undefined) return Buffer.from(`/proc/${process.pid}${f.file.path.slice('/proc/self'.length)}`, 'latin1');
  }
  return undefined;
}

/** The generator for a host path (after procHostPath), if the file is one of those generated. */
function generatedName(hostPath: string): ((k: Kernel) => Uint8Array) | undefined {
  if (hostPath === '/proc/cpuinfo') return (k) => Buffer.from(procCpuinfo(k), 'latin1');
  if (!hostPath.startsWith('/proc/self/')) return undefined;
  const name = hostPath.slice('/proc/self/'.length);
  return Object.hasOwn(SELF_FILES, name) ? SELF_FILES[name] : undefined;
}

/** The bytes of a generated /proc file, or undefined when the host's file is the right one. */
export function procFile(k: Kernel, hostPath: string): Uint8Array | undefined {
  return generatedName(hostPath)?.(k);
}

/**
 * A host descriptor for opening a generated /proc file: an anonymous file holding its bytes as of
 * now (read, lseek and fstat work as on any file), or undefined when the path is not generated.
 * Like Linux's, these files cannot be opened for writing.
 */
export function openProcFile(k: Kernel, hostPath: string, guestFlags: number): number | undefined {
  const bytes = procFile(k, hostPath);
  if (!bytes) return undefined;
  if ((guestFlags & 3) !== 0) fail('EACCES');
  if (guestFlags & k.openFlags.O_DIRECTORY) fail('ENOTDIR');
  return anonymousFile(bytes);
}

/** O_TMPFILE (on tmpfs first) or, where that fails, a file unlinked at once. */
function anonymousFile(bytes: Uint8Array): number {
  const O_TMPFILE = 0o20000000 | fs.constants.O_DIRECTORY;
  let fd = -1;
  for (const dir of ['/dev/shm', tmpdir()]) {
    try {
      fd = fs.openSync(dir, O_TMPFILE | fs.constants.O_RDWR, 0o400);
      break;
    } catch {
      // no O_TMPFILE on this file system: the next place, or a named file
    }
  }
  if (fd < 0) {
    const name = join(tmpdir(), `tsemu-proc-${process.pid}-${Math.random().toString(36).slice(2)}`);
    fd = fs.openSync(name, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.unlinkSync(name);
  }
  // Positioned writes leave the offset at 0 for the guest's first read.
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
  return fd;
}

// ---- /proc/self/maps ------------------------------------------------------------------------

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** "major:minor inode" of a mapped file as the kernel prints them; 00:00 0 for anything else. */
function fileId(name: string, cache: Map<string, string>): string {
  if (!name.startsWith('/')) return '00:00 0';
  let id = cache.get(name);
  if (id === undefined) {
    try {
      const st = fs.statSync(name, { bigint: true });
      const major = Number(((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & ~0xfffn));
      const minor = Number((st.dev & 0xffn) | ((st.dev >> 12n) & ~0xffn));
      id = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')} ${st.ino}`;
    } catch {
      id = '00:00 0';
    }
    cache.set(name, id);
  }
  return id;
}

/**
 * One line per run of pages with the same permissions within one named range (file mapping,
 * [heap], [stack]) or between named ranges: `start-end perms offset dev inode`, the name from
 * column 73 (the kernel pads to 72 + a space; qemu-user pads anonymous lines too, and so do we).
 * The CPU state area is not guest memory and is never listed.
 */
export function procMaps(k: Kernel): string {
  const pages = k.mem.pages;
  const named = k.mem.names.filter((m) => m.end > m.start).sort((a, b) => a.start - b.start);
  const bounds = [...new Set(named.flatMap((m) => [m.start >>> PAGE_SHIFT, Math.ceil(m.end / PAGE_SIZE)]))].sort((a, b) => a - b);
  const stateFirst = STATE_AREA >>> PAGE_SHIFT, stateEnd = STATE_AREA_END >>> PAGE_SHIFT;
  const ids = new Map<string, string>();
  const out: string[] = [];
  let nextBound = 0;
  for (let p = 0; p < PAGE_COUNT; ) {
    if (!(pages[p] & PAGE_MAPPED) || (p >= stateFirst && p < stateEnd)) {
      p++;
      continue;
    }
    while (nextBound < bounds.length && bounds[nextBound] <= p) nextBound++;
    const limit = Math.min(nextBound < bounds.length ? bounds[nextBound] : PAGE_COUNT, p < stateFirst ? stateFirst : PAGE_COUNT);
    const prot = pages[p] & 7;
    let e = p + 1;
    while (e < limit && pages[e] & PAGE_MAPPED && (pages[e] & 7) === prot) e++;
    const start = p * PAGE_SIZE, end = e * PAGE_SIZE;
    const m = named.find((n) => n.start <= start && start < n.end);
    const name = m?.name ?? '';
    const offset = m && name.startsWith('/') ? m.offset + (start - m.start) : 0;
    const perms = (prot & 1 ? 'r' : '-') + (prot & 2 ? 'w' : '-') + (prot & 4 ? 'x' : '-') + 'p';
    const head = `${hex8(start)}-${hex8(end)} ${perms} ${hex8(offset)} ${fileId(name, ids)} `;
    out.push(head.padEnd(72, ' ') + ' ' + name + '\n');
    p = e;
  }
  return out.join('');
}

// ---- cmdline, stat, status, comm ---------------------------------------------------------------

function procCmdline(k: Kernel): Uint8Array {
  // Byte strings (src/cli/main.ts).
  return Buffer.concat(k.opts.argv.map((a) => Buffer.from(a + '\0', 'latin1')));
}

/** The task name: argv[0]'s last component, 15 bytes at most (as qemu-user and TASK_COMM_LEN). */
function comm(k: Kernel): string {
  const argv0 = k.opts.argv[0] ?? k.opts.exePath;
  return Buffer.from(basename(argv0), k.opts.argv[0] !== undefined ? 'latin1' : 'utf8').subarray(0, 15).toString('latin1');
}

/** Fields of the host's /proc/self/stat after the command name (index 0 = field 3, state). */
function hostStatFields(): string[] {
  try {
    const s = fs.readFileSync('/proc/self/stat', 'latin1');
    return s.slice(s.lastIndexOf(')') + 2).trim().split(' ');
  } catch {
    return [];
  }
}

/** A little-endian or big-endian guest word of k.auxv or guest memory. */
function guestWord(k: Kernel, bytes: Uint8Array, at: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = k.mem.littleEndian;
  if (k.w.wordSize === 4) return dv.getUint32(at, le);
  const lo = dv.getUint32(at + (le ? 0 : 4), le), hi = dv.getUint32(at + (le ? 4 : 0), le);
  return hi * 2 ** 32 + lo;
}

/**
 * The initial stack pointer (where argc is), stat's start_stack. The loader keeps only a copy of
 * the auxv, so it is found again on the stack: the auxv ends just below the 16 AT_RANDOM bytes,
 * envp and argv lie below it. 0 when the guest has rewritten that part of its stack.
 */
export function startStack(k: Kernel): number {
  const ws = k.w.wordSize, aux = k.auxv, u8 = k.mem.u8;
  let random = 0;
  for (let i = 0; i + 2 * ws <= aux.length; i += 2 * ws) if (guestWord(k, aux, i) === AT_RANDOM) random = guestWord(k, aux, i + ws);
  if (!random || aux.length === 0) return 0;
  const mem = k.mem;
  const word = (a: number): number => guestWord(k, u8, a);
  for (let end = random; end > random - 16 - ws && end - aux.length > 0; end -= ws) {
    const start = end - aux.length;
    if (!mem.check(start, aux.length, 1)) continue;
    if (!u8.subarray(start, end).every((b, i) => b === aux[i])) continue;
    if (guestWord(k, aux, aux.length - 2 * ws) !== AT_NULL) return 0;
    // envp's NULL, the environment pointers, then argv's NULL, argv, argc.
    let p = start - ws;
    if (!mem.check(p, ws, 1) || word(p) !== 0) return 0;
    for (p -= ws; mem.check(p, ws, 1) && word(p) !== 0; p -= ws);
    // argc's own word is not checked: ARM's _start stores argv's address over it, as on Linux.
    const argc = k.opts.argv.length;
    const sp = p - (argc + 1) * ws;
    if (!mem.check(sp, (argc + 1) * ws, 1)) return 0;
    for (let a = sp + ws; a < p; a += ws) if (word(a) === 0) return 0;
    return sp;
  }
  return 0;
}

/**
 * The 52 fields of Linux's stat. qemu-user fills pid, comm, ppid, starttime and start_stack and
 * prints 0 for the rest; here the state is R and the process ids, terminal, priority and nice come
 * from the host process (it is the guest process), num_threads is 1; the other fields are 0.
 */
export function procStat(k: Kernel): string {
  const host = hostStatFields();
  const f = new Array<string>(53).fill('0');
  f[1] = String(process.pid);
  f[2] = `(${comm(k)})`;
  f[3] = 'R';
  for (const n of [4, 5, 6, 7, 8, 18, 19, 22]) f[n] = host[n - 3] ?? '0';
  f[20] = '1';
  f[28] = String(startStack(k));
  return f.slice(1).join(' ') + '\n';
}

/** A guest signal set as status prints it: _NSIG/4 hex digits, highest signal first. */
function sigset(words: Uint32Array): string {
  let s = '';
  for (let i = words.length - 1; i >= 0; i--) s += (words[i] >>> 0).toString(16).padStart(8, '0');
  return s;
}

/**
 * The host's status with the guest's facts: name, state, umask, one thread, the size of the
 * guest's address space, and the signal sets in the guest's numbering (pending, blocked, ignored,
 * caught). Resident memory and credential lines stay the host's.
 */
export function procStatus(k: Kernel): string {
  let host = '';
  try {
    host = fs.readFileSync('/proc/self/status', 'latin1');
  } catch {
    host = `Name:\t\nUmask:\t0000\nState:\tR (running)\nTgid:\t${process.pid}\nPid:\t${process.pid}\nPPid:\t${process.ppid}\nThreads:\t1\n`;
  }
  const sig = k.signals;
  const words = sig.mask.length;
  const ignored = new Uint32Array(words), caught = new Uint32Array(words);
  sig.actions.forEach((a, n) => {
    if (!a || n < 1 || a.handler === 0) return;
    (a.handler === 1 ? ignored : caught)[(n - 1) >> 5] |= 1 << ((n - 1) & 31);
  });
  const pending = sig.pendingSet();
  // The guest's address space, not node's (whose reservations run to gigabytes); no peak is kept.
  let mapped = 0;
  for (let p = 0; p < PAGE_COUNT; p++) if (k.mem.pages[p] & PAGE_MAPPED && (p < STATE_AREA >>> PAGE_SHIFT || p >= STATE_AREA_END >>> PAGE_SHIFT)) mapped++;
  const vm = `${String(mapped * (PAGE_SIZE / 1024)).padStart(8, ' ')} kB`;
  const replace: Record<string, string> = {
    VmPeak: vm,
    VmSize: vm,
    Name: comm(k),
    Umask: (k.umask & 0o777).toString(8).padStart(4, '0'),
    State: 'R (running)',
    Threads: '1',
    SigPnd: sigset(pending),
    ShdPnd: sigset(new Uint32Array(words)),
    SigBlk: sigset(sig.mask),
    SigIgn: sigset(ignored),
    SigCgt: sigset(caught),
  };
  return host.replace(/^([A-Za-z_]+):\t.*$/gm, (line, key: string) => (Object.hasOwn(replace, key) ? `${key}:\t${replace[key]}` : line));
}

// ---- /proc/cpuinfo ----------------------------------------------------------------------------

/** AT_HWCAP bit names as arch/arm/kernel/setup.c prints them. */
const ARM_HWCAP_NAMES = ['swp', 'half', 'thumb', '26bit', 'fastmult', 'fpa', 'vfp', 'edsp', 'java', 'iwmmxt', 'crunch', 'thumbee', 'neon', 'vfpv3', 'vfpv3d16', 'tls', 'vfpv4', 'idiva', 'idivt', 'vfpd32', 'lpae', 'evtstrm'];
const ARM_HWCAP2_NAMES = ['aes', 'pmull', 'sha1', 'sha2', 'crc32'];
/** AT_HWCAP then AT_HWCAP2 bit names as arch/arm64/kernel/cpuinfo.c prints them. */
const A64_HWCAP_NAMES = ['fp', 'asimd', 'evtstrm', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'atomics', 'fphp', 'asimdhp', 'cpuid', 'asimdrdm', 'jscvt', 'fcma', 'lrcpc', 'dcpop', 'sha3', 'sm3', 'sm4', 'asimddp', 'sha512', 'sve', 'asimdfhm', 'dit', 'uscat', 'ilrcpc', 'flagm', 'ssbs', 'sb', 'paca', 'pacg'];
const A64_HWCAP2_NAMES = ['dcpodp', 'sve2', 'sveaes', 'svepmull', 'svebitperm', 'svesha3', 'svesm4', 'flagm2', 'frint', 'svei8mm', 'svef32mm', 'svef64mm', 'svebf16', 'i8mm', 'bf16', 'dgh', 'rng', 'bti', 'mte', 'ecv', 'afp', 'rpres', 'mte3', 'sme', 'smei16i64', 'smef64f64', 'smei8i32', 'smef16f32', 'smeb16f32', 'smef32f32', 'smefa64', 'wfxt'];
/** Single-letter RISC-V extensions in the ISA string's canonical order. */
const RISCV_ISA_ORDER = 'iemafdqlcbkjtpvh';

/** MIDR of the emulated CPUs: qemu's cortex-a15 (r2p1) and, as MRS MIDR_EL1 answers, a Cortex-A53 r0p4. */
const ARM_MIDR = 0x412fc0f1;
const A64_MIDR = 0x410fd034;
/** BogoMIPS from the 62.5 MHz generic timer (qemu's and CNTFRQ_EL0's): lpj = freq / HZ, bogomips = freq / 500000. */
const ARM_BOGOMIPS = '125.00';
/** MIPS: a nominal 200 MHz CPU (the RDHWR $2 counter runs at half of it). */
const MIPS_BOGOMIPS = '200.00';
/** The 24Kf's PRId: company MIPS, processor 0x93 (24K), revision 0. */
const MIPS_PRID = 0x00019300;

const bitNames = (bits: number, names: string[]): string[] => names.filter((_, i) => ((bits >>> i) & 1) !== 0);

function midrLines(midr: number, architecture: string): string {
  return (
    `CPU implementer\t: 0x${(midr >>> 24).toString(16).padStart(2, '0')}\n` +
    `CPU architecture: ${architecture}\n` +
    `CPU variant\t: 0x${((midr >>> 20) & 15).toString(16)}\n` +
    `CPU part\t: 0x${((midr >>> 4) & 0xfff).toString(16).padStart(3, '0')}\n` +
    `CPU revision\t: ${midr & 15}\n\n`
  );
}

/** /proc/cpuinfo in the format of the guest arch's kernel, one block per host CPU. */
export function procCpuinfo(k: Kernel): string {
  const n = Math.max(1, cpus().length);
  const { arch } = k;
  const hwcap = arch.hwcap >>> 0, hwcap2 = (arch.hwcap2 ?? 0) >>> 0;
  let out = '';
  switch (arch.name) {
    case 'arm': {
      // arch/arm/kernel/setup.c: features each followed by a space, then a machine trailer.
      const features = [...bitNames(hwcap, ARM_HWCAP_NAMES), ...bitNames(hwcap2, ARM_HWCAP2_NAMES)].map((s) => s + ' ').join('');
      for (let i = 0; i < n; i++) {
        out += `processor\t: ${i}\nmodel name\t: ARMv7 Processor rev ${ARM_MIDR & 15} (${arch.platform ?? 'v7l'})\nBogoMIPS\t: ${ARM_BOGOMIPS}\n`;
        out += `Features\t: ${features}\n` + midrLines(ARM_MIDR, '7');
      }
      out += 'Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n';
      break;
    }
    case 'aarch64': {
      const features = [...bitNames(hwcap, A64_HWCAP_NAMES), ...bitNames(hwcap2, A64_HWCAP2_NAMES)].map((s) => ' ' + s).join('');
      for (let i = 0; i < n; i++) out += `processor\t: ${i}\nBogoMIPS\t: ${ARM_BOGOMIPS}\nFeatures\t:${features}\n` + midrLines(A64_MIDR, '8');
      break;
    }
    case 'riscv64': {
      const letters = [...RISCV_ISA_ORDER].filter((c) => hwcap & (1 << (c.charCodeAt(0) - 97))).join('');
      for (let i = 0; i < n; i++) {
        out += `processor\t: ${i}\nhart\t\t: ${i}\nisa\t\t: rv64${letters}\nmmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n`;
      }
      break;
    }
    case 'mips':
    case 'mipsel': {
      // arch/mips/kernel/proc.c for a 24Kf on a Malta board (the kernel names the 24K family "24Kc").
      // No ASEs: MIPS16 is not emulated.
      const version = (v: number) => `V${(v >>> 4) & 15}.${v & 15}`;
      for (let i = 0; i < n; i++) {
        if (i === 0) out += 'system type\t\t: MIPS Malta\n';
        out +=
          `processor\t\t: ${i}\n` +
          `cpu model\t\t: MIPS 24Kc ${version(MIPS_PRID & 0xff)}  FPU ${version(FIR_24KF & 0xff)}\n` +
          `BogoMIPS\t\t: ${MIPS_BOGOMIPS}\n` +
          'wait instruction\t: yes\n' +
          'microsecond timers\t: yes\n' +
          'tlb_entries\t\t: 16\n' +
          'extra interrupt vector\t: yes\n' +
          'hardware watchpoint\t: no\n' +
          'isa\t\t\t: mips1 mips2 mips32r1 mips32r2\n' +
          'ASEs implemented\t:\n' +
          'Options implemented\t: tlb 4kex 4k_cache fpu 32fpr prefetch mcheck ejtag llsc userlocal vint nan_legacy\n' +
          'shadow register sets\t: 1\n' +
          'kscratch registers\t: 0\n' +
          'package\t\t\t: 0\n' +
          `core\t\t\t: ${i}\n` +
          'VCED exceptions\t\t: not available\n' +
          'VCEI exceptions\t\t: not available\n\n';
      }
      break;
    }
    default:
      for (let i = 0; i < n; i++) out += `processor\t: ${i}\n\n`;
  }
  return out;
}
