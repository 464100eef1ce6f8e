// The region tier's WebAssembly backend (DESIGN.md 4: "region as WebAssembly with i64 locals",
// measured 0.9x qemu where JS int32 pairs gave 1.7x). The same regions, structure and promotion
// plan as the JS backend (region.ts), compiled to one module per region:
// - guest memory is the module's memory (the guest's shared WebAssembly.Memory, address = offset);
//   each access makes the same one-compare decision as JS code (memory.ts fastAccessLimit) and
//   goes to the JS slow path (H.load/H.store...) for everything else; in strict memory mode it
//   also tests its page's byte of the page table, which then lives in guest memory;
// - the register file is read and written where CpuState keeps it, in the guest memory's state
//   area; promoted registers live in wasm locals (i64 and f64 are native types here);
// - JS helpers are imports; i64 arguments pass as (lo, hi) int32 pairs as in JS code, an i64
//   result's high word comes back through cpu.retHi;
// - a helper that throws (a fault, a trap) is caught by a catch_all that writes the locals back
//   and rethrows, so faults stay precise;
// - the run function returns the next guest PC as an f64 (uint32 PCs), or -1 after a dispatcher
//   exit, whose fields (cpu.pc, exitReason...) imported JS functions set.
import type { CpuState } from '../arch/types.ts';
import type { Exit, IRBlock, Op as IROp, Temp, Ty } from '../ir/ir.ts';
import { type GuestMemory, LOW_GUARD, LOAD_PERMS, PAGE_MASK, PAGE_SHIFT, PAGE_WRITE, fastAccessLimit, strictPageLimit } from '../mem/memory.ts';
import type { Ret } from './helpers.ts';
import { EXIT_FLUSH, EXIT_INTERRUPT, EXIT_SYSCALL, EXIT_TRAP } from './js-backend.ts';
import { type PromotableSlot, type Region, type RegionCode, planRegion, walkStructure } from './region.ts';
import { Bytes, EMPTY, type FuncType, ModuleBuilder, Op, VALTYPE, type ValType } from './wasm-module.ts';

export interface WasmRegionCode extends Omit<RegionCode, 'source'> {
  bytes: Uint8Array;
  /** The JS helpers (by name) the module imports, besides the fixed runtime imports. */
  helpers: Array<{ name: string; result?: Ty; arity: number }>;
}

/** A helper's import key: its name and signature (import i of the module is `h<i>`). */
const helperKey = (types: readonly Ty[], op: Extract<IROp, { k: 'call' }>): string =>
  `${op.helper}(${op.args.map((a) => types[a]).join(',')})${op.dst >= 0 ? types[op.dst] : ''}`;

/**
 * A helper returning an i64 (lo returned, hi in ret.hi) as a wasm import: it also copies ret.hi to
 * the retHi word the module reads. Fixed arities avoid a rest-array allocation per call.
 */
function withRetHi(f: (...a: number[]) => number, arity: number, retHi: Int32Array, ret: Ret): (...a: number[]) => number {
  const hi = (lo: number) => {
    retHi[0] = ret.hi;
    return lo;
  };
  switch (arity) {
    case 0: return () => hi(f());
    case 1: return (a) => hi(f(a));
    case 2: return (a, b) => hi(f(a, b));
    case 3: return (a, b, c) => hi(f(a, b, c));
    case 4: return (a, b, c, d) => hi(f(a, b, c, d));
    case 5: return (a, b, c, d, e) => hi(f(a, b, c, d, e));
    case 6: return (a, b, c, d, e, g) => hi(f(a, b, c, d, e, g));
    default: return (...a) => hi(f(...a));
  }
}

/** Where the code finds the CPU state (byte addresses in guest memory). */
export interface StateLayout {
  registers: number;
  irq: number;
  retHi: number;
  /** Strict memory mode: the guest address of the page table (GuestMemory.pageTableAddr). */
  pageTable?: number;
}

export class WasmUnsupported extends Error {}

/** The synchronous WebAssembly API (the project's TS lib declares only Memory). */
const Wasm = WebAssembly as unknown as {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

const MIN_NORMAL64 = 2.2250738585072014e-308;

/**
 * Loop-header visits one call of a region makes before it returns to the dispatcher, at its entry
 * (a plain side exit to the entry PC, so the next call is of the same function). Region modules
 * start in V8's baseline compiler (Liftoff: cheap to compile, which matters when a program has
 * hundreds of regions) and V8 moves hot functions to its optimizing compiler, but a new version is
 * only used from the next call on: without this a loop entered once (sha256's) would run in
 * baseline code to the end. Leaving at an inner loop's header instead made a region start there:
 * intmix compiled 28 regions instead of 15 and ran 1.7x slower.
 */
const LOOP_BUDGET = 1 << 16;

/** Runtime imports every region module declares (the names instantiateRegionWasm provides). */
const RUNTIME: Record<string, FuncType> = {
  load: { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] },
  loadF32: { params: ['i32', 'i32', 'i32', 'i32'], results: ['f32'] },
  loadF64: { params: ['i32', 'i32', 'i32', 'i32'], results: ['f64'] },
  store: { params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: [] },
  storeF32: { params: ['i32', 'i32', 'i32', 'f32', 'i32'], results: [] },
  storeF64: { params: ['i32', 'i32', 'i32', 'f64', 'i32'], results: [] },
  badJump: { params: ['i32', 'i32'], results: ['i32'] },
  jumpMiss: { params: ['i32', 'i32', 'i32'], results: ['f64'] },
  exitSyscall: { params: ['i32', 'i32'], results: [] },
  exitTrap: { params: ['i32', 'i32', 'i32', 'f64'], results: [] },
  exitFlush: { params: ['i32'], results: [] },
  exitInterrupt: { params: ['i32'], results: [] },
};

/** Helper parameters: i64 values pass as two int32 words. */
const paramTypes = (tys: Ty[]): ValType[] => tys.flatMap((t): ValType[] => (t === 'i64' ? ['i32', 'i32'] : [t]));

