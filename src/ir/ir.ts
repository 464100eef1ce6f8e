// The architecture-neutral IR (DESIGN.md 4). A block is a list of operations on typed temporaries
// (i32, i64, f32, f64) ending in one explicit exit. Guest registers are "slots": offsets in 32-bit
// words into the CPU state buffer; an i64 or f64 slot covers two words. Flags (ARM NZCV, FP flags)
// are ordinary slots, so dead-store elimination removes flags nobody reads. i64 stays a real type
// here: the JS backend lowers it to int32 hi/lo pairs, a WebAssembly backend would keep it.

export type Ty = 'i32' | 'i64' | 'f32' | 'f64';

/** A temporary: an index into IRBlock.types. */
export type Temp = number;

export type BinOp =
  | 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor'
  | 'shl' | 'shr_u' | 'shr_s' | 'rotl' | 'rotr' // shift amount is an i32, taken modulo the width
  | 'eq' | 'ne' | 'lt_s' | 'lt_u' | 'le_s' | 'le_u' // result i32 0 or 1
  // Division with total semantics: x/0 = all ones, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0. Lifters of
  // arches that define other results wrap these in a select.
  | 'div_s' | 'div_u' | 'rem_s' | 'rem_u'
  | 'mulh_s' | 'mulh_u' | 'mulh_su' // high half of the double-width product
  | 'pair'; // i32 lo, i32 hi -> i64

export type UnOp =
  | 'neg' | 'not' | 'clz' | 'ctz' | 'popcnt' | 'bswap'
  | 'sext8' | 'sext16' | 'zext8' | 'zext16' // within the same width
  | 'sext32to64' | 'zext32to64' | 'lo64' | 'hi64' // i32 <-> i64
  | 'eqz'; // i32 0/1

export type Op =
  | { k: 'const'; dst: Temp; value: number | bigint } // i32/f32/f64: number; i64: bigint
  | { k: 'get'; dst: Temp; slot: number }
  | { k: 'set'; slot: number; src: Temp }
  | { k: 'bin'; op: BinOp; dst: Temp; a: Temp; b: Temp }
  | { k: 'un'; op: UnOp; dst: Temp; a: Temp }
  | { k: 'select'; dst: Temp; cond: Temp; a: Temp; b: Temp } // cond (i32) != 0 ? a : b
  // Memory: the address is i32 (32-bit guests) or i64 (64-bit guests, must be below 4 GiB).
  // `pc` is the guest PC reported if the access faults.
  // `guard` (loads, stores, calls): an i32 temp; when it is 0 the op does nothing (no access, no
  // fault, no call) and its result is 0. ARM's conditional instructions lift to guarded ops.
  | { k: 'load'; dst: Temp; addr: Temp; size: 1 | 2 | 4 | 8; signed: boolean; pc: number; guard?: Temp }
  | { k: 'store'; addr: Temp; src: Temp; size: 1 | 2 | 4 | 8; pc: number; guard?: Temp }
  // A call of a named runtime helper. `pure` helpers may be removed when unused.
  | { k: 'call'; dst: Temp | -1; helper: string; args: Temp[]; pure: boolean; pc: number; fast?: FastFloat; guard?: Temp };

/**
 * A host fast path for an FP helper call with an f64 result: when `when` (i32) is non-zero and the
 * host's round-to-nearest-even result of `op` on a (and b) is finite and above the smallest normal
 * in magnitude, that result is exact and raises no flag the guest has not already accrued, so the
 * call is skipped. Lifters set `when` to "round to nearest, and the sticky inexact flag is set".
 */
export interface FastFloat {
  op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt';
  a: Temp;
  b: Temp; // = a for sqrt
  when: Temp;
}

export type Exit =
  | { k: 'goto'; target: number }
  | { k: 'branch'; cond: Temp; taken: number; notTaken: number }
  | { k: 'jump'; target: Temp } // indirect
  | { k: 'syscall'; pc: number; next: number }
  | { k: 'trap'; pc: number; signal: number; code: number; addr: number } // SIGILL, SIGTRAP, ...
  | { k: 'flush'; next: number }; // code changed (fence.i, IC IVAU): drop translations, go on

export interface IRBlock {
  pc: number;
  /** Guest bytes covered [pc, end). */
  end: number;
  instructions: number;
  ops: Op[];
  types: Ty[];
  exit: Exit;
  /** The block ends in a call that returns to this PC (a hint for region formation). */
  callReturn?: number;
}

/** Builds one block. Lifters call these; every method returns the temp holding the result. */
export class IRBuilder {
  ops: Op[] = [];
  types: Ty[] = [];
  exit: Exit | undefined;

  constructor(readonly pc: number) {}

  private temp(ty: Ty): Temp {
    this.types.push(ty);
    return this.types.length - 1;
  }
  ty(t: Temp): Ty {
    return this.types[t];
  }

