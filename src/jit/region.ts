// The region tier (DESIGN.md 4): hot code compiled as one JS function per region (a loop nest or a
// function body, at most about a thousand guest instructions), guest registers in JS locals, control
// flow rebuilt as real JS loops and labeled blocks from the CFG of the region's blocks.
//
// Structuring follows the dominator-tree scheme for reducible graphs (Ramsey, "Beyond Relooper",
// 2022): a loop header becomes `L: for (;;) { ... }` and back edges `continue L`; a node with two or
// more forward in-edges (a merge node) is placed after a labeled block `B: { ... }` that its
// predecessors leave with `break B`; any other node is emitted inline at its only predecessor.
// An irreducible loop (several entries) gets one dispatch node: a selector variable set on every
// edge into its entries and a `switch` on it, the only place a region dispatches on a value.
//
// Exactness: locals are written back to the register file at every exit, and a fault (a GuestFault
// or GuestTrap thrown by a slow path or helper) writes them back before it propagates, so the
// dispatcher sees the registers as they were before the faulting instruction. Every loop header
// polls the interrupt word IRQ[0] so a guest `for (;;)` can be stopped for a pending signal.
import type { IRBlock, Ty } from '../ir/ir.ts';
import { type BackendOptions, type RegisterHome, EXIT_INTERRUPT, dispatcherExit, emitBlockOps, hex, jumpTarget } from './js-backend.ts';

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


/**
 * Collects the blocks reachable from `entry` that the source admits, breadth first, within a budget.
 * With `loopsOnly`, keeps just the blocks from which control can come back to the entry: the loop
 * nest around it and what it calls. What runs after the loops is left to other translations.
 */
