// A64 AdvSIMD (simd-*.ts) against qemu-aarch64 -cpu cortex-a53, instruction by instruction.
//
// Random encodings of every AdvSIMD row (integer, permute, copy, immediates, shifts, by element,
// structure loads/stores, crypto) are gathered into a generated probe program: for each case it
// loads v0-v31 and x0-x30 from a table (vectors of random and edge lanes; base registers of
// loads/stores point into a per-case data buffer), clears FPSR, runs the instruction, and stores
// v0-v31, x0-x30 and FPSR. qemu runs the program; here each instruction is lifted alone by
// translateBlock and run from the same state compiled (tier 1), interpreted and optimized. The
// register files, FPSR (QC) and the data buffers must match qemu's.
//
// Then whole programs: test/fixtures/aarch64-simd/neonprobe.c (arm_neon.h intrinsics with QC,
// loops GCC -O3 vectorizes, AES/SHA-1/SHA-256/PMULL known answers and random inputs, structure
// loads/stores, glibc's SIMD string functions), dynamic and static, must print what qemu prints
// under the tiers. Skipped without the cross toolchain or qemu-aarch64. Last, structure loads that
// fault part-way leave every register as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { makeAarch64 } from '../src/arch/aarch64/index.ts';
import { simdRows } from '../src/arch/aarch64/simd.ts';
import { simdLsRows } from '../src/arch/aarch64/simd-ls.ts';
import { SLOT_FPSR, STATE_WORDS, vslot, xslot } from '../src/arch/aarch64/state.ts';
import { decodeA64, formatInsn, translateBlock } from '../src/arch/aarch64/translate.ts';
import { CpuState } from '../src/arch/types.ts';
import type { IRBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { prng } from './helpers/prng.ts';
import { haveCommand } from './helpers/have.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSEMU = join(root, 'bin/tsemu-aarch64');
const SYSROOT = '/usr/aarch64-linux-gnu';
const HAVE = haveCommand('aarch64-linux-gnu-gcc') && haveCommand('qemu-aarch64');

const CASES_PER_ROW = Number(process.env.A64_SIMD_CASES ?? 12);
const IN_BYTES = 768; // v0-v31 (512), x0-x30 (248), pad
const OUT_BYTES = 768; // v0-v31, x0-x30, FPSR
const BUF_BYTES = 256; // data a load/store's base register points into
const DATA_BASE = 0x20000000; // where the probe's .data is linked: the buffers first
const CODE = 0x10000;

interface Case {
  insn: number;
  input: Uint8Array; // IN_BYTES
  buf: Uint8Array; // BUF_BYTES
}

const lsRowSet = new Set(simdLsRows);
const myRows = new Set(simdRows);

/** 16 bytes of a vector register: random, or elements of a random size with edge values mixed in. */
function vector(r: ReturnType<typeof prng>): Uint8Array {
  const v = new Uint8Array(16);
  for (let i = 0; i < 16; i++) v[i] = r.u32() & 0xff;
  if (r.chance(3)) return v;
  const eb = [1, 2, 4, 8][r.int(4)]!;
  for (let e = 0; e < 16; e += eb) {
    if (!r.chance(2)) continue;
    const kind = r.int(6);
    for (let k = 0; k < eb; k++) {
      const top = k === eb - 1;
      v[e + k] = kind === 0 ? 0 : kind === 1 ? 0xff : kind === 2 ? (top ? 0x80 : 0) : kind === 3 ? (top ? 0x7f : 0xff) : kind === 4 ? (k === 0 ? 1 : 0) : (k === 0 ? r.int(70) : 0);
    }
  }
  return v;
}

function makeCases(seed: number): Case[] {
  const r = prng(seed);
  const cases: Case[] = [];
  for (const rowDef of simdRows) {
    let made = 0;
    for (let tries = 0; made < CASES_PER_ROW && tries < CASES_PER_ROW * 50; tries++) {
      let insn = ((r.u32() & ~rowDef.mask) | rowDef.match) >>> 0;
      const ls = lsRowSet.has(rowDef);
      // SP is the probe's output pointer: loads/stores use another base
      if (ls && (insn & 0x3e0) === 0x3e0) insn = (insn & ~0x3e0) | (r.int(31) << 5);
      const d = decodeA64(insn);
      if (!d.row || !myRows.has(d.row) || d.row !== rowDef) continue;
      const input = new Uint8Array(IN_BYTES);
      for (let n = 0; n < 32; n++) input.set(vector(r), 16 * n);
      const dv = new DataView(input.buffer);
      for (let n = 0; n < 31; n++) dv.setBigUint64(512 + 8 * n, BigInt(r.u32()) << 32n | BigInt(r.u32()), true);
      const buf = new Uint8Array(BUF_BYTES);
      for (let i = 0; i < BUF_BYTES; i++) buf[i] = r.u32() & 0xff;
      if (ls) {
        const rn = (insn >>> 5) & 31, rm = (insn >>> 16) & 31;
        const at = DATA_BASE + cases.length * BUF_BYTES + 64 + r.int(32);
        if (rm !== rn && (insn & (1 << 23))) dv.setBigInt64(512 + 8 * rm, BigInt(r.int(64) - 32), true);
        dv.setBigUint64(512 + 8 * rn, BigInt(at), true);
      }
      cases.push({ insn, input, buf });
      made++;
    }
  }
  return cases;
}

/** The probe program: for case k, load state k, run its instruction, store state k. */
function probeSource(cases: Case[]): string {
  const s: string[] = ['.data', '.balign 16', 'bufs:'];
  for (const c of cases) s.push(`.byte ${Array.from(c.buf).join(',')}`);
  s.push('.balign 16', 'inputs:');
  for (const c of cases) s.push(`.byte ${Array.from(c.input).join(',')}`);
  s.push('.bss', '.balign 16', 'outputs:', `.skip ${cases.length * OUT_BYTES}`);
  s.push('.text', '.globl _start', '_start:');
  cases.forEach((c, k) => {
    s.push(`ldr x0, =inputs + ${k * IN_BYTES}`, `ldr x1, =outputs + ${k * OUT_BYTES}`, 'mov sp, x1');
    for (let n = 0; n < 32; n += 2) s.push(`ldp q${n}, q${n + 1}, [x0, #${16 * n}]`);
    s.push('msr fpsr, xzr', 'add x0, x0, #512');
    for (let n = 1; n < 31; n += 2) s.push(n === 29 ? `ldp x29, x30, [x0, #${8 * 29}]` : `ldp x${n}, x${n + 1}, [x0, #${8 * n}]`);
    s.push('ldr x0, [x0]', `.inst 0x${c.insn.toString(16)}`);
    for (let n = 0; n < 32; n += 2) s.push(`stp q${n}, q${n + 1}, [sp, #${16 * n}]`);
    s.push('add sp, sp, #512');
    for (let n = 0; n < 30; n += 2) s.push(`stp x${n}, x${n + 1}, [sp, #${8 * n}]`);
    s.push('str x30, [sp, #240]', 'mrs x0, fpsr', 'str x0, [sp, #248]');
    if (k % 64 === 63) s.push('b 1f', '.ltorg', '1:');
  });
  s.push('mov x0, #1', 'ldr x1, =outputs', `ldr x2, =${cases.length * OUT_BYTES}`, 'mov x8, #64', 'svc #0');
  s.push('mov x0, #1', 'ldr x1, =bufs', `ldr x2, =${cases.length * BUF_BYTES}`, 'mov x8, #64', 'svc #0');
  s.push('mov x0, #0', 'mov x8, #93', 'svc #0', '.ltorg');
  return s.join('\n') + '\n';
}

function runQemu(cases: Case[], dir: string): Uint8Array {
  const src = join(dir, 'probe.S'), exe = join(dir, 'probe');
  writeFileSync(src, probeSource(cases));
  execFileSync('aarch64-linux-gnu-gcc', ['-nostdlib', '-static', '-march=armv8-a+crypto', `-Wl,-Tdata=0x${DATA_BASE.toString(16)}`, '-o', exe, src]);
  const out = execFileSync('qemu-aarch64', ['-cpu', 'cortex-a53', exe], { maxBuffer: 1 << 30 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

// ---- running one instruction here ---------------------------------------------------------------

const mem = new GuestMemory(true);
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
const arch = makeAarch64();
const H: Record<string, unknown> = { ...makeHelpers(mem, ret), ...arch.makeHelpers(cpu, mem, ret), noteJump: (_b: number, t: number) => t, jumpMiss: (_e: number, _f: number, t: number) => t };
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);

type Engine = 'js' | 'interp';
function run(block: IRBlock, engine: Engine): string {
  try {
    if (engine === 'interp') interpretBlock(block, cpu, mem, H, ret, false);
    else {
      const factory = new Function(...FACTORY_PARAMS, generateJs(block, { littleEndian: true })) as (...a: unknown[]) => () => number;
      factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, new Int32Array(1))();
    }
    return '';
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

/** State after running case k here, in the probe's output layout, plus the data buffer. */
function emulate(c: Case, k: number, block: IRBlock, engine: Engine): { out: Uint8Array; buf: Uint8Array; err: string } {
  cpu.R.fill(0);
  const iv = new DataView(c.input.buffer);
  for (let n = 0; n < 32; n++) for (let w = 0; w < 4; w++) cpu.R[vslot(n) + w] = iv.getInt32(16 * n + 4 * w, true);
  for (let n = 0; n < 31; n++) for (let w = 0; w < 2; w++) cpu.R[xslot(n) + w] = iv.getInt32(512 + 8 * n + 4 * w, true);
  const bufAt = DATA_BASE + k * BUF_BYTES;
  mem.u8.set(c.buf, bufAt);
  const err = run(block, engine);
  const out = new Uint8Array(OUT_BYTES);
  const ov = new DataView(out.buffer);
  for (let n = 0; n < 32; n++) for (let w = 0; w < 4; w++) ov.setInt32(16 * n + 4 * w, cpu.R[vslot(n) + w]!, true);
  for (let n = 0; n < 31; n++) for (let w = 0; w < 2; w++) ov.setInt32(512 + 8 * n + 4 * w, cpu.R[xslot(n) + w]!, true);
  ov.setInt32(760, cpu.R[SLOT_FPSR]!, true);
  return { out, buf: mem.u8.slice(bufAt, bufAt + BUF_BYTES), err };
}

const hexBytes = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
function describeDiff(want: Uint8Array, got: Uint8Array): string {
  const parts: string[] = [];
  const name = (off: number) => (off < 512 ? `v${off >> 4}` : off < 760 ? `x${(off - 512) >> 3}` : 'fpsr');
  const seen = new Set<string>();
  for (let i = 0; i < OUT_BYTES; i++) {
    if (want[i] === got[i]) continue;
    const nm = name(i);
    if (seen.has(nm)) continue;
    seen.add(nm);
    const [a, b] = i < 512 ? [(i >> 4) * 16, (i >> 4) * 16 + 16] : i < 760 ? [512 + ((i - 512) & ~7), 512 + ((i - 512) & ~7) + 8] : [760, 768];
    parts.push(`${nm}: qemu ${hexBytes(want.slice(a, b).reverse())} ours ${hexBytes(got.slice(a, b).reverse())}`);
  }
  return parts.join('; ');
}

describe.skipIf(!HAVE)('A64 AdvSIMD vs qemu-aarch64' + (HAVE ? '' : ' (skipped: aarch64-linux-gnu-gcc or qemu-aarch64 missing)'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'a64-simd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([1, 2])('random encodings of every row, seed %i', (seed) => {
    const cases = makeCases(seed);
    const qemu = runQemu(cases, dir);
    expect(qemu.length).toBe(cases.length * (OUT_BYTES + BUF_BYTES));
    mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, DATA_BASE >>> 12, (DATA_BASE + cases.length * BUF_BYTES + 4095) >>> 12);
    const bad: string[] = [];
    const failedForms = new Set<string>();
    cases.forEach((c, k) => {
      mem.dv.setUint32(CODE + 4092, c.insn, true);
      const block = translateBlock(mem, CODE + 4092);
      const opt: IRBlock = structuredClone(block);
      optimize(opt);
      const want = qemu.subarray(k * OUT_BYTES, (k + 1) * OUT_BYTES);
      const wantBuf = qemu.subarray(cases.length * OUT_BYTES + k * BUF_BYTES, cases.length * OUT_BYTES + (k + 1) * BUF_BYTES);
      const text = formatInsn(decodeA64(c.insn), 0);
      for (const [engine, b] of [['js', block], ['interp', block], ['opt', opt]] as [string, IRBlock][]) {
        const r = emulate(c, k, b, engine === 'interp' ? 'interp' : 'js');
        let diff = r.err || describeDiff(want, r.out);
        if (!diff && hexBytes(r.buf) !== hexBytes(wantBuf)) diff = 'memory differs';
        if (diff) {
          const form = text.split(/\s/)[0]!;
          if (!failedForms.has(form) || bad.length < 40) bad.push(`${c.insn.toString(16).padStart(8, '0')} ${text} [${engine}]: ${diff}`);
          failedForms.add(form);
          break;
        }
      }
    });
    expect(bad).toEqual([]);
  }, 300_000);
});


describe.skipIf(!HAVE)('A64 AdvSIMD probe program vs qemu-aarch64' + (HAVE ? '' : ' (skipped: aarch64-linux-gnu-gcc or qemu-aarch64 missing)'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'a64-neon-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(root, 'test/fixtures/aarch64-simd/neonprobe.c');
  const build = (name: string, extra: string[]): string => {
    const exe = join(dir, name);
    execFileSync('aarch64-linux-gnu-gcc', ['-O3', '-march=armv8-a+crypto', ...extra, '-o', exe, src]);
    return exe;
  };
  const tiers = [[], ['-tier', 'block'], ['-tier', 'region'], ['-tier', 'region', '-regions', 'js']];

  test.each([['dynamic', [], tiers], ['static', ['-static'], tiers.slice(0, 2)]] as [string, string[], string[][]][])('neonprobe.c %s: the tiers print what qemu prints', (name, extra, tierList) => {
    const exe = build(name, extra);
    const q = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a53', '-L', SYSROOT, exe], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('aes128 69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(q.stdout).toContain('sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(q.stdout).toContain('sha1 a9993e364706816aba3e25717850c26c9cd0d89d');
    for (const opts of tierList) {
      const t = spawnSync(TSEMU, [...opts, '-L', SYSROOT, exe], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const firstDiff = t.stdout.split('\n').find((l, i) => l !== q.stdout.split('\n')[i]);
      expect({ opts, status: t.status, stderr: t.stderr, firstDiff }).toEqual({ opts, status: 0, stderr: '', firstDiff: undefined });
      expect(t.stdout === q.stdout).toBe(true);
    }
  }, 300_000);
});

describe('A64 structure loads fault precisely', () => {
  // LD4 {v0.16b-v3.16b}, [x0], #64 and LD1 {v4.16b-v7.16b}, [x1] whose last bytes are on an unmapped page.
  test.each([[0x4cdf0000, 0], [0x4c402024, 1]])('%x: registers and base unchanged, fault at the instruction', (insn, base) => {
    // below 64 KiB every access takes the checked slow path: the first bytes are readable, the rest not
    const page = 0xe000;
    mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, page >>> 12, (page >>> 12) + 1);
    mem.pages.fill(0, (page >>> 12) + 1, (page >>> 12) + 2);
    mem.dv.setUint32(CODE + 4092, insn, true);
    const block = translateBlock(mem, CODE + 4092);
    for (const engine of ['js', 'interp'] as Engine[]) {
      cpu.R.fill(0x5a5a5a5a);
      const addr = page + 4096 - 48;
      cpu.R[xslot(base)] = addr;
      cpu.R[xslot(base) + 1] = 0;
      const before = cpu.R.slice();
      const err = run(block, engine);
      expect(err).toMatch(/threw/);
      expect(err).toMatch(/f000|61440/); // the first 48 bytes were read
      expect(Array.from(cpu.R.slice(0, STATE_WORDS))).toEqual(Array.from(before.slice(0, STATE_WORDS)));
    }
  });
});
