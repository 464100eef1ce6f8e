// /proc as the guest sees it (syscalls/procfs.ts). Unit level: the generated files against the
// kernel's formats and the guest's state (maps from the page table, stat's start_stack against the
// loader's stack pointer, cpuinfo per guest arch), and the open/readlink paths through the syscall
// implementations. End to end: test-binaries/<arch>/procfs --cat prints what a guest reads under
// tsemu. /proc/cpuinfo is checked against each kernel's format, not against qemu-user 7.2, which
// passes the host's cpuinfo through; the differential case `procfs` (guest-programs.test.ts)
// compares the rest with qemu.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ARCHES } from '../src/arch/index.ts';
import { CpuState } from '../src/arch/types.ts';
import { Logger } from '../src/cli/log.ts';
import { AT, loadProgram } from '../src/elf/load.ts';
import { GuestMemory, PAGE_SIZE, STATE_AREA } from '../src/mem/memory.ts';
import { syscallImpls } from '../syscalls/index.ts';
import { Kernel } from '../syscalls/kernel.ts';
import { mapFixed } from '../syscalls/mm.ts';
import { procCpuinfo, procFile, procMaps, procStat, procStatus, startStack } from '../syscalls/procfs.ts';
import { emulatorArch, repoRoot, sysrootFor, testBinariesDir } from './helpers/run-guest.ts';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'tsemu-procfs-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const AT_FDCWD = -100;
const SCRATCH = 0x20000;
const ncpu = Math.max(1, cpus().length);

/** A kernel for `arch` with a scratch page for strings and buffers; calls syscall implementations directly. */
function kernelFor(arch: string, argv = ['/some/dir/prog', 'a b', '', 'z']) {
  const a = ARCHES[arch]();
  const mem = new GuestMemory(a.littleEndian);
  const cpu = new CpuState(a.stateWords, mem);
  const k = new Kernel(a, mem, cpu, new Logger(), { exePath: join(testBinariesDir, arch, 'hello.static'), argv, strace: false }, syscallImpls);
  mapFixed(k, SCRATCH, 4 * PAGE_SIZE, 3);
  let strings = SCRATCH + 2 * PAGE_SIZE;
  const str = (s: string): number => {
    const at = strings;
    mem.u8.set(Buffer.from(s + '\0'), at);
    strings += s.length + 1;
    return at;
  };
  /** Runs a syscall implementation as the dispatcher does: -errno for failures. */
  const sys = (name: string, ...args: number[]): number => {
    try {
      return syscallImpls[name](k, args);
    } catch (e) {
      return k.errno.fromError(e);
    }
  };
  const errno = (name: string) => k.errno.neg(name);
  const readlink = (path: string): string | number => {
    const n = sys('readlinkat', AT_FDCWD, str(path), SCRATCH, 4096);
    return n < 0 ? n : Buffer.from(mem.u8.subarray(SCRATCH, SCRATCH + n)).toString('latin1');
  };
  const readAll = (fd: number): string => {
    let out = '';
    for (;;) {
      const n = sys('read', fd, SCRATCH + PAGE_SIZE, 100);
      if (n <= 0) return out;
      out += Buffer.from(mem.u8.subarray(SCRATCH + PAGE_SIZE, SCRATCH + PAGE_SIZE + n)).toString('latin1');
    }
  };
  return { k, mem, str, sys, errno, readlink, readAll };
}

/** A kernel with test-binaries/<arch>/hello.static loaded, as the CLI would run it. */
function loaded(arch: string) {
  const t = kernelFor(arch, ['/x/hello.static', 'one']);
  const image = loadProgram(t.k, t.k.arch, { exePath: t.k.opts.exePath, argv: t.k.opts.argv, env: ['A=1', 'B=2'], random: new Uint8Array(16).fill(7) });
  return { ...t, image };
}

