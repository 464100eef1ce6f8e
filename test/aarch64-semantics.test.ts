// A64 integer semantics (dp-*.ts).
//
// 1. Against qemu-aarch64 -cpu cortex-a53: test/fixtures/aarch64-semantics/intprobe.c (freestanding,
//    integer registers only) runs every data-processing form over edge operands with varied NZCV in
//    and NZCV read back, conditional branches, system registers, DC ZVA, hints and CLREX; the built
//    bin/tsemu-aarch64 must print the same bytes in tier-1 blocks, in WebAssembly and JS regions and
//    with the default tiers. The instructions that must kill the program (BRK, UDF, HLT, PAC
//    branches, EL1 registers, ...) must kill both with the same signal. Skipped without
//    aarch64-linux-gnu-gcc or qemu-aarch64.
// 2. Without them: known answers through translateBlock and the interpreter, which encodings are
//    SIGILL/SIGTRAP/syscall/flush, and random blocks of integer-group words run compiled (tier 1),
//    interpreted and optimized, which must agree.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAarch64 } from '../src/arch/aarch64/index.ts';
import { dpRows } from '../src/arch/aarch64/dp.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_FPCR, SLOT_NF, SLOT_SP, SLOT_TPIDR, SLOT_VF, SLOT_ZF, STATE_WORDS, xslot } from '../src/arch/aarch64/state.ts';
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

// ---- 1. against qemu-aarch64 ----------------------------------------------------------------------

const HAVE = haveCommand('aarch64-linux-gnu-gcc') && haveCommand('qemu-aarch64');
const TSEMU = join(root, 'bin/tsemu-aarch64');

/**
 * ID_AA64ISAR0_EL1: qemu's Cortex-A53 has no LSE atomics; tsemu's CPU has them (AT_HWCAP says
 * ATOMICS, src/arch/aarch64/abi.ts), so its ISAR0 sets the Atomic field (2) too.
 */
const withLse = (s: string) => s.replace('s3_0_c0_c6_0 0000000000011120', 's3_0_c0_c6_0 0000000000211120');

const FATAL: [string, string][] = [
  ['brk', 'SIGTRAP'], ['udf', 'SIGILL'], ['hlt', 'SIGILL'], ['hvc', 'SIGILL'], ['smc', 'SIGILL'], ['dcps1', 'SIGILL'],
  ['retaa', 'SIGILL'], ['braa', 'SIGILL'], ['eret', 'SIGILL'], ['mrs_daif', 'SIGILL'], ['msr_daifset', 'SIGILL'],
  ['mrs_cntpct', 'SIGILL'], ['mrs_id_pfr0', 'SIGILL'], ['mrs_midr_op2', 'SIGILL'], ['msr_tpidrro', 'SIGILL'], ['msr_id', 'SIGILL'],
  ['dc_cvap', 'SIGILL'], ['ic_iallu', 'SIGILL'], ['sysl', 'SIGILL'], ['sb', 'SIGILL'], ['cfinv', 'SIGILL'], ['pacga', 'SIGILL'],
  ['logic_imm_reserved', 'SIGILL'], ['bfm_reserved', 'SIGILL'],
];

describe.skipIf(!HAVE)('A64 integer semantics vs qemu-aarch64' + (HAVE ? '' : ' (skipped: aarch64-linux-gnu-gcc or qemu-aarch64 missing)'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'a64-sem-'));
  const exe = join(dir, 'intprobe');
  let expected = '';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    execFileSync('aarch64-linux-gnu-gcc', ['-O1', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-mgeneral-regs-only',
      '-march=armv8-a+crc', '-o', exe, join(root, 'test/fixtures/aarch64-semantics/intprobe.c')]);
    const q = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a53', exe], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expected = withLse(q.stdout);
  }, 60_000);

  // Tier 1 blocks, everything as WebAssembly regions, as JS regions, and the default mix.
  for (const opts of [['-tier', 'block'], ['-tier', 'region'], ['-tier', 'region', '-regions', 'js'], []]) {
    test(`intprobe ${opts.join(' ') || '(default tiers)'}: every form's results and flags as qemu's`, () => {
      expect(expected).toContain('madd_x ');
      const t = spawnSync(TSEMU, [...opts, exe], { encoding: 'utf8' });
      const want = expected.split('\n'), got = t.stdout.split('\n');
      const bad = want.flatMap((l, i) => (l === got[i] ? [] : [`qemu: ${l}\ntsemu: ${got[i]}`])).slice(0, 20);
      expect(bad).toEqual([]);
      expect(got.length).toBe(want.length);
      expect(t.status).toBe(0);
    }, 120_000);
  }

  test('instructions UNDEFINED at EL0 and BRK kill the program as under qemu', () => {
    const bad: string[] = [];
    for (const [name, signal] of FATAL) {
      const q = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a53', exe, name], { encoding: 'utf8' });
      const t = spawnSync(TSEMU, [exe, name], { encoding: 'utf8' });
      if (q.signal !== signal) bad.push(`${name}: qemu ${q.signal ?? q.status}, expected ${signal}`);
      if (t.signal !== q.signal || t.stdout !== q.stdout) bad.push(`${name}: tsemu ${t.signal ?? t.status}, qemu ${q.signal ?? q.status}`);
    }
    expect(bad).toEqual([]);
  }, 120_000);
});

