// Broken and foreign ELF files (DESIGN.md 1): tsemu must refuse them with exit status 1, nothing on
// stdout and exactly one line "tsemu: ..." on stderr, never a JavaScript stack trace. The files are
// made in a temp dir from test-binaries/riscv64/hello.static (and a dynamic hello for PT_INTERP),
// and run through the real launchers (bin/tsemu-riscv64, and bin/tsemu, which sniffs the header).
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const dist = join(root, 'dist/tsemu.mjs');
const TIMEOUT_MS = 20_000;

/** Newest mtime of the sources the bundle is built from. */
function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  const stale = !existsSync(dist) || statSync(dist).mtimeMs < Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'syscalls')));
  if (stale) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}, 120_000);

// ---- the broken files ---------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'tsemu-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = readFileSync(join(root, 'test-binaries/riscv64/hello.static'));
const dynamic = readFileSync(join(root, 'test-binaries/riscv64/hello'));
const fixture = (name: string) => join(root, 'test/fixtures/elf/bin', name);

const PH = 56; // ELF64 program header size
const phoff = Number(good.readBigUInt64LE(0x20));
const phnum = good.readUInt16LE(0x38);
const phdrs = Array.from({ length: phnum }, (_, i) => phoff + i * PH);
const loads = phdrs.filter((o) => good.readUInt32LE(o) === 1);
const firstLoad = loads[0];
const lastLoad = loads[loads.length - 1];

function file(name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}
/** A copy of hello.static edited by `edit`. */
function patched(name: string, edit: (b: Buffer) => void, from: Buffer = good): string {
  const b = Buffer.from(from);
  edit(b);
  return file(name, b);
}
let serial = 0;
/** The dynamic hello with its PT_INTERP path replaced (same length or shorter); a new file each call. */
function withInterp(name: string, interp: string): string {
  name += `-${serial++}`; // tests run concurrently: never rewrite a file another one may be reading
  const at = dynamic.indexOf('/lib/ld-linux-riscv64-lp64d.so.1\0');
  if (at < 0) throw new Error('no interpreter string in test-binaries/riscv64/hello');
  return patched(name, (b) => {
    b.fill(0, at, at + 33);
    b.write(interp, at, 'latin1');
  }, dynamic);
}
const interpPhdr = (b: Buffer) => {
  const off = Number(b.readBigUInt64LE(0x20));
  for (let i = 0; i < b.readUInt16LE(0x38); i++) if (b.readUInt32LE(off + i * PH) === 3) return off + i * PH;
  throw new Error('no PT_INTERP');
};

/** A sysroot for -L with `/lib/ld-linux-riscv64-lp64d.so.1` made by `make` (or absent). */
function sysroot(name: string, make?: (ldso: string) => void): string {
  const r = join(dir, name);
  mkdirSync(join(r, 'lib'), { recursive: true });
  make?.(join(r, 'lib/ld-linux-riscv64-lp64d.so.1'));
  return r;
}

interface Case {
  name: string;
  /** Arguments after the launcher (the program, or options and the program). */
  args: () => string[];
  /** The one stderr line must match this too. */
  message?: RegExp;
  /** Which launchers to try: tsemu-riscv64 always, tsemu (generic) when set. */
  generic?: boolean;
  /** What the generic launcher's line must match, when it differs from `message`. */
  genericMessage?: RegExp;
}

