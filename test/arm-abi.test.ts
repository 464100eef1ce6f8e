// The 32-bit ARM Linux ABI without running guest code: syscalls called through the kernel's
// dispatcher with arguments in an ARM CpuState's r0..r5 and the number in r7, struct layouts read
// back from guest memory, the kuser helper page against the cross assembler, the loader's auxv.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ARM_HWCAP, HWCAP, KUSER_CMPXCHG, KUSER_GET_TLS, KUSER_HELPER_VERSION, KUSER_PAGE, kuserPage } from '../src/arch/arm/abi.ts';
import { makeArm } from '../src/arch/arm/index.ts';
import { SLOT_TPIDRURO, rslot } from '../src/arch/arm/state.ts';
import { CpuState } from '../src/arch/types.ts';
import { Logger } from '../src/cli/log.ts';
import { AT, loadProgram } from '../src/elf/load.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { syscallImpls } from '../syscalls/index.ts';
import { Kernel, ProcessExit } from '../syscalls/kernel.ts';
import { mapFixed } from '../syscalls/mm.ts';
import { syscallNumber } from '../syscalls/tables/index.ts';
import { native } from '../src/runtime/native.ts';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'tsemu-arm-abi-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A kernel for an ARM guest with one read/write scratch area at BUF. */
const BUF = 0x20000;
function armKernel(log = new Logger()) {
  const arch = makeArm();
  const mem = new GuestMemory(true);
  const cpu = new CpuState(arch.stateWords, mem);
  const k = new Kernel(arch, mem, cpu, log, { exePath: '/bin/true', argv: ['true'], strace: false }, syscallImpls);
  mapFixed(k, BUF, 0x10000, 3);
  let strings = BUF + 0x8000;
  /** Puts a C string in guest memory; its address. */
  const str = (s: string): number => {
    const at = strings;
    mem.u8.set(Buffer.from(s + '\0'), at);
    strings += s.length + 1;
    return at;
  };
  /** Runs syscall `name` with raw register arguments; r0 as a signed result. */
  const sys = (name: string, ...args: number[]): number => {
    const nr = syscallNumber('arm', name);
    if (nr === undefined) throw new Error(`no ARM syscall ${name}`);
    cpu.R[rslot(7)] = nr;
    for (let i = 0; i < 6; i++) cpu.R[rslot(i)] = (args[i] ?? 0) | 0;
    k.syscall();
    return cpu.R[rslot(0)];
  };
  const errno = (name: string) => -k.tables.errnoNumbers[name];
  return { k, mem, cpu, sys, str, errno };
}

const u32 = (mem: GuestMemory, a: number) => mem.dv.getUint32(a, true);
const u64 = (mem: GuestMemory, a: number) => mem.dv.getBigUint64(a, true);
const i64 = (mem: GuestMemory, a: number) => mem.dv.getBigInt64(a, true);

