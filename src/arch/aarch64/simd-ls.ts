// AdvSIMD structure loads and stores: LD1-LD4/ST1-ST4 (multiple structures), the single-structure
// (lane) forms, LD1R-LD4R, each without offset or post-indexed by the transfer size or a register.
// Every load is done before any register is written and the base is written back last, so a
// fault leaves the registers as they were. LD1/ST1 move whole halves; LD2-4/ST2-4 move the memory
// image as i64 words and (de)interleave it with the sv_deint / sv_interleave helpers.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { ELEM, Halves, arr, regList } from './simd-common.ts';
import { shape } from './simd-helpers.ts';
import { type Fields, type Row, row, xr, xsp } from './table.ts';

/** opcode -> [registers repeated, structure elements] of the multiple-structure forms. */
const MULTI: Record<number, [number, number]> = { 0: [1, 4], 2: [4, 1], 4: [1, 3], 6: [3, 1], 7: [1, 1], 8: [1, 2], 10: [2, 1] };

const at = (L: A64Lifter, base: Temp, off: number): Temp => (off ? L.b.add(base, L.i64(off)) : base);

function writeback(L: A64Lifter, f: Fields, post: boolean, base: Temp, bytes: number): void {
  if (!post) return;
  L.setRegSP(f.n, L.b.add(base, f.m === 31 ? L.i64(bytes) : L.x(f.m)));
}

function liftMulti(L: A64Lifter, f: Fields, load: boolean, post: boolean): boolean | void {
  const [rpt, selem] = MULTI[f.o]!;
  const q = f.q, size = f.z;
  const regBytes = q ? 16 : 8;
  const total = rpt * selem * regBytes;
  const base = L.xsp(f.n);
  const reg = (k: number) => (f.t + k) % 32;
  const nregs = rpt * selem;
  if (load) {
    const words: Temp[] = [];
    for (let off = 0; off < total; off += 8) words.push(L.load(8, false, at(L, base, off)));
    if (selem === 1) {
      for (let r = 0; r < nregs; r++) {
        if (q) L.setV(reg(r), words[2 * r]!, words[2 * r + 1]!);
        else L.setV64(reg(r), words[r]!);
      }
    } else {
      const zero = L.i64(0);
      const args = [...words];
      while (args.length < 8) args.push(zero);
      const results = Array.from({ length: selem }, (_, s) => L.vecCall('sv_deint', [L.i32(shape(size, q, { imm: selem | (s << 4) })), ...args]));
      results.forEach((r, s) => (q ? L.setV(reg(s), r.lo, r.hi) : L.setV64(reg(s), r.lo)));
    }
  } else {
    let words: Temp[] = [];
    if (selem === 1) {
      for (let r = 0; r < nregs; r++) {
        words.push(L.vlo(reg(r)));
        if (q) words.push(L.vhi(reg(r)));
      }
    } else {
      const zero = L.i64(0);
      const args: Temp[] = [];
      for (let s = 0; s < 4; s++) args.push(s < selem ? L.vlo(reg(s)) : zero, s < selem && q ? L.vhi(reg(s)) : zero);
      for (let c = 0; c * 16 < total; c++) {
        const r = L.vecCall('sv_interleave', [L.i32(shape(size, q, { imm: selem | (c << 4) })), ...args]);
        words.push(r.lo, r.hi);
      }
      words = words.slice(0, total / 8);
    }
    words.forEach((w, k) => L.store(8, at(L, base, 8 * k), w));
  }
  writeback(L, f, post, base, total);
}

/** The element size (0..3) and index of a single-structure form; undefined when reserved. */
function single(f: Fields): { size: number; index: number } | undefined {
  switch (f.o >> 1) {
    case 0: return { size: 0, index: (f.q << 3) | (f.s << 2) | f.z };
    case 1: return f.z & 1 ? undefined : { size: 1, index: (f.q << 2) | (f.s << 1) | (f.z >> 1) };
    case 2:
      if (f.z === 0) return { size: 2, index: (f.q << 1) | f.s };
      if (f.z === 1 && f.s === 0) return { size: 3, index: f.q };
      return undefined;
  }
  return undefined;
}
const selemOf = (f: Fields): number => (((f.o & 1) << 1) | f.r) + 1;

