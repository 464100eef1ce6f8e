// POSIX per-process timers (timer_create and friends; syscalls/timers.ts) on every guest arch.
//
// test-binaries/src/posix_timers.c checks Linux's documented behaviour itself, one line per check
// ("name: ok" / "name: FAILED", the exit status counting failures), so under tsemu every check must
// pass. qemu-user 7.2, the oracle, gets some of these wrong; its output must still equal tsemu's
// line for line except on the checks listed in QEMU_7_2_WRONG, each with the reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { type GuestCase, qemuRunner, runCase, testBinariesDir, tsemuRunner } from './helpers/run-guest.ts';

const ARCHES = ['arm', 'aarch64', 'riscv64', 'mips', 'mipsel'];
const CASE: GuestCase = { name: 'posix_timers', binary: 'posix_timers', sysroot: true } as GuestCase;

/** Checks (by line prefix) where qemu-user 7.2 is known to differ from Linux, per arch or '*'. */
const QEMU_7_2_WRONG: { arches: string[] | '*'; prefix: string; why: string }[] = [
  {
    arches: '*',
    prefix: 'blocked: ',
    why: 'qemu takes a blocked timer signal into its own queue and its sigtimedwait then asks the host, which has none (EAGAIN)',
  },
  { arches: ['mips', 'mipsel'], prefix: 'one-shot: si_code SI_TIMER', why: 'qemu passes the host SI_TIMER (-2); MIPS numbers it -3' },
  { arches: ['mips', 'mipsel'], prefix: 'absolute CLOCK_REALTIME, no sigevent: SI_TIMER', why: 'as above' },
  { arches: ['mips', 'mipsel'], prefix: 'SIGEV_THREAD', why: "qemu-mips does not deliver glibc's SIGEV_THREAD_ID timer signal to the chosen thread" },
];

function knownWrong(arch: string, line: string): boolean {
  return QEMU_7_2_WRONG.some((w) => (w.arches === '*' || w.arches.includes(arch)) && line.startsWith(w.prefix));
}

const hasQemu = (arch: string) => spawnSync(qemuRunner(arch).command[0]!, ['-version']).status === 0;

describe.each(ARCHES)('POSIX timers (%s)', (arch) => {
  const binary = join(testBinariesDir, arch, CASE.binary);
  const why = !existsSync(binary) ? `${binary} is not built (make -C test-binaries ARCH=${arch})` : undefined;
  test.skipIf(why !== undefined)(`every check passes under tsemu and qemu agrees but where it is known wrong${why ? ` (skipped: ${why})` : ''}`, async () => {
    const r = await runCase(arch, CASE, tsemuRunner(arch), { timeoutMs: 60_000 });
    const lines = r.stdout.toString().split('\n').filter(Boolean);
    const failed = lines.filter((l) => l.endsWith(': FAILED'));
    expect(failed, r.stderr.toString()).toEqual([]);
    expect(r.status).toBe('exit 0');
    // Every check of the program ran (the count is the program's, so a check that vanished fails).
    expect(lines.filter((l) => l.endsWith(': ok')).length).toBeGreaterThanOrEqual(23);
    if (!hasQemu(arch)) return;
    const q = await runCase(arch, CASE, qemuRunner(arch), { timeoutMs: 60_000 });
    const qlines = q.stdout.toString().split('\n').filter(Boolean);
    expect(qlines.length).toBe(lines.length);
    const unexplained = qlines.filter((l, i) => l !== lines[i] && !knownWrong(arch, l));
    expect(unexplained).toEqual([]);
  }, 150_000);
});
