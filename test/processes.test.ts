// Processes under tsemu (issue 7, part 2): fork, vfork, posix_spawn, execve, wait.
//
// 1. procs' exec mode (test-binaries/src/procs.c) on every guest arch: execve of the program itself
//    through /proc/self/exe, #! scripts, exec errors, descriptors and signals across exec, vfork's
//    shared memory. qemu-user 7.2 cannot be the oracle here (it execs a foreign binary with the host
//    kernel, which fails without binfmt_misc, and runs vfork as fork), so the expected text is what
//    a native build of procs.c prints on Linux.
// 2. execve of another guest arch's program (a static hello of the next arch): the process becomes
//    that arch's tsemu.
// 3. Debian's bash (the sysroots of test/real-programs.test.ts) running scripts with pipelines,
//    subshells, command substitution, traps, background jobs and wait, compared live with qemu-user:
//    stdout and exit status, and stderr with pids and the emulators' own "uncaught target signal"
//    lines taken out.
//
// Every run has a time limit (TSEMU_PROC_TIMEOUT_MS, default 120000): a hang fails its test.
// TSEMU_PROC_ARCHES="arm,mips" limits parts 1 and 2; TSEMU_REAL_ARCHES="armhf,arm64,mipsel" part 3.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { baseEnv, describeDiff, inTempDir, qemuRunner, runCase, spawnWithTimeout, sysrootFor, testBinariesDir, tsemuRunner, type Runner } from './helpers/run-guest.ts';
import { native } from '../src/runtime/native.ts';

const TIMEOUT_MS = Number(process.env.TSEMU_PROC_TIMEOUT_MS) || 120_000;
const onlyArches = process.env.TSEMU_PROC_ARCHES?.split(',').map((s) => s.trim()).filter(Boolean);
const GUESTS = ['riscv64', 'arm', 'armel', 'aarch64', 'mips', 'mipsel'].filter((a) => !onlyArches || onlyArches.includes(a));
/** Whose static hello each arch's procs execs (another tsemu guest each time). */
const OTHER: Record<string, string> = { riscv64: 'arm', arm: 'aarch64', armel: 'mips', aarch64: 'riscv64', mips: 'mipsel', mipsel: 'riscv64' };

/** What `procs exec` prints on Linux (a native x86-64 build of procs.c), exit status 5. */
const EXEC_EXPECTED = `execve of /proc/self/exe's target:
  child argv: [argv0] [echo] [two words] []
  child PROCS_VAR=first, environ has 2 entries
  status: exited 12
execve of /proc/self/exe, empty environment:
  child argv: [argv0] [echo] [two words] []
  child PROCS_VAR=(unset), environ has 0 entries
  status: exited 12
execve keeps fds without O_CLOEXEC, ignored signals and the mask:
  after exec: fd 20 open, fd 21 EBADF
  after exec: SIGUSR1 ignored, SIGUSR2 default, SIGINT blocked 1
  status: exited 0
  read back: written through fd 20
  fd 21's pipe got 0 bytes
  child argv: [argv0] [echo] [from vfork]
  child PROCS_VAR=first, environ has 2 entries
vfork child stored 77 before its exec
  status: exited 12
posix_spawn of /proc/self/exe: 0
  child argv: [argv0] [echo] [spawned]
  child PROCS_VAR=first, environ has 2 entries
  status: exited 12
posix_spawn of a missing program: ENOENT
clone3: forked, parent_tid right 1
  child (8: its child_tid right): exited 8
clone3 with a short struct: -1 EINVAL
#! script:
  via #!: argc 4: [script] [procs-script] [a1]
  status: exited 6
#! script whose interpreter is a script:
  via #!: argc 5: [script] [procs-script] [procs-script2] [b1]
  status: exited 6
missing file: ENOENT
text without #!: ENOEXEC
not executable: EACCES
a directory: EACCES
a path through a file: ENOTDIR
one 200 KiB argument: E2BIG
final image: same pid 1, argc 2
`;

/** hello.static's stdout (test-binaries/src/hello.c). */
const HELLO = `Hello, world!
fmt -17 42 beef Z  3.14|ab    |000123
hello via write(2)
write returned 19
puts line
fputs no newline
`;

