// Translation cache and block compilation. The hot path of the dispatcher is a direct-mapped cache
// keyed by guest PC (two typed-array/array loads and a compare); the Map behind it holds every
// translation and is only consulted on a miss.
import type { CpuState, GuestArch } from '../arch/types.ts';
import { formatBlock, type IRBlock } from '../ir/ir.ts';
import { optimize } from '../ir/passes.ts';
import { type GuestMemory, PAGE_HAS_CODE, PAGE_SHIFT, PAGE_COUNT } from '../mem/memory.ts';
import { FACTORY_PARAMS, generateJs } from './js-backend.ts';
import type { Ret } from './helpers.ts';
import type { Logger } from '../cli/log.ts';

export type BlockFn = () => number;

interface Translation {
  pc: number;
  end: number;
  fn: BlockFn;
}

const CACHE_BITS = 16;
const CACHE_SIZE = 1 << CACHE_BITS;

export interface JitStats {
  blocks: number;
  guestInstructions: number;
  compileMs: number;
  invalidations: number;
  flushes: number;
}

export class Translator {
  private translations = new Map<number, Translation>();
  /** Pages -> PCs of translations that start on them, for invalidation. */
  private byPage = new Map<number, Set<number>>();
  private cacheKeys = new Float64Array(CACHE_SIZE).fill(-1);
  private cacheFns: BlockFn[] = new Array(CACHE_SIZE);
  readonly stats: JitStats = { blocks: 0, guestInstructions: 0, compileMs: 0, invalidations: 0, flushes: 0 };
  private helpers: Record<string, unknown>;

  constructor(
    private arch: GuestArch,
    private cpu: CpuState,
    private mem: GuestMemory,
    helpers: Record<string, unknown>,
    private ret: Ret,
    private log: Logger,
  ) {
    this.helpers = helpers;
    mem.onCodeInvalidate = (start, end) => this.invalidatePages(start, end);
  }

  lookup(pc: number): BlockFn {
    const i = (pc >>> 1) & (CACHE_SIZE - 1);
    if (this.cacheKeys[i] === pc) return this.cacheFns[i];
    let t = this.translations.get(pc);
    if (!t) t = this.translate(pc);
    this.cacheKeys[i] = pc;
    this.cacheFns[i] = t.fn;
    return t.fn;
  }

  private translate(pc: number): Translation {
    const t0 = performance.now();
    const block = this.arch.translate(this.mem, pc);
    if (this.log.enabled('in_asm')) this.logInAsm(block);
    if (this.log.enabled('op')) this.log.write(formatBlock(block));
    optimize(block);
    if (this.log.enabled('op_opt')) this.log.write(formatBlock(block));
    const src = generateJs(block, { littleEndian: this.arch.littleEndian });
    if (this.log.enabled('out_asm')) this.log.write(`OUT: [size=${src.length}]\n${src}\n\n`);
    const factory = new Function(...FACTORY_PARAMS, src) as (...a: unknown[]) => BlockFn;
    const { cpu, mem } = this;
    const fn = factory(cpu, cpu.R, cpu.F32, cpu.F64, mem.dv, mem.u8, this.helpers, this.ret);
    const t: Translation = { pc, end: block.end, fn };
    this.translations.set(pc, t);
    for (let p = pc >>> PAGE_SHIFT; p <= (Math.max(block.end, pc + 1) - 1) >>> PAGE_SHIFT; p++) {
      let s = this.byPage.get(p);
      if (!s) this.byPage.set(p, (s = new Set()));
      s.add(pc);
    }
    this.mem.markCode(pc, block.end - pc);
    this.stats.blocks++;
    this.stats.guestInstructions += block.instructions;
    this.stats.compileMs += performance.now() - t0;
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
        if (this.translations.delete(pc)) dropped++;
      }
      this.byPage.delete(p);
      this.mem.pages[p] &= ~PAGE_HAS_CODE;
    }
    if (dropped) {
      this.stats.invalidations += dropped;
      this.cacheKeys.fill(-1);
    }
  }

  /** Drop every translation (fence.i, cacheflush over a large range). */
  flushAll(): void {
    this.translations.clear();
    for (const p of this.byPage.keys()) if (p < PAGE_COUNT) this.mem.pages[p] &= ~PAGE_HAS_CODE;
    this.byPage.clear();
    this.cacheKeys.fill(-1);
    this.stats.flushes++;
  }
}
