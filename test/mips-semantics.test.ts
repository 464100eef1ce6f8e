// MIPS32r2 integer semantics (src/arch/mips/int.ts, helpers.ts, the delay slots of lifter.ts and
// translate.ts).
//
// 1. Against qemu-mips and qemu-mipsel (default CPU, the 24Kf): test/fixtures/mips-semantics/
//    intprobe.c (freestanding) runs every integer form over edge operands (HI/LO too), loads and
//    stores at every alignment incl. LWL/LWR/SWL/SWR, LL/SC success and failure, delay slots and
//    branch-likely annulment, link registers and RDHWR; the built bin/tsemu-mips[el] must print the
//    same bytes in every tier: the default (interpreted, then tier 1, hot loops as WebAssembly or
//    JS regions: the probe repeats its forms so their loops get hot), tier-1 blocks only, and
//    everything as WebAssembly or JS regions. Then each instruction that must kill the program
//    (traps, BREAK, overflow, reserved and privileged encodings, unaligned accesses, faults and
//    traps in delay slots) must kill it as under qemu: same signal, same stdout.
//    Skipped without the cross compilers or qemu-mips/qemu-mipsel.
// 2. Without them: the lifter alone. Delay slots report faults at the branch; branch-likely slots
//    are guarded; random blocks of integer words run interpreted, compiled (tier 1) and optimized,
//    which must agree.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeMips } from '../src/arch/mips/index.ts';
import { SLOT_HI, SLOT_LL_ADDR, SLOT_LO, STATE_WORDS, gslot } from '../src/arch/mips/state.ts';
import { decodeMips, translateBlock } from '../src/arch/mips/translate.ts';
import { CpuState } from '../src/arch/types.ts';
import type { IRBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { haveCommand } from './helpers/have.ts';
import { prng } from './helpers/prng.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROBE = join(root, 'test/fixtures/mips-semantics/intprobe.c');

// ---- 1. against qemu-mips / qemu-mipsel ------------------------------------------------------------

const GUESTS = [
  { arch: 'mips', gcc: 'mips-linux-gnu-gcc', qemu: 'qemu-mips' },
  { arch: 'mipsel', gcc: 'mipsel-linux-gnu-gcc', qemu: 'qemu-mipsel' },
] as const;

/** Repeats of the register forms: enough entries of their loops for the default tier's regions. */
const PASSES = '8';

/** Cases that must kill the program (see FATAL_CASES in the probe), compared with qemu. */
const FATAL = [
  'teq', 'teq_7', 'teq_6', 'teq_5', 'teq_1023', 'tne_7', 'tge', 'tge_eq', 'tgeu', 'tlt', 'tltu', 'tne', 'teqi', 'tnei', 'tgei',
  'tgeiu', 'tgeiu_m1', 'tlti', 'tltiu', 'break_0', 'break_7', 'break_6', 'break_5', 'break_0_7', 'break_7_1', 'break_1_6',
  'break_1023', 'add_ovf', 'addi_ovf', 'sub_ovf', 'neg_ovf', 'addi_ovf_max', 'rsvd_special', 'rsvd_major', 'rsvd_special3',
  'mfc0', 'mtc0', 'eret', 'wait', 'cache', 'di', 'dsp_addu_qb', 'mfhi_ac1', 'rdhwr_4', 'rdhwr_30', 'ext_bad', 'ins_bad',
  'all_ones', 'ldc2', 'cop2', 'll_unaligned', 'sc_unaligned', 'lw_unaligned', 'lw_unaligned3', 'lh_unaligned',
  'lhu_unaligned', 'sw_unaligned', 'sh_unaligned', 'lw_after_aligned', 'lw_base_changed', 'lw_null', 'sw_null', 'lw_kernel_unaligned', 'slot_segv', 'slot_segv_nt',
  'slot_likely_segv', 'slot_likely_annulled', 'slot_break', 'slot_teq', 'slot_trap_nt', 'slot_add_ovf', 'slot_rsvd',
  'slot_likely_rsvd_annulled', 'slot_branch', 'jr_null', 'jr_kernel',
];
/** The fatal cases that also run in every tier: traps and faults raised inside delay slots. */
const SLOT_CASES = FATAL.filter((n) => n.startsWith('slot_') || n.includes('aligned') || n === 'lw_base_changed' || n === 'teq_7' || n === 'add_ovf');
/**
 * Where tsemu deliberately differs from qemu-user, with the signal tsemu gives (as Linux on a 24K):
 * qemu aborts on SDBBP ("unhandled CPU exception 0x10") and on a jump to a misaligned PC (0xc);
 * qemu runs SPECIAL funct 5 (its PMON hook) as a no-op where MIPS32r2 reserves it; a SYSCALL in a
 * delay slot is UNPREDICTABLE (qemu runs it, tsemu reports SIGILL at the branch).
 */
const DELIBERATE: Record<string, string> = { sdbbp: 'SIGILL', jr_unaligned: 'SIGBUS', lsa_r6: 'SIGILL', slot_syscall: 'SIGILL' };
/**
 * Loads and stores at 0x80000000 and up (kernel space: SIGSEGV under qemu) need the guest's address
 * space to end at TASK_SIZE; tsemu's memory does not check it on the fast path yet.
 */
const KERNEL_SPACE = ['lw_kernel', 'sw_kernel'];

for (const g of GUESTS) {
  const HAVE = haveCommand(g.gcc) && haveCommand(g.qemu);
  const TSEMU = join(root, `bin/tsemu-${g.arch}`);
  describe.skipIf(!HAVE)(`MIPS integer semantics vs ${g.qemu}` + (HAVE ? '' : ` (skipped: ${g.gcc} or ${g.qemu} missing)`), () => {
    const dir = mkdtempSync(join(tmpdir(), `${g.arch}-sem-`));
    const exe = join(dir, 'intprobe');
    let expected = '';
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    beforeAll(() => {
      execFileSync(g.gcc, ['-O1', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-mno-abicalls', '-fno-pic',
        '-march=mips32r2', '-e', '__start', '-o', exe, PROBE]);
      const q = spawnSync(g.qemu, [exe, PASSES], { encoding: 'utf8' });
      expect(q.status).toBe(0);
      expected = q.stdout;
    }, 60_000);

    for (const opts of [[], ['-regions', 'js'], ['-tier', 'block'], ['-tier', 'region'], ['-tier', 'region', '-regions', 'js']]) {
      test(`intprobe ${opts.join(' ') || '(default tiers)'}: every form's results as qemu's`, () => {
        expect(expected).toContain('ll_sc_loop ');
        expect(expected).toContain('\ndone\n');
        const t = spawnSync(TSEMU, [...opts, exe, PASSES], { encoding: 'utf8' });
        const want = expected.split('\n'), got = t.stdout.split('\n');
        const bad = want.flatMap((l, i) => (l === got[i] ? [] : [`qemu: ${l}\ntsemu: ${got[i]}`])).slice(0, 20);
        expect(bad).toEqual([]);
        expect(got.length).toBe(want.length);
        expect(t.stderr).toBe('');
        expect(t.status).toBe(0);
      }, 180_000);
    }

    const die = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      return { how: r.signal ?? `exit ${r.status}`, stdout: r.stdout };
    };

    test('traps, BREAK, overflow, reserved instructions, unaligned and bad accesses kill the program as under qemu', () => {
      const bad: string[] = [];
      for (const name of FATAL) {
        const q = die(g.qemu, [exe, name]);
        const t = die(TSEMU, [exe, name]);
        if (!q.stdout.startsWith(`running ${name}\n`)) bad.push(`${name}: qemu printed ${JSON.stringify(q.stdout)}`);
        if (t.how !== q.how || t.stdout !== q.stdout) bad.push(`${name}: tsemu ${t.how}, qemu ${q.how}`);
      }
      expect(bad).toEqual([]);
    }, 300_000);

    test('traps and faults inside delay slots in every tier', () => {
      const bad: string[] = [];
      for (const name of SLOT_CASES) {
        const q = die(g.qemu, [exe, name]);
        for (const opts of [['-tier', 'block'], ['-tier', 'region'], ['-tier', 'region', '-regions', 'js']]) {
          const t = die(TSEMU, [...opts, exe, name]);
          if (t.how !== q.how || t.stdout !== q.stdout) bad.push(`${name} ${opts.join(' ')}: tsemu ${t.how}, qemu ${q.how}`);
        }
      }
      expect(bad).toEqual([]);
    }, 300_000);

    test('where tsemu follows Linux rather than qemu-user (qemu aborts, or runs a reserved encoding)', () => {
      const bad: string[] = [];
      for (const [name, signal] of Object.entries(DELIBERATE)) {
        const t = die(TSEMU, [exe, name]);
        if (t.how !== signal || t.stdout !== `running ${name}\n`) bad.push(`${name}: tsemu ${t.how}, expected ${signal}`);
      }
      expect(bad).toEqual([]);
    }, 120_000);

    // The fast path of guest memory accepts any address from 64 KiB up to the CPU state area.
    test.skip('loads and stores in kernel space (0x80000000 and up) are SIGSEGV as under qemu (skipped: the memory fast path checks bounds, not a per-arch 2 GiB limit; not built yet)', () => {
      for (const name of KERNEL_SPACE) expect(die(TSEMU, [exe, name])).toEqual(die(g.qemu, [exe, name]));
    });
  });
}

