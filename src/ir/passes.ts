// IR passes: register forwarding, constant folding with algebraic identities, dead guest-register
// stores (so flags nobody reads disappear) and dead code elimination.
import { type BinOp, type IRBlock, type Op, type Temp, type Ty, type UnOp, exitInputs, opInputs } from './ir.ts';

const s64 = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);

/** Reference semantics of integer ops (also the oracle of the backend tests). Values as bigint. */
export function evalBin(op: BinOp, ty: Ty, a: bigint, b: bigint): bigint {
  const w = ty === 'i64' ? 64 : 32;
  const S = (v: bigint) => (w === 64 ? s64(v) : s32(v));
  const U = (v: bigint) => (w === 64 ? u64(v) : u32(v));
  const sh = Number(u32(b) % BigInt(w));
  const min = -(1n << BigInt(w - 1));
  switch (op) {
    case 'add': return S(a + b);
    case 'sub': return S(a - b);
    case 'mul': return S(a * b);
    case 'and': return S(a & b);
    case 'or': return S(a | b);
    case 'xor': return S(a ^ b);
    case 'shl': return S(a << BigInt(sh));
    case 'shr_u': return S(U(a) >> BigInt(sh));
    case 'shr_s': return S(S(a) >> BigInt(sh));
    case 'rotl': return S((U(a) << BigInt(sh)) | (U(a) >> BigInt((w - sh) % w)));
    case 'rotr': return S((U(a) >> BigInt(sh)) | (U(a) << BigInt((w - sh) % w)));
    case 'eq': return S(a) === S(b) ? 1n : 0n;
    case 'ne': return S(a) !== S(b) ? 1n : 0n;
    case 'lt_s': return S(a) < S(b) ? 1n : 0n;
    case 'lt_u': return U(a) < U(b) ? 1n : 0n;
    case 'le_s': return S(a) <= S(b) ? 1n : 0n;
    case 'le_u': return U(a) <= U(b) ? 1n : 0n;
    case 'div_s':
      if (S(b) === 0n) return -1n;
      if (S(a) === min && S(b) === -1n) return min;
      return S(S(a) / S(b));
    case 'div_u':
      if (U(b) === 0n) return -1n;
      return S(U(a) / U(b));
    case 'rem_s':
      if (S(b) === 0n) return S(a);
      if (S(a) === min && S(b) === -1n) return 0n;
      return S(S(a) % S(b));
    case 'rem_u':
      if (U(b) === 0n) return S(a);
      return S(U(a) % U(b));
    case 'mulh_s': return S((S(a) * S(b)) >> BigInt(w));
    case 'mulh_u': return S((U(a) * U(b)) >> BigInt(w));
    case 'mulh_su': return S((S(a) * U(b)) >> BigInt(w));
    case 'pair': return s64((u32(b) << 32n) | u32(a));
  }
}

export function evalUn(op: UnOp, ty: Ty, a: bigint): bigint {
  const w = ty === 'i64' ? 64 : 32;
  const S = (v: bigint) => (w === 64 ? s64(v) : s32(v));
  const U = (v: bigint) => (w === 64 ? u64(v) : u32(v));
  switch (op) {
    case 'neg': return S(-a);
    case 'not': return S(~a);
    case 'clz': {
      let n = 0;
      for (let i = w - 1; i >= 0 && ((U(a) >> BigInt(i)) & 1n) === 0n; i--) n++;
      return BigInt(n);
    }
    case 'ctz': {
      let n = 0;
      for (let i = 0; i < w && ((U(a) >> BigInt(i)) & 1n) === 0n; i++) n++;
      return BigInt(n);
    }
    case 'popcnt': {
      let n = 0n;
      for (let v = U(a); v; v >>= 1n) n += v & 1n;
      return n;
    }
    case 'bswap': {
      let r = 0n;
      for (let i = 0; i < w / 8; i++) r = (r << 8n) | ((U(a) >> BigInt(8 * i)) & 0xffn);
      return S(r);
    }
    case 'sext8': return BigInt.asIntN(8, a);
    case 'sext16': return BigInt.asIntN(16, a);
    case 'zext8': return a & 0xffn;
    case 'zext16': return a & 0xffffn;
    case 'sext32to64': return s32(a);
    case 'zext32to64': return u32(a);
    case 'lo64': return s32(a);
    case 'hi64': return s32(a >> 32n);
    case 'eqz': return a === 0n ? 1n : 0n;
  }
}