// ---- 2. the lifter alone ----------------------------------------------------------------------------

const CODE = 0x10000;
const DATA = 0x200000;
const DATA_SIZE = 0x10000;
const mem = new GuestMemory(true);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, DATA >>> 12, (DATA + DATA_SIZE) >>> 12);
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
const arch = makeAarch64();
const H: Record<string, unknown> = {
  ...makeHelpers(mem, ret), ...arch.makeHelpers(cpu, mem, ret),
  noteJump: (_b: number, t: number) => t, jumpMiss: (_e: number, _f: number, t: number) => t,
};

/** Places instruction words at CODE, then a branch 0x100 ahead (ending the block), and lifts the block there. */
function lift(words: number[]): IRBlock {
  words.forEach((w, k) => mem.dv.setUint32(CODE + 4 * k, w, true));
  mem.dv.setUint32(CODE + 4 * words.length, 0x14000040, true);
  return translateBlock(mem, CODE);
}

type Engine = 'js' | 'interp';
function run(block: IRBlock, engine: Engine): string {
  try {
    let next: number;
    if (engine === 'interp') next = interpretBlock(block, cpu, mem, H, ret, false);
    else {
      const factory = new Function(...FACTORY_PARAMS, generateJs(block, { littleEndian: true })) as (...a: unknown[]) => () => number;
      next = factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, cpu.irq)();
    }
    return next === -1 ? `exit ${cpu.exitReason} pc ${cpu.pc.toString(16)} signal ${cpu.trapSignal}` : `next ${(next >>> 0).toString(16)}`;
  } catch (e) {
    return `threw ${(e as Error).constructor.name} ${(e as Error).message}`;
  }
}

const u64 = (slot: number): bigint => (BigInt(cpu.R[slot + 1]! >>> 0) << 32n) | BigInt(cpu.R[slot]! >>> 0);
const setU64 = (slot: number, v: bigint): void => {
  cpu.R[slot] = Number(BigInt.asIntN(32, v));
  cpu.R[slot + 1] = Number(BigInt.asIntN(32, v >> 32n));
};
const x = (n: number) => u64(xslot(n));
const setX = (n: number, v: bigint | number) => setU64(xslot(n), BigInt.asUintN(64, BigInt(v)));
/** NZCV as the 4-bit PSTATE value. */
const nzcv = () => ((cpu.R[SLOT_NF]! < 0 ? 8 : 0) | (cpu.R[SLOT_ZF] === 0 ? 4 : 0) | (cpu.R[SLOT_CF] ? 2 : 0) | (cpu.R[SLOT_VF]! < 0 ? 1 : 0));
const setNzcv = (f: number) => {
  cpu.R[SLOT_NF] = f & 8 ? -1 : 0;
  cpu.R[SLOT_ZF] = f & 4 ? 0 : 1;
  cpu.R[SLOT_CF] = (f >> 1) & 1;
  cpu.R[SLOT_VF] = f & 1 ? -1 : 0;
};