export function collectRegion(entry: number, src: RegionSource, maxInstructions: number, loopsOnly = false): Region {
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
  if (!loopsOnly) return { entry, blocks, instructions };
  const preds = new Map<number, number[]>();
  for (const b of blocks) {
    for (const t of successorPcs(b, src)) {
      let p = preds.get(t);
      if (!p) preds.set(t, (p = []));
      p.push(b.pc);
    }
  }
  const reaches = new Set<number>();
  const work = [entry];
  while (work.length) for (const p of preds.get(work.pop()!) ?? []) if (!reaches.has(p)) reaches.add(p), work.push(p);
  const kept = blocks.filter((b) => b.pc === entry || reaches.has(b.pc));
  return { entry, blocks: kept, instructions: kept.reduce((n, b) => n + b.instructions, 0) };
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

/**
 * An edge of the region graph. `to` is a node, or -1 for a side exit to `pc`. `sets` are the
 * selector assignments of the dispatch nodes the edge was routed through ([node, case]).
 */
export interface Edge {
  pc: number;
  to: number;
  sets: Array<[number, number]>;
}

/**
 * The CFG of a region and its structure. Nodes 0..blocks-1 are region.blocks; nodes from `blocks`
 * on are dispatch nodes added to make irreducible loops reducible: every edge into the entries of
 * such a loop goes through one node that sets a selector and `switch`es on it.
 */
export interface Shape {
  blocks: number;
  /** Per node, its edges in exit order (goto; taken, not taken; jump candidates; a dispatch node's cases). */
  edges: Edge[][];
  start: number;
  startSets: Array<[number, number]>;
  rpo: number[]; // node -> reverse postorder number (-1: unreachable)
  loopHeader: boolean[];
  merge: boolean[];
  /** Dominator-tree children per node. */
  children: number[][];
}

/** Dispatch nodes added per region at most; past that, irreducible edges become side exits. */
const MAX_DISPATCH_NODES = 16;

function shapeOf(region: Region, exitTargets: (b: IRBlock) => number[]): Shape {
  const index = new Map<number, number>();
  region.blocks.forEach((b, i) => index.set(b.pc, i));
  const edges: Edge[][] = region.blocks.map((b) => exitTargets(b).map((pc) => ({ pc, to: index.get(pc) ?? -1, sets: [] })));
  const g = { blocks: region.blocks.length, edges, start: 0, startSets: [] as Array<[number, number]> };
  for (;;) {
    const a = analyze(g.edges, g.start);
    if (!a.bad) return { ...g, ...a.shape };
    const [u, v] = a.bad;
    if (g.edges.length - g.blocks >= MAX_DISPATCH_NODES || !addDispatch(g, u, v)) {
      for (const e of g.edges[u]) if (e.to === v) e.to = -1;
    }
  }
}

/**
 * u -> v is a retreating edge whose target does not dominate its source: find the smallest
 * strongly connected subgraph around it with several entries, and route every edge into those
 * entries through a new dispatch node, which then heads the loop alone.
 */
function addDispatch(g: { edges: Edge[][]; start: number; startSets: Array<[number, number]> }, u: number, v: number): boolean {
  const n = g.edges.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  g.edges.forEach((es, p) => es.forEach((e) => e.to >= 0 && preds[e.to].push(p)));
  let within = new Set<number>(Array.from({ length: n }, (_, i) => i));
  for (;;) {
    // The strongly connected component of v inside `within`: reachable from v and reaching v.
    const reach = (from: number, next: (x: number) => number[]) => {
      const seen = new Set([from]);
      const work = [from];
      while (work.length) for (const y of next(work.pop()!)) if (within.has(y) && !seen.has(y)) seen.add(y), work.push(y);
      return seen;
    };
    const fwd = reach(v, (x) => g.edges[x].filter((e) => e.to >= 0).map((e) => e.to));
    const back = reach(v, (x) => preds[x]);
    const scc = new Set([...fwd].filter((x) => back.has(x)));
    if (!scc.has(u)) return false;
    const entries = [...scc].filter((x) => x === g.start || preds[x].some((p) => !scc.has(p)));
    if (entries.length >= 2) {
      const d = n;
      g.edges.push(entries.map((e) => ({ pc: -1, to: e, sets: [] })));
      for (const es of g.edges.slice(0, d)) {
        for (const e of es) {
          const k = entries.indexOf(e.to);
          if (k >= 0) {
            e.to = d;
            e.sets = [...e.sets, [d, k]];
          }
        }
      }
      const k = entries.indexOf(g.start);
      if (k >= 0) {
        g.start = d;
        g.startSets = [...g.startSets, [d, k]];
      }
      return true;
    }
    if (entries.length === 0) return false;
    // One entry: a proper loop at this level. The trouble is inside it.
    within = new Set([...scc].filter((x) => x !== entries[0]));
  }
}

/** Order, dominators, loops and merges of the graph; or the first irreducible edge found. */
function analyze(edges: Edge[][], start: number): { bad?: [number, number]; shape: Omit<Shape, 'blocks' | 'edges' | 'start' | 'startSets'> } {
  const n = edges.length;
  const succ = edges.map((es) => es.filter((e) => e.to >= 0).map((e) => e.to));
  // Postorder by iterative DFS from the start.
  const post: number[] = [];
  const state = new Uint8Array(n);
  const stack: Array<[number, number]> = [[start, 0]];
  state[start] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [x, k] = top;
    if (k < succ[x].length) {
      top[1]++;
      const y = succ[x][k];
      if (state[y] === 0) {
        state[y] = 1;
        stack.push([y, 0]);
      }
    } else {
      post.push(x);
      stack.pop();
    }
  }
  const rpo = new Array<number>(n).fill(-1);
  const order = post.reverse();
  order.forEach((x, i) => (rpo[x] = i));
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (const x of order) for (const y of succ[x]) preds[y].push(x);
  // Dominators (Cooper, Harvey, Kennedy: iterate intersections in reverse postorder).
  const idom = new Array<number>(n).fill(-1);
  idom[start] = start;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (rpo[a] > rpo[b]) a = idom[a];
      while (rpo[b] > rpo[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const x of order) {
      if (x === start) continue;
      let d = -1;
      for (const p of preds[x]) if (idom[p] >= 0) d = d < 0 ? p : intersect(p, d);
      if (d !== idom[x]) {
        idom[x] = d;
        changed = true;
      }
    }
  }
  const dominates = (a: number, b: number) => {
    for (;;) {
      if (a === b) return true;
      if (b === start) return false;
      b = idom[b];
    }
  };
  const loopHeader = new Array<boolean>(n).fill(false);
  const forwardIn = new Array<number>(n).fill(0);
  let bad: [number, number] | undefined;
  for (const x of order) {
    for (const y of succ[x]) {
      if (rpo[y] <= rpo[x]) {
        if (dominates(y, x)) loopHeader[y] = true;
        else bad ??= [x, y];
      } else forwardIn[y]++;
    }
  }
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const x of order) if (x !== start) children[idom[x]].push(x);
  return { bad, shape: { rpo, loopHeader, merge: forwardIn.map((c) => c >= 2), children } };
}

