// The region tier (src/jit/region.ts) against tier 1 (src/jit/js-backend.ts generateJs), on
// synthetic guests built with IRBuilder: a map pc -> IRBlock over a riscv-like register file (x_r
// is the i64 slot 2r, f_r the f64 slot 64+2r; x1..x31 and f0..f31 are promotable, as on riscv64)
// and a GuestMemory with a few mapped pages. The reference runs the blocks one at a time as tier-1
// functions in a dispatch loop until control leaves the program (a PC with no block), a trap exit
// or a GuestFault/GuestTrap. The same program then runs with regions: a dispatch loop around the
// region functions, falling back to tier-1 blocks at PCs that are not region entries, handling
// side exits, syscall/flush/interrupt exits as the runtime does. Final registers (every word),
// memory, the syscall log and the way the run ended must agree.
//
// Hand-written CFGs cover the shapes the structuring must handle (counted and nested loops, a
// diamond in a loop, two loop exits, irreducible loops alone and inside a reducible loop, indirect
// jumps through a table, call/return, side exits, more irreducible loops than dispatch nodes); then
// random CFGs (fixed-seed PRNG: 1000 of 2..12 nodes and 100 of 2..60, with random goto, branch,
// table jump, syscall, flush and trap exits, loads/stores, helper calls that fault, trap or raise
// the interrupt word; every node spends one unit of a fuel register x31, so every run ends), each
// run with regions three ways. Also the interrupt poll, precise faults and promotion rules.
// TSEMU_REGION_GRAPHS, TSEMU_REGION_LARGE_GRAPHS and TSEMU_REGION_LARGE_NODES change the counts;
// TSEMU_REGION_DEBUG=1 adds the blocks and region sources to a mismatch report.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CpuState, GuestTrap } from '../src/arch/types.ts';
import { type Exit, type IRBlock, IRBuilder, type Temp, formatBlock } from '../src/ir/ir.ts';
import { optimize } from '../src/ir/passes.ts';
import { makeHelpers, type Ret } from '../src/jit/helpers.ts';
import { EXIT_FLUSH, EXIT_INTERRUPT, EXIT_SYSCALL, EXIT_TRAP, FACTORY_PARAMS, generateJs } from '../src/jit/js-backend.ts';
import { type PromotableSlot, type RegionCode, collectRegion, generateRegionJs } from '../src/jit/region.ts';
import { GuestFault, GuestMemory, PAGE_READ, PAGE_WRITE } from '../src/mem/memory.ts';
import { REGION_BACKENDS, type RegionBackend } from '../src/jit/translator.ts';
import { type WasmRegionCode, generateRegionWasm, instantiateRegionWasm } from '../src/jit/wasm-region.ts';
import { disassembleWasm } from '../src/jit/wasm-module.ts';
import { prng } from './helpers/prng.ts';

const hex = (n: number) => (n < 0 ? '-0x' + (-n).toString(16) : '0x' + n.toString(16));

// ---- PRNG --------------------------------------------------------------------------------------


// ---- the guest machine ---------------------------------------------------------------------------

const WORDS = 160;
const X = (r: number) => 2 * r;
const F = (r: number) => 64 + 2 * r;
const FUEL = X(31);
const PROMOTABLE: PromotableSlot[] = [
  ...Array.from({ length: 31 }, (_, i) => ({ slot: X(i + 1), ty: 'i64' as const })),
  ...Array.from({ length: 32 }, (_, i) => ({ slot: F(i), ty: 'f64' as const })),
];

/** Guest memory: integer data, f64 data (finite doubles only), jump tables (two pages); a mapped page below 64 KiB (slow path). */
const DATA = 0x20000, FDATA = 0x21000, TABLE = 0x22000, LOWDATA = 0x8000, UNMAPPED = 0x100;
const PAGES: Array<[number, number]> = [[DATA, 0x4000], [LOWDATA, 0x1000]];
const mem = new GuestMemory(true);
mem.setPages(DATA >>> 12, (DATA + 0x4000) >>> 12, PAGE_READ | PAGE_WRITE);
mem.setPages(LOWDATA >>> 12, (LOWDATA + 0x1000) >>> 12, PAGE_READ | PAGE_WRITE);
const cpu = new CpuState(WORDS, mem);
const ret: Ret = { hi: 0 };

/** Indirect-jump targets seen by tier-1 code (H.noteJump), per jump site. */
let seenJumps = new Map<number, Set<number>>();
/** What H.tick does (the interrupt tests). */
let onTick: () => void = () => {};
let runaway = 0;
const H = {
  ...makeHelpers(mem, ret),
  noteJump: (from: number, to: number): number => {
    let s = seenJumps.get(from);
    if (!s) seenJumps.set(from, (s = new Set()));
    s.add(to);
    return to;
  },
  /** A region's indirect jump to a target it was not formed with (the translator notes it; here only the target matters). */
  jumpMiss: (_entry: number, _from: number, to: number): number => to,
  /** Raises the interrupt word, as a signal arriving would. */
  raiseIrq: (): void => {
    cpu.irq[0] = 1;
  },
  /** A helper that traps at run time for some inputs (an FP helper seeing a bad rounding mode). */
  maybeTrap: (v: number, pc: number): void => {
    // (the pc comes as an argument: a call op's own pc is not passed to the helper)
    if ((v & 15) === 7) throw new GuestTrap(pc, 'SIGILL');
  },
  tick: (): void => {
    H.runaway();
    onTick();
  },
  /** Called in loops that only an interrupt ends: a missing poll fails the test instead of hanging it. */
  runaway: (): void => {
    if (++runaway > 1_000_000) throw new Error('runaway loop: the region did not poll IRQ[0]');
  },
};

type BlockFn = () => number;

function instantiate(src: string): BlockFn {
  const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => BlockFn;
  return factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, H, ret, cpu.irq);
}

// ---- programs ----------------------------------------------------------------------------------

type Blocks = Map<number, IRBlock>;

interface Program {
  entry: number;
  blocks: Blocks;
  /** Initial register words (WORDS) and memory pages. */
  regs: Int32Array;
  memory: Array<[number, Uint8Array]>;
  /** Every PC an indirect jump at a site may go to (from its table), for the jumpTargets callback. */
  tables?: Map<number, number[]>;
}

function initialMemory(fill?: (u8: Uint8Array, base: number) => void): Array<[number, Uint8Array]> {
  return PAGES.map(([base, len]) => {
    const u8 = new Uint8Array(len);
    fill?.(u8, base);
    return [base, u8];
  });
}

/** Small builder for hand-written programs. */
class Asm {
  readonly blocks: Blocks = new Map();
  readonly regs = new Int32Array(WORDS);
  memory = initialMemory();
  constructor(readonly entry: number) {}
  at(pc: number, body: (b: IRBuilder) => Exit, insns = 1, callReturn?: number): this {
    const b = new IRBuilder(pc);
    const exit = body(b);
    const blk = b.finish(exit, pc + 4 * insns, insns);
    if (callReturn !== undefined) blk.callReturn = callReturn;
    this.blocks.set(pc, blk);
    return this;
  }
  x(r: number, v: number | bigint): this {
    const big = BigInt.asIntN(64, BigInt(v));
    this.regs[X(r)] = Number(BigInt.asIntN(32, big));
    this.regs[X(r) + 1] = Number(BigInt.asIntN(32, big >> 32n));
    return this;
  }
  f(r: number, v: number): this {
    new Float64Array(this.regs.buffer, this.regs.byteOffset)[F(r) >> 1] = v;
    return this;
  }
  poke(addr: number, bytes: ArrayLike<number>): this {
    for (const [base, u8] of this.memory) if (addr >= base && addr < base + u8.length) u8.set(bytes, addr - base);
    return this;
  }
  poke64(addr: number, v: number | bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(v)), true);
    return this.poke(addr, b);
  }
  program(): Program {
    return { entry: this.entry, blocks: this.blocks, regs: this.regs, memory: this.memory };
  }
}

