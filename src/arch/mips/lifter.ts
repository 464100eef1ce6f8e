// What the MIPS instruction groups share: general registers ($0 reads as zero and ignores writes),
// HI/LO, FPRs in the FR mode of the process, memory access in the guest's byte order, helper calls,
// conditional traps, and branches with their delay slot.
//
// Delay slots: a branch row does not end the block. It records the branch (condition, target,
// likely or not) in `pending`, after evaluating everything the branch reads, and writes its link
// register; translate.ts then lifts the delay-slot instruction and ends the block with the branch.
// While the delay slot is lifted, faults report the branch's address (`faultPc`), as the kernel
// reports EPC with Cause.BD set, and for branch-likely the slot runs under `guard` (the branch
// condition): register writes become selects, memory accesses and helper calls guarded ops, so a
// not-taken branch-likely annuls the slot without splitting the block.
import { type Exit, IRBuilder, type Temp, type Ty } from '../../ir/ir.ts';
import { SLOT_HI, SLOT_LO, fpDoubleSlot, fpHighSlot, fpSingleSlot, gslot } from './state.ts';

// Linux's MIPS signal numbers (arch/mips/include/uapi/asm/signal.h) and si_codes.
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGFPE = 8;
export const SIGBUS = 10;
export const SIGSEGV = 11;
export const ILL_ILLOPC = 1;
export const SEGV_MAPERR = 1;
export const BUS_ADRALN = 1;

export interface PendingBranch {
  /** i32 0/1: taken when non-zero; undefined: always taken. */
  cond?: Temp;
  /** Direct target, or an i32 temp holding the target (JR/JALR). */
  target: number | Temp;
  indirect: boolean;
  /** Branch-likely: the delay slot runs only when the branch is taken. */
  likely: boolean;
}

export class MipsLifter {
  readonly b: IRBuilder;
  /** Address of the instruction being lifted. */
  pc = 0;
  /** The PC faults report: the branch's address while its delay slot is lifted. */
  faultPc = 0;
  exit: Exit | undefined;
  /** Set by a branch row; translate.ts lifts the delay slot and ends the block with it. */
  pending: PendingBranch | undefined;
  /** Lifting a delay slot: branches, syscalls and other block ends are not allowed here. */
  inDelaySlot = false;
  /** Branch-likely delay slot: every effect happens only when this i32 is non-zero. */
  guard: Temp | undefined;
  /** Set by JAL/BAL/JALR: the return point, a hint for region formation. */
  callReturn: number | undefined;
  /**
   * What passed alignment checks in this block tells about base registers: register -> its value
   * mod 2 or 4 (int.ts checkAligned). Forgotten when the register is written.
   */
  readonly knownAlignment = new Map<number, { mod: 2 | 4; res: number }>();

  constructor(
    start: number,
    /** FPU register model of the process: 0 (FR=0, paired doubles) or 1 (FR=1). */
    readonly fr: number,
  ) {
    this.b = new IRBuilder(start);
  }

  next(): number {
    return (this.pc + 4) >>> 0;
  }

  i32(v: number): Temp {
    return this.b.i32(v);
  }

  // ---- registers ----------------------------------------------------------------------------

  gpr(n: number): Temp {
    return n === 0 ? this.b.i32(0) : this.b.get(gslot(n), 'i32');
  }
  setGpr(n: number, v: Temp): void {
    if (n === 0) return;
    this.knownAlignment.delete(n);
    this.setSlot(gslot(n), v, 'i32');
  }
  hi(): Temp {
    return this.b.get(SLOT_HI, 'i32');
  }
  lo(): Temp {
    return this.b.get(SLOT_LO, 'i32');
  }
  setHi(v: Temp): void {
    this.setSlot(SLOT_HI, v, 'i32');
  }
  setLo(v: Temp): void {
    this.setSlot(SLOT_LO, v, 'i32');
  }
  /** Any state write goes through here so a branch-likely delay slot can be annulled. */
  setSlot(slot: number, v: Temp, ty: Ty): void {
    if (this.guard !== undefined) v = this.b.select(this.guard, v, this.b.get(slot, ty));
    this.b.set(slot, v);
  }