function missing(arch: string, binary: string): string | undefined {
  if (!native) return 'the native addon is not built (processes need it)';
  if (!existsSync(join(testBinariesDir, arch, binary))) return `test-binaries/${arch}/${binary} is not built`;
  if (!existsSync(sysrootFor(arch))) return `sysroot ${sysrootFor(arch)} is missing`;
  return undefined;
}

describe('execve, #! scripts and vfork under tsemu (procs exec)', () => {
  for (const arch of GUESTS) {
    const why = missing(arch, 'procs');
    test.skipIf(why !== undefined)(`${arch}: procs exec${why ? ` (skipped: ${why})` : ''}`, async () => {
      const r = await runCase(arch, { name: 'procs-exec', binary: 'procs', args: ['exec'], sysroot: true }, tsemuRunner(arch), { timeoutMs: TIMEOUT_MS });
      const out = r.stdout.toString('utf8');
      if (out !== EXEC_EXPECTED || r.status !== 'exit 5') {
        throw new Error(`${r.argv.join(' ')}\nstatus ${r.status} (expected exit 5)\n${describeDiff(Buffer.from(EXEC_EXPECTED), r.stdout, 'stdout')}\nstderr: ${r.stderr.toString('utf8')}`);
      }
    }, TIMEOUT_MS + 10_000);
  }
});

describe('execve of another guest arch runs its tsemu', () => {
  for (const arch of GUESTS) {
    const other = OTHER[arch];
    const hello = join(testBinariesDir, other, 'hello.static');
    const why = missing(arch, 'procs') ?? (existsSync(hello) ? undefined : `test-binaries/${other}/hello.static is not built`);
    test.skipIf(why !== undefined)(`${arch} -> ${other}${why ? ` (skipped: ${why})` : ''}`, async () => {
      const r = await runCase(arch, { name: 'procs-run', binary: 'procs', args: ['run', hello], sysroot: true }, tsemuRunner(arch), { timeoutMs: TIMEOUT_MS });
      expect(r.stdout.toString('utf8')).toBe(`${HELLO}the other program: exited 0\n`);
      expect(r.status).toBe('exit 0');
    }, TIMEOUT_MS + 10_000);
  }
});

// ---- bash against qemu-user ----------------------------------------------------------------------

interface Target {
  debArch: string;
  arch: string;
  sysroot: string;
}
const TARGETS: Target[] = [
  { debArch: 'armhf', arch: 'arm', sysroot: process.env.TSEMU_ARMHF_SYSROOT || '/opt/tsemu-sysroot-armhf' },
  { debArch: 'arm64', arch: 'aarch64', sysroot: process.env.TSEMU_ARM64_SYSROOT || '/opt/tsemu-sysroot-arm64' },
  { debArch: 'mipsel', arch: 'mipsel', sysroot: process.env.TSEMU_MIPSEL_SYSROOT || '/opt/tsemu-sysroot-mipsel' },
];
const onlyDeb = process.env.TSEMU_REAL_ARCHES?.split(',').map((s) => s.trim()).filter(Boolean);

