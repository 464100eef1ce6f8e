// Shared by the VFP and NEON lifters: extension register access (under the instruction's
// predicate), register-number fields of the A32 encodings, decode table rows and text helpers.
import type { Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import { REG_NAMES, SLOT_FPSCR, dslot, sslot } from './state.ts';

/** One decode table row: the instruction matches when (insn & mask) === match. */
export interface Row {
  name: string;
  mask: number;
  match: number;
  lift: (L: ArmLifter, insn: number) => void;
  dis: (insn: number, pc: number) => string;
}
export const row = (name: string, mask: number, match: number, lift: Row['lift'], dis: Row['dis']): Row =>
  ({ name, mask: mask | 0, match: match | 0, lift, dis });
/** The first row matching insn. */
export const findRow = (rows: readonly Row[], insn: number): Row | undefined => rows.find((r) => (insn & r.mask) === r.match);

// ---- fields -----------------------------------------------------------------------------------

export const bit = (i: number, n: number): number => (i >>> n) & 1;
export const bits = (i: number, hi: number, lo: number): number => (i >>> lo) & ((1 << (hi - lo + 1)) - 1);
/** Vd, Vn, Vm as a D register number (D:Vd) or an S register number (Vd:D). */
export const vd = (i: number, dbl: boolean): number => (dbl ? (bit(i, 22) << 4) | bits(i, 15, 12) : (bits(i, 15, 12) << 1) | bit(i, 22));
export const vn = (i: number, dbl: boolean): number => (dbl ? (bit(i, 7) << 4) | bits(i, 19, 16) : (bits(i, 19, 16) << 1) | bit(i, 7));
export const vm = (i: number, dbl: boolean): number => (dbl ? (bit(i, 5) << 4) | bits(i, 3, 0) : (bits(i, 3, 0) << 1) | bit(i, 5));
export const rt = (i: number): number => bits(i, 15, 12);
export const rn = (i: number): number => bits(i, 19, 16);

// ---- text -------------------------------------------------------------------------------------

export const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];
export const cc = (i: number): string => COND_NAMES[i >>> 28];
export const rName = (n: number): string => REG_NAMES[n];
export const dName = (n: number): string => `d${n}`;
export const sName = (n: number): string => `s${n}`;
export const qName = (n: number): string => `q${n >> 1}`;
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16);

// ---- registers --------------------------------------------------------------------------------

/** S register bits. */
export const getS = (L: ArmLifter, n: number): Temp => L.b.get(sslot(n), 'i32');
export const setS = (L: ArmLifter, n: number, v: Temp): void => L.setSlot(sslot(n), v);
/** D register as f64 (the view regions promote). */
export const getD = (L: ArmLifter, n: number): Temp => L.b.get(dslot(n), 'f64');
export function setD(L: ArmLifter, n: number, v: Temp): void {
  if (L.pred !== undefined) v = L.b.select(L.pred, v, L.b.get(dslot(n), 'f64'));
  L.b.set(dslot(n), v);
}
/** Word w (0 low, 1 high) of D register n. */
export const getDW = (L: ArmLifter, n: number, w: number): Temp => L.b.get(dslot(n) + w, 'i32');
export const setDW = (L: ArmLifter, n: number, w: number, v: Temp): void => L.setSlot(dslot(n) + w, v);
export const getFpscr = (L: ArmLifter): Temp => L.b.get(SLOT_FPSCR, 'i32');

/** A helper call (guarded by the predicate; FP helpers accrue flags in FPSCR, so never pure). */
export const callH = (L: ArmLifter, helper: string, args: Temp[], ret?: 'i32' | 'f64'): Temp => L.call(helper, args, ret);

/** The base register value for addressing: r15 reads word-aligned. */
export function baseReg(L: ArmLifter, n: number): Temp {
  return n === 15 ? L.i32(L.pcValue() & ~3) : L.reg(n);
}
