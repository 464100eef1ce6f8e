// The MIPS32 decoder table: each row is a 32-bit pattern (see ../pattern.ts), an optional extra
// condition on the fields, the semantics (against MipsLifter) and the objdump text. Rows live in
// one file per instruction group (int.ts, fpu.ts, ...); translate.ts concatenates them. The first
// matching row wins, so an alias (nop, move, b, beqz ...) comes before its general form. Lookup
// goes through 64 buckets keyed by the major opcode (bits 31:26).
import { extractFields, parsePattern } from '../pattern.ts';
import type { MipsLifter } from './lifter.ts';
import { GPR_NAMES } from './state.ts';

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
  /** Lifts the instruction. Returning false (or throwing) makes it a reserved instruction: SIGILL. */
  lift: (L: MipsLifter, f: Fields, c: Ctx) => void | boolean;
  dis: (f: Fields, c: Ctx) => string;
}

export function row(name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']): Row {
  const { mask, match, fields } = parsePattern(name, pattern, [32]);
  return { name, mask, match, fields, when, lift, dis };
}

const BUCKET_SHIFT = 26;

export class Table {
  private readonly buckets: Row[][] = Array.from({ length: 64 }, () => []);
  constructor(rows: readonly Row[]) {
    for (const r of rows) {
      const m = (r.mask >>> BUCKET_SHIFT) & 63;
      const v = (r.match >>> BUCKET_SHIFT) & 63;
      for (let k = 0; k < 64; k++) if ((k & m) === v) this.buckets[k]!.push(r);
    }
  }
  lookup(insn: number): { row: Row; f: Fields } | undefined {
    for (const r of this.buckets[insn >>> BUCKET_SHIFT]!) {
      if ((insn & r.mask) !== r.match) continue;
      const f = extractFields(r.fields, insn) as Fields;
      if (r.when && !r.when(f)) continue;
      return { row: r, f };
    }
    return undefined;
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
