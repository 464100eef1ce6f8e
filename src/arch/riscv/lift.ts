// RV64GC + Zba/Zbb semantics: each mnemonic of decode.ts lifted to IR. 64-bit registers are i64
// temps; "W" instructions work on i32 and sign-extend. FP registers hold raw 64-bit patterns
// (NaN-boxed singles in the low word, all ones in the high word); arithmetic goes through the
// exact helpers of fp.ts, which accrue fflags.
import { type Exit, IRBuilder, type IRBlock, type Temp } from '../../ir/ir.ts';
import { type GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_SHIFT } from '../../mem/memory.ts';
import { decode, type Decoded, type Fields } from './decode.ts';
import { CSR_FFLAGS, CSR_FRM, FFLAG_NX, SLOT_FFLAGS, SLOT_FRM, fslot, xslot } from './state.ts';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGSEGV = 11;
export const ILL_ILLOPC = 1;
export const TRAP_BRKPT = 1;
export const SEGV_MAPERR = 1;

const MAX_BLOCK_INSNS = 128;

export class Lifter {
  b: IRBuilder;
  pc = 0;
  len = 4;
  exit: Exit | undefined;
  /** Set by calls (jal/jalr linking ra or t0, the two link registers of the psABI). */
  callReturn: number | undefined;

  constructor(start: number) {
    this.b = new IRBuilder(start);
  }

  // integer registers
  x(r: number): Temp {
    return r === 0 ? this.b.i64(0) : this.b.get(xslot(r), 'i64');
  }
  setx(r: number, v: Temp): void {
    if (r !== 0) this.b.set(xslot(r), v);
  }
  /** Low 32 bits of a register. */
  x32(r: number): Temp {
    return r === 0 ? this.b.i32(0) : this.b.un('lo64', this.x(r));
  }
  /** Write a 32-bit result sign-extended (the W instructions). */
  setw(r: number, v: Temp): void {
    this.setx(r, this.b.un('sext32to64', v));
  }
  imm(v: number): Temp {
    return this.b.i64(v);
  }
  next(): number {
    return this.pc + this.len;
  }
  end(e: Exit): void {
    this.exit = e;
  }
  illegal(): void {
    this.end({ k: 'trap', pc: this.pc, signal: SIGILL, code: ILL_ILLOPC, addr: this.pc });
  }
  call(helper: string, args: Temp[], ret?: 'i32' | 'i64' | 'f32' | 'f64'): Temp {
    return this.b.call(helper, args, ret, this.pc);
  }
  /** Sets the rd of an FP op from a f64 result. */
  setf64(r: number, v: Temp): void {
    this.b.set(fslot(r), v);
  }
  /** f64 view of an FP register. */
  f64(r: number): Temp {
    return this.b.get(fslot(r), 'f64');
  }
  /** Single-precision operand bits, NaN-unboxed: a register whose high word is not all ones reads as the canonical NaN. */
  f32bits(r: number): Temp {
    const b = this.b;
    const hi = b.get(fslot(r) + 1, 'i32');
    const lo = b.get(fslot(r), 'i32');
    return b.select(b.bin('eq', hi, b.i32(-1)), lo, b.i32(0x7fc00000));
  }
  /** Write single-precision bits NaN-boxed. */
  setf32bits(r: number, bits: Temp): void {
    this.b.set(fslot(r), bits);
    this.b.set(fslot(r) + 1, this.b.i32(-1));
  }
  fbits64(r: number): Temp {
    return this.b.get(fslot(r), 'i64');
  }
  setfbits64(r: number, v: Temp): void {
    this.b.set(fslot(r), v);
  }
  /** The rounding mode operand: static modes as constants; 7 (dynamic) reads frm at run time. */
  rm(f: Fields): Temp | undefined {
    if (f.rm === 5 || f.rm === 6) return undefined;
    if (f.rm === 7) return this.call('rv_dynrm', [this.b.i32(this.pc)], 'i32');
    return this.b.i32(f.rm);
  }
}

