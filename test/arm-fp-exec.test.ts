// VFP/NEON semantics against qemu-arm: every data-processing word of the disassembly fixtures
// (test/fixtures/arm-fp/objdump.txt; core-register transfers, loads/stores and conditional forms
// left out) runs on pseudo-random register files (special values: NaN, sNaN, infinities,
// denormals, saturation limits) under several FPSCR settings, once under qemu-arm (an ARM program
// built by test/helpers/arm-fp-harness.ts) and once lifted and compiled by the JS backend; d0-d31
// and FPSCR must agree bit for bit. Skipped without arm-linux-gnueabihf-gcc and qemu-arm.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { makeArmFpHelpers } from '../src/arch/arm/fp-helpers.ts';
import { ArmLifter } from '../src/arch/arm/lifter.ts';
import { SLOT_FPSCR, STATE_WORDS, dslot } from '../src/arch/arm/state.ts';
import { disassembleVfpNeon, liftVfpNeon } from '../src/arch/arm/vfp.ts';
import { CpuState } from '../src/arch/types.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { GuestMemory } from '../src/mem/memory.ts';
import { type OracleCase, inputWords, runOracle } from './helpers/arm-fp-harness.ts';
import { haveCommand } from './helpers/have.ts';

vi.setConfig({ testTimeout: 300_000 });

const available = haveCommand('arm-linux-gnueabihf-gcc') && haveCommand('qemu-arm');

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'test/fixtures/arm-fp');
const words = readFileSync(join(dir, 'objdump.txt'), 'utf8').split('\n').filter((l) => l).map((l) => parseInt(l.split('\t')[0], 16) >>> 0);

/** Register-only instructions: no memory, no core registers, unconditional. */
function selectable(w: number): boolean {
  const text = disassembleVfpNeon(w, 0) ?? '';
  if (/^v(ld|st|push|pop)|^f(ld|st)|vmrs|vmsr|vdup\.\d+\s+[dq]\d+, r|r\d|ip|sp|lr/.test(text)) return false;
  if (w >>> 28 !== 0xe && w >>> 28 !== 0xf) return false;
  return true;
}

const VFP_FPSCRS = [0, 1 << 22, 2 << 22, 3 << 22, 1 << 24, 1 << 25, (1 << 24) | (1 << 25) | (3 << 22), 0x9f];
const NEON_FPSCRS = [0, (1 << 24) | (3 << 22) | (1 << 27)];
const SETS = Number(process.env.ARM_FP_SETS ?? 6);

const mem = new GuestMemory(true);
const ret: Ret = { hi: 0 };
const cpu = new CpuState(STATE_WORDS);
const H = { ...makeHelpers(mem, ret), ...makeArmFpHelpers(cpu, mem, ret) };
const compiled = new Map<number, () => number>();

function compile(word: number): () => number {
  let f = compiled.get(word);
  if (f) return f;
  const L = new ArmLifter(0x10000, false);
  L.pc = 0x10000;
  if (!liftVfpNeon(L, word)) throw new Error(`not lifted: ${word.toString(16)}`);
  const block = L.b.finish(L.exit ?? { k: 'goto', target: 0x10004 }, 0x10004, 1);
  optimize(block);
  const src = generateJs(block, { littleEndian: true });
  f = (new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => () => number)(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, cpu.irq);
  compiled.set(word, f);
  return f;
}

function runOurs(c: OracleCase): Uint32Array {
  const input = inputWords(c.set);
  for (let k = 0; k < 64; k++) cpu.R[dslot(0) + k] = input[k] | 0;
  cpu.R[SLOT_FPSCR] = c.fpscr;
  compile(c.word)();
  const out = new Uint32Array(65);
  for (let k = 0; k < 64; k++) out[k] = cpu.R[dslot(0) + k] >>> 0;
  out[64] = cpu.R[SLOT_FPSCR] >>> 0;
  return out;
}

describe.skipIf(!available)('VFP/NEON vs qemu-arm (skipped without arm-linux-gnueabihf-gcc and qemu-arm)', () => {
  it('every register-only fixture instruction, all input sets and FPSCR settings', () => {
    const cases: OracleCase[] = [];
    for (const w of words.filter(selectable)) {
      const fpscrs = w >>> 28 === 0xf ? NEON_FPSCRS : VFP_FPSCRS;
      for (const fpscr of fpscrs) for (let set = 0; set < SETS; set++) cases.push({ word: w, fpscr, set });
    }
    const expected = runOracle(cases);
    const bad: string[] = [];
    const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
    cases.forEach((c, k) => {
      const ours = runOurs(c);
      const diffs: string[] = [];
      for (let w = 0; w < 65; w++) {
        if (ours[w] !== expected[k][w]) diffs.push(w === 64 ? `fpscr ${hex(ours[w])} want ${hex(expected[k][w])}` : `d${w >> 1}.${w & 1} ${hex(ours[w])} want ${hex(expected[k][w])}`);
      }
      if (diffs.length) {
        const input = inputWords(c.set);
        bad.push(`${hex(c.word)} ${disassembleVfpNeon(c.word, 0)} fpscr=${hex(c.fpscr)} set=${c.set}: ${diffs.slice(0, 4).join('; ')} | in d0-d7 ${Array.from(input.slice(0, 16), hex).join(' ')}`);
      }
    });
    console.log(`${cases.length} cases, ${bad.length} mismatches`);
    if (process.env.ARM_FP_DEBUG) {
      const byInsn = new Map<string, string[]>();
      for (const l of bad) {
        const key = l.split(' fpscr=')[0];
        if (!byInsn.has(key)) byInsn.set(key, []);
        byInsn.get(key)!.push(l);
      }
      for (const [k, v] of byInsn) console.log(`${v.length}x ${k}\n  ${v[0]}`);
    }
    expect(bad.slice(0, 60)).toEqual([]);
  });
});
