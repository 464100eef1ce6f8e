// The Linux MIPS o32 ABI without running guest code: syscalls called through the kernel's
// dispatcher with the number in v0, arguments in a0-a3 and the caller's stack (sp+16..), on a
// big-endian (mips) and a little-endian (mipsel) guest memory; results read back from v0/a3/v1 and
// struct bytes compared with the offsets and constants the cross compiler reports for the kernel
// headers (test/fixtures/mips-abi/layout.txt, from layout.c).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { makeMips } from '../src/arch/mips/index.ts';
import { SLOT_ULR, gslot } from '../src/arch/mips/state.ts';
import { CpuState } from '../src/arch/types.ts';
import { Logger } from '../src/cli/log.ts';
import { GuestMemory } from '../src/mem/memory.ts';
import { native } from '../src/runtime/native.ts';
import { abiConstsFor, convertTermios, GENERIC_TERMIOS, hostRlimit } from '../syscalls/abi-consts.ts';
import { OPEN_FLAG_NAMES, openFlagBits } from '../syscalls/flags.ts';
import { syscallImpls } from '../syscalls/index.ts';
import { Kernel } from '../syscalls/kernel.ts';
import { mapFixed } from '../syscalls/mm.ts';
import { archTables, syscallNumber } from '../syscalls/tables/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, 'fixtures', 'mips-abi');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'tsemu-mips-abi-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** name -> value lines of layout.txt. */
const layout = new Map(
  readFileSync(join(FIXTURE, 'layout.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const [k, v] = l.split(' ');
      return [k!, Number(v)] as const;
    }),
);
const L = (name: string): number => {
  const v = layout.get(name);
  if (v === undefined) throw new Error(`layout.txt has no ${name}`);
  return v;
};

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const BUF = 0x20000;
const STACK = 0x40000;
const V0 = 2, V1 = 3, A0 = 4, A3 = 7, SP = 29;

/** A kernel for a MIPS guest of the given byte order, with scratch memory at BUF and a stack. */
function mipsKernel(littleEndian: boolean, log = new Logger()) {
  const arch = makeMips(littleEndian);
  const mem = new GuestMemory(littleEndian);
  const cpu = new CpuState(arch.stateWords, mem);
  const k = new Kernel(arch, mem, cpu, log, { exePath: '/bin/true', argv: ['true'], strace: false }, syscallImpls);
  mapFixed(k, BUF, 0x10000, 3);
  mapFixed(k, STACK, 0x1000, 3);
  let strings = BUF + 0x8000;
  const str = (s: string): number => {
    const at = strings;
    mem.u8.set(Buffer.from(s + '\0'), at);
    strings += s.length + 1;
    return at;
  };
  /** Raw syscall by number: args 1-4 in a0-a3, 5-8 at sp+16; [v0, a3] back. */
  const raw = (nr: number, ...args: number[]): [number, number] => {
    cpu.R[gslot(V0)] = nr;
    cpu.R[gslot(SP)] = STACK;
    for (let i = 0; i < 4; i++) cpu.R[gslot(A0 + i)] = (args[i] ?? 0) | 0;
    for (let i = 4; i < 8; i++) mem.write32(STACK + 16 + 4 * (i - 4), (args[i] ?? 0) >>> 0);
    k.syscall();
    return [cpu.R[gslot(V0)]!, cpu.R[gslot(A3)]!];
  };
  /** Syscall by name; the result as the C library sees it: value, or -errno when a3 is set. */
  const sys = (name: string, ...args: number[]): number => {
    const nr = syscallNumber(littleEndian ? 'mipsel' : 'mips', name);
    if (nr === undefined) throw new Error(`no MIPS syscall ${name}`);
    const [v0, a3] = raw(nr, ...args);
    return a3 ? -v0 : v0;
  };
  const errno = (name: string) => -k.tables.errnoNumbers[name]!;
  const u32 = (a: number) => mem.dv.getUint32(a, littleEndian);
  const i32 = (a: number) => mem.dv.getInt32(a, littleEndian);
  const u64 = (a: number) => mem.dv.getBigUint64(a, littleEndian);
  /** The two words of a 64-bit argument in argument-slot order for this byte order. */
  const pair = (v: number): [number, number] => {
    const lo = v >>> 0, hi = Math.floor(v / 2 ** 32);
    return littleEndian ? [lo, hi] : [hi, lo];
  };
  return { k, mem, cpu, raw, sys, str, errno, u32, i32, u64, pair };
}

const ENDIANS = [
  ['mips (big-endian)', false],
  ['mipsel (little-endian)', true],
] as const;