// ---- 2. the lifter alone ----------------------------------------------------------------------------

const CODE = 0x10000;
const DATA = 0x200000;

interface Machine {
  mem: GuestMemory;
  cpu: CpuState;
  H: Record<string, unknown>;
  ret: Ret;
}
const machines = new Map<boolean, Machine>();
function machine(le: boolean): Machine {
  let m = machines.get(le);
  if (!m) {
    const mem = new GuestMemory(le);
    mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 2);
    mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, DATA >>> 12, (DATA >>> 12) + 16);
    const ret: Ret = { hi: 0 };
    const cpu = new CpuState(STATE_WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
    const H: Record<string, unknown> = {
      ...makeHelpers(mem, ret), ...makeMips(le).makeHelpers(cpu, mem, ret),
      noteJump: (_b: number, t: number) => t, jumpMiss: (_e: number, _f: number, t: number) => t,
    };
    machines.set(le, (m = { mem, cpu, H, ret }));
  }
  return m;
}

/** Places the words at CODE (then nops) and lifts the block there. */
function lift(m: Machine, words: number[]): IRBlock {
  words.forEach((w, k) => m.mem.dv.setUint32(CODE + 4 * k, w >>> 0, m.mem.littleEndian));
  for (let k = words.length; k < words.length + 4; k++) m.mem.dv.setUint32(CODE + 4 * k, 0, m.mem.littleEndian);
  return translateBlock(m.mem, CODE, 0);
}

