// Translation cache and the two JIT tiers. Tier 1 compiles each block on first use to a small JS
// function over the register file. Blocks entered often from the dispatcher are "hot": a region is
// formed from there (src/jit/region.ts) out of the blocks that have run, and replaces the tier-1
// function at that PC. The hot path of the dispatcher is a direct-mapped cache keyed by guest PC
// (two typed-array/array loads, a compare and a counter); the Map behind it holds every
// translation and is only consulted on a miss.
import type { CpuState, GuestArch } from '../arch/types.ts';
import { formatBlock, type IRBlock } from '../ir/ir.ts';
import { optimize } from '../ir/passes.ts';
import { type GuestMemory, PAGE_HAS_CODE, PAGE_SHIFT, PAGE_COUNT } from '../mem/memory.ts';
import { FACTORY_PARAMS, generateJs } from './js-backend.ts';
import type { Ret } from './helpers.ts';
import type { Logger } from '../cli/log.ts';
import { collectRegion, generateRegionJs, type Region, type RegionSource } from './region.ts';
import { WasmUnsupported, generateRegionWasm, instantiateRegionWasm } from './wasm-region.ts';
import { disassembleWasm } from './wasm-module.ts';
import { interpretBlock } from './interp.ts';

export type BlockFn = () => number;

/**
 * Which tiers run: `auto` (tier 1, hot code as regions), `block` (tier 1 only) or `region` (every
 * PC the dispatcher enters becomes a region at once, made of all reachable code: the mode that
 * tests the region compiler on everything).
 */
export type Tier = 'auto' | 'block' | 'region';
export const TIERS: readonly Tier[] = ['auto', 'block', 'region'];
/** What regions compile to: WebAssembly (i64 native; little-endian guests) or JavaScript. */
export type RegionBackend = 'wasm' | 'js';
export const REGION_BACKENDS: readonly RegionBackend[] = ['wasm', 'js'];

interface Translation {
  pc: number;
  fn: BlockFn;
  region: boolean;
  /** Guest pages the code was made from. */
  pages: number[];
  /** Regions: a hash of the generated source (a re-formed region that comes out the same is not compiled). */
  sourceHash?: number;
}

interface MadeRegion {
  region: Region;
  code: { blocks: number; loops: number; dispatchNodes: number };
  sourceHash: number;
  compile(): BlockFn;
  /** The -d out_asm text. */
  listing(): string;
}

/** FNV-1a over bytes (a wasm region's module). */
function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const CACHE_BITS = 16;
export const CACHE_MASK = (1 << CACHE_BITS) - 1;
/** Runs of a block from its IR (tier auto) before it is compiled to tier 1. */
const INTERPRETED_RUNS = 3;
/**
 * Dispatcher entries of a tier-1 block before a region is formed at it. Measured: 400 made
 * Python's start (a flat profile: 280 regions) take 8.0 s against 5.3 s at 4000 (4.7 s in tier 1
 * alone), with no change on the bench workloads (100 to 20000 all within noise there).
 */
const HOT_ENTRIES = 4000;
const NEVER = 0x7fffffff;
/** Region size limits (guest instructions): hot regions, and the forced mode's. */
const REGION_MAX_INSNS = 1000;
const FORCED_REGION_MAX_INSNS = 256;
/** Generated source size limit of a region (characters). */
const REGION_MAX_SOURCE = 100_000;
/** Indirect-jump misses of a region (targets it was formed without) before it is formed again. */
const REGION_JUMP_MISSES = 1000;
/** Times a region is formed again that way. */
const MAX_REGION_REFORMS = 4;
/** Indirect-jump targets remembered per jump site. */
const MAX_JUMP_TARGETS = 32;

export interface JitStats {
  /** Blocks first run by the interpreter (tier auto). */
  interpreted: number;
  blocks: number;
  guestInstructions: number;
  compileMs: number;
  regions: number;
  regionBlocks: number;
  regionInstructions: number;
  regionLoops: number;
  regionDispatchNodes: number;
  regionReforms: number;
  regionMs: number;
  /** Regions compiled to WebAssembly (the others are JS). */
  wasmRegions: number;
  invalidations: number;
  flushes: number;
}