/** Assembled words (aarch64-linux-gnu-as) of the instructions below. */
const I = {
  addsX0X1X2: 0xab020020, // adds x0, x1, x2
  subsW0W1W2: 0x6b020020, // subs w0, w1, w2
  adcsX0X1X2: 0xba020020, // adcs x0, x1, x2
  sbcsW0W1W2: 0x7a020020, // sbcs w0, w1, w2
  ccmpX1X2Ne: 0xfa421024, // ccmp x1, x2, #0x4, ne
  csnegX0X1X2Lt: 0xda82b420, // csneg x0, x1, x2, lt
  sdivX0X1X2: 0x9ac20c20, // sdiv x0, x1, x2
  udivW0W1W2: 0x1ac20820, // udiv w0, w1, w2
  clsX0X1: 0xdac01420, // cls x0, x1
  rbitX0X1: 0xdac00020, // rbit x0, x1
  rev32X0X1: 0xdac00820, // rev32 x0, x1
  umulhX0X1X2: 0x9bc27c20, // umulh x0, x1, x2
  smulhX0X1X2: 0x9b427c20, // smulh x0, x1, x2
  smaddlX0W1W2X3: 0x9b220c20, // smaddl x0, w1, w2, x3
  crc32xW0W1X2: 0x9ac24c20, // crc32x w0, w1, x2
  crc32cbW0W1W2: 0x1ac25020, // crc32cb w0, w1, w2
  bfiX0X1_4_16: 0xb37c3c20, // bfi x0, x1, #4, #16
  sbfxW0W1_16_8: 0x13105c20, // sbfx w0, w1, #16, #8
  extrX0X1X2_8: 0x93c22020, // extr x0, x1, x2, #8
  movkX0_48: 0xf2fbdde0, // movk x0, #0xdeef, lsl #48
  addSpX1Uxtw: 0x8b2143ff, // add sp, sp, w1, uxtw
  mrsX0Nzcv: 0xd53b4200, // mrs x0, nzcv
  msrNzcvX1: 0xd51b4201, // msr nzcv, x1
  msrFpcrX1: 0xd51b4401, // msr fpcr, x1
  mrsX0Tpidr: 0xd53bd040, // mrs x0, tpidr_el0
  mrsX0Isar0: 0xd5380600, // mrs x0, id_aa64isar0_el1
  clrex: 0xd5033f5f,
  dcZvaX1: 0xd50b7421, // dc zva, x1
  icIvauX1: 0xd50b7521, // ic ivau, x1
  svc0: 0xd4000001,
  brk: 0xd4207d00, // brk #0x3e8
  bl: 0x94000010, // bl .+0x40
  blrX5: 0xd63f00a0, // blr x5
  tbnzX1_40: 0xb7400101, // tbnz x1, #40, .+0x20
  paciasp: 0xd503233f,
  btiC: 0xd503245f,
};