describe('ARM syscalls: 64-bit arguments in register pairs', () => {
  const file = join(work, 'pairs.bin');
  writeFileSync(file, Buffer.from('0123456789abcdefghij'));

  test('pread64/pwrite64 take the offset in r4:r5 (r3 is padding)', () => {
    const { sys, str, mem } = armKernel();
    const fd = sys('openat', -100, str(file), 2 /* O_RDWR */);
    expect(fd).toBeGreaterThanOrEqual(3);
    // garbage in the padding register must not matter
    expect(sys('pread64', fd, BUF, 4, 0xdeadbeef, 10, 0)).toBe(4);
    expect(Buffer.from(mem.u8.subarray(BUF, BUF + 4)).toString()).toBe('abcd');
    mem.u8.set(Buffer.from('XY'), BUF);
    expect(sys('pwrite64', fd, BUF, 2, 0x12345678, 2, 0)).toBe(2);
    expect(readFileSync(file, 'latin1').slice(0, 6)).toBe('01XY45');
    // a negative 64-bit offset (high word's sign) is EINVAL
    const { errno } = armKernel();
    expect(sys('pread64', fd, BUF, 4, 0, 0, -1)).toBe(errno('EINVAL'));
  });

  // lseek needs the native addon (without it tsemu answers ESPIPE, as docs/architecture.md says)
  test.skipIf(!native)('_llseek(fd, high, low, &result, whence) writes a 64-bit result (needs the native addon)', () => {
    const { sys, str, mem, errno } = armKernel();
    const fd = sys('openat', -100, str(file), 0);
    mem.u8.fill(0xff, BUF + 0x100, BUF + 0x108);
    expect(sys('_llseek', fd, 0, 7, BUF + 0x100, 0 /* SEEK_SET */)).toBe(0);
    expect(u64(mem, BUF + 0x100)).toBe(7n);
    expect(sys('_llseek', fd, 0, 3, BUF + 0x100, 1 /* SEEK_CUR */)).toBe(0);
    expect(u64(mem, BUF + 0x100)).toBe(10n);
    // 4 GiB + 5: beyond what a 32-bit lseek could report; the result is exact
    expect(sys('_llseek', fd, 1, 5, BUF + 0x100, 0)).toBe(0);
    expect(u64(mem, BUF + 0x100)).toBe(0x100000005n);
    expect(sys('_llseek', fd, 0, 0, 0x100, 0)).toBe(errno('EFAULT'));
  });

  test('ftruncate64/truncate64 take the length in r2:r3', () => {
    const { sys, str } = armKernel();
    const f = join(work, 'trunc.bin');
    writeFileSync(f, 'x');
    expect(sys('truncate64', str(f), 0xabcdef, 5000, 0)).toBe(0);
    expect(statSync(f).size).toBe(5000);
    const fd = sys('openat', -100, str(f), 2);
    expect(sys('ftruncate64', fd, 0x55, 12, 0)).toBe(0);
    expect(statSync(f).size).toBe(12);
  });
});

