// The region tier (DESIGN.md 4): hot code compiled as one JS function per region (a loop nest or a
// function body, at most about a thousand guest instructions), guest registers in JS locals, control
// flow rebuilt as real JS loops and labeled blocks from the CFG of the region's blocks.
//
// Structuring follows the dominator-tree scheme for reducible graphs (Ramsey, "Beyond Relooper",
// 2022): a loop header becomes `L: for (;;) { ... }` and back edges `continue L`; a node with two or
// more forward in-edges (a merge node) is placed after a labeled block `B: { ... }` that its
// predecessors leave with `break B`; any other node is emitted inline at its only predecessor.
// Edges that would make the graph irreducible become side exits to the dispatcher, so no `switch`
// dispatch is ever needed inside a region.
//
// Exactness: locals are written back to the register file at every exit, and a fault (a GuestFault
// or GuestTrap thrown by a slow path or helper) writes them back before it propagates, so the
// dispatcher sees the registers as they were before the faulting instruction. Every loop header
// polls the interrupt word IRQ[0] so a guest `for (;;)` can be stopped for a pending signal.
import type { IRBlock, Ty } from '../ir/ir.ts';
import { type BackendOptions, type RegisterHome, EXIT_INTERRUPT, dispatcherExit, emitBlockOps, jumpTarget } from './js-backend.ts';

/** What region formation needs to know about the guest code around it. */
export interface RegionSource {
  /** The block at pc, lifted and optimized. */
  block(pc: number): IRBlock;
  /** May the block at pc join the region (auto: it has run before; forced: any reachable block). */
  admit(pc: number): boolean;
  /** Targets seen leaving the block at pc through its indirect jump. */
  jumpTargets(pc: number): readonly number[];
}

/** A guest register the arch allows to live in a JS local inside regions. */
export interface PromotableSlot {
  slot: number;
  ty: Ty;
}

export interface Region {
  entry: number;
  /** blocks[0] is the entry. */
  blocks: IRBlock[];
  instructions: number;
}

const hex = (n: number) => '0x' + n.toString(16);

/** Collects the blocks reachable from `entry` that the source admits, breadth first, within a budget. */
export function collectRegion(entry: number, src: RegionSource, maxInstructions: number): Region {
  const blocks: IRBlock[] = [];
  const seen = new Set<number>([entry]);
  const queue = [entry];
  let instructions = 0;
  for (let qi = 0; qi < queue.length; qi++) {
    const pc = queue[qi];
    if (qi > 0 && !src.admit(pc)) continue;
    const b = src.block(pc);
    if (qi > 0 && instructions + b.instructions > maxInstructions) continue;
    blocks.push(b);
    instructions += b.instructions;
    for (const t of successorPcs(b, src)) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return { entry, blocks, instructions };
}

/** Direct successors, the seen targets of an indirect jump, and the return point of a call. */
function successorPcs(b: IRBlock, src: RegionSource): number[] {
  const e = b.exit;
  const out: number[] = [];
  if (e.k === 'goto') out.push(e.target);
  else if (e.k === 'branch') out.push(e.taken, e.notTaken);
  else if (e.k === 'jump') out.push(...src.jumpTargets(b.pc));
  if (b.callReturn !== undefined) out.push(b.callReturn);
  return out;
}

/** The CFG of a region and its structure. Node i is region.blocks[i]. */
interface Shape {
  /** In-region successor nodes per node, in exit order (duplicates kept: they are separate edges). */
  succ: number[][];
  /** Edges turned into side exits because they would make the graph irreducible ("from>to"). */
  cut: Set<string>;
  rpo: number[]; // node -> reverse postorder number (-1: unreachable)
  idom: number[];
  loopHeader: boolean[];
  merge: boolean[];
  /** Dominator-tree children per node. */
  children: number[][];
}

function shapeOf(region: Region, extraTargets: (b: IRBlock) => number[]): Shape {
  const index = new Map<number, number>();
  region.blocks.forEach((b, i) => index.set(b.pc, i));
  const succ = region.blocks.map((b) => {
    const e = b.exit;
    const t: number[] = e.k === 'goto' ? [e.target] : e.k === 'branch' ? [e.taken, e.notTaken] : e.k === 'jump' ? extraTargets(b) : [];
    return t.filter((pc) => index.has(pc)).map((pc) => index.get(pc)!);
  });
  const cut = new Set<string>();
  for (;;) {
    const s = analyze(succ, cut);
    if (s) return s;
  }
}

/** One pass of the analysis; returns undefined after cutting irreducible edges (then run again). */
function analyze(succ: number[][], cut: Set<string>): Shape | undefined {
  const n = succ.length;
  const live = (u: number, v: number) => !cut.has(`${u}>${v}`);
  // Postorder by iterative DFS from node 0.
  const post: number[] = [];
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const stack: Array<[number, number]> = [[0, 0]];
  state[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [u, k] = top;
    if (k < succ[u].length) {
      top[1]++;
      const v = succ[u][k];
      if (live(u, v) && state[v] === 0) {
        state[v] = 1;
        stack.push([v, 0]);
      }
    } else {
      state[u] = 2;
      post.push(u);
      stack.pop();
    }
  }
  const rpo = new Array<number>(n).fill(-1);
  const order = post.reverse();
  order.forEach((u, i) => (rpo[u] = i));
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let u = 0; u < n; u++) if (rpo[u] >= 0) for (const v of succ[u]) if (live(u, v)) preds[v].push(u);
  // Dominators (Cooper, Harvey, Kennedy: iterate intersections in reverse postorder).
  const idom = new Array<number>(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (rpo[a] > rpo[b]) a = idom[a];
      while (rpo[b] > rpo[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of order) {
      if (u === 0) continue;
      let d = -1;
      for (const p of preds[u]) if (idom[p] >= 0) d = d < 0 ? p : intersect(p, d);
      if (d !== idom[u]) {
        idom[u] = d;
        changed = true;
      }
    }
  }
  const dominates = (a: number, b: number) => {
    for (;;) {
      if (a === b) return true;
      if (b === 0) return false;
      b = idom[b];
    }
  };
  const loopHeader = new Array<boolean>(n).fill(false);
  const forwardIn = new Array<number>(n).fill(0);
  let cutSome = false;
  for (const u of order) {
    for (const v of succ[u]) {
      if (!live(u, v)) continue;
      if (rpo[v] <= rpo[u]) {
        if (dominates(v, u)) loopHeader[v] = true;
        else {
          cut.add(`${u}>${v}`);
          cutSome = true;
        }
      } else forwardIn[v]++;
    }
  }
  if (cutSome) return undefined;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const u of order) if (u !== 0) children[idom[u]].push(u);
  return { succ, cut, rpo, idom, loopHeader, merge: forwardIn.map((c) => c >= 2), children };
}