export function generateRegionWasm(region: Region, littleEndian: boolean, promotable: readonly PromotableSlot[], jumpTargets: (pc: number) => readonly number[], layout: StateLayout): WasmRegionCode {
  const blocks = region.blocks;
  const { shape, promoted, written } = planRegion(region, promotable, jumpTargets);
  const mb = new ModuleBuilder();

  // ---- imports (all before local functions) ----
  const imp: Record<string, number> = {};
  for (const [name, t] of Object.entries(RUNTIME)) imp[name] = mb.importFunc(name, t);
  // One import per helper and signature: a helper called with different argument types or counts
  // (one name, several arities) gets one import for each.
  const helperList: Array<{ name: string; result?: Ty; arity: number }> = [];
  const helperIndex = new Map<string, number>();
  let needMulh = false, needBswap = false;
  for (const b of blocks) {
    for (const op of b.ops) {
      if (op.k === 'call' && !helperIndex.has(helperKey(b.types, op))) {
        const result = op.dst >= 0 ? b.types[op.dst] : undefined;
        const params = paramTypes(op.args.map((a) => b.types[a]));
        const type: FuncType = { params, results: result ? [result === 'i64' ? 'i32' : result] : [] };
        helperIndex.set(helperKey(b.types, op), mb.importFunc(`h${helperList.length}`, type));
        helperList.push({ name: op.helper, result, arity: params.length });
      } else if (op.k === 'bin' && (op.op === 'mulh_s' || op.op === 'mulh_u' || op.op === 'mulh_su') && b.types[op.a] === 'i64') needMulh = true;
      else if (op.k === 'un' && op.op === 'bswap') needBswap = true;
    }
  }
  // ---- functions of the module's own ----
  const run = mb.declare({ params: [], results: ['f64'] });
  const fn: Record<string, number> = {};
  if (needBswap || needMulh) {
    fn.bswap32 = mb.declare({ params: ['i32'], results: ['i32'] });
    fn.bswap64 = mb.declare({ params: ['i64'], results: ['i64'] });
    fn.mulhu = mb.declare({ params: ['i64', 'i64'], results: ['i64'] });
    defineIntrinsics(mb, fn);
  }

  // ---- locals of run ----
  const localTypes: ValType[] = [];
  const newLocal = (t: ValType): number => localTypes.push(t) - 1;
  const regLocal = new Map<string, number>();
  for (const p of promoted) regLocal.set(`${p.slot}:${p.ty}`, newLocal(p.ty));
  // Temps are block-local: each block numbers its temps per type from a shared pool.
  const pool: Record<ValType, number[]> = { i32: [], i64: [], f32: [], f64: [] };
  const tempLocals = (b: IRBlock): Int32Array => {
    const used: Record<ValType, number> = { i32: 0, i64: 0, f32: 0, f64: 0 };
    const out = new Int32Array(b.types.length);
    b.types.forEach((ty, t) => {
      const k = used[ty]++;
      if (k === pool[ty].length) pool[ty].push(newLocal(ty));
      out[t] = pool[ty][k];
    });
    return out;
  };
  const npc = newLocal('f64');
  const jumpTo = newLocal('i32');
  const loopBudget = newLocal('i32');
  /** Scratch local of the inline byte swap of big-endian 16- and 32-bit accesses. */
  const swapTmp = littleEndian ? -1 : newLocal('i32');
  const swapTmp64 = littleEndian ? -1 : newLocal('i64');
  const selector = new Map<number, number>();
  for (let d = shape.blocks; d < shape.edges.length; d++) selector.set(d, newLocal('i32'));

  const c = new Bytes();
  const op = (o: number) => c.byte(o);
  const localGet = (l: number) => c.byte(Op.local_get).u32(l);
  const localSet = (l: number) => c.byte(Op.local_set).u32(l);
  const i32 = (v: number) => c.byte(Op.i32_const).s32(v);
  const i64 = (v: bigint) => c.byte(Op.i64_const).s64(v);
  const f64 = (v: number) => c.byte(Op.f64_const).f64(v);
  const call = (f: number) => c.byte(Op.call).u32(f);
  /** Memory access with a constant address (the state area): `i32.const 0` + the offset immediate. */
  const stateOp = (o: number, addr: number, align: number) => {
    i32(0);
    c.byte(o).u32(align).u32(addr >>> 0);
  };

  // Labels: a stack of names; br depth = distance from the top.
  const labels: string[] = [];
  const br = (name: string) => {
    const i = labels.lastIndexOf(name);
    if (i < 0) throw new Error(`no label ${name}`);
    c.byte(Op.br).u32(labels.length - 1 - i);
  };
  const open = (kind: number, name: string, type: number = EMPTY) => {
    c.byte(kind).byte(type);
    labels.push(name);
  };
  const close = () => {
    op(Op.end);
    labels.pop();
  };

  const slotAddr = (slot: number) => layout.registers + slot * 4;
  const loadReg = (p: PromotableSlot) => {
    const a = slotAddr(p.slot);
    if (p.ty === 'i64') stateOp(Op.i64_load, a, 2);
    else if (p.ty === 'i32') stateOp(Op.i32_load, a, 2);
    else if (p.ty === 'f64') stateOp(Op.f64_load, a, 3);
    else stateOp(Op.f32_load, a, 2);
  };
  const storeReg = (slot: number, ty: Ty, push: () => void) => {
    i32(0);
    push();
    const o = ty === 'i64' ? Op.i64_store : ty === 'i32' ? Op.i32_store : ty === 'f64' ? Op.f64_store : Op.f32_store;
    c.byte(o).u32(ty === 'f64' ? 3 : 2).u32(slotAddr(slot) >>> 0);
  };
  const writeBack = () => {
    for (const p of written) storeReg(p.slot, p.ty, () => localGet(regLocal.get(`${p.slot}:${p.ty}`)!));
  };
  const leave = () => br('out');
  const sideExitTo = (pc: number) => {
    f64(pc >>> 0);
    localSet(npc);
    leave();
  };
  const dispatcherExit = (e: Exit) => {
    switch (e.k) {
      case 'syscall': i32(e.next); i32(e.pc); call(imp.exitSyscall); break;
      case 'trap': i32(e.pc); i32(e.signal); i32(e.code); f64(e.addr); call(imp.exitTrap); break;
      case 'flush': i32(e.next); call(imp.exitFlush); break;
      default: throw new Error(`exit ${e.k} does not leave for the dispatcher`);
    }
    f64(-1);
    localSet(npc);
    leave();
  };
  /** Pushes the guest PC of node x as an i32 (a dispatch node: its selected case's). */
  const pushPcOf = (x: number): void => {
    if (x < shape.blocks) return void i32(blocks[x].pc);
    const cases = shape.edges[x];
    // s == 0 ? pc0 : s == 1 ? pc1 : ... : last
    const rec = (k: number): void => {
      if (k === cases.length - 1) return pushPcOf(cases[k].to);
      pushPcOf(cases[k].to);
      rec(k + 1);
      localGet(selector.get(x)!);
      i32(k);
      op(Op.i32_eq);
      op(Op.select);
    };
    rec(0);
  };

  const walk = walkStructure(shape, {
    loop(x, body) {
      open(Op.loop, `L${x}`);
      stateOp(Op.i32_load, layout.irq, 2);
      open(Op.if, 'irq');
      pushPcOf(x);
      call(imp.exitInterrupt);
      f64(-1);
      localSet(npc);
      leave();
      close();
      // Every loop header counts; the entry's leaves once LOOP_BUDGET is spent (see LOOP_BUDGET).
      localGet(loopBudget);
      i32(1);
      op(Op.i32_sub);
      localSet(loopBudget);
      if (x === shape.start) {
        localGet(loopBudget);
        i32(1);
        op(Op.i32_lt_s);
        open(Op.if, 'budget');
        pushPcOf(x);
        op(Op.f64_convert_i32_u);
        localSet(npc);
        leave();
        close();
      }
      body();
      br(`L${x}`); // not reached: every path in body branches (as `for (;;)` in JS code)
      close();
    },
    labeled(y, body) {
      open(Op.block, `B${y}`);
      body();
      close();
    },
    node: (x) => emitNode(x),
    select(sets) {
      for (const [d, k] of sets) {
        i32(k);
        localSet(selector.get(d)!);
      }
    },
    continueTo: (x) => br(`L${x}`),
    breakTo: (y) => br(`B${y}`),
    sideExit: (pc) => sideExitTo(pc),
  });

  const emitNode = (x: number): void => {
    const edges = shape.edges[x];
    if (x >= shape.blocks) {
      // switch on the selector: nested blocks, br_table into them, each case after its block.
      const n = edges.length;
      for (let k = n - 1; k >= 0; k--) open(Op.block, `case${x}_${k}`);
      localGet(selector.get(x)!);
      c.byte(Op.br_table).u32(n - 1);
      for (let k = 0; k < n - 1; k++) c.u32(k);
      c.u32(n - 1);
      for (let k = 0; k < n; k++) {
        close();
        walk.branch(x, edges[k]);
      }
      return;
    }
    const b = blocks[x];
    const L = tempLocals(b);
    const ops = new BlockEmitter(b, L, c, { regLocal, slotAddr, stateOp, storeReg, imp, helperIndex, fn, retHi: layout.retHi, littleEndian, swapTmp, swapTmp64, pageTable: layout.pageTable });
    ops.emitAll();
    const e = b.exit;
    switch (e.k) {
      case 'goto':
        walk.branch(x, edges[0]);
        return;
      case 'branch':
        ops.push(e.cond);
        open(Op.if, 'then');
        walk.branch(x, edges[0]);
        close();
        walk.branch(x, edges[1]);
        return;
      case 'jump': {
        if (b.types[e.target] === 'i64') {
          ops.push(e.target);
          i64(32n);
          op(Op.i64_shr_u);
          op(Op.i64_eqz);
          c.byte(Op.if).byte(VALTYPE.i32);
          ops.push(e.target);
          op(Op.i32_wrap_i64);
          op(Op.else);
          ops.pushLo(e.target);
          ops.pushHi(e.target);
          call(imp.badJump);
          op(Op.end);
        } else ops.push(e.target);
        localSet(jumpTo);
        for (const edge of edges) {
          localGet(jumpTo);
          i32(edge.pc);
          op(Op.i32_eq);
          open(Op.if, 'then');
          walk.branch(x, edge);
          close();
        }
        // A target the region was not formed with: the translator notes it.
        i32(region.entry);
        i32(b.pc);
        localGet(jumpTo);
        call(imp.jumpMiss);
        localSet(npc);
        leave();
        return;
      }
      default:
        dispatcherExit(e);
    }
  };

  // ---- the body of run ----
  for (const p of promoted) {
    loadReg(p);
    localSet(regLocal.get(`${p.slot}:${p.ty}`)!);
  }
  i32(LOOP_BUDGET);
  localSet(loopBudget);
  for (const [d, l] of selector) {
    i32(shape.startSets.find(([n]) => n === d)?.[1] ?? 0);
    localSet(l);
  }
  open(Op.try, 'try');
  open(Op.block, 'out');
  walk.run();
  close();
  op(Op.catch_all);
  writeBack();
  c.byte(Op.rethrow).u32(0);
  close();
  writeBack();
  localGet(npc);
  op(Op.end);

  const runs: Array<[number, ValType]> = [];
  for (const t of localTypes) {
    if (runs.length && runs[runs.length - 1][1] === t) runs[runs.length - 1][0]++;
    else runs.push([1, t]);
  }
  mb.define(run, { type: { params: [], results: ['f64'] }, locals: runs, code: c });
  mb.export('run', run);
  const bytes = mb.bytes();
  return {
    bytes,
    helpers: helperList,
    blocks: shape.rpo.slice(0, shape.blocks).filter((r) => r >= 0).length,
    loops: shape.loopHeader.filter(Boolean).length,
    dispatchNodes: shape.edges.length - shape.blocks,
    entryLoops: shape.loopHeader[shape.start],
    promoted,
  };
}

