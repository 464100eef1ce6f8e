// Differential tests: every case of test-binaries/cases.json runs under tsemu and must print the same
// stdout bytes (and stderr, where the case says so) and end with the same exit status or signal as
// under qemu-user, whose results are committed in test-binaries/<arch>/expected.json.
//
// Every case runs once per JIT mode (-tier auto, block, region: src/jit/translator.ts; and
// region-js, the region tier with JS instead of WebAssembly region code), each mode in its own
// describe, so a failure names its mode: "guest programs (riscv64, tier region) > hello".
//
// Environment:
//   TSEMU_RISCV64="cmd args"  command used instead of `node bin/tsemu-riscv64` (TSEMU_<ARCH> per arch);
//                             TSEMU_RISCV64=qemu-riscv64 checks the harness itself against the oracle.
//                             Another command has no tiers: each case runs once, with no -tier.
//   TSEMU_ARGS="..."          extra emulator options, placed before -L, in every mode; if they choose a
//                             tier themselves (-tier X), each case runs once with exactly these options
//   TSEMU_GUEST_TIERS="a,b"   run these modes on every arch (default: MODES_BY_ARCH, all four on riscv64)
//   TSEMU_GUEST_TIMEOUT_MS    per-run timeout (default 120000)
//   TSEMU_GUEST_CASES="a,b"   run only these cases (names or binary names)
//   TSEMU_GUEST_ARCHES="a,b"  run only these test-binaries directories (riscv64, arm, armel, ...)
//   TSEMU_SYSROOT_RISCV64     sysroot for -L (default /usr/riscv64-linux-gnu); cases that need it are
//                             skipped when it is missing
// test-binaries/armel holds ARM soft-float EABI programs: they run under tsemu-arm (TSEMU_ARMEL
// overrides) with -L /usr/arm-linux-gnueabi. pending.json keys are case names, or "<arch>:<case>"
// for an entry that applies to one arch only.
// Regenerate expected files with: node scripts/regen-expected.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  casesForArch,
  DEFAULT_TIMEOUT_MS,
  describeDiff,
  expectedFile,
  readExpected,
  loadCases,
  repoRoot,
  runCase,
  sysrootFor,
  sysrootPackages,
  testBinariesDir,
  tsemuRunner,
  type GuestCase,
  type Runner,
} from './helpers/run-guest.ts';
import { TIERS, type Tier } from '../src/jit/translator.ts';

const onlyArches = process.env.TSEMU_GUEST_ARCHES?.split(',').map((s) => s.trim()).filter(Boolean);
const ARCHES = ['riscv64', 'aarch64', 'arm', 'armel', 'mips', 'mipsel'].filter((a) => existsSync(expectedFile(a)) && (!onlyArches || onlyArches.includes(a)));
// Twice the helpers' default: with five runs at once on 2 cores, the heaviest cases (strtod_roundtrip,
// malloc_stress under -tier region) took just over 60 s on a quiet machine; a hang still fails.
const timeoutMs = Number(process.env.TSEMU_GUEST_TIMEOUT_MS) || 2 * DEFAULT_TIMEOUT_MS;
const only = process.env.TSEMU_GUEST_CASES?.split(',').map((s) => s.trim()).filter(Boolean);

function selected(c: GuestCase): boolean {
  return !only || only.includes(c.name) || only.includes(c.binary);
}

describe('guest test manifest', () => {
  test('cases.json is well formed', () => {
    const cases = loadCases();
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(typeof c.binary, c.name).toBe('string');
      expect(typeof c.sysroot, c.name).toBe('boolean');
      // static binaries must not get -L, dynamic ones need it
      expect(c.sysroot, `${c.name}: sysroot flag vs binary name`).toBe(!/\.static(-pie)?$/.test(c.binary));
    }
  });

  for (const arch of ARCHES) {
    test(`${arch}: every built binary has a case and every case has expected files`, () => {
      const cases = casesForArch(arch);
      const used = new Set(cases.map((c) => c.binary));
      const dedicated: Record<string, string> = JSON.parse(readFileSync(join(testBinariesDir, 'cases.json'), 'utf8')).dedicated ?? {};
      const built = readdirSync(join(testBinariesDir, arch)).filter((f) => f !== 'expected.json' && !(f in dedicated));
      expect(built.filter((f) => !used.has(f)), 'binaries without a case').toEqual([]);
      const expected = readExpected(arch);
      const missing = cases.filter((c) => !expected.has(c.name));
      expect(missing.map((c) => c.name), 'cases without expected output (run scripts/regen-expected.mjs)').toEqual([]);
      const missingErr = cases.filter((c) => c.stderr && !expected.get(c.name)?.stderr);
      expect(missingErr.map((c) => c.name), 'stderr cases without expected stderr').toEqual([]);
      const stale = [...expected.keys()].filter((name) => !cases.some((c) => c.name === name));
      expect(stale, 'expected results of cases that no longer exist').toEqual([]);
    });
  }
});

/**
 * Cases that need a capability of a later issue (threads, fork, signal delivery, shared file
 * mappings): skipped with that reason under tsemu until it lands. TSEMU_RUN_PENDING=1 runs them.
 */
