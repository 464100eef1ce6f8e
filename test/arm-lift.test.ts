// The ARM lifters' IR, executed three ways, must agree: random A32 and T32 instruction words
// (conditional ones, IT blocks, every table row the generator hits) are translated as blocks by
// translateBlock, then run compiled to JS (tier 1), interpreted (the cold path) and compiled
// after the optimizer, from the same random registers, flags and memory. Registers, flags,
// memory, the next PC and the way the block ended (fault, trap) must be the same.
import { describe, expect, test, vi } from 'vitest';
import { CpuState } from '../src/arch/types.ts';
import { makeArm } from '../src/arch/arm/index.ts';
import { translateBlock } from '../src/arch/arm/translate.ts';
import { STATE_WORDS } from '../src/arch/arm/state.ts';
import type { IRBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { interpretBlock } from '../src/jit/interp.ts';
import { GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { prng } from './helpers/prng.ts';

// VFP/NEON are another module's (with tests of their own): here they are all undefined.
vi.mock('../src/arch/arm/vfp.ts', () => ({ liftVfpNeon: () => false, disassembleVfpNeon: () => undefined }));
vi.mock('../src/arch/arm/fp-helpers.ts', () => ({ makeArmFpHelpers: () => ({}) }));

const CODE = 0x10000;
const DATA = 0x200000; // 1 MiB of data the random base registers point into
const DATA_SIZE = 0x100000;

const mem = new GuestMemory(true);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_EXEC, CODE >>> 12, (CODE >>> 12) + 1);
mem.pages.fill(PAGE_MAPPED | PAGE_READ | PAGE_WRITE, DATA >>> 12, (DATA + DATA_SIZE) >>> 12);
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS, { buffer: mem.buffer, allocState: () => 0x30000000 });
const arm = makeArm();
const H: Record<string, unknown> = { ...makeHelpers(mem, ret), ...arm.makeHelpers(cpu, mem, ret), noteJump: (_b: number, t: number) => t, jumpMiss: (_e: number, _f: number, t: number) => t };

type Engine = 'js' | 'interp';
function run(block: IRBlock, engine: Engine): string {
  try {
    let next: number;
    if (engine === 'interp') next = interpretBlock(block, cpu, mem, H, ret, false);
    else {
      const src = generateJs(block, { littleEndian: true });
      const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => () => number;
      next = factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret)();
    }
    return next === -1 ? `exit ${cpu.exitReason} pc ${cpu.pc.toString(16)} signal ${cpu.trapSignal}` : `next ${(next >>> 0).toString(16)}`;
  } catch (e) {
    return `threw ${(e as Error).constructor.name} ${(e as Error).message}`;
  }
}

function snapshot(): string {
  // r0..r14 and flags as the guest sees them (N, Z, C, V, Q, GE, the monitor, TPIDRURW).
  const R = cpu.R;
  const regs = Array.from({ length: 15 }, (_, i) => (R[i]! >>> 0).toString(16)).join(' ');
  const flags = `${R[16]! < 0 ? 'N' : '-'}${R[17] === 0 ? 'Z' : '-'}${R[18] ? 'C' : '-'}${R[19]! < 0 ? 'V' : '-'} q${R[20]} ge${R[21]! & 15} ex${R[24]}/${R[25]} tp${R[23]}`;
  let h = 0;
  for (let i = DATA; i < DATA + DATA_SIZE; i += 4) h = (Math.imul(h, 31) + mem.dv.getInt32(i, true)) | 0;
  return `${regs} ${flags} mem ${h}`;
}

const dataInit = new Uint8Array(DATA_SIZE);
function setState(r: ReturnType<typeof prng>): Int32Array {
  const R = new Int32Array(STATE_WORDS);
  for (let i = 0; i < 15; i++) {
    // Mostly addresses into the data area (so loads and stores work), sometimes small or edge values.
    const k = r.int(8);
    R[i] = k < 5 ? DATA + 0x40000 + (r.u32() % 0x80000) : k === 5 ? r.int(40) - 8 : k === 6 ? [0, -1, 0x7fffffff, -0x80000000, 31, 32, 33, 255][r.int(8)]! : r.u32() | 0;
  }
  R[16] = r.u32() | 0;
  R[17] = r.chance(3) ? 0 : 1;
  R[18] = r.int(2);
  R[19] = r.u32() | 0;
  R[20] = r.int(2);
  R[21] = r.int(16);
  R[24] = r.chance(2) ? R[r.int(15)]! : -1;
  R[25] = [1, 2, 4, 8][r.int(4)]!;
  return R;
}
function restore(R: Int32Array): void {
  cpu.R.set(R.subarray(0, STATE_WORDS));
  mem.u8.set(dataInit, DATA);
}

function differential(thumb: boolean, seed: number, blocks: number): string[] {
  const r = prng(seed);
  for (let i = 0; i < DATA_SIZE; i++) dataInit[i] = r.u32() & 0xff;
  const bad: string[] = [];
  for (let n = 0; n < blocks && bad.length < 10; n++) {
    // A few random instructions; in Thumb, sometimes an IT block first.
    const words: number[] = [];
    for (let k = 0; k < 4; k++) words.push(r.u32());
    if (thumb && r.chance(3)) words[0] = (words[0]! & 0xffff0000) | 0xbf00 | (r.int(14) << 4) | (1 + r.int(15));
    for (let k = 0; k < words.length; k++) mem.dv.setUint32(CODE + 4 * k, words[k]!, true);
    const pc = thumb ? CODE | 1 : CODE;
    const block = translateBlock(mem, pc);
    const opt: IRBlock = structuredClone(block);
    optimize(opt);
    const state = setState(r);
    const results = (['js', 'interp'] as Engine[]).map((e) => {
      restore(state);
      return `${run(block, e)} | ${snapshot()}`;
    });
    restore(state);
    results.push(`${run(opt, 'js')} | ${snapshot()}`);
    if (results[0] !== results[1] || results[0] !== results[2]) {
      bad.push(`${thumb ? 'T32' : 'A32'} words ${words.map((w) => w.toString(16)).join(' ')}\n  js:     ${results[0]}\n  interp: ${results[1]}\n  opt:    ${results[2]}`);
    }
  }
  return bad;
}

describe('ARM lifter: tier 1, interpreter and optimized IR agree', () => {
  test('A32 random blocks', { timeout: 60_000 }, () => {
    expect(differential(false, 1, 3000)).toEqual([]);
  });
  test('T32 random blocks', { timeout: 60_000 }, () => {
    expect(differential(true, 2, 3000)).toEqual([]);
  });
});