interface EmitContext {
  regLocal: Map<string, number>;
  slotAddr(slot: number): number;
  stateOp(o: number, addr: number, align: number): void;
  storeReg(slot: number, ty: Ty, push: () => void): void;
  imp: Record<string, number>;
  helperIndex: Map<string, number>;
  fn: Record<string, number>;
  retHi: number;
  /** Guest byte order: big-endian guests byte-swap multi-byte memory accesses. */
  littleEndian: boolean;
  /** i32 and i64 locals for the inline byte swaps (big-endian guests). */
  swapTmp: number;
  swapTmp64: number;
  pageTable?: number;
}

const LOAD_OPS: Record<string, number> = {
  'i32:1:s': Op.i32_load8_s, 'i32:1:u': Op.i32_load8_u, 'i32:2:s': Op.i32_load16_s, 'i32:2:u': Op.i32_load16_u,
  'i32:4:s': Op.i32_load, 'i32:4:u': Op.i32_load,
  'i64:1:s': Op.i64_load8_s, 'i64:1:u': Op.i64_load8_u, 'i64:2:s': Op.i64_load16_s, 'i64:2:u': Op.i64_load16_u,
  'i64:4:s': Op.i64_load32_s, 'i64:4:u': Op.i64_load32_u, 'i64:8:s': Op.i64_load, 'i64:8:u': Op.i64_load,
  'f32:4:s': Op.f32_load, 'f32:4:u': Op.f32_load, 'f64:8:s': Op.f64_load, 'f64:8:u': Op.f64_load,
};
const STORE_OPS: Record<string, number> = {
  'i32:1': Op.i32_store8, 'i32:2': Op.i32_store16, 'i32:4': Op.i32_store, 'i32:8': Op.i64_store, // zero-extended, as in JS code
  'i64:1': Op.i64_store8, 'i64:2': Op.i64_store16, 'i64:4': Op.i64_store32, 'i64:8': Op.i64_store,
  'f32:4': Op.f32_store, 'f64:8': Op.f64_store,
};
const ALIGN: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

