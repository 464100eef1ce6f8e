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