const pending: Record<string, string> = JSON.parse(readFileSync(join(testBinariesDir, 'pending.json'), 'utf8')).cases;
/** Pending cases run when asked to, or when another command (the oracle itself) replaces tsemu. */
const runPendingFor = (arch: string) => process.env.TSEMU_RUN_PENDING === '1' || process.env[`TSEMU_${arch.toUpperCase()}`] !== undefined;

/** The JIT modes a case can run in: each tier, and the region tier with JS region code too. */
const MODES: Record<string, string[]> = {
  ...Object.fromEntries(TIERS.map((t) => [t, ['-tier', t]])),
  'region-js': ['-tier', 'region', '-regions', 'js'],
};
/**
 * The modes run when TSEMU_GUEST_TIERS does not choose. All four on riscv64 (64-bit values as int32
 * pairs: the most demanding JS). On aarch64, arm and mips the default tier (auto) and the region
 * tier (every entry a WebAssembly region, the region compiler's stress mode); on armel and mipsel,
 * subsets that share decoders and lifters with arm and mips, auto only. Per-block code and JS
 * regions come from one backend for every guest. All four modes on six arches took 75 minutes of
 * the suite on a 2-core machine, near the 90 of CI. TSEMU_GUEST_TIERS=auto,block,region,region-js
 * runs all four on every arch.
 */
const MODES_BY_ARCH: Record<string, string[]> = {
  riscv64: ['auto', 'block', 'region', 'region-js'],
  aarch64: ['auto', 'region'],
  arm: ['auto', 'region'],
  mips: ['auto', 'region'],
  armel: ['auto'],
  mipsel: ['auto'],
};

/**
 * The runs of an arch: one per tier (`-tier <tier>` before TSEMU_ARGS), or a single run with the
 * command and options as given when those fix the tier or replace tsemu.
 */
function modesFor(arch: string): Array<{ label: string; mode?: string; runner: Runner }> {
  const runner = tsemuRunner(arch);
  const otherCommand = !!process.env[`TSEMU_${arch.toUpperCase()}`]?.trim();
  const ownTier = runner.extraArgs.some((a) => /^--?tier(=|$)/.test(a));
  if (otherCommand || ownTier) return [{ label: arch, runner }];
  const known = Object.keys(MODES);
  const wanted = process.env.TSEMU_GUEST_TIERS?.split(',').map((s) => s.trim()).filter(Boolean) ?? MODES_BY_ARCH[arch] ?? known;
  const unknown = wanted.filter((t) => !known.includes(t));
  if (unknown.length) throw new Error(`TSEMU_GUEST_TIERS: unknown mode ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return wanted.map((mode) => ({ label: `${arch}, tier ${mode}`, mode, runner: { ...runner, extraArgs: [...MODES[mode], ...runner.extraArgs] } }));
}

for (const arch of ARCHES) {
  const sysroot = sysrootFor(arch);
  const haveSysroot = existsSync(sysroot);
  const expected = readExpected(arch);

  // The title names the arch and tier whatever the command; failures print the full command line.
  for (const { label, mode, runner } of modesFor(arch)) {
    describe.concurrent(`guest programs (${label})`, () => {
      for (const c of casesForArch(arch).filter(selected)) {
        test(c.name, { timeout: timeoutMs + 30_000 }, async (ctx) => {
          if (c.sysroot && !haveSysroot) ctx.skip(`needs ${sysroot} (apt-get install ${sysrootPackages[arch]})`);
          const why = (mode ? pending[`${arch}:${c.name}@${mode}`] : undefined) ?? pending[`${arch}:${c.name}`] ?? pending[c.name];
          if (why && !runPendingFor(arch)) ctx.skip(why);
          const exp = expected.get(c.name);
          if (!exp) throw new Error(`${c.name}: no expected results in ${expectedFile(arch)} (run scripts/regen-expected.mjs)`);
          const expOut = exp.stdout;
          const expStatus = exp.status;
          const expErr = c.stderr ? exp.stderr : undefined;

          const r = await runCase(arch, c, runner, { timeoutMs });

          const problems: string[] = [];
          if (r.timedOut) problems.push(`timed out after ${timeoutMs} ms`);
          if (r.status !== expStatus) problems.push(`status: expected "${expStatus}", got "${r.status}"`);
          const outDiff = describeDiff(expOut, r.stdout, 'stdout');
          if (outDiff) problems.push(outDiff);
          if (expErr) {
            const errDiff = describeDiff(expErr, r.stderr, 'stderr');
            if (errDiff) problems.push(errDiff);
          }
          if (problems.length) {
            const stderrText = r.stderr.toString('utf8');
            problems.unshift(`command: ${r.argv.join(' ')}`);
            const bundle = join(repoRoot, 'dist', 'tsemu.mjs');
            if (r.argv[1] === join(repoRoot, 'bin', `tsemu-${arch}`) && !existsSync(bundle)) {
              problems.unshift(`${bundle} is missing: run \`npm run build\` first (or set TSEMU_${arch.toUpperCase()})`);
            }
            if (!expErr && stderrText) problems.push(`stderr of the run (not compared):\n${stderrText.slice(0, 2000)}`);
            throw new Error(problems.join('\n'));
          }
          expect(r.status).toBe(expStatus);
          expect(r.stdout.equals(expOut)).toBe(true);
        });
      }
    });
  }
}
