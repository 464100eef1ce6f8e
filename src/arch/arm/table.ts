// Declarative decoder tables for A32 and T32: each row is a bit pattern (one character per bit,
// most significant first; '0'/'1' fixed, '-' anything, letters name fields; a letter's bits are
// concatenated in order), an optional extra condition on the fields, and two handlers: the
// semantics (against ArmLifter) and the objdump text. The first matching row wins.
import type { ArmLifter } from './lifter.ts';
import { extractFields, parsePattern } from '../pattern.ts';

export type Fields = Record<string, number> & { raw: number };

/** What a handler knows besides the fields: the condition suffix to print, and (T32) whether the instruction is inside an IT block. */
export interface Ctx {
  cond: string;
  inIT: boolean;
  /** The address of the instruction (no T bit). */
  pc: number;
}

export interface Row {
  name: string;
  mask: number;
  match: number;
  fields: [string, number, number][][]; // per letter: segments [letter, shift, width]
  when?: (f: Fields) => boolean;
  lift: (L: ArmLifter, f: Fields, c: Ctx) => void;
  dis: (f: Fields, c: Ctx) => string;
}

export function compile(name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']): Row {
  const { mask, match, fields } = parsePattern(name, pattern);
  return { name, mask, match, fields, when, lift, dis };
}

export function extract(row: Row, insn: number): Fields {
  return extractFields(row.fields, insn);
}

export function lookup(rows: Row[], insn: number): { row: Row; f: Fields } | undefined {
  for (const row of rows) {
    if ((insn & row.mask) !== row.match) continue;
    const f = extract(row, insn);
    if (row.when && !row.when(f)) continue;
    return { row, f };
  }
  return undefined;
}

// ---- printing as objdump does -------------------------------------------------------------

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];
export const R = (n: number): string => ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc'][n]!;
export const hex = (n: number): string => (n >>> 0).toString(16);
export const imm = (n: number): string => `#${n | 0}`;
export function regList(list: number): string {
  const r: string[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) r.push(R(i));
  return `{${r.join(', ')}}`;
}
/** ", lsl #n" etc. for an immediate shift (nothing for LSL #0). */
export function shiftText(type: number, imm5: number): string {
  if (type === 0 && imm5 === 0) return '';
  if (type === 3 && imm5 === 0) return ', rrx';
  return `, ${['lsl', 'lsr', 'asr', 'ror'][type]} #${imm5 === 0 ? 32 : imm5}`;
}
