// Go programs under tsemu (issue 7, part 5): Debian's golang-go cross-compiles test-binaries/go/*.go
// (CGO_ENABLED=0, static) for arm (GOARM=7), arm64, riscv64, mips and mipsle at test time, into a
// cache directory keyed by the sources and the Go version (the binaries are 2 MB each and are not
// committed). Each program runs under qemu-<arch> and under tsemu with a time limit (a hang fails
// the test) and must print the same stdout and stderr and end the same way.
//
// - goroutines.go: goroutines, channels, select, mutexes, condition variables, timers and tickers,
//   ~400 MB of garbage and runtime.GC(), a recovered nil dereference (SIGSEGV -> runtime panic),
//   against qemu-user; with the argument "panic", an unrecovered panic (exit status 2, the message
//   on stderr; GOTRACEBACK=none keeps goroutine dumps and addresses out).
// - exec.go: os/exec of /proc/self/exe (pipes, a child's 1 MiB of output read while the parent
//   waits, a pipeline, a child that panics, one killed by SIGKILL, a missing program). qemu-user
//   cannot be the oracle (it execs the guest binary with the host kernel, which fails without
//   binfmt_misc), so the expected output is what the same program prints built for the host.
//
// Environment: TSEMU_GO (the go command, default `go`), TSEMU_GO_ARCHES="arm,mips" (guest arches),
// TSEMU_GO_TIMEOUT_MS (per run, default 180000), TSEMU_GO_CACHE (the build cache directory).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { baseEnv, describeDiff, inTempDir, qemuRunner, spawnWithTimeout, testBinariesDir, tsemuRunner, type Runner } from './helpers/run-guest.ts';
import { native } from '../src/runtime/native.ts';

const TIMEOUT_MS = Number(process.env.TSEMU_GO_TIMEOUT_MS) || 180_000;
const GO = process.env.TSEMU_GO || 'go';
const SOURCES_DIR = join(testBinariesDir, 'go');
const PROGRAMS = ['goroutines', 'exec'];
/** tsemu's guest arch -> Go's GOARCH (and its variable for the ISA level). */
const GOARCH: Record<string, Record<string, string>> = {
  arm: { GOARCH: 'arm', GOARM: '7' },
  aarch64: { GOARCH: 'arm64' },
  riscv64: { GOARCH: 'riscv64' },
  mips: { GOARCH: 'mips', GOMIPS: 'hardfloat' },
  mipsel: { GOARCH: 'mipsle', GOMIPS: 'hardfloat' },
};
const onlyArches = process.env.TSEMU_GO_ARCHES?.split(',').map((s) => s.trim()).filter(Boolean);
const ARCHES = Object.keys(GOARCH).filter((a) => !onlyArches || onlyArches.includes(a));