describe('A64 integer lifter: known answers (interpreter and tier 1)', () => {
  /** Runs the words from the given registers; checks both engines agree and returns the way out. */
  function exec(words: number[], regs: Record<number, bigint | number>, flags = 0): string {
    const block = lift(words);
    const outs: string[] = [];
    for (const engine of ['interp', 'js'] as Engine[]) {
      cpu.R.fill(0);
      cpu.R[SLOT_ZF] = 1;
      for (const [n, v] of Object.entries(regs)) setX(Number(n), v);
      setNzcv(flags);
      outs.push(`${run(block, engine)} ${x(0)} ${nzcv()}`);
    }
    expect(outs[1]).toBe(outs[0]);
    return outs[0]!.split(' ').slice(0, -2).join(' ');
  }
  const M = (1n << 64n) - 1n;

  test('add/sub/adc/sbc flags at the edges', () => {
    exec([I.addsX0X1X2], { 1: 0x7fffffffffffffffn, 2: 1 });
    expect([x(0), nzcv()]).toEqual([0x8000000000000000n, 0b1001]);
    exec([I.addsX0X1X2], { 1: M, 2: 1 });
    expect([x(0), nzcv()]).toEqual([0n, 0b0110]);
    exec([I.subsW0W1W2], { 1: 0x80000000, 2: 1 });
    expect([x(0), nzcv()]).toEqual([0x7fffffffn, 0b0011]);
    exec([I.subsW0W1W2], { 1: 0xffffffff00000001n, 2: 2 }); // upper bits ignored, result zero-extended
    expect([x(0), nzcv()]).toEqual([0xffffffffn, 0b1000]);
    exec([I.adcsX0X1X2], { 1: M, 2: 0 }, 0b0010); // carry in makes it wrap
    expect([x(0), nzcv()]).toEqual([0n, 0b0110]);
    exec([I.sbcsW0W1W2], { 1: 5, 2: 5 }, 0); // 5 - 5 - 1
    expect([x(0), nzcv()]).toEqual([0xffffffffn, 0b1000]);
  });

  test('conditional compare and select', () => {
    exec([I.ccmpX1X2Ne], { 1: 3, 2: 3 }, 0); // ne holds: flags of 3 - 3
    expect(nzcv()).toBe(0b0110);
    exec([I.ccmpX1X2Ne], { 1: 3, 2: 5 }, 0b0100); // eq: the immediate #4
    expect(nzcv()).toBe(0b0100);
    exec([I.csnegX0X1X2Lt], { 1: 7, 2: 9 }, 0b1000); // lt holds
    expect(x(0)).toBe(7n);
    exec([I.csnegX0X1X2Lt], { 1: 7, 2: 9 }, 0b1001); // lt fails: -9
    expect(x(0)).toBe(BigInt.asUintN(64, -9n));
  });

  test('division, bit operations, multiplies, CRC', () => {
    exec([I.sdivX0X1X2], { 1: 0x8000000000000000n, 2: M });
    expect(x(0)).toBe(0x8000000000000000n);
    exec([I.sdivX0X1X2], { 1: 12345, 2: 0 });
    expect(x(0)).toBe(0n);
    exec([I.udivW0W1W2], { 1: 0xffffffff, 2: 0 });
    expect(x(0)).toBe(0n);
    exec([I.udivW0W1W2], { 1: 0xfffffffe, 2: 0x100000007n });
    expect(x(0)).toBe(0xfffffffen / 7n);
    exec([I.clsX0X1], { 1: 0 });
    expect(x(0)).toBe(63n);
    exec([I.clsX0X1], { 1: 0xff00000000000000n });
    expect(x(0)).toBe(7n);
    exec([I.rbitX0X1], { 1: 0x1n });
    expect(x(0)).toBe(0x8000000000000000n);
    exec([I.rev32X0X1], { 1: 0x0102030405060708n });
    expect(x(0)).toBe(0x0403020108070605n);
    exec([I.umulhX0X1X2], { 1: M, 2: M });
    expect(x(0)).toBe(M - 1n);
    exec([I.smulhX0X1X2], { 1: M, 2: 2 });
    expect(x(0)).toBe(M);
    exec([I.smaddlX0W1W2X3], { 1: 0xffffffff, 2: 0x80000000, 3: 1 }); // -1 * INT_MIN + 1
    expect(x(0)).toBe(0x80000001n);
    exec([I.crc32xW0W1X2], { 1: 0xffffffff, 2: 0x3837363534333231n }); // ~CRC32("12345678")
    expect(x(0) ^ 0xffffffffn).toBe(0x9ae0daafn);
    exec([I.crc32cbW0W1W2], { 1: 0xffffffff, 2: 0x31 }); // CRC-32C of "1"
    expect(x(0) ^ 0xffffffffn).toBe(0x90f599e3n);
  });

  test('bitfield, extract, move keep', () => {
    exec([I.bfiX0X1_4_16], { 0: M, 1: 0xabcd1234 });
    expect(x(0)).toBe(0xfffffffffff1234fn);
    exec([I.sbfxW0W1_16_8], { 1: 0x00800000 });
    expect(x(0)).toBe(0xffffff80n);
    exec([I.extrX0X1X2_8], { 1: 0x11, 2: 0x2200000000000000n });
    expect(x(0)).toBe(0x1122000000000000n);
    exec([I.movkX0_48], { 0: M });
    expect(x(0)).toBe(0xdeefffffffffffffn);
  });

  test('SP forms, system registers, CLREX', () => {
    const block = lift([I.addSpX1Uxtw, I.msrNzcvX1, I.mrsX0Nzcv, I.msrFpcrX1, I.mrsX0Tpidr, I.clrex]);
    cpu.R.fill(0);
    setU64(SLOT_SP, 0x1000n);
    setX(1, 0xfffffffff0000010n);
    setU64(SLOT_TPIDR, 0x1234n);
    setU64(SLOT_EXCL_ADDR, 0x200000n);
    interpretBlock(block, cpu, mem, H, ret, false);
    expect(u64(SLOT_SP)).toBe(0xf0001010n);
    expect(nzcv()).toBe(0b1111);
    expect(x(0)).toBe(0x1234n);
    expect(cpu.R[SLOT_FPCR]! >>> 0).toBe(0xf0000010 & 0x07f70000);
    expect(u64(SLOT_EXCL_ADDR)).toBe(M);
    exec([I.mrsX0Isar0], {});
    expect(x(0)).toBe(0x211120n);
  });

  test('DC ZVA zeroes the aligned 64-byte block', () => {
    for (let i = 0; i < 256; i++) mem.u8[DATA + i] = 0xaa;
    exec([I.dcZvaX1], { 1: DATA + 64 + 37 });
    expect([...mem.u8.subarray(DATA + 60, DATA + 132)]).toEqual([...Array(4).fill(0xaa), ...Array(64).fill(0), ...Array(4).fill(0xaa)]);
  });

  test('how blocks end: branches, SVC, BRK, IC IVAU, hints', () => {
    expect(exec([I.bl], {})).toBe(`next ${(CODE + 0x40).toString(16)}`);
    expect(x(30)).toBe(BigInt(CODE + 4));
    expect(lift([I.bl]).callReturn).toBe(CODE + 4);
    expect(exec([I.blrX5], { 5: 0x123450 })).toBe('next 123450');
    expect(x(30)).toBe(BigInt(CODE + 4));
    expect(exec([I.tbnzX1_40], { 1: 1n << 40n })).toBe(`next ${(CODE + 0x20).toString(16)}`);
    expect(exec([I.tbnzX1_40], { 1: 1n << 41n })).toBe(`next ${(CODE + 4).toString(16)}`);
    expect(lift([I.svc0]).exit).toMatchObject({ k: 'syscall', pc: CODE, next: CODE + 4 });
    expect(lift([I.brk]).exit).toMatchObject({ k: 'trap', signal: 5, pc: CODE });
    expect(lift([I.icIvauX1]).exit).toMatchObject({ k: 'flush', next: CODE + 4 });
    const hints = lift([I.paciasp, I.btiC]);
    expect([hints.instructions, hints.exit.k]).toEqual([3, 'goto']);
  });

  test('UNDEFINED at EL0 or beyond ARMv8.0: SIGILL', () => {
    const sigill = [
      0xd65f0bff, // retaa
      0xd71f0820, // braa x1, x0
      0xd69f03e0, // eret
      0xd53b4220, // mrs x0, daif
      0xd50342df, // msr daifset, #2
      0xd53be020, // mrs x0, cntpct_el0
      0xd5380100, // mrs x0, id_pfr0_el1
      0xd51bd060, // msr tpidrro_el0, x0
      0xd50b7c20, // dc cvap, x0
      0xd508751f, // ic iallu
      0xd4400000, // hlt #0
      0xd4000002, // hvc #0
      0xd4a00001, // dcps1
      0x00000000, // udf #0
      0xd50330ff, // sb
      0x9ac13000, // pacga
      0xdac10020, // pacia x0, x1 (1-source, opcode2 1)
      0x9240fc00, // and x0, x0, #reserved (all-ones element)
      0x13200000, // sbfm w0 with N set
      0x52c00000, // movz w0 with hw = 2
      0x8bc00000, // add (shifted) with shift = 3
      0x8b221420, // add x0, x1, w2, uxtb #5
    ];
    const bad = sigill.filter((w) => {
      const b = lift([w]);
      return !(b.exit.k === 'trap' && b.exit.signal === 4 && b.instructions === 1);
    }).map((w) => w.toString(16));
    expect(bad).toEqual([]);
  });
});

