// qemu-user compatibility of the command line: the same options and QEMU_* variables give the guest
// the same argv and environment as qemu-riscv64 does (compared live when qemu is installed), and
// tsemu's own errors are one line with exit status 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { repoRoot } from './helpers/run-guest.ts';

// Each test runs the emulator (some three times); on a loaded 2-core CI machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const tsemu = join(repoRoot, 'bin', 'tsemu-riscv64');
const prog = join(repoRoot, 'test-binaries', 'riscv64', 'argv_env.static');
const haveQemu = spawnSync('qemu-riscv64', ['-version']).status === 0;
const baseEnv = { PATH: '/usr/bin:/bin', LC_ALL: 'C' };

function run(cmd: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd[0], cmd.slice(1), { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const variants: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: '-0 sets argv[0]', args: ['-0', 'renamed'] },
  { name: '-E adds and replaces, -U removes', args: ['-E', 'NEWVAR=1', '-E', 'LC_ALL=POSIX', '-U', 'PATH'] },
  { name: 'QEMU_SET_ENV / QEMU_UNSET_ENV', args: [], env: { QEMU_SET_ENV: 'A=1,B=2', QEMU_UNSET_ENV: 'LC_ALL' } },
  { name: 'QEMU_ARGV0', args: [], env: { QEMU_ARGV0: 'zero' } },
  { name: 'options after the program belong to the guest', args: [], env: {} },
];

describe('command line vs qemu-riscv64', () => {
  for (const v of variants) {
    test.skipIf(!haveQemu)(v.name, () => {
      const guestArgs = v.name.startsWith('options after') ? ['-E', 'X=1', '-strace'] : ['a'];
      const ours = run(['node', tsemu, ...v.args, prog, ...guestArgs], v.env);
      const theirs = run(['qemu-riscv64', ...v.args, prog, ...guestArgs], v.env);
      // QEMU_* variables are visible to the guest under both (qemu does not hide them).
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.status).toBe(theirs.status);
    });
  }
});

describe('arguments and environment that are not UTF-8', () => {
  // Node decodes its argv and environment as UTF-8; the guest must get the bytes as given. The
  // shell makes the bytes (spawn can only pass UTF-8 strings).
  const script = (runner: string) =>
    `A=$(printf 'caf\\351'); B=$(printf '\\377\\376ok'); X=$(printf 'v\\351') exec ${runner} ${prog} "$A" "$B" plain`;
  test.skipIf(!haveQemu)('reach the guest byte for byte, as under qemu', () => {
    const go = (runner: string) => spawnSync('sh', ['-c', script(runner)], { env: baseEnv, timeout: 30_000 });
    const ours = go(`node ${tsemu}`);
    const theirs = go('qemu-riscv64');
    expect(ours.stdout.includes(Buffer.from('[caf\xe9]', 'latin1'))).toBe(true);
    expect(ours.stdout.includes(Buffer.from('X=v\xe9', 'latin1'))).toBe(true);
    expect(ours.stdout.equals(theirs.stdout)).toBe(true);
    expect(ours.status).toBe(theirs.status);
  });
});

describe('errors of our own', () => {
  const oneLine = (r: { status: number | null; stdout: string; stderr: string }, re: RegExp) => {
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines.length, r.stderr).toBe(1);
    expect(lines[0]).toMatch(/^tsemu: /);
    expect(lines[0]).toMatch(re);
  };
  test('unknown option', () => oneLine(run(['node', tsemu, '-nosuchoption', prog]), /nosuchoption/));
  test('no program', () => oneLine(run(['node', tsemu]), /no program/));
  test('unknown -d item', () => oneLine(run(['node', tsemu, '-d', 'bogus', prog]), /bogus/));
  test('bad stack size', () => oneLine(run(['node', tsemu, '-s', 'lots', prog]), /stack size/));
  test.skipIf(!existsSync(prog))('-version and -h exit 0', () => {
    const v = run(['node', tsemu, '-version']);
    expect(v.status).toBe(0);
    expect(v.stdout + v.stderr).toMatch(/tsemu-riscv64 version/);
    expect(run(['node', tsemu, '-h']).status).toBe(0);
  });
  test('-strace names syscalls on stderr and leaves stdout alone', () => {
    const plain = run(['node', tsemu, prog, 'x']);
    const traced = run(['node', tsemu, '-strace', prog, 'x']);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toMatch(/exit_group\(0\)/);
    expect(traced.stderr).toMatch(/write\(1,/);
  });
});