const goVersion = ((): string | undefined => {
  const r = spawnSync(GO, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();

/** Why nothing here can run, or undefined. */
const whyNot = !goVersion
  ? `no Go toolchain (\`${GO} version\` failed; apt-get install golang-go)`
  : !native
    ? 'the native addon is not built (epoll, pipes and processes need it)'
    : undefined;

const cacheRoot = process.env.TSEMU_GO_CACHE || join(tmpdir(), 'tsemu-go-tests');

/** The directory for one target's binaries: keyed by the sources, the Go version and the target. */
function binDir(target: string): string {
  const h = createHash('sha256').update(goVersion ?? '').update(target);
  for (const f of readdirSync(SOURCES_DIR).filter((n) => n.endsWith('.go')).sort()) h.update(f).update(readFileSync(join(SOURCES_DIR, f)));
  return join(cacheRoot, `${target}-${h.digest('hex').slice(0, 16)}`);
}

interface Outcome {
  stdout: Buffer;
  stderr: Buffer;
  status: string;
}

/** Runs argv with the fixed guest environment (plus `env`) in a fresh directory, killing it (and its children) after TIMEOUT_MS. */
function run(argv: string[], env: Record<string, string> = {}, timeoutMs = TIMEOUT_MS): Promise<Outcome> {
  return inTempDir('tsemu-go-run-', (cwd) => spawnWithTimeout(argv, { cwd, env: { ...baseEnv, ...env }, timeoutMs }));
}

/**
 * Builds every program for one target (GOARCH... variables; {} is the host) unless the cache has
 * them; returns the directory. A failed build throws with go's output.
 */
async function build(target: string, goEnv: Record<string, string>): Promise<string> {
  const dir = binDir(target);
  if (PROGRAMS.every((p) => existsSync(join(dir, p)))) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, `build-${target}-`));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: staging,
    GOCACHE: join(cacheRoot, 'gocache'),
    GOPATH: join(cacheRoot, 'gopath'),
    GOFLAGS: '-trimpath',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'auto',
    CGO_ENABLED: '0',
    ...goEnv,
  };
  try {
    for (const p of PROGRAMS) {
      const r = await new Promise<{ code: number | null; text: string }>((resolve) => {
        const c = spawn(GO, ['build', '-o', join(staging, p), join(SOURCES_DIR, `${p}.go`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        c.stdout.on('data', (b: Buffer) => (text += b.toString()));
        c.stderr.on('data', (b: Buffer) => (text += b.toString()));
        c.on('error', (e) => resolve({ code: -1, text: e.message }));
        c.on('close', (code) => resolve({ code, text }));
      });
      if (r.code !== 0) throw new Error(`go build of ${p}.go for ${target} failed:\n${r.text}`);
    }
    // Another run may have built the same directory meanwhile: either copy is fine.
    try {
      renameSync(staging, dir);
    } catch {
      if (!PROGRAMS.every((p) => existsSync(join(dir, p)))) throw new Error(`could not move ${staging} to ${dir}`);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

function command(runner: Runner, binary: string, args: string[]): string[] {
  return [...runner.command, ...runner.extraArgs, binary, ...args];
}

/** Fails with both runs' details unless tsemu did what the oracle did. */
function expectSame(what: string, oracle: Outcome, got: Outcome, compareStderr: boolean): void {
  const problems: string[] = [];
  if (!got.stdout.equals(oracle.stdout)) problems.push(describeDiff(oracle.stdout, got.stdout, 'stdout'));
  if (compareStderr && !got.stderr.equals(oracle.stderr)) problems.push(describeDiff(oracle.stderr, got.stderr, 'stderr'));
  if (got.status !== oracle.status) problems.push(`status ${got.status}, expected ${oracle.status}`);
  if (problems.length) throw new Error(`${what}\n${problems.join('\n')}\ntsemu's stderr:\n${got.stderr.toString('utf8').slice(0, 4000)}`);
}

describe.skipIf(whyNot !== undefined)(`Go programs${whyNot ? ` (skipped: ${whyNot})` : ''}`, () => {
  /** exec.go built for the host and what it prints there: the oracle for os/exec. */
  let hostExec: Outcome;
  beforeAll(async () => {
    const dir = await build('host', {});
    hostExec = await run([join(dir, 'exec')]);
  }, TIMEOUT_MS);

  test('the host build of exec.go passes its own checks', () => {
    expect(hostExec.status, hostExec.stderr.toString('utf8')).toBe('exit 0');
    expect(hostExec.stdout.toString('utf8')).toContain('big: 1048515 bytes');
    expect(hostExec.stdout.toString('utf8')).toContain('kill: signal: killed');
  });

  for (const arch of ARCHES) {
    describe(`${arch} (GOARCH=${GOARCH[arch]!.GOARCH})`, () => {
      let dir = '';
      beforeAll(async () => {
        dir = await build(arch, GOARCH[arch]!);
      }, TIMEOUT_MS);

      test('goroutines, channels, mutexes, timers, GC, recovered nil dereference: as qemu', async () => {
        const bin = join(dir, 'goroutines');
        const [q, t] = await Promise.all([run(command(qemuRunner(arch), bin, [])), run(command(tsemuRunner(arch), bin, []))]);
        expect(q.status, `qemu itself: ${q.stderr.toString('utf8')}`).toBe('exit 0');
        expectSame(`goroutines under tsemu-${arch}`, q, t, true);
      }, 2 * TIMEOUT_MS);

      test('an unrecovered panic: exit status 2 and the message on stderr, as qemu', async () => {
        const bin = join(dir, 'goroutines');
        const env = { GOTRACEBACK: 'none' };
        const [q, t] = await Promise.all([run(command(qemuRunner(arch), bin, ['panic']), env), run(command(tsemuRunner(arch), bin, ['panic']), env)]);
        expect(q.status).toBe('exit 2');
        expectSame(`goroutines panic under tsemu-${arch}`, q, t, true);
      }, 2 * TIMEOUT_MS);

      test('os/exec of /proc/self/exe: as the host build', async () => {
        const t = await run(command(tsemuRunner(arch), join(dir, 'exec'), []));
        expectSame(`exec under tsemu-${arch}`, hostExec, t, true);
      }, 2 * TIMEOUT_MS);
    });
  }
});