// ---- the SIGILL forms print as objdump prints them (-d in_asm) ------------------------------------------

const HAVE_BINUTILS = haveCommand('aarch64-linux-gnu-as') && haveCommand('aarch64-linux-gnu-objdump');
/** Forms the decoder fixture cannot hold (they lift as SIGILL at EL0). */
const UNDEFINED_AT_EL0 = `
  hlt #0
  hlt #0xffff
  hvc #0x12
  smc #0xffff
  dcps1
  dcps2
  dcps3
  dcps1 #5
  sysl x3, #0, c0, c0, #0
  sysl xzr, #7, c15, c15, #7
  ic iallu
  ic ialluis
  dc ivac, x1
  dc isw, x2
  dc csw, x3
  dc cisw, x4
  dc cvap, x5
  sys #0, c0, c0, #0, x3
  sys #1, c2, c3, #4
  msr daifset, #2
  msr daifclr, #0xf
  msr spsel, #1
  msr pan, #1
  msr uao, #0
  .inst 0xd500401f
  .inst 0xd500403f
  .inst 0xd500405f
  mrs x0, daif
  mrs x0, currentel
  mrs x0, spsel
  mrs x0, cntpct_el0
  mrs x0, sctlr_el1
  mrs x0, tpidr_el1
  mrs x0, pmccntr_el0
  mrs x0, id_pfr0_el1
  mrs x0, id_mmfr3_el1
  msr daif, x0
  msr tpidrro_el0, x1
  msr cntv_ctl_el0, x2
  mrs x3, cntv_cval_el0
  msr s3_7_c15_c15_7, x9
  eret
  drps
`;