describe('ARM syscalls: 32-bit structs', () => {
  test('fstat64/stat64/lstat64/fstatat64 write the 104-byte struct stat64 of arch/arm', () => {
    const { sys, str, mem } = armKernel();
    const f = join(work, 'st.bin');
    writeFileSync(f, Buffer.alloc(1234, 1));
    const link = join(work, 'st.link');
    symlinkSync(f, link);
    const st = statSync(f, { bigint: true });
    mem.u8.fill(0xee, BUF, BUF + 112);
    expect(sys('stat64', str(link), BUF)).toBe(0);
    expect(u64(mem, BUF + 0)).toBe(st.dev);
    expect(u32(mem, BUF + 12)).toBe(Number(st.ino & 0xffffffffn));
    expect(u32(mem, BUF + 16)).toBe(Number(st.mode));
    expect(u32(mem, BUF + 20)).toBe(Number(st.nlink));
    expect(u64(mem, BUF + 48)).toBe(1234n);
    expect(u32(mem, BUF + 56)).toBe(Number(st.blksize));
    expect(u64(mem, BUF + 64)).toBe(st.blocks);
    expect(u32(mem, BUF + 80)).toBe(Number(st.mtimeNs / 1000000000n));
    expect(u32(mem, BUF + 84)).toBe(Number(st.mtimeNs % 1000000000n));
    expect(u64(mem, BUF + 96)).toBe(st.ino);
    expect([...mem.u8.subarray(BUF + 104, BUF + 112)]).toEqual(Array(8).fill(0xee)); // nothing past the struct
    expect(sys('lstat64', str(link), BUF)).toBe(0);
    expect(u32(mem, BUF + 16) & 0o170000).toBe(0o120000);
    const fd = sys('openat', -100, str(f), 0);
    expect(sys('fstat64', fd, BUF)).toBe(0);
    expect(u64(mem, BUF + 48)).toBe(1234n);
    expect(sys('fstatat64', -100, str(link), BUF, 0x100 /* AT_SYMLINK_NOFOLLOW */)).toBe(0);
    expect(u32(mem, BUF + 16) & 0o170000).toBe(0o120000);
  });

  test('statfs64/fstatfs64 take size 84 or 88 and write u64 counts', () => {
    const { sys, str, mem, errno } = armKernel();
    const host = statfsSync(work);
    expect(sys('statfs64', str(work), 88, BUF)).toBe(0);
    expect(u32(mem, BUF + 0)).toBe(host.type);
    expect(u32(mem, BUF + 4)).toBe(host.bsize);
    expect(Number(u64(mem, BUF + 8))).toBe(host.blocks);
    expect(u32(mem, BUF + 56)).toBe(255); // f_namelen after the u64s and f_fsid
    expect(sys('statfs64', str(work), 84, BUF)).toBe(0);
    expect(sys('statfs64', str(work), 64, BUF)).toBe(errno('EINVAL'));
    const fd = sys('openat', -100, str(work), 0o40000 /* ARM's O_DIRECTORY */);
    expect(fd).toBeGreaterThanOrEqual(3);
    expect(sys('fstatfs64', fd, 84, BUF)).toBe(0);
    expect(u32(mem, BUF + 4)).toBe(host.bsize);
  });

  test('clock_gettime uses 32-bit timespec, clock_gettime64 the 64-bit one', () => {
    const { sys, mem } = armKernel();
    mem.u8.fill(0xaa, BUF, BUF + 32);
    expect(sys('clock_gettime', 0, BUF)).toBe(0);
    const sec32 = u32(mem, BUF);
    expect(Math.abs(sec32 - Date.now() / 1000)).toBeLessThan(5);
    expect(u32(mem, BUF + 4)).toBeLessThan(1e9);
    expect(u32(mem, BUF + 8)).toBe(0xaaaaaaaa); // 8 bytes only
    mem.u8.fill(0xaa, BUF, BUF + 32);
    expect(sys('clock_gettime64', 1 /* MONOTONIC */, BUF)).toBe(0);
    expect(i64(mem, BUF)).toBeGreaterThanOrEqual(0n);
    expect(u64(mem, BUF + 8)).toBeLessThan(1000000000n); // tv_nsec as a full 64-bit field
    expect(u32(mem, BUF + 16)).toBe(0xaaaaaaaa);
    expect(sys('clock_getres_time64', 0, BUF)).toBe(0);
    expect(u64(mem, BUF)).toBe(0n);
    expect(u64(mem, BUF + 8)).toBe(1n);
  });

  test('clock_nanosleep_time64 reads a 64-bit timespec (upper half of tv_nsec ignored)', () => {
    const { sys, mem, errno } = armKernel();
    mem.dv.setBigInt64(BUF, 0n, true);
    mem.dv.setUint32(BUF + 8, 1000, true);
    mem.dv.setUint32(BUF + 12, 0xffffffff, true);
    expect(sys('clock_nanosleep_time64', 1, 0, BUF, 0)).toBe(0);
    mem.dv.setBigInt64(BUF, -1n, true);
    expect(sys('clock_nanosleep_time64', 1, 0, BUF, 0)).toBe(errno('EINVAL'));
  });

  test('utimensat_time64 sets nanosecond times from 64-bit timespecs', () => {
    const { sys, str, mem } = armKernel();
    const f = join(work, 'times.bin');
    writeFileSync(f, '');
    const put = (at: number, sec: bigint, nsec: number) => {
      mem.dv.setBigInt64(at, sec, true);
      mem.dv.setBigInt64(at + 8, BigInt(nsec), true);
    };
    put(BUF, 1000000000n, 0);
    put(BUF + 16, 1500000000n, 250000000);
    expect(sys('utimensat_time64', -100, str(f), BUF, 0)).toBe(0);
    const st = statSync(f, { bigint: true });
    expect(st.mtimeNs / 1000000000n).toBe(1500000000n);
    expect(st.atimeNs / 1000000000n).toBe(1000000000n);
    if (native) expect(st.mtimeNs % 1000000000n).toBe(250000000n);
  });

  test('ugetrlimit writes 32-bit rlimits, unlimited as 0xffffffff; prlimit64 64-bit ones', () => {
    const { k, sys, mem } = armKernel();
    k.stackLimit = 8 << 20;
    expect(sys('ugetrlimit', 3 /* RLIMIT_STACK */, BUF)).toBe(0);
    expect(u32(mem, BUF)).toBe(8 << 20);
    const hard = u32(mem, BUF + 4);
    expect(sys('prlimit64', 0, 3, 0, BUF + 16)).toBe(0);
    expect(u64(mem, BUF + 16)).toBe(BigInt(8 << 20));
    expect(hard === 0xffffffff ? 0xffffffffffffffffn : BigInt(hard)).toBe(u64(mem, BUF + 24));
  });

  test('rt_sigaction keeps ARM struct sigaction (handler, flags, restorer, mask: 20 bytes)', () => {
    const { sys, mem, errno } = armKernel();
    const act = BUF, old = BUF + 0x40;
    [0x1234, 0x04000004 /* SA_RESTORER|SA_SIGINFO */, 0x5678, 0x11, 0x22].forEach((w, i) => mem.dv.setUint32(act + 4 * i, w, true));
    mem.u8.fill(0xcc, old, old + 32);
    expect(sys('rt_sigaction', 10, act, old, 8)).toBe(0);
    expect([...mem.u8.subarray(old, old + 20)]).toEqual(Array(20).fill(0));
    expect(mem.u8[old + 20]).toBe(0xcc);
    expect(sys('rt_sigaction', 10, 0, old, 8)).toBe(0);
    expect([0, 1, 2, 3, 4].map((i) => u32(mem, old + 4 * i))).toEqual([0x1234, 0x04000004, 0x5678, 0x11, 0x22]);
    expect(sys('rt_sigaction', 10, act, old, 16)).toBe(errno('EINVAL')); // sigsetsize
    expect(sys('rt_sigaction', 9, act, 0, 8)).toBe(errno('EINVAL')); // SIGKILL
  });

  test('sysinfo, times and uname on a 32-bit guest', () => {
    const { sys, mem } = armKernel();
    mem.u8.fill(0xdd, BUF, BUF + 80);
    expect(sys('sysinfo', BUF)).toBe(0);
    expect(u32(mem, BUF + 52)).toBeGreaterThan(0); // mem_unit
    expect(mem.u8[BUF + 64]).toBe(0xdd); // struct sysinfo is 64 bytes here
    expect(sys('uname', BUF)).toBe(0);
    expect(Buffer.from(mem.u8.subarray(BUF + 4 * 65, BUF + 4 * 65 + 7)).toString()).toBe('armv7l\0');
    mem.u8.fill(0xdd, BUF, BUF + 20);
    sys('times', BUF);
    expect(mem.u8[BUF + 16]).toBe(0xdd); // struct tms: four 32-bit clock_t
  });

  test('readv/writev read 8-byte struct iovec', () => {
    const { sys, str, mem } = armKernel();
    const f = join(work, 'iov.bin');
    const fd = sys('openat', -100, str(f), 0o1102 /* O_RDWR|O_CREAT|O_TRUNC */, 0o644);
    mem.u8.set(Buffer.from('hello '), BUF + 0x100);
    mem.u8.set(Buffer.from('world'), BUF + 0x200);
    [BUF + 0x100, 6, BUF + 0x200, 5].forEach((w, i) => mem.dv.setUint32(BUF + 4 * i, w, true));
    expect(sys('writev', fd, BUF, 2)).toBe(11);
    expect(readFileSync(f, 'latin1')).toBe('hello world');
    expect(sys('preadv', fd, BUF, 2, 6, 0)).toBe(5); // pos_l, pos_h
    expect(Buffer.from(mem.u8.subarray(BUF + 0x100, BUF + 0x105)).toString()).toBe('world');
  });

  test('fcntl64 record locks: F_SETLK64 succeeds, F_GETLK64 reports F_UNLCK', () => {
    const { sys, str, mem } = armKernel();
    const f = join(work, 'lock.bin');
    writeFileSync(f, 'x');
    const fd = sys('openat', -100, str(f), 2);
    mem.u8.fill(0, BUF, BUF + 32);
    mem.dv.setUint16(BUF, 1 /* F_WRLCK */, true);
    expect(sys('fcntl64', fd, 13 /* F_SETLK64 */, BUF)).toBe(0);
    expect(sys('fcntl64', fd, 12 /* F_GETLK64 */, BUF)).toBe(0);
    expect(mem.dv.getUint16(BUF, true)).toBe(2 /* F_UNLCK */);
    expect(sys('fcntl64', fd, 1 /* F_GETFD */)).toBe(0);
  });
});