describe('JIT tiers and their logs', () => {
  const loopy = join(repoRoot, 'bench', 'bin', 'riscv64', 'crc32');
  test('-tier picks the tiers; -d jit reports them; all tiers print the same', () => {
    const outs = ['auto', 'block', 'region'].map((tier) => {
      const r = run(['node', tsemu, '-tier', tier, '-d', 'jit', loopy]);
      expect(r.status, r.stderr).toBe(0);
      const m = r.stderr.match(/tsemu jit: tier (\w+);.* (\d+) blocks \(\d+ guest insns\) compiled.*; (\d+) regions \(/);
      expect(m, r.stderr).not.toBeNull();
      const [, name, blocks, regions] = m!;
      expect(name).toBe(tier);
      if (tier === 'block') expect(Number(regions)).toBe(0);
      else expect(Number(regions)).toBeGreaterThan(0);
      if (tier === 'region') expect(Number(blocks)).toBe(0);
      return r.stdout;
    });
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });
  test('TSEMU_TIER is the default of -tier', () => {
    const r = run(['node', tsemu, '-d', 'jit', prog], { TSEMU_TIER: 'block' });
    expect(r.stderr).toMatch(/tier block;/);
  });
  test('-d out_asm shows region code with its loops (JS regions)', () => {
    const r = run(['node', tsemu, '-regions', 'js', '-d', 'out_asm', loopy]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^OUT: region 0x[0-9a-f]+ \[blocks=\d+ loops=[1-9]\d* /m);
    expect(r.stderr).toMatch(/L\d+: for \(;;\) \{/);
  });
  test('-d out_asm shows region code with its loops (WebAssembly regions, the default)', () => {
    const r = run(['node', tsemu, '-d', 'out_asm,jit', loopy]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^OUT: region 0x[0-9a-f]+ wasm \[blocks=\d+ loops=[1-9]\d* /m);
    expect(r.stderr).toMatch(/^ +loop\n +i32\.const 0\n +i32\.load offset=0x[0-9a-f]+\n +if$/m); // a loop header polls the IRQ word
    const m = r.stderr.match(/(\d+) regions \((\d+) wasm;/);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBe(Number(m![1]));
  });
  test('-regions js and TSEMU_REGIONS: no WebAssembly regions, same output', () => {
    const wasm = run(['node', tsemu, '-tier', 'region', '-d', 'jit', loopy]);
    const js = run(['node', tsemu, '-tier', 'region', '-regions', 'js', '-d', 'jit', loopy]);
    const env = run(['node', tsemu, '-tier', 'region', '-d', 'jit', loopy], { TSEMU_REGIONS: 'js' });
    expect(js.stdout).toBe(wasm.stdout);
    expect(env.stdout).toBe(wasm.stdout);
    expect(wasm.stderr).toMatch(/ regions \([1-9]\d* wasm;/);
    expect(js.stderr).toMatch(/ regions \(0 wasm;/);
    expect(env.stderr).toMatch(/ regions \(0 wasm;/);
  });
  test('unknown region backend', () => {
    const r = run(['node', tsemu, '-regions', 'asmjs', prog]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tsemu: unknown -regions 'asmjs'/);
  });
  test('unknown tier', () => {
    const r = run(['node', tsemu, '-tier', 'warp', prog]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tsemu: unknown -tier 'warp'/);
  });
});