describe.skipIf(!HAVE_BINUTILS)('A64 forms UNDEFINED at EL0: objdump text, SIGILL' + (HAVE_BINUTILS ? '' : ' (skipped: aarch64 binutils missing)'), () => {
  test('each prints as objdump prints it and lifts as SIGILL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a64-undef-'));
    try {
      const src = join(dir, 'u.s'), obj = join(dir, 'u.o');
      writeFileSync(src, UNDEFINED_AT_EL0);
      execFileSync('aarch64-linux-gnu-as', ['-march=armv8.2-a', '-o', obj, src]);
      const out = execFileSync('aarch64-linux-gnu-objdump', ['-d', obj], { encoding: 'utf8' });
      const bad: string[] = [];
      let n = 0;
      for (const l of out.split('\n')) {
        const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8})\s*\t(.*)$/.exec(l);
        if (!m) continue;
        n++;
        const raw = parseInt(m[2]!, 16), want = m[3]!.replace(/\s*\/\/.*$/, '').trim().replace(/\s+/g, ' ');
        const got = formatInsn(decodeA64(raw), parseInt(m[1]!, 16)).trim().replace(/\s+/g, ' ');
        if (got !== want) bad.push(`${m[2]}: objdump "${want}", ours "${got}"`);
        const b = lift([raw]);
        if (!(b.exit.k === 'trap' && b.exit.signal === 4 && b.instructions === 1)) bad.push(`${want}: not SIGILL`);
      }
      expect(n).toBe(43);
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- random blocks: tier 1, interpreter and optimized IR agree --------------------------------------------

function snapshot(): string {
  const regs = Array.from({ length: 31 }, (_, i) => x(i).toString(16)).join(' ');
  let h = 0;
  for (let i = DATA; i < DATA + DATA_SIZE; i += 4) h = (Math.imul(h, 31) + mem.dv.getInt32(i, true)) | 0;
  return `${regs} sp ${u64(SLOT_SP).toString(16)} ${nzcv()} fpcr ${cpu.R[SLOT_FPCR]} tp ${u64(SLOT_TPIDR).toString(16)} ex ${u64(SLOT_EXCL_ADDR).toString(16)} mem ${h}`;
}

describe('A64 integer lifter: tier 1, interpreter and optimized IR agree on random blocks', () => {
  test('4000 blocks of integer-group instructions', () => {
    const r = prng(7);
    const dataInit = new Uint8Array(DATA_SIZE);
    for (let i = 0; i < DATA_SIZE; i++) dataInit[i] = r.u32() & 0xff;
    const edge = [0n, 1n, 2n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];
    const bad: string[] = [];
    for (let n = 0; n < 4000 && bad.length < 10; n++) {
      const words: number[] = [];
      for (let k = 0; k < 4; k++) {
        const row = r.pick(dpRows);
        words.push(((r.u32() & ~row.mask) | row.match) >>> 0);
      }
      const block = lift(words);
      const opt: IRBlock = structuredClone(block);
      optimize(opt);
      const state = new Int32Array(STATE_WORDS);
      cpu.R.fill(0);
      for (let i = 0; i < 31; i++) {
        const k = r.int(6);
        setX(i, k < 2 ? BigInt(DATA + r.int(DATA_SIZE)) : k < 4 ? r.pick(edge) : (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
      }
      setU64(SLOT_SP, BigInt(DATA + 0x8000));
      setNzcv(r.int(16));
      state.set(cpu.R.subarray(0, STATE_WORDS));
      const results: string[] = [];
      for (const [b, engine] of [[block, 'js'], [block, 'interp'], [opt, 'js']] as [IRBlock, Engine][]) {
        cpu.R.set(state);
        mem.u8.set(dataInit, DATA);
        results.push(`${run(b, engine)} | ${snapshot()}`);
      }
      if (results[0] !== results[1] || results[0] !== results[2]) {
        bad.push(`words ${words.map((w) => w.toString(16)).join(' ')}\n  js:     ${results[0]}\n  interp: ${results[1]}\n  opt:    ${results[2]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
