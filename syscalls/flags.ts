// open(2) flags whose bits differ between guest ABIs. Most O_* bits are the same on every Linux
// arch tsemu knows; O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE are not: ARM and AArch64
// number them differently from asm-generic (arch/arm/include/uapi/asm/fcntl.h). glibc on 32-bit
// ARM sets O_LARGEFILE on every open, which is the host's O_NOFOLLOW on x86-64: passed through
// untranslated it would make every path through a symlink fail with ELOOP.
import { constants as fsConstants } from 'node:fs';

export interface OpenFlagBits {
  O_DIRECTORY: number;
  O_NOFOLLOW: number;
  O_DIRECT: number;
  O_LARGEFILE: number;
}

const GENERIC: OpenFlagBits = { O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_DIRECT: 0o40000, O_LARGEFILE: 0o100000 };
const ARM: OpenFlagBits = { O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_DIRECT: 0o200000, O_LARGEFILE: 0o400000 };

export function openFlagBits(arch: string): OpenFlagBits {
  return arch === 'arm' || arch === 'aarch64' ? ARM : GENERIC;
}

const VARYING = ['O_DIRECTORY', 'O_NOFOLLOW', 'O_DIRECT', 'O_LARGEFILE'] as const;

/** Host value of each varying flag (O_LARGEFILE means nothing to a 64-bit host: 0). */
const HOST: OpenFlagBits = {
  O_DIRECTORY: fsConstants.O_DIRECTORY,
  O_NOFOLLOW: fsConstants.O_NOFOLLOW,
  O_DIRECT: (fsConstants as Record<string, number>).O_DIRECT ?? 0,
  O_LARGEFILE: 0,
};

/** Guest open flags -> host open flags (O_CLOEXEC is the caller's business). */
export function hostOpenFlags(guest: OpenFlagBits, flags: number): number {
  let out = flags;
  for (const name of VARYING) out &= ~guest[name];
  for (const name of VARYING) if (flags & guest[name]) out |= HOST[name];
  return out;
}