describe('ARM open flags', () => {
  test("ARM's O_LARGEFILE (0o400000) is not the host's O_NOFOLLOW: symlinks open", () => {
    const { sys, str } = armKernel();
    const target = join(work, 'target.txt');
    writeFileSync(target, 'data');
    const link = join(work, 'link.txt');
    symlinkSync(target, link);
    expect(sys('openat', -100, str(link), 0o400000)).toBeGreaterThanOrEqual(3);
  });
  test("ARM's O_NOFOLLOW (0o100000) refuses a symlink; O_DIRECTORY (0o40000) a file", () => {
    const { sys, str, errno } = armKernel();
    const target = join(work, 'nf-target.txt');
    writeFileSync(target, 'data');
    const link = join(work, 'nf-link.txt');
    symlinkSync(target, link);
    expect(sys('openat', -100, str(link), 0o100000)).toBe(errno('ELOOP'));
    expect(sys('openat', -100, str(target), 0o40000)).toBe(errno('ENOTDIR'));
    expect(sys('open', str(work), 0o40000)).toBeGreaterThanOrEqual(3);
  });
  test('legacy path syscalls (mkdir, rename, unlink, rmdir, access) work', () => {
    const { sys, str, errno } = armKernel();
    const d = join(work, 'legacy');
    expect(sys('mkdir', str(d), 0o755)).toBe(0);
    writeFileSync(join(d, 'a'), 'x');
    expect(sys('rename', str(join(d, 'a')), str(join(d, 'b')))).toBe(0);
    expect(sys('access', str(join(d, 'b')), 4)).toBe(0);
    expect(sys('unlink', str(join(d, 'b')))).toBe(0);
    expect(sys('access', str(join(d, 'b')), 0)).toBe(errno('ENOENT'));
    expect(sys('rmdir', str(d))).toBe(0);
  });
});

