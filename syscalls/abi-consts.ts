// Constants and struct shapes the syscall layer needs that differ between guest ABIs, in one place
// (open flags are in flags.ts; errno and signal numbers in tables/). Everything here is either the
// asm-generic value (riscv64, aarch64, 32-bit ARM, which the x86-64 host shares) or MIPS's own,
// from arch/mips/include/uapi/asm/*.h (test/fixtures/mips-abi/layout.txt is what the cross
// compiler reports for them; test/mips-abi.test.ts compares).
import type { Kernel } from './kernel.ts';

export interface AbiConsts {
  /**
   * TASK_SIZE: the end of user space. MIPS32's kuseg is the low 2 GiB; the others get the whole
   * 4 GiB window tsemu has. New mappings and the heap stay below it.
   */
  readonly taskSize: number;
  /** fcntl commands that MIPS renumbers (the rest are asm-generic's everywhere). */
  readonly F_GETLK: number;
  readonly F_SETLK: number;
  readonly F_SETLKW: number;
  readonly F_SETOWN: number;
  readonly F_GETOWN: number;
  /** struct flock64 commands of 32-bit ABIs (fcntl64). */
  readonly F_GETLK64: number;
  readonly F_SETLK64: number;
  readonly F_SETLKW64: number;
  /** mmap flags (MAP_SHARED 1, MAP_PRIVATE 2, MAP_FIXED 0x10 and MAP_FIXED_NOREPLACE are common). */
  readonly MAP_ANONYMOUS: number;
  readonly MAP_NORESERVE: number;
  /** Resource names by guest RLIMIT_* number ('NOFILE' ...). */
  readonly rlimits: readonly string[];
  /** RLIM_INFINITY of the old getrlimit/setrlimit's unsigned long struct on a 32-bit guest. */
  readonly rlimInfinity32: number;
  /** struct sigaction: byte offsets of sa_handler and sa_flags (word-sized on generic ABIs). */
  readonly sigactionHandler: (ws: number) => number;
  /** stack_t: byte offset of ss_flags (generic {sp, flags, size}; MIPS {sp, size, flags}). */
  readonly stackFlags: (ws: number) => number;
  /** Terminal ioctls. */
  readonly TCGETS: number;
  readonly TIOCGWINSZ: number;
  readonly FIONBIO: number;
  readonly FIONREAD: number;
  /** The kernel's struct termios (c_iflag..c_lflag, c_line, c_cc[NCCS]) and its numbering. */
  readonly termios: TermiosAbi;
}

export interface TermiosAbi {
  readonly size: number;
  readonly nccs: number;
  /** c_cc index of each control character. */
  readonly cc: Readonly<Record<string, number>>;
  /** c_lflag bits (c_iflag, c_oflag and c_cflag bits are the same on every ABI here). */
  readonly lflag: Readonly<Record<string, number>>;
}