type Engine = 'interp' | 'js' | 'opt';
function run(m: Machine, block: IRBlock, engine: Engine): string {
  try {
    let next: number;
    if (engine === 'interp') next = interpretBlock(block, m.cpu, m.mem, m.H, m.ret, false);
    else {
      if (engine === 'opt') {
        block = structuredClone(block);
        optimize(block);
      }
      const factory = new Function(...FACTORY_PARAMS, generateJs(block, { littleEndian: m.mem.littleEndian })) as (...a: unknown[]) => () => number;
      next = factory(m.cpu, m.cpu.R, m.cpu.F32, m.cpu.F64, m.mem.dv, m.mem.u8, m.H, m.ret, m.cpu.irq)();
    }
    return next === -1 ? `exit ${m.cpu.exitReason} pc ${m.cpu.pc.toString(16)} signal ${m.cpu.trapSignal}` : `next ${(next >>> 0).toString(16)}`;
  } catch (e) {
    const x = e as Error & { pc?: number; signal?: string };
    return `threw ${x.constructor.name} ${x.signal ?? ''} pc ${(x.pc ?? -1).toString(16)}`;
  }
}

/** Assembled words (mips-linux-gnu-as -mips32r2) of the instructions below. */
const I = {
  nop: 0x00000000,
  beqA0A1: 0x10850010, // beq a0,a1,.+0x44
  beqlA0A1: 0x50850010, // beql a0,a1,.+0x44
  bltzalA0: 0x04900010, // bltzal a0,.+0x44
  jalrT9: 0x0320f809, // jalr t9
  jrRa: 0x03e00008, // jr ra
  addiuA0A0_1: 0x24840001, // addiu a0,a0,1
  lwV0_0A2: 0x8cc20000, // lw v0,0(a2)
  swA0_0A2: 0xacc40000, // sw a0,0(a2)
  moveV0Ra: 0x03e01025, // move v0,ra
  teqZeroZero: 0x00000034, // teq zero,zero
  syscall: 0x0000000c,
  synci: 0x041f0000, // synci 0(zero)
  breakInsn: 0x0000000d,
  rsvd: 0x00000028,
};