describe('MIPS constants against the cross compiler (layout.txt)', () => {
  test('open flags', () => {
    const bits = openFlagBits('mips');
    expect(openFlagBits('mipsel')).toBe(bits);
    for (const name of OPEN_FLAG_NAMES) expect([name, bits[name]]).toEqual([name, L(name)]);
  });

  test('fcntl commands, mmap flags, terminal ioctls', () => {
    const abi = abiConstsFor('mips');
    for (const name of ['F_GETLK', 'F_SETLK', 'F_SETLKW', 'F_SETOWN', 'F_GETOWN', 'F_GETLK64', 'F_SETLK64', 'F_SETLKW64', 'MAP_ANONYMOUS', 'MAP_NORESERVE', 'TCGETS', 'TIOCGWINSZ', 'FIONBIO', 'FIONREAD'] as const) {
      expect([name, abi[name]]).toEqual([name, L(name)]);
    }
  });

  test('rlimit numbering and o32 RLIM_INFINITY', () => {
    const abi = abiConstsFor('mips');
    for (let i = 0; i < L('RLIM_NLIMITS'); i++) expect(L(`RLIMIT_${abi.rlimits[i]}`)).toBe(i);
    expect(abi.rlimits).toHaveLength(L('RLIM_NLIMITS'));
    expect(abi.rlimInfinity32).toBe(L('RLIM_INFINITY'));
  });

  test('signals: _NSIG, SIG_* and SA_* from the tables, struct sigaction and stack_t', () => {
    const t = archTables.mips;
    expect(t.nsig).toBe(L('_NSIG'));
    expect(t.nsig / 8).toBe(L('sizeof.sigset_t'));
    for (const name of ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK', 'SA_SIGINFO', 'SA_RESTART', 'SA_ONSTACK', 'SA_NODEFER', 'SA_NOCLDSTOP', 'MINSIGSTKSZ', 'SIGSTKSZ']) {
      expect([name, t.signalConstants[name]]).toEqual([name, L(name)]);
    }
    expect(t.signalConstants.SA_RESETHAND! | 0).toBe(L('SA_RESETHAND'));
    const abi = abiConstsFor('mips');
    expect(abi.sigactionHandler(4)).toBe(L('sigaction.sa_handler'));
    expect(L('sigaction.sa_flags')).toBe(0);
    expect(L('sigaction.sa_mask')).toBe(8);
    // what rt_sigaction stores: no sa_restorer on MIPS
    expect('SA_RESTORER' in t.signalConstants).toBe(false);
    expect(4 * 2 + t.nsig / 8).toBe(L('sizeof.sigaction'));
    expect(abi.stackFlags(4)).toBe(L('stack_t.ss_flags'));
  });

  test('struct termios numbering', () => {
    const { termios } = abiConstsFor('mips');
    expect(termios.size).toBe(L('sizeof.termios'));
    expect(termios.nccs).toBe(L('NCCS'));
    for (const [name, i] of Object.entries(termios.cc)) expect([name, i]).toEqual([name, L(name)]);
    for (const [name, bit] of Object.entries(termios.lflag)) expect([name, bit]).toEqual([name, L(name)]);
  });

  test('struct termios converts from the host numbering (c_cc slots, c_lflag bits, byte order)', () => {
    const g = GENERIC_TERMIOS;
    const host = new Uint8Array(g.size);
    const hv = new DataView(host.buffer);
    hv.setUint32(0, 0x500, true); // c_iflag ICRNL|IXON: same bits everywhere
    hv.setUint32(12, g.lflag.ECHO! | g.lflag.ICANON! | g.lflag.IEXTEN! | g.lflag.TOSTOP! | g.lflag.FLUSHO!, true);
    host[17 + g.cc.VEOF!] = 4;
    host[17 + g.cc.VMIN!] = 1;
    host[17 + g.cc.VEOL!] = 0x7f;
    host[17 + g.cc.VEOL2!] = 0x33;
    for (const le of [false, true]) {
      const out = convertTermios(host, g, abiConstsFor('mips').termios, true, le);
      const ov = new DataView(out.buffer);
      expect(out.length).toBe(L('sizeof.termios'));
      expect(ov.getUint32(0, le)).toBe(0x500);
      expect(ov.getUint32(12, le)).toBe(L('ECHO') | L('ICANON') | L('IEXTEN') | L('TOSTOP') | L('FLUSHO'));
      expect(out[L('termios.c_cc') + L('VEOF')]).toBe(4);
      expect(out[L('termios.c_cc') + L('VMIN')]).toBe(1);
      expect(out[L('termios.c_cc') + L('VEOL')]).toBe(0x7f);
      expect(out[L('termios.c_cc') + L('VEOL2')]).toBe(0x33);
    }
  });

  test('struct sysinfo is the generic 32-bit one', () => {
    const { sys, u32, mem } = mipsKernel(false);
    expect(sys('sysinfo', BUF)).toBe(0);
    expect(u32(BUF + L('sysinfo.mem_unit'))).toBe(4096);
    expect(u32(BUF + L('sysinfo.totalram')) * 4096).toBeGreaterThan(0);
    expect(mem.dv.getUint16(BUF + L('sysinfo.procs'), false)).toBe(1); // an unsigned short
  });

  test('rlimits translate to the host by name', () => {
    const abi = abiConstsFor('mips');
    // RLIMIT_NOFILE is 5 on MIPS, 7 on the (asm-generic) host
    expect(hostRlimit(abi, L('RLIMIT_NOFILE'))).toBe(7);
    expect(hostRlimit(abi, L('RLIMIT_AS'))).toBe(9);
    expect(hostRlimit(abi, 16)).toBe(-1);
  });

  // The fixture must be what the compiler says today: rebuild and compare where the tools exist.
  test.skipIf(!has('mips-linux-gnu-gcc') || !has('qemu-mips'))('layout.txt is current (needs mips-linux-gnu-gcc and qemu-mips)', () => {
    const exe = join(work, 'layout');
    execFileSync('mips-linux-gnu-gcc', ['-static', '-o', exe, join(FIXTURE, 'layout.c')]);
    const out = execFileSync('qemu-mips', [exe], { encoding: 'utf8' });
    expect(out).toBe(readFileSync(join(FIXTURE, 'layout.txt'), 'utf8'));
  });
});

