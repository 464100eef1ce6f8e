// The A64 decoder table: each row is a 32-bit pattern (see ../pattern.ts), an optional extra
// condition on the fields, the semantics (against A64Lifter) and the objdump text. Rows live in
// one file per instruction group (dp.ts, ls.ts, fp.ts, simd*.ts); translate.ts concatenates them.
// The first matching row wins. Lookup goes through 16 buckets keyed by bits 28:25, the A64
// top-level encoding group, so a decode looks at a few dozen rows rather than all of them.
import { extractFields, parsePattern } from '../pattern.ts';
import type { A64Lifter } from './lifter.ts';

export type Fields = Record<string, number> & { raw: number };

export interface Ctx {
  /** The address of the instruction. */
  pc: number;
}

export interface Row {
  name: string;
  mask: number;
  match: number;
  fields: [string, number, number][][];
  when?: (f: Fields) => boolean;
  /** Lifts the instruction. Returning false (or throwing) makes it UNDEFINED: SIGILL. */
  lift: (L: A64Lifter, f: Fields, c: Ctx) => void | boolean;
  dis: (f: Fields, c: Ctx) => string;
}

export function row(name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']): Row {
  const { mask, match, fields } = parsePattern(name, pattern, [32]);
  return { name, mask, match, fields, when, lift, dis };
}

const BUCKET_SHIFT = 25;
const BUCKET_MASK = 0xf;

export class Table {
  private readonly buckets: Row[][] = Array.from({ length: 16 }, () => []);
  constructor(rows: readonly Row[]) {
    for (const r of rows) {
      const m = (r.mask >>> BUCKET_SHIFT) & BUCKET_MASK;
      const v = (r.match >>> BUCKET_SHIFT) & BUCKET_MASK;
      for (let k = 0; k < 16; k++) if ((k & m) === v) this.buckets[k]!.push(r);
    }
  }
  lookup(insn: number): { row: Row; f: Fields } | undefined {
    for (const r of this.buckets[(insn >>> BUCKET_SHIFT) & BUCKET_MASK]!) {
      if ((insn & r.mask) !== r.match) continue;
      const f = extractFields(r.fields, insn) as Fields;
      if (r.when && !r.when(f)) continue;
      return { row: r, f };
    }
    return undefined;
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