describe('MIPS lifter: delay slots and exits (interpreter, tier 1, optimized)', () => {
  for (const le of [false, true]) {
    const m = machine(le);
    const R = m.cpu.R;
    /** Runs the block from the given registers in every engine; all must agree. */
    function exec(words: number[], regs: Record<number, number>): string {
      const block = lift(m, words);
      const outs: string[] = [];
      for (const engine of ['interp', 'js', 'opt'] as Engine[]) {
        R.fill(0);
        R[SLOT_LL_ADDR] = -1;
        for (const [n, v] of Object.entries(regs)) R[gslot(Number(n))] = v;
        m.mem.dv.setUint32(DATA, 0x11223344, le);
        outs.push(`${run(m, block, engine)} | ${[...R.subarray(0, 34)].join(',')} | ${m.mem.dv.getUint32(DATA, le)}`);
      }
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
      return outs[0]!.split(' | ')[0]!;
    }
    const order = le ? 'little-endian' : 'big-endian';

    test(`${order}: a branch's slot runs after the condition is read; beql annuls its slot when not taken`, () => {
      expect(exec([I.beqA0A1, I.addiuA0A0_1], { 4: 5, 5: 5 })).toBe(`next ${(CODE + 0x44).toString(16)}`);
      expect(R[gslot(4)]).toBe(6);
      expect(exec([I.beqlA0A1, I.swA0_0A2], { 4: 5, 5: 6, 6: DATA })).toBe(`next ${(CODE + 8).toString(16)}`);
      expect(m.mem.dv.getUint32(DATA, le)).toBe(0x11223344);
      expect(exec([I.beqlA0A1, I.swA0_0A2], { 4: 5, 5: 5, 6: DATA })).toBe(`next ${(CODE + 0x44).toString(16)}`);
      expect(m.mem.dv.getUint32(DATA, le)).toBe(5);
      expect(exec([I.bltzalA0, I.moveV0Ra], { 4: 1 })).toBe(`next ${(CODE + 8).toString(16)}`);
      expect([R[gslot(31)], R[gslot(2)]]).toEqual([CODE + 8, CODE + 8]); // linked though not taken
      expect(exec([I.jalrT9, I.moveV0Ra], { 25: 0x123450 })).toBe('next 123450');
      expect([R[gslot(31)], R[gslot(2)]]).toEqual([CODE + 8, CODE + 8]);
      expect(exec([I.jrRa, I.moveV0Ra], { 31: 0x4560 })).toBe('next 4560');
    });

    test(`${order}: faults and traps in a delay slot report the branch's address`, () => {
      const block = lift(m, [I.beqA0A1, I.lwV0_0A2]);
      const load = block.ops.find((o) => o.k === 'load');
      expect(load && load.k === 'load' && load.pc).toBe(CODE);
      expect(exec([I.beqA0A1, I.lwV0_0A2], { 6: 0x10 })).toBe('threw GuestFault  pc 10000');
      expect(exec([I.beqA0A1, I.teqZeroZero], {})).toBe('threw GuestTrap SIGTRAP pc 10000');
      expect(exec([I.beqA0A1, I.breakInsn], {})).toBe('threw GuestTrap SIGTRAP pc 10000');
      expect(exec([I.beqA0A1, I.rsvd], {})).toBe('threw GuestTrap SIGILL pc 10000');
      // Not taken: the annulled slot's trap does not happen.
      expect(exec([I.beqlA0A1, I.rsvd], { 5: 1 })).toBe(`next ${(CODE + 8).toString(16)}`);
      // A block end in a slot (UNPREDICTABLE) is SIGILL at the branch.
      for (const w of [I.syscall, I.synci, I.beqA0A1, I.jrRa]) expect(exec([I.beqA0A1, w], {})).toBe('threw GuestTrap SIGILL pc 10000');
      expect(lift(m, [I.syscall]).exit).toMatchObject({ k: 'syscall', pc: CODE, next: CODE + 4 });
      expect(lift(m, [I.synci]).exit).toMatchObject({ k: 'flush', next: CODE + 4 });
      expect(lift(m, [I.breakInsn]).exit).toMatchObject({ k: 'trap', signal: 5, pc: CODE });
    });

    test(`${order}: one alignment check per base register and residue until the register changes`, () => {
      const words = [0x8cc20000, 0x8cc20004, 0x84c20002, 0x8cc20002, 0x24c60001, 0x8cc20003]; // lw 0, lw 4, lh 2, lw 2 (a2); addiu a2,a2,1; lw 3(a2)
      const checks = lift(m, words).ops.filter((o) => o.k === 'call' && o.helper === 'mips_trap').length;
      expect(checks).toBe(3);
      expect(exec(words.slice(0, 4), { 6: DATA })).toBe('threw GuestTrap SIGBUS pc 1000c');
      expect(exec(words.slice(0, 4), { 6: DATA + 2 })).toBe('threw GuestTrap SIGBUS pc 10000');
      expect(exec(words.slice(4), { 6: DATA })).toMatch(/^next /); // lw 3(DATA + 1)
      expect(exec(words.slice(4), { 6: DATA + 1 })).toBe('threw GuestTrap SIGBUS pc 10004');
    });
  }
});