  /** Single-precision $fn as raw bits (i32) or as f32. */
  fpSingle(n: number, ty: 'i32' | 'f32' = 'f32'): Temp {
    return this.b.get(fpSingleSlot(this.fr, n), ty);
  }
  setFpSingle(n: number, v: Temp): void {
    this.setSlot(fpSingleSlot(this.fr, n), v, this.b.ty(v));
  }
  /**
   * Double $fn as f64 (or raw i64). With FR=0 an odd n is not a double register: the row refuses
   * it (throws), which makes the instruction SIGILL.
   */
  fpDouble(n: number, ty: 'f64' | 'i64' = 'f64'): Temp {
    return this.b.get(this.doubleSlot(n), ty);
  }
  setFpDouble(n: number, v: Temp): void {
    this.setSlot(this.doubleSlot(n), v, this.b.ty(v));
  }
  doubleSlot(n: number): number {
    if (!this.fr && n & 1) throw new Error('odd double register with FR=0');
    return fpDoubleSlot(this.fr, n);
  }
  /** The high word of $fn's 64 bits (MFHC1/MTHC1): FR=1 its upper half, FR=0 $f(n+1). */
  fpHighSlot(n: number): number {
    if (!this.fr && n & 1) throw new Error('odd register for MFHC1/MTHC1 with FR=0');
    return fpHighSlot(this.fr, n);
  }

  // ---- memory and helpers -------------------------------------------------------------------

  load(size: 1 | 2 | 4 | 8, signed: boolean, addr: Temp, ty: Ty = 'i32'): Temp {
    return this.b.load(ty, addr, size, signed, this.faultPc, this.guard);
  }
  store(size: 1 | 2 | 4 | 8, addr: Temp, v: Temp): void {
    this.b.store(addr, v, size, this.faultPc, this.guard);
  }
  call(helper: string, args: Temp[], ret?: Ty, pure = false): Temp {
    // A guarded call is never pure: removing it would lose nothing, but keeping purity simple is safer.
    return this.b.call(helper, args, ret, this.faultPc, pure && this.guard === undefined, this.guard);
  }
  /** base + sign-extended 16-bit offset. */
  ea(base: number, offset: number): Temp {
    const r = this.gpr(base);
    return offset === 0 ? r : this.b.add(r, this.i32(offset));
  }

  /**
   * A trap that happens when `cond` (i32) is non-zero, without ending the block: a guarded helper
   * call that throws the signal. Used by TEQ & co., overflow traps and anything in a delay slot.
   */
  trapIf(cond: Temp | undefined, signal: number, code: number): void {
    let g = cond;
    if (this.guard !== undefined) g = g === undefined ? this.guard : this.b.bin('and', g, this.guard);
    const args = [this.i32(this.faultPc), this.i32(signal), this.i32(code)];
    this.b.call('mips_trap', args, undefined, this.faultPc, false, g ?? this.i32(1));
  }

  // ---- how blocks end -----------------------------------------------------------------------

  end(e: Exit): void {
    this.exit = e;
  }
  branchTo(target: number): void {
    this.end({ k: 'goto', target: target >>> 0 });
  }
  /** Records a branch; its delay slot is lifted next (translate.ts). */
  branch(p: PendingBranch): void {
    if (this.inDelaySlot) throw new Error('branch in a delay slot');
    this.pending = p;
  }
  syscall(): void {
    if (this.inDelaySlot) throw new Error('syscall in a delay slot');
    this.end({ k: 'syscall', pc: this.pc, next: this.next() });
  }
  /** Reserved instruction (or not implemented): SIGILL at this PC. */
  undefinedInsn(): void {
    this.raise(SIGILL, ILL_ILLOPC);
  }
  /** An unconditional trap (BREAK, SIGILL); inside a delay slot a guarded helper call. */
  raise(signal: number, code: number): void {
    if (this.inDelaySlot) return this.trapIf(undefined, signal, code);
    this.end({ k: 'trap', pc: this.pc, signal, code, addr: this.pc });
  }
  /** Code may have changed (SYNCI): drop translations and go on at the next instruction. */
  flush(): void {
    if (this.inDelaySlot) throw new Error('synci in a delay slot');
    this.end({ k: 'flush', next: this.next() });
  }
}