type Sem = (L: Lifter, f: Fields) => void;

const sem: Record<string, Sem> = {};

// ---- RV64I ---------------------------------------------------------------------------------

sem.lui = (L, f) => L.setx(f.rd, L.imm(f.imm));
sem.auipc = (L, f) => L.setx(f.rd, L.imm(L.pc + f.imm));
const isLink = (r: number) => r === 1 || r === 5;
sem.jal = (L, f) => {
  L.setx(f.rd, L.imm(L.next()));
  if (isLink(f.rd)) L.callReturn = L.next();
  L.end({ k: 'goto', target: (L.pc + f.imm) >>> 0 });
};
sem.jalr = (L, f) => {
  const b = L.b;
  const t = b.bin('and', b.add(L.x(f.rs1), L.imm(f.imm)), L.imm(-2));
  L.setx(f.rd, L.imm(L.next()));
  if (isLink(f.rd)) L.callReturn = L.next();
  L.end({ k: 'jump', target: t });
};
const branch = (op: 'eq' | 'ne' | 'lt_s' | 'le_s' | 'lt_u' | 'le_u', swap: boolean, negate: boolean): Sem => (L, f) => {
  const b = L.b;
  const a = L.x(f.rs1), c = L.x(f.rs2);
  let cond = swap ? b.bin(op, c, a) : b.bin(op, a, c);
  if (negate) cond = b.un('eqz', cond);
  L.end({ k: 'branch', cond, taken: (L.pc + f.imm) >>> 0, notTaken: L.next() });
};
sem.beq = branch('eq', false, false);
sem.bne = branch('ne', false, false);
sem.blt = branch('lt_s', false, false);
sem.bge = branch('le_s', true, false); // a >= b  <=>  b <= a
sem.bltu = branch('lt_u', false, false);
sem.bgeu = branch('le_u', true, false);

const load = (size: 1 | 2 | 4 | 8, signed: boolean): Sem => (L, f) => {
  const addr = L.b.add(L.x(f.rs1), L.imm(f.imm));
  L.setx(f.rd, L.b.load('i64', addr, size, signed, L.pc));
};
sem.lb = load(1, true);
sem.lh = load(2, true);
sem.lw = load(4, true);
sem.ld = load(8, true);
sem.lbu = load(1, false);
sem.lhu = load(2, false);
sem.lwu = load(4, false);
const store = (size: 1 | 2 | 4 | 8): Sem => (L, f) => {
  const addr = L.b.add(L.x(f.rs1), L.imm(f.imm));
  L.b.store(addr, L.x(f.rs2), size, L.pc);
};
sem.sb = store(1);
sem.sh = store(2);
sem.sw = store(4);
sem.sd = store(8);

const aluImm = (op: 'add' | 'and' | 'or' | 'xor'): Sem => (L, f) => L.setx(f.rd, L.b.bin(op, L.x(f.rs1), L.imm(f.imm)));
sem.addi = aluImm('add');
sem.andi = aluImm('and');
sem.ori = aluImm('or');
sem.xori = aluImm('xor');
sem.slti = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.bin('lt_s', L.x(f.rs1), L.imm(f.imm))));
sem.sltiu = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.bin('lt_u', L.x(f.rs1), L.imm(f.imm))));
const shiftImm = (op: 'shl' | 'shr_u' | 'shr_s' | 'rotr'): Sem => (L, f) => L.setx(f.rd, L.b.bin(op, L.x(f.rs1), L.b.i32(f.imm)));
sem.slli = shiftImm('shl');
sem.srli = shiftImm('shr_u');
sem.srai = shiftImm('shr_s');
sem.rori = shiftImm('rotr');

const alu = (op: 'add' | 'sub' | 'and' | 'or' | 'xor' | 'mul' | 'mulh_s' | 'mulh_u' | 'mulh_su' | 'div_s' | 'div_u' | 'rem_s' | 'rem_u'): Sem => (L, f) =>
  L.setx(f.rd, L.b.bin(op, L.x(f.rs1), L.x(f.rs2)));