/** "start-end perms offset major:minor inode", padded so a name starts at column 73. */
const MAPS_LINE = /^([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) ([0-9a-f]{8,}) ([0-9a-f]{2,}):([0-9a-f]{2,}) (\d+) +(.*)$/;

describe('/proc/self/maps', () => {
  for (const arch of ['riscv64', 'arm']) {
    test(`${arch}: runs of equal permissions within named ranges, file offsets, column 73, no state area`, () => {
      const { k, mem } = kernelFor(arch);
      const file = join(work, `mapped-${arch}`);
      writeFileSync(file, Buffer.alloc(5 * PAGE_SIZE, 1));
      const st = statSync(file);
      // A file mapping whose middle page is made read-only, then anonymous memory and the heap.
      mapFixed(k, 0x400000, 3 * PAGE_SIZE, 5);
      mem.mapName(0x400000, 0x403000, file, 2 * PAGE_SIZE);
      mem.setPages(0x401, 0x402, 1);
      mapFixed(k, 0x403000, PAGE_SIZE, 3);
      mapFixed(k, 0x500000, 2 * PAGE_SIZE, 3, '[heap]');
      // Pages in the CPU state area marked as mapped must still never appear.
      mem.setPages(STATE_AREA / PAGE_SIZE, STATE_AREA / PAGE_SIZE + 2, 3);
      const lines = procMaps(k).split('\n').filter(Boolean);
      for (const l of lines) {
        expect(l, l).toMatch(MAPS_LINE);
        expect(l.length, l).toBeGreaterThanOrEqual(73);
      }
      const mine = lines.filter((l) => parseInt(l, 16) >= 0x400000 && parseInt(l, 16) < 0x600000);
      const dev = `${(st.dev >> 8).toString(16).padStart(2, '0')}:${(st.dev & 0xff).toString(16).padStart(2, '0')}`;
      const pad = (head: string) => head.padEnd(72, ' ') + ' ';
      expect(mine).toEqual([
        pad(`00400000-00401000 r-xp 00002000 ${dev} ${st.ino} `) + file,
        pad(`00401000-00402000 r--p 00003000 ${dev} ${st.ino} `) + file,
        pad(`00402000-00403000 r-xp 00004000 ${dev} ${st.ino} `) + file,
        pad('00403000-00404000 rw-p 00000000 00:00 0 '),
        pad('00500000-00502000 rw-p 00000000 00:00 0 ') + '[heap]',
      ]);
      expect(lines.some((l) => parseInt(l, 16) >= STATE_AREA && parseInt(l, 16) < STATE_AREA + 0x10000)).toBe(false);
      // sorted and disjoint
      const ranges = lines.map((l) => l.split(' ')[0].split('-').map((h) => parseInt(h, 16)));
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
    });
  }

  test('a loaded program: its segments by name, [stack] holding the initial stack pointer', () => {
    const { k, image } = loaded('arm');
    const lines = procMaps(k).split('\n').filter(Boolean);
    const exe = realpathSync(k.opts.exePath);
    expect(lines.some((l) => l.includes(' r-xp ') && l.endsWith(' ' + exe))).toBe(true);
    const stack = lines.find((l) => l.endsWith(' [stack]'))!;
    const [lo, hi] = stack.split(' ')[0].split('-').map((h) => parseInt(h, 16));
    expect(image.sp >= lo && image.sp < hi).toBe(true);
    // ARM's kuser helper page, unnamed as under qemu-arm
    expect(lines.some((l) => l.startsWith('ffff0000-ffff1000 r-xp 00000000 00:00 0 '))).toBe(true);
  });
});

describe('/proc/self/stat, cmdline, auxv, status', () => {
  for (const arch of ['riscv64', 'aarch64', 'arm', 'mips', 'mipsel']) {
    test(`${arch}: stat's start_stack is the loader's stack pointer (where argc is)`, () => {
      const { k, mem, image } = loaded(arch);
      expect(startStack(k)).toBe(image.sp);
      // ARM's _start stores argv's address over argc: start_stack stays put.
      mem.u8.fill(0xaa, image.sp, image.sp + k.w.wordSize);
      expect(startStack(k)).toBe(image.sp);
      const f = procStat(k).trimEnd().split(' ');
      expect(f[27]).toBe(String(image.sp));
    });
  }

  test('stat: 52 fields, pid, comm (15 bytes of argv[0]), state R, ppid', () => {
    const { k } = kernelFor('riscv64', ['/a/a-very-long-program-name', 'x']);
    const s = procStat(k);
    expect(s.endsWith('\n')).toBe(true);
    const f = s.trimEnd().split(' ');
    expect(f).toHaveLength(52);
    expect(f.slice(0, 4)).toEqual([String(process.pid), '(a-very-long-pro)', 'R', String(process.ppid)]);
    expect(f[19]).toBe('1');
    expect(Number(f[21])).toBeGreaterThan(0);
  });

  test('cmdline: argv, each NUL-terminated; auxv: the loader\'s words', () => {
    const { k } = loaded('mips');
    expect(Buffer.from(procFile(k, '/proc/self/cmdline')!).toString('latin1')).toBe('/x/hello.static\0one\0');
    const auxv = procFile(k, '/proc/self/auxv')!;
    expect(Buffer.from(auxv)).toEqual(Buffer.from(k.auxv));
    // big-endian 32-bit words: AT_PAGESZ 4096 is in there, the last pair is AT_NULL
    const dv = new DataView(auxv.buffer, auxv.byteOffset, auxv.byteLength);
    const pairs: [number, number][] = [];
    for (let i = 0; i < auxv.length; i += 8) pairs.push([dv.getUint32(i, false), dv.getUint32(i + 4, false)]);
    expect(pairs).toContainEqual([AT.PAGESZ, 4096]);
    expect(pairs.at(-1)).toEqual([AT.NULL, 0]);
  });

  test('status: the guest\'s name, umask and signal sets in its numbering', () => {
    for (const arch of ['arm', 'mips']) {
      const { k } = kernelFor(arch, ['/bin/guestname']);
      k.umask = 0o027;
      const s = procStatus(k);
      expect(s).toMatch(/^Name:\tguestname$/m);
      expect(s).toMatch(/^Umask:\t0027$/m);
      expect(s).toMatch(/^State:\tR \(running\)$/m);
      // the scratch area's 4 pages, not node's reservations
      expect(s).toMatch(/^VmSize:\t {6}16 kB$/m);
      const digits = arch === 'mips' ? 32 : 16; // _NSIG 128 on MIPS, 64 elsewhere
      expect(s).toMatch(new RegExp(`^SigBlk:\\t[0-9a-f]{${digits}}$`, 'm'));
    }
  });
});

describe('/proc/cpuinfo in each guest kernel\'s format', () => {
  const blocks = (s: string, key: RegExp) => s.split('\n').filter((l) => key.test(l)).length;

  test('arm: model name, Features from AT_HWCAP (each followed by a space), the MIDR fields, the machine trailer', () => {
    const { k } = kernelFor('arm');
    const s = procCpuinfo(k);
    expect(blocks(s, /^processor\t: \d+$/)).toBe(ncpu);
    expect(s).toMatch(/^model name\t: ARMv7 Processor rev 1 \(v7l\)$/m);
    expect(s).toMatch(/^Features\t: swp half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 $/m);
    expect(s).toContain('CPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x2\nCPU part\t: 0xc0f\nCPU revision\t: 1\n\n');
    expect(s.endsWith('Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n')).toBe(true);
  });

  test('aarch64: Features per AT_HWCAP bit, CPU architecture 8, Cortex-A53 r0p4', () => {
    const { k } = kernelFor('aarch64');
    const s = procCpuinfo(k);
    expect(blocks(s, /^processor\t: \d+$/)).toBe(ncpu);
    expect(s).toMatch(/^Features\t: fp asimd aes pmull sha1 sha2 crc32 atomics cpuid$/m);
    expect(s).toContain('CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd03\nCPU revision\t: 4\n\n');
    expect(s).not.toContain('model name');
  });

  test('riscv64: hart, isa from AT_HWCAP letters, mmu', () => {
    const { k } = kernelFor('riscv64');
    const s = procCpuinfo(k);
    expect(blocks(s, /^processor\t: \d+$/)).toBe(ncpu);
    expect(s.startsWith('processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n')).toBe(true);
  });

  for (const arch of ['mips', 'mipsel']) {
    test(`${arch}: system type once, cpu model with the FPU, isa`, () => {
      const { k } = kernelFor(arch);
      const s = procCpuinfo(k);
      expect(s.startsWith('system type\t\t: MIPS Malta\nprocessor\t\t: 0\ncpu model\t\t: MIPS 24Kc V0.0  FPU V0.0\n')).toBe(true);
      expect(blocks(s, /^system type/)).toBe(1);
      expect(blocks(s, /^processor\t\t: \d+$/)).toBe(ncpu);
      expect(s).toMatch(/^isa\t\t\t: mips1 mips2 mips32r1 mips32r2$/m);
      expect(s).toMatch(/^VCEI exceptions\t\t: not available$/m);
    });
  }
});

describe('open, read, readlink through the syscalls', () => {
  test('a generated file: read in pieces, lseek, fstat; read-only; its fd links to /proc/<pid>/...', () => {
    const { k, str, sys, errno, readlink, readAll } = kernelFor('riscv64');
    const fd = sys('openat', AT_FDCWD, str(`/proc/${process.pid}/cmdline`), 0, 0);
    expect(fd).toBeGreaterThanOrEqual(3);
    expect(readAll(fd)).toBe('/some/dir/prog\0a b\0\0z\0');
    expect(sys('lseek', fd, 4, 0)).toBe(4);
    expect(readAll(fd)).toBe('e/dir/prog\0a b\0\0z\0');
    expect(readlink(`/proc/self/fd/${fd}`)).toBe(`/proc/${process.pid}/cmdline`);
    expect(sys('write', fd, SCRATCH, 1)).toBe(errno('EBADF'));
    expect(sys('close', fd)).toBe(0);
    expect(readlink(`/proc/self/fd/${fd}`)).toBe(errno('ENOENT'));
    expect(sys('openat', AT_FDCWD, str('/proc/self/stat'), 1, 0)).toBe(errno('EACCES'));
    expect(sys('openat', AT_FDCWD, str('/proc/self/maps'), 2, 0)).toBe(errno('EACCES'));
    // relative to a directory descriptor of /proc/self
    const dir = sys('openat', AT_FDCWD, str('/proc/self'), 0, 0);
    const maps = sys('openat', dir, str('maps'), 0, 0);
    expect(readAll(maps)).toBe(procMaps(k));
  });

  test('exe, cwd and fd/N name the guest\'s program, cwd and files; /dev/fd/N too', () => {
    const { k, str, sys, readlink, readAll } = kernelFor('arm');
    expect(readlink('/proc/self/exe')).toBe(realpathSync(k.opts.exePath));
    expect(readlink(`/proc/${process.pid}/exe`)).toBe(realpathSync(k.opts.exePath));
    k.cwd = work;
    expect(readlink('/proc/self/cwd')).toBe(work);
    const file = join(work, 'linked.txt');
    writeFileSync(file, 'guest file\n');
    // Take a few descriptors first so the guest's number differs from the host's.
    for (let i = 0; i < 3; i++) sys('openat', AT_FDCWD, str('/'), 0, 0);
    const fd = sys('openat', AT_FDCWD, str('linked.txt'), 0, 0);
    expect(k.fds[fd]!.file.hostFd).not.toBe(fd);
    expect(readlink(`/proc/self/fd/${fd}`)).toBe(file);
    expect(readlink(`/dev/fd/${fd}`)).toBe(file);
    const again = sys('openat', AT_FDCWD, str(`/proc/self/fd/${fd}`), 0, 0);
    expect(readAll(again)).toBe('guest file\n');
    const viaCwd = sys('openat', AT_FDCWD, str('/proc/self/cwd/linked.txt'), 0, 0);
    expect(readAll(viaCwd)).toBe('guest file\n');
    const p = SCRATCH + 3 * PAGE_SIZE;
    expect(sys('pipe2', p, 0)).toBe(0);
    const rfd = k.mem.dv.getUint32(p, true);
    expect(readlink(`/proc/self/fd/${rfd}`)).toMatch(/^pipe:\[\d+\]$/);
  });
});

// ---- end to end: what a guest program reads under tsemu ------------------------------------------

const bundle = join(repoRoot, 'dist');
describe('guest programs read /proc under tsemu', () => {
  for (const arch of ['riscv64', 'aarch64', 'arm', 'armel', 'mips', 'mipsel']) {
    const bin = join(testBinariesDir, arch, 'procfs');
    const sysroot = sysrootFor(arch);
    const why = !existsSync(bin) ? `no ${bin} (make -C test-binaries ARCH=${arch})` : !existsSync(sysroot) ? `no sysroot ${sysroot}` : !existsSync(bundle) ? 'no dist/ bundle (npm run build)' : '';
    test.skipIf(why !== '')(`${arch}: cpuinfo, maps, stat${why ? ` (skipped: ${why})` : ''}`, () => {
      const r = spawnSync(process.execPath, [join(repoRoot, 'bin', `tsemu-${emulatorArch(arch)}`), '-L', sysroot, bin, '--cat', '/proc/cpuinfo', '/proc/self/maps', '/proc/self/stat'], { encoding: 'latin1', timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = r.stdout;
      const first = { riscv64: 'processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64', aarch64: 'processor\t: 0\nBogoMIPS\t: ', arm: 'processor\t: 0\nmodel name\t: ARMv7', armel: 'processor\t: 0\nmodel name\t: ARMv7', mips: 'system type\t\t: MIPS Malta\n', mipsel: 'system type\t\t: MIPS Malta\n' }[arch]!;
      expect(out.startsWith(first)).toBe(true);
      const lines = out.split('\n');
      const maps = lines.filter((l) => MAPS_LINE.test(l));
      expect(maps.some((l) => l.endsWith('/procfs') && l.includes(' r-xp '))).toBe(true);
      expect(maps.some((l) => l.endsWith(' [stack]'))).toBe(true);
      expect(maps.some((l) => /\/libc\.so\.6$/.test(l))).toBe(true);
      const stat = lines.find((l) => l.includes(' (procfs) R '))!;
      expect(stat.split(' ')).toHaveLength(52);
      expect(Number(stat.split(' ')[27])).toBeGreaterThan(0);
    });
  }
});