/** bash -c scripts: each forks, execs or waits in its own way. */
const SCRIPTS: Record<string, string> = {
  pipeline:
    'echo a b c | while read -r x y z; do echo "$z $y $x"; done; printf "%s\\n" one two three | { read -r f; read -r s; echo "$s+$f"; }; ' +
    'set -o pipefail; (exit 2) | (exit 0); echo "pipefail=$?"; true | (exit 5) | true; echo "PIPESTATUS=${PIPESTATUS[*]}"',
  subshell:
    '(echo in sub; exit 3); echo "status $?"; ( (exit 4) ); echo "nested $?"; x=$( (echo deep; exit 2) ); echo "$x $?"; ' +
    'v=outer; (v=inner; echo $v); echo $v; (cd / && pwd); echo "$BASH_SUBSHELL $(echo $BASH_SUBSHELL) $( (echo $BASH_SUBSHELL) )"',
  'command-substitution':
    'a=$(echo hello); b=$(echo $(echo nested $(echo deeper))); echo "$a|$b"; ' +
    'n=$(for i in 1 2 3; do echo $i; done | { s=0; while read -r k; do s=$((s+k)); done; echo $s; }); echo "sum $n"; ' +
    'lines=$(printf "x\\ny\\n\\n\\n"); echo "[$lines]"; read -r x < <(echo process substitution); echo "$x"; ' +
    'exec 3< <(echo on fd 3); read -r y <&3; echo "$y"; exec 3<&-',
  traps:
    'trap "echo got USR1" USR1; kill -USR1 $$; trap "echo got TERM; trap - TERM" TERM; kill -TERM $$; trap - USR1; ' +
    'trap "echo exit trap \\$?" EXIT; (trap "echo sub exit" EXIT; echo in sub); f() { trap "echo RETURN trap" RETURN; echo in f; }; f; ' +
    '(trap "exit 9" USR2; kill -USR2 $BASHPID; echo not reached); echo "trapped exit $?"; echo end; exit 4',
  'background-and-wait':
    'f() { return $1; }; f 3 & a=$!; f 4 & b=$!; wait $a; echo "a=$?"; wait $b; echo "b=$?"; (echo from bg > bg.txt) & wait $!; read -r l < bg.txt; echo "$l"; ' +
    '{ i=0; while ((i < 2000)); do ((i++)); done; exit 6; } & wait $!; echo "loop job $?"; ' +
    '(kill -TERM $BASHPID); echo "killed sub: $?"; wait; echo "all done $?"',
  'exec-programs':
    'echo piped | cat; x=$(cat <<< sub); echo "[$x]"; (exec bash -c \'echo "exec-ed $0 $1"\' name arg); bash -c "exit 7"; echo "child bash $?"; ' +
    'printf "%s\\n" c b a | sort | head -n 2; { echo out; echo err >&2; } 2>&1 | while read -r l; do echo "[$l]"; done',
};

interface Outcome {
  stdout: string;
  stderr: string;
  status: string;
}

/** Runs argv (a path inside the sysroot) under `runner` in a fresh directory, with its own time limit. */
function run(runner: Runner, sysroot: string, argv: string[], tmpPrefix: string): Promise<Outcome> {
  const full = [...runner.command, ...runner.extraArgs, '-L', sysroot, sysroot + argv[0], ...argv.slice(1)];
  return inTempDir(tmpPrefix, async (cwd) => {
    const r = await spawnWithTimeout(full, { cwd, env: { ...baseEnv }, timeoutMs: TIMEOUT_MS });
    return { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), status: r.status };
  });
}

/** stderr without what differs by nature: pids, the sysroot path, the emulator's own death notes. */
function normalizeStderr(s: string, sysroot: string): string {
  return s
    .split('\n')
    .filter((l) => !/^(qemu|tsemu): uncaught target signal/.test(l))
    .join('\n')
    .split(sysroot)
    .join('')
    .replace(/\b\d+ (Killed|Terminated)/g, 'PID $1');
}

for (const t of TARGETS.filter((x) => !onlyDeb || onlyDeb.includes(x.debArch))) {
  const why = !native ? 'the native addon is not built' : !existsSync(join(t.sysroot, 'bin', 'bash')) ? `no ${t.sysroot}/bin/bash (scripts/fetch-debian-sysroot.sh)` : undefined;
  describe(`bash under tsemu-${t.arch} vs qemu-${t.arch} (${t.debArch})`, () => {
    for (const [name, script] of Object.entries(SCRIPTS)) {
      test.skipIf(why !== undefined)(`${name}${why ? ` (skipped: ${why})` : ''}`, async () => {
        const argv = ['/bin/bash', '-c', script];
        const [q, r] = await Promise.all([run(qemuRunner(t.arch), t.sysroot, argv, `tsemu-proc-${name}-`), run(tsemuRunner(t.arch), t.sysroot, argv, `tsemu-proc-${name}-`)]);
        expect(q.status, `qemu itself: ${q.stderr}`).not.toBe('timeout');
        expect(r.stdout, `stderr: ${r.stderr}`).toBe(q.stdout);
        expect(r.status).toBe(q.status);
        expect(normalizeStderr(r.stderr, t.sysroot)).toBe(normalizeStderr(q.stderr, t.sysroot));
      }, 2 * TIMEOUT_MS + 10_000);
    }
  });
}