export class Translator {
  private translations = new Map<number, Translation>();
  /** Pages -> PCs of translations made from them, for invalidation. */
  private byPage = new Map<number, Set<number>>();
  /** The direct-mapped cache the dispatcher reads: PC, function, and entries left until hot. */
  readonly cacheKeys = new Float64Array(CACHE_MASK + 1).fill(-1);
  readonly cacheFns: BlockFn[] = new Array<BlockFn>(CACHE_MASK + 1);
  readonly cacheHeat = new Int32Array(CACHE_MASK + 1);
  readonly stats: JitStats = { interpreted: 0, blocks: 0, guestInstructions: 0, compileMs: 0, regions: 0, regionBlocks: 0, regionInstructions: 0, regionLoops: 0, regionDispatchNodes: 0, regionReforms: 0, regionMs: 0, wasmRegions: 0, invalidations: 0, flushes: 0 };
  private helpers: Record<string, unknown>;
  /** Indirect-jump targets seen in tier 1, per jump site (block PC). */
  private jumpTargets = new Map<number, number[]>();
  /** Generated characters per guest instruction in regions so far (predicts the size cap's budget). */
  private regionCharsPerInsn = 150;
  /** Indirect-jump misses and re-formations per region entry. */
  private regionMisses = new Map<number, number>();
  private regionReforms = new Map<number, number>();
  /** Hot PCs where no region was worth making (the entry is not on a loop of its region). */
  private noRegion = new Set<number>();

  constructor(
    private arch: GuestArch,
    private cpu: CpuState,
    private mem: GuestMemory,
    helpers: Record<string, unknown>,
    private ret: Ret,
    private log: Logger,
    readonly tier: Tier = 'auto',
    readonly regionBackend: RegionBackend = 'wasm',
  ) {
    this.helpers = helpers;
    const noteJump = (helpers.noteJump = (from: number, to: number): number => {
      let t = this.jumpTargets.get(from);
      if (!t) this.jumpTargets.set(from, (t = []));
      if (t.length < MAX_JUMP_TARGETS && !t.includes(to)) t.push(to);
      return to;
    });
    helpers.jumpMiss = (entry: number, from: number, to: number): number => {
      noteJump(from, to);
      const misses = (this.regionMisses.get(entry) ?? 0) + 1;
      this.regionMisses.set(entry, misses);
      if (misses >= REGION_JUMP_MISSES) this.reformRegion(entry);
      return to;
    };
    mem.onCodeInvalidate = (start, end) => this.invalidatePages(start, end);
    // Strict-mode code has the page table's address built in.
    mem.onPageTableMoved = () => this.flushAll();
  }

  /**
   * Strict memory mode on or off (memory.ts GuestMemory.setStrict): from now on every tier checks
   * each guest access's page permissions, so PROT_NONE and read-only pages and unmapped holes
   * fault precisely. Every translation is dropped: code made before checks bounds only.
   */
  setStrictMemory(on: boolean): void {
    if (on === this.mem.strict) return;
    this.mem.setStrict(on);
    this.flushAll();
  }

  /** The function for pc, through the cache (the -d exec path; the dispatcher inlines this). */
  lookup(pc: number): BlockFn {
    const i = (pc >>> 1) & CACHE_MASK;
    if (this.cacheKeys[i] === pc) return --this.cacheHeat[i] === 0 ? this.hot(pc, i) : this.cacheFns[i];
    return this.miss(pc, i);
  }

  /** Cache miss at slot i: find or make the translation for pc and install it. */
  miss(pc: number, i: number): BlockFn {
    let t = this.translations.get(pc);
    if (!t) t = this.tier === 'region' ? this.makeRegion(pc, FORCED_REGION_MAX_INSNS, () => true)! : this.tier === 'auto' ? this.makeColdBlock(pc) : this.makeBlock(pc);
    this.install(t, i);
    return t.fn;
  }

  /** The tier-1 block at slot i ran HOT_ENTRIES times: make a region there if one is worth it. */
  hot(pc: number, i: number): BlockFn {
    const t = this.translations.get(pc);
    if (t && !t.region && !this.noRegion.has(pc)) {
      const r = this.makeRegion(pc, REGION_MAX_INSNS, (p) => this.translations.has(p));
      if (r) {
        this.install(r, i);
        return r.fn;
      }
      this.noRegion.add(pc);
    }
    this.cacheHeat[i] = NEVER;
    return this.cacheFns[i];
  }