/** What a backend emits for each construct of the structured region (see walkStructure). */
export interface StructureSink {
  /** A loop headed by node x; `continueTo(x)` inside body goes back to its start. */
  loop(x: number, body: () => void): void;
  /** A block that `breakTo(y)` inside body leaves; node y's code follows it. */
  labeled(y: number, body: () => void): void;
  /** The code of node x, which ends by calling `branch` for its out-edges (see walk.branch). */
  node(x: number): void;
  /** Selector assignments of dispatch nodes ([node, case]) on an edge. */
  select(sets: Array<[number, number]>): void;
  continueTo(x: number): void;
  breakTo(y: number): void;
  sideExit(pc: number): void;
}

/**
 * The structuring walk over the dominator tree, shared by the backends: a loop header wraps its
 * subtree in a loop; a node's merge children (nodes with several forward in-edges) follow it,
 * each after a labeled block the node's code breaks out of; every other child is emitted inline
 * at its only edge. `branch(from, edge)` emits an edge: a side exit, a back edge, a break to a
 * merge, or the target's code.
 */
export function walkStructure(shape: Shape, sink: StructureSink): { run(): void; branch(from: number, edge: Edge): void } {
  const doTree = (x: number): void => {
    const ys = shape.children[x].filter((c) => shape.merge[c]).sort((a, b) => shape.rpo[b] - shape.rpo[a]);
    if (shape.loopHeader[x]) sink.loop(x, () => nodeWithin(x, ys));
    else nodeWithin(x, ys);
  };
  const nodeWithin = (x: number, ys: number[]): void => {
    if (ys.length === 0) return sink.node(x);
    const [y, ...rest] = ys;
    sink.labeled(y, () => nodeWithin(x, rest));
    doTree(y);
  };
  const branch = (from: number, edge: Edge): void => {
    const to = edge.to;
    if (to < 0 || shape.rpo[to] < 0) return sink.sideExit(edge.pc);
    if (edge.sets.length) sink.select(edge.sets);
    if (shape.rpo[to] <= shape.rpo[from]) sink.continueTo(to);
    else if (shape.merge[to]) sink.breakTo(to);
    else doTree(to);
  };
  return { run: () => doTree(shape.start), branch };
}

export interface RegionCode {
  source: string;
  /** Nodes the structuring kept (unreachable ones after cutting edges are dropped). */
  blocks: number;
  loops: number;
  /** Dispatch nodes that made irreducible loops reducible. */
  dispatchNodes: number;
  /** Is the entry itself on a loop of the region (a loop header, or headed by a dispatch node)? */
  entryLoops: boolean;
  /** Register slots kept in locals. */
  promoted: PromotableSlot[];
}

/**
 * What every region backend needs: the structured CFG (indirect jumps branch to their seen
 * in-region targets and to the region's call return points), and which register slots live in
 * locals: declared promotable, and every access of their words in the region uses the same
 * (slot, type). `written` lists the promoted ones the region assigns (written back at exits).
 */
export interface RegionPlan {
  shape: Shape;
  promoted: PromotableSlot[];
  written: PromotableSlot[];
  isPromoted(slot: number, ty: Ty): boolean;
}

export function planRegion(region: Region, promotable: readonly PromotableSlot[], jumpTargets: (pc: number) => readonly number[]): RegionPlan {
  const blocks = region.blocks;
  const index = new Map<number, number>();
  blocks.forEach((b, i) => index.set(b.pc, i));
  const callReturns = blocks.filter((b) => b.callReturn !== undefined).map((b) => b.callReturn!);
  /** Candidate in-region targets of an indirect jump: seen targets and the region's return points. */
  const candidates = (b: IRBlock) => [...new Set([...jumpTargets(b.pc), ...callReturns])].filter((pc) => index.has(pc));
  const shape = shapeOf(region, (b) => {
    const e = b.exit;
    return e.k === 'goto' ? [e.target] : e.k === 'branch' ? [e.taken, e.notTaken] : e.k === 'jump' ? candidates(b) : [];
  });

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
  return {
    shape,
    promoted: [...promoted.values()],
    written: [...promoted].filter(([k]) => written.has(k)).map(([, p]) => p),
    isPromoted: (slot, ty) => promoted.has(`${slot}:${ty}`),
  };
}

