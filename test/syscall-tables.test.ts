// The committed syscall/errno/signal tables: known facts, cross-checked against the cross toolchains'
// kernel headers when those are installed, and regeneration gives byte-identical files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { archTables, guestErrno, guestSignal, syscallName, syscallNumber, tablesFor, TABLE_ARCHES } from '../syscalls/tables/index.ts';
import type { TableArch } from '../syscalls/tables/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tablesDir = join(root, 'syscalls', 'tables');

const cc: Record<TableArch, string[]> = {
  riscv64: ['riscv64-linux-gnu-gcc'],
  aarch64: ['aarch64-linux-gnu-gcc'],
  arm: ['arm-linux-gnueabihf-gcc'],
  mips: ['mips-linux-gnu-gcc', '-mabi=32'],
  mipsel: ['mipsel-linux-gnu-gcc', '-mabi=32'],
};

function haveCc(arch: TableArch): boolean {
  try {
    execFileSync(cc[arch][0], ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Value of `macro` after <header> as the cross preprocessor expands it (e.g. "(4000 + 4)"). */
function expand(arch: TableArch, header: string, macro: string): string {
  const [bin, ...flags] = cc[arch];
  const out = execFileSync(bin, [...flags, '-E', '-P', '-'], {
    input: `#include <${header}>\n@@ ${macro} @@\n`,
    encoding: 'utf8',
  });
  const m = /@@ (.*) @@/.exec(out);
  if (!m) throw new Error(`no expansion of ${macro}`);
  return m[1];
}

/** Evaluates "(4000 + 4)"-style expansions: literals joined by + only. */
function sum(expr: string): number {
  const parts = expr.replace(/[()\s]/g, '').split('+');
  if (!parts.every((p) => /^(0x[0-9a-f]+|\d+)$/i.test(p))) throw new Error(`cannot evaluate ${expr}`);
  return parts.reduce((s, p) => s + Number(p), 0);
}

// Known facts, checked in the committed tables whether or not a cross compiler is installed.
const facts: Array<[TableArch, string, number]> = [
  ['riscv64', 'read', 63],
  ['riscv64', 'write', 64],
  ['riscv64', 'exit', 93],
  ['riscv64', 'exit_group', 94],
  ['riscv64', 'openat', 56],
  ['riscv64', 'riscv_flush_icache', 259],
  ['aarch64', 'write', 64],
  ['aarch64', 'mmap', 222],
  ['arm', 'write', 4],
  ['arm', 'exit_group', 248],
  ['arm', 'mmap2', 192],
  ['arm', 'cacheflush', 0xf0002],
  ['arm', 'set_tls', 0xf0005],
  ['mips', 'syscall', 4000],
  ['mips', 'write', 4004],
  ['mips', 'exit_group', 4246],
  ['mips', 'cacheflush', 4147],
  ['mipsel', 'write', 4004],
];

describe('syscall tables (committed)', () => {
  it.each(facts)('%s %s = %d', (arch, name, nr) => {
    expect(syscallNumber(arch, name)).toBe(nr);
    expect(syscallName(arch, nr)).toBe(name);
  });

  it('has all five arches and every table is a bijection on canonical names', () => {
    expect([...TABLE_ARCHES].sort()).toEqual(['aarch64', 'arm', 'mips', 'mipsel', 'riscv64']);
    for (const arch of TABLE_ARCHES) {
      const t = tablesFor(arch);
      expect(t.arch).toBe(arch);
      for (const [nr, name] of Object.entries(t.syscallNames)) expect(t.syscallNumbers[name]).toBe(Number(nr));
      for (const [nr, name] of Object.entries(t.errnoNames)) expect(t.errnoNumbers[name]).toBe(Number(nr));
      for (const [nr, name] of Object.entries(t.signalNames)) expect(t.signalNumbers[name]).toBe(Number(nr));
    }
    expect(() => tablesFor('x86_64')).toThrow(/no syscall tables/);
    expect(syscallName('riscv64', 100000)).toBeUndefined();
    expect(syscallName('riscv64', 'constructor' as unknown as number)).toBeUndefined();
  });

  it('knows errno and signals per family', () => {
    expect(guestErrno('riscv64', 'ENOENT')).toBe(2);
    expect(guestErrno('arm', 'EAGAIN')).toBe(11);
    expect(guestErrno('aarch64', 'ENOSYS')).toBe(38);
    expect(guestErrno('mips', 'ENOSYS')).toBe(89);
    expect(guestErrno('mipsel', 'EDEADLOCK')).toBe(56);
    expect(archTables.mips.errnoNames[35]).toBe('ENOMSG');
    expect(archTables.riscv64.errnoNames[11]).toBe('EAGAIN');
    expect(guestErrno('riscv64', 'ENOTATHING')).toBeUndefined();
    expect(guestSignal('riscv64', 'SIGCHLD')).toBe(17);
    expect(guestSignal('mips', 'SIGCHLD')).toBe(18);
    expect(guestSignal('mips', 'SIGBUS')).toBe(10);
    expect(archTables.arm.signalNames[6]).toBe('SIGABRT');
    expect(archTables.riscv64.nsig).toBe(64);
    expect(archTables.mips.nsig).toBe(128);
    expect(archTables.riscv64.signalConstants.SA_SIGINFO).toBe(4);
    expect(archTables.mips.signalConstants.SA_SIGINFO).toBe(8);
    expect(archTables.mips.signalConstants.SIG_BLOCK).toBe(1);
    expect(archTables.arm.signalConstants.SA_RESTORER).toBe(0x04000000);
  });
});

describe('syscall tables against the cross headers', () => {
  it.for(facts)('%s __NR_%s from the headers', ([arch, name, nr], ctx) => {
    ctx.skip(!haveCc(arch), `${cc[arch][0]} not installed`);
    const macro = arch === 'arm' && nr >= 0xf0000 ? `__ARM_NR_${name}` : `__NR_${name}`;
    // Expansions look like "63", "(0 + 4)", "(4000 + 4)" or ARM's "((0+0x0f0000)+2)".
    expect(sum(expand(arch, 'asm/unistd.h', macro))).toBe(nr);
  });

  it.for(TABLE_ARCHES)('%s: every syscall name matches the header', (arch, ctx) => {
    ctx.skip(!haveCc(arch), `${cc[arch][0]} not installed`);
    const [bin, ...flags] = cc[arch];
    const defs = execFileSync(bin, [...flags, '-dM', '-E', '-'], { input: '#include <asm/unistd.h>\n', encoding: 'utf8' });
    const names = new Set([...defs.matchAll(/^#define __NR_([a-z_0-9]+) /gm)].map((m) => m[1]));
    names.delete('syscalls');
    names.delete('arch_specific_syscall');
    const t = archTables[arch].syscallNumbers;
    for (const n of names) expect(t[n], n).toBeTypeOf('number');
  });
});

describe('regeneration', () => {
  it('gives byte-identical files for every arch whose compiler is installed', (ctx) => {
    const present = TABLE_ARCHES.filter(haveCc);
    ctx.skip(present.length === 0, 'no cross compiler installed');
    const out = mkdtempSync(join(tmpdir(), 'tsemu-tables-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'gen-syscall-tables.mjs'), '--out', out, '--quiet'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const generated = readdirSync(out).sort();
      // mipsel's syscalls live in mips.ts (same o32 numbers; the generator checks they agree).
      for (const arch of present) expect(generated).toContain(`${arch === 'mipsel' ? 'mips' : arch}.ts`);
      for (const f of generated) {
        expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(tablesDir, f), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
