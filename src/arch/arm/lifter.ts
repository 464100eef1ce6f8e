// What the A32, T32 and VFP/NEON lifters share: register access with the PC's read offset, the
// flags, condition codes, predication (conditional instructions), memory access, helper calls and
// the ways a block ends. Written against the IR; see state.ts for the register layout.
//
// Predication: while `pred` is set (the instruction's condition is not AL, or it is in an IT
// block), register and flag writes become selects between the new and the old value, loads,
// stores and helper calls are guarded (ir.ts: a guarded op does nothing when its guard is 0), and
// a PC write chooses between its target and the next instruction. So a lifter writes an
// instruction's semantics once, unconditionally, and conditional execution comes for free.
import { type Exit, IRBuilder, type Temp } from '../../ir/ir.ts';
import { conditionHolds } from '../nzcv.ts';
import { SLOT_CF, SLOT_NF, SLOT_VF, SLOT_ZF, guestPc, rslot } from './state.ts';

const FLAG_SLOTS = { nf: SLOT_NF, zf: SLOT_ZF, cf: SLOT_CF, vf: SLOT_VF };

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGSEGV = 11;
export const ILL_ILLOPC = 1;
export const TRAP_BRKPT = 1;

export type Cond = number; // 0 EQ .. 14 AL (15: the unconditional space of A32)
export const COND_AL = 14;

export class ArmLifter {
  readonly b: IRBuilder;
  /** Address of the instruction being lifted (no T bit). */
  pc = 0;
  /** Its length in bytes (2 or 4). */
  len = 4;
  exit: Exit | undefined;
  /** Set by calls (BL, BLX): the return point, a hint for region formation. */
  callReturn: number | undefined;
  /** Predicate of the current instruction (i32 0/1), undefined when it always executes. */
  pred: Temp | undefined;

  constructor(
    start: number,
    /** Lifting T32 (Thumb) code. */
    readonly thumb: boolean,
  ) {
    this.b = new IRBuilder(guestPc(start, thumb));
  }

  /** The guest PC of the current instruction (with the T bit): what faults and traps report. */
  get here(): number {
    return guestPc(this.pc, this.thumb);
  }
  /** The guest PC of the next instruction. */
  next(): number {
    return guestPc(this.pc + this.len, this.thumb);
  }
  /** The value an instruction reads from r15: its address + 8 (A32) or + 4 (T32). */
  pcValue(): number {
    return (this.pc + (this.thumb ? 4 : 8)) >>> 0;
  }

  // ---- registers ---------------------------------------------------------------------------

  i32(v: number): Temp {
    return this.b.i32(v);
  }
  /** r0..r15 (r15 reads as pcValue()). */
  reg(n: number): Temp {
    return n === 15 ? this.b.i32(this.pcValue() | 0) : this.b.get(rslot(n), 'i32');
  }
  /** Writes r0..r14 (r15 goes through writePc / branchWritePc). */
  setReg(n: number, v: Temp): void {
    if (n === 15) throw new Error('setReg(15): use writePc');
    this.setSlot(rslot(n), v);
  }
  /** Writes an i32 state slot, as a select under a predicate. */
  setSlot(slot: number, v: Temp): void {
    if (this.pred !== undefined) v = this.b.select(this.pred, v, this.b.get(slot, 'i32'));
    this.b.set(slot, v);
  }

  // ---- flags -------------------------------------------------------------------------------

