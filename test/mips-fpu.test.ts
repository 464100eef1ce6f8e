// The MIPS32r2 FPU (tsemu-mips, tsemu-mipsel).
//
// Decoder: test/fixtures/mips-decode/fpu.s (FR=0 register numbering) and fpu-fp64.s (odd doubles,
// L format: -mfp64) are assembled with mips-linux-gnu-as -mips32r2 and disassembled with
// mips-linux-gnu-objdump -d; every instruction must print as objdump prints it and lift (in the FR
// mode of its file) without becoming SIGILL. Skipped without the cross binutils.
//
// Semantics against qemu-mips / qemu-mipsel (default CPU, the 24Kf): test/fixtures/mips-fpu/probe.c,
// built here freestanding for each byte order with -mfp32 (FR=0) and -mfp64 (FR=1), runs every
// arithmetic, multiply-add, conversion and compare on special values (signed zeros, infinities,
// legacy quiet and signalling NaNs, denormals, extreme normals, ties, integer limits) under each
// rounding mode and with FS, plus the conditional moves, branches, control-register views, the
// register-file views of 64-bit loads and stores, and a not-taken branch-likely slot; it prints
// result bits and FCSR per case. Separate runs take one enabled-exception case (SIGFPE or not) or
// one possibly reserved encoding (SIGILL or not). Output and exit status must equal qemu's.
// Skipped without mips-linux-gnu-gcc / mipsel-linux-gnu-gcc and qemu-mips / qemu-mipsel.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { decodeMips, formatInsn, translateBlock } from '../src/arch/mips/translate.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ } from '../src/mem/memory.ts';
import { haveCommand } from './helpers/have.ts';
import { assembleAndDump, type DumpedInsn } from './helpers/objdump.ts';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DECODE = join(root, 'test/fixtures/mips-decode');
const PROBE = join(root, 'test/fixtures/mips-fpu/probe.c');

// ---- decoder vs objdump ---------------------------------------------------------------------

const HAVE_BINUTILS = haveCommand('mips-linux-gnu-as') && haveCommand('mips-linux-gnu-objdump');

function objdump(source: string, fp64: boolean): DumpedInsn[] {
  return assembleAndDump('mips-linux-gnu', ['-mips32r2', ...(fp64 ? ['-mfp64'] : [])], { file: join(DECODE, source) });
}

const norm = (s: string): string => s.replace(/\s*#.*$/, '').replace(/\s*<[^>]*>/g, '').trim().replace(/\s+/g, ' ');

const mem = new GuestMemory(true);
const CODE = 0x10000;
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);

/** Lifts one instruction (then a nop) as a block; whether it became SIGILL. */
function liftsAsSigill(insn: number, fr: number): boolean {
  mem.dv.setUint32(CODE, insn, true);
  mem.dv.setUint32(CODE + 4, 0, true);
  const b = translateBlock(mem, CODE, fr);
  return b.ops.some((op) => op.k === 'call' && op.helper === 'mips_trap') || (b.exit.k === 'trap' && b.exit.signal === 4);
}

const fixtures = HAVE_BINUTILS ? readdirSync(DECODE).filter((f) => /^fpu.*\.s$/.test(f)).sort() : [];

describe.skipIf(!HAVE_BINUTILS)('MIPS FPU decoder vs objdump' + (HAVE_BINUTILS ? '' : ' (skipped: mips-linux-gnu-as/objdump not installed)'), () => {
  test.each(fixtures)('%s: every form prints as objdump prints it and lifts', (source) => {
    const fp64 = source.includes('fp64');
    const lines = objdump(source, fp64);
    expect(lines.length).toBeGreaterThan(100 * (fp64 ? 0.3 : 1));
    const bad: string[] = [];
    for (const l of lines) {
      const want = norm(l.text);
      const got = norm(formatInsn(decodeMips(l.raw, true), l.addr));
      if (got !== want) bad.push(`${l.addr.toString(16)} ${l.raw.toString(16).padStart(8, '0')}: objdump "${want}", ours "${got}"`);
      if (want !== 'nop' && liftsAsSigill(l.raw, fp64 ? 1 : 0)) bad.push(`${l.addr.toString(16)} ${want}: lifts as SIGILL (FR=${fp64 ? 1 : 0})`);
    }
    expect(bad).toEqual([]);
  });

  test('FR=0 refuses odd double registers and the L format; FR=1 accepts them', () => {
    const addD131 = 0x46251840; // add.d $f1,$f3,$f5
    const cvtLD = 0x46201025; // cvt.l.d $f0,$f2
    const luxc1 = 0x4c820005; // luxc1 $f0,v0(a0)
    for (const w of [addD131, cvtLD, luxc1]) {
      expect(liftsAsSigill(w, 0)).toBe(true);
      expect(liftsAsSigill(w, 1)).toBe(false);
    }
    expect(liftsAsSigill(0x46c41000, 1)).toBe(true); // add.ps: no paired single on the 24Kf
  });
});