const missingInterp = () => withInterp('interp-missing', '/nonexistent-tsemu/ld.so.1');
const cases: Case[] = [
  // truncated
  ...[0, 3, 16, 52, 63, 64].map((n): Case => ({ name: `truncated to ${n} bytes`, args: () => [file(`trunc-${n}`, good.subarray(0, n))], message: /not an ELF file|truncated/, generic: n === 16 || n === 64 })),
  { name: 'truncated in the middle of the program headers', args: () => [file('trunc-mid-phdr', good.subarray(0, phoff + 2 * PH + 20))], message: /truncated/ },
  { name: 'truncated right after the program headers', args: () => [file('trunc-end-phdr', good.subarray(0, phoff + phnum * PH))], message: /truncated/ },
  {
    name: 'truncated in the middle of the first segment',
    args: () => [file('trunc-mid-seg1', good.subarray(0, Number(good.readBigUInt64LE(firstLoad + 8) + good.readBigUInt64LE(firstLoad + 32) / 2n)))],
    message: /truncated/,
  },
  {
    name: 'truncated in the middle of the last segment',
    args: () => [file('trunc-mid-seglast', good.subarray(0, Number(good.readBigUInt64LE(lastLoad + 8)) + 100))],
    message: /truncated/,
  },
  // identification
  { name: 'wrong magic', args: () => [patched('magic', (b) => (b[1] = 0x46))], message: /not an ELF file/, generic: true },
  { name: 'magic of another format (#! script)', args: () => [file('script', '#!/bin/sh\necho hello\n')], message: /not an ELF file/ },
  { name: 'class ELF32 on a 64-bit file', args: () => [patched('class32', (b) => (b[4] = 1))], generic: true },
  { name: 'class 0 (ELFCLASSNONE)', args: () => [patched('class0', (b) => (b[4] = 0))], message: /class/ },
  { name: 'class 3', args: () => [patched('class3', (b) => (b[4] = 3))], message: /class/ },
  {
    name: 'a 32-bit ELF header (RISC-V, little-endian) over the 64-bit file',
    args: () => [patched('hdr32', (b) => {
      const arm = readFileSync(fixture('tiny-armhf'));
      arm.copy(b, 0, 0, 52);
      b.writeUInt16LE(243, 18);
    })],
  },
  { name: 'data encoding big-endian', args: () => [patched('data-be', (b) => (b[5] = 2))], message: /big-endian/, generic: true, genericMessage: /big-endian|no tsemu guest/ },
  { name: 'data encoding 0 (ELFDATANONE)', args: () => [patched('data0', (b) => (b[5] = 0))], message: /data encoding|not an ELF/ },
  { name: 'data encoding 3', args: () => [patched('data3', (b) => (b[5] = 3))], message: /data encoding|not an ELF/ },
  // wrong machine or type
  { name: 'x86-64 host binary (/bin/true)', args: () => [fixture('host-true')], message: /x86-64/, generic: true, genericMessage: /x86-64|no tsemu guest for ELF machine 62/ },
  { name: 'ARM relocatable object', args: () => [fixture('tiny-armhf.o')], message: /ARM/, generic: true, genericMessage: /not an executable|no tsemu guest for ELF machine 40/ },
  { name: 'ARM executable', args: () => [fixture('tiny-armhf')], message: /ARM/ },
  { name: 'AArch64 executable', args: () => [fixture('tiny-aarch64')], message: /AArch64/ },
  // tsemu (generic) runs it as tsemu-mips, which needs its dynamic linker: no -L sysroot given here.
  { name: 'MIPS big-endian executable', args: () => [fixture('tiny-mips')], message: /big-endian|MIPS/, generic: true, genericMessage: /Could not open '\/lib\/ld\.so\.1'/ },
  { name: 'RISC-V relocatable object', args: () => [fixture('tiny-riscv64.o')], message: /not an executable/, generic: true },
  { name: 'e_type ET_CORE', args: () => [patched('et-core', (b) => b.writeUInt16LE(4, 0x10))], message: /not an executable/ },
  { name: 'e_machine SPARC', args: () => [patched('sparc', (b) => b.writeUInt16LE(2, 18))], generic: true },
  // program headers
  { name: 'no PT_LOAD (all p_type PT_NULL)', args: () => [patched('no-load', (b) => phdrs.forEach((o) => b.writeUInt32LE(0, o)))], message: /loadable/ },
  { name: 'no program headers at all (e_phnum 0)', args: () => [patched('phnum0', (b) => b.writeUInt16LE(0, 0x38))], message: /loadable/ },
  {
    name: 'e_phnum 65535 with e_phoff near the end',
    args: () => [patched('phnum-max', (b) => {
      b.writeUInt16LE(65535, 0x38);
      b.writeBigUInt64LE(BigInt(b.length - 100), 0x20);
    })],
    message: /truncated/,
    generic: true,
  },
  { name: 'e_phoff beyond the end of the file', args: () => [patched('phoff-far', (b) => b.writeBigUInt64LE(1n << 40n, 0x20))], message: /truncated/ },
  { name: 'e_phoff 2^64-1', args: () => [patched('phoff-max', (b) => b.writeBigUInt64LE((1n << 64n) - 1n, 0x20))] },
  { name: 'e_phentsize too small (32)', args: () => [patched('phentsize-32', (b) => b.writeUInt16LE(32, 0x36))], message: /program header size/ },
  { name: 'e_phentsize 0', args: () => [patched('phentsize-0', (b) => b.writeUInt16LE(0, 0x36))], message: /program header size/ },
  {
    name: 'p_filesz larger than the file',
    args: () => [patched('filesz', (b) => {
      b.writeBigUInt64LE(BigInt(b.length * 4), firstLoad + 32);
      b.writeBigUInt64LE(BigInt(b.length * 4), firstLoad + 40);
    })],
    message: /truncated|beyond/,
  },
  { name: 'p_filesz larger than p_memsz', args: () => [patched('filesz-memsz', (b) => b.writeBigUInt64LE(good.readBigUInt64LE(lastLoad + 40) + 1n, lastLoad + 32))] },
  { name: 'p_offset 2^50', args: () => [patched('offset-far', (b) => b.writeBigUInt64LE(1n << 50n, lastLoad + 8))] },
  { name: 'p_memsz 2^40', args: () => [patched('memsz', (b) => b.writeBigUInt64LE(1n << 40n, lastLoad + 40))], message: /4 GiB/ },
  { name: 'p_memsz 2^64-1', args: () => [patched('memsz-max', (b) => b.writeBigUInt64LE((1n << 64n) - 1n, lastLoad + 40))] },
  { name: 'p_vaddr above 4 GiB', args: () => [patched('vaddr-5g', (b) => b.writeBigUInt64LE(0x140000000n + (good.readBigUInt64LE(lastLoad + 16) & 0xfffn), lastLoad + 16))], message: /4 GiB/ },
  { name: 'p_vaddr just below 4 GiB, p_memsz crossing it', args: () => [patched('vaddr-cross', (b) => b.writeBigUInt64LE(0xfffff000n + (good.readBigUInt64LE(lastLoad + 16) & 0xfffn), lastLoad + 16))], message: /4 GiB/ },
  { name: 'p_vaddr near 2^64', args: () => [patched('vaddr-top', (b) => b.writeBigUInt64LE(0xfffffffffffff000n, lastLoad + 16))] },
  { name: 'misaligned segment (p_vaddr - p_offset not page-congruent)', args: () => [patched('misaligned', (b) => b.writeBigUInt64LE(good.readBigUInt64LE(lastLoad + 16) + 4n, lastLoad + 16))] },
  // not files
  { name: 'a directory', args: () => [dir], message: /directory/ },
  { name: 'a nonexistent path', args: () => [join(dir, 'does-not-exist')], message: /No such file/, generic: true },
  { name: 'an empty file', args: () => [file('empty', '')], message: /not an ELF file/, generic: true },
  { name: 'a text file', args: () => [file('text', 'This is not a program.\nSecond line.\n')], message: /not an ELF file/, generic: true },
  { name: 'a binary file of zeros', args: () => [file('zeros', new Uint8Array(4096))], message: /not an ELF file/ },
  // PT_INTERP
  { name: 'PT_INTERP to a missing interpreter', args: () => [missingInterp()], message: /nonexistent-tsemu.*No such file/, generic: true },
  { name: 'PT_INTERP to a missing interpreter, with -L (empty sysroot)', args: () => ['-L', sysroot('sr-empty'), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')], message: /ld-linux-riscv64.*No such file/, generic: true },
  { name: 'PT_INTERP to a missing interpreter, with -L to a missing directory', args: () => ['-L', join(dir, 'no-such-sysroot'), missingInterp()], message: /No such file/ },
  { name: 'interpreter is a directory (-L)', args: () => ['-L', sysroot('sr-dir', (p) => mkdirSync(p)), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')], message: /directory/ },
  { name: 'interpreter is a text file (-L)', args: () => ['-L', sysroot('sr-text', (p) => writeFileSync(p, 'not an interpreter\n')), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')], message: /ld-linux.*not an ELF file/ },
  { name: 'interpreter is truncated (-L)', args: () => ['-L', sysroot('sr-trunc', (p) => writeFileSync(p, readFileSync(fixture('riscv64-ld.so')).subarray(0, 100))), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')], message: /ld-linux.*truncated/ },
  { name: 'interpreter is an x86-64 binary (-L)', args: () => ['-L', sysroot('sr-x86', (p) => copyFileSync(fixture('host-true'), p)), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')], message: /x86-64/ },
  { name: 'interpreter is a symlink loop (-L)', args: () => ['-L', sysroot('sr-loop', (p) => execFileSync('ln', ['-s', 'ld-linux-riscv64-lp64d.so.1', p])), withInterp('interp-std', '/lib/ld-linux-riscv64-lp64d.so.1')] },
  { name: 'PT_INTERP beyond the end of the file', args: () => [patched('interp-far', (b) => b.writeBigUInt64LE(BigInt(b.length + 4096), interpPhdr(b) + 8), dynamic)], message: /interp-far: truncated/ },
  { name: 'PT_INTERP empty string', args: () => [withInterp('interp-empty', '')] },
];

// ---- running them -------------------------------------------------------------------------

interface Result {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function run(launcher: 'tsemu-riscv64' | 'tsemu', args: string[]): Promise<Result> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('QEMU_') || k.startsWith('TSEMU_')) delete env[k];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(root, 'bin', launcher), ...args], { env, timeout: TIMEOUT_MS, encoding: 'utf8', maxBuffer: 1 << 20 }, (_err, stdout, stderr) => {
      resolve({ status: child.exitCode, signal: child.signalCode, stdout, stderr });
    });
  });
}

function expectOneLine(r: Result, message?: RegExp): void {
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  const where = `stderr was:\n${r.stderr}`;
  expect(r.signal, `killed (timeout?) ${where}`).toBe(null);
  expect(r.stdout, 'stdout').toBe('');
  expect(lines, where).toHaveLength(1);
  expect(lines[0], where).toMatch(/^tsemu: \S/);
  expect(r.stderr, 'a JavaScript stack trace').not.toMatch(/^\s+at /m);
  expect(r.stderr, 'an Error class name').not.toMatch(/\b[A-Z]\w*Error\b|\binternal error\b/);
  if (message) expect(lines[0]).toMatch(message);
  expect(r.status, where).toBe(1);
}

const counted = { runs: 0 };
afterAll(() => console.log(`elf-malformed: ${cases.length} malformed inputs, ${counted.runs} launcher runs`));

describe.concurrent('malformed ELF files give one line on stderr and exit status 1', () => {
  for (const c of cases) {
    test(`tsemu-riscv64: ${c.name}`, async () => {
      const r = await run('tsemu-riscv64', c.args());
      counted.runs++;
      expectOneLine(r, c.message);
    }, TIMEOUT_MS + 5000);
    if (c.generic) {
      test(`tsemu: ${c.name}`, async () => {
        const r = await run('tsemu', c.args());
        counted.runs++;
        expectOneLine(r, c.genericMessage ?? c.message);
      }, TIMEOUT_MS + 5000);
    }
  }

  // The generic launcher reads e_machine itself before the loader runs (src/cli/main.ts sniffArch).
  test('tsemu: a directory', async () => {
    const r = await run('tsemu', [dir]);
    counted.runs++;
    expectOneLine(r, /directory/);
  }, TIMEOUT_MS + 5000);
});

describe('sanity: the good files run', () => {
  test('hello.static prints and exits 0 under both launchers', async () => {
    for (const launcher of ['tsemu-riscv64', 'tsemu'] as const) {
      const r = await run(launcher, [join(root, 'test-binaries/riscv64/hello.static')]);
      expect(r.stdout).toContain('Hello, world!');
      expect(r.status).toBe(0);
    }
  }, 2 * TIMEOUT_MS);
});