const isInt = (ty: Ty) => ty === 'i32' || ty === 'i64';
const words = (ty: Ty) => (ty === 'i64' || ty === 'f64' ? 2 : 1);

/** Runs all passes in place. */
export function optimize(block: IRBlock): void {
  forwardAndFold(block);
  removeDeadSets(block);
  removeDeadCode(block);
}

/**
 * One forward walk: replaces temps by earlier equal temps (register forwarding within the block),
 * folds constants and simple identities.
 */
function forwardAndFold(block: IRBlock): void {
  const { types } = block;
  const repl: Temp[] = types.map((_, i) => i);
  const konst = new Map<Temp, bigint | number>();
  // word offset -> the temp last written/read there with its type, for get/set forwarding
  const slotVal = new Map<number, { t: Temp; ty: Ty; slot: number }>();
  const r = (t: Temp) => repl[t];
  const out: Op[] = [];
  const killWords = (slot: number, ty: Ty) => {
    for (let w = slot - 1; w < slot + words(ty); w++) {
      const e = slotVal.get(w);
      if (e && e.slot + words(e.ty) > slot && e.slot < slot + words(ty)) slotVal.delete(w);
    }
  };
  const setConst = (op: Op & { dst: Temp }, value: bigint | number) => {
    konst.set(op.dst, value);
    out.push({ k: 'const', dst: op.dst, value: types[op.dst] === 'i64' ? BigInt(value) : Number(value) });
  };
  for (const op0 of block.ops) {
    const op = { ...op0 } as Op;
    switch (op.k) {
      case 'const':
        konst.set(op.dst, op.value);
        out.push(op);
        continue;
      case 'get': {
        const e = slotVal.get(op.slot);
        if (e && e.slot === op.slot && e.ty === types[op.dst]) {
          repl[op.dst] = e.t;
          continue;
        }
        killWords(op.slot, types[op.dst]);
        slotVal.set(op.slot, { t: op.dst, ty: types[op.dst], slot: op.slot });
        out.push(op);
        continue;
      }
      case 'set': {
        op.src = r(op.src);
        killWords(op.slot, types[op.src]);
        slotVal.set(op.slot, { t: op.src, ty: types[op.src], slot: op.slot });
        out.push(op);
        continue;
      }
      case 'bin': {
        op.a = r(op.a);
        op.b = r(op.b);
        const ty = types[op.a];
        const ca = konst.get(op.a);
        const cb = konst.get(op.b);
        if (isInt(ty) && ca !== undefined && cb !== undefined && isInt(types[op.b])) {
          setConst(op, evalBin(op.op, ty, BigInt(ca), BigInt(cb)));
          continue;
        }
        // x+0, x-0, x|0, x^0, x<<0 ... -> x
        if (cb !== undefined && BigInt(cb) === 0n && types[op.dst] === ty &&
            (op.op === 'add' || op.op === 'sub' || op.op === 'or' || op.op === 'xor' || op.op === 'shl' || op.op === 'shr_u' || op.op === 'shr_s')) {
          repl[op.dst] = op.a;
          continue;
        }
        if (ca !== undefined && BigInt(ca) === 0n && (op.op === 'add' || op.op === 'or' || op.op === 'xor')) {
          repl[op.dst] = op.b;
          continue;
        }
        out.push(op);
        continue;
      }
      case 'un': {
        op.a = r(op.a);
        const ca = konst.get(op.a);
        if (ca !== undefined && isInt(types[op.a])) {
          setConst(op, evalUn(op.op, types[op.a], BigInt(ca)));
          continue;
        }
        out.push(op);
        continue;
      }
      case 'select': {
        op.cond = r(op.cond);
        op.a = r(op.a);
        op.b = r(op.b);
        const c = konst.get(op.cond);
        if (c !== undefined) {
          repl[op.dst] = Number(c) !== 0 ? op.a : op.b;
          continue;
        }
        out.push(op);
        continue;
      }
      case 'load':
      case 'store':
      case 'call': {
        // A guard known at translation time: always (drop it) or never (the op is gone, its result 0).
        if (op.guard !== undefined) {
          op.guard = r(op.guard);
          const g = konst.get(op.guard);
          if (g !== undefined && Number(g) !== 0) delete op.guard;
          else if (g !== undefined) {
            if (op.k !== 'store' && op.dst >= 0) setConst(op as Op & { dst: Temp }, types[op.dst] === 'i64' ? 0n : 0);
            continue;
          }
        }
        break;
      }
    }
    switch (op.k) {
      case 'load':
        op.addr = r(op.addr);
        out.push(op);
        continue;
      case 'store':
        op.addr = r(op.addr);
        op.src = r(op.src);
        out.push(op);
        continue;
      case 'call':
        op.args = op.args.map(r);
        if (op.fast) op.fast = { ...op.fast, a: r(op.fast.a), b: r(op.fast.b), when: r(op.fast.when) };
        // Helpers may read or write guest state: forget what we knew of the registers.
        if (!op.pure) slotVal.clear();
        out.push(op);
        continue;
    }
  }
  block.ops = out;
  const e = block.exit;
  if (e.k === 'branch') {
    e.cond = r(e.cond);
    const c = konst.get(e.cond);
    if (c !== undefined) block.exit = { k: 'goto', target: Number(c) !== 0 ? e.taken : e.notTaken };
  } else if (e.k === 'jump') {
    e.target = r(e.target);
  }
}