describe.each(ENDIANS)('MIPS o32 syscall convention, %s', (_name, le) => {
  const file = join(work, `pairs-${le ? 'el' : 'be'}.bin`);
  writeFileSync(file, Buffer.from('0123456789abcdefghij'));

  test('v0 = number, a3 = error flag, MIPS errno numbers', () => {
    const { raw, str, k } = mipsKernel(le);
    const [v0, a3] = raw(syscallNumber('mips', 'openat')!, -100, str(join(work, 'no-such-file')), 0);
    expect([v0, a3]).toEqual([k.tables.errnoNumbers.ENOENT, 1]);
    // ENOSYS is 89 on MIPS (38 elsewhere)
    expect(raw(syscallNumber('mips', 'io_uring_setup')!)).toEqual([89, 1]);
    expect(raw(syscallNumber('mips', 'getpid')!)).toEqual([process.pid, 0]);
  });

  test('pread64/pwrite64: offset pair in arguments 5-6 (sp+16, sp+20), in memory order', () => {
    const { sys, str, mem, errno, pair } = mipsKernel(le);
    const fd = sys('openat', -100, str(file), 2);
    expect(fd).toBeGreaterThanOrEqual(3);
    expect(sys('pread64', fd, BUF, 4, 0xdeadbeef, ...pair(10))).toBe(4);
    expect(Buffer.from(mem.u8.subarray(BUF, BUF + 4)).toString()).toBe('abcd');
    mem.u8.set(Buffer.from('XY'), BUF);
    expect(sys('pwrite64', fd, BUF, 2, 0x12345678, ...pair(2))).toBe(2);
    expect(readFileSync(file, 'latin1').slice(0, 6)).toBe('01XY45');
    // the high word's sign makes it negative: EINVAL
    expect(sys('pread64', fd, BUF, 4, 0, ...(le ? [0, -1] : [-1, 0]))).toBe(errno('EINVAL'));
    // the same words in the other order are offset 2^32 * 10: past the end, 0 bytes
    expect(sys('pread64', fd, BUF, 4, 0, ...pair(10).reverse())).toBe(0);
  });

  test('truncate64/ftruncate64: length pair in a2:a3', () => {
    const { sys, str, pair } = mipsKernel(le);
    const f = join(work, `trunc-${le}.bin`);
    writeFileSync(f, 'x');
    expect(sys('truncate64', str(f), 0xabcdef, ...pair(5000))).toBe(0);
    expect(statSync(f).size).toBe(5000);
    const fd = sys('openat', -100, str(f), 2);
    expect(sys('ftruncate64', fd, 0x55, ...pair(12))).toBe(0);
    expect(statSync(f).size).toBe(12);
  });

  test.skipIf(!native)('_llseek(fd, high, low, &result, whence): 64-bit result in guest byte order (needs the native addon)', () => {
    const { sys, str, u64 } = mipsKernel(le);
    const fd = sys('openat', -100, str(file), 0);
    expect(sys('_llseek', fd, 1, 5, BUF + 0x100, 0)).toBe(0);
    expect(u64(BUF + 0x100)).toBe(0x100000005n);
  });

  test('fstat64/stat64/fstatat64 write MIPS struct stat64 (104 bytes)', () => {
    const { sys, str, mem, u32, u64 } = mipsKernel(le);
    const f = join(work, `st-${le}.bin`);
    writeFileSync(f, Buffer.alloc(1234, 1));
    const st = statSync(f, { bigint: true });
    const size = L('sizeof.stat64');
    for (const call of [() => sys('stat64', str(f), BUF), () => sys('fstatat64', -100, str(f), BUF, 0), () => sys('fstat64', sys('openat', -100, str(f), 0), BUF)]) {
      mem.u8.fill(0xee, BUF, BUF + size + 8);
      expect(call()).toBe(0);
      expect(u32(BUF + L('stat64.st_dev'))).toBe(Number(st.dev & 0xffffffffn));
      expect(u64(BUF + L('stat64.st_ino'))).toBe(st.ino);
      expect(u32(BUF + L('stat64.st_mode'))).toBe(Number(st.mode));
      expect(u32(BUF + L('stat64.st_nlink'))).toBe(Number(st.nlink));
      expect(u32(BUF + L('stat64.st_uid'))).toBe(Number(st.uid));
      expect(u32(BUF + L('stat64.st_gid'))).toBe(Number(st.gid));
      expect(u64(BUF + L('stat64.st_size'))).toBe(1234n);
      expect(u32(BUF + L('stat64.st_blksize'))).toBe(Number(st.blksize));
      expect(u64(BUF + L('stat64.st_blocks'))).toBe(st.blocks);
      expect(u32(BUF + L('stat64.st_mtime'))).toBe(Number(st.mtimeNs / 1000000000n));
      expect(u32(BUF + L('stat64.st_mtime_nsec'))).toBe(Number(st.mtimeNs % 1000000000n));
      expect(u32(BUF + L('stat64.st_ctime_nsec'))).toBe(Number(st.ctimeNs % 1000000000n));
      // padding is zeroed, nothing written past the struct
      expect(u32(BUF + 4)).toBe(0);
      expect(mem.u8[BUF + size]).toBe(0xee);
    }
  });

  test('stat/lstat/fstat write the old MIPS struct stat (144 bytes, 32-bit fields)', () => {
    const { sys, str, mem, u32 } = mipsKernel(le);
    const f = join(work, `old-${le}.bin`);
    writeFileSync(f, Buffer.alloc(777, 1));
    const st = statSync(f, { bigint: true });
    const size = L('sizeof.stat');
    mem.u8.fill(0xee, BUF, BUF + size + 8);
    expect(sys('stat', str(f), BUF)).toBe(0);
    expect(u32(BUF + L('stat.st_ino'))).toBe(Number(st.ino & 0xffffffffn));
    expect(u32(BUF + L('stat.st_mode'))).toBe(Number(st.mode));
    expect(u32(BUF + L('stat.st_size'))).toBe(777);
    expect(u32(BUF + L('stat.st_blksize'))).toBe(Number(st.blksize));
    expect(u32(BUF + L('stat.st_blocks'))).toBe(Number(st.blocks));
    expect(u32(BUF + L('stat.st_atime_nsec'))).toBe(Number(st.atimeNs % 1000000000n));
    expect(mem.u8[BUF + size]).toBe(0xee);
  });

  test('statfs64/fstatfs64 (size 96) and statfs write MIPS field order', () => {
    const { sys, str, mem, u32, u64, errno } = mipsKernel(le);
    const s = statfsSync(work);
    mem.u8.fill(0xee, BUF, BUF + 200);
    expect(sys('statfs64', str(work), 88, BUF)).toBe(errno('EINVAL'));
    expect(sys('statfs64', str(work), L('sizeof.statfs64'), BUF)).toBe(0);
    expect(u32(BUF + L('statfs64.f_type'))).toBe(s.type >>> 0);
    expect(u32(BUF + L('statfs64.f_bsize'))).toBe(s.bsize);
    expect(u32(BUF + L('statfs64.f_frsize'))).toBe(s.bsize);
    expect(u64(BUF + L('statfs64.f_blocks'))).toBe(BigInt(s.blocks));
    expect(u64(BUF + L('statfs64.f_files'))).toBe(BigInt(s.files));
    expect(u32(BUF + L('statfs64.f_namelen'))).toBe(255);
    expect(mem.u8[BUF + L('sizeof.statfs64')]).toBe(0xee);
    const fd = sys('openat', -100, str(work), 0);
    mem.u8.fill(0xee, BUF, BUF + 200);
    expect(sys('statfs', str(work), BUF)).toBe(0);
    expect(u32(BUF + L('statfs.f_bsize'))).toBe(s.bsize);
    expect(u32(BUF + L('statfs.f_frsize'))).toBe(s.bsize);
    expect(u32(BUF + L('statfs.f_blocks'))).toBe(s.blocks >>> 0);
    expect(u32(BUF + L('statfs.f_files'))).toBe(s.files >>> 0);
    expect(u32(BUF + L('statfs.f_namelen'))).toBe(255);
    expect(mem.u8[BUF + L('sizeof.statfs')]).toBe(0xee);
    expect(sys('fstatfs64', fd, 96, BUF + 0x100)).toBe(0);
    expect(u32(BUF + 0x100 + L('statfs64.f_bsize'))).toBe(s.bsize);
  });

  test('open flags: MIPS O_CREAT|O_EXCL|O_TRUNC|O_APPEND, O_LARGEFILE harmless; F_GETFL/F_SETFL in MIPS numbering', () => {
    const { sys, str, mem, errno } = mipsKernel(le);
    const f = join(work, `open-${le}.txt`);
    rmSync(f, { force: true });
    const O_WRONLY = 1;
    const flags = O_WRONLY | L('O_CREAT') | L('O_EXCL') | L('O_LARGEFILE');
    const fd = sys('openat', -100, str(f), flags, 0o644);
    expect(fd).toBeGreaterThanOrEqual(3);
    expect(sys('openat', -100, str(f), flags, 0o644)).toBe(errno('EEXIST'));
    mem.u8.set(Buffer.from('hello'), BUF);
    expect(sys('write', fd, BUF, 5)).toBe(5);
    const fa = sys('openat', -100, str(f), O_WRONLY | L('O_APPEND'));
    mem.u8.set(Buffer.from('++'), BUF);
    expect(sys('write', fa, BUF, 2)).toBe(2);
    expect(readFileSync(f, 'latin1')).toBe('hello++');
    // F_GETFL: no open-time flags, no O_LARGEFILE (as qemu-mipsel reports them)
    expect(sys('fcntl64', fd, L('F_GETFL'))).toBe(O_WRONLY);
    expect(sys('fcntl64', fa, L('F_GETFL'))).toBe(O_WRONLY | L('O_APPEND'));
    const fdir = sys('openat', -100, str(work), L('O_DIRECTORY') | L('O_LARGEFILE'));
    expect(sys('fcntl64', fdir, L('F_GETFL'))).toBe(L('O_DIRECTORY'));
    expect(sys('fcntl64', fa, L('F_SETFL'), L('O_NONBLOCK'))).toBe(0);
    expect(sys('fcntl64', fa, L('F_GETFL'))).toBe(O_WRONLY | L('O_NONBLOCK'));
    // O_TRUNC (0x200) truncates; creat uses MIPS O_CREAT|O_TRUNC
    expect(sys('openat', -100, str(f), O_WRONLY | L('O_TRUNC'))).toBeGreaterThanOrEqual(3);
    expect(statSync(f).size).toBe(0);
    const g = join(work, `creat-${le}.txt`);
    expect(sys('creat', str(g), 0o600)).toBeGreaterThanOrEqual(3);
    expect(statSync(g).isFile()).toBe(true);
    // O_DIRECTORY (0x10000) on a file
    expect(sys('openat', -100, str(f), L('O_DIRECTORY'))).toBe(errno('ENOTDIR'));
  });

  test('fcntl64 record locks use F_GETLK64 33..35; fcntl F_GETLK is 14', () => {
    const { sys, str, mem, errno } = mipsKernel(le);
    const fd = sys('openat', -100, str(file), 2);
    mem.write16(BUF, L('F_WRLCK'));
    expect(sys('fcntl64', fd, L('F_GETLK64'), BUF)).toBe(0);
    expect(mem.read16(BUF)).toBe(L('F_UNLCK'));
    mem.write16(BUF, L('F_WRLCK'));
    expect(sys('fcntl64', fd, L('F_SETLKW64'), BUF)).toBe(0);
    mem.write16(BUF, L('F_RDLCK'));
    expect(sys('fcntl', fd, L('F_GETLK'), BUF)).toBe(0);
    expect(mem.read16(BUF)).toBe(L('F_UNLCK'));
    // asm-generic's F_GETLK64 (12) means nothing on MIPS
    expect(sys('fcntl64', fd, 12, BUF)).toBe(errno('EINVAL'));
  });

  test('mmap (byte offset) and mmap2 (4096-byte units) with MIPS MAP_ANONYMOUS', () => {
    const { raw, sys, str, mem, errno } = mipsKernel(le);
    const PROT_RW = 3, MAP_PRIVATE = 2;
    const [anon, failed] = raw(syscallNumber('mips', 'mmap')!, 0, 8192, PROT_RW, MAP_PRIVATE | L('MAP_ANONYMOUS'), -1, 0);
    expect(failed).toBe(0);
    expect(mem.check(anon >>> 0, 8192, 3)).toBe(true);
    const f = join(work, `map-${le}.bin`);
    writeFileSync(f, Buffer.concat([Buffer.alloc(4096, 0x41), Buffer.from('page two')]));
    const fd = sys('openat', -100, str(f), 0);
    const m1 = sys('mmap', 0, 100, 1, MAP_PRIVATE, fd, 4096) >>> 0;
    expect(Buffer.from(mem.u8.subarray(m1, m1 + 8)).toString()).toBe('page two');
    const m2 = sys('mmap2', 0, 100, 1, MAP_PRIVATE, fd, 1) >>> 0;
    expect(Buffer.from(mem.u8.subarray(m2, m2 + 8)).toString()).toBe('page two');
    expect(sys('mmap', 0, 100, 1, MAP_PRIVATE, fd, 100)).toBe(errno('EINVAL'));
    // user space ends at 2 GiB (kuseg): a 2 GiB mapping fails, as glibc's malloc expects of a
    // huge request, and new mappings and MAP_FIXED stay below 0x80000000
    expect(sys('mmap2', 0, 0x80001000, PROT_RW, MAP_PRIVATE | L('MAP_ANONYMOUS'), -1, 0)).toBe(errno('ENOMEM'));
    expect(anon >>> 0).toBeLessThan(0x80000000);
    expect(sys('mmap2', 0x80000000, 4096, PROT_RW, MAP_PRIVATE | L('MAP_ANONYMOUS') | 0x10 /* MAP_FIXED */, -1, 0)).toBe(errno('ENOMEM'));
    // generic MAP_ANONYMOUS (0x20) is MAP_RENAME here: a file mapping of fd -1
    expect(sys('mmap', 0, 4096, PROT_RW, MAP_PRIVATE | 0x20, -1, 0)).toBe(errno('EBADF'));
  });

  test.skipIf(!native)('pipe returns the read end in v0 and the write end in v1; pipe2 writes both (needs the native addon)', () => {
    const { raw, sys, cpu, mem, u32, k } = mipsKernel(le);
    cpu.R[gslot(V1)] = -1;
    const [rfd, a3] = raw(syscallNumber('mips', 'pipe')!, 0);
    expect(a3).toBe(0);
    const wfd = cpu.R[gslot(V1)]!;
    expect(k.fds[rfd]?.file.flags).toBe(0);
    expect(k.fds[wfd]?.file.flags).toBe(1);
    mem.u8.set(Buffer.from('ab'), BUF);
    expect(sys('write', wfd, BUF, 2)).toBe(2);
    expect(sys('read', rfd, BUF + 16, 2)).toBe(2);
    expect(Buffer.from(mem.u8.subarray(BUF + 16, BUF + 18)).toString()).toBe('ab');
    expect(sys('pipe2', BUF + 32, L('O_CLOEXEC') | L('O_NONBLOCK'))).toBe(0);
    const r2 = u32(BUF + 32);
    expect(k.fds[r2]?.cloexec).toBe(true);
    expect(sys('read', r2, BUF, 1)).toBe(-k.tables.errnoNumbers.EAGAIN!);
    expect(sys('pipe2', BUF + 32, 0x40000000)).toBe(-k.tables.errnoNumbers.EINVAL!);
  });

  test('rt_sigaction: MIPS struct sigaction (flags, handler, 128-bit mask) reads back; SIG_BLOCK is 1', () => {
    const { sys, mem, u32, errno, k } = mipsKernel(le);
    const SIGUSR1 = k.tables.signalNumbers.SIGUSR1!;
    expect(SIGUSR1).toBe(16);
    const act = BUF, old = BUF + 0x40;
    mem.write32(act, L('SA_RESTART') | L('SA_SIGINFO'));
    mem.write32(act + 4, 0x00401234);
    for (let i = 0; i < 4; i++) mem.write32(act + 8 + 4 * i, 0x11111111 * (i + 1));
    expect(sys('rt_sigaction', SIGUSR1, act, 0, 8)).toBe(errno('EINVAL'));
    expect(sys('rt_sigaction', SIGUSR1, act, 0, 16)).toBe(0);
    expect(k.signals.actions[SIGUSR1].handler).toBe(0x00401234);
    mem.u8.fill(0xee, old, old + 32);
    expect(sys('rt_sigaction', SIGUSR1, 0, old, 16)).toBe(0);
    expect(u32(old)).toBe(L('SA_RESTART') | L('SA_SIGINFO'));
    expect(u32(old + 4)).toBe(0x00401234);
    expect(u32(old + 20)).toBe(0x44444444);
    expect(mem.u8[old + L('sizeof.sigaction')]).toBe(0xee);
    // SIG_IGN (1) in sa_handler makes a self-kill harmless
    mem.write32(act + 4, 1);
    expect(sys('rt_sigaction', SIGUSR1, act, 0, 16)).toBe(0);
    expect(sys('kill', process.pid, SIGUSR1)).toBe(0);
    // SIG_BLOCK (1), then SIG_SETMASK (3) with the old set
    mem.write32(BUF + 0x80, 1 << (SIGUSR1 - 1));
    for (let i = 1; i < 4; i++) mem.write32(BUF + 0x80 + 4 * i, 0);
    expect(sys('rt_sigprocmask', L('SIG_BLOCK'), BUF + 0x80, 0, 16)).toBe(0);
    expect(k.signals.mask[0]).toBe(1 << (SIGUSR1 - 1));
    expect(sys('rt_sigprocmask', L('SIG_UNBLOCK'), BUF + 0x80, BUF + 0xa0, 16)).toBe(0);
    expect(u32(BUF + 0xa0)).toBe(1 << (SIGUSR1 - 1));
    expect(k.signals.mask[0]).toBe(0);
    expect(sys('rt_sigprocmask', 0, BUF + 0x80, 0, 16)).toBe(errno('EINVAL'));
  });

  test('sigaltstack reports SS_DISABLE in MIPS stack_t (ss_flags third)', () => {
    const { sys, mem, u32 } = mipsKernel(le);
    mem.u8.fill(0xee, BUF, BUF + 16);
    expect(sys('sigaltstack', 0, BUF)).toBe(0);
    expect(u32(BUF + L('stack_t.ss_flags'))).toBe(L('SS_DISABLE'));
    expect(u32(BUF + L('stack_t.ss_size'))).toBe(0);
  });

  test.skipIf(!native)('getrlimit: MIPS resource numbers; unlimited is 0x7fffffff; prlimit64 64-bit (needs the native addon)', () => {
    const { sys, u32, u64 } = mipsKernel(le);
    const host = native!.getrlimit(7 /* host RLIMIT_NOFILE */) as [number, number];
    expect(sys('getrlimit', L('RLIMIT_NOFILE'), BUF)).toBe(0);
    expect(u32(BUF)).toBe(host[0] >= 0x7fffffff ? 0x7fffffff : host[0]);
    expect(sys('prlimit64', 0, L('RLIMIT_NOFILE'), 0, BUF + 16)).toBe(0);
    expect(u64(BUF + 16)).toBe(BigInt(host[0]));
    const hostAs = native!.getrlimit(9 /* host RLIMIT_AS */) as [number, number];
    expect(sys('getrlimit', L('RLIMIT_AS'), BUF)).toBe(0);
    expect(u32(BUF)).toBe(hostAs[0] === Infinity || hostAs[0] >= 0x7fffffff ? 0x7fffffff : hostAs[0]);
  });

  test('uid syscalls are the full 32-bit ones', () => {
    const { sys } = mipsKernel(le);
    expect(sys('getuid')).toBe(process.getuid!());
    expect(sys('getegid')).toBe(process.getegid!());
  });

  test('writev and clock_gettime/clock_gettime64 in guest byte order', () => {
    const { sys, str, mem, u32, u64 } = mipsKernel(le);
    expect(sys('clock_gettime64', 0, BUF)).toBe(0);
    const sec = Number(u64(BUF));
    expect(Math.abs(sec - Date.now() / 1000)).toBeLessThan(5);
    expect(sys('clock_gettime', 0, BUF)).toBe(0);
    expect(Math.abs(u32(BUF) - Date.now() / 1000)).toBeLessThan(5);
    // struct iovec { void *base; size_t len; }: two guest words each
    const f = join(work, `iov-${le}.txt`);
    const fd = sys('openat', -100, str(f), 1 | L('O_CREAT') | L('O_TRUNC'), 0o644);
    mem.u8.set(Buffer.from('abcXYZ'), BUF + 0x200);
    mem.write32(BUF, BUF + 0x203);
    mem.write32(BUF + 4, 3);
    mem.write32(BUF + 8, BUF + 0x200);
    mem.write32(BUF + 12, 2);
    expect(sys('writev', fd, BUF, 2)).toBe(5);
    expect(readFileSync(f, 'latin1')).toBe('XYZab');
  });
});

