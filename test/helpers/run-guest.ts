// Runs one case of test-binaries/cases.json under an emulator command, the same way for the oracle
// (scripts/regen-expected.mjs runs it under qemu-riscv64) and for tsemu (test/guest-programs.test.ts).
// This file is the single definition of how a guest program is run: environment, cwd, argv, stdin,
// timeout. It imports only node builtins so that the regen script can load it through esbuild.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testBinariesDir = join(repoRoot, 'test-binaries');

/** Debian cross sysroots (`-L`) for the dynamic binaries, per guest arch. */
export const sysroots: Record<string, string> = {
  riscv64: '/usr/riscv64-linux-gnu',
  aarch64: '/usr/aarch64-linux-gnu',
  arm: '/usr/arm-linux-gnueabihf',
  armel: '/usr/arm-linux-gnueabi',
  mips: '/usr/mips-linux-gnu',
  mipsel: '/usr/mipsel-linux-gnu',
};

/** The sysroot for an arch; TSEMU_SYSROOT_<ARCH> overrides the Debian default. */
export function sysrootFor(arch: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`TSEMU_SYSROOT_${arch.toUpperCase()}`] || sysroots[arch] || `/usr/${arch}-linux-gnu`;
}

/** Debian package that provides each sysroot, for skip messages. */
export const sysrootPackages: Record<string, string> = {
  riscv64: 'libc6-riscv64-cross',
  aarch64: 'libc6-arm64-cross',
  arm: 'libc6-armhf-cross libstdc++6-armhf-cross',
  armel: 'libc6-armel-cross libstdc++6-armel-cross',
  mips: 'libc6-mips-cross libstdc++6-mips-cross',
  mipsel: 'libc6-mipsel-cross libstdc++6-mipsel-cross',
};

/**
 * Test-binary directories that are not an emulator of their own: armel (soft-float EABI) programs
 * run under tsemu-arm and qemu-arm like armhf ones, with their own sysroot.
 */
export const emulatorArch = (arch: string): string => (arch === 'armel' ? 'arm' : arch);

/**
 * The oracle's options per emulator. qemu-arm's default CPU is an ARMv8 ("max": AT_PLATFORM v8l,
 * the AArch32 crypto extensions in AT_HWCAP2); tsemu-arm is an ARMv7-A, so the oracle runs as one
 * too, and programs that choose code by AT_HWCAP take the same path under both.
 * qemu-aarch64's default "max" has SVE, which glibc's string functions would use; cortex-a53 is an
 * ARMv8.0-A with FP, AdvSIMD, crypto and CRC32 like tsemu-aarch64. One difference remains:
 * tsemu-aarch64 also advertises the LSE atomics (HWCAP_ATOMICS), so libgcc's outline atomic
 * helpers take their LSE path under tsemu and their LL/SC path under the oracle (same results; no
 * test program prints AT_HWCAP).
 * qemu-mips and qemu-mipsel keep their default CPU for o32 programs with legacy NaN encoding (all of
 * Debian's): the 24Kf, a MIPS32r2 with FPU (legacy NaN, no DSP or MSA), which is what
 * tsemu-mips and tsemu-mipsel model, so they get no -cpu.
 */
export const oracleArgs: Record<string, string[]> = { arm: ['-cpu', 'cortex-a15'], aarch64: ['-cpu', 'cortex-a53'] };

export interface GuestCase {
  /** Unique name; its expected results are the entry of that name in test-binaries/<arch>/expected.json. */
  name: string;
  /** File name inside test-binaries/<arch>/. */
  binary: string;
  /** Guest arguments after argv[0]; the placeholder {tmpdir} becomes the run's private temp dir. */
  args?: string[];
  /** Text given on stdin (always a pipe; empty when absent). */
  stdin?: string;
  /** Variables added to the fixed environment ({tmpdir} is substituted here too). */
  env?: Record<string, string>;
  /** Dynamic binary: run with -L <sysroot>. */
  sysroot: boolean;
  /** Compare stderr bytes too (only where the guest alone writes stderr and exits normally). */
  stderr?: boolean;
  /** Restrict to these guest arches (default: every arch that has the binary). */
  arches?: string[];
  /** Free-form note. */
  note?: string;
}

export interface CasesFile {
  cases: GuestCase[];
}

export function loadCases(): GuestCase[] {
  const file = JSON.parse(readFileSync(join(testBinariesDir, 'cases.json'), 'utf8')) as CasesFile;
  const seen = new Set<string>();
  for (const c of file.cases) {
    if (seen.has(c.name)) throw new Error(`cases.json: duplicate case name ${c.name}`);
    if (!/^[A-Za-z0-9_.+-]+$/.test(c.name)) throw new Error(`cases.json: bad case name ${c.name}`);
    seen.add(c.name);
  }
  return file.cases;
}