describe('MIPS lifter: random integer blocks agree in the interpreter, tier 1 and optimized', () => {
  // Words of the integer rows that do not end a block, with registers drawn so that $28 stays the
  // data pointer (loads and stores address DATA through it) and a few registers repeat.
  const REGS = [0, 1, 2, 3, 4, 5, 8, 9, 31];
  const majors: (() => number)[] = [];
  const rnd = prng(0x6d697073);
  const r = () => rnd.pick(REGS);
  const rtype = (funct: number) => () => (r() << 21) | (r() << 16) | (r() << 11) | (rnd.chance(3) ? rnd.int(32) << 6 : 0) | funct;
  for (const f of [0x00, 0x02, 0x03, 0x04, 0x06, 0x07, 0x0a, 0x0b, 0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x21,
    0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a, 0x2b]) majors.push(rtype(f));
  // ROTR / ROTRV
  majors.push(() => (1 << 21) | (r() << 16) | (r() << 11) | (rnd.int(32) << 6) | 2, () => (r() << 21) | (r() << 16) | (r() << 11) | (1 << 6) | 6);
  const imm = () => rnd.pick([0, 1, 0x7fff, 0x8000, 0xffff, rnd.int(0x10000)]);
  for (const op of [0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]) majors.push(() => (op << 26) | (r() << 21) | (r() << 16) | imm());
  // SPECIAL2 (madd..., mul, clz, clo) and SPECIAL3 (ext, ins, wsbh, seb, seh)
  for (const f of [0x00, 0x01, 0x02, 0x04, 0x05, 0x20, 0x21]) majors.push(() => (0x1c << 26) | (r() << 21) | (r() << 16) | (r() << 11) | f);
  majors.push(() => (0x1f << 26) | (r() << 21) | (r() << 16) | (rnd.int(32) << 11) | (rnd.int(32) << 6) | rnd.pick([0, 4]));
  majors.push(() => (0x1f << 26) | (r() << 16) | (r() << 11) | (rnd.pick([2, 16, 24]) << 6) | 0x20);
  // Loads and stores through $28 at small offsets (unaligned ones trap: all engines must agree)
  for (const op of [0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28, 0x29, 0x2a, 0x2b, 0x2e, 0x30, 0x38])
    majors.push(() => (op << 26) | (28 << 21) | (r() << 16) | (4 * rnd.int(16) + (rnd.chance(8) ? rnd.int(4) : 0)));
  // SYNC, PREF; the conditional traps (TEQ..., TGEI...) one word in 40
  majors.push(() => 0x0f, () => (0x33 << 26) | (28 << 21) | (rnd.int(32) << 16) | 4);
  const traps = [...[0x30, 0x31, 0x32, 0x33, 0x34, 0x36].map((f) => rtype(f)), () => (0x01 << 26) | (r() << 21) | (rnd.pick([8, 9, 10, 11, 12, 14]) << 16) | imm()];
  /** A random word that decodes to an integer row (most generators also make reserved variants). */
  const word = (): number => {
    for (;;) {
      const w = (rnd.chance(40) ? rnd.pick(traps) : rnd.pick(majors))() >>> 0;
      if (decodeMips(w, false).row) return w;
    }
  };
  /** A block's tail: nothing, or a conditional branch (maybe likely, maybe linking) with a random slot. */
  const tails: (() => number[])[] = [
    () => [],
    () => [(rnd.pick([0x04, 0x05, 0x14, 0x15]) << 26) | (r() << 21) | (r() << 16) | 0x20, word()],
    () => [(0x01 << 26) | (r() << 21) | (rnd.pick([0, 1, 2, 3, 16, 17, 18, 19]) << 16) | 0x20, word()],
    () => [(r() << 21) | (r() << 11) | 9, word()], // jalr
  ];

  for (const le of [false, true]) {
    test(`${le ? 'little' : 'big'}-endian: 3000 random blocks`, () => {
      const m = machine(le);
      const R = m.cpu.R;
      const bad: string[] = [];
      const stats = new Map<string, number>();
      for (let k = 0; k < 3000 && bad.length < 10; k++) {
        const words = [...Array.from({ length: 1 + rnd.int(8) }, word), ...rnd.pick(tails)()].map((w) => w >>> 0);
        const init = Array.from({ length: 34 }, () => rnd.pick([0, 1, -1, 0x7fffffff, -0x80000000, 31, 32, rnd.u32() | 0]));
        const data = Array.from({ length: 32 }, () => rnd.u32());
        const llAddr = rnd.chance(2) ? DATA + 4 * rnd.int(16) : -1;
        const block = lift(m, words);
        const outs = (['interp', 'js', 'opt'] as Engine[]).map((engine) => {
          R.fill(0);
          init.forEach((v, i) => (R[i] = v));
          R[0] = 0;
          R[gslot(28)] = DATA;
          R[SLOT_LL_ADDR] = llAddr;
          data.forEach((v, i) => m.mem.dv.setUint32(DATA + 4 * i, v));
          const how = run(m, block, engine);
          return `${how} | ${[...R.subarray(0, 38)].join(',')} | ${[...m.mem.u8.subarray(DATA, DATA + 128)].join(',')} | ${R[SLOT_HI]},${R[SLOT_LO]}`;
        });
        const outcome = outs[0]!.split(' | ')[0]!.replace(/ pc .*/, '');
        stats.set(outcome, (stats.get(outcome) ?? 0) + 1);
        if (outs[1] !== outs[0] || outs[2] !== outs[0]) bad.push(`${words.map((w) => w.toString(16).padStart(8, '0')).join(' ')}:\n interp ${outs[0]}\n js     ${outs[1]}\n opt    ${outs[2]}`);
      }
      expect(bad).toEqual([]);
      // Most blocks must run to their end, and the traps must be reached too.
      expect([...stats].filter(([k]) => k.startsWith('next')).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(1500);
      for (const how of ['threw GuestTrap SIGTRAP', 'threw GuestTrap SIGBUS', 'threw GuestTrap SIGFPE']) expect(stats.get(how)).toBeGreaterThan(20);
    }, 120_000);
  }
});
