// IR -> JavaScript source. i64 temps become two int32 locals (xl, xh): DESIGN.md 4 measured BigInt
// at 15x slower. Guest memory is one DataView over the 4 GiB shared buffer; each access costs one
// unsigned compare that sends null-page and top-of-space addresses (and, for 64-bit guests, any
// address with high bits) to the slow path in the runtime, which faults precisely. In strict
// memory mode an access also reads its page's byte of the page table (PT) and goes slow when the
// permission is missing (memory.ts: a load needs any of R/W/X, a store W) or the access crosses
// into the next page.
import { type Exit, type IRBlock, type Op, type Temp, type Ty, exitInputs, opInputs } from '../ir/ir.ts';
import { LOW_GUARD, LOAD_PERMS, PAGE_MASK, PAGE_SHIFT, PAGE_WRITE, fastAccessLimit, strictPageLimit } from '../mem/memory.ts';

/** Why a block returned -1 to the dispatcher (cpu.exitReason). */
export const EXIT_SYSCALL = 1;
export const EXIT_TRAP = 2;
export const EXIT_FLUSH = 3;

export const EXIT_INTERRUPT = 4;

export interface BackendOptions {
  littleEndian: boolean;
  /** Tier 1: report indirect-jump targets to H.noteJump(fromPc, target) for region formation. */
  profileJumps?: boolean;
  /** Check each access's page permissions in the page table PT (memory.ts strict mode). */
  strictMemory?: boolean;
}

/**
 * Where a guest register slot lives in generated code. Tier-1 blocks read and write the register
 * file (R, F32, F64) directly; regions keep promoted slots in JS locals named by `local`.
 */
export interface RegisterHome {
  /** The local holding (slot, ty), or undefined when it stays in the register file. */
  local(slot: number, ty: Ty): string | undefined;
}

/** The parameters of every generated factory; compile() passes them in this order. */
export const FACTORY_PARAMS = ['cpu', 'R', 'F32', 'F64', 'dv', 'M8', 'H', 'ret', 'IRQ', 'PT'] as const;

export const hex = (n: number): string => (n < 0 ? '-0x' + (-n).toString(16) : '0x' + n.toString(16));

/**
 * Emits the operations of one IR block as JavaScript statements. Temps are named `<p>t<n>` (i64:
 * `<p>t<n>l`, `<p>t<n>h`) so that the blocks of a region can share one function scope. The exit is
 * left to the caller (a tier-1 block returns; a region branches), which uses v/lo/hi for its inputs.
 */
export interface BlockCode {
  lines: string[];
  /** i32/f32/f64 temp as an expression. */
  v(t: Temp): string;
  lo(t: Temp): string;
  hi(t: Temp): string;
}

const ARRAY_HOME: RegisterHome = { local: () => undefined };