const BIN32: Partial<Record<string, number>> = {
  add: Op.i32_add, sub: Op.i32_sub, mul: Op.i32_mul, and: Op.i32_and, or: Op.i32_or, xor: Op.i32_xor,
  shl: Op.i32_shl, shr_u: Op.i32_shr_u, shr_s: Op.i32_shr_s, rotl: Op.i32_rotl, rotr: Op.i32_rotr,
  eq: Op.i32_eq, ne: Op.i32_ne, lt_s: Op.i32_lt_s, lt_u: Op.i32_lt_u, le_s: Op.i32_le_s, le_u: Op.i32_le_u,
};
const BIN64: Partial<Record<string, number>> = {
  add: Op.i64_add, sub: Op.i64_sub, mul: Op.i64_mul, and: Op.i64_and, or: Op.i64_or, xor: Op.i64_xor,
  eq: Op.i64_eq, ne: Op.i64_ne, lt_s: Op.i64_lt_s, lt_u: Op.i64_lt_u, le_s: Op.i64_le_s, le_u: Op.i64_le_u,
};
const SHIFT64: Partial<Record<string, number>> = {
  shl: Op.i64_shl, shr_u: Op.i64_shr_u, shr_s: Op.i64_shr_s, rotl: Op.i64_rotl, rotr: Op.i64_rotr,
};

/** The operations of one block, onto the code of the region's run function. */
class BlockEmitter {
  private consts = new Map<Temp, number | bigint>();
  private types: Ty[];

  constructor(
    private b: IRBlock,
    private L: Int32Array,
    private c: Bytes,
    private x: EmitContext,
  ) {
    this.types = b.types;
  }

  emitAll(): void {
    for (const op of this.b.ops) this.emit(op);
  }

  /** Pushes temp t's value. */
  push(t: Temp): void {
    const k = this.consts.get(t);
    if (k === undefined) {
      this.c.byte(Op.local_get).u32(this.L[t]);
      return;
    }
    switch (this.types[t]) {
      case 'i32': this.c.byte(Op.i32_const).s32(Number(k)); break;
      case 'i64': this.c.byte(Op.i64_const).s64(k as bigint); break;
      case 'f32': this.c.byte(Op.f32_const).f32(Number(k)); break;
      case 'f64': this.c.byte(Op.f64_const).f64(Number(k)); break;
    }
  }
  pushLo(t: Temp): void {
    this.push(t);
    this.c.byte(Op.i32_wrap_i64);
  }
  pushHi(t: Temp): void {
    this.push(t);
    this.c.byte(Op.i64_const).s64(32n).byte(Op.i64_shr_u).byte(Op.i32_wrap_i64);
  }
  private set(t: Temp): void {
    this.c.byte(Op.local_set).u32(this.L[t]);
  }
  private o(...codes: number[]): void {
    for (const k of codes) this.c.byte(k);
  }

  private emit(op: IROp): void {
    const { c, types } = this;
    if ((op.k === 'load' || op.k === 'store' || op.k === 'call') && op.guard !== undefined) {
      // A guarded op: skipped, with a 0 result, unless the guard holds.
      this.push(op.guard);
      c.byte(Op.if).byte(EMPTY);
      this.emit({ ...op, guard: undefined });
      const dst = op.k === 'store' ? -1 : op.dst;
      if (dst >= 0) {
        c.byte(Op.else);
        const ty = types[dst];
        if (ty === 'i64') c.byte(Op.i64_const).s64(0n);
        else if (ty === 'i32') c.byte(Op.i32_const).s32(0);
        else if (ty === 'f32') c.byte(Op.f32_const).f32(0);
        else c.byte(Op.f64_const).f64(0);
        this.set(dst);
      }
      c.byte(Op.end);
      return;
    }
    switch (op.k) {
      case 'const':
        this.consts.set(op.dst, op.value);
        return;
      case 'get': {
        const ty = types[op.dst];
        const local = this.x.regLocal.get(`${op.slot}:${ty}`);
        if (local !== undefined) c.byte(Op.local_get).u32(local);
        else {
          const o = ty === 'i64' ? Op.i64_load : ty === 'i32' ? Op.i32_load : ty === 'f64' ? Op.f64_load : Op.f32_load;
          this.x.stateOp(o, this.x.slotAddr(op.slot), ty === 'f64' ? 3 : 2);
        }
        this.set(op.dst);
        return;
      }
      case 'set': {
        const ty = types[op.src];
        const local = this.x.regLocal.get(`${op.slot}:${ty}`);
        if (local !== undefined) {
          this.push(op.src);
          c.byte(Op.local_set).u32(local);
        } else this.x.storeReg(op.slot, ty, () => this.push(op.src));
        return;
      }
      case 'bin':
        if (op.op === 'pair') {
          this.push(op.a);
          this.o(Op.i64_extend_i32_u);
          this.push(op.b);
          this.o(Op.i64_extend_i32_u);
          c.byte(Op.i64_const).s64(32n);
          this.o(Op.i64_shl, Op.i64_or);
        } else this.bin(op.op, op.a, op.b, types[op.a] === 'i64');
        this.set(op.dst);
        return;
      case 'un':
        this.un(op.op, op.a, types[op.a] === 'i64');
        this.set(op.dst);
        return;
      case 'select':
        this.push(op.a);
        this.push(op.b);
        this.push(op.cond);
        this.o(Op.select);
        this.set(op.dst);
        return;
      case 'load':
        this.load(op);
        return;
      case 'store':
        this.store(op);
        return;
      case 'call':
        this.call(op);
        return;
    }
  }