function liftSingle(L: A64Lifter, f: Fields, load: boolean, post: boolean): boolean | void {
  const selem = selemOf(f);
  const base = L.xsp(f.n);
  const reg = (k: number) => (f.t + k) % 32;
  const H = new Halves(L);
  if (f.o >> 1 === 3) {
    // LDnR: one element replicated to every lane
    if (!load || f.s) return false;
    const eb = 1 << f.z;
    const vals = Array.from({ length: selem }, (_, s) => L.load(eb as 1 | 2 | 4 | 8, false, at(L, base, s * eb)));
    vals.forEach((v, s) => {
      const rep = H.replicate(v, f.z);
      if (f.q) L.setV(reg(s), rep, rep);
      else L.setV64(reg(s), rep);
    });
    writeback(L, f, post, base, selem * eb);
    return;
  }
  const e = single(f);
  if (!e) return false;
  const eb = 1 << e.size;
  if (load) {
    const vals = Array.from({ length: selem }, (_, s) => L.load(eb as 1 | 2 | 4 | 8, false, at(L, base, s * eb)));
    vals.forEach((v, s) => {
      const r = H.insert(L.vlo(reg(s)), L.vhi(reg(s)), e.size, e.index, v);
      L.setV(reg(s), r.lo, r.hi);
    });
  } else {
    for (let s = 0; s < selem; s++) L.store(eb as 1 | 2 | 4 | 8, at(L, base, s * eb), H.extract(L.vlo(reg(s)), L.vhi(reg(s)), e.size, e.index));
  }
  writeback(L, f, post, base, selem * eb);
}

const addrText = (f: Fields, post: boolean, bytes: number): string =>
  `[${xsp(f.n)}]${post ? (f.m === 31 ? `, #${bytes}` : `, ${xr(f.m)}`) : ''}`;

function multiText(f: Fields, load: boolean, post: boolean): string {
  const [rpt, selem] = MULTI[f.o]!;
  const regs = rpt * selem;
  return `${load ? 'ld' : 'st'}${selem}\t${regList(f.t, regs, '.' + arr(f.z, f.q))}, ${addrText(f, post, regs * (f.q ? 16 : 8))}`;
}
function singleText(f: Fields, load: boolean, post: boolean): string {
  const selem = selemOf(f);
  if (f.o >> 1 === 3) return `ld${selem}r\t${regList(f.t, selem, '.' + arr(f.z, f.q))}, ${addrText(f, post, selem << f.z)}`;
  const e = single(f)!;
  return `${load ? 'ld' : 'st'}${selem}\t${regList(f.t, selem, '.' + ELEM[e.size])}[${e.index}], ${addrText(f, post, selem << e.size)}`;
}

const multiOk = (f: Fields): boolean => {
  const m = MULTI[f.o];
  return !!m && !(f.z === 3 && f.q === 0 && m[1] > 1);
};
const singleOk = (load: boolean) => (f: Fields): boolean => (f.o >> 1 === 3 ? load && f.s === 0 : !!single(f));

export const simdLsRows: Row[] = [];
for (const load of [false, true]) {
  const l = load ? 1 : 0;
  const name = load ? 'ld' : 'st';
  simdLsRows.push(
    row(`${name}-multi`, `0q0011000${l}000000oooozznnnnnttttt`, (L, f) => liftMulti(L, f, load, false), (f) => multiText(f, load, false), multiOk),
    row(`${name}-multi-post`, `0q0011001${l}0mmmmmoooozznnnnnttttt`, (L, f) => liftMulti(L, f, load, true), (f) => multiText(f, load, true), multiOk),
    row(`${name}-single`, `0q0011010${l}r00000ooosz znnnnnttttt`.replace(' ', ''), (L, f) => liftSingle(L, f, load, false), (f) => singleText(f, load, false), singleOk(load)),
    row(`${name}-single-post`, `0q0011011${l}rmmmmmooosz znnnnnttttt`.replace(' ', ''), (L, f) => liftSingle(L, f, load, true), (f) => singleText(f, load, true), singleOk(load)),
  );
}