const GENERIC_RLIMITS = ['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'NPROC', 'NOFILE', 'MEMLOCK', 'AS', 'LOCKS', 'SIGPENDING', 'MSGQUEUE', 'NICE', 'RTPRIO', 'RTTIME'];

/** asm-generic/termbits.h (x86-64 and ARM use it; its struct termios has NCCS 19). */
export const GENERIC_TERMIOS: TermiosAbi = {
  size: 36,
  nccs: 19,
  cc: { VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 5, VMIN: 6, VSWTC: 7, VSTART: 8, VSTOP: 9, VSUSP: 10, VEOL: 11, VREPRINT: 12, VDISCARD: 13, VWERASE: 14, VLNEXT: 15, VEOL2: 16 },
  lflag: { ISIG: 0x1, ICANON: 0x2, XCASE: 0x4, ECHO: 0x8, ECHOE: 0x10, ECHOK: 0x20, ECHONL: 0x40, NOFLSH: 0x80, TOSTOP: 0x100, ECHOCTL: 0x200, ECHOPRT: 0x400, ECHOKE: 0x800, FLUSHO: 0x1000, PENDIN: 0x4000, IEXTEN: 0x8000, EXTPROC: 0x10000 },
};

const GENERIC: AbiConsts = {
  taskSize: 2 ** 32,
  F_GETLK: 5, F_SETLK: 6, F_SETLKW: 7, F_SETOWN: 8, F_GETOWN: 9,
  F_GETLK64: 12, F_SETLK64: 13, F_SETLKW64: 14,
  MAP_ANONYMOUS: 0x20, MAP_NORESERVE: 0x4000,
  rlimits: GENERIC_RLIMITS,
  rlimInfinity32: 0xffffffff,
  sigactionHandler: () => 0,
  stackFlags: (ws) => ws,
  TCGETS: 0x5401, TIOCGWINSZ: 0x5413, FIONBIO: 0x5421, FIONREAD: 0x541b,
  termios: GENERIC_TERMIOS,
};

const MIPS: AbiConsts = {
  taskSize: 0x80000000,
  // F_GETLK 14 is generic F_SETLKW64's number: the *64 commands moved to 33..35.
  F_GETLK: 14, F_SETLK: 6, F_SETLKW: 7, F_SETOWN: 24, F_GETOWN: 23,
  F_GETLK64: 33, F_SETLK64: 34, F_SETLKW64: 35,
  MAP_ANONYMOUS: 0x800, MAP_NORESERVE: 0x400,
  rlimits: ['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'NOFILE', 'AS', 'RSS', 'NPROC', 'MEMLOCK', 'LOCKS', 'SIGPENDING', 'MSGQUEUE', 'NICE', 'RTPRIO', 'RTTIME'],
  // arch/mips/include/uapi/asm/resource.h: o32's RLIM_INFINITY is 0x7fffffff, not ~0UL.
  rlimInfinity32: 0x7fffffff,
  // struct sigaction { unsigned int sa_flags; __sighandler_t sa_handler; sigset_t sa_mask; }
  sigactionHandler: () => 4,
  stackFlags: (ws) => 2 * ws,
  TCGETS: 0x540d, TIOCGWINSZ: 0x40087468, FIONBIO: 0x667e, FIONREAD: 0x467f,
  termios: {
    size: 40,
    nccs: 23,
    cc: { VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VMIN: 4, VTIME: 5, VEOL2: 6, VSWTC: 7, VSTART: 8, VSTOP: 9, VSUSP: 10, VREPRINT: 12, VDISCARD: 13, VWERASE: 14, VLNEXT: 15, VEOF: 16, VEOL: 17 },
    lflag: { ISIG: 0x1, ICANON: 0x2, XCASE: 0x4, ECHO: 0x8, ECHOE: 0x10, ECHOK: 0x20, ECHONL: 0x40, NOFLSH: 0x80, IEXTEN: 0x100, ECHOCTL: 0x200, ECHOPRT: 0x400, ECHOKE: 0x800, FLUSHO: 0x2000, PENDIN: 0x4000, TOSTOP: 0x8000, EXTPROC: 0x10000 },
  },
};

/** The constants of the kernel's guest ABI. */
export function abiConsts(k: Kernel): AbiConsts {
  return k.tables.family === 'mips' ? MIPS : GENERIC;
}
export function abiConstsFor(family: 'generic' | 'mips'): AbiConsts {
  return family === 'mips' ? MIPS : GENERIC;
}

/** Host RLIMIT_* number of a guest resource (the host numbers them as asm-generic), or -1. */
export function hostRlimit(abi: AbiConsts, res: number): number {
  const name = abi.rlimits[res];
  return name === undefined ? -1 : GENERIC_RLIMITS.indexOf(name);
}

/** Re-lays a kernel struct termios from one numbering to another (c_cc positions, c_lflag bits). */
export function convertTermios(src: Uint8Array, from: TermiosAbi, to: TermiosAbi, srcLE: boolean, dstLE: boolean): Uint8Array {
  const out = new Uint8Array(to.size);
  const sv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 3; i++) dv.setUint32(4 * i, sv.getUint32(4 * i, srcLE), dstLE);
  const lf = sv.getUint32(12, srcLE);
  let lout = 0;
  for (const [name, bit] of Object.entries(from.lflag)) if (lf & bit) lout |= to.lflag[name] ?? 0;
  dv.setUint32(12, lout, dstLE);
  out[16] = src[16]; // c_line
  for (const [name, i] of Object.entries(from.cc)) {
    const j = to.cc[name];
    if (j !== undefined && i < from.nccs && j < to.nccs) out[17 + j] = src[17 + i];
  }
  return out;
}