  private bin(name: string, a: Temp, b: Temp, wide: boolean): void {
    const { c } = this;
    const simple = (wide ? BIN64 : BIN32)[name];
    if (simple !== undefined) {
      this.push(a);
      this.push(b);
      c.byte(simple);
      return;
    }
    if (wide && SHIFT64[name] !== undefined) {
      this.push(a);
      this.push(b);
      this.o(Op.i64_extend_i32_u, SHIFT64[name]!);
      return;
    }
    const T = wide ? 'i64' : 'i32';
    const konst = (v: number) => (wide ? c.byte(Op.i64_const).s64(BigInt(v)) : c.byte(Op.i32_const).s32(v));
    const eqz = wide ? Op.i64_eqz : Op.i32_eqz;
    const eq = wide ? Op.i64_eq : Op.i32_eq;
    // Total division (ir.ts): x/0 = -1, x%0 = x, MIN/-1 = MIN (= 0 - MIN), MIN%-1 = 0 (wasm's rem_s gives it).
    switch (name) {
      case 'div_s':
      case 'div_u':
      case 'rem_s':
      case 'rem_u': {
        const div = name.startsWith('div');
        this.push(b);
        c.byte(eqz);
        c.byte(Op.if).byte(VALTYPE[T]);
        if (div) konst(-1);
        else this.push(a);
        c.byte(Op.else);
        if (name === 'div_s') {
          this.push(b);
          konst(-1);
          c.byte(eq);
          c.byte(Op.if).byte(VALTYPE[T]);
          konst(0);
          this.push(a);
          c.byte(wide ? Op.i64_sub : Op.i32_sub);
          c.byte(Op.else);
          this.push(a);
          this.push(b);
          c.byte(wide ? Op.i64_div_s : Op.i32_div_s);
          c.byte(Op.end);
        } else {
          this.push(a);
          this.push(b);
          const k = { div_u: [Op.i32_div_u, Op.i64_div_u], rem_s: [Op.i32_rem_s, Op.i64_rem_s], rem_u: [Op.i32_rem_u, Op.i64_rem_u] }[name as 'div_u']!;
          c.byte(k[wide ? 1 : 0]);
        }
        c.byte(Op.end);
        return;
      }
      case 'mulh_s':
      case 'mulh_u':
      case 'mulh_su': {
        if (!wide) {
          // The exact 64-bit product of the widened operands, high word.
          this.push(a);
          this.o(name === 'mulh_u' ? Op.i64_extend_i32_u : Op.i64_extend_i32_s);
          this.push(b);
          this.o(name === 'mulh_s' ? Op.i64_extend_i32_s : Op.i64_extend_i32_u);
          this.o(Op.i64_mul);
          c.byte(Op.i64_const).s64(32n);
          this.o(Op.i64_shr_u, Op.i32_wrap_i64);
          return;
        }
        // Unsigned high product, then signed corrections: - (a < 0 ? b : 0) [- (b < 0 ? a : 0)].
        this.push(a);
        this.push(b);
        c.byte(Op.call).u32(this.x.fn.mulhu);
        if (name !== 'mulh_u') {
          this.push(a);
          c.byte(Op.i64_const).s64(63n);
          this.o(Op.i64_shr_s);
          this.push(b);
          this.o(Op.i64_and, Op.i64_sub);
        }
        if (name === 'mulh_s') {
          this.push(b);
          c.byte(Op.i64_const).s64(63n);
          this.o(Op.i64_shr_s);
          this.push(a);
          this.o(Op.i64_and, Op.i64_sub);
        }
        return;
      }
    }
    throw new Error(`bad binop ${name}`);
  }

  private un(name: string, a: Temp, wide: boolean): void {
    const { c } = this;
    const k64 = (v: bigint) => c.byte(Op.i64_const).s64(v);
    const k32 = (v: number) => c.byte(Op.i32_const).s32(v);
    if (wide) {
      switch (name) {
        case 'neg': k64(0n); this.push(a); return this.o(Op.i64_sub);
        case 'not': this.push(a); k64(-1n); return this.o(Op.i64_xor);
        case 'clz': this.push(a); return this.o(Op.i64_clz);
        case 'ctz': this.push(a); return this.o(Op.i64_ctz);
        case 'popcnt': this.push(a); return this.o(Op.i64_popcnt);
        case 'bswap': this.push(a); c.byte(Op.call).u32(this.x.fn.bswap64); return;
        case 'sext8': this.push(a); return this.o(Op.i64_extend8_s);
        case 'sext16': this.push(a); return this.o(Op.i64_extend16_s);
        case 'zext8': this.push(a); k64(255n); return this.o(Op.i64_and);
        case 'zext16': this.push(a); k64(65535n); return this.o(Op.i64_and);
        case 'lo64': return this.pushLo(a);
        case 'hi64': return this.pushHi(a);
        case 'eqz': this.push(a); return this.o(Op.i64_eqz);
      }
    } else {
      switch (name) {
        case 'neg': k32(0); this.push(a); return this.o(Op.i32_sub);
        case 'not': this.push(a); k32(-1); return this.o(Op.i32_xor);
        case 'clz': this.push(a); return this.o(Op.i32_clz);
        case 'ctz': this.push(a); return this.o(Op.i32_ctz);
        case 'popcnt': this.push(a); return this.o(Op.i32_popcnt);
        case 'bswap': this.push(a); c.byte(Op.call).u32(this.x.fn.bswap32); return;
        case 'sext8': this.push(a); return this.o(Op.i32_extend8_s);
        case 'sext16': this.push(a); return this.o(Op.i32_extend16_s);
        case 'zext8': this.push(a); k32(255); return this.o(Op.i32_and);
        case 'zext16': this.push(a); k32(65535); return this.o(Op.i32_and);
        case 'sext32to64': this.push(a); return this.o(Op.i64_extend_i32_s);
        case 'zext32to64': this.push(a); return this.o(Op.i64_extend_i32_u);
        case 'eqz': this.push(a); return this.o(Op.i32_eqz);
      }
    }
    throw new Error(`bad unop ${name}`);
  }