  i32(v: number): Temp {
    const dst = this.temp('i32');
    this.ops.push({ k: 'const', dst, value: v | 0 });
    return dst;
  }
  i64(v: number | bigint): Temp {
    const dst = this.temp('i64');
    this.ops.push({ k: 'const', dst, value: BigInt.asIntN(64, BigInt(v)) });
    return dst;
  }
  f64(v: number): Temp {
    const dst = this.temp('f64');
    this.ops.push({ k: 'const', dst, value: v });
    return dst;
  }
  get(slot: number, ty: Ty): Temp {
    const dst = this.temp(ty);
    this.ops.push({ k: 'get', dst, slot });
    return dst;
  }
  set(slot: number, src: Temp): void {
    this.ops.push({ k: 'set', slot, src });
  }
  bin(op: BinOp, a: Temp, b: Temp): Temp {
    const cmp = op === 'eq' || op === 'ne' || op === 'lt_s' || op === 'lt_u' || op === 'le_s' || op === 'le_u';
    const dst = this.temp(cmp ? 'i32' : op === 'pair' ? 'i64' : this.types[a]);
    this.ops.push({ k: 'bin', op, dst, a, b });
    return dst;
  }
  un(op: UnOp, a: Temp): Temp {
    let ty = this.types[a];
    if (op === 'sext32to64' || op === 'zext32to64') ty = 'i64';
    else if (op === 'lo64' || op === 'hi64' || op === 'eqz') ty = 'i32';
    const dst = this.temp(ty);
    this.ops.push({ k: 'un', op, dst, a });
    return dst;
  }
  select(cond: Temp, a: Temp, b: Temp): Temp {
    const dst = this.temp(this.types[a]);
    this.ops.push({ k: 'select', dst, cond, a, b });
    return dst;
  }
  load(ty: Ty, addr: Temp, size: 1 | 2 | 4 | 8, signed: boolean, pc: number, guard?: Temp): Temp {
    const dst = this.temp(ty);
    this.ops.push(guard === undefined ? { k: 'load', dst, addr, size, signed, pc } : { k: 'load', dst, addr, size, signed, pc, guard });
    return dst;
  }
  store(addr: Temp, src: Temp, size: 1 | 2 | 4 | 8, pc: number, guard?: Temp): void {
    this.ops.push(guard === undefined ? { k: 'store', addr, src, size, pc } : { k: 'store', addr, src, size, pc, guard });
  }
  call(helper: string, args: Temp[], ret: Ty | undefined, pc: number, pure = false, guard?: Temp): Temp {
    const dst = ret ? this.temp(ret) : -1;
    this.ops.push(guard === undefined ? { k: 'call', dst, helper, args, pure, pc } : { k: 'call', dst, helper, args, pure, pc, guard });
    return dst;
  }

  // Conveniences used by every lifter.
  add(a: Temp, b: Temp): Temp {
    return this.bin('add', a, b);
  }
  sub(a: Temp, b: Temp): Temp {
    return this.bin('sub', a, b);
  }

  finish(exit: Exit, end: number, instructions: number): IRBlock {
    this.exit = exit;
    return { pc: this.pc, end, instructions, ops: this.ops, types: this.types, exit };
  }
}

/** Temps read by an op. */
export function opInputs(op: Op): Temp[] {
  switch (op.k) {
    case 'const':
    case 'get':
      return [];
    case 'set':
      return [op.src];
    case 'bin':
      return [op.a, op.b];
    case 'un':
      return [op.a];
    case 'select':
      return [op.cond, op.a, op.b];
    case 'load':
      return op.guard === undefined ? [op.addr] : [op.addr, op.guard];
    case 'store':
      return op.guard === undefined ? [op.addr, op.src] : [op.addr, op.src, op.guard];
    case 'call': {
      const ins = op.fast ? [...op.args, op.fast.a, op.fast.b, op.fast.when] : op.args;
      return op.guard === undefined ? ins : [...ins, op.guard];
    }
  }
}

export function exitInputs(exit: Exit): Temp[] {
  if (exit.k === 'branch') return [exit.cond];
  if (exit.k === 'jump') return [exit.target];
  return [];
}

/** Text form for `-d op`. */
export function formatBlock(b: IRBlock): string {
  const t = (x: Temp) => `t${x}:${b.types[x]}`;
  const lines = b.ops.map((op) => {
    const text = formatOp(op);
    return 'guard' in op && op.guard !== undefined ? `${text} if t${op.guard}` : text;
  });
  function formatOp(op: Op): string {
    switch (op.k) {
      case 'const':
        return `  ${t(op.dst)} = const ${op.value}`;
      case 'get':
        return `  ${t(op.dst)} = get s${op.slot}`;
      case 'set':
        return `  set s${op.slot}, t${op.src}`;
      case 'bin':
        return `  ${t(op.dst)} = ${op.op} t${op.a}, t${op.b}`;
      case 'un':
        return `  ${t(op.dst)} = ${op.op} t${op.a}`;
      case 'select':
        return `  ${t(op.dst)} = select t${op.cond} ? t${op.a} : t${op.b}`;
      case 'load':
        return `  ${t(op.dst)} = load${op.size * 8}${op.signed ? 's' : 'u'} [t${op.addr}] @${op.pc.toString(16)}`;
      case 'store':
        return `  store${op.size * 8} [t${op.addr}], t${op.src} @${op.pc.toString(16)}`;
      case 'call':
        return `  ${op.dst >= 0 ? t(op.dst) + ' = ' : ''}call ${op.helper}(${op.args.map((a) => 't' + a).join(', ')})` +
          (op.fast ? ` fast ${op.fast.op}(t${op.fast.a}, t${op.fast.b}) if t${op.fast.when}` : '');
    }
  }
  const e = b.exit;
  const hex = (n: number) => '0x' + n.toString(16);
  let exit: string;
  switch (e.k) {
    case 'goto':
      exit = `goto ${hex(e.target)}`;
      break;
    case 'branch':
      exit = `branch t${e.cond} ? ${hex(e.taken)} : ${hex(e.notTaken)}`;
      break;
    case 'jump':
      exit = `jump t${e.target}`;
      break;
    case 'syscall':
      exit = `syscall -> ${hex(e.next)}`;
      break;
    case 'trap':
      exit = `trap signal ${e.signal} code ${e.code}`;
      break;
    case 'flush':
      exit = `flush -> ${hex(e.next)}`;
      break;
  }
  return `IR block ${hex(b.pc)}..${hex(b.end)} (${b.instructions} insns)\n${lines.join('\n')}\n  ${exit}\n`;
}
