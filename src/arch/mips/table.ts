// The MIPS32 decoder table: each row is a 32-bit pattern (see ../pattern.ts), an optional extra
// condition on the fields, the semantics (against MipsLifter) and the objdump text. Rows live in
// one file per instruction group (int.ts, fpu.ts, ...); translate.ts concatenates them. The first
// matching row wins, so an alias (nop, move, b, beqz ...) comes before its general form. Lookup
// goes through 64 buckets keyed by the major opcode (bits 31:26).
import { BucketTable, type Fields, type TableRow, tableRow } from '../pattern.ts';
import type { MipsLifter } from './lifter.ts';
import { GPR_NAMES } from './state.ts';

export type { Fields };

export interface Ctx {
  /** The address of the instruction. */
  pc: number;
}

export type Row = TableRow<MipsLifter, Ctx>;

export const row = (name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']): Row => tableRow(name, pattern, lift, dis, when);

/** Bucketed on the major opcode, bits 31:26. */
export class Table extends BucketTable<Row> {
  constructor(rows: readonly Row[]) {
    super(rows, 26, 6);
  }
}

// ---- printing as objdump does -------------------------------------------------------------

export const hex = (n: number): string => (n >>> 0).toString(16);
/** General register n by its ABI name, as objdump prints it. */
export const gr = (n: number): string => GPR_NAMES[n]!;
/** Sign-extends the low `bits` bits of v. */
export const sext = (v: number, bits: number): number => (bits >= 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits));
/** Target of a PC-relative branch: the delay slot's address plus offset * 4. */
export const branchTarget = (pc: number, imm16: number): number => (pc + 4 + (sext(imm16, 16) << 2)) >>> 0;
/** Target of J/JAL: the 256 MiB region of the delay slot plus index * 4. */
export const jumpTarget = (pc: number, index: number): number => ((((pc + 4) & 0xf0000000) | (index << 2)) >>> 0);