  /** Pushes i32 1 when the access at `addr` must take the slow path (memory.ts fastAccessLimit). */
  private slowTest(addr: Temp, size: number, write: boolean): void {
    const { c } = this;
    const table = this.x.pageTable;
    const wide = this.types[addr] === 'i64';
    if (wide || table === undefined) {
      this.push(addr);
      if (wide) {
        // One unsigned 64-bit compare also catches addresses at or above 4 GiB.
        c.byte(Op.i64_const).s64(BigInt(LOW_GUARD)).byte(Op.i64_sub);
        c.byte(Op.i64_const).s64(BigInt(fastAccessLimit(size))).byte(Op.i64_gt_u);
      } else {
        c.byte(Op.i32_const).s32(LOW_GUARD).byte(Op.i32_sub);
        c.byte(Op.i32_const).s32(fastAccessLimit(size)).byte(Op.i32_gt_u);
      }
      if (table === undefined) return;
    }
    // Strict mode: the page byte (table + addr >> 12, through the load's offset immediate) lacks
    // the permission (memory.ts LOAD_PERMS, PAGE_WRITE), or the access crosses into the next
    // page. A 32-bit address needs no range test: the page table decides alone.
    this.pushAddr32(addr);
    c.byte(Op.i32_const).s32(PAGE_SHIFT).byte(Op.i32_shr_u);
    c.byte(Op.i32_load8_u).u32(0).u32(table);
    c.byte(Op.i32_const).s32(write ? PAGE_WRITE : LOAD_PERMS).byte(Op.i32_and).byte(Op.i32_eqz);
    if (wide) c.byte(Op.i32_or);
    if (size > 1) {
      this.pushAddr32(addr);
      c.byte(Op.i32_const).s32(PAGE_MASK).byte(Op.i32_and);
      c.byte(Op.i32_const).s32(strictPageLimit(size)).byte(Op.i32_gt_u);
      c.byte(Op.i32_or);
    }
  }
  private pushAddr32(addr: Temp): void {
    this.push(addr);
    if (this.types[addr] === 'i64') this.c.byte(Op.i32_wrap_i64);
  }
  private pushAddrWords(addr: Temp): void {
    if (this.types[addr] === 'i64') {
      this.pushLo(addr);
      this.pushHi(addr);
    } else {
      this.push(addr);
      this.c.byte(Op.i32_const).s32(0);
    }
  }

  private load(op: Extract<IROp, { k: 'load' }>): void {
    const { c } = this;
    const ty = this.types[op.dst];
    const code = LOAD_OPS[`${ty}:${op.size}:${op.signed ? 's' : 'u'}`];
    if (code === undefined) throw new Error(`bad load ${ty}/${op.size}`);
    this.slowTest(op.addr, op.size, false);
    c.byte(Op.if).byte(VALTYPE[ty]);
    this.pushAddrWords(op.addr);
    c.byte(Op.i32_const).s32(op.size);
    if (ty === 'f32' || ty === 'f64') {
      c.byte(Op.i32_const).s32(op.pc).byte(Op.call).u32(this.x.imp[ty === 'f32' ? 'loadF32' : 'loadF64']);
    } else {
      c.byte(Op.i32_const).s32(op.signed ? 1 : 0).byte(Op.i32_const).s32(op.pc).byte(Op.call).u32(this.x.imp.load);
      if (ty === 'i64') {
        if (op.size === 8) this.withRetHi();
        else this.o(op.signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u);
      }
    }
    c.byte(Op.else);
    this.pushAddr32(op.addr);
    if (this.x.littleEndian || op.size === 1) c.byte(code).u32(ALIGN[op.size]).u32(0);
    else this.loadSwapped(ty, op.size, op.signed);
    c.byte(Op.end);
    this.set(op.dst);
  }

  /**
   * Reverses the four bytes of the i32 on the stack, inline (a call per access costs more than
   * these six instructions): rotl(x & 0x00ff00ff, 24) | rotl(x & 0xff00ff00, 8).
   */
  private bswap32Inline(): void {
    const { c, x } = this;
    c.byte(Op.local_tee).u32(x.swapTmp).byte(Op.i32_const).s32(0x00ff00ff).byte(Op.i32_and).byte(Op.i32_const).s32(24).byte(Op.i32_rotl);
    c.byte(Op.local_get).u32(x.swapTmp).byte(Op.i32_const).s32(0xff00ff00 | 0).byte(Op.i32_and).byte(Op.i32_const).s32(8).byte(Op.i32_rotl);
    c.byte(Op.i32_or);
  }
  /** Reverses the eight bytes of the i64 on the stack: each half swapped, the halves exchanged. */
  private bswap64Inline(): void {
    const { c, x } = this;
    c.byte(Op.local_tee).u32(x.swapTmp64).byte(Op.i32_wrap_i64);
    this.bswap32Inline();
    c.byte(Op.i64_extend_i32_u).byte(Op.i64_const).s64(32n).byte(Op.i64_shl);
    c.byte(Op.local_get).u32(x.swapTmp64).byte(Op.i64_const).s64(32n).byte(Op.i64_shr_u).byte(Op.i32_wrap_i64);
    this.bswap32Inline();
    c.byte(Op.i64_extend_i32_u).byte(Op.i64_or);
  }