export function emitBlockOps(block: IRBlock, opts: BackendOptions, p = '', home: RegisterHome = ARRAY_HOME, indent = '  '): BlockCode {
  const { types } = block;
  const le = opts.littleEndian;
  const consts = new Map<Temp, number | bigint>();
  // Temps that need no definition of their own: they name a register local or another temp's
  // word (lo64/hi64 and widening just rename). Keeps region code small for V8.
  const aliasV = new Map<Temp, string>();
  const aliasLo = new Map<Temp, string>();
  const aliasHi = new Map<Temp, string>();
  const lastUse = localLastUse(block);
  const lines: string[] = [];
  const emit = (s: string): void => {
    lines.push(indent + s);
  };

  const i32c = (v: number) => (v < 0 ? `(${v | 0})` : String(v | 0));
  const numc = (v: number) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v < 0 ? `(${v})` : String(v));
  /** i32/f32/f64 temp as an expression. */
  const v = (t: Temp): string => {
    const c = consts.get(t);
    if (c !== undefined) return types[t] === 'i32' ? i32c(Number(c)) : numc(Number(c));
    return aliasV.get(t) ?? `${p}t${t}`;
  };
  const lo = (t: Temp): string => {
    const c = consts.get(t);
    if (c !== undefined) return i32c(Number(BigInt.asIntN(32, c as bigint)));
    return aliasLo.get(t) ?? `${p}t${t}l`;
  };
  const hi = (t: Temp): string => {
    const c = consts.get(t);
    if (c !== undefined) return i32c(Number(BigInt.asIntN(32, (c as bigint) >> 32n)));
    return aliasHi.get(t) ?? `${p}t${t}h`;
  };
  const constNum = (t: Temp): number | undefined => {
    const c = consts.get(t);
    return c === undefined ? undefined : Number(c);
  };
  /** Inside a guarded op the result temps are declared before the `if` and only assigned here. */
  let assignOnly = false;
  const def = (t: Temp, expr: string) => emit(assignOnly ? `${p}t${t} = ${expr};` : `const ${p}t${t} = ${expr};`);
  const def64 = (t: Temp, l: string, h: string) => emit(assignOnly ? `${p}t${t}l = ${l}; ${p}t${t}h = ${h};` : `const ${p}t${t}l = ${l}, ${p}t${t}h = ${h};`);
  /** Arguments of a helper call: i64 temps pass as (lo, hi). */
  const args = (ts: Temp[]) => ts.map((t) => (types[t] === 'i64' ? `${lo(t)}, ${hi(t)}` : v(t))).join(', ');

  // Memory access: `addr` is the i32 or i64 address temp. An address `base + c` (a small
  // constant) used only by loads and stores is not computed as a 64-bit sum: for c in
  // (-LOW_GUARD, LOW_GUARD), base + c is a fast-path address exactly when base's high word is 0
  // and (base.lo + c - LOW_GUARD) mod 2^32 is within the limit (any other sum lands in a guard
  // region or above 4 GiB). The full sum is made only for the slow path.
  const folded = new Map<Temp, { base: Temp; c: number }>();
  const addrOnly = addressOnlyTemps(block);
  const word = (addr: Temp) => {
    const f = folded.get(addr);
    if (!f) return types[addr] === 'i64' ? lo(addr) : v(addr);
    const b = types[f.base] === 'i64' ? lo(f.base) : v(f.base);
    return `(${b} + ${f.c})`;
  };
  /** The slow-path condition of an access of `size` bytes whose address word is in local `a`. */
  const guard = (addr: Temp, size: number, a: string, write: boolean) => {
    const lim = fastAccessLimit(size);
    const f = folded.get(addr);
    const base = f ? f.base : addr;
    const c = (f ? f.c : 0) - LOW_GUARD;
    const low = types[base] === 'i64' ? lo(base) : v(base);
    const inRange = `((${low} ${c < 0 ? '-' : '+'} ${Math.abs(c)}) >>> 0) > ${lim}`;
    if (!opts.strictMemory) return types[base] === 'i64' ? `(${hi(base)} !== 0 || ${inRange})` : `(${inRange})`;
    // The page test decides alone for a whole address; a folded base + c keeps the range test,
    // which is what rules out a sum that wraps around 2^32.
    const page = `(PT[${a} >>> ${PAGE_SHIFT}] & ${write ? PAGE_WRITE : LOAD_PERMS}) === 0`;
    const cross = size > 1 ? ` || (${a} & ${PAGE_MASK}) > ${strictPageLimit(size)}` : '';
    if (types[base] !== 'i64') return `(${page}${cross})`;
    return `(${hi(base)} !== 0${f ? ` || ${inRange}` : ''} || ${page}${cross})`;
  };
  const addrLo = (addr: Temp) => (folded.has(addr) ? `(${word(addr)} | 0)` : word(addr));
  const addrHi = (addr: Temp) => {
    const f = folded.get(addr);
    if (!f) return types[addr] === 'i64' ? hi(addr) : '0';
    if (types[f.base] !== 'i64') return '0';
    const bl = lo(f.base), bh = hi(f.base);
    return f.c >= 0
      ? `((${bh} + ((((${bl} + ${f.c}) >>> 0) < (${bl} >>> 0)) ? 1 : 0)) | 0)`
      : `((${bh} - (((${bl} >>> 0) < ${-f.c}) ? 1 : 0)) | 0)`;
  };

  /** May the temp defined by the get at ops[i] name the register's local directly? Only if the
   * local is not assigned again before the temp's last use. */
  const localStable = (i: number, slot: number, dst: Temp): boolean => {
    for (let j = i + 1; j <= lastUse[dst] && j < block.ops.length; j++) {
      const o = block.ops[j];
      if (o.k === 'set' && o.slot === slot) return false;
    }
    return true;
  };

  let n = 0;
  for (const op of block.ops) {
    n++;
    emitOp(op);
  }

  function emitOp(op: Op): void {
    if ((op.k === 'load' || op.k === 'store' || op.k === 'call') && op.guard !== undefined) {
      // A guarded op: its result is 0 unless the guard holds.
      const dst = op.k === 'store' ? -1 : op.dst;
      if (dst >= 0) emit(types[dst] === 'i64' ? `let ${p}t${dst}l = 0, ${p}t${dst}h = 0;` : `let ${p}t${dst} = 0;`);
      emit(`if (${v(op.guard)} !== 0) {`);
      assignOnly = true;
      emitOp({ ...op, guard: undefined });
      assignOnly = false;
      emit('}');
      return;
    }
    switch (op.k) {
      case 'const':
        consts.set(op.dst, op.value);
        return;
      case 'get': {
        const ty = types[op.dst];
        const local = home.local(op.slot, ty);
        if (local !== undefined) {
          if (localStable(n - 1, op.slot, op.dst)) {
            if (ty === 'i64') {
              aliasLo.set(op.dst, `${local}l`);
              aliasHi.set(op.dst, `${local}h`);
            } else aliasV.set(op.dst, local);
          } else if (ty === 'i64') def64(op.dst, `${local}l`, `${local}h`);
          else def(op.dst, local);
          return;
        }
        if (ty === 'i64') def64(op.dst, `R[${op.slot}]`, `R[${op.slot + 1}]`);
        else if (ty === 'i32') def(op.dst, `R[${op.slot}]`);
        else if (ty === 'f64') def(op.dst, `F64[${op.slot >> 1}]`);
        else def(op.dst, `F32[${op.slot}]`);
        return;
      }
      case 'set': {
        const ty = types[op.src];
        const local = home.local(op.slot, ty);
        if (local !== undefined) {
          if (ty === 'i64') emit(`${local}l = ${lo(op.src)}; ${local}h = ${hi(op.src)};`);
          else emit(`${local} = ${v(op.src)};`);
          return;
        }
        if (ty === 'i64') emit(`R[${op.slot}] = ${lo(op.src)}; R[${op.slot + 1}] = ${hi(op.src)};`);
        else if (ty === 'i32') emit(`R[${op.slot}] = ${v(op.src)};`);
        else if (ty === 'f64') emit(`F64[${op.slot >> 1}] = ${v(op.src)};`);
        else emit(`F32[${op.slot}] = ${v(op.src)};`);
        return;
      }
      case 'bin':
        if (types[op.a] === 'i64' || op.op === 'pair') emitBin64(op);
        else emitBin32(op);
        return;
      case 'un':
        emitUn(op);
        return;
      case 'select': {
        const c = `${v(op.cond)} !== 0`;
        if (types[op.dst] === 'i64') def64(op.dst, `${c} ? ${lo(op.a)} : ${lo(op.b)}`, `${c} ? ${hi(op.a)} : ${hi(op.b)}`);
        else def(op.dst, `${c} ? ${v(op.a)} : ${v(op.b)}`);
        return;
      }
      case 'load':
        emitLoad(op);
        return;
      case 'store':
        emitStore(op);
        return;
      case 'call': {
        // Results are coerced so V8 keeps them (and every local they flow into) untagged.
        const call = `H.${op.helper}(${args(op.args)})`;
        if (op.fast && op.dst >= 0 && types[op.dst] === 'f64') {
          const f = op.fast;
          const host = f.op === 'sqrt' ? `Math.sqrt(${v(f.a)})` : `${v(f.a)} ${FAST_OPS[f.op]} ${v(f.b)}`;
          const t = `${p}t${op.dst}`;
          emit(assignOnly ? `${t} = ${host};` : `let ${t} = ${host};`);
          emit(`if (${v(f.when)} === 0 || !(Math.abs(${t}) > ${MIN_NORMAL64} && Math.abs(${t}) <= ${Number.MAX_VALUE})) ${t} = +${call};`);
          return;
        }
        if (op.dst < 0) emit(`${call};`);
        else if (types[op.dst] === 'i64') def64(op.dst, `${call} | 0`, 'ret.hi | 0');
        else if (types[op.dst] === 'i32') def(op.dst, `${call} | 0`);
        else def(op.dst, `+${call}`);
        return;
      }
    }
  }

  function emitBin32(op: Extract<Op, { k: 'bin' }>): void {
    const a = v(op.a);
    const b = v(op.b);
    const d = op.dst;
    switch (op.op) {
      case 'add': return def(d, `(${a} + ${b}) | 0`);
      case 'sub': return def(d, `(${a} - ${b}) | 0`);
      case 'mul': return def(d, `Math.imul(${a}, ${b})`);
      case 'and': return def(d, `${a} & ${b}`);
      case 'or': return def(d, `${a} | ${b}`);
      case 'xor': return def(d, `${a} ^ ${b}`);
      case 'shl': return def(d, `${a} << ${b}`);
      case 'shr_u': return def(d, `(${a} >>> ${b}) | 0`);
      case 'shr_s': return def(d, `${a} >> ${b}`);
      case 'rotl': return def(d, `(${a} << ${b}) | (${a} >>> (32 - ${b}))`);
      case 'rotr': return def(d, `(${a} >>> ${b}) | (${a} << (32 - ${b}))`);
      case 'eq': return def(d, `${a} === ${b} ? 1 : 0`);
      case 'ne': return def(d, `${a} !== ${b} ? 1 : 0`);
      case 'lt_s': return def(d, `${a} < ${b} ? 1 : 0`);
      case 'le_s': return def(d, `${a} <= ${b} ? 1 : 0`);
      case 'lt_u': return def(d, `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`);
      case 'le_u': return def(d, `(${a} >>> 0) <= (${b} >>> 0) ? 1 : 0`);
      case 'div_s': return def(d, `${b} === 0 ? -1 : (${a} === -2147483648 && ${b} === -1) ? ${a} : (${a} / ${b}) | 0`);
      case 'div_u': return def(d, `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`);
      case 'rem_s': return def(d, `${b} === 0 ? ${a} : (${a} % ${b}) | 0`);
      case 'rem_u': return def(d, `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`);
      case 'mulh_s': return def(d, `H.mulh32s(${a}, ${b}) | 0`);
      case 'mulh_u': return def(d, `H.mulh32u(${a}, ${b}) | 0`);
      case 'mulh_su': return def(d, `H.mulh32su(${a}, ${b}) | 0`);
      case 'pair': throw new Error('unreachable');
    }
  }

  function emitBin64(op: Extract<Op, { k: 'bin' }>): void {
    const d = op.dst;
    if (op.op === 'pair') return def64(d, v(op.a), v(op.b));
    const al = lo(op.a), ah = hi(op.a);
    const isShift = op.op === 'shl' || op.op === 'shr_u' || op.op === 'shr_s' || op.op === 'rotl' || op.op === 'rotr';
    if (isShift) {
      const c = constNum(op.b);
      if (c !== undefined && op.op !== 'rotl' && op.op !== 'rotr') {
        const s = c & 63;
        if (s === 0) return def64(d, al, ah);
        if (op.op === 'shl') {
          if (s < 32) return def64(d, `${al} << ${s}`, `(${ah} << ${s}) | (${al} >>> ${32 - s})`);
          return def64(d, '0', `${al} << ${s - 32}`);
        }
        if (op.op === 'shr_u') {
          if (s < 32) return def64(d, `(${al} >>> ${s}) | (${ah} << ${32 - s})`, `(${ah} >>> ${s}) | 0`);
          return def64(d, `(${ah} >>> ${s - 32}) | 0`, '0');
        }
        if (s < 32) return def64(d, `(${al} >>> ${s}) | (${ah} << ${32 - s})`, `${ah} >> ${s}`);
        return def64(d, `${ah} >> ${s - 32}`, `${ah} >> 31`);
      }
      return def64(d, `H.${op.op}64(${al}, ${ah}, ${v(op.b)}) | 0`, 'ret.hi | 0');
    }
    const bl = lo(op.b), bh = hi(op.b);
    const c = consts.get(op.b);
    if (op.op === 'add' && addrOnly[d] && c !== undefined && c > -LOW_GUARD && c < LOW_GUARD) {
      folded.set(d, { base: op.a, c: Number(c) });
      return;
    }
    switch (op.op) {
      case 'add':
        emit(`const ${p}t${d}l = (${al} + ${bl}) | 0;`);
        emit(`const ${p}t${d}h = (${ah}${bh === '0' ? '' : ` + ${bh}`} + ((${p}t${d}l >>> 0) < (${al} >>> 0) ? 1 : 0)) | 0;`);
        return;
      case 'sub':
        emit(`const ${p}t${d}l = (${al} - ${bl}) | 0;`);
        emit(`const ${p}t${d}h = (${ah}${bh === '0' ? '' : ` - ${bh}`} - ((${al} >>> 0) < (${bl} >>> 0) ? 1 : 0)) | 0;`);
        return;
      case 'and': case 'or': case 'xor': return def64(d, bitwise(op.op, al, bl), bitwise(op.op, ah, bh));
      case 'eq': return def(d, `(${al} === ${bl} && ${ah} === ${bh}) ? 1 : 0`);
      case 'ne': return def(d, `(${al} !== ${bl} || ${ah} !== ${bh}) ? 1 : 0`);
      case 'lt_s': return def(d, `(${ah} < ${bh} || (${ah} === ${bh} && (${al} >>> 0) < (${bl} >>> 0))) ? 1 : 0`);
      case 'le_s': return def(d, `(${ah} < ${bh} || (${ah} === ${bh} && (${al} >>> 0) <= (${bl} >>> 0))) ? 1 : 0`);
      case 'lt_u': return def(d, `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && (${al} >>> 0) < (${bl} >>> 0))) ? 1 : 0`);
      case 'le_u': return def(d, `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && (${al} >>> 0) <= (${bl} >>> 0))) ? 1 : 0`);
      default:
        // mul, mulh_*, div_*, rem_*: runtime helpers (src/jit/helpers.ts)
        return def64(d, `H.${op.op}64(${al}, ${ah}, ${bl}, ${bh}) | 0`, 'ret.hi | 0');
    }
  }

  function emitUn(op: Extract<Op, { k: 'un' }>): void {
    const d = op.dst;
    const ty = types[op.a];
    if (ty === 'i64') {
      const al = lo(op.a), ah = hi(op.a);
      switch (op.op) {
        case 'neg':
          return def64(d, `(-${al}) | 0`, `(~${ah} + (${al} === 0 ? 1 : 0)) | 0`);
        case 'not': return def64(d, `~${al}`, `~${ah}`);
        case 'clz': return def64(d, `${ah} !== 0 ? Math.clz32(${ah}) : 32 + Math.clz32(${al})`, '0');
        case 'ctz': return def64(d, `H.ctz64(${al}, ${ah}) | 0`, '0');
        case 'popcnt': return def64(d, `(H.popcnt32(${al}) + H.popcnt32(${ah})) | 0`, '0');
        case 'bswap': return def64(d, `H.bswap32(${ah}) | 0`, `H.bswap32(${al}) | 0`);
        case 'sext8': emit(`const ${p}t${d}l = (${al} << 24) >> 24;`); return emit(`const ${p}t${d}h = ${p}t${d}l >> 31;`);
        case 'sext16': emit(`const ${p}t${d}l = (${al} << 16) >> 16;`); return emit(`const ${p}t${d}h = ${p}t${d}l >> 31;`);
        case 'zext8': return def64(d, `${al} & 255`, '0');
        case 'zext16': return def64(d, `${al} & 65535`, '0');
        case 'lo64': aliasV.set(d, al); return;
        case 'hi64': aliasV.set(d, ah); return;
        case 'eqz': return def(d, `(${al} | ${ah}) === 0 ? 1 : 0`);
        default: throw new Error(`bad i64 unop ${op.op}`);
      }
    }
    const a = v(op.a);
    switch (op.op) {
      case 'neg': return def(d, `(-${a}) | 0`);
      case 'not': return def(d, `~${a}`);
      case 'clz': return def(d, `Math.clz32(${a})`);
      case 'ctz': return def(d, `H.ctz32(${a}) | 0`);
      case 'popcnt': return def(d, `H.popcnt32(${a}) | 0`);
      case 'bswap': return def(d, `H.bswap32(${a}) | 0`);
      case 'sext8': return def(d, `(${a} << 24) >> 24`);
      case 'sext16': return def(d, `(${a} << 16) >> 16`);
      case 'zext8': return def(d, `${a} & 255`);
      case 'zext16': return def(d, `${a} & 65535`);
      case 'sext32to64':
        aliasLo.set(d, a);
        return emit(`const ${p}t${d}h = ${a} >> 31;`);
      case 'zext32to64':
        aliasLo.set(d, a);
        aliasHi.set(d, '0');
        return;
      case 'eqz': return def(d, `${a} === 0 ? 1 : 0`);
      default: throw new Error(`bad i32 unop ${op.op}`);
    }
  }

  function emitLoad(op: Extract<Op, { k: 'load' }>): void {
    const d = op.dst;
    const ty: Ty = types[d];
    const a = `${p}a${d}`;
    emit(`const ${a} = ${word(op.addr)} >>> 0;`);
    const slow = `(H.load(${addrLo(op.addr)}, ${addrHi(op.addr)}, ${op.size}, ${op.signed}, ${hex(op.pc)}) | 0)`;
    const g = guard(op.addr, op.size, a, false);
    let fast: string;
    switch (op.size) {
      case 1: fast = op.signed ? `(M8[${a}] << 24) >> 24` : `M8[${a}]`; break;
      case 2: fast = `dv.get${op.signed ? 'Int16' : 'Uint16'}(${a}, ${le})`; break;
      case 4: fast = ty === 'f32' ? `dv.getFloat32(${a}, ${le})` : `dv.getInt32(${a}, ${le})`; break;
      case 8: fast = ty === 'f64' ? `dv.getFloat64(${a}, ${le})` : ''; break;
    }
    if (op.size === 8 && ty === 'i64') {
      const [l, h] = le ? [a, `${a} + 4`] : [`${a} + 4`, a];
      if (!assignOnly) emit(`let ${p}t${d}l, ${p}t${d}h;`);
      emit(`if (${g}) { ${p}t${d}l = ${slow}; ${p}t${d}h = ret.hi | 0; } else { ${p}t${d}l = dv.getInt32(${l}, ${le}); ${p}t${d}h = dv.getInt32(${h}, ${le}); }`);
      return;
    }
    if (ty === 'f32' || ty === 'f64') {
      const slowF = `(+H.loadF(${addrLo(op.addr)}, ${addrHi(op.addr)}, ${op.size}, ${hex(op.pc)}))`;
      return def(d, `${g} ? ${slowF} : ${fast}`);
    }
    const val = `${g} ? ${slow} : ${fast}`;
    if (ty === 'i64') {
      const decl = assignOnly ? '' : 'const ';
      emit(`${decl}${p}t${d}l = ${val};`);
      emit(`${decl}${p}t${d}h = ${op.signed ? `${p}t${d}l >> 31` : '0'};`);
      return;
    }
    def(d, val);
  }

  function emitStore(op: Extract<Op, { k: 'store' }>): void {
    const s = op.src;
    const ty = types[s];
    const a = `${p}s${n}`;
    emit(`const ${a} = ${word(op.addr)} >>> 0;`);
    const g = guard(op.addr, op.size, a, true);
    const sl = ty === 'i64' ? lo(s) : ty === 'i32' ? v(s) : '0';
    const sh = ty === 'i64' ? hi(s) : '0';
    let fast: string;
    let slow = `H.store(${addrLo(op.addr)}, ${addrHi(op.addr)}, ${op.size}, ${sl}, ${sh}, ${hex(op.pc)})`;
    switch (op.size) {
      case 1: fast = `M8[${a}] = ${sl}`; break;
      case 2: fast = `dv.setInt16(${a}, ${sl}, ${le})`; break;
      case 4:
        if (ty === 'f32') {
          fast = `dv.setFloat32(${a}, ${v(s)}, ${le})`;
          slow = `H.storeF(${addrLo(op.addr)}, ${addrHi(op.addr)}, 4, ${v(s)}, ${hex(op.pc)})`;
        } else fast = `dv.setInt32(${a}, ${sl}, ${le})`;
        break;
      case 8:
        if (ty === 'f64') {
          fast = `dv.setFloat64(${a}, ${v(s)}, ${le})`;
          slow = `H.storeF(${addrLo(op.addr)}, ${addrHi(op.addr)}, 8, ${v(s)}, ${hex(op.pc)})`;
        } else {
          const [l, h] = le ? [a, `${a} + 4`] : [`${a} + 4`, a];
          fast = `dv.setInt32(${l}, ${sl}, ${le}); dv.setInt32(${h}, ${sh}, ${le})`;
        }
        break;
    }
    emit(`if (${g}) ${slow}; else { ${fast}; }`);
  }

  return { lines, v, lo, hi };
}