// IR shorthands over riscv-like registers.
const gx = (b: IRBuilder, r: number) => b.get(X(r), 'i64');
const sx = (b: IRBuilder, r: number, t: Temp) => b.set(X(r), t);
const k = (b: IRBuilder, v: number | bigint) => b.i64(v);
const goto = (target: number): Exit => ({ k: 'goto', target });
const br = (cond: Temp, taken: number, notTaken: number): Exit => ({ k: 'branch', cond, taken, notTaken });

// ---- running -------------------------------------------------------------------------------------

interface Outcome {
  /** How the run ended: `pc 0x..` (left the program), `fault ...`, `trap ...`, `budget`. */
  end: string;
  R: Int32Array;
  memory: Uint8Array[];
  /** Syscalls and flushes in order, with the argument register. */
  log: string[];
  dispatches: number;
  regionCalls: number;
  interrupts: number;
}

interface Entry {
  fn: BlockFn;
  region: boolean;
}

function loadState(p: Program): void {
  cpu.R.set(p.regs);
  for (const [base, u8] of p.memory) mem.u8.set(u8, base);
  cpu.irq[0] = 0;
  cpu.exitReason = 0;
  cpu.pc = 0;
  runaway = 0;
}

/** The dispatcher: runs until the PC leaves the program, a trap exit, a fault, or the budget. */
function run(p: Program, pick: (pc: number) => Entry | undefined, budget = 100_000): Outcome {
  loadState(p);
  const log: string[] = [];
  let pc = p.entry;
  let end = '';
  let dispatches = 0, regionCalls = 0, interrupts = 0;
  try {
    for (;;) {
      const e = pick(pc);
      if (!e) {
        end = `pc ${hex(pc)}`;
        break;
      }
      if (++dispatches > budget) {
        end = 'budget';
        break;
      }
      if (e.region) regionCalls++;
      let npc = e.fn();
      if (npc < 0) {
        const why = cpu.exitReason;
        cpu.exitReason = 0;
        if (why === EXIT_SYSCALL) {
          // A made-up syscall: a0 = a0 * 3 + a7, logged with its PC.
          log.push(`syscall @${hex(cpu.exitPc)} a0=${cpu.R[X(10)]}:${cpu.R[X(10) + 1]} a7=${cpu.R[X(17)]}`);
          cpu.R[X(10)] = (Math.imul(cpu.R[X(10)], 3) + cpu.R[X(17)]) | 0;
          cpu.R[X(10) + 1] = 0;
        } else if (why === EXIT_FLUSH) {
          log.push(`flush -> ${hex(cpu.pc)}`);
        } else if (why === EXIT_INTERRUPT) {
          cpu.irq[0] = 0;
          interrupts++;
        } else if (why === EXIT_TRAP) {
          end = `trap @${hex(cpu.pc)} signal ${cpu.trapSignal} code ${cpu.trapCode}`;
          break;
        } else throw new Error(`-1 with exit reason ${why} at ${hex(pc)}`);
        npc = cpu.pc;
      }
      pc = npc;
    }
  } catch (e) {
    if (e instanceof GuestFault) end = `fault @${hex(e.pc)} addr ${hex(e.addr)} ${e.write ? 'write' : 'read'}`;
    else if (e instanceof GuestTrap) end = `trap @${hex(e.pc)} ${e.signal} (helper)`;
    else throw e;
  }
  return {
    end,
    R: cpu.R.slice(),
    memory: p.memory.map(([base, u8]) => mem.u8.slice(base, base + u8.length)),
    log,
    dispatches,
    regionCalls,
    interrupts,
  };
}

function tier1(blocks: Blocks, profileJumps = false): Map<number, BlockFn> {
  const fns = new Map<number, BlockFn>();
  for (const [pc, b] of blocks) fns.set(pc, instantiate(generateJs(b, { littleEndian: true, profileJumps })));
  return fns;
}

/** The reference: tier-1 blocks as built; also records the indirect-jump targets taken. */
function reference(p: Program): { out: Outcome; seen: Map<number, Set<number>> } {
  const fns = tier1(p.blocks, true);
  seenJumps = new Map();
  const out = run(p, (pc) => {
    const fn = fns.get(pc);
    return fn && { fn, region: false };
  });
  const seen = seenJumps;
  seenJumps = new Map();
  return { out, seen };
}

interface RegionOptions {
  /** 'entry': one region at the program's entry, tier-1 elsewhere; 'all': a region at every PC dispatched. */
  mode?: 'entry' | 'all';
  /** Run the blocks through optimize() first (as the translator does). */
  optimized?: boolean;
  admit?: (pc: number) => boolean;
  maxInsns?: number;
  jumpTargets?: (pc: number) => readonly number[];
}

interface Compiled {
  fn: BlockFn;
  code: RegionCode | WasmRegionCode;
}

/** The region backend the suites below run with (each suite runs once per backend). */
let BACKEND: RegionBackend = 'js';
const listing = (code: RegionCode | WasmRegionCode) => ('source' in code ? code.source : disassembleWasm(code.bytes));
/** Register slots a region keeps in locals, as "slot:type". */
const promotedKeys = (c: Compiled) => c.code.promoted.map((p) => `${p.slot}:${p.ty}`);

function compileRegion(blocks: Blocks, entry: number, o: RegionOptions = {}): Compiled {
  const jumpTargets = o.jumpTargets ?? (() => []);
  const admit = o.admit ?? (() => true);
  const region = collectRegion(entry, { block: (pc) => blocks.get(pc)!, admit: (pc) => blocks.has(pc) && admit(pc), jumpTargets }, o.maxInsns ?? 1000);
  const code = BACKEND === 'js'
    ? generateRegionJs(region, { littleEndian: true }, PROMOTABLE, jumpTargets)
    : generateRegionWasm(region, true, PROMOTABLE, jumpTargets, { registers: cpu.R.byteOffset, irq: cpu.irq.byteOffset, retHi: cpu.retHi.byteOffset });
  let fn: BlockFn;
  try {
    fn = 'source' in code ? instantiate(code.source) : instantiateRegionWasm(code, mem, cpu, H, ret);
  } catch (e) {
    throw new Error(`region ${hex(entry)} does not compile: ${(e as Error).message}\n${listing(code)}`);
  }
  return { fn, code };
}

function variant(blocks: Blocks, optimized: boolean): Blocks {
  const out: Blocks = new Map();
  for (const [pc, b] of blocks) {
    const c = structuredClone(b);
    if (optimized) optimize(c);
    out.set(pc, c);
  }
  return out;
}

/** Runs p with regions; returns the outcome and the regions made (by entry PC). */
function withRegions(p: Program, o: RegionOptions = {}): { out: Outcome; regions: Map<number, Compiled> } {
  const blocks = variant(p.blocks, o.optimized ?? false);
  const fns = tier1(blocks);
  const regions = new Map<number, Compiled>();
  const mode = o.mode ?? 'entry';
  const out = run(p, (pc) => {
    if (!blocks.has(pc)) return undefined;
    if (pc === p.entry || mode === 'all') {
      let r = regions.get(pc);
      if (!r) regions.set(pc, (r = compileRegion(blocks, pc, o)));
      return { fn: r.fn, region: true };
    }
    return { fn: fns.get(pc)!, region: false };
  });
  return { out, regions };
}