  /**
   * The two low bytes of the i32 on the stack swapped: (x << 24 >> 16) | ((x >>> 8) & 0xff), the
   * upper half zero or (signed) the sign of the swapped value. Bits 16-31 of x are ignored.
   */
  private bswap16Inline(signed: boolean): void {
    const { c, x } = this;
    c.byte(Op.local_tee).u32(x.swapTmp).byte(Op.i32_const).s32(24).byte(Op.i32_shl).byte(Op.i32_const).s32(16).byte(signed ? Op.i32_shr_s : Op.i32_shr_u);
    c.byte(Op.local_get).u32(x.swapTmp).byte(Op.i32_const).s32(8).byte(Op.i32_shr_u).byte(Op.i32_const).s32(0xff).byte(Op.i32_and).byte(Op.i32_or);
  }

  /** A big-endian access: load the bytes as an integer, reverse them, then extend or reinterpret. */
  private loadSwapped(ty: Ty, size: 2 | 4 | 8, signed: boolean): void {
    const { c } = this;
    if (size === 8) {
      c.byte(Op.i64_load).u32(3).u32(0);
      this.bswap64Inline();
      if (ty === 'f64') this.o(Op.f64_reinterpret_i64);
      else if (ty === 'i32') this.o(Op.i32_wrap_i64);
      return;
    }
    c.byte(size === 2 ? Op.i32_load16_u : Op.i32_load).u32(ALIGN[size]).u32(0);
    if (size === 2) this.bswap16Inline(signed);
    else this.bswap32Inline();
    if (ty === 'f32') this.o(Op.f32_reinterpret_i32);
    else if (ty === 'i64') this.o(signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u);
  }

  /** The value on the stack (of type ty) as the reversed bytes of a size-byte integer, and its store. */
  private storeSwapped(ty: Ty, size: 2 | 4 | 8): void {
    const { c } = this;
    if (size === 8) {
      if (ty === 'f64') this.o(Op.i64_reinterpret_f64);
      else if (ty === 'i32') this.o(Op.i64_extend_i32_u);
      this.bswap64Inline();
      c.byte(Op.i64_store).u32(3).u32(0);
      return;
    }
    if (ty === 'f32') this.o(Op.i32_reinterpret_f32);
    else if (ty === 'i64') this.o(Op.i32_wrap_i64);
    if (size === 2) this.bswap16Inline(false);
    else this.bswap32Inline();
    c.byte(size === 2 ? Op.i32_store16 : Op.i32_store).u32(ALIGN[size]).u32(0);
  }

  /** i32 low word on the stack -> the i64 with cpu.retHi as its high word. */
  private withRetHi(): void {
    this.o(Op.i64_extend_i32_u);
    this.x.stateOp(Op.i64_load32_u, this.x.retHi, 2);
    this.c.byte(Op.i64_const).s64(32n);
    this.o(Op.i64_shl, Op.i64_or);
  }

  private store(op: Extract<IROp, { k: 'store' }>): void {
    const { c } = this;
    const ty = this.types[op.src];
    const code = STORE_OPS[`${ty}:${op.size}`];
    if (code === undefined) throw new Error(`bad store ${ty}/${op.size}`);
    this.slowTest(op.addr, op.size, true);
    c.byte(Op.if).byte(EMPTY);
    this.pushAddrWords(op.addr);
    c.byte(Op.i32_const).s32(op.size);
    if (ty === 'f32' || ty === 'f64') {
      this.push(op.src);
      c.byte(Op.i32_const).s32(op.pc).byte(Op.call).u32(this.x.imp[ty === 'f32' ? 'storeF32' : 'storeF64']);
    } else {
      if (ty === 'i64') {
        this.pushLo(op.src);
        this.pushHi(op.src);
      } else {
        this.push(op.src);
        c.byte(Op.i32_const).s32(0);
      }
      c.byte(Op.i32_const).s32(op.pc).byte(Op.call).u32(this.x.imp.store);
    }
    c.byte(Op.else);
    this.pushAddr32(op.addr);
    this.push(op.src);
    if (!this.x.littleEndian && op.size !== 1) this.storeSwapped(ty, op.size);
    else {
      if (ty === 'i32' && op.size === 8) c.byte(Op.i64_extend_i32_u);
      c.byte(code).u32(ALIGN[op.size]).u32(0);
    }
    c.byte(Op.end);
  }

  private pushArgs(args: Temp[]): void {
    for (const t of args) {
      if (this.types[t] === 'i64') {
        this.pushLo(t);
        this.pushHi(t);
      } else this.push(t);
    }
  }

  private call(op: Extract<IROp, { k: 'call' }>): void {
    const { c } = this;
    const f = this.x.helperIndex.get(helperKey(this.types, op))!;
    const dstTy = op.dst >= 0 ? this.types[op.dst] : undefined;
    if (op.fast && dstTy === 'f64') {
      // The host result when it is exact (ir.ts FastFloat), else the helper.
      const ff = op.fast;
      this.push(ff.a);
      if (ff.op === 'sqrt') c.byte(Op.f64_sqrt);
      else {
        this.push(ff.b);
        c.byte({ add: Op.f64_add, sub: Op.f64_sub, mul: Op.f64_mul, div: Op.f64_div }[ff.op]);
      }
      this.set(op.dst);
      this.push(ff.when);
      c.byte(Op.i32_eqz);
      this.push(op.dst);
      c.byte(Op.f64_abs).byte(Op.f64_const).f64(MIN_NORMAL64).byte(Op.f64_gt);
      this.push(op.dst);
      c.byte(Op.f64_abs).byte(Op.f64_const).f64(Number.MAX_VALUE).byte(Op.f64_le);
      this.o(Op.i32_and, Op.i32_eqz, Op.i32_or);
      c.byte(Op.if).byte(EMPTY);
      this.pushArgs(op.args);
      c.byte(Op.call).u32(f);
      this.set(op.dst);
      c.byte(Op.end);
      return;
    }
    this.pushArgs(op.args);
    c.byte(Op.call).u32(f);
    if (dstTy === undefined) return;
    if (dstTy === 'i64') this.withRetHi();
    this.set(op.dst);
  }
}

