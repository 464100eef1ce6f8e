// open(2) flags per guest ABI, translated bit by bit to the host's. asm-generic numbers them one
// way (riscv64; the x86-64 host too), ARM and AArch64 move O_DIRECTORY, O_NOFOLLOW, O_DIRECT and
// O_LARGEFILE (arch/arm/include/uapi/asm/fcntl.h), and MIPS renumbers most of them
// (arch/mips/include/uapi/asm/fcntl.h: O_APPEND 0x8, O_NONBLOCK 0x80, O_CREAT 0x100 ...). The
// values below are the cross headers' (test/fixtures/mips-abi/layout.txt checks MIPS's).
// glibc on 32-bit guests sets O_LARGEFILE on every open, which is the host's O_NOFOLLOW on x86-64:
// passed through untranslated it would make every path through a symlink fail with ELOOP.
import { constants as fsConstants } from 'node:fs';

/** The flags open(2) knows besides the access mode; O_SYNC is __O_SYNC | O_DSYNC, O_TMPFILE __O_TMPFILE | O_DIRECTORY. */
export const OPEN_FLAG_NAMES = [
  'O_CREAT', 'O_EXCL', 'O_NOCTTY', 'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_DSYNC', 'FASYNC', 'O_DIRECT',
  'O_LARGEFILE', 'O_DIRECTORY', 'O_NOFOLLOW', 'O_NOATIME', 'O_CLOEXEC', '__O_SYNC', 'O_PATH', '__O_TMPFILE',
] as const;
export type OpenFlagName = (typeof OPEN_FLAG_NAMES)[number];
/** One ABI's value of every open flag. */
export type OpenFlagBits = Readonly<Record<OpenFlagName, number>>;

/** asm-generic/fcntl.h (octal, as there). */
const GENERIC: OpenFlagBits = {
  O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400, O_TRUNC: 0o1000, O_APPEND: 0o2000, O_NONBLOCK: 0o4000,
  O_DSYNC: 0o10000, FASYNC: 0o20000, O_DIRECT: 0o40000, O_LARGEFILE: 0o100000, O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000, O_NOATIME: 0o1000000, O_CLOEXEC: 0o2000000, __O_SYNC: 0o4000000, O_PATH: 0o10000000,
  __O_TMPFILE: 0o20000000,
};
/** arch/arm/include/uapi/asm/fcntl.h (AArch64 keeps ARM's numbers for compat). */
const ARM: OpenFlagBits = { ...GENERIC, O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_DIRECT: 0o200000, O_LARGEFILE: 0o400000 };
/** arch/mips/include/uapi/asm/fcntl.h; the rest from asm-generic. */
const MIPS: OpenFlagBits = {
  ...GENERIC,
  O_APPEND: 0x8, O_DSYNC: 0x10, O_NONBLOCK: 0x80, O_CREAT: 0x100, O_TRUNC: 0x200, O_EXCL: 0x400, O_NOCTTY: 0x800,
  FASYNC: 0x1000, O_LARGEFILE: 0x2000, __O_SYNC: 0x4000, O_DIRECT: 0x8000,
};

export function openFlagBits(arch: string): OpenFlagBits {
  if (arch === 'mips' || arch === 'mipsel') return MIPS;
  return arch === 'arm' || arch === 'aarch64' ? ARM : GENERIC;
}

const hostConst = (name: string): number | undefined => (fsConstants as Record<string, number>)[name];
/**
 * The host's values: Node's where it has them (they are the host libc's), asm-generic's for the
 * rest (every 64-bit Linux host tsemu runs on uses those for O_PATH and __O_TMPFILE). O_LARGEFILE
 * means nothing to a 64-bit host: 0.
 */
export const HOST_OPEN_FLAGS: OpenFlagBits = Object.fromEntries(
  OPEN_FLAG_NAMES.map((name) => {
    if (name === 'O_LARGEFILE') return [name, 0];
    if (name === 'FASYNC') return [name, hostConst('O_ASYNC') ?? GENERIC.FASYNC];
    if (name === '__O_SYNC') {
      const sync = hostConst('O_SYNC'), dsync = hostConst('O_DSYNC');
      return [name, sync !== undefined && dsync !== undefined ? sync & ~dsync : GENERIC.__O_SYNC];
    }
    return [name, hostConst(name) ?? GENERIC[name]];
  }),
) as OpenFlagBits;

/** Translates a set of flags between numberings; bits the source does not define are dropped (open ignores them). */
function translate(from: OpenFlagBits, to: OpenFlagBits, flags: number): number {
  let out = flags & 3; // access mode: the same everywhere
  for (const name of OPEN_FLAG_NAMES) if (flags & from[name]) out |= to[name];
  return out;
}

/** Guest open flags -> host open flags (O_CLOEXEC is the caller's business). */
export function hostOpenFlags(guest: OpenFlagBits, flags: number): number {
  return translate(guest, HOST_OPEN_FLAGS, flags);
}
/** Host open flags (fcntl F_GETFL of a host fd) -> guest numbering. */
export function guestOpenFlags(guest: OpenFlagBits, flags: number): number {
  return translate(HOST_OPEN_FLAGS, guest, flags);
}
