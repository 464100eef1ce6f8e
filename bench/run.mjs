#!/usr/bin/env node
// `npm run bench`: tsemu, qemu-user and native on the same workloads in one run, reporting ratios
// (DESIGN.md 7). Never crashes on a failing emulator: such a cell says FAIL or TIMEOUT.
//
// Options:
//   --arch a,b        only these guest arches (default: every arch with binaries in bench/bin/<arch>/)
//   --only w1,w2      only these workloads (names of bench/workloads/*.c)
//   --runs N          best of N runs (default 3, or env BENCH_RUNS)
//   --timeout S       per-run timeout in seconds (default 120, or env BENCH_TIMEOUT)
//   --skip c1,c2      leave out columns: tsemu, qemu, native
//   --json FILE       also write all results as JSON
//   --write-expected  rewrite bench/expected.json from the native outputs (after changing a workload)
// Environment:
//   TSEMU_CMD_<ARCH>  command used for the tsemu column, split on spaces (e.g. TSEMU_CMD_RISCV64=qemu-riscv64
//                     to validate the harness); default `node bin/tsemu-<arch>`
//   QEMU_CMD_<ARCH>   command for the qemu column; default `qemu-<arch>` (aarch64: `qemu-aarch64 -cpu cortex-a53`)
//   CC                host compiler for the native column (default cc)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const ARCHES = ['riscv64', 'aarch64', 'arm', 'mips', 'mipsel'];
const COLUMNS = ['tsemu', 'qemu', 'native'];
// Keep in step with bench/Makefile (ARCH=native).
const NATIVE_CFLAGS = ['-O2', '-std=c11', '-Wall', '-Wextra', '-ffp-contract=off'];

// ---------- options ----------

function parseArgs(argv) {
  const o = {
    arch: undefined,
    only: undefined,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    timeout: Number(process.env.BENCH_TIMEOUT ?? 120),
    skip: new Set(),
    json: undefined,
    writeExpected: false,
  };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--arch': o.arch = list(val()); break;
      case '--only': o.only = list(val()); break;
      case '--runs': o.runs = Number(val()); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--skip': o.skip = new Set(list(val())); break;
      case '--json': o.json = resolve(val()); break;
      case '--write-expected': o.writeExpected = true; break;
      case '-h':
      case '--help': usage(); break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) usage('--runs must be a positive integer');
  if (!(o.timeout > 0)) usage('--timeout must be a positive number of seconds');
  for (const a of o.arch ?? []) if (!ARCHES.includes(a)) usage(`unknown arch ${a} (known: ${ARCHES.join(', ')})`);
  for (const c of o.skip) if (!COLUMNS.includes(c)) usage(`unknown column ${c} (known: ${COLUMNS.join(', ')})`);
  return o;
}