  /** The region at entry keeps leaving through indirect jumps to targets seen since: form it again. */
  private reformRegion(entry: number): void {
    this.regionMisses.set(entry, 0);
    const reforms = this.regionReforms.get(entry) ?? 0;
    if (reforms >= MAX_REGION_REFORMS || this.tier === 'region') return;
    this.regionReforms.set(entry, reforms + 1);
    const old = this.translations.get(entry);
    const r = this.makeRegion(entry, REGION_MAX_INSNS, (p) => this.translations.has(p), old?.sourceHash);
    if (r) {
      this.stats.regionReforms++;
      this.install(r, (entry >>> 1) & CACHE_MASK);
    } else this.regionReforms.set(entry, MAX_REGION_REFORMS); // the misses go where the region cannot follow
  }

  private install(t: Translation, i: number): void {
    this.cacheKeys[i] = t.pc;
    this.cacheFns[i] = t.fn;
    this.cacheHeat[i] = t.region || this.tier !== 'auto' ? NEVER : HOT_ENTRIES;
  }

  /** Lifted and optimized blocks by PC: regions share blocks with tier 1 and with each other. */
  private irCache = new Map<number, IRBlock>();

  /** Blocks of irCache that have been through optimize(). */
  private optimizedBlocks = new WeakSet<IRBlock>();

  /** The block at pc as lifted (what the cold-block interpreter runs: most blocks run once or twice, optimizing them would cost more than it saves). */
  private lift(pc: number): IRBlock {
    const cached = this.irCache.get(pc);
    if (cached) return cached;
    const block = this.arch.translate(this.mem, pc);
    this.irCache.set(pc, block);
    // Its pages now hold translated code: a write or remap there must reach invalidatePages.
    this.mem.markCode(pc, Math.max(block.end, pc + 1) - pc);
    if (this.log.enabled('in_asm')) this.logInAsm(block);
    if (this.log.enabled('op')) this.log.write(formatBlock(block));
    return block;
  }

  /** The block at pc lifted and optimized (in place, once), for compiled code. */
  private liftOptimized(pc: number): IRBlock {
    const block = this.lift(pc);
    if (!this.optimizedBlocks.has(block)) {
      optimize(block);
      this.optimizedBlocks.add(block);
      if (this.log.enabled('op_opt')) this.log.write(formatBlock(block));
    }
    return block;
  }