const FAST_OPS = { add: '+', sub: '-', mul: '*', div: '/' } as const;
const MIN_NORMAL64 = 2.2250738585072014e-308;

/** Temps read only as the address of loads and stores (1: yes). */
function addressOnlyTemps(block: IRBlock): Uint8Array {
  const used = new Uint8Array(block.types.length);
  const other = new Uint8Array(block.types.length);
  for (const op of block.ops) {
    for (const t of opInputs(op)) {
      used[t] = 1;
      if (!((op.k === 'load' && t === op.addr) || (op.k === 'store' && t === op.addr && t !== op.src))) other[t] = 1;
    }
  }
  for (const t of exitInputs(block.exit)) other[t] = 1;
  return used.map((u, t) => (u && !other[t] ? 1 : 0));
}

/** One word of a 64-bit and/or/xor, simplified when an operand word is a constant 0 or -1. */
function bitwise(op: 'and' | 'or' | 'xor', x: string, y: string): string {
  const zero = (e: string) => e === '0';
  const ones = (e: string) => e === '(-1)';
  if (op === 'and') return zero(x) || zero(y) ? '0' : ones(x) ? y : ones(y) ? x : `${x} & ${y}`;
  if (op === 'or') return zero(x) ? y : zero(y) ? x : ones(x) || ones(y) ? '(-1)' : `${x} | ${y}`;
  return zero(x) ? y : zero(y) ? x : `${x} ^ ${y}`;
}