describe('ARM private syscalls and errors', () => {
  test('set_tls writes TPIDRURO; get_tls reads it', () => {
    const { sys, cpu } = armKernel();
    expect(sys('set_tls', 0xb6ff1234)).toBe(0);
    expect(cpu.R[SLOT_TPIDRURO] >>> 0).toBe(0xb6ff1234);
    expect(sys('get_tls') >>> 0).toBe(0xb6ff1234);
  });

  test('cacheflush drops translations of the range; bad ranges fail', () => {
    const { sys, mem, errno } = armKernel();
    const dropped: [number, number][] = [];
    mem.onCodeInvalidate = (s, e) => void dropped.push([s, e]);
    expect(sys('cacheflush', BUF + 0x10, BUF + 0x1010, 0)).toBe(0);
    expect(dropped).toEqual([[BUF >> 12, (BUF >> 12) + 2]]);
    expect(sys('cacheflush', BUF + 0x100, BUF, 0)).toBe(errno('EINVAL'));
    expect(sys('cacheflush', BUF, BUF + 4, 1)).toBe(errno('EINVAL'));
    expect(sys('cacheflush', 0x100000, 0x100100, 0)).toBe(errno('EFAULT'));
  });

  test('usr26/usr32 are ENOSYS; breakpoint kills with SIGTRAP', () => {
    const { sys, errno } = armKernel();
    expect(sys('usr26')).toBe(errno('ENOSYS'));
    expect(sys('usr32')).toBe(errno('ENOSYS'));
    let caught: unknown;
    try {
      sys('breakpoint');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProcessExit);
    expect((caught as ProcessExit).signal).toBe(5);
  });

  test('bad pointers are EFAULT; unknown syscalls ENOSYS, named once under -d unimp', () => {
    const logFile = join(work, 'unimp.log');
    const log = new Logger(['unimp'], logFile);
    const { sys, cpu, k, errno } = armKernel(log);
    expect(sys('fstat64', 0, 0x10)).toBe(errno('EFAULT'));
    expect(sys('clock_gettime64', 0, 0xfffffff0)).toBe(errno('EFAULT'));
    expect(sys('uname', 0x1000)).toBe(errno('EFAULT'));
    for (let i = 0; i < 2; i++) {
      cpu.R[rslot(7)] = syscallNumber('arm', 'io_uring_setup')!;
      k.syscall();
      expect(cpu.R[rslot(0)]).toBe(errno('ENOSYS'));
    }
    log.close();
    const text = readFileSync(logFile, 'utf8');
    expect(text.match(/io_uring_setup/g)).toHaveLength(1);
  });
});