sem.add = alu('add');
sem.sub = alu('sub');
sem.and = alu('and');
sem.or = alu('or');
sem.xor = alu('xor');
sem.mul = alu('mul');
sem.mulh = alu('mulh_s');
sem.mulhu = alu('mulh_u');
sem.mulhsu = alu('mulh_su');
sem.div = alu('div_s');
sem.divu = alu('div_u');
sem.rem = alu('rem_s');
sem.remu = alu('rem_u');
const shiftReg = (op: 'shl' | 'shr_u' | 'shr_s' | 'rotl' | 'rotr'): Sem => (L, f) =>
  L.setx(f.rd, L.b.bin(op, L.x(f.rs1), L.x32(f.rs2)));
sem.sll = shiftReg('shl');
sem.srl = shiftReg('shr_u');
sem.sra = shiftReg('shr_s');
sem.rol = shiftReg('rotl');
sem.ror = shiftReg('rotr');
sem.slt = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.bin('lt_s', L.x(f.rs1), L.x(f.rs2))));
sem.sltu = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.bin('lt_u', L.x(f.rs1), L.x(f.rs2))));

// W forms: compute on the low words and sign-extend.
sem.addiw = (L, f) => L.setw(f.rd, L.b.add(L.x32(f.rs1), L.b.i32(f.imm)));
const shiftImmW = (op: 'shl' | 'shr_u' | 'shr_s' | 'rotr'): Sem => (L, f) => L.setw(f.rd, L.b.bin(op, L.x32(f.rs1), L.b.i32(f.imm & 31)));
sem.slliw = shiftImmW('shl');
sem.srliw = shiftImmW('shr_u');
sem.sraiw = shiftImmW('shr_s');
sem.roriw = shiftImmW('rotr');
const aluW = (op: 'add' | 'sub' | 'mul' | 'div_s' | 'div_u' | 'rem_s' | 'rem_u' | 'shl' | 'shr_u' | 'shr_s' | 'rotl' | 'rotr'): Sem => (L, f) =>
  L.setw(f.rd, L.b.bin(op, L.x32(f.rs1), L.x32(f.rs2)));
sem.addw = aluW('add');
sem.subw = aluW('sub');
sem.mulw = aluW('mul');
sem.divw = aluW('div_s');
sem.divuw = aluW('div_u');
sem.remw = aluW('rem_s');
sem.remuw = aluW('rem_u');
sem.sllw = aluW('shl');
sem.srlw = aluW('shr_u');
sem.sraw = aluW('shr_s');
sem.rolw = aluW('rotl');
sem.rorw = aluW('rotr');

sem.fence = () => {};
sem['fence.tso'] = () => {};
sem['fence.i'] = (L) => L.end({ k: 'flush', next: L.next() });
sem.unimp = (L) => L.illegal();
sem.ecall = (L) => L.end({ k: 'syscall', pc: L.pc, next: L.next() });
sem.ebreak = (L) => L.end({ k: 'trap', pc: L.pc, signal: SIGTRAP, code: TRAP_BRKPT, addr: L.pc });

// ---- Zicsr: the user CSRs (fflags, frm, fcsr, cycle, time, instret) --------------------------

const CSR_FCSR = 3;
const USER_COUNTERS: Record<number, string> = { 0xc00: 'rv_rdcycle', 0xc01: 'rv_rdtime', 0xc02: 'rv_rdinstret' };