/**
 * For each temp, the index of the last op that reads it (ops.length: the exit), counting reads of
 * the temps that merely rename it (lo64, hi64, widening) as its own.
 */
function localLastUse(block: IRBlock): Int32Array {
  const last = new Int32Array(block.types.length).fill(-1);
  for (const t of exitInputs(block.exit)) last[t] = block.ops.length;
  for (let i = block.ops.length - 1; i >= 0; i--) {
    const op = block.ops[i];
    // Renamings, and `x + c`, which may be folded into the memory accesses that use it.
    const renames = (op.k === 'un' && (op.op === 'lo64' || op.op === 'hi64' || op.op === 'sext32to64' || op.op === 'zext32to64')) || (op.k === 'bin' && op.op === 'add');
    for (const t of opInputs(op)) {
      const u = renames ? Math.max(i, last[op.dst]) : i;
      if (u > last[t]) last[t] = u;
    }
  }
  return last;
}

/** A tier-1 block: one function that runs the block and returns the next guest PC (or -1, see cpu.exitReason). */
export function generateJs(block: IRBlock, opts: BackendOptions): string {
  const code = emitBlockOps(block, opts);
  const { lines, v, lo, hi } = code;
  const { types } = block;
  const emit = (s: string): void => {
    lines.push('  ' + s);
  };
  const e = block.exit;
  switch (e.k) {
    case 'goto':
      emit(`return ${hex(e.target)};`);
      break;
    case 'branch':
      emit(`return ${v(e.cond)} !== 0 ? ${hex(e.taken)} : ${hex(e.notTaken)};`);
      break;
    case 'jump':
      emit(`return ${opts.profileJumps ? `H.noteJump(${hex(block.pc)}, ${jumpTarget(code, types, e.target)})` : jumpTarget(code, types, e.target)};`);
      break;
    default:
      emit(`${dispatcherExit(e)} return -1;`);
      break;
  }
  return `return function block_${block.pc.toString(16)}() {\n${lines.join('\n')}\n};`;
}

