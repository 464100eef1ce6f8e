// Bit patterns of declarative decoder tables, shared by every arch's table: one character per bit,
// most significant first; '0'/'1' fixed, '-' anything, letters name fields (a letter's bits are
// concatenated in order, so a field may be split across the word).

export interface Pattern {
  width: number;
  mask: number;
  match: number;
  /** Per field letter: its segments [letter, shift, width], most significant first. */
  fields: [string, number, number][][];
}

export function parsePattern(name: string, pattern: string, widths: readonly number[] = [16, 32]): Pattern {
  const p = pattern.replace(/\s+/g, '');
  const width = p.length;
  if (!widths.includes(width)) throw new Error(`pattern ${name}: ${width} bits`);
  let mask = 0, match = 0;
  const segs = new Map<string, [string, number, number][]>();
  for (let i = 0; i < width; i++) {
    const ch = p[i]!;
    const bit = width - 1 - i;
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') match |= 1 << bit;
    } else if (ch !== '-') {
      const list = segs.get(ch) ?? [];
      const last = list[list.length - 1];
      if (last && last[1] === bit + 1) {
        last[1] = bit;
        last[2]++;
      } else list.push([ch, bit, 1]);
      segs.set(ch, list);
    }
  }
  return { width, mask: mask | 0, match: match | 0, fields: [...segs.values()] };
}

/** The named fields of `insn` (unsigned values) plus `raw`. */
export function extractFields(fields: Pattern['fields'], insn: number): Record<string, number> & { raw: number } {
  const f = { raw: insn } as Record<string, number> & { raw: number };
  for (const list of fields) {
    let v = 0;
    for (const [, shift, w] of list) v = v * 2 ** w + ((insn >>> shift) & ((2 ** w) - 1));
    f[list[0]![0]!] = v;
  }
  return f;
}

// ---- decoder tables of fixed-width (32-bit) instruction sets ----------------------------------

export type Fields = Record<string, number> & { raw: number };

/**
 * One row of a declarative decoder table: a 32-bit pattern, an optional extra condition on the
 * fields, the semantics (against the arch's lifter L, with context C) and the objdump text.
 */
export interface TableRow<L, C> {
  name: string;
  mask: number;
  match: number;
  fields: Pattern['fields'];
  when?: (f: Fields) => boolean;
  /** Lifts the instruction. Returning false (or throwing) makes it undefined: SIGILL. */
  lift: (L: L, f: Fields, c: C) => void | boolean;
  dis: (f: Fields, c: C) => string;
}

export function tableRow<L, C>(name: string, pattern: string, lift: TableRow<L, C>['lift'], dis: TableRow<L, C>['dis'], when?: (f: Fields) => boolean): TableRow<L, C> {
  const { mask, match, fields } = parsePattern(name, pattern, [32]);
  return { name, mask, match, fields, when, lift, dis };
}

/**
 * Rows looked up through 2^bits buckets keyed by the instruction bits at `shift` (an ISA's
 * top-level encoding group or major opcode), so a decode looks at a few dozen rows rather than
 * all. The first matching row wins.
 */
export class BucketTable<R extends { mask: number; match: number; fields: Pattern['fields']; when?: (f: Fields) => boolean }> {
  private readonly buckets: R[][];
  private readonly keyMask: number;
  constructor(
    rows: readonly R[],
    private readonly shift: number,
    bits: number,
  ) {
    this.keyMask = (1 << bits) - 1;
    this.buckets = Array.from({ length: 1 << bits }, () => []);
    for (const r of rows) {
      const m = (r.mask >>> shift) & this.keyMask;
      const v = (r.match >>> shift) & this.keyMask;
      for (let k = 0; k <= this.keyMask; k++) if ((k & m) === v) this.buckets[k]!.push(r);
    }
  }
  lookup(insn: number): { row: R; f: Fields } | undefined {
    for (const r of this.buckets[(insn >>> this.shift) & this.keyMask]!) {
      if ((insn & r.mask) !== r.match) continue;
      const f = extractFields(r.fields, insn) as Fields;
      if (r.when && !r.when(f)) continue;
      return { row: r, f };
    }
    return undefined;
  }
}