const csr = (kind: 'w' | 's' | 'c', immediate: boolean): Sem => (L, f) => {
  const b = L.b;
  const src = immediate ? b.i64(f.imm) : L.x(f.rs1);
  // csrrs/csrrc with x0 (or uimm 0) do not write: reading a read-only CSR is then legal.
  const writes = kind === 'w' || (immediate ? f.imm !== 0 : f.rs1 !== 0);
  const counter = USER_COUNTERS[f.csr];
  if (counter) {
    if (writes) return L.illegal();
    L.setx(f.rd, L.call(counter, [], 'i64'));
    return;
  }
  if (f.csr !== CSR_FFLAGS && f.csr !== CSR_FRM && f.csr !== CSR_FCSR) return L.illegal();
  const readOld = () => {
    const flags = b.get(SLOT_FFLAGS, 'i32');
    const frm = b.get(SLOT_FRM, 'i32');
    if (f.csr === CSR_FFLAGS) return flags;
    if (f.csr === CSR_FRM) return frm;
    return b.bin('or', b.bin('shl', frm, b.i32(5)), flags);
  };
  const old = readOld();
  if (writes) {
    const s = b.un('lo64', src);
    let v: Temp;
    if (kind === 'w') v = s;
    else if (kind === 's') v = b.bin('or', old, s);
    else v = b.bin('and', old, b.un('not', s));
    if (f.csr === CSR_FFLAGS || f.csr === CSR_FCSR) b.set(SLOT_FFLAGS, b.bin('and', v, b.i32(31)));
    if (f.csr === CSR_FRM) b.set(SLOT_FRM, b.bin('and', v, b.i32(7)));
    if (f.csr === CSR_FCSR) b.set(SLOT_FRM, b.bin('and', b.bin('shr_u', v, b.i32(5)), b.i32(7)));
  }
  L.setx(f.rd, b.un('zext32to64', old));
};
sem.csrrw = csr('w', false);
sem.csrrs = csr('s', false);
sem.csrrc = csr('c', false);
sem.csrrwi = csr('w', true);
sem.csrrsi = csr('s', true);
sem.csrrci = csr('c', true);

// ---- A: atomics (helpers; they see the whole address and fault precisely) ---------------------

for (const w of ['w', 'd'] as const) {
  const size = w === 'w' ? 4 : 8;
  sem[`lr.${w}`] = (L, f) => L.setx(f.rd, L.call('rv_lr', [L.x(f.rs1), L.b.i32(size), L.b.i32(L.pc)], 'i64'));
  sem[`sc.${w}`] = (L, f) => L.setx(f.rd, L.call('rv_sc', [L.x(f.rs1), L.x(f.rs2), L.b.i32(size), L.b.i32(L.pc)], 'i64'));
  for (const op of ['swap', 'add', 'xor', 'and', 'or', 'min', 'max', 'minu', 'maxu']) {
    sem[`amo${op}.${w}`] = (L, f) =>
      L.setx(f.rd, L.call(`rv_amo${op}`, [L.x(f.rs1), L.x(f.rs2), L.b.i32(size), L.b.i32(L.pc)], 'i64'));
  }
}

// ---- Zba / Zbb -----------------------------------------------------------------------------