/** Region -> the source of a factory over FACTORY_PARAMS that returns the region function. */
export function generateRegionJs(region: Region, opts: BackendOptions, promotable: readonly PromotableSlot[], jumpTargets: (pc: number) => readonly number[]): RegionCode {
  const blocks = region.blocks;
  const { shape, promoted, written, isPromoted } = planRegion(region, promotable, jumpTargets);
  const localName = (p: PromotableSlot) => `r${p.slot}`;
  const home: RegisterHome = {
    local: (slot, ty) => (isPromoted(slot, ty) ? localName({ slot, ty }) : undefined),
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
  const writeBack = written.map(store).join(' ');

  const out: string[] = [];
  let depth = 2;
  const line = (s: string) => out.push('  '.repeat(depth) + s);
  const sideExit = (pc: string): void => {
    line(`npc = ${pc}; break out;`);
  };

  /** The guest PC control is at when it reaches node x (a dispatch node: its selected case's). */
  const pcOf = (x: number): string => {
    if (x < shape.blocks) return hex(blocks[x].pc);
    const cases = shape.edges[x];
    return cases.slice(0, -1).reduceRight((rest, e, k) => `(s${x} === ${k} ? ${pcOf(e.to)} : ${rest})`, pcOf(cases[cases.length - 1].to));
  };

  const walk = walkStructure(shape, {
    loop(x, body) {
      line(`L${x}: for (;;) {`);
      depth++;
      line(`if (IRQ[0] !== 0) { cpu.pc = ${pcOf(x)}; cpu.exitReason = ${EXIT_INTERRUPT}; npc = -1; break out; }`);
      body();
      depth--;
      line('}');
    },
    labeled(y, body) {
      line(`B${y}: {`);
      depth++;
      body();
      depth--;
      line('}');
    },
    node: (x) => emitNode(x),
    select: (sets) => line(sets.map(([d, k]) => `s${d} = ${k};`).join(' ')),
    continueTo: (x) => line(`continue L${x};`),
    breakTo: (y) => line(`break B${y};`),
    sideExit: (pc) => sideExit(hex(pc)),
  });
  const doBranch = walk.branch;

  const emitNode = (x: number): void => {
    const edges = shape.edges[x];
    if (x >= shape.blocks) {
      line(`switch (s${x}) {`);
      edges.forEach((e, k) => {
        line(k === edges.length - 1 ? 'default: {' : `case ${k}: {`);
        depth++;
        doBranch(x, e);
        depth--;
        line('}');
      });
      line('}');
      return;
    }
    const b = blocks[x];
    line(`// block ${hex(b.pc)}..${hex(b.end)}`);
    const code = emitBlockOps(b, opts, `b${x}_`, home, '  '.repeat(depth));
    out.push(...code.lines);
    const e = b.exit;
    switch (e.k) {
      case 'goto':
        doBranch(x, edges[0]);
        return;
      case 'branch':
        line(`if (${code.v(e.cond)} !== 0) {`);
        depth++;
        doBranch(x, edges[0]);
        depth--;
        line('}');
        doBranch(x, edges[1]);
        return;
      case 'jump': {
        const j = `b${x}_j`;
        line(`const ${j} = ${jumpTarget(code, b.types, e.target)};`);
        for (const edge of edges) {
          line(`if (${j} === ${hex(edge.pc)}) {`);
          depth++;
          doBranch(x, edge);
          depth--;
          line('}');
        }
        // A target the region was not formed with: the translator notes it (and re-forms a
        // region that keeps missing).
        sideExit(`H.jumpMiss(${hex(region.entry)}, ${hex(b.pc)}, ${j})`);
        return;
      }
      default:
        line(`${dispatcherExit(e)} npc = -1; break out;`);
    }
  };

  walk.run();
  const locals = promoted.map(load);
  const selectors = shape.edges.slice(shape.blocks).map((_, i) => {
    const d = shape.blocks + i;
    return `s${d} = ${shape.startSets.find(([n]) => n === d)?.[1] ?? 0}`;
  });
  const src = [
    // Parenthesized: V8 compiles it at once instead of preparsing now and parsing again at the
    // first call (region sources are large).
    `return (function region_${region.entry.toString(16)}() {`,
    locals.length ? `  let ${locals.join(', ')};` : '',
    '  let npc = 0;',
    selectors.length ? `  let ${selectors.join(', ')};` : '',
    '  try {',
    '    out: {',
    ...out,
    '    }',
    `  } catch (e) { ${writeBack} throw e; }`,
    `  ${writeBack}`,
    '  return npc;',
    '});',
  ].join('\n');
  return {
    source: src,
    blocks: shape.rpo.slice(0, shape.blocks).filter((r) => r >= 0).length,
    loops: shape.loopHeader.filter(Boolean).length,
    dispatchNodes: shape.edges.length - shape.blocks,
    entryLoops: shape.loopHeader[shape.start],
    promoted,
  };
}