  private compile(src: string): BlockFn {
    const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => BlockFn;
    const { cpu, mem } = this;
    return factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, this.helpers, this.ret, cpu.irq, mem.pages);
  }

  /** A block run from its IR until its INTERPRETED_RUNS-th run, then compiled in place. */
  private makeColdBlock(pc: number): Translation {
    const t0 = performance.now();
    const block = this.lift(pc);
    const { cpu, mem, helpers, ret } = this;
    let runs = 0;
    const t: Translation = {
      pc,
      region: false,
      pages: [],
      fn: () => {
        if (++runs < INTERPRETED_RUNS) return interpretBlock(block, cpu, mem, helpers, ret, true);
        const hot = this.makeBlock(pc);
        const i = (pc >>> 1) & CACHE_MASK;
        if (this.cacheKeys[i] === pc) this.cacheFns[i] = hot.fn;
        return hot.fn();
      },
    };
    this.stats.interpreted++;
    this.stats.compileMs += performance.now() - t0;
    return this.register(t, [block]);
  }

  private makeBlock(pc: number): Translation {
    const t0 = performance.now();
    const block = this.liftOptimized(pc);
    const src = generateJs(block, { littleEndian: this.arch.littleEndian, profileJumps: this.tier === 'auto', strictMemory: this.mem.strict });
    if (this.log.enabled('out_asm')) this.log.write(`OUT: [size=${src.length}]\n${src}\n\n`);
    const t = this.register({ pc, fn: this.compile(src), region: false, pages: [] }, [block]);
    this.stats.blocks++;
    this.stats.guestInstructions += block.instructions;
    this.stats.compileMs += performance.now() - t0;
    return t;
  }

  /**
   * Forms and compiles the region entered at pc. Hot code is worth a region where control comes
   * back to the entry within it (a loop header, or a function entered once per iteration of a
   * loop in it); a hot PC on a path into a loop (a return point, a side exit's target) is left to
   * tier 1, or its region would repeat most of the loop's: undefined then.
   */
  private makeRegion(pc: number, maxInsns: number, admit: (pc: number) => boolean, unlessHash?: number): Translation | undefined {
    const t0 = performance.now();
    const source: RegionSource = {
      block: (p) => this.liftOptimized(p),
      admit,
      jumpTargets: (p) => this.jumpTargets.get(p) ?? [],
    };
    const loopsOnly = this.tier !== 'region';
    let made = this.regionBackend === 'wasm' ? this.makeWasmRegion(pc, source, maxInsns, loopsOnly) : false;
    if (made === false) made = this.makeJsRegion(pc, source, maxInsns, loopsOnly);
    if (!made) return undefined;
    const { region, code, sourceHash } = made;
    if (sourceHash === unlessHash) return undefined;
    if (this.log.enabled('out_asm')) this.log.write(made.listing());
    const t = this.register({ pc, fn: made.compile(), region: true, pages: [], sourceHash }, region.blocks);
    const s = this.stats;
    s.regions++;
    s.regionBlocks += code.blocks;
    s.regionInstructions += region.instructions;
    s.regionLoops += code.loops;
    s.regionDispatchNodes += code.dispatchNodes;
    s.regionMs += performance.now() - t0;
    return t;
  }

  /** A JS region: the instruction budget shrinks until the source fits V8's optimizable size. */
  private makeJsRegion(pc: number, source: RegionSource, maxInsns: number, loopsOnly: boolean): MadeRegion | undefined {
    // Start from the budget the size cap is likely to allow: generating twice costs twice.
    maxInsns = Math.max(1, Math.min(maxInsns, Math.floor(REGION_MAX_SOURCE / this.regionCharsPerInsn)));
    let region = collectRegion(pc, source, maxInsns, loopsOnly);
    let code = generateRegionJs(region, { littleEndian: this.arch.littleEndian, strictMemory: this.mem.strict }, this.arch.promotable, source.jumpTargets);
    // V8 never optimizes a function of more than about 60 KB of bytecode; our source is about
    // 1.7x its bytecode. Shrink the instruction budget until the region fits.
    while (code.source.length > REGION_MAX_SOURCE && region.blocks.length > 1) {
      maxInsns = Math.max(1, Math.floor((region.instructions * REGION_MAX_SOURCE) / code.source.length * 0.9));
      region = collectRegion(pc, source, maxInsns, loopsOnly);
      code = generateRegionJs(region, { littleEndian: this.arch.littleEndian, strictMemory: this.mem.strict }, this.arch.promotable, source.jumpTargets);
    }
    if (region.instructions > 0) this.regionCharsPerInsn = 0.8 * this.regionCharsPerInsn + 0.2 * (code.source.length / region.instructions);
    if (this.tier !== 'region' && !code.entryLoops) return undefined;
    return {
      region,
      code,
      compile: () => this.compile(code.source),
      sourceHash: hashString(code.source),
      listing: () => `OUT: region 0x${pc.toString(16)} [blocks=${code.blocks} loops=${code.loops} dispatch=${code.dispatchNodes} insns=${region.instructions} size=${code.source.length}]\n${code.source}\n\n`,
    };
  }

  /** A WebAssembly region (no size cap but the instruction budget); undefined if the region cannot be one. */
  private makeWasmRegion(pc: number, source: RegionSource, maxInsns: number, loopsOnly: boolean): MadeRegion | false | undefined {
    const region = collectRegion(pc, source, maxInsns, loopsOnly);
    const { cpu, mem } = this;
    let code;
    try {
      code = generateRegionWasm(region, this.arch.littleEndian, this.arch.promotable, source.jumpTargets, {
        registers: cpu.R.byteOffset,
        irq: cpu.irq.byteOffset,
        retHi: cpu.retHi.byteOffset,
        pageTable: mem.strict ? mem.pageTableAddr : undefined,
      });
    } catch (e) {
      if (e instanceof WasmUnsupported) return false;
      throw e;
    }
    if (this.tier !== 'region' && !code.entryLoops) return undefined;
    return {
      region,
      code,
      compile: () => {
        this.stats.wasmRegions++;
        return instantiateRegionWasm(code, mem, cpu, this.helpers, this.ret);
      },
      sourceHash: hashBytes(code.bytes),
      listing: () => `OUT: region 0x${pc.toString(16)} wasm [blocks=${code.blocks} loops=${code.loops} dispatch=${code.dispatchNodes} insns=${region.instructions} size=${code.bytes.length}]\n${disassembleWasm(code.bytes)}\n`,
    };
  }

  /** Records t as the translation at its PC, indexed by every page its blocks came from. */
  private register(t: Translation, blocks: IRBlock[]): Translation {
    const pages = new Set<number>();
    for (const b of blocks) {
      for (let p = b.pc >>> PAGE_SHIFT; p <= (Math.max(b.end, b.pc + 1) - 1) >>> PAGE_SHIFT; p++) pages.add(p);
      this.mem.markCode(b.pc, b.end - b.pc);
    }
    t.pages = [...pages];
    for (const p of pages) {
      let s = this.byPage.get(p);
      if (!s) this.byPage.set(p, (s = new Set()));
      s.add(t.pc);
    }
    this.translations.set(t.pc, t);
    return t;
  }

  private logInAsm(block: IRBlock): void {
    let out = '----------------\nIN: \n';
    for (let pc = block.pc; pc < block.end; ) {
      const d = this.arch.disassemble(this.mem, pc);
      out += `0x${pc.toString(16).padStart(16, '0')}:  ${d.text}\n`;
      pc += d.length || 4;
    }
    this.log.write(out + '\n');
  }

  /** Drop translations made from [startPage, endPage): their code changed or went away. */
  invalidatePages(startPage: number, endPage: number): void {
    let dropped = 0;
    for (let p = startPage; p < endPage; p++) {
      const s = this.byPage.get(p);
      if (!s) continue;
      for (const pc of s) {
        const t = this.translations.get(pc);
        // A region spans several pages: forget it on all of them.
        if (t && t.pages.includes(p)) {
          this.translations.delete(pc);
          for (const q of t.pages) if (q !== p) this.byPage.get(q)?.delete(pc);
          this.noRegion.delete(pc);
          dropped++;
        }
      }
      this.byPage.delete(p);
      this.mem.pages[p] &= ~PAGE_HAS_CODE;
    }
    const lo = startPage << PAGE_SHIFT, hi = endPage * 2 ** PAGE_SHIFT;
    for (const [pc, b] of this.irCache) if (pc < hi && Math.max(b.end, pc + 1) > lo) this.irCache.delete(pc);
    if (dropped) {
      this.stats.invalidations += dropped;
      this.cacheKeys.fill(-1);
    }
  }

  /** Drop every translation (fence.i, cacheflush over a large range). */
  flushAll(): void {
    this.translations.clear();
    this.irCache.clear();
    for (const p of this.byPage.keys()) if (p < PAGE_COUNT) this.mem.pages[p] &= ~PAGE_HAS_CODE;
    this.byPage.clear();
    this.noRegion.clear();
    this.cacheKeys.fill(-1);
    this.stats.flushes++;
  }

  /** One line for -d jit. */
  summary(): string {
    const s = this.stats;
    return `tsemu jit: tier ${this.tier}; ${s.interpreted} blocks started interpreted; ${s.blocks} blocks (${s.guestInstructions} guest insns) compiled in ${s.compileMs.toFixed(1)} ms; ` +
      `${s.regions} regions (${s.wasmRegions} wasm; ${s.regionBlocks} blocks, ${s.regionInstructions} guest insns, ${s.regionLoops} loops, ${s.regionDispatchNodes} dispatch nodes, ${s.regionReforms} re-formed) in ${s.regionMs.toFixed(1)} ms; ` +
      `${s.invalidations} invalidated, ${s.flushes} flushes\n`;
  }
}