/** bswap32, bswap64 and the unsigned high 64x64 product, as functions of the module. */
function defineIntrinsics(mb: ModuleBuilder, fn: Record<string, number>): void {
  const body = (emit: (c: Bytes) => void) => {
    const c = new Bytes();
    emit(c);
    c.byte(Op.end);
    return c;
  };
  const g = (c: Bytes, l: number) => c.byte(Op.local_get).u32(l);
  mb.define(fn.bswap32, {
    type: { params: ['i32'], results: ['i32'] },
    locals: [],
    code: body((c) => {
      g(c, 0).byte(Op.i32_const).s32(24).byte(Op.i32_shr_u);
      g(c, 0).byte(Op.i32_const).s32(8).byte(Op.i32_shr_u).byte(Op.i32_const).s32(0xff00).byte(Op.i32_and).byte(Op.i32_or);
      g(c, 0).byte(Op.i32_const).s32(0xff00).byte(Op.i32_and).byte(Op.i32_const).s32(8).byte(Op.i32_shl).byte(Op.i32_or);
      g(c, 0).byte(Op.i32_const).s32(24).byte(Op.i32_shl).byte(Op.i32_or);
    }),
  });
  mb.define(fn.bswap64, {
    type: { params: ['i64'], results: ['i64'] },
    locals: [],
    code: body((c) => {
      g(c, 0).byte(Op.i32_wrap_i64).byte(Op.call).u32(fn.bswap32).byte(Op.i64_extend_i32_u).byte(Op.i64_const).s64(32n).byte(Op.i64_shl);
      g(c, 0).byte(Op.i64_const).s64(32n).byte(Op.i64_shr_u).byte(Op.i32_wrap_i64).byte(Op.call).u32(fn.bswap32).byte(Op.i64_extend_i32_u);
      c.byte(Op.i64_or);
    }),
  });
  // a = a1:a0, b = b1:b0 (32-bit halves); four exact 32x32 products.
  //   mid = hi(a0*b0) + lo(a0*b1) + lo(a1*b0)         (< 2^34)
  //   result = a1*b1 + hi(a0*b1) + hi(a1*b0) + hi(mid)
  const A0 = 2, A1 = 3, B0 = 4, B1 = 5, P01 = 6, P10 = 7;
  const MASK = 0xffffffffn;
  mb.define(fn.mulhu, {
    type: { params: ['i64', 'i64'], results: ['i64'] },
    locals: [[6, 'i64']],
    code: body((c) => {
      const k = (v: bigint) => c.byte(Op.i64_const).s64(v);
      const set = (l: number) => c.byte(Op.local_set).u32(l);
      g(c, 0); k(MASK); c.byte(Op.i64_and); set(A0);
      g(c, 0); k(32n); c.byte(Op.i64_shr_u); set(A1);
      g(c, 1); k(MASK); c.byte(Op.i64_and); set(B0);
      g(c, 1); k(32n); c.byte(Op.i64_shr_u); set(B1);
      g(c, A0); g(c, B1); c.byte(Op.i64_mul); set(P01);
      g(c, A1); g(c, B0); c.byte(Op.i64_mul); set(P10);
      g(c, A1); g(c, B1); c.byte(Op.i64_mul);
      g(c, P01); k(32n); c.byte(Op.i64_shr_u); c.byte(Op.i64_add);
      g(c, P10); k(32n); c.byte(Op.i64_shr_u); c.byte(Op.i64_add);
      // hi(mid)
      g(c, A0); g(c, B0); c.byte(Op.i64_mul); k(32n); c.byte(Op.i64_shr_u);
      g(c, P01); k(MASK); c.byte(Op.i64_and); c.byte(Op.i64_add);
      g(c, P10); k(MASK); c.byte(Op.i64_and); c.byte(Op.i64_add);
      k(32n); c.byte(Op.i64_shr_u);
      c.byte(Op.i64_add);
    }),
  });
}

/** Compiles a region module and binds it to the runtime: the function the dispatcher calls. */
export function instantiateRegionWasm(code: WasmRegionCode, mem: GuestMemory, cpu: CpuState, H: Record<string, unknown>, ret: Ret): () => number {
  const h = H as Record<string, (...a: number[]) => number> & {
    load(lo: number, hi: number, size: number, signed: boolean, pc: number): number;
    store(lo: number, hi: number, size: number, vl: number, vh: number, pc: number): void;
  };
  const retHi = cpu.retHi;
  const imports: Record<string, (...a: number[]) => number | void> = {
    load: (lo, hi, size, signed, pc) => {
      const v = h.load(lo, hi, size, signed !== 0, pc >>> 0);
      retHi[0] = ret.hi;
      return v;
    },
    loadF32: (lo, hi, size, pc) => h.loadF(lo, hi, size, pc >>> 0),
    loadF64: (lo, hi, size, pc) => h.loadF(lo, hi, size, pc >>> 0),
    store: (lo, hi, size, vl, vh, pc) => h.store(lo, hi, size, vl, vh, pc >>> 0),
    storeF32: (lo, hi, size, v, pc) => h.storeF(lo, hi, size, v, pc >>> 0),
    storeF64: (lo, hi, size, v, pc) => h.storeF(lo, hi, size, v, pc >>> 0),
    badJump: (lo, hi) => h.badJump(lo, hi),
    jumpMiss: (entry, from, to) => h.jumpMiss(entry >>> 0, from >>> 0, to >>> 0),
    exitSyscall: (next, pc) => {
      cpu.pc = next >>> 0;
      cpu.exitPc = pc >>> 0;
      cpu.exitReason = EXIT_SYSCALL;
    },
    exitTrap: (pc, signal, trapCode, addr) => {
      cpu.pc = pc >>> 0;
      cpu.trapSignal = signal;
      cpu.trapCode = trapCode;
      cpu.trapAddr = addr;
      cpu.exitReason = EXIT_TRAP;
    },
    exitFlush: (next) => {
      cpu.pc = next >>> 0;
      cpu.exitReason = EXIT_FLUSH;
    },
    exitInterrupt: (pc) => {
      cpu.pc = pc >>> 0;
      cpu.exitReason = EXIT_INTERRUPT;
    },
  };
  code.helpers.forEach(({ name, result, arity }, i) => {
    const f = h[name];
    if (typeof f !== 'function') throw new Error(`no helper ${name}`);
    imports[`h${i}`] = result === 'i64' ? withRetHi(f, arity, retHi, ret) : f;
  });
  const module = new Wasm.Module(code.bytes);
  const instance = new Wasm.Instance(module, { m: { mem: mem.wasm }, h: imports });
  return instance.exports.run as () => number;
}