const shadd = (n: number, uw: boolean): Sem => (L, f) => {
  const b = L.b;
  let a = L.x(f.rs1);
  if (uw) a = b.un('zext32to64', b.un('lo64', a));
  if (n) a = b.bin('shl', a, b.i32(n));
  L.setx(f.rd, b.add(a, L.x(f.rs2)));
};
sem.sh1add = shadd(1, false);
sem.sh2add = shadd(2, false);
sem.sh3add = shadd(3, false);
sem['add.uw'] = shadd(0, true);
sem['sh1add.uw'] = shadd(1, true);
sem['sh2add.uw'] = shadd(2, true);
sem['sh3add.uw'] = shadd(3, true);
sem['slli.uw'] = (L, f) => L.setx(f.rd, L.b.bin('shl', L.b.un('zext32to64', L.x32(f.rs1)), L.b.i32(f.imm)));
sem.andn = (L, f) => L.setx(f.rd, L.b.bin('and', L.x(f.rs1), L.b.un('not', L.x(f.rs2))));
sem.orn = (L, f) => L.setx(f.rd, L.b.bin('or', L.x(f.rs1), L.b.un('not', L.x(f.rs2))));
sem.xnor = (L, f) => L.setx(f.rd, L.b.un('not', L.b.bin('xor', L.x(f.rs1), L.x(f.rs2))));
sem.clz = (L, f) => L.setx(f.rd, L.b.un('clz', L.x(f.rs1)));
sem.ctz = (L, f) => L.setx(f.rd, L.b.un('ctz', L.x(f.rs1)));
sem.cpop = (L, f) => L.setx(f.rd, L.b.un('popcnt', L.x(f.rs1)));
sem.clzw = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.un('clz', L.x32(f.rs1))));
sem.ctzw = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.un('ctz', L.x32(f.rs1))));
sem.cpopw = (L, f) => L.setx(f.rd, L.b.un('zext32to64', L.b.un('popcnt', L.x32(f.rs1))));
const minmax = (op: 'lt_s' | 'lt_u', max: boolean): Sem => (L, f) => {
  const a = L.x(f.rs1), c = L.x(f.rs2);
  const lt = L.b.bin(op, a, c);
  L.setx(f.rd, max ? L.b.select(lt, c, a) : L.b.select(lt, a, c));
};
sem.min = minmax('lt_s', false);
sem.max = minmax('lt_s', true);
sem.minu = minmax('lt_u', false);
sem.maxu = minmax('lt_u', true);
sem['sext.b'] = (L, f) => L.setx(f.rd, L.b.un('sext8', L.x(f.rs1)));
sem['sext.h'] = (L, f) => L.setx(f.rd, L.b.un('sext16', L.x(f.rs1)));
sem['zext.h'] = (L, f) => L.setx(f.rd, L.b.un('zext16', L.x(f.rs1)));
sem.rev8 = (L, f) => L.setx(f.rd, L.b.un('bswap', L.x(f.rs1)));
sem['orc.b'] = (L, f) => L.setx(f.rd, L.call('rv_orcb', [L.x(f.rs1)], 'i64'));

// ---- F and D -------------------------------------------------------------------------------

sem.flw = (L, f) => L.setf32bits(f.rd, L.b.load('i32', L.b.add(L.x(f.rs1), L.imm(f.imm)), 4, false, L.pc));
sem.fld = (L, f) => L.setfbits64(f.rd, L.b.load('i64', L.b.add(L.x(f.rs1), L.imm(f.imm)), 8, false, L.pc));
sem.fsw = (L, f) => L.b.store(L.b.add(L.x(f.rs1), L.imm(f.imm)), L.b.get(fslot(f.rs2), 'i32'), 4, L.pc);
sem.fsd = (L, f) => L.b.store(L.b.add(L.x(f.rs1), L.imm(f.imm)), L.fbits64(f.rs2), 8, L.pc);

/**
 * An FP op with a rounding mode: helper rv_<op>_<s|d>(operands..., rm, pc), where rm is the
 * static mode or, for the dynamic mode, frm as read (the helper traps on an invalid one).
 * Double-precision add/sub/mul/div/sqrt also get the host fast path (FastFloat in ir.ts): it
 * applies in round-to-nearest once fflags.NX is set, which is nearly always in FP-heavy code.
 */
