// What the A64 instruction groups share: general registers (x/w views, register 31 as XZR or SP),
// NZCV flags, conditions, memory access, vector registers, helper calls and the ways a block ends.
// Written against the IR; see state.ts for the register layout.
//
// Conventions every group follows:
// - 64-bit values are i64 temps, 32-bit values i32 temps; a 32-bit result written to a register is
//   zero-extended (setReg does it from the temp's type).
// - Helpers get an i64 argument as two JS numbers (lo, hi) and return an i64 as lo with the high word
//   in ret.hi (src/jit/helpers.ts). Helpers must not read or write promotable slots (x0..x30, SP,
//   the flag words, the low halves of v0..v31): inside a region those live in locals. A helper that
//   produces 128 bits returns the low half and writes the high half to SLOT_VRET_HI (vecCall).
import { type Exit, IRBuilder, type Temp, type Ty } from '../../ir/ir.ts';
import { conditionHolds } from '../nzcv.ts';
import { FLAG_SLOTS, SLOT_CF, SLOT_NF, SLOT_SP, SLOT_VF, SLOT_VRET_HI, SLOT_ZF, vslot, xslot } from './state.ts';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGSEGV = 11;
export const ILL_ILLOPC = 1;
export const TRAP_BRKPT = 1;
export const SEGV_MAPERR = 1;

export class A64Lifter {
  readonly b: IRBuilder;
  /** Address of the instruction being lifted. */
  pc = 0;
  exit: Exit | undefined;
  /** Set by BL/BLR: the return point, a hint for region formation. */
  callReturn: number | undefined;

  constructor(start: number) {
    this.b = new IRBuilder(start);
  }

  next(): number {
    return (this.pc + 4) >>> 0;
  }

  i32(v: number): Temp {
    return this.b.i32(v);
  }
  i64(v: number | bigint): Temp {
    return this.b.i64(v);
  }
  /** A constant of the width sf selects (1: i64, 0: i32). */
  imm(v: number | bigint, sf: number): Temp {
    return sf ? this.b.i64(v) : this.b.i32(Number(BigInt.asIntN(32, BigInt(v))));
  }

  // ---- general registers -------------------------------------------------------------------

  /** Xn as i64; 31 reads as zero (XZR). */
  x(n: number): Temp {
    return n === 31 ? this.b.i64(0) : this.b.get(xslot(n), 'i64');
  }
  /** Wn as i32; 31 reads as zero (WZR). */
  w(n: number): Temp {
    return n === 31 ? this.b.i32(0) : this.b.un('lo64', this.b.get(xslot(n), 'i64'));
  }
  /** Xn as i64 with 31 = SP. */
  xsp(n: number): Temp {
    return this.b.get(n === 31 ? SLOT_SP : xslot(n), 'i64');
  }
  /** Wn as i32 with 31 = WSP. */
  wsp(n: number): Temp {
    return this.b.un('lo64', this.xsp(n));
  }
  /** Xn (sf = 1, i64) or Wn (sf = 0, i32), 31 = zero. */
  reg(n: number, sf: number): Temp {
    return sf ? this.x(n) : this.w(n);
  }
  /** Xn or Wn, 31 = SP. */
  regSP(n: number, sf: number): Temp {
    return sf ? this.xsp(n) : this.wsp(n);
  }
  /** Writes Xn from an i64, or Wn from an i32 (zero-extending); 31 discards (XZR). */
  setReg(n: number, v: Temp): void {
    if (n === 31) return;
    this.b.set(xslot(n), this.to64(v));
  }
  /** Writes Xn / Wn with 31 = SP. */
  setRegSP(n: number, v: Temp): void {
    this.b.set(n === 31 ? SLOT_SP : xslot(n), this.to64(v));
  }
  /** An i32 zero-extended to i64; an i64 unchanged. */
  to64(v: Temp): Temp {
    return this.b.ty(v) === 'i32' ? this.b.un('zext32to64', v) : v;
  }
  /** The low 32 bits of an i64; an i32 unchanged. */
  to32(v: Temp): Temp {
    return this.b.ty(v) === 'i64' ? this.b.un('lo64', v) : v;
  }

  // ---- flags -------------------------------------------------------------------------------