function usage(err) {
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('//'))
    .map((l) => l.replace(/^\/\/ ?/, ''))
    .join('\n');
  if (err) {
    console.error(`bench: ${err}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

// ---------- processes ----------

function which(cmd) {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir || '.', cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const TIME = which('/usr/bin/time');
const scratch = mkdtempSync(join(tmpdir(), 'tsemu-bench-'));
const running = new Set();
function cleanup() {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

/**
 * Runs cmd once: wall time (process.hrtime around spawn .. exit), peak RSS through /usr/bin/time -f %M
 * when present. The child gets its own process group so a timeout kills everything it started.
 */
function runOnce(cmd, timeoutS) {
  return new Promise((done) => {
    const rssFile = join(scratch, `rss-${process.hrtime.bigint()}`);
    const argv = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...cmd] : cmd;
    const out = [];
    const err = [];
    let timedOut = false;
    const t0 = process.hrtime.bigint();
    let child;
    try {
      child = spawn(argv[0], argv.slice(1), { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      done({ status: 'fail', detail: String(e.message ?? e) });
      return;
    }
    running.add(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutS * 1000);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      running.delete(child.pid);
      done({ status: 'fail', detail: e.message });
    });
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearTimeout(timer);
      running.delete(child.pid);
      let rssKB;
      let exitCode = code;
      if (TIME && existsSync(rssFile)) {
        // GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N"
        // before the %M line when the program did not exit 0.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const last = Number(lines[lines.length - 1]);
        if (Number.isFinite(last)) rssKB = last;
        const sig = /terminated by signal (\d+)/.exec(lines.join('\n'));
        if (sig) signal = `signal ${sig[1]}`;
        rmSync(rssFile, { force: true });
      }
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) done({ status: 'timeout', seconds, detail: `killed after ${timeoutS} s` });
      else if (exitCode !== 0 || signal) {
        const why = signal ? `killed by ${signal}` : `exit status ${exitCode}`;
        // The most telling stderr line: one naming an error (Node's own traces start with a file:line), else the first.
        const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
        const firstErr = lines.find((l) => /error|fault|abort|unimplemented|illegal/i.test(l)) ?? lines[0] ?? '';
        done({ status: 'fail', seconds, rssKB, stdout, detail: `${why}${firstErr ? `: ${firstErr.slice(0, 160)}` : ''}` });
      } else done({ status: 'ok', seconds, rssKB, stdout, stderr });
    });
  });
}

/** Best of `runs`; stops at the first failure, timeout or wrong output (which is then the result). */
async function bestOf(cmd, runs, timeoutS, expected) {
  let best;
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(cmd, timeoutS);
    if (r.status === 'ok' && expected !== undefined && r.stdout.trimEnd() !== expected) {
      const got = r.stdout.trimEnd().split('\n')[0]?.slice(0, 120) ?? '';
      return { ...r, status: 'wrong', detail: `wrong output: got "${got}", expected "${expected}"` };
    }
    if (r.status !== 'ok') return r;
    if (!best || r.seconds < best.seconds) best = { ...r, rssKB: Math.max(r.rssKB ?? 0, best?.rssKB ?? 0) || undefined };
    else if (r.rssKB !== undefined) best.rssKB = Math.max(best.rssKB ?? 0, r.rssKB);
  }
  return best;
}

// ---------- workloads and binaries ----------

function listWorkloads() {
  return readdirSync(join(benchDir, 'workloads'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => basename(f, '.c'))
    .sort();
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** Builds bench/bin/native/<w> with the host compiler when missing or stale. Returns a note on failure. */
function ensureNative(workloads) {
  const cc = process.env.CC || 'cc';
  if (!which(cc)) return { ok: new Set(), note: `native column skipped: no host C compiler (${cc})` };
  const outDir = join(benchDir, 'bin', 'native');
  mkdirSync(outDir, { recursive: true });
  const ok = new Set();
  const failed = [];
  const common = mtime(join(benchDir, 'workloads', 'common.h'));
  for (const w of workloads) {
    const src = join(benchDir, 'workloads', `${w}.c`);
    const out = join(outDir, w);
    if (mtime(out) > Math.max(mtime(src), common)) {
      ok.add(w);
      continue;
    }
    const r = spawnSync(cc, [...NATIVE_CFLAGS, '-o', out, src, '-lm'], { encoding: 'utf8' });
    if (r.status === 0) ok.add(w);
    else failed.push(`${w}: ${(r.stderr || r.error?.message || '').split('\n')[0]}`);
  }
  return { ok, note: failed.length ? `native build failed for ${failed.join('; ')}` : undefined };
}

function splitCmd(s) {
  return s.trim().split(/\s+/).filter(Boolean);
}

function tsemuCmd(arch) {
  const env = process.env[`TSEMU_CMD_${arch.toUpperCase()}`];
  if (env) return { cmd: splitCmd(env), label: env };
  const launcher = join(root, 'bin', `tsemu-${arch}`);
  const generic = join(root, 'bin', 'tsemu');
  const l = existsSync(launcher) ? launcher : generic;
  return { cmd: [process.execPath, l], label: `node bin/${basename(l)}` };
}

// qemu's CPU where its default would run other code than tsemu does: qemu-aarch64's "max" has SVE,
// which static glibc's string functions pick up; cortex-a53 is the ARMv8.0-A tsemu-aarch64 is, and
// the guest tests' oracle (test/helpers/run-guest.ts). qemu-mips and qemu-mipsel keep their default
// o32 CPU, the 24Kf (MIPS32r2 with FPU), which tsemu-mips and tsemu-mipsel model.
const QEMU_ARGS = { aarch64: ['-cpu', 'cortex-a53'] };

function qemuCmd(arch) {
  const env = process.env[`QEMU_CMD_${arch.toUpperCase()}`];
  const cmd = env ? splitCmd(env) : [`qemu-${arch}`, ...(QEMU_ARGS[arch] ?? [])];
  return which(cmd[0]) ? { cmd, label: cmd.join(' ') } : { cmd: undefined, label: cmd.join(' ') };
}

// ---------- formatting ----------

const fmtS = (r) =>
  !r ? '-' : r.status === 'ok' ? r.seconds.toFixed(3) : r.status === 'timeout' ? 'TIMEOUT' : 'FAIL';
const fmtRatio = (x) => (x === undefined ? '-' : x >= 100 ? `${x.toFixed(0)}x` : `${x.toFixed(2)}x`);
const fmtMiB = (r) => (r?.status === 'ok' && r.rssKB ? (r.rssKB / 1024).toFixed(1) : '-');
const ratio = (a, b) => (a?.status === 'ok' && b?.status === 'ok' && b.seconds > 0 ? a.seconds / b.seconds : undefined);

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function geomean(xs) {
  const v = xs.filter((x) => x !== undefined && x > 0);
  return v.length ? Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length) : undefined;
}

function version(cmd) {
  if (!cmd) return undefined;
  const r = spawnSync(cmd[0], ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

// ---------- main ----------

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const expectedPath = join(benchDir, 'expected.json');
  const expected = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : {};
  const all = listWorkloads();
  for (const w of opt.only ?? []) if (!all.includes(w)) usage(`unknown workload ${w} (known: ${all.join(', ')})`);
  const workloads = all.filter((w) => w !== 'hello' && (!opt.only || opt.only.includes(w)));
  const notes = [];

  if (opt.writeExpected) {
    const nat = ensureNative(all);
    if (nat.ok.size !== all.length) usage(`--write-expected needs every native build: ${nat.note ?? ''}`);
    const out = {};
    for (const w of all) {
      const r = await runOnce([join(benchDir, 'bin', 'native', w)], opt.timeout);
      if (r.status !== 'ok') usage(`native ${w} failed: ${r.detail}`);
      out[w] = r.stdout.trimEnd();
    }
    writeFileSync(expectedPath, JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${expectedPath}`);
    return;
  }

  const hasBins = (a) => {
    try {
      return readdirSync(join(benchDir, 'bin', a)).length > 0;
    } catch {
      return false;
    }
  };
  const arches = (opt.arch ?? ARCHES).filter((a) => {
    if (hasBins(a)) return true;
    if (opt.arch) notes.push(`${a}: no binaries in bench/bin/${a}/ (build them with: make -C bench ARCH=${a})`);
    return false;
  });

  let native = { ok: new Set() };
  if (!opt.skip.has('native')) {
    native = ensureNative([...workloads, 'hello']);
    if (native.note) notes.push(native.note);
  }
  if (!TIME) notes.push('peak RSS not measured: /usr/bin/time not found');

  const meta = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cpus: cpus().length,
    runs: opt.runs,
    timeoutSeconds: opt.timeout,
    arches: {},
  };
  console.log(`tsemu bench: best of ${opt.runs} run(s), timeout ${opt.timeout} s, ${meta.cpu ?? 'unknown cpu'} x${meta.cpus}, node ${process.version}`);
  for (const n of notes) console.log(`note: ${n}`);

  const nativeCache = new Map(); // the native column is the same for every arch: measure once
  const measureNative = async (w) => {
    if (opt.skip.has('native') || !native.ok.has(w)) return undefined;
    if (!nativeCache.has(w)) nativeCache.set(w, await bestOf([join(benchDir, 'bin', 'native', w)], opt.runs, opt.timeout, expected[w]));
    return nativeCache.get(w);
  };

  for (const arch of arches) {
    const ts = tsemuCmd(arch);
    const qe = qemuCmd(arch);
    const archNotes = [];
    if (!qe.cmd && !opt.skip.has('qemu')) archNotes.push(`qemu column skipped: ${qe.label} not installed (apt-get install qemu-user)`);
    const tsLabel = opt.skip.has('tsemu') ? 'tsemu skipped' : `tsemu = ${ts.label}`;
    const qeLabel = opt.skip.has('qemu') ? ', qemu skipped' : qe.cmd ? `, qemu = ${qe.label} (${version(qe.cmd) ?? '?'})` : '';
    console.log(`\n== ${arch}: ${tsLabel}${qeLabel}`);
    for (const n of archNotes) console.log(`note: ${n}`);

    const rows = [];
    const results = [];
    const failures = [];
    const guest = (w) => join(benchDir, 'bin', arch, w);
    const runRow = async (w) => {
      const bin = guest(w);
      if (!existsSync(bin)) return { workload: w, missing: true };
      const exp = expected[w];
      const res = { workload: w };
      if (!opt.skip.has('tsemu')) res.tsemu = await bestOf([...ts.cmd, bin], opt.runs, opt.timeout, exp);
      if (!opt.skip.has('qemu') && qe.cmd) res.qemu = await bestOf([...qe.cmd, bin], opt.runs, opt.timeout, exp);
      res.native = await measureNative(w);
      for (const c of COLUMNS) if (res[c] && res[c].status !== 'ok') failures.push(`${w} ${c}: ${res[c].status.toUpperCase()} ${res[c].detail ?? ''}`);
      return res;
    };

    for (const w of workloads) {
      const tty = process.stderr.isTTY;
      if (tty) process.stderr.write(`  running ${arch}/${w} ...\r`);
      const res = await runRow(w);
      if (tty) process.stderr.write(' '.repeat(40) + '\r');
      if (res.missing) {
        console.log(`note: ${w}: no binary bench/bin/${arch}/${w}`);
        continue;
      }
      results.push(res);
    }
    const hello = await runRow('hello');

    const ran = (r) => COLUMNS.filter((c) => r[c]);
    const checksum = (r) => {
      const bad = ran(r).filter((c) => r[c].status !== 'ok');
      if (bad.length) return bad.map((c) => `${c}:${r[c].status === 'wrong' ? 'BAD' : r[c].status.toUpperCase()}`).join(' ');
      return expected[r.workload] === undefined ? 'no-ref' : 'ok';
    };
    const withRss = Boolean(TIME);
    const header = ['workload', 'tsemu s', 'qemu s', 'native s', 'tsemu/qemu', 'qemu/native', 'tsemu/native', 'checksum'];
    if (withRss) header.push('tsemu MiB', 'qemu MiB', 'native MiB');
    for (const r of results) {
      const row = [r.workload, fmtS(r.tsemu), fmtS(r.qemu), fmtS(r.native), fmtRatio(ratio(r.tsemu, r.qemu)),
        fmtRatio(ratio(r.qemu, r.native)), fmtRatio(ratio(r.tsemu, r.native)), checksum(r)];
      if (withRss) row.push(fmtMiB(r.tsemu), fmtMiB(r.qemu), fmtMiB(r.native));
      rows.push(row);
    }
    const gm = {
      tsemuQemu: geomean(results.map((r) => ratio(r.tsemu, r.qemu))),
      qemuNative: geomean(results.map((r) => ratio(r.qemu, r.native))),
      tsemuNative: geomean(results.map((r) => ratio(r.tsemu, r.native))),
      counted: {
        tsemuQemu: results.filter((r) => ratio(r.tsemu, r.qemu) !== undefined).length,
        qemuNative: results.filter((r) => ratio(r.qemu, r.native) !== undefined).length,
        tsemuNative: results.filter((r) => ratio(r.tsemu, r.native) !== undefined).length,
      },
    };
    const gmRow = ['geomean', '', '', '', fmtRatio(gm.tsemuQemu), fmtRatio(gm.qemuNative), fmtRatio(gm.tsemuNative),
      `${results.filter((r) => checksum(r) === 'ok').length}/${results.length} ok`];
    if (withRss) gmRow.push('', '', '');
    rows.push(gmRow);
    if (!hello.missing) {
      const hRow = ['hello (startup)', fmtS(hello.tsemu), fmtS(hello.qemu), fmtS(hello.native), fmtRatio(ratio(hello.tsemu, hello.qemu)),
        fmtRatio(ratio(hello.qemu, hello.native)), fmtRatio(ratio(hello.tsemu, hello.native)), checksum(hello)];
      if (withRss) hRow.push(fmtMiB(hello.tsemu), fmtMiB(hello.qemu), fmtMiB(hello.native));
      rows.push(hRow);
    }
    console.log(table(header, rows));
    const gmCounts = `geomeans over ${gm.counted.tsemuQemu}, ${gm.counted.qemuNative}, ${gm.counted.tsemuNative} workloads where both sides ran correctly`;
    console.log(gmCounts);
    for (const f of failures) console.log(`  ${f}`);

    const strip = (r) => (r ? { status: r.status, seconds: r.seconds, rssKB: r.rssKB, detail: r.detail } : undefined);
    meta.arches[arch] = {
      tsemu: ts.label,
      qemu: qe.cmd ? qe.label : null,
      qemuVersion: version(qe.cmd),
      notes: archNotes,
      workloads: Object.fromEntries(
        results.map((r) => [r.workload, {
          tsemu: strip(r.tsemu), qemu: strip(r.qemu), native: strip(r.native), checksum: checksum(r),
          tsemuQemu: ratio(r.tsemu, r.qemu), qemuNative: ratio(r.qemu, r.native), tsemuNative: ratio(r.tsemu, r.native),
        }]),
      ),
      hello: hello.missing ? null : { tsemu: strip(hello.tsemu), qemu: strip(hello.qemu), native: strip(hello.native) },
      geomean: gm,
    };
  }
  if (!arches.length) console.log('\nno guest binaries found in bench/bin/<arch>/ (make -C bench ARCH=riscv64)');
  meta.notes = notes;
  if (opt.json) {
    writeFileSync(opt.json, JSON.stringify(meta, null, 2) + '\n');
    console.log(`\nwrote ${opt.json}`);
  }
}

main().catch((e) => {
  console.error(`bench: internal error: ${e?.stack ?? e}`);
  process.exit(1);
});