/** Cases that apply to an arch: listed for it and whose binary is built for it. */
export function casesForArch(arch: string): GuestCase[] {
  return loadCases().filter(
    (c) => (!c.arches || c.arches.includes(arch)) && existsSync(join(testBinariesDir, arch, c.binary)),
  );
}

/**
 * The fixed environment every guest gets (plus the case's additions). Nothing from the caller's
 * environment leaks in, so argv_env and friends print the same under every runner.
 */
export const baseEnv: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/nonexistent-home',
  LC_ALL: 'C',
  TSEMU_GUEST_TEST: '1',
});

export interface Runner {
  /** argv prefix: the emulator command and its own leading arguments. */
  command: string[];
  /** Extra emulator options placed after `command` and before `-L`. */
  extraArgs: string[];
}

export interface RunResult {
  stdout: Buffer;
  stderr: Buffer;
  /** `exit N` or `signal SIGNAME` (or `timeout` / `error ...` when the run itself failed). */
  status: string;
  timedOut: boolean;
  argv: string[];
  durationMs: number;
}

/** Splits a command line on whitespace (no quoting: paths with spaces are not supported here). */
export function splitCommand(s: string): string[] {
  return s.trim().split(/\s+/).filter((x) => x.length > 0);
}

/**
 * The tsemu command under test. TSEMU_RISCV64 (or TSEMU_<ARCH>) overrides the default
 * `node bin/tsemu-<arch>`; TSEMU_ARGS adds emulator options (e.g. to force a JIT tier).
 */
export function tsemuRunner(arch: string, env: NodeJS.ProcessEnv = process.env): Runner {
  const override = env[`TSEMU_${arch.toUpperCase()}`];
  const command = override && override.trim() ? splitCommand(override) : [process.execPath, join(repoRoot, 'bin', `tsemu-${emulatorArch(arch)}`)];
  const extraArgs = env.TSEMU_ARGS ? splitCommand(env.TSEMU_ARGS) : [];
  return { command, extraArgs };
}

/** The oracle: qemu-<arch> from PATH (TSEMU_ORACLE_<ARCH> points at another build). */
export function qemuRunner(arch: string, env: NodeJS.ProcessEnv = process.env): Runner {
  const override = env[`TSEMU_ORACLE_${arch.toUpperCase()}`];
  const emu = emulatorArch(arch);
  return { command: override ? splitCommand(override) : [`qemu-${emu}`, ...(oracleArgs[emu] ?? [])], extraArgs: [] };
}