  /** N, Z, C, V from i32 0/1 values (MSR NZCV, FCMP, CCMP's immediate flags). */
  setNZCVBits(n: Temp, z: Temp, c: Temp, v: Temp): void {
    const b = this.b;
    b.set(SLOT_NF, b.bin('shl', n, this.i32(31)));
    b.set(SLOT_ZF, b.un('eqz', z));
    b.set(SLOT_CF, c);
    b.set(SLOT_VF, b.bin('shl', v, this.i32(31)));
  }
  /** N, Z, C, V from bits 31..28 of an i32 (MSR NZCV, the FP compare helpers' results). */
  setNZCVWord(w: Temp): void {
    const bit = (k: number) => this.b.bin('and', this.b.bin('shr_u', w, this.i32(k)), this.i32(1));
    this.setNZCVBits(bit(31), bit(30), bit(29), bit(28));
  }
  /** NZCV as the 4-bit value of PSTATE bits 31:28 (i32 0..15), for MRS NZCV. */
  nzcvBits(): Temp {
    const b = this.b;
    const n = b.bin('shr_u', b.get(SLOT_NF, 'i32'), this.i32(31));
    const z = b.un('eqz', b.get(SLOT_ZF, 'i32'));
    const c = b.get(SLOT_CF, 'i32');
    const v = b.bin('shr_u', b.get(SLOT_VF, 'i32'), this.i32(31));
    return b.bin('or', b.bin('or', b.bin('shl', n, this.i32(3)), b.bin('shl', z, this.i32(2))), b.bin('or', b.bin('shl', c, this.i32(1)), v));
  }
  /** Condition c as an i32 0/1 (14, 15: always). */
  cond(c: number): Temp {
    return conditionHolds(this.b, FLAG_SLOTS, c);
  }

  // ---- memory and helpers ------------------------------------------------------------------

  /** A load of size bytes from an i64 address into a temp of type ty, sign- or zero-extended. */
  load(size: 1 | 2 | 4 | 8, signed: boolean, addr: Temp, ty: Ty = 'i64'): Temp {
    return this.b.load(ty, addr, size, signed, this.pc);
  }
  /** A store of the low size bytes of v (i32, i64, f32 or f64) to an i64 address. */
  store(size: 1 | 2 | 4 | 8, addr: Temp, v: Temp): void {
    this.b.store(addr, v, size, this.pc);
  }
  call(helper: string, args: Temp[], ret?: Ty, pure = false): Temp {
    return this.b.call(helper, args, ret, this.pc, pure);
  }

  // ---- vector / FP registers ---------------------------------------------------------------

  /** Low / high 64 bits of Vn as i64. */
  vlo(n: number): Temp {
    return this.b.get(vslot(n), 'i64');
  }
  vhi(n: number): Temp {
    return this.b.get(vslot(n) + 2, 'i64');
  }
  /** Writes all 128 bits of Vn from two i64 halves. */
  setV(n: number, lo: Temp, hi: Temp): void {
    this.b.set(vslot(n), lo);
    this.b.set(vslot(n) + 2, hi);
  }
  /** Writes the low 64 bits (i64 or f64) and clears the high half, as every scalar write does. */
  setV64(n: number, lo: Temp): void {
    this.b.set(vslot(n), lo);
    this.b.set(vslot(n) + 2, this.i64(0));
  }
  /** Dn as f64. */
  dreg(n: number): Temp {
    return this.b.get(vslot(n), 'f64');
  }
  /** Writes Dn (f64), clearing the rest of Vn. */
  setD(n: number, v: Temp): void {
    this.setV64(n, v);
  }
  /** Writes the low 32 bits of Vn from an i32 (Hn, Bn and Sn as raw bits), clearing the rest. */
  setV32(n: number, v: Temp): void {
    this.b.set(vslot(n), v);
    this.b.set(vslot(n) + 1, this.i32(0));
    this.b.set(vslot(n) + 2, this.i64(0));
  }
  /**
   * A helper that computes a 128-bit value: it returns the low half (i64) and leaves the high half
   * in SLOT_VRET_HI, read right after the call.
   */
  vecCall(helper: string, args: Temp[]): { lo: Temp; hi: Temp } {
    const lo = this.call(helper, args, 'i64');
    return { lo, hi: this.b.get(SLOT_VRET_HI, 'i64') };
  }

  // ---- how blocks end ----------------------------------------------------------------------

  end(e: Exit): void {
    this.exit = e;
  }
  branchTo(target: number): void {
    this.end({ k: 'goto', target: target >>> 0 });
  }
  /** A conditional branch on an i32 0/1. */
  branchIf(cond: Temp, target: number): void {
    this.end({ k: 'branch', cond, taken: target >>> 0, notTaken: this.next() });
  }
  /** An indirect branch to an i64 address. */
  jumpTo(target: Temp): void {
    this.end({ k: 'jump', target });
  }
  svc(): void {
    this.end({ k: 'syscall', pc: this.pc, next: this.next() });
  }
  /** UNDEFINED (or not implemented): SIGILL at this PC. */
  undefinedInsn(): void {
    this.end({ k: 'trap', pc: this.pc, signal: SIGILL, code: ILL_ILLOPC, addr: this.pc });
  }
  /** BRK: SIGTRAP (Linux reports TRAP_BRKPT at the BRK's address). */
  breakpoint(): void {
    this.end({ k: 'trap', pc: this.pc, signal: SIGTRAP, code: TRAP_BRKPT, addr: this.pc });
  }
  /** Code may have changed (IC IVAU): drop translations and go on at the next instruction. */
  flush(): void {
    this.end({ k: 'flush', next: this.next() });
  }
}