/** The guest PC an indirect jump goes to, as a uint32 expression (a 64-bit target above 4 GiB faults in H.badJump). */
export function jumpTarget(code: BlockCode, types: Ty[], t: Temp): string {
  if (types[t] === 'i64') return `(${code.hi(t)} === 0 ? ${code.lo(t)} >>> 0 : H.badJump(${code.lo(t)}, ${code.hi(t)}) >>> 0)`;
  return `(${code.v(t)} >>> 0)`;
}

/** Statements that hand a syscall, trap or flush exit to the dispatcher (which then sees -1). */
export function dispatcherExit(e: Exit): string {
  switch (e.k) {
    case 'syscall':
      return `cpu.pc = ${hex(e.next)}; cpu.exitPc = ${hex(e.pc)}; cpu.exitReason = ${EXIT_SYSCALL};`;
    case 'trap':
      return `cpu.pc = ${hex(e.pc)}; cpu.trapSignal = ${e.signal}; cpu.trapCode = ${e.code}; cpu.trapAddr = ${hex(e.addr)}; cpu.exitReason = ${EXIT_TRAP};`;
    case 'flush':
      return `cpu.pc = ${hex(e.next)}; cpu.exitReason = ${EXIT_FLUSH};`;
    default:
      throw new Error(`exit ${e.k} does not leave for the dispatcher`);
  }
}