describe('kuser helper page', () => {
  const page = kuserPage();
  const word = (addr: number) => new DataView(page.buffer).getUint32(addr - KUSER_PAGE, true);

  test('version word and entry points', () => {
    expect(word(KUSER_HELPER_VERSION)).toBe(5);
    expect(word(KUSER_GET_TLS)).toBe(0xee1d0f70); // mrc p15, 0, r0, c13, c0, 3
    expect(word(KUSER_GET_TLS + 4)).toBe(0xe12fff1e); // bx lr
    expect(word(KUSER_CMPXCHG) >>> 24).toBe(0xea); // b <body>
  });

  const objdump = 'arm-linux-gnueabihf-objdump';
  let haveObjdump = true;
  try {
    execFileSync(objdump, ['--version'], { stdio: 'ignore' });
  } catch {
    haveObjdump = false;
  }
  test.skipIf(!haveObjdump)('disassembles to the intended helpers (needs binutils-arm-linux-gnueabihf)', () => {
    const bin = join(work, 'kuser.bin');
    writeFileSync(bin, page);
    const text = execFileSync(objdump, ['-D', '-b', 'binary', '-marm', '--adjust-vma=0xffff0000', bin], { encoding: 'utf8' });
    const insns = new Map<number, string>();
    for (const m of text.matchAll(/^(ffff[0-9a-f]{4}):\s+[0-9a-f]{8}\s+(.*)$/gm)) insns.set(parseInt(m[1], 16), m[2].replace(/\s+/g, ' ').replace(/\s*;.*$/, ''));
    const at = (a: number) => insns.get(a);
    const follow = (a: number) => parseInt(/^b (?:0x)?([0-9a-f]+)/.exec(at(a)!)![1], 16);
    // __kuser_cmpxchg: an ldrex/strex loop between barriers
    const cx = follow(0xffff0fc0);
    const body = (start: number, n: number) => Array.from({ length: n }, (_, i) => at(start + 4 * i));
    expect(body(cx, 10)).toEqual(['dmb ish', 'ldrex r3, [r2]', 'cmp r3, r0', expect.stringMatching(/^bne /), 'strex r3, r1, [r2]', 'cmp r3, #0', `bne 0x${(cx + 4).toString(16)}`, 'dmb ish', 'mov r0, #0', 'bx lr']);
    const cx64 = follow(0xffff0f60);
    expect(body(cx64, 9)).toEqual([
      'push {r4, r5, r6, r7}', 'ldrd r4, [r0]', 'ldrd r6, [r1]', 'dmb ish', 'ldrexd r0, [r2]', 'cmp r0, r4', 'cmpeq r1, r5', expect.stringMatching(/^bne /), 'strexd r3, r6, [r2]',
    ]);
    expect(body(0xffff0fa0, 2)).toEqual(['dmb ish', 'bx lr']);
    expect(at(0xffff0fe0)).toMatch(/^mrc 15, 0, r0, cr13, cr0, \{3\}$/);
  });
});

describe('loader for ARM', () => {
  const hello = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-binaries', 'arm', 'hello.static');
  test('maps the kuser page read+exec and puts AT_HWCAP, AT_HWCAP2, AT_PLATFORM in auxv', () => {
    const arch = makeArm();
    const mem = new GuestMemory(true);
    const cpu = new CpuState(arch.stateWords, mem);
    const k = new Kernel(arch, mem, cpu, new Logger(), { exePath: hello, argv: [hello], strace: false }, syscallImpls);
    loadProgram(k, arch, { exePath: hello, argv: [hello], env: [], random: new Uint8Array(16) });
    expect(mem.pages[KUSER_PAGE >>> 12]).toBe(PAGE_MAPPED | PAGE_READ | PAGE_EXEC);
    expect(mem.pages[KUSER_PAGE >>> 12] & PAGE_WRITE).toBe(0);
    expect(mem.dv.getUint32(KUSER_HELPER_VERSION, true)).toBe(5);
    const aux = new Map<number, number>();
    const dv = new DataView(k.auxv.buffer, k.auxv.byteOffset, k.auxv.byteLength);
    for (let i = 0; i < k.auxv.length; i += 8) aux.set(dv.getUint32(i, true), dv.getUint32(i + 4, true));
    expect(aux.get(AT.HWCAP)).toBe(ARM_HWCAP);
    expect(aux.get(AT.HWCAP2)).toBe(0);
    expect(mem.readString(aux.get(AT.PLATFORM)!)).toBe('v7l');
    for (const bit of ['NEON', 'VFPv3', 'VFPD32', 'TLS', 'IDIVA', 'IDIVT'] as const) expect(ARM_HWCAP & HWCAP[bit], bit).not.toBe(0);
    expect(ARM_HWCAP & HWCAP.LPAE).toBe(0);
  });
});

