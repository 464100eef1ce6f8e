// errno translation: host errors (Node's `code` strings, the addon's negative host errno) become
// the guest ABI's errno numbers, which differ per arch family (MIPS numbers most differently).
import { constants as osConstants } from 'node:os';
import { BadAddress } from '../src/mem/memory.ts';
import type { ArchTables } from './tables/index.ts';

const hostErrnoNames = new Map<number, string>();
for (const [name, num] of Object.entries(osConstants.errno)) if (!hostErrnoNames.has(num)) hostErrnoNames.set(num, name);

/** A syscall failure carrying an errno name; the dispatcher turns it into -errno. */
export class SysError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export const fail = (code: string): never => {
  throw new SysError(code);
};

export class Errno {
  constructor(private tables: ArchTables) {}

  /** -errno for an errno name. */
  neg(name: string): number {
    return -(this.tables.errnoNumbers[name] ?? this.tables.errnoNumbers.EINVAL);
  }
  /** -errno for anything thrown by Node, the addon wrappers or the syscall code itself. */
  fromError(e: unknown): number {
    if (e instanceof BadAddress) return this.neg('EFAULT');
    if (e instanceof SysError) return this.neg(e.code);
    const code = (e as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && this.tables.errnoNumbers[code] !== undefined) return this.neg(code);
    throw e;
  }
  /** Negative host errno (from the addon) -> negative guest errno; other values unchanged. */
  fromHost(r: number): number {
    if (r >= 0) return r;
    return this.neg(hostErrnoNames.get(-r) ?? 'EIO');
  }
  name(negErrno: number): string {
    return this.tables.errnoNames[-negErrno] ?? String(-negErrno);
  }
}