describe.each(ENDIANS)('MIPS private syscalls, %s', (_name, le) => {
  test('set_thread_area sets UserLocal (RDHWR $29)', () => {
    const { sys, cpu } = mipsKernel(le);
    expect(sys('set_thread_area', 0x7ff00010)).toBe(0);
    expect(cpu.R[SLOT_ULR]! >>> 0).toBe(0x7ff00010);
  });

  test('cacheflush(addr, nbytes, cache) drops translations of the range', () => {
    const { sys, mem } = mipsKernel(le);
    const dropped: [number, number][] = [];
    mem.onCodeInvalidate = (s, e) => void dropped.push([s, e]);
    expect(sys('cacheflush', BUF + 0x10, 0x1000, 3 /* BCACHE */)).toBe(0);
    expect(dropped).toEqual([[BUF >> 12, (BUF >> 12) + 2]]);
    expect(sys('cacheflush', BUF, 0, 3)).toBe(0);
    expect(dropped).toHaveLength(1);
    // any range is accepted (qemu-user too), the end clipped to 4 GiB
    expect(sys('cacheflush', 0xfffff000, 0x2000, 3)).toBe(0);
    expect(dropped[1]).toEqual([0xfffff, 0x100000]);
  });

  test('sysmips and cachectl are ENOSYS (qemu-user answers so to every sysmips command)', () => {
    const { sys, mem, errno } = mipsKernel(le);
    for (const cmd of [3 /* FLUSH_CACHE */, 7 /* MIPS_FIXADE */, 2001 /* MIPS_ATOMIC_SET */]) expect(sys('sysmips', cmd, BUF, 99)).toBe(errno('ENOSYS'));
    expect(mem.read32(BUF)).not.toBe(99);
    expect(sys('cachectl', BUF, 4, 0)).toBe(errno('ENOSYS'));
  });

  test("prctl PR_GET_FP_MODE / PR_SET_FP_MODE go to the arch's FPU mode control; other options to the shared prctl", () => {
    const { sys, k, mem, errno } = mipsKernel(le);
    let mode = 0;
    Object.assign(k.arch, {
      fpMode: () => mode,
      // a CPU without FRE (the 24Kf)
      setFpMode: (m: number) => (m & 2 ? false : ((mode = m), true)),
    });
    const PR_SET_FP_MODE = 45, PR_GET_FP_MODE = 46;
    expect(sys('prctl', PR_GET_FP_MODE)).toBe(0);
    expect(sys('prctl', PR_SET_FP_MODE, 1)).toBe(0);
    expect(sys('prctl', PR_GET_FP_MODE)).toBe(1);
    expect(sys('prctl', PR_SET_FP_MODE, 3)).toBe(errno('EOPNOTSUPP'));
    expect(sys('prctl', PR_SET_FP_MODE, 4)).toBe(errno('EINVAL'));
    expect(mode).toBe(1);
    expect(sys('prctl', 16 /* PR_GET_NAME */, BUF)).toBe(0);
    expect(mem.readString(BUF)).toBe('tsemu');
  });

  test('syscall(nr, ...): the indirect syscall shifts the arguments', () => {
    const { sys, str, pair } = mipsKernel(le);
    expect(sys('syscall', syscallNumber('mips', 'getpid')!)).toBe(process.pid);
    const f = join(work, `ind-${le}.bin`);
    writeFileSync(f, 'x');
    // truncate64 through syscall: its arguments move down one slot (the pair stays where it was
    // relative to the arguments, since the number took one slot)
    expect(sys('syscall', syscallNumber('mips', 'truncate64')!, str(f), 0, ...pair(77))).toBe(0);
    expect(statSync(f).size).toBe(77);
    expect(sys('syscall', syscallNumber('mips', 'syscall')!, 0)).toBe(-89);
    expect(sys('syscall', 3999)).toBe(-89);
  });

  test('kill of another process translates the signal number to the host', () => {
    const { sys, k } = mipsKernel(le);
    // signal 0 only checks the pid; our parent exists
    expect(sys('kill', process.ppid, 0)).toBe(native ? 0 : -k.tables.errnoNumbers.EPERM!);
    expect(osConstants.signals.SIGUSR1).not.toBe(k.tables.signalNumbers.SIGUSR1);
  });
});