export interface RegionCode {
  source: string;
  /** Nodes the structuring kept (unreachable ones after cutting edges are dropped). */
  blocks: number;
  loops: number;
}

/** Region -> the source of a factory over FACTORY_PARAMS that returns the region function. */
export function generateRegionJs(region: Region, opts: BackendOptions, promotable: readonly PromotableSlot[], jumpTargets: (pc: number) => readonly number[]): RegionCode {
  const blocks = region.blocks;
  const index = new Map<number, number>();
  blocks.forEach((b, i) => index.set(b.pc, i));
  const callReturns = blocks.filter((b) => b.callReturn !== undefined).map((b) => b.callReturn!);
  /** Candidate in-region targets of an indirect jump: seen targets and the region's return points. */
  const candidates = (b: IRBlock) => [...new Set([...jumpTargets(b.pc), ...callReturns])].filter((pc) => index.has(pc));
  const shape = shapeOf(region, candidates);

  // Which register slots live in locals: declared promotable, and every access of their words in
  // the region uses the same (slot, type).
  const declared = new Map(promotable.map((p) => [`${p.slot}:${p.ty}`, p]));
  const wordKeys = new Map<number, Set<string>>();
  const accessed = new Map<string, PromotableSlot>();
  const written = new Set<string>();
  for (const b of blocks) {
    for (const op of b.ops) {
      if (op.k !== 'get' && op.k !== 'set') continue;
      const ty = b.types[op.k === 'get' ? op.dst : op.src];
      const key = `${op.slot}:${ty}`;
      const width = ty === 'i64' || ty === 'f64' ? 2 : 1;
      for (let w = 0; w < width; w++) {
        let s = wordKeys.get(op.slot + w);
        if (!s) wordKeys.set(op.slot + w, (s = new Set()));
        s.add(key);
      }
      accessed.set(key, { slot: op.slot, ty });
      if (op.k === 'set') written.add(key);
    }
  }
  const promoted = new Map<string, PromotableSlot>();
  for (const [key, p] of accessed) {
    if (!declared.has(key)) continue;
    const width = p.ty === 'i64' || p.ty === 'f64' ? 2 : 1;
    let alone = true;
    for (let w = 0; w < width; w++) if (wordKeys.get(p.slot + w)!.size !== 1) alone = false;
    if (alone) promoted.set(key, p);
  }
  const localName = (p: PromotableSlot) => `r${p.slot}`;
  const home: RegisterHome = {
    local: (slot, ty) => {
      const p = promoted.get(`${slot}:${ty}`);
      return p && localName(p);
    },
  };
  const load = (p: PromotableSlot) => {
    const r = localName(p);
    switch (p.ty) {
      case 'i64': return `${r}l = R[${p.slot}], ${r}h = R[${p.slot + 1}]`;
      case 'i32': return `${r} = R[${p.slot}]`;
      case 'f64': return `${r} = F64[${p.slot >> 1}]`;
      case 'f32': return `${r} = F32[${p.slot}]`;
    }
  };
  const store = (p: PromotableSlot) => {
    const r = localName(p);
    switch (p.ty) {
      case 'i64': return `R[${p.slot}] = ${r}l; R[${p.slot + 1}] = ${r}h;`;
      case 'i32': return `R[${p.slot}] = ${r};`;
      case 'f64': return `F64[${p.slot >> 1}] = ${r};`;
      case 'f32': return `F32[${p.slot}] = ${r};`;
    }
  };
  const writeBack = [...promoted].filter(([k]) => written.has(k)).map(([, p]) => store(p)).join(' ');

  const out: string[] = [];
  let depth = 2;
  const line = (s: string) => out.push('  '.repeat(depth) + s);
  const sideExit = (pc: string): void => {
    line(`npc = ${pc}; break out;`);
  };

  const doTree = (x: number): void => {
    const ys = shape.children[x].filter((c) => shape.merge[c]).sort((a, b) => shape.rpo[b] - shape.rpo[a]);
    if (shape.loopHeader[x]) {
      line(`L${x}: for (;;) {`);
      depth++;
      line(`if (IRQ[0] !== 0) { cpu.pc = ${hex(blocks[x].pc)}; cpu.exitReason = ${EXIT_INTERRUPT}; npc = -1; break out; }`);
      nodeWithin(x, ys);
      depth--;
      line('}');
    } else nodeWithin(x, ys);
  };

  const nodeWithin = (x: number, ys: number[]): void => {
    if (ys.length === 0) {
      emitNode(x);
      return;
    }
    const [y, ...rest] = ys;
    line(`B${y}: {`);
    depth++;
    nodeWithin(x, rest);
    depth--;
    line('}');
    doTree(y);
  };

  const doBranch = (from: number, pc: number): void => {
    const to = index.get(pc);
    if (to === undefined || shape.cut.has(`${from}>${to}`) || shape.rpo[to] < 0) return sideExit(hex(pc));
    if (shape.rpo[to] <= shape.rpo[from]) line(`continue L${to};`);
    else if (shape.merge[to]) line(`break B${to};`);
    else doTree(to);
  };

  const emitNode = (x: number): void => {
    const b = blocks[x];
    line(`// block ${hex(b.pc)}..${hex(b.end)}`);
    const code = emitBlockOps(b, opts, `b${x}_`, home, '  '.repeat(depth));
    out.push(...code.lines);
    const e = b.exit;
    switch (e.k) {
      case 'goto':
        doBranch(x, e.target);
        return;
      case 'branch':
        line(`if (${code.v(e.cond)} !== 0) {`);
        depth++;
        doBranch(x, e.taken);
        depth--;
        line('}');
        doBranch(x, e.notTaken);
        return;
      case 'jump': {
        const j = `b${x}_j`;
        line(`const ${j} = ${jumpTarget(code, b.types, e.target)};`);
        for (const pc of candidates(b)) {
          line(`if (${j} === ${hex(pc)}) {`);
          depth++;
          doBranch(x, pc);
          depth--;
          line('}');
        }
        sideExit(j);
        return;
      }
      default:
        line(`${dispatcherExit(e)} npc = -1; break out;`);
    }
  };

  doTree(0);
  const locals = [...promoted.values()].map(load);
  const src = [
    `return function region_${region.entry.toString(16)}() {`,
    locals.length ? `  let ${locals.join(', ')};` : '',
    '  let npc = 0;',
    '  try {',
    '    out: {',
    ...out,
    '    }',
    `  } catch (e) { ${writeBack} throw e; }`,
    `  ${writeBack}`,
    '  return npc;',
    '};',
  ].join('\n');
  return { source: src, blocks: shape.rpo.filter((r) => r >= 0).length, loops: shape.loopHeader.filter(Boolean).length };
}
