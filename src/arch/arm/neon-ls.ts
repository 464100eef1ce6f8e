// NEON element and structure loads/stores (VLD1-4 / VST1-4): multiple structures, one lane, all
// lanes; post-increment by the transfer size (Rm = 13) or a register. Little-endian, so VLD1/VST1
// of whole registers move words. All loads of an instruction happen before any register write,
// so a fault leaves the registers as they were. Alignment hints are not checked.
import type { Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import type { Esize } from './neon-lanes.ts';
import { Lanes } from './neon-lanes.ts';
import { bit, bits, dName, getDW, rName, setDW } from './vfp-regs.ts';

const D = (i: number) => (bit(i, 22) << 4) | bits(i, 15, 12);
const RN = (i: number) => bits(i, 19, 16);
const RM = (i: number) => bits(i, 3, 0);
const isLoad = (i: number) => bit(i, 21) === 1;

interface Form {
  /** Structure size n (1..4). */
  n: number;
  /** D registers of structure member k, repetition r: d + k*inc + r. */
  inc: number;
  regs: number;
  esize: Esize;
  kind: 'multiple' | 'lane' | 'all';
  index: number;
  /** Alignment in bits for the text, or 0. */
  align: number;
}

/** Decodes the form, or undefined when the encoding is UNDEFINED. */
function decode(i: number): Form | undefined {
  if (!bit(i, 23)) {
    const type = bits(i, 11, 8);
    const size = bits(i, 7, 6);
    const esize = (8 << size) as Esize;
    const alignBits = bits(i, 5, 4);
    const align = alignBits ? 32 << alignBits : 0;
    const T: Record<number, [number, number, number]> = {
      7: [1, 1, 1], 10: [1, 1, 2], 6: [1, 1, 3], 2: [1, 1, 4],
      8: [2, 1, 1], 9: [2, 2, 1], 3: [2, 2, 2],
      4: [3, 1, 1], 5: [3, 2, 1],
      0: [4, 1, 1], 1: [4, 2, 1],
    };
    const t = T[type];
    if (!t) return undefined;
    const [n, inc, regs] = t;
    if (n > 1 && size === 3) return undefined;
    if (n === 3 && alignBits & 2) return undefined;
    return { n, inc, regs, esize, kind: 'multiple', index: 0, align };
  }
  const size = bits(i, 11, 10);
  const n = bits(i, 9, 8) + 1;
  if (size === 3) {
    // all lanes
    if (!isLoad(i)) return undefined;
    const sz = bits(i, 7, 6);
    const T = bit(i, 5), a = bit(i, 4);
    if (sz === 3 && !(n === 4 && a)) return undefined;
    const esize = (sz === 3 ? 32 : 8 << sz) as Esize;
    let align = 0;
    if (a) {
      if (n === 1) align = esize;
      else if (n === 2) align = esize * 2;
      else if (n === 3) return undefined;
      else align = sz === 3 ? 128 : sz === 2 ? 64 : esize * 4;
    }
    return n === 1
      ? { n, inc: 1, regs: T ? 2 : 1, esize, kind: 'all', index: 0, align }
      : { n, inc: T ? 2 : 1, regs: 1, esize, kind: 'all', index: 0, align };
  }
  const esize = (8 << size) as Esize;
  const ia = bits(i, 7, 4);
  const index = ia >> (size + 1);
  let inc = 1;
  if (size === 1 && ia & 2) inc = 2;
  if (size === 2 && ia & 4) inc = 2;
  let align = 0;
  if (n === 1) align = size === 0 ? 0 : ia & 1 ? esize : 0;
  else if (n === 2) align = ia & 1 ? esize * 2 : 0;
  else if (n === 4) align = size === 2 ? (ia & 3 ? 32 << (ia & 3) : 0) : ia & 1 ? esize * 4 : 0;
  if (n === 1 && inc === 2) return undefined;
  return { n, inc, regs: 1, esize, kind: 'lane', index, align };
}

/** Bytes transferred (the post-increment for Rm = 13). */
function transferBytes(f: Form): number {
  if (f.kind === 'multiple') return 8 * f.n * f.regs;
  return (f.esize / 8) * f.n;
}

export function liftNeonLoadStore(L: ArmLifter, i: number): boolean {
  const f = decode(i);
  if (!f) return false;
  const d = D(i);
  const last = f.kind === 'all' && f.n === 1 ? d + f.regs - 1 : d + (f.n - 1) * f.inc + f.regs - 1;
  if (last > 31 || RN(i) === 15) {
    L.undefinedInsn();
    return true;
  }
  const b = L.b;
  const V = new Lanes(L);
  const base = L.reg(RN(i));
  const load = isLoad(i);
  const at = (off: number) => (off === 0 ? base : b.add(base, L.i32(off)));
  const ebytes = f.esize / 8;
  const regOf = (k: number, r: number) => d + k * f.inc + r;

  if (f.kind === 'multiple') {
    const elements = 64 / f.esize;
    if (f.n === 1) {
      // the memory image is the registers' image
      const words: Temp[] = [];
      for (let w = 0; w < 2 * f.regs; w++) {
        if (load) words.push(L.load(4, false, at(4 * w)));
        else L.store(4, at(4 * w), getDW(L, d + (w >> 1), w & 1));
      }
      words.forEach((v, w) => setDW(L, d + (w >> 1), w & 1, v));
    } else {
      // element j of memory is member k = j % n of repetition r, element e
      const total = f.n * f.regs * elements;
      const place = (j: number): [number, number] => {
        const k = j % f.n, s = Math.floor(j / f.n);
        return [regOf(k, Math.floor(s / elements)), s % elements];
      };
      if (load) {
        const words: Temp[] = [];
        for (let w = 0; w < (total * ebytes) / 4; w++) words.push(L.load(4, false, at(4 * w)));
        const elems = split(V, words, f.esize);
        const byReg = new Map<number, Temp[]>();
        elems.forEach((v, j) => {
          const [reg, e] = place(j);
          if (!byReg.has(reg)) byReg.set(reg, new Array(elements));
          byReg.get(reg)![e] = v;
        });
        for (const [reg, vals] of byReg) V.write(reg, f.esize, vals);
      } else {
        const elems: Temp[] = [];
        const cache = new Map<number, Temp[]>();
        for (let j = 0; j < total; j++) {
          const [reg, e] = place(j);
          if (!cache.has(reg)) cache.set(reg, V.read(reg, 1, f.esize, false));
          elems.push(cache.get(reg)![e]);
        }
        pack(V, elems, f.esize).forEach((w, k) => L.store(4, at(4 * k), w));
      }
    }
  } else {
    const size = ebytes as 1 | 2 | 4;
    if (load) {
      const vals: Temp[] = [];
      for (let k = 0; k < f.n; k++) vals.push(L.load(size, false, at(k * ebytes)));
      for (let k = 0; k < f.n; k++) {
        if (f.kind === 'lane') insertLane(L, regOf(k, 0), f.esize, f.index, vals[k]);
        else {
          const rep = f.esize === 8 ? b.bin('mul', vals[k], L.i32(0x01010101)) : f.esize === 16 ? b.bin('mul', vals[k], L.i32(0x00010001)) : vals[k];
          const regsToFill = f.n === 1 ? f.regs : 1;
          for (let r = 0; r < regsToFill; r++) for (let w = 0; w < 2; w++) setDW(L, regOf(k, r), w, rep);
        }
      }
    } else {
      for (let k = 0; k < f.n; k++) L.store(size, at(k * ebytes), V.readOne(regOf(k, 0), f.esize, f.index, false));
    }
  }

  const rm = RM(i);
  if (rm !== 15) {
    const step = rm === 13 ? L.i32(transferBytes(f)) : L.reg(rm);
    L.setReg(RN(i), b.add(base, step));
  }
  return true;
}

/** Words (little-endian memory image) -> elements (zero-extended; 64-bit ones as i64). */
function split(V: Lanes, words: Temp[], esize: Esize): Temp[] {
  const out: Temp[] = [];
  if (esize === 64) {
    for (let w = 0; w < words.length; w += 2) out.push(V.bin('pair', words[w], words[w + 1]));
    return out;
  }
  for (const word of words) {
    for (let pos = 0; pos < 32; pos += esize) out.push(V.ext(pos ? V.sh('shr_u', word, pos) : word, esize, false));
  }
  return out;
}
function pack(V: Lanes, elems: Temp[], esize: Esize): Temp[] {
  const words: Temp[] = [];
  const per = 32 / esize;
  for (let w = 0; w < elems.length / per; w++) {
    let word: Temp | undefined;
    for (let k = 0; k < per; k++) {
      let v = elems[w * per + k];
      if (k > 0) v = V.sh('shl', v, k * esize);
      word = word === undefined ? v : V.bin('or', word, v);
    }
    words.push(word!);
  }
  return words;
}
function insertLane(L: ArmLifter, d: number, esize: number, index: number, v: Temp): void {
  const b = L.b;
  const bitpos = index * esize;
  const w = bitpos >> 5, sh = bitpos & 31;
  if (esize === 32) return setDW(L, d, w, v);
  const mask = esize === 8 ? 0xff : 0xffff;
  const old = getDW(L, d, w);
  setDW(L, d, w, b.bin('or', b.bin('and', old, L.i32(~(mask << sh))), b.bin('shl', v, L.i32(sh))));
}

export function disassembleNeonLoadStore(i: number, _pc: number): string | undefined {
  const f = decode(i);
  if (!f) return undefined;
  const d = D(i);
  const name = `v${isLoad(i) ? 'ld' : 'st'}${f.n}.${f.esize}`;
  let regsList: number[];
  if (f.kind === 'multiple') {
    regsList = [];
    for (let r = 0; r < f.regs; r++) for (let k = 0; k < f.n; k++) regsList.push(d + k * f.inc + r);
    regsList.sort((a, b) => a - b);
  } else if (f.kind === 'all' && f.n === 1) regsList = Array.from({ length: f.regs }, (_, r) => d + r);
  else regsList = Array.from({ length: f.n }, (_, k) => d + k * f.inc);
  const suffix = f.kind === 'lane' ? `[${f.index}]` : f.kind === 'all' ? '[]' : '';
  const consecutive = regsList.every((r, k) => r === regsList[0] + k);
  let list: string;
  if (f.kind !== 'lane' && consecutive && regsList.length > 1) list = `${dName(regsList[0])}${suffix}-${dName(regsList[regsList.length - 1])}${suffix}`;
  else list = regsList.map((r) => `${dName(r)}${suffix}`).join(',');
  const rm = RM(i);
  const addr = `[${rName(RN(i))}${f.align ? ` :${f.align}` : ''}]${rm === 13 ? '!' : ''}${rm !== 13 && rm !== 15 ? `, ${rName(rm)}` : ''}`;
  return `${name}\t{${list}}, ${addr}`;
}
