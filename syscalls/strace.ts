// -strace output in qemu/strace style: name(decoded args) = result or -1 errno (ERRNAME).
import type { Kernel } from './kernel.ts';

/** Per-syscall argument kinds: s = string (path), d = signed int, x = hex, u = unsigned. */
const SIGNATURES: Record<string, string> = {
  openat: 'dsxo',
  open: 'sxo',
  read: 'dxu',
  write: 'dxu',
  pread64: 'dxud',
  pwrite64: 'dxud',
  close: 'd',
  newfstatat: 'dsxx',
  fstat: 'dx',
  statx: 'dsxxx',
  faccessat: 'dsx',
  faccessat2: 'dsxx',
  readlinkat: 'dsxu',
  mkdirat: 'dso',
  unlinkat: 'dsx',
  renameat2: 'dsdsx',
  renameat: 'dsds',
  chdir: 's',
  execve: 'sxx',
  exit: 'd',
  exit_group: 'd',
  brk: 'x',
  mmap: 'xuxxdx',
  munmap: 'xu',
  mprotect: 'xux',
  lseek: 'ddd',
  ioctl: 'dxx',
  getdents64: 'dxu',
  kill: 'dd',
  tgkill: 'ddd',
  rt_sigaction: 'dxx',
  rt_sigprocmask: 'dxxu',
  set_tid_address: 'x',
  writev: 'dxd',
  readv: 'dxd',
  dup: 'd',
  dup3: 'ddx',
  fcntl: 'ddx',
  pipe2: 'xx',
  clock_gettime: 'dx',
  prlimit64: 'ddxx',
  getrandom: 'xux',
  fchmodat: 'dso',
  utimensat: 'dsxx',
  symlinkat: 'sds',
  linkat: 'dsdsx',
  ftruncate: 'dd',
  truncate: 'sd',
  // the older and 32-bit ABIs' names (ARM, MIPS o32)
  access: 'sx',
  mkdir: 'so',
  rmdir: 's',
  unlink: 's',
  rename: 'ss',
  chmod: 'so',
  readlink: 'sxu',
  symlink: 'ss',
  link: 'ss',
  mmap2: 'xuxxdx',
  _llseek: 'dddxd',
  fcntl64: 'ddx',
  fstat64: 'dx',
  stat64: 'sx',
  lstat64: 'sx',
  fstatat64: 'dsxx',
  statfs64: 'sux',
  fstatfs64: 'dux',
  clock_gettime64: 'dx',
  getrlimit: 'dx',
  ugetrlimit: 'dx',
  set_thread_area: 'x',
  set_tls: 'x',
  set_robust_list: 'xu',
  uname: 'x',
  dup2: 'dd',
  pipe: '',
  getpid: '',
  gettid: '',
  getuid: '',
  geteuid: '',
  getgid: '',
  getegid: '',
};

export function formatSyscall(k: Kernel, name: string, args: number[]): string {
  const sig = SIGNATURES[name];
  const n = sig !== undefined ? sig.length : 6;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = sig !== undefined ? sig[i] : 'x';
    const v = args[i];
    switch (kind) {
      case 's':
        try {
          parts.push(JSON.stringify(k.mem.readString(v)));
        } catch {
          parts.push('0x' + v.toString(16));
        }
        break;
      case 'd':
        parts.push(String(k.int(v)));
        break;
      case 'u':
        parts.push(String(k.ulong(v)));
        break;
      case 'o':
        parts.push('0' + (v >>> 0).toString(8));
        break;
      default:
        parts.push('0x' + (v < 0 ? k.ulong(v) : v).toString(16));
    }
  }
  return `${name}(${parts.join(',')})`;
}

export function formatResult(k: Kernel, name: string, r: number): string {
  if (r < 0 && r >= -4095) return `-1 errno=${-r} (${k.errno.name(r)})`;
  if (name === 'mmap' || name === 'mmap2' || name === 'brk' || name === 'mremap') return '0x' + r.toString(16);
  return String(r);
}