/** Differences between two outcomes, as readable lines (empty when they agree). */
function compare(ref: Outcome, got: Outcome): string[] {
  const bad: string[] = [];
  if (got.end !== ref.end) bad.push(`end: expected ${ref.end}, got ${got.end}`);
  for (let w = 0; w < WORDS && bad.length < 12; w++) {
    if (got.R[w] !== ref.R[w]) bad.push(`R[${w}] (${w < 64 ? `x${w >> 1}` : w < 128 ? `f${(w - 64) >> 1}` : 'word'}${w & 1 ? ' hi' : ' lo'}) = ${hex(got.R[w] >>> 0)}, expected ${hex(ref.R[w] >>> 0)}`);
  }
  ref.memory.forEach((m, i) => {
    const g = got.memory[i];
    for (let j = 0; j < m.length; j++) {
      if (m[j] !== g[j]) {
        bad.push(`memory ${hex(PAGES[i][0] + j)} = ${hex(g[j])}, expected ${hex(m[j])} (first difference)`);
        break;
      }
    }
  });
  if (got.log.join('\n') !== ref.log.join('\n')) bad.push(`syscall log:\n  expected ${ref.log.join('; ')}\n  got      ${got.log.join('; ')}`);
  return bad;
}

/** Reference and region runs of p must agree; returns both for further checks. */
function diff(p: Program, o: RegionOptions = {}) {
  const ref = reference(p);
  const got = withRegions(p, o);
  expect(compare(ref.out, got.out)).toEqual([]);
  expect(ref.out.end).not.toBe('budget');
  return { ref: ref.out, seen: ref.seen, got: got.out, regions: got.regions, entry: got.regions.get(p.entry)! };
}

const EXIT = 0xdead0;

// ---- hand-written CFGs ---------------------------------------------------------------------------