const fpArith = (op: string, s: 's' | 'd', arity: 1 | 2 | 3): Sem => (L, f) => {
  if (f.rm === 5 || f.rm === 6) return L.illegal();
  const b = L.b;
  const rm = f.rm === 7 ? b.get(SLOT_FRM, 'i32') : b.i32(f.rm);
  const regs = [f.rs1, f.rs2, f.rs3].slice(0, arity);
  const pc = b.i32(L.pc);
  if (s === 's') return L.setf32bits(f.rd, L.call(`rv_${op}_s`, [...regs.map((r) => L.f32bits(r)), rm, pc], 'i32'));
  const operands = regs.map((r) => L.f64(r));
  const hasFast = op === 'add' || op === 'sub' || op === 'mul' || op === 'div' || op === 'sqrt';
  let when = -1;
  if (hasFast) {
    const nx = b.bin('and', b.get(SLOT_FFLAGS, 'i32'), b.i32(FFLAG_NX));
    when = f.rm === 7 ? b.bin('and', nx, b.un('eqz', rm)) : f.rm === 0 ? nx : b.i32(0);
  }
  const result = L.call(`rv_${op}_d`, [...operands, rm, pc], 'f64');
  const call = b.ops[b.ops.length - 1];
  if (hasFast && call.k === 'call') call.fast = { op, a: operands[0], b: operands[arity - 1], when };
  L.setf64(f.rd, result);
};
for (const s of ['s', 'd'] as const) {
  for (const op of ['add', 'sub', 'mul', 'div']) sem[`f${op}.${s}`] = fpArith(op, s, 2);
  sem[`fsqrt.${s}`] = fpArith('sqrt', s, 1);
  for (const op of ['fmadd', 'fmsub', 'fnmsub', 'fnmadd']) sem[`${op}.${s}`] = fpArith(op.slice(1), s, 3);
  // Quiet comparisons and min/max: no rounding mode.
  for (const op of ['min', 'max']) {
    sem[`f${op}.${s}`] = (L, f) =>
      s === 's'
        ? L.setf32bits(f.rd, L.call(`rv_${op}_s`, [L.f32bits(f.rs1), L.f32bits(f.rs2)], 'i32'))
        : L.setf64(f.rd, L.call(`rv_${op}_d`, [L.f64(f.rs1), L.f64(f.rs2)], 'f64'));
  }
  for (const op of ['eq', 'lt', 'le']) {
    sem[`f${op}.${s}`] = (L, f) => {
      const args = s === 's' ? [L.f32bits(f.rs1), L.f32bits(f.rs2)] : [L.f64(f.rs1), L.f64(f.rs2)];
      L.setx(f.rd, L.b.un('zext32to64', L.call(`rv_${op}_${s}`, args, 'i32')));
    };
  }
  sem[`fclass.${s}`] = (L, f) =>
    L.setx(f.rd, L.b.un('zext32to64', L.call(`rv_class_${s}`, [s === 's' ? L.f32bits(f.rs1) : L.f64(f.rs1)], 'i32')));
  // Conversions to integers: results sign-extended (W forms) or 64-bit.
  for (const t of ['w', 'wu', 'l', 'lu']) {
    sem[`fcvt.${t}.${s}`] = (L, f) => {
      const rm = L.rm(f);
      if (rm === undefined) return L.illegal();
      const src = s === 's' ? L.f32bits(f.rs1) : L.f64(f.rs1);
      if (t === 'w' || t === 'wu') L.setw(f.rd, L.call(`rv_cvt_${t}_${s}`, [src, rm], 'i32'));
      else L.setx(f.rd, L.call(`rv_cvt_${t}_${s}`, [src, rm], 'i64'));
    };
    sem[`fcvt.${s}.${t}`] = (L, f) => {
      const rm = L.rm(f);
      if (rm === undefined) return L.illegal();
      const src = t === 'w' || t === 'wu' ? L.x32(f.rs1) : L.x(f.rs1);
      if (s === 's') L.setf32bits(f.rd, L.call(`rv_cvt_s_${t}`, [src, rm], 'i32'));
      else L.setf64(f.rd, L.call(`rv_cvt_d_${t}`, [src, rm], 'f64'));
    };
  }
}
sem['fcvt.s.d'] = (L, f) => {
  const rm = L.rm(f);
  if (rm === undefined) return L.illegal();
  L.setf32bits(f.rd, L.call('rv_cvt_s_d', [L.f64(f.rs1), rm], 'i32'));
};
sem['fcvt.d.s'] = (L, f) => {
  const rm = L.rm(f);
  if (rm === undefined) return L.illegal();
  L.setf64(f.rd, L.call('rv_cvt_d_s', [L.f32bits(f.rs1), rm], 'f64'));
};
// Moves and sign injection are bit operations: no flags, no NaN canonicalization.
sem['fmv.x.w'] = (L, f) => L.setw(f.rd, L.b.get(fslot(f.rs1), 'i32'));
sem['fmv.w.x'] = (L, f) => L.setf32bits(f.rd, L.x32(f.rs1));
sem['fmv.x.d'] = (L, f) => L.setx(f.rd, L.fbits64(f.rs1));
sem['fmv.d.x'] = (L, f) => L.setfbits64(f.rd, L.x(f.rs1));
const SIGN32 = -0x80000000;
const sgnj = (kind: 'j' | 'n' | 'x'): ((b: IRBuilder, a: Temp, c: Temp) => Temp) => (b, a, c) => {
  const sign = b.i32(SIGN32);
  const mag = b.bin('and', a, b.i32(0x7fffffff));
  let s: Temp;
  if (kind === 'j') s = b.bin('and', c, sign);
  else if (kind === 'n') s = b.bin('and', b.un('not', c), sign);
  else s = b.bin('xor', b.bin('and', a, sign), b.bin('and', c, sign));
  return b.bin('or', mag, s);
};
for (const [k, n] of [['j', 'fsgnj'], ['n', 'fsgnjn'], ['x', 'fsgnjx']] as const) {
  const combine = sgnj(k);
  sem[`${n}.s`] = (L, f) => L.setf32bits(f.rd, combine(L.b, L.f32bits(f.rs1), L.f32bits(f.rs2)));
  sem[`${n}.d`] = (L, f) => {
    const b = L.b;
    const a = L.fbits64(f.rs1), c = L.fbits64(f.rs2);
    const hi = combine(b, b.un('hi64', a), b.un('hi64', c));
    L.setfbits64(f.rd, b.bin('pair', b.un('lo64', a), hi));
  };
}