export function statusString(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal ${signal}`;
  return `exit ${code ?? -1}`;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface SpawnResult {
  stdout: Buffer;
  stderr: Buffer;
  /** `exit N` or `signal SIGNAME`; `timeout` when it was killed for its time, `error ...` when it could not be started. */
  status: string;
  timedOut: boolean;
}

/**
 * Runs argv[0] with the rest as arguments in `cwd` with exactly `env`, `stdin` on a pipe (an exit
 * without reading it is no error), collecting stdout and stderr. The child leads its own process
 * group: after `timeoutMs` the whole group (forked guests too) is killed with SIGKILL.
 */
export function spawnWithTimeout(
  argv: readonly string[],
  opts: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<SpawnResult> {
  return new Promise<SpawnResult>((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const finish = (status: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status: timedOut ? 'timeout' : status, timedOut });
    };
    const [cmd, ...rest] = argv;
    const child = spawn(cmd!, rest, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish(`error ${e.message}`));
    child.on('close', (code, signal) => finish(statusString(code, signal)));
    child.stdin.on('error', () => {
      // the guest may exit without reading its stdin (EPIPE): ignore
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Runs `fn` with a fresh private directory (its real path: /tmp may be a symlink), removed afterwards. */
export async function inTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  try {
    return await fn(dir);
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a guest may leave a read-only tree; not our failure to report
    }
  }
}

/** Runs one case: fresh temp dir as cwd, fixed env, stdin from the case, a hard timeout. */
export function runCase(
  arch: string,
  c: GuestCase,
  runner: Runner,
  opts: { timeoutMs?: number } = {},
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return inTempDir(`tsemu-guest-${c.name}-`, async (work) => {
    const binary = join(testBinariesDir, arch, c.binary);
    const args = (c.args ?? []).map((a) => a.split('{tmpdir}').join(work));
    const argv = [
      ...runner.command,
      ...runner.extraArgs,
      ...(c.sysroot ? ['-L', sysrootFor(arch)] : []),
      binary,
      ...args,
    ];
    const env: Record<string, string> = { ...baseEnv };
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = v.split('{tmpdir}').join(work);
    const started = Date.now();
    const r = await spawnWithTimeout(argv, { cwd: work, env, stdin: c.stdin ?? '', timeoutMs });
    return { ...r, argv, durationMs: Date.now() - started };
  });
}

/**
 * The oracle's results for one arch, in one file (test-binaries/<arch>/expected.json): one small
 * file per case and stream would take a file-system block each, several times their bytes.
 */
export function expectedFile(arch: string): string {
  return join(testBinariesDir, arch, 'expected.json');
}

/** What the oracle printed and how it ended, for one case. */
export interface Expected {
  /** "exit N" or "signal SIGNAME". */
  status: string;
  stdout: Buffer;
  /** Only for cases that compare stderr. */
  stderr?: Buffer;
}

/** Output stored as text when it is valid UTF-8 (readable diffs), else as base64 ("b64:" prefix). */
function encodeOutput(b: Buffer): string {
  const text = b.toString('utf8');
  return Buffer.from(text, 'utf8').equals(b) && !text.startsWith('b64:') ? text : 'b64:' + b.toString('base64');
}
function decodeOutput(s: string): Buffer {
  return s.startsWith('b64:') ? Buffer.from(s.slice(4), 'base64') : Buffer.from(s, 'utf8');
}

/** Every case's expected results of an arch (an empty map if the file does not exist). */
export function readExpected(arch: string): Map<string, Expected> {
  const file = expectedFile(arch);
  const out = new Map<string, Expected>();
  if (!existsSync(file)) return out;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredExpected>;
  for (const [name, e] of Object.entries(raw)) {
    const stdout = e.stdoutOf !== undefined ? raw[e.stdoutOf]?.stdout : e.stdout;
    if (stdout === undefined) throw new Error(`${file}: ${name}: no stdout (stdoutOf ${e.stdoutOf})`);
    out.set(name, { status: e.status, stdout: decodeOutput(stdout), ...(e.stderr !== undefined ? { stderr: decodeOutput(e.stderr) } : {}) });
  }
  return out;
}

/**
 * A case in expected.json. A long stdout identical to an earlier case's (a program's A32 and Thumb
 * builds) is stored once: `stdoutOf` names the case that holds it.
 */
interface StoredExpected {
  status: string;
  stdout?: string;
  stdoutOf?: string;
  stderr?: string;
}
/** Outputs at least this long are stored once per file. */
const SHARED_STDOUT_MIN = 4096;

/** Writes an arch's expected results, cases in name order (stable diffs). */
export function writeExpected(arch: string, results: Map<string, Expected>): void {
  const obj: Record<string, StoredExpected> = {};
  const holder = new Map<string, string>();
  for (const name of [...results.keys()].sort()) {
    const e = results.get(name)!;
    const stdout = encodeOutput(e.stdout);
    const first = stdout.length >= SHARED_STDOUT_MIN ? holder.get(stdout) : undefined;
    if (first === undefined && stdout.length >= SHARED_STDOUT_MIN) holder.set(stdout, name);
    obj[name] = { status: e.status, ...(first !== undefined ? { stdoutOf: first } : { stdout }), ...(e.stderr ? { stderr: encodeOutput(e.stderr) } : {}) };
  }
  writeFileSync(expectedFile(arch), JSON.stringify(obj, null, 1) + '\n');
}

/** Readable first difference between two outputs, with a few lines of context. */
export function describeDiff(expected: Buffer, actual: Buffer, label: string): string {
  if (expected.equals(actual)) return '';
  const e = expected.toString('latin1').split('\n');
  const a = actual.toString('latin1').split('\n');
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const lines: string[] = [
    `${label} differs: expected ${expected.length} bytes / ${e.length} lines, got ${actual.length} bytes / ${a.length} lines; first difference at line ${i + 1}`,
  ];
  const from = Math.max(0, i - 3);
  for (let k = from; k < i; k++) lines.push(`  ${k + 1}   ${show(e[k]!)}`);
  for (let k = i; k < Math.min(e.length, i + 4); k++) lines.push(`  ${k + 1} - ${show(e[k]!)}`);
  for (let k = i; k < Math.min(a.length, i + 4); k++) lines.push(`  ${k + 1} + ${show(a[k]!)}`);
  return lines.join('\n');
}

function show(line: string): string {
  const s = JSON.stringify(line);
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}