// ---- semantics vs qemu ----------------------------------------------------------------------

const ENDIANS = [
  { name: 'mips', gcc: 'mips-linux-gnu-gcc', qemu: 'qemu-mips' },
  { name: 'mipsel', gcc: 'mipsel-linux-gnu-gcc', qemu: 'qemu-mipsel' },
] as const;
const VARIANTS = ENDIANS.flatMap((e) => (['fp32', 'fp64'] as const).map((fp) => ({ ...e, fp })))
  .filter((v) => haveCommand(v.gcc) && haveCommand(v.qemu));
const HAVE_QEMU = VARIANTS.length > 0;

const dist = join(root, 'dist/tsemu.mjs');
function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

let work = '';
beforeAll(() => {
  if (!HAVE_QEMU) return;
  const stale = !existsSync(dist) || statSync(dist).mtimeMs < newestSource(join(root, 'src'));
  if (stale) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  work = mkdtempSync(join(tmpdir(), 'mips-fpu-'));
  for (const v of VARIANTS) {
    execFileSync(v.gcc, ['-O1', '-mips32r2', `-m${v.fp}`, '-mhard-float', ...(v.fp === 'fp64' ? ['-DFP64'] : []),
      '-ffreestanding', '-nostdlib', '-static', '-fno-pic', '-mno-abicalls', '-o', join(work, `probe-${v.name}-${v.fp}`), PROBE]);
  }
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Outcome {
  stdout: string;
  stderr: string;
  status: number | null;
}
function runUnder(cmd: string, args: string[]): Outcome {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  // Both print "<name>: uncaught target signal ..." for a guest killed by a signal.
  return { stdout: r.stdout, stderr: r.stderr.replace(/^qemu:/gm, 'tsemu:'), status: r.status };
}
const tsemu = (arch: string, args: string[]): Outcome => runUnder(process.execPath, [join(root, `bin/tsemu-${arch}`), ...args]);

describe.skipIf(!HAVE_QEMU)('MIPS FPU vs qemu (skipped without mips*-linux-gnu-gcc and qemu-mips*)', () => {
  test.each(VARIANTS.map((v) => [`${v.name} ${v.fp}`, v] as const))('%s: every value case', (_n, v) => {
    const exe = join(work, `probe-${v.name}-${v.fp}`);
    const want = runUnder(v.qemu, [exe]);
    const got = tsemu(v.name, [exe]);
    expect(want.status).toBe(0);
    const w = want.stdout.split('\n'), g = got.stdout.split('\n');
    expect(w.length).toBeGreaterThan(100_000);
    const bad: string[] = [];
    for (let i = 0; i < Math.max(w.length, g.length); i++) if (w[i] !== g[i]) bad.push(`qemu  ${w[i]}\ntsemu ${g[i]}`);
    console.log(`${v.name} ${v.fp}: ${w.length - 1} cases, ${bad.length} mismatches`);
    expect(bad.slice(0, 20)).toEqual([]);
    expect(got.status).toBe(0);
  });

  test.each(VARIANTS.map((v) => [`${v.name} ${v.fp}`, v] as const))('%s: enabled exceptions and reserved encodings', (_n, v) => {
    const exe = join(work, `probe-${v.name}-${v.fp}`);
    const [traps, ills] = runUnder(v.qemu, [exe, 'count']).stdout.trim().split(' ').map(Number) as [number, number];
    expect(traps).toBeGreaterThan(10);
    const bad: string[] = [];
    let signals = 0;
    for (const [kind, n] of [['trap', traps], ['ill', ills]] as const) {
      for (let i = 0; i < n; i++) {
        const want = runUnder(v.qemu, [exe, kind, String(i)]);
        const got = tsemu(v.name, [exe, kind, String(i)]);
        if (want.status !== 0) signals++;
        if (JSON.stringify(want) !== JSON.stringify(got)) bad.push(`${kind} ${i}: qemu ${JSON.stringify(want)} tsemu ${JSON.stringify(got)}`);
      }
    }
    // Both outcomes occur: some cases die of their signal, others run.
    expect(signals).toBeGreaterThan(5);
    expect(signals).toBeLessThan(traps + ills);
    expect(bad).toEqual([]);
  });
});