export const semantics: Readonly<Record<string, Sem>> = sem;

// ---- block translation -----------------------------------------------------------------------

/** Reads one instruction at pc; undefined if the page is not executable. */
export function fetch(mem: GuestMemory, pc: number): Decoded | undefined | 'fault' {
  const need = PAGE_EXEC | PAGE_MAPPED;
  if ((mem.pages[pc >>> PAGE_SHIFT] & need) !== need) return 'fault';
  const lo = mem.dv.getUint16(pc, true);
  let hi = 0;
  if ((lo & 3) === 3) {
    const pc2 = pc + 2;
    if ((mem.pages[pc2 >>> PAGE_SHIFT] & need) !== need) return 'fault';
    hi = mem.dv.getUint16(pc2, true);
  }
  return decode(lo, hi);
}

export function translateBlock(mem: GuestMemory, start: number): IRBlock {
  const L = new Lifter(start);
  let pc = start;
  let count = 0;
  while (!L.exit) {
    const d = fetch(mem, pc);
    L.pc = pc;
    if (d === 'fault') {
      if (count > 0) {
        L.end({ k: 'goto', target: pc });
        break;
      }
      // Fetching here faults: SIGSEGV with si_addr at the instruction.
      const addr = (mem.pages[pc >>> PAGE_SHIFT] & PAGE_MAPPED) && (pc & 0xfff) > 0xffc ? (pc + 2) >>> 0 : pc;
      L.end({ k: 'trap', pc, signal: SIGSEGV, code: SEGV_MAPERR, addr });
      break;
    }
    if (!d) {
      L.illegal();
      count++;
      pc += 2;
      break;
    }
    L.len = d.length;
    const s = semantics[d.def.name];
    if (!s) L.illegal();
    else s(L, d.f);
    count++;
    pc += d.length;
    if (!L.exit && count >= MAX_BLOCK_INSNS) L.end({ k: 'goto', target: pc });
  }
  const block = L.b.finish(L.exit!, pc, count);
  if (L.callReturn !== undefined) block.callReturn = L.callReturn;
  return block;
}