for (const backend of REGION_BACKENDS) {
  describe(`${backend} regions`, () => {
    beforeAll(() => {
      BACKEND = backend;
    });

    describe('region tier agrees with tier 1 on loop shapes', () => {
      test('counted loop', () => {
        const p = new Asm(0x1000)
          .at(0x1000, (b) => (sx(b, 5, k(b, 0)), sx(b, 6, k(b, 100)), goto(0x1010)))
          .at(0x1010, (b) => {
            sx(b, 5, b.add(gx(b, 5), gx(b, 6)));
            const i = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, i);
            return br(b.bin('ne', i, k(b, 0)), 0x1010, 0x1020);
          })
          .at(0x1020, (b) => (sx(b, 7, b.bin('shl', gx(b, 5), b.i32(1))), goto(EXIT)))
          .program();
        for (const optimized of [false, true]) {
          const r = diff(p, { optimized });
          expect(r.ref.end).toBe(`pc ${hex(EXIT)}`);
          expect(r.got.R[X(5)]).toBe(5050);
          expect(r.got.R[X(7)]).toBe(10100);
          expect(r.entry.code.loops).toBe(1);
          expect(r.entry.code.dispatchNodes).toBe(0);
          expect(r.got.dispatches).toBe(1); // the whole run inside one region call
          expect(promotedKeys(r.entry)).toContain(`${X(5)}:i64`); // x5 lives in a local
        }
      });

      test('a long loop: the same result; wasm regions return to the dispatcher every 65536 iterations', () => {
        const N = 90_000; // the reference (tier 1) dispatches each iteration: under the test budget of 100,000
        // The loop header is the region's entry (as for a region formed at a hot loop).
        const p = new Asm(0x1010).x(5, 0).x(6, N)
          .at(0x1010, (b) => {
            sx(b, 5, b.add(gx(b, 5), k(b, 3)));
            const i = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, i);
            return br(b.bin('ne', i, k(b, 0)), 0x1010, 0x1020);
          })
          .at(0x1020, () => goto(EXIT))
          .program();
        const r = diff(p, { mode: 'all' });
        expect(r.got.R[X(5)]).toBe(3 * N);
        // wasm: the region leaves at its entry after 65536 loop-header visits (V8 uses a function's optimized code from its next call on)
        expect(r.got.dispatches).toBe(backend === 'wasm' ? Math.ceil(N / 65536) : 1);
      });

      test('nested loops with stores', () => {
        // for (i = 0; i < 9; i++) { for (j = 0; j <= i; j++) s += i * j; data[i] = s; }
        const p = new Asm(0x1000)
          .at(0x1000, (b) => (sx(b, 5, k(b, 0)), sx(b, 10, k(b, 0)), goto(0x1010)))
          .at(0x1010, (b) => (sx(b, 6, k(b, 0)), goto(0x1020)))
          .at(0x1020, (b) => {
            sx(b, 10, b.add(gx(b, 10), b.bin('mul', gx(b, 5), gx(b, 6))));
            const j = b.add(gx(b, 6), k(b, 1));
            sx(b, 6, j);
            return br(b.bin('le_s', j, gx(b, 5)), 0x1020, 0x1030);
          }, 3)
          .at(0x1030, (b) => {
            const i = gx(b, 5);
            b.store(b.add(k(b, DATA), b.bin('shl', i, b.i32(3))), gx(b, 10), 8, 0x1030);
            const i1 = b.add(i, k(b, 1));
            sx(b, 5, i1);
            return br(b.bin('lt_s', i1, k(b, 9)), 0x1010, EXIT);
          }, 3)
          .program();
        const r = diff(p);
        expect(r.entry.code.loops).toBe(2);
        expect(r.got.dispatches).toBe(1);
        expect(r.got.memory[0].subarray(0, 16)).toEqual(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]));
      });

      test('loop with an if/else diamond (Collatz steps)', () => {
        const p = new Asm(0x1000)
          .x(5, 27)
          .at(0x1000, (b) => (sx(b, 6, k(b, 0)), goto(0x1010)))
          .at(0x1010, (b) => br(b.bin('ne', b.bin('and', gx(b, 5), k(b, 1)), k(b, 0)), 0x1020, 0x1030))
          .at(0x1020, (b) => (sx(b, 5, b.add(b.bin('mul', gx(b, 5), k(b, 3)), k(b, 1))), goto(0x1040)))
          .at(0x1030, (b) => (sx(b, 5, b.bin('shr_u', gx(b, 5), b.i32(1))), goto(0x1040)))
          .at(0x1040, (b) => (sx(b, 6, b.add(gx(b, 6), k(b, 1))), br(b.bin('ne', gx(b, 5), k(b, 1)), 0x1010, EXIT)))
          .program();
        const r = diff(p);
        expect(r.got.R[X(6)]).toBe(111);
        expect(r.entry.code.loops).toBe(1);
        expect(r.entry.code.blocks).toBe(5);
      });

      test('loop with two exits (search), key present and absent', () => {
        // i = 0; loop: if (data[i] == key) goto found; i++; if (i == n) goto missing; goto loop
        const build = (key: number) => {
          const a = new Asm(0x1000).x(7, key).x(8, 50);
          for (let i = 0; i < 50; i++) a.poke64(DATA + 8 * i, i * 7 + 1);
          return a
            .at(0x1000, (b) => (sx(b, 5, k(b, 0)), goto(0x1010)))
            .at(0x1010, (b) => {
              const v = b.load('i64', b.add(k(b, DATA), b.bin('shl', gx(b, 5), b.i32(3))), 8, true, 0x1010);
              return br(b.bin('eq', v, gx(b, 7)), 0x1030, 0x1020);
            }, 2)
            .at(0x1020, (b) => {
              const i = b.add(gx(b, 5), k(b, 1));
              sx(b, 5, i);
              return br(b.bin('eq', i, gx(b, 8)), 0x1040, 0x1010);
            }, 2)
            .at(0x1030, (b) => (sx(b, 10, gx(b, 5)), goto(EXIT)))
            .at(0x1040, (b) => (sx(b, 10, k(b, -1)), goto(EXIT + 4)))
            .program();
        };
        const found = diff(build(7 * 33 + 1));
        expect(found.got.end).toBe(`pc ${hex(EXIT)}`);
        expect(found.got.R[X(10)]).toBe(33);
        const missing = diff(build(2));
        expect(missing.got.end).toBe(`pc ${hex(EXIT + 4)}`);
        expect(missing.got.R[X(10)]).toBe(-1);
        expect(missing.entry.code.loops).toBe(1);
      });

      /** entry branches on x10's low bit into A or B; A and B form a cycle; each also leaves. */
      const irreducible = (x10: number) =>
        new Asm(0x1000)
          .x(10, x10)
          .x(6, 40)
          .at(0x1000, (b) => br(b.bin('ne', b.bin('and', gx(b, 10), k(b, 1)), k(b, 0)), 0x1020, 0x1010))
          .at(0x1010, (b) => {
            // A
            sx(b, 5, b.add(gx(b, 5), k(b, 1)));
            const n = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, n);
            return br(b.bin('eq', n, k(b, 0)), EXIT, 0x1020);
          }, 3)
          .at(0x1020, (b) => {
            // B
            sx(b, 7, b.add(b.bin('mul', gx(b, 7), k(b, 3)), gx(b, 5)));
            const n = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, n);
            return br(b.bin('lt_s', n, k(b, 1)), EXIT + 4, 0x1010);
          }, 3);

      test('irreducible loop (the entry branches into the middle of a cycle) gets a dispatch node', () => {
        for (const x10 of [0, 1]) {
          for (const optimized of [false, true]) {
            const r = diff(irreducible(x10).program(), { optimized });
            expect(r.entry.code.dispatchNodes).toBeGreaterThan(0);
            expect(r.entry.code.loops).toBeGreaterThan(0);
            expect(r.got.dispatches).toBe(1);
            expect(r.got.R[X(6)]).toBe(0);
          }
        }
      });

      test('irreducible loop entered at each of its entries, with an interrupt stop in the middle', () => {
        // Regions at A and B themselves (reducible from there) and a stop at the dispatch node.
        for (const x10 of [0, 1]) {
          const p = irreducible(x10).program();
          const r = diff(p, { mode: 'all' });
          expect(r.got.dispatches).toBe(1);
        }
        // IRQ raised before the call: the dispatch node (the loop header) is polled first, reports
        // the entry the selector names, and resuming there gives the same result.
        const p = irreducible(1).program();
        const blocks = variant(p.blocks, false);
        const region = compileRegion(blocks, p.entry);
        loadState(p);
        cpu.irq[0] = 1;
        expect(region.fn()).toBe(-1);
        expect(cpu.exitReason).toBe(EXIT_INTERRUPT);
        expect(hex(cpu.pc)).toBe(hex(0x1020)); // x10 odd: B
        expect(cpu.R[X(6)]).toBe(40);
      });

      test('irreducible loop nested in a reducible loop', () => {
        // outer: for (n = 5; n; n--) { if (x5 & 1) goto B; A: ...; B: ...; (A <-> B) ... } then exit
        const p = new Asm(0x1000)
          .x(5, 3)
          .x(9, 5)
          .at(0x1000, (b) => (sx(b, 6, k(b, 7)), br(b.bin('ne', b.bin('and', gx(b, 5), k(b, 1)), k(b, 0)), 0x1020, 0x1010)))
          .at(0x1010, (b) => {
            sx(b, 5, b.add(gx(b, 5), k(b, 3)));
            const n = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, n);
            return br(b.bin('lt_s', n, k(b, 1)), 0x1030, 0x1020);
          })
          .at(0x1020, (b) => {
            sx(b, 5, b.bin('xor', gx(b, 5), b.bin('shl', gx(b, 6), b.i32(2))));
            const n = b.sub(gx(b, 6), k(b, 2));
            sx(b, 6, n);
            return br(b.bin('lt_s', n, k(b, 1)), 0x1030, 0x1010);
          })
          .at(0x1030, (b) => {
            const n = b.sub(gx(b, 9), k(b, 1));
            sx(b, 9, n);
            sx(b, 10, b.add(gx(b, 10), gx(b, 5)));
            return br(b.bin('ne', n, k(b, 0)), 0x1000, EXIT);
          })
          .program();
        for (const optimized of [false, true]) {
          const r = diff(p, { optimized });
          expect(r.entry.code.dispatchNodes).toBeGreaterThan(0);
          expect(r.entry.code.loops).toBeGreaterThanOrEqual(2);
          expect(r.got.dispatches).toBe(1);
        }
      });

      test('more irreducible loops than dispatch nodes allowed: the rest leave through side exits', () => {
        // 24 stages; stage i: head branches on x5's low bit into A_i or B_i, a two-entry cycle that
        // runs x6 = 3 times round and then goes to the next stage's head.
        const STAGES = 24;
        const head = (i: number) => 0x10000 + i * 0x100;
        const a = new Asm(head(0)).x(5, 0x2b);
        for (let i = 0; i < STAGES; i++) {
          const A = head(i) + 0x10, B = head(i) + 0x20, next = i + 1 < STAGES ? head(i + 1) : EXIT;
          a.at(head(i), (b) => {
            sx(b, 6, k(b, 3));
            sx(b, 5, b.bin('rotl', gx(b, 5), b.i32(1)));
            return br(b.bin('ne', b.bin('and', gx(b, 5), k(b, 1)), k(b, 0)), B, A);
          });
          for (const [me, other, mul] of [[A, B, 3], [B, A, 5]]) {
            a.at(me, (b) => {
              sx(b, 7, b.add(b.bin('mul', gx(b, 7), k(b, mul)), k(b, i)));
              const n = b.sub(gx(b, 6), k(b, 1));
              sx(b, 6, n);
              return br(b.bin('lt_s', n, k(b, 1)), next, other);
            });
          }
        }
        const r = diff(a.program());
        expect(r.entry.code.dispatchNodes).toBe(16);
        expect(r.entry.code.blocks).toBe(3 * STAGES);
        expect(r.got.dispatches).toBeGreaterThan(1);
        expect(r.got.end).toBe(`pc ${hex(EXIT)}`);
        diff(a.program(), { mode: 'all', optimized: true });
      });

      /** A loop that switches on x5 & 3 through a jump table to four cases. */
      const switchLoop = () => {
        const cases = [0x1100, 0x1200, 0x1300, 0x1400];
        const a = new Asm(0x1000).x(5, 0).x(6, 60);
        cases.forEach((c, i) => a.poke64(TABLE + 8 * i, c));
        a.at(0x1000, (b) => {
          const t = b.load('i64', b.add(k(b, TABLE), b.bin('shl', b.bin('and', gx(b, 5), k(b, 3)), b.i32(3))), 8, false, 0x1000);
          return { k: 'jump', target: t };
        }, 3);
        cases.forEach((c, i) => a.at(c, (b) => (sx(b, 7, b.add(b.bin('mul', gx(b, 7), k(b, 5)), k(b, i + 1))), goto(0x1500))));
        a.at(0x1500, (b) => {
          sx(b, 5, b.add(gx(b, 5), b.bin('shr_u', gx(b, 7), b.i32(3))));
          const n = b.sub(gx(b, 6), k(b, 1));
          sx(b, 6, n);
          return br(b.bin('ne', n, k(b, 0)), 0x1000, EXIT);
        });
        return { p: a.program(), cases };
      };

      test('indirect jump whose seen targets are in the region', () => {
        const { p, cases } = switchLoop();
        const ref = reference(p);
        const seen = [...(ref.seen.get(0x1000) ?? [])];
        expect(seen.sort()).toEqual(cases); // the run takes all four
        const r = diff(p, { jumpTargets: (pc) => (pc === 0x1000 ? seen : []) });
        expect(r.got.dispatches).toBe(1);
        expect(r.entry.code.blocks).toBe(6);
        // Only two targets known: the others leave the region and come back through the dispatcher.
        const r2 = diff(p, { jumpTargets: (pc) => (pc === 0x1000 ? cases.slice(0, 2) : []) });
        expect(r2.got.dispatches).toBeGreaterThan(1);
        // An unknown target leaves with the computed PC even when no candidate is in the region.
        const r3 = diff(p, { mode: 'all' });
        expect(r3.got.regionCalls).toBe(r3.got.dispatches);
      });

      test('call and return through a link register (callReturn hint)', () => {
        // loop: x1 = ret; goto f (callReturn ret); f: x10 += x11; jump x1; ret: x11--; loop while x11
        const p = new Asm(0x1000)
          .x(11, 20)
          .at(0x1000, (b) => (sx(b, 1, k(b, 0x1008)), goto(0x2000)), 2, 0x1008)
          .at(0x2000, (b) => (sx(b, 10, b.add(gx(b, 10), gx(b, 11))), { k: 'jump', target: gx(b, 1) }), 2)
          .at(0x1008, (b) => {
            const n = b.sub(gx(b, 11), k(b, 1));
            sx(b, 11, n);
            return br(b.bin('ne', n, k(b, 0)), 0x1000, EXIT);
          })
          .program();
        // No jump profile at all: the return point is a candidate because a block calls with it.
        const r = diff(p);
        expect(r.got.R[X(10)]).toBe(210);
        expect(r.got.dispatches).toBe(1);
        expect(r.entry.code.loops).toBe(1);
      });

      test('side exits to PCs outside the region (not admitted, or past the budget)', () => {
        // A loop whose body sometimes takes a rare path; the rare block is not admitted.
        const p = new Asm(0x1000)
          .x(6, 64)
          .at(0x1000, (b) => br(b.bin('eq', b.bin('and', gx(b, 6), k(b, 7)), k(b, 0)), 0x1100, 0x1010))
          .at(0x1010, (b) => (sx(b, 5, b.add(gx(b, 5), gx(b, 6))), goto(0x1020)))
          .at(0x1100, (b) => (sx(b, 8, b.add(gx(b, 8), k(b, 1))), b.store(b.add(k(b, DATA), b.bin('shl', gx(b, 8), b.i32(3))), gx(b, 5), 8, 0x1100), goto(0x1020)), 2)
          .at(0x1020, (b) => {
            const n = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, n);
            return br(b.bin('ne', n, k(b, 0)), 0x1000, EXIT);
          })
          .program();
        const r = diff(p, { admit: (pc) => pc !== 0x1100 });
        expect(r.got.dispatches).toBe(1 + 8 * 3); // 8 rare trips: region -> 0x1100 -> 0x1020 -> region
        expect(r.got.R[X(8)]).toBe(8);
        // A budget of 2 instructions keeps the entry block and one successor.
        const r2 = diff(p, { maxInsns: 2 });
        expect(r2.got.dispatches).toBeGreaterThan(64);
        const r3 = diff(p, { maxInsns: 2, mode: 'all' });
        expect(r3.got.regionCalls).toBe(r3.got.dispatches);
      });

      test('syscall, flush and trap exits inside a loop', () => {
        const p = new Asm(0x1000)
          .x(6, 5)
          .x(17, 64)
          .at(0x1000, (b) => (sx(b, 10, b.add(gx(b, 10), gx(b, 6))), { k: 'syscall', pc: 0x1004, next: 0x1008 }), 2)
          .at(0x1008, (b) => (sx(b, 5, b.add(gx(b, 5), gx(b, 10))), { k: 'flush', next: 0x1010 }), 2)
          .at(0x1010, (b) => {
            const n = b.sub(gx(b, 6), k(b, 1));
            sx(b, 6, n);
            return br(b.bin('ne', n, k(b, 0)), 0x1000, 0x1020);
          })
          .at(0x1020, (b) => (sx(b, 9, k(b, 99)), { k: 'trap', pc: 0x1020, signal: 5, code: 1, addr: 0 }))
          .program();
        for (const mode of ['entry', 'all'] as const) {
          const r = diff(p, { mode });
          expect(r.got.log.length).toBe(10);
          expect(r.got.end).toBe('trap @0x1020 signal 5 code 1');
          expect(r.got.R[X(9)]).toBe(99);
        }
      });
    });

    // ---- interrupts, faults, promotion -------------------------------------------------------------

    describe('region tier: interrupt poll, precise faults, promotion', () => {
      /** `x5 = x5 + 1; goto self` (plus a call of H.runaway), optionally after a block doing the same. */
      const selfLoop = (pre: boolean) => {
        const a = new Asm(pre ? 0x0ff0 : 0x1000).x(5, 41).x(6, 7);
        if (pre) a.at(0x0ff0, (b) => (sx(b, 5, b.add(gx(b, 5), k(b, 1))), goto(0x1000)));
        return a.at(0x1000, (b) => (sx(b, 5, b.add(gx(b, 5), k(b, 1))), b.call('runaway', [], undefined, 0x1004), goto(0x1000)), 2).program();
      };

      test('an infinite loop returns EXIT_INTERRUPT at its header when IRQ[0] is set before the call', () => {
        for (const optimized of [false, true]) {
          const p = selfLoop(false);
          const r = compileRegion(variant(p.blocks, optimized), p.entry);
          expect(r.code.loops).toBe(1);
          loadState(p);
          cpu.irq[0] = 1;
          expect(r.fn()).toBe(-1);
          expect(cpu.exitReason).toBe(EXIT_INTERRUPT);
          expect(hex(cpu.pc)).toBe('0x1000');
          // The poll comes first in the header: the body did not run.
          expect(cpu.R[X(5)]).toBe(41);
          expect(cpu.R[X(5) + 1]).toBe(0);
          expect(cpu.R[X(6)]).toBe(7);
          expect(cpu.irq[0]).toBe(1); // the region leaves clearing it to the dispatcher
        }
      });

      test('a block before the loop header runs once before the poll; the register is written back', () => {
        const p = selfLoop(true);
        const r = compileRegion(p.blocks, p.entry);
        loadState(p);
        cpu.irq[0] = 1;
        expect(r.fn()).toBe(-1);
        expect(cpu.exitReason).toBe(EXIT_INTERRUPT);
        expect(hex(cpu.pc)).toBe('0x1000');
        expect(cpu.R[X(5)]).toBe(42);
      });

      test('IRQ raised during the loop stops it at the next header with every iteration written back', () => {
        const p = new Asm(0x1000)
          .x(5, 100)
          .at(0x1000, (b) => (sx(b, 5, b.add(gx(b, 5), k(b, 1))), b.call('tick', [], undefined, 0x1000), goto(0x1010)))
          .at(0x1010, (b) => (sx(b, 6, b.add(gx(b, 6), k(b, 2))), goto(0x1000)))
          .program();
        for (const optimized of [false, true]) {
          const r = compileRegion(variant(p.blocks, optimized), p.entry);
          let ticks = 0;
          onTick = () => {
            if (++ticks === 5) cpu.irq[0] = 1;
          };
          try {
            loadState(p);
            expect(r.fn()).toBe(-1);
          } finally {
            onTick = () => {};
          }
          expect(cpu.exitReason).toBe(EXIT_INTERRUPT);
          expect(hex(cpu.pc)).toBe('0x1000');
          expect(ticks).toBe(5);
          expect(cpu.R[X(5)]).toBe(105);
          expect(cpu.R[X(6)]).toBe(10);
        }
      });

      test('a fault in a region throws GuestFault with the access PC after writing the locals back', () => {
        // loop: x5 = x5 + 1; x6 = load [x5 == 3 ? 0x100 : DATA]; goto loop
        const p = new Asm(0x1000)
          .x(5, 0)
          .x(6, 0)
          .at(0x1000, (b) => {
            const n = b.add(gx(b, 5), k(b, 1));
            sx(b, 5, n);
            const addr = b.select(b.bin('eq', n, k(b, 3)), k(b, UNMAPPED), k(b, DATA));
            sx(b, 6, b.add(gx(b, 6), b.load('i64', addr, 4, true, 0x1004)));
            return goto(0x1000);
          }, 3)
          .program();
        for (const optimized of [false, true]) {
          const r = compileRegion(variant(p.blocks, optimized), p.entry);
          loadState(p);
          let caught: unknown;
          try {
            r.fn();
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(GuestFault);
          const f = caught as GuestFault;
          expect(hex(f.pc)).toBe('0x1004');
          expect(hex(f.addr)).toBe(hex(UNMAPPED));
          expect(f.write).toBe(false);
          expect(cpu.R[X(5)]).toBe(3); // incremented before the faulting load, and written back
          expect(promotedKeys(r)).toContain(`${X(5)}:i64`);
        }
        // The one-block form of the brief: set x5 = x5 + 1; load from 0x100.
        const q = new Asm(0x1000)
          .x(5, 9)
          .at(0x1000, (b) => (sx(b, 5, b.add(gx(b, 5), k(b, 1))), sx(b, 7, b.load('i64', k(b, UNMAPPED), 8, false, 0x1004)), goto(0x1000)), 2)
          .program();
        const r = compileRegion(q.blocks, q.entry);
        loadState(q);
        expect(() => r.fn()).toThrow(GuestFault);
        expect(cpu.R[X(5)]).toBe(10);
        expect(cpu.R[X(7)]).toBe(0);
        // The same runs agree with tier 1 through the dispatcher.
        diff(p);
        diff(q);
      });

      test('a GuestTrap thrown by a helper also writes the locals back', () => {
        const p = new Asm(0x1000)
          .at(0x1000, (b) => {
            const n = b.add(gx(b, 5), k(b, 1));
            sx(b, 5, n);
            b.call('maybeTrap', [b.un('lo64', n), b.i32(0x1008)], undefined, 0x1008);
            return goto(0x1000);
          }, 3)
          .program();
        const r = diff(p);
        expect(r.got.end).toBe('trap @0x1008 SIGILL (helper)');
        expect(r.got.R[X(5)]).toBe(7);
      });

      /** A loop over an FP register: read as f64 (stored to memory), reloaded; optionally also read as raw i32 halves. */
      const fpLoop = (halves: boolean) =>
        new Asm(0x1000)
          .x(5, 0)
          .f(0, 1.5)
          .poke(FDATA, new Uint8Array(new Float64Array([2.25, -3.5, 1e300, 5e-324, -0, 7, 8.125, 9]).buffer))
          .at(0x1000, (b) => {
            const i = gx(b, 5);
            const off = b.bin('shl', b.bin('and', i, k(b, 7)), b.i32(3));
            b.store(b.add(k(b, FDATA + 64), off), b.get(F(0), 'f64'), 8, 0x1000);
            if (halves) {
              const bits = b.bin('pair', b.get(F(0), 'i32'), b.get(F(0) + 1, 'i32'));
              sx(b, 7, b.bin('xor', gx(b, 7), bits));
            }
            const next = b.bin('shl', b.bin('and', b.add(i, k(b, 1)), k(b, 7)), b.i32(3));
            b.set(F(0), b.load('f64', b.add(k(b, FDATA), next), 8, false, 0x1008));
            const n = b.add(i, k(b, 1));
            sx(b, 5, n);
            return br(b.bin('lt_s', n, k(b, 20)), 0x1000, EXIT);
          }, 4)
          .program();

      test('an FP register read as f64 and as i32 halves stays in the register file (and is right)', () => {
        const mixed = diff(fpLoop(true));
        expect(promotedKeys(mixed.entry)).not.toContain(`${F(0)}:f64`);
        expect(promotedKeys(mixed.entry)).toContain(`${X(5)}:i64`);
        expect(mixed.got.R[X(7)]).not.toBe(0);
        const plain = diff(fpLoop(false));
        expect(promotedKeys(plain.entry)).toContain(`${F(0)}:f64`);
        // An x register also read as its low word (i32) stays in the file too.
        const q = new Asm(0x1000)
          .x(5, 0x123456789n)
          .at(0x1000, (b) => {
            const lo = b.get(X(5), 'i32');
            sx(b, 6, b.add(gx(b, 6), b.un('sext32to64', lo)));
            sx(b, 5, b.add(gx(b, 5), k(b, 0x100000001n)));
            return br(b.bin('lt_s', gx(b, 6), k(b, 1e12)), 0x1000, EXIT);
          })
          .program();
        const r = diff(q, { optimized: false });
        expect(promotedKeys(r.entry)).not.toContain(`${X(5)}:i64`);
        expect(promotedKeys(r.entry)).toContain(`${X(6)}:i64`);
      });
    });

    // ---- random CFGs -----------------------------------------------------------------------------

    const stats = { maxDispatch: 0, graphs: 0, nodes: 0, runs: 0, regions: 0, loops: 0, dispatchNodes: 0, irreducibleGraphs: 0, faults: 0, traps: 0, syscalls: 0, interrupts: 0, sideExits: 0, fuelOut: 0 };

    const BASE = 0x400000;
    const FUEL_OUT = 0xf000;
    const OUTSIDE = 0x800000;

    /** A random guest program: 2..maxNodes nodes; see the file comment. */
    function randomProgram(seed: number, maxNodes = 12): Program & { nodes: number } {
      const r = prng(seed);
      const n = 2 + r.int(maxNodes - 1);
      const nodePc = (i: number) => BASE + i * 0x100;
      const faulty = r.chance(4);
      const irqs = r.chance(4);
      const fpMix = r.chance(3);
      const blocks: Blocks = new Map();
      const tables = new Map<number, number[]>();
      const tableBytes: Array<[number, bigint]> = [];
      const target = () => (r.chance(20) ? OUTSIDE + 4 * r.int(4) : nodePc(r.int(n)));
      const reg = () => 1 + r.int(8);
      const small = () => BigInt(r.int(33) - 16);

      const fuelStep = (b: IRBuilder): Temp => {
        const f = b.sub(b.get(FUEL, 'i64'), k(b, 1));
        b.set(FUEL, f);
        return b.bin('lt_s', f, k(b, 1));
      };
      /** An i64 address in [base, base + 0xff8] from a register. */
      const addrIn = (b: IRBuilder, base: number): Temp =>
        r.chance(2)
          ? b.add(b.bin('and', gx(b, reg()), k(b, 0xff8)), k(b, base))
          : b.add(b.un('zext32to64', b.bin('and', b.un('lo64', gx(b, reg())), b.i32(0xff8))), k(b, base));

      for (let i = 0; i < n; i++) {
        const w = r.int(100);
        const kind = w < 28 ? 'goto' : w < 80 ? 'branch' : w < 88 ? 'jump' : w < 93 ? 'syscall' : w < 95 ? 'flush' : w < 97 ? 'out' : 'trap';
        const separate = kind !== 'goto' || r.chance(2);
        const pc = separate ? nodePc(i) + 0x80 : nodePc(i);
        if (separate) {
          const c = new IRBuilder(nodePc(i));
          const done = fuelStep(c);
          blocks.set(nodePc(i), c.finish(br(done, FUEL_OUT, pc), nodePc(i) + 4, 1));
        }
        const b = new IRBuilder(pc);
        let insn = 0;
        const at = () => pc + 4 * insn++;
        const ops = r.int(6);
        for (let j = 0; j < ops; j++) {
          const d = reg();
          switch (r.int(12)) {
            case 0:
            case 1: {
              const op = r.pick(['add', 'sub', 'xor', 'and', 'or', 'mul', 'shl', 'shr_u', 'shr_s', 'rotl', 'lt_s', 'lt_u', 'div_s', 'rem_u', 'mulh_s'] as const);
              const a = gx(b, reg());
              if (op === 'shl' || op === 'shr_u' || op === 'shr_s' || op === 'rotl') sx(b, d, b.bin(op, a, r.chance(2) ? b.i32(r.int(64)) : b.un('lo64', gx(b, reg()))));
              else if (op === 'lt_s' || op === 'lt_u') sx(b, d, b.un('zext32to64', b.bin(op, a, gx(b, reg()))));
              else sx(b, d, b.bin(op, a, r.chance(4) ? k(b, small()) : gx(b, reg())));
              at();
              break;
            }
            case 2:
              sx(b, d, b.add(gx(b, reg()), k(b, small())));
              at();
              break;
            case 3: {
              // W form: 32-bit op, sign-extended
              const op = r.pick(['add', 'sub', 'mul', 'shl', 'div_s', 'rem_u', 'xor'] as const);
              const a = b.un('lo64', gx(b, reg()));
              const c = op === 'shl' ? b.i32(r.int(32)) : b.un('lo64', gx(b, reg()));
              sx(b, d, b.un('sext32to64', b.bin(op, a, c)));
              at();
              break;
            }
            case 4: {
              const size = r.pick([1, 2, 4, 8] as const);
              sx(b, d, b.load('i64', addrIn(b, r.chance(4) ? LOWDATA : DATA), size, r.chance(2), at()));
              break;
            }
            case 5: {
              const size = r.pick([1, 2, 4, 8] as const);
              b.store(addrIn(b, r.chance(4) ? LOWDATA : DATA), gx(b, reg()), size, at());
              break;
            }
            case 6:
              sx(b, d, b.select(b.bin('lt_s', gx(b, reg()), gx(b, reg())), gx(b, reg()), gx(b, reg())));
              at();
              break;
            case 7: {
              // FP registers hold finite doubles: moves through memory; with fpMix also raw bits.
              const fr = r.int(4);
              const addr = b.add(b.bin('and', gx(b, reg()), k(b, 0x38)), k(b, FDATA));
              const m = fpMix ? r.int(5) : r.int(2);
              if (m === 0) b.set(F(fr), b.load('f64', addr, 8, false, at()));
              else if (m === 1) b.store(addr, b.get(F(fr), 'f64'), 8, at());
              else if (m === 2) (sx(b, d, b.get(F(fr), 'i64')), at());
              else if (m === 3) (b.set(F(fr), b.bin('and', gx(b, reg()), k(b, 0xbfffffffffffffffn))), at()); // exponent < 0x400: finite
              else (sx(b, d, b.bin('pair', b.get(F(fr) + 1, 'i32'), b.get(F(fr), 'i32'))), at());
              break;
            }
            case 8:
              // A register read as its low word (keeps it out of a local in regions that do this).
              if (r.chance(3)) sx(b, d, b.un('sext32to64', b.add(b.get(X(reg()), 'i32'), b.i32(Number(small())))));
              else sx(b, d, b.bin('or', gx(b, reg()), k(b, small())));
              at();
              break;
            case 9:
              if (irqs) b.call('raiseIrq', [], undefined, at());
              else (sx(b, d, b.un(r.pick(['neg', 'not', 'popcnt', 'clz'] as const), gx(b, reg()))), at());
              break;
            case 10:
            case 11:
              if (faulty && r.chance(2)) {
                const a = gx(b, reg());
                const bad = b.bin('eq', b.bin('and', b.un('lo64', a), b.i32(15)), b.i32(5));
                const addr = b.select(bad, k(b, UNMAPPED + 8 * r.int(4)), k(b, DATA + 8 * r.int(100)));
                if (r.chance(2)) sx(b, d, b.load('i64', addr, 8, false, at()));
                else b.store(addr, a, r.pick([1, 8] as const), at());
              } else if (faulty && r.chance(3)) {
                const tpc = at();
                b.call('maybeTrap', [b.un('lo64', gx(b, reg())), b.i32(tpc)], undefined, tpc);
              }
              else (sx(b, d, b.add(gx(b, d), gx(b, reg()))), at());
              break;
          }
        }
        const cond = (): Temp => {
          switch (r.int(5)) {
            case 0: return b.bin('lt_s', gx(b, reg()), gx(b, reg()));
            case 1: return b.bin('lt_u', gx(b, reg()), gx(b, reg()));
            case 2: return b.bin('eq', b.bin('and', b.un('lo64', gx(b, reg())), b.i32(1)), b.i32(0));
            case 3: return b.bin('ne', gx(b, reg()), k(b, small()));
            default: return b.bin('lt_s', b.un('lo64', gx(b, reg())), b.i32(r.int(20)));
          }
        };
        let exit: Exit;
        switch (kind) {
          case 'goto':
            exit = separate ? goto(target()) : br(fuelStep(b), FUEL_OUT, target());
            break;
          case 'branch':
            exit = br(cond(), target(), target());
            break;
          case 'jump': {
            const entries = Array.from({ length: 4 }, () => (faulty && r.chance(8) ? 0x100400000 : target()));
            tables.set(pc, entries.filter((e) => e < 2 ** 32));
            entries.forEach((e, j) => tableBytes.push([TABLE + i * 32 + 8 * j, BigInt(e)]));
            const idx = b.bin('shl', b.bin('and', gx(b, reg()), k(b, 3)), b.i32(3));
            exit = { k: 'jump', target: b.load('i64', b.add(idx, k(b, TABLE + i * 32)), 8, false, at()) };
            break;
          }
          case 'syscall':
            exit = { k: 'syscall', pc: at(), next: target() };
            break;
          case 'flush':
            exit = { k: 'flush', next: target() };
            break;
          case 'out':
            exit = goto(OUTSIDE + 0x40 + 4 * r.int(4));
            break;
          case 'trap':
            exit = r.chance(2) ? { k: 'trap', pc: at(), signal: 4, code: 2, addr: pc } : br(cond(), target(), target());
            break;
        }
        insn = Math.max(insn, 1);
        const blk = b.finish(exit, pc + 4 * insn, insn);
        if (kind === 'goto' && r.chance(6)) blk.callReturn = nodePc(r.int(n));
        blocks.set(pc, blk);
      }

      // Registers: x1..x8 small, 32-bit or 64-bit values; the fuel; f0..f3 finite doubles.
      const regs = new Int32Array(WORDS);
      for (let w = 2; w < 128; w++) regs[w] = r.u32() | 0;
      for (let x = 1; x <= 8; x++) {
        const form = r.int(3);
        if (form === 0) (regs[X(x)] = r.int(24) - 4), (regs[X(x) + 1] = regs[X(x)] >> 31);
        else if (form === 1) regs[X(x) + 1] = regs[X(x)] >> 31;
      }
      regs[FUEL] = 4 + r.int(160);
      regs[FUEL + 1] = 0;
      const f64 = new Float64Array(regs.buffer);
      for (let i = 0; i < 32; i++) f64[F(i) >> 1] = ((r.u32() / 97) - 2e7) * (r.chance(3) ? 1e-300 : 1);
      for (let w = 128; w < WORDS; w++) regs[w] = 0;
      const memory = initialMemory((u8, base) => {
        if (base === DATA) {
          for (let j = 0; j < 0x1000; j++) u8[j] = r.int(256);
          const fd = new DataView(u8.buffer, 0x1000, 0x1000);
          for (let j = 0; j < 16; j++) fd.setFloat64(8 * j, (r.u32() - 2 ** 31) / 64, true);
          const tb = new DataView(u8.buffer);
          for (const [a, v] of tableBytes) tb.setBigUint64(a - DATA, v, true);
        } else for (let j = 0; j < u8.length; j++) u8[j] = r.int(256);
      });
      return { entry: nodePc(0), blocks, regs, memory, tables, nodes: n };
    }

    /** Reference and three region configurations for one random program; mismatch lines. */
    function checkRandom(seed: number, maxNodes?: number): string[] {
      const p = randomProgram(seed, maxNodes);
      const r = prng(seed ^ 0x5bd1e995);
      stats.graphs++;
      stats.nodes += p.nodes;
      const ref = reference(p);
      if (ref.out.end === 'budget') return [`seed ${seed}: reference ran out of budget`];
      if (ref.out.end.startsWith('fault')) stats.faults++;
      if (ref.out.end.startsWith('trap')) stats.traps++;
      if (ref.out.end === `pc ${hex(FUEL_OUT)}`) stats.fuelOut++;
      stats.syscalls += ref.out.log.length;
      const seen = (pc: number) => [...(ref.seen.get(pc) ?? [])];
      const admitted = new Set([...p.blocks.keys()].filter(() => !r.chance(4)));
      const someTargets = new Map([...p.tables!].map(([pc, ts]) => [pc, ts.filter(() => r.chance(2))]));
      const configs: Array<[string, RegionOptions]> = [
        ['one region at the entry, optimized blocks, seen jump targets', { mode: 'entry', optimized: true, jumpTargets: seen }],
        [
          'a region at every PC, 3/4 of the blocks admitted, small budget, some table targets',
          { mode: 'all', admit: (pc) => admitted.has(pc), maxInsns: 2 + r.int(24), jumpTargets: (pc) => someTargets.get(pc) ?? [] },
        ],
        ['a region at every PC, optimized, every table target', { mode: 'all', optimized: true, jumpTargets: (pc) => p.tables!.get(pc) ?? [] }],
      ];
      const bad: string[] = [];
      for (const [name, o] of configs) {
        let got: ReturnType<typeof withRegions>;
        try {
          got = withRegions(p, o);
        } catch (e) {
          bad.push(`seed ${seed} (${name}): ${(e as Error).stack}`);
          continue;
        }
        stats.runs++;
        stats.interrupts += got.out.interrupts;
        stats.sideExits += got.out.dispatches - 1;
        for (const c of got.regions.values()) {
          stats.regions++;
          stats.loops += c.code.loops;
          stats.dispatchNodes += c.code.dispatchNodes;
          stats.maxDispatch = Math.max(stats.maxDispatch, c.code.dispatchNodes);
        }
        if ([...got.regions.values()].some((c) => c.code.dispatchNodes > 0) && name.startsWith('one')) stats.irreducibleGraphs++;
        const d = compare(ref.out, got.out);
        if (d.length) {
          bad.push(`seed ${seed} (${name}): ${d.join('\n  ')}`);
          if (process.env.TSEMU_REGION_DEBUG) {
            bad.push([...p.blocks.values()].map(formatBlock).join('\n'));
            for (const c of got.regions.values()) bad.push(listing(c.code));
          }
        }
      }
      return bad;
    }

    describe('region tier agrees with tier 1 on random CFGs', () => {
      const SEEDS = Number(process.env.TSEMU_REGION_GRAPHS) || 1000;
      test(`${SEEDS} random graphs of 2..12 nodes`, { timeout: 120_000 }, () => {
        const bad: string[] = [];
        for (let s = 1; s <= SEEDS && bad.length < 6; s++) bad.push(...checkRandom(s * 7919));
        expect(bad).toEqual([]);
        // The generator must reach what it is for (counts for the default 1000 graphs are about 10x these).
        if (SEEDS >= 1000) {
          expect(stats.irreducibleGraphs).toBeGreaterThan(30);
          expect(stats.faults).toBeGreaterThan(5);
          expect(stats.traps).toBeGreaterThan(10);
          expect(stats.syscalls).toBeGreaterThan(300);
          expect(stats.interrupts).toBeGreaterThan(300);
          expect(stats.fuelOut).toBeGreaterThan(300);
        }
      });

      const LARGE = Number(process.env.TSEMU_REGION_LARGE_GRAPHS) || 100;
      const LARGE_NODES = Number(process.env.TSEMU_REGION_LARGE_NODES) || 60;
      test(`${LARGE} larger random graphs (2..${LARGE_NODES} nodes)`, { timeout: 120_000 }, () => {
        const bad: string[] = [];
        for (let s = 1; s <= LARGE && bad.length < 6; s++) bad.push(...checkRandom(0x10000 + s * 104729, LARGE_NODES));
        expect(bad).toEqual([]);
      });
    });

    afterAll(() => {
      const s = stats;
      console.log(
        `${backend} regions: ${s.graphs} random graphs (${s.nodes} nodes), ${s.runs} region runs, ${s.regions} regions (${s.loops} loops, ${s.dispatchNodes} dispatch nodes, at most ${s.maxDispatch} in one; ` +
          `${s.irreducibleGraphs} graphs irreducible at the entry), ${s.sideExits} re-entries, ${s.interrupts} interrupts; reference ends: ${s.fuelOut} fuel, ${s.faults} faults, ${s.traps} traps; ${s.syscalls} syscalls`,
      );
    });
  });
}