  /** N, Z, C, V as i32 0/1. */
  flagN(): Temp {
    return this.b.bin('lt_s', this.b.get(SLOT_NF, 'i32'), this.i32(0));
  }
  flagZ(): Temp {
    return this.b.un('eqz', this.b.get(SLOT_ZF, 'i32'));
  }
  flagC(): Temp {
    return this.b.get(SLOT_CF, 'i32');
  }
  flagV(): Temp {
    return this.b.bin('lt_s', this.b.get(SLOT_VF, 'i32'), this.i32(0));
  }
  /** N and Z from a result. */
  setNZ(result: Temp): void {
    this.setSlot(SLOT_NF, result);
    this.setSlot(SLOT_ZF, result);
  }
  /** C from an i32 0/1. */
  setC(c: Temp): void {
    this.setSlot(SLOT_CF, c);
  }
  /** V from bit 31 of a word (e.g. (a ^ r) & (b ^ r) for an add). */
  setVBit31(v: Temp): void {
    this.setSlot(SLOT_VF, v);
  }
  /** N, Z, C, V from 0/1 values (MSR, VMRS APSR_nzcv, restoring). */
  setNZCVBits(n: Temp, z: Temp, c: Temp, v: Temp): void {
    const b = this.b;
    this.setSlot(SLOT_NF, b.bin('shl', n, this.i32(31)));
    this.setSlot(SLOT_ZF, b.un('eqz', z));
    this.setSlot(SLOT_CF, c);
    this.setSlot(SLOT_VF, b.bin('shl', v, this.i32(31)));
  }

  /** The condition as an i32 0/1 (AL: constant 1). */
  cond(c: Cond): Temp {
    return conditionHolds(this.b, FLAG_SLOTS, c);
  }

  /** Runs `body` with the instruction predicated on condition c (AL: not predicated). */
  predicated(c: Cond, body: () => void): void {
    if (c === COND_AL || c === 15) {
      body();
      return;
    }
    this.pred = this.cond(c);
    try {
      body();
    } finally {
      this.pred = undefined;
    }
  }

  // ---- memory and helpers ------------------------------------------------------------------

  /** A load of 1, 2 or 4 bytes as i32 (guarded by the predicate). */
  load(size: 1 | 2 | 4, signed: boolean, addr: Temp): Temp {
    return this.b.load('i32', addr, size, signed, this.here, this.pred);
  }
  store(size: 1 | 2 | 4, addr: Temp, v: Temp): void {
    this.b.store(addr, v, size, this.here, this.pred);
  }
  /** A call of a helper (guarded by the predicate); the helper gets the instruction's PC through its args if it needs it. */
  call(helper: string, args: Temp[], ret?: 'i32' | 'i64' | 'f32' | 'f64', pure = false): Temp {
    return this.b.call(helper, args, ret, this.here, pure && this.pred === undefined, this.pred);
  }

  // ---- how blocks end ----------------------------------------------------------------------

  end(e: Exit): void {
    this.exit = e;
  }
  /** A direct branch to an address in instruction set `thumb` (conditional under a predicate). */
  branchTo(addr: number, thumb = this.thumb): void {
    const target = guestPc(addr, thumb);
    if (this.pred !== undefined) this.end({ k: 'branch', cond: this.pred, taken: target, notTaken: this.next() });
    else this.end({ k: 'goto', target });
  }
  /**
   * A computed PC write. `interwork` (BX, BLX, loads to the PC, and A32 data-processing writes):
   * bit 0 selects Thumb; an ARM target drops bits 1:0. Otherwise (T32 ALU writes) the target stays
   * in the current instruction set.
   */
  writePc(v: Temp, interwork: boolean): void {
    const b = this.b;
    let target: Temp;
    if (interwork) {
      const thumbBit = b.bin('and', v, this.i32(1));
      target = b.select(thumbBit, v, b.bin('and', v, this.i32(~3)));
    } else target = this.thumb ? b.bin('or', v, this.i32(1)) : b.bin('and', v, this.i32(~3));
    if (this.pred !== undefined) target = b.select(this.pred, target, this.i32(this.next() | 0));
    this.end({ k: 'jump', target });
  }
  /** SVC: a syscall exit (conditional SVC is not supported: SIGILL). */
  svc(): void {
    if (this.pred !== undefined) return this.undefinedInsn();
    this.end({ k: 'syscall', pc: this.here, next: this.next() });
  }
  /** An undefined or unsupported instruction: SIGILL at this PC (as the CPU's UNDEFINED exception). */
  undefinedInsn(): void {
    this.end({ k: 'trap', pc: this.here, signal: SIGILL, code: ILL_ILLOPC, addr: this.here });
  }
  /** BKPT / UDF used as breakpoints: SIGTRAP. */
  breakpoint(): void {
    this.end({ k: 'trap', pc: this.here, signal: SIGTRAP, code: TRAP_BRKPT, addr: this.here });
  }
}
