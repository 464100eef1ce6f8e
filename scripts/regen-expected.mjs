#!/usr/bin/env node
// Regenerates the expected outputs of the differential guest tests from the oracle (qemu-user).
//
//   node scripts/regen-expected.mjs [--arch riscv64] [--check] [case-name ...]
//
// For every case of test-binaries/cases.json whose binary exists in test-binaries/<arch>/, runs it
// under qemu-<arch> exactly as test/guest-programs.test.ts runs tsemu (both use
// test/helpers/run-guest.ts, loaded here through esbuild) and writes
// each case's stdout, status ("exit N" / "signal SIGNAME") and, for cases marked "stderr": true,
// stderr into test-binaries/<arch>/expected.json (run-guest.ts: readExpected/writeExpected). Each case is run twice and must agree with itself,
// so nondeterministic programs are caught here rather than as flaky tests.
// --check compares against the committed results instead of writing them (exit 1 on a difference).
// --arch arm: test-binaries/arm (armhf; A32 and .thumb builds) under `qemu-arm -cpu cortex-a15`;
// --arch armel: test-binaries/armel (soft-float EABI) under the same qemu-arm with
// -L /usr/arm-linux-gnueabi (test/helpers/run-guest.ts: emulatorArch, oracleArgs, sysroots).
// --arch mips / --arch mipsel: qemu-mips / qemu-mipsel (default CPU, the 24Kf) with -L
// /usr/mips-linux-gnu / /usr/mipsel-linux-gnu.
// TSEMU_ORACLE_<ARCH> (e.g. TSEMU_ORACLE_RISCV64=/opt/qemu/bin/qemu-riscv64) picks another qemu.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function loadHelper() {
  const file = join(root, 'test', 'helpers', 'run-guest.ts');
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' });
  // import.meta.url must still point at the helper's real location (it computes the repo root from it).
  const patched = code.replaceAll('import.meta.url', JSON.stringify(new URL(`file://${file}`).href));
  return import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`);
}

function parseArgs(argv) {
  const opts = { arch: 'riscv64', check: false, names: [], jobs: 4 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--arch') opts.arch = argv[++i];
    else if (a === '--check') opts.check = true;
    else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/regen-expected.mjs [--arch riscv64] [--check] [--jobs N] [case ...]');
      process.exit(0);
    } else opts.names.push(a);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const h = await loadHelper();
  const arch = opts.arch;
  let cases = h.casesForArch(arch);
  if (opts.names.length) {
    const unknown = opts.names.filter((n) => !cases.some((c) => c.name === n));
    if (unknown.length) throw new Error(`unknown case(s) for ${arch}: ${unknown.join(', ')}`);
    cases = cases.filter((c) => opts.names.includes(c.name));
  }
  const runner = h.qemuRunner(arch);
  const sysroot = h.sysrootFor(arch);
  if (cases.some((c) => c.sysroot) && !existsSync(sysroot)) throw new Error(`${sysroot} is missing (apt-get install ${h.sysrootPackages[arch]})`);
  const stored = h.readExpected(arch);

  let failures = 0;
  const results = new Map();
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const c = cases[next++];
      const first = await h.runCase(arch, c, runner);
      const second = await h.runCase(arch, c, runner);
      results.set(c.name, { c, first, second });
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker));

  for (const c of cases) {
    const { first, second } = results.get(c.name);
    const tag = `${c.name}: ${first.status} (${first.stdout.length} bytes, ${first.durationMs} ms)`;
    if (first.timedOut || first.status.startsWith('error')) {
      console.error(`FAIL ${tag}: the oracle run failed\n${first.stderr.toString()}`);
      failures++;
      continue;
    }
    const unstable = [];
    if (!first.stdout.equals(second.stdout)) unstable.push(h.describeDiff(first.stdout, second.stdout, 'stdout'));
    if (first.status !== second.status) unstable.push(`status ${first.status} vs ${second.status}`);
    if (c.stderr && !first.stderr.equals(second.stderr)) unstable.push(h.describeDiff(first.stderr, second.stderr, 'stderr'));
    if (unstable.length) {
      console.error(`FAIL ${tag}: not deterministic under the oracle\n${unstable.join('\n')}`);
      failures++;
      continue;
    }
    const fresh = { status: first.status, stdout: first.stdout, ...(c.stderr ? { stderr: first.stderr } : {}) };
    if (opts.check) {
      const old = stored.get(c.name);
      const diffs = !old ? ['missing']
        : [old.status !== fresh.status ? `status ${old.status} vs ${fresh.status}` : '', h.describeDiff(old.stdout, fresh.stdout, 'stdout'),
           c.stderr ? (old.stderr ? h.describeDiff(old.stderr, fresh.stderr, 'stderr') : 'stderr missing') : ''].filter(Boolean);
      if (diffs.length) {
        console.error(`DIFF ${c.name}\n${diffs.join('\n')}`);
        failures++;
      }
    } else stored.set(c.name, fresh);
    console.log(`ok   ${tag}`);
  }
  if (!opts.check) {
    // drop the results of cases that no longer exist
    if (!opts.names.length) {
      const names = new Set(cases.map((c) => c.name));
      for (const name of [...stored.keys()]) {
        if (!names.has(name)) {
          stored.delete(name);
          console.log(`removed stale ${name}`);
        }
      }
    }
    h.writeExpected(arch, stored);
  }
  console.log(`${cases.length - failures}/${cases.length} cases ${opts.check ? 'match' : 'written'} for ${arch}`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(`regen-expected: ${e instanceof Error ? e.message : e}`);
  process.exit(2);
});
