// The A64 decoder table: each row is a 32-bit pattern (see ../pattern.ts), an optional extra
// condition on the fields, the semantics (against A64Lifter) and the objdump text. Rows live in
// one file per instruction group (dp.ts, ls.ts, fp.ts, simd*.ts); translate.ts concatenates them.
// The first matching row wins. Lookup goes through 16 buckets keyed by bits 28:25, the A64
// top-level encoding group, so a decode looks at a few dozen rows rather than all of them.
import { BucketTable, type Fields, type TableRow, tableRow } from '../pattern.ts';
import type { A64Lifter } from './lifter.ts';

export type { Fields };

export interface Ctx {
  /** The address of the instruction. */
  pc: number;
}

export type Row = TableRow<A64Lifter, Ctx>;

export const row = (name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']): Row => tableRow(name, pattern, lift, dis, when);

/** Bucketed on bits 28:25, the A64 top-level encoding group. */
export class Table extends BucketTable<Row> {
  constructor(rows: readonly Row[]) {
    super(rows, 25, 4);
  }
}

// ---- printing as objdump does -------------------------------------------------------------

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
export const hex = (n: number | bigint): string => (typeof n === 'bigint' ? BigInt.asUintN(64, n) : n >>> 0).toString(16);
/** General register n: x/w, 31 as the zero register. */
export const xr = (n: number, sf = 1): string => (n === 31 ? (sf ? 'xzr' : 'wzr') : `${sf ? 'x' : 'w'}${n}`);
/** General register n: x/w, 31 as the stack pointer. */
export const xsp = (n: number, sf = 1): string => (n === 31 ? (sf ? 'sp' : 'wsp') : `${sf ? 'x' : 'w'}${n}`);
/** Sign-extends the low `bits` bits of v. */
export const sext = (v: number, bits: number): number => (bits >= 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits));