/**
 * A register store overwritten later in the block with no possible observer in between is dead.
 * Observers: reads of the slot, and anything that can fault or call out (loads, stores, impure
 * calls), because a fault must see precise guest state.
 */
function removeDeadSets(block: IRBlock): void {
  const overwritten = new Set<number>();
  const keep: boolean[] = new Array(block.ops.length).fill(true);
  for (let i = block.ops.length - 1; i >= 0; i--) {
    const op = block.ops[i];
    if (op.k === 'set') {
      const n = words(block.types[op.src]);
      let dead = true;
      for (let w = 0; w < n; w++) if (!overwritten.has(op.slot + w)) dead = false;
      if (dead) keep[i] = false;
      else for (let w = 0; w < n; w++) overwritten.add(op.slot + w);
    } else if (op.k === 'get') {
      for (let w = 0; w < words(block.types[op.dst]); w++) overwritten.delete(op.slot + w);
    } else if (op.k === 'load' || op.k === 'store' || (op.k === 'call' && !op.pure)) {
      overwritten.clear();
    }
  }
  block.ops = block.ops.filter((_, i) => keep[i]);
}

function removeDeadCode(block: IRBlock): void {
  const live = new Uint8Array(block.types.length);
  for (const t of exitInputs(block.exit)) live[t] = 1;
  const keep: boolean[] = new Array(block.ops.length).fill(true);
  for (let i = block.ops.length - 1; i >= 0; i--) {
    const op = block.ops[i];
    const removable = op.k === 'const' || op.k === 'get' || op.k === 'bin' || op.k === 'un' || op.k === 'select' || (op.k === 'call' && op.pure);
    const dst = 'dst' in op ? op.dst : -1;
    if (removable && (dst < 0 || !live[dst])) {
      keep[i] = false;
      continue;
    }
    for (const t of opInputs(op)) live[t] = 1;
  }
  block.ops = block.ops.filter((_, i) => keep[i]);
}

