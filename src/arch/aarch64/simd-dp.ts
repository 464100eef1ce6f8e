// AdvSIMD integer data processing (three same, three different, two-register misc, across lanes,
// copy, modified immediate, shift by immediate, by element, permute, EXT, TBL/TBX), vector and
// scalar forms. Each table below lists the instructions of one encoding class; rows are made from
// them. Bitwise ops, moves, 64-bit lanes and the string-function favourites (ADD/SUB, CMEQ, CMTST,
// SHL/USHR) are IR on the i64 halves; other lanes go through the helpers of simd-helpers.ts.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { ELEM, Halves, arr, laneCall, regList, replicate, sr, vr, writeV } from './simd-common.ts';
import { shape } from './simd-helpers.ts';
import { type Fields, type Row, hex, row, xr } from './table.ts';

type Lift = Row['lift'];
const rows: Row[] = [];
const ok = (mask: number, size: number): boolean => ((mask >> size) & 1) === 1;

// ---- IR fast paths for element-wise three-same ops ---------------------------------------------

type HalfOp = (H: Halves, a: Temp, b: Temp, esize: number) => Temp;
const cmp64 = (op: 'lt_s' | 'lt_u' | 'le_s' | 'le_u', swap: boolean): HalfOp => (H, a, b, es) => {
  if (es !== 64) throw new Error('64-bit lanes only');
  const c = swap ? H.L.b.bin(op, b, a) : H.L.b.bin(op, a, b);
  return H.L.b.select(c, H.k(-1), H.k(0));
};
const IR_SAME: Record<string, { op: HalfOp; sizes: number }> = {
  add: { op: (H, a, b, es) => H.addLanes(a, b, es, false), sizes: 15 },
  sub: { op: (H, a, b, es) => H.addLanes(a, b, es, true), sizes: 15 },
  cmeq: { op: (H, a, b, es) => H.zeroMask(H.bin('xor', a, b), es), sizes: 15 },
  cmtst: { op: (H, a, b, es) => H.not(H.zeroMask(H.bin('and', a, b), es)), sizes: 15 },
  cmgt: { op: cmp64('lt_s', true), sizes: 8 },
  cmhi: { op: cmp64('lt_u', true), sizes: 8 },
  cmge: { op: cmp64('le_s', true), sizes: 8 },
  cmhs: { op: cmp64('le_u', true), sizes: 8 },
};
function liftHalves(L: A64Lifter, d: number, n: number, m: number, q: number, op: (H: Halves, a: Temp, b: Temp) => Temp): void {
  const H = new Halves(L);
  const lo = op(H, L.vlo(n), L.vlo(m));
  if (q) L.setV(d, lo, op(H, L.vhi(n), L.vhi(m)));
  else L.setV64(d, lo);
}

// ---- three same ---------------------------------------------------------------------------------

// name, U, opcode, vector sizes, scalar sizes (bit masks of the size field)
const SAME3: [string, number, string, number, number][] = [
  ['shadd', 0, '00000', 7, 0], ['uhadd', 1, '00000', 7, 0], ['sqadd', 0, '00001', 15, 15], ['uqadd', 1, '00001', 15, 15],
  ['srhadd', 0, '00010', 7, 0], ['urhadd', 1, '00010', 7, 0], ['shsub', 0, '00100', 7, 0], ['uhsub', 1, '00100', 7, 0],
  ['sqsub', 0, '00101', 15, 15], ['uqsub', 1, '00101', 15, 15], ['cmgt', 0, '00110', 15, 8], ['cmhi', 1, '00110', 15, 8],
  ['cmge', 0, '00111', 15, 8], ['cmhs', 1, '00111', 15, 8], ['sshl', 0, '01000', 15, 8], ['ushl', 1, '01000', 15, 8],
  ['sqshl', 0, '01001', 15, 15], ['uqshl', 1, '01001', 15, 15], ['srshl', 0, '01010', 15, 8], ['urshl', 1, '01010', 15, 8],
  ['sqrshl', 0, '01011', 15, 15], ['uqrshl', 1, '01011', 15, 15], ['smax', 0, '01100', 7, 0], ['umax', 1, '01100', 7, 0],
  ['smin', 0, '01101', 7, 0], ['umin', 1, '01101', 7, 0], ['sabd', 0, '01110', 7, 0], ['uabd', 1, '01110', 7, 0],
  ['saba', 0, '01111', 7, 0], ['uaba', 1, '01111', 7, 0], ['add', 0, '10000', 15, 8], ['sub', 1, '10000', 15, 8],
  ['cmtst', 0, '10001', 15, 8], ['cmeq', 1, '10001', 15, 8], ['mla', 0, '10010', 7, 0], ['mls', 1, '10010', 7, 0],
  ['mul', 0, '10011', 7, 0], ['pmul', 1, '10011', 1, 0], ['smaxp', 0, '10100', 7, 0], ['umaxp', 1, '10100', 7, 0],
  ['sminp', 0, '10101', 7, 0], ['uminp', 1, '10101', 7, 0], ['sqdmulh', 0, '10110', 6, 6], ['sqrdmulh', 1, '10110', 6, 6],
  ['addp', 0, '10111', 15, 0],
];
const ACCUMULATES = new Set(['saba', 'uaba', 'mla', 'mls', 'ssra', 'usra', 'srsra', 'ursra', 'sri', 'sli', 'suqadd', 'usqadd']);

/**
 * MUL/MLA/MLS on 32-bit lanes by IR: two i32 multiplies per half (vectorised integer loops). The
 * multiplier is Vm's lanes, or (by element) one i32 for every lane.
 */
function mul32Lanes(L: A64Lifter, name: string, d: number, n: number, m: number, q: number, elem?: Temp): void {
  const b = L.b;
  const half = (a: Temp, c: Temp | undefined, acc: Temp | undefined): Temp => {
    const lane = (word: 'lo64' | 'hi64') => {
      const p = b.bin('mul', b.un(word, a), elem ?? b.un(word, c!));
      if (!acc) return p;
      return b.bin(name === 'mla' ? 'add' : 'sub', b.un(word, acc), p);
    };
    return b.bin('pair', lane('lo64'), lane('hi64'));
  };
  const accumulate = name !== 'mul';
  const lo = half(L.vlo(n), elem === undefined ? L.vlo(m) : undefined, accumulate ? L.vlo(d) : undefined);
  if (q) L.setV(d, lo, half(L.vhi(n), elem === undefined ? L.vhi(m) : undefined, accumulate ? L.vhi(d) : undefined));
  else L.setV64(d, lo);
}

for (const [name, u, opc, vsizes, ssizes] of SAME3) {
  const ir = IR_SAME[name];
  const acc = ACCUMULATES.has(name);
  rows.push(row(name, `0q${u}01110zz1mmmmm${opc}1nnnnnddddd`, (L, f) => {
    if (ir && ok(ir.sizes, f.z)) return liftHalves(L, f.d, f.n, f.m, f.q, (H, a, b) => ir.op(H, a, b, 8 << f.z));
    if ((name === 'mul' || name === 'mla' || name === 'mls') && f.z === 2) return mul32Lanes(L, name, f.d, f.n, f.m, f.q);
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, f.q), f.n, f.m, acc ? f.d : undefined), f.q);
  }, (f) => `${name}\t${vr(f.d, f.z, f.q)}, ${vr(f.n, f.z, f.q)}, ${vr(f.m, f.z, f.q)}`, (f) => ok(vsizes, f.z) && (f.z !== 3 || f.q === 1)));
  if (ssizes) rows.push(row(name, `01${u}11110zz1mmmmm${opc}1nnnnnddddd`, (L, f) => {
    if (ir && f.z === 3) return liftHalves(L, f.d, f.n, f.m, 0, (H, a, b) => ir.op(H, a, b, 64));
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, 0, { scalar: true }), f.n, f.m), 0);
  }, (f) => `${name}\t${sr(f.d, f.z)}, ${sr(f.n, f.z)}, ${sr(f.m, f.z)}`, (f) => ok(ssizes, f.z)));
}

// Bitwise (opcode 00011, the size field selects the operation).
const LOGIC: [string, number, number, (H: Halves, n: Temp, m: Temp, d: Temp) => Temp][] = [
  ['and', 0, 0, (H, n, m) => H.bin('and', n, m)],
  ['bic', 0, 1, (H, n, m) => H.bin('and', n, H.not(m))],
  ['orr', 0, 2, (H, n, m) => H.bin('or', n, m)],
  ['orn', 0, 3, (H, n, m) => H.bin('or', n, H.not(m))],
  ['eor', 1, 0, (H, n, m) => H.bin('xor', n, m)],
  ['bsl', 1, 1, (H, n, m, d) => H.bin('xor', m, H.bin('and', H.bin('xor', n, m), d))],
  ['bit', 1, 2, (H, n, m, d) => H.bin('xor', d, H.bin('and', H.bin('xor', d, n), m))],
  ['bif', 1, 3, (H, n, m, d) => H.bin('xor', d, H.bin('and', H.bin('xor', d, n), H.not(m)))],
];
for (const [name, u, size, op] of LOGIC) {
  const sz = size.toString(2).padStart(2, '0');
  rows.push(row(name, `0q${u}01110${sz}1mmmmm000111nnnnnddddd`, (L, f) => {
    const H = new Halves(L);
    const lo = op(H, L.vlo(f.n), L.vlo(f.m), L.vlo(f.d));
    if (f.q) L.setV(f.d, lo, op(H, L.vhi(f.n), L.vhi(f.m), L.vhi(f.d)));
    else L.setV64(f.d, lo);
  }, (f) => name === 'orr' && f.m === f.n
    ? `mov\t${vr(f.d, 0, f.q)}, ${vr(f.n, 0, f.q)}`
    : `${name}\t${vr(f.d, 0, f.q)}, ${vr(f.n, 0, f.q)}, ${vr(f.m, 0, f.q)}`));
}

// ---- three different ------------------------------------------------------------------------------

type DiffKind = 'long' | 'wide' | 'narrow';
// name, U, opcode, kind, sizes, scalar form
const DIFF3: [string, number, string, DiffKind, number, boolean][] = [
  ['saddl', 0, '0000', 'long', 7, false], ['uaddl', 1, '0000', 'long', 7, false],
  ['saddw', 0, '0001', 'wide', 7, false], ['uaddw', 1, '0001', 'wide', 7, false],
  ['ssubl', 0, '0010', 'long', 7, false], ['usubl', 1, '0010', 'long', 7, false],
  ['ssubw', 0, '0011', 'wide', 7, false], ['usubw', 1, '0011', 'wide', 7, false],
  ['addhn', 0, '0100', 'narrow', 7, false], ['raddhn', 1, '0100', 'narrow', 7, false],
  ['sabal', 0, '0101', 'long', 7, false], ['uabal', 1, '0101', 'long', 7, false],
  ['subhn', 0, '0110', 'narrow', 7, false], ['rsubhn', 1, '0110', 'narrow', 7, false],
  ['sabdl', 0, '0111', 'long', 7, false], ['uabdl', 1, '0111', 'long', 7, false],
  ['smlal', 0, '1000', 'long', 7, false], ['umlal', 1, '1000', 'long', 7, false],
  ['sqdmlal', 0, '1001', 'long', 6, true],
  ['smlsl', 0, '1010', 'long', 7, false], ['umlsl', 1, '1010', 'long', 7, false],
  ['sqdmlsl', 0, '1011', 'long', 6, true],
  ['smull', 0, '1100', 'long', 7, false], ['umull', 1, '1100', 'long', 7, false],
  ['sqdmull', 0, '1101', 'long', 6, true],
  ['pmull', 0, '1110', 'long', 9, false],
];
const LONG_ACC = new Set(['sabal', 'uabal', 'smlal', 'umlal', 'smlsl', 'umlsl', 'sqdmlal', 'sqdmlsl']);
const wideArr = (size: number): string => (size === 3 ? '1q' : arr(size + 1, 1));

for (const [name, u, opc, kind, sizes, scalar] of DIFF3) {
  const acc = LONG_ACC.has(name);
  rows.push(row(name, `0q${u}01110zz1mmmmm${opc}00nnnnnddddd`, (L, f) => {
    if (name === 'pmull' && f.z === 3) return writeV(L, f.d, laneCall(L, 'sv_pmull64', shape(3, f.q), f.n, f.m), 1);
    const r = laneCall(L, `sv_${name}`, shape(f.z, f.q), f.n, f.m, acc || (kind === 'narrow' && f.q) ? f.d : undefined);
    writeV(L, f.d, r, kind === 'narrow' ? f.q : 1);
  }, (f) => {
    const n2 = `${name}${f.q ? '2' : ''}`;
    if (kind === 'long') return `${n2}\tv${f.d}.${wideArr(f.z)}, ${vr(f.n, f.z, f.q)}, ${vr(f.m, f.z, f.q)}`;
    if (kind === 'wide') return `${n2}\tv${f.d}.${wideArr(f.z)}, v${f.n}.${wideArr(f.z)}, ${vr(f.m, f.z, f.q)}`;
    return `${n2}\t${vr(f.d, f.z, f.q)}, v${f.n}.${wideArr(f.z)}, v${f.m}.${wideArr(f.z)}`;
  }, (f) => ok(sizes, f.z)));
  if (scalar) rows.push(row(name, `01${u}11110zz1mmmmm${opc}00nnnnnddddd`, (L, f) => {
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, 0, { scalar: true }), f.n, f.m, acc ? f.d : undefined), 0);
  }, (f) => `${name}\t${sr(f.d, f.z + 1)}, ${sr(f.n, f.z)}, ${sr(f.m, f.z)}`, (f) => ok(sizes, f.z)));
}

// ---- two-register misc ----------------------------------------------------------------------------

type MiscKind = 'same' | 'rev' | 'pairlong' | 'narrow' | 'shll' | 'zero';
// name, U, opcode, kind, vector sizes, scalar sizes, text name
const MISC: [string, number, string, MiscKind, number, number][] = [
  ['rev64', 0, '00000', 'rev', 7, 0], ['rev32', 1, '00000', 'rev', 3, 0], ['rev16', 0, '00001', 'rev', 1, 0],
  ['saddlp', 0, '00010', 'pairlong', 7, 0], ['uaddlp', 1, '00010', 'pairlong', 7, 0],
  ['suqadd', 0, '00011', 'same', 15, 15], ['usqadd', 1, '00011', 'same', 15, 15],
  ['cls', 0, '00100', 'same', 7, 0], ['clz', 1, '00100', 'same', 7, 0],
  ['cnt', 0, '00101', 'same', 1, 0],
  ['sadalp', 0, '00110', 'pairlong', 7, 0], ['uadalp', 1, '00110', 'pairlong', 7, 0],
  ['sqabs', 0, '00111', 'same', 15, 15], ['sqneg', 1, '00111', 'same', 15, 15],
  ['cmgt0', 0, '01000', 'zero', 15, 8], ['cmge0', 1, '01000', 'zero', 15, 8],
  ['cmeq0', 0, '01001', 'zero', 15, 8], ['cmle0', 1, '01001', 'zero', 15, 8],
  ['cmlt0', 0, '01010', 'zero', 15, 8],
  ['abs', 0, '01011', 'same', 15, 8], ['neg', 1, '01011', 'same', 15, 8],
  ['xtn', 0, '10010', 'narrow', 7, 0], ['sqxtun', 1, '10010', 'narrow', 7, 7],
  ['shll', 1, '10011', 'shll', 7, 0],
  ['sqxtn', 0, '10100', 'narrow', 7, 7], ['uqxtn', 1, '10100', 'narrow', 7, 7],
];
const REV_CONTAINER: Record<string, number> = { rev64: 8, rev32: 4, rev16: 2 };

for (const [name, u, opc, kind, vsizes, ssizes] of MISC) {
  const text = kind === 'zero' ? name.slice(0, -1) : name;
  const acc = ACCUMULATES.has(name) || name === 'sadalp' || name === 'uadalp';
  rows.push(row(text, `0q${u}01110zz10000${opc}10nnnnnddddd`, (L, f) => {
    const sz = f.z, q = f.q;
    if (name === 'cmeq0') return liftHalves(L, f.d, f.n, f.n, q, (H, a) => H.zeroMask(a, 8 << sz));
    if (kind === 'rev') return writeV(L, f.d, laneCall(L, 'sv_rev', shape(sz, q, { imm: REV_CONTAINER[name] }), f.n), q);
    if (kind === 'narrow') return writeV(L, f.d, laneCall(L, `sv_${name}`, shape(sz, q), f.n, undefined, q ? f.d : undefined), q);
    if (kind === 'shll') {
      // Zero-extending and shifting by the element size puts each element in its lane's top half.
      const H = new Halves(L), src = q ? L.vhi(f.n) : L.vlo(f.n);
      return L.setV(f.d, widenHalf(H, false, src, 8 << sz, 8 << sz), widenHalf(H, false, H.sh('shr_u', src, 32), 8 << sz, 8 << sz));
    }
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(sz, q), f.n, undefined, acc ? f.d : undefined), q);
  }, (f) => {
    const sz = f.z, q = f.q;
    if (kind === 'pairlong') return `${name}\t${vr(f.d, sz + 1, q)}, ${vr(f.n, sz, q)}`;
    if (kind === 'narrow') return `${name}${q ? '2' : ''}\t${vr(f.d, sz, q)}, ${vr(f.n, sz + 1, 1)}`;
    if (kind === 'shll') return `shll${q ? '2' : ''}\t${vr(f.d, sz + 1, 1)}, ${vr(f.n, sz, q)}, #${8 << sz}`;
    return `${text}\t${vr(f.d, sz, q)}, ${vr(f.n, sz, q)}${kind === 'zero' ? ', #0' : ''}`;
  }, (f) => ok(vsizes, f.z) && (f.z !== 3 || f.q === 1) && !(kind === 'pairlong' && f.z === 3)));
  if (ssizes) rows.push(row(text, `01${u}11110zz10000${opc}10nnnnnddddd`, (L, f) => {
    if (name === 'cmeq0') return liftHalves(L, f.d, f.n, f.n, 0, (H, a) => H.zeroMask(a, 64));
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, 0, { scalar: true }), f.n, undefined, acc ? f.d : undefined), 0);
  }, (f) => kind === 'narrow'
    ? `${name}\t${sr(f.d, f.z)}, ${sr(f.n, f.z + 1)}`
    : `${text}\t${sr(f.d, f.z)}, ${sr(f.n, f.z)}${kind === 'zero' ? ', #0' : ''}`, (f) => ok(ssizes, f.z)));
}
// NOT (printed as MVN) and RBIT: bytes only, the size field selects the operation.
rows.push(row('mvn', '0q101110001000000101 10nnnnnddddd', (L, f) => {
  const H = new Halves(L);
  const lo = H.not(L.vlo(f.n));
  if (f.q) L.setV(f.d, lo, H.not(L.vhi(f.n)));
  else L.setV64(f.d, lo);
}, (f) => `mvn\t${vr(f.d, 0, f.q)}, ${vr(f.n, 0, f.q)}`));
rows.push(row('rbit', '0q101110011000000101 10nnnnnddddd', (L, f) => {
  writeV(L, f.d, laneCall(L, 'sv_rbit', shape(0, f.q), f.n), f.q);
}, (f) => `rbit\t${vr(f.d, 0, f.q)}, ${vr(f.n, 0, f.q)}`));

// ---- across lanes -------------------------------------------------------------------------------

const ACROSS: [string, number, string, boolean][] = [
  ['saddlv', 0, '00011', true], ['uaddlv', 1, '00011', true], ['smaxv', 0, '01010', false], ['umaxv', 1, '01010', false],
  ['sminv', 0, '11010', false], ['uminv', 1, '11010', false], ['addv', 0, '11011', false],
];
for (const [name, u, opc, long] of ACROSS) {
  rows.push(row(name, `0q${u}01110zz11000${opc}10nnnnnddddd`, (L, f) => {
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, f.q), f.n), 0);
  }, (f) => `${name}\t${sr(f.d, long ? f.z + 1 : f.z)}, ${vr(f.n, f.z, f.q)}`, (f) => f.z < 2 || (f.z === 2 && f.q === 1)));
}

// ---- scalar pairwise: ADDP Dd, Vn.2D ------------------------------------------------------------

rows.push(row('addp', '01011110111100011011 10nnnnnddddd', (L, f) => {
  L.setV64(f.d, L.b.bin('add', L.vlo(f.n), L.vhi(f.n)));
}, (f) => `addp\td${f.d}, v${f.n}.2d`));

// ---- copy: DUP, INS, UMOV, SMOV ------------------------------------------------------------------

/** imm5 -> element size (0..3) and index; undefined when reserved. */
function imm5(i5: number): { size: number; index: number } | undefined {
  for (let s = 0; s < 4; s++) if (i5 & (1 << s)) return { size: s, index: i5 >> (s + 1) };
  return undefined;
}
const elemText = (n: number, size: number, index: number): string => `v${n}.${ELEM[size]}[${index}]`;

rows.push(row('dup', '0q001110000iiiii000001nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  const H = new Halves(L);
  const v = H.replicate(H.extract(L.vlo(f.n), L.vhi(f.n), size, index), size);
  if (f.q) L.setV(f.d, v, v);
  else L.setV64(f.d, v);
}, (f) => { const e = imm5(f.i)!; return `dup\t${vr(f.d, e.size, f.q)}, ${elemText(f.n, e.size, e.index)}`; },
(f) => { const e = imm5(f.i); return !!e && (e.size < 3 || f.q === 1); }));

rows.push(row('dup', '0q001110000iiiii000011nnnnnddddd', (L, f) => {
  const { size } = imm5(f.i)!;
  const H = new Halves(L);
  const x = L.x(f.n);
  const v = size === 3 ? x : H.replicate(H.bin('and', x, H.k((1n << BigInt(8 << size)) - 1n)), size);
  if (f.q) L.setV(f.d, v, v);
  else L.setV64(f.d, v);
}, (f) => { const e = imm5(f.i)!; return `dup\t${vr(f.d, e.size, f.q)}, ${xr(f.n, e.size === 3 ? 1 : 0)}`; },
(f) => { const e = imm5(f.i); return !!e && (e.size < 3 || f.q === 1); }));

rows.push(row('ins', '01001110000iiiii000111nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  const r = new Halves(L).insert(L.vlo(f.d), L.vhi(f.d), size, index, L.x(f.n));
  L.setV(f.d, r.lo, r.hi);
}, (f) => { const e = imm5(f.i)!; return `mov\t${elemText(f.d, e.size, e.index)}, ${xr(f.n, e.size === 3 ? 1 : 0)}`; },
(f) => !!imm5(f.i)));

rows.push(row('ins', '01101110000iiiii0jjjj1nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  const H = new Halves(L);
  const v = H.extract(L.vlo(f.n), L.vhi(f.n), size, f.j >> size);
  const r = H.insert(L.vlo(f.d), L.vhi(f.d), size, index, v);
  L.setV(f.d, r.lo, r.hi);
}, (f) => { const e = imm5(f.i)!; return `mov\t${elemText(f.d, e.size, e.index)}, ${elemText(f.n, e.size, f.j >> e.size)}`; },
(f) => !!imm5(f.i)));

rows.push(row('umov', '0q001110000iiiii001111nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  const v = new Halves(L).extract(L.vlo(f.n), L.vhi(f.n), size, index);
  L.setReg(f.d, f.q ? v : L.to32(v));
}, (f) => {
  const e = imm5(f.i)!;
  return `${e.size >= 2 ? 'mov' : 'umov'}\t${xr(f.d, f.q)}, ${elemText(f.n, e.size, e.index)}`;
}, (f) => { const e = imm5(f.i); return !!e && (f.q ? e.size === 3 : e.size < 3); }));

rows.push(row('smov', '0q001110000iiiii001011nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  const b = L.b;
  const v = b.un('lo64', new Halves(L).extract(L.vlo(f.n), L.vhi(f.n), size, index));
  const s = size === 0 ? b.un('sext8', v) : size === 1 ? b.un('sext16', v) : v;
  L.setReg(f.d, f.q ? b.un('sext32to64', s) : s);
}, (f) => { const e = imm5(f.i)!; return `smov\t${xr(f.d, f.q)}, ${elemText(f.n, e.size, e.index)}`; },
(f) => { const e = imm5(f.i); return !!e && (f.q ? e.size < 3 : e.size < 2); }));

// Scalar DUP (element): printed as MOV.
rows.push(row('dup', '01011110000iiiii000001nnnnnddddd', (L, f) => {
  const { size, index } = imm5(f.i)!;
  L.setV64(f.d, new Halves(L).extract(L.vlo(f.n), L.vhi(f.n), size, index));
}, (f) => { const e = imm5(f.i)!; return `mov\t${sr(f.d, e.size)}, ${elemText(f.n, e.size, e.index)}`; },
(f) => { const e = imm5(f.i); return !!e; }));

// ---- modified immediate ---------------------------------------------------------------------------

/** AdvSIMDExpandImm: the 64-bit pattern (both halves get it). */
function expandImm(op: number, cmode: number, imm8: number): bigint {
  const i8 = BigInt(imm8);
  switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: return replicate(i8 << BigInt(8 * (cmode >> 1)), 32);
    case 4: case 5: return replicate(i8 << BigInt(8 * ((cmode >> 1) & 1)), 16);
    case 6: return replicate(cmode & 1 ? (i8 << 16n) | 0xffffn : (i8 << 8n) | 0xffn, 32);
  }
  if (cmode === 14 && op === 0) return replicate(i8, 8);
  if (cmode === 14) {
    let r = 0n;
    for (let k = 0; k < 8; k++) if ((imm8 >> k) & 1) r |= 0xffn << BigInt(8 * k);
    return r;
  }
  const a = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1, cdefgh = BigInt(imm8 & 0x3f);
  if (op === 0) {
    const v = (BigInt(a) << 31n) | (BigInt(b ^ 1) << 30n) | (b ? 0x1fn << 25n : 0n) | (cdefgh << 19n);
    return replicate(v, 32);
  }
  return (BigInt(a) << 63n) | (BigInt(b ^ 1) << 62n) | (b ? 0xffn << 54n : 0n) | (cdefgh << 48n);
}
/** FMOV's immediate as objdump prints it. */
function fpImmText(imm8: number): string {
  const sign = imm8 & 0x80 ? -1 : 1;
  const b = (imm8 >> 6) & 1, cd = (imm8 >> 4) & 3;
  const e = b ? cd - 3 : cd + 1; // exponent NOT(b):b...b:c:d
  const v = sign * (1 + (imm8 & 15) / 16) * 2 ** e;
  const [mant, ex] = v.toExponential(18).split('e');
  const n = Number(ex);
  return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}
function modImmKind(op: number, cmode: number, q: number): 'movi' | 'mvni' | 'orr' | 'bic' | 'fmov' | undefined {
  if (cmode === 15) return op === 0 || q === 1 ? 'fmov' : undefined;
  if ((cmode & 1) === 1 && cmode < 12) return op ? 'bic' : 'orr';
  if (op === 1 && cmode < 14) return 'mvni';
  return 'movi';
}
rows.push(row('movi', '0qo0111100000kkkcccc01kkkkkddddd', (L, f) => {
  const kind = modImmKind(f.o, f.c, f.q)!;
  let v = expandImm(f.o, f.c, f.k);
  if (kind === 'mvni') v = BigInt.asUintN(64, ~v);
  const c = L.i64(v);
  const H = new Halves(L);
  const apply = (old: () => Temp): Temp => (kind === 'orr' ? H.bin('or', old(), c) : kind === 'bic' ? H.bin('and', old(), H.k(~v)) : c);
  const lo = apply(() => L.vlo(f.d));
  if (f.q) L.setV(f.d, lo, apply(() => L.vhi(f.d)));
  else L.setV64(f.d, lo);
}, (f) => {
  const kind = modImmKind(f.o, f.c, f.q)!;
  const c = f.c, k = f.k;
  if (kind === 'fmov') return `fmov\t${vr(f.d, f.o ? 3 : 2, f.q)}, #${fpImmText(k)}`;
  if (c === 14 && f.o === 1) return f.q ? `movi\tv${f.d}.2d, #0x${hex(expandImm(1, 14, k))}` : `movi\td${f.d}, #0x${hex(expandImm(1, 14, k))}`;
  if (c === 14) return `movi\t${vr(f.d, 0, f.q)}, #0x${hex(k)}`;
  if (c >= 12) return `${kind}\t${vr(f.d, 2, f.q)}, #0x${hex(k)}, msl #${c & 1 ? 16 : 8}`;
  const size = c < 8 ? 2 : 1;
  const shift = 8 * ((c >> 1) & (size === 2 ? 3 : 1));
  return `${kind}\t${vr(f.d, size, f.q)}, #0x${hex(k)}${shift ? `, lsl #${shift}` : ''}`;
}, (f) => !!modImmKind(f.o, f.c, f.q)));

// ---- shift by immediate ---------------------------------------------------------------------------

type ShiftKind = 'right' | 'left' | 'narrow' | 'long';
// name, U, opcode, kind, scalar: 'd' (64-bit only), 'all', or none; helper name when it differs
const SHIFT: [string, number, string, ShiftKind, '' | 'd' | 'all', string?][] = [
  ['sshr', 0, '00000', 'right', 'd'], ['ushr', 1, '00000', 'right', 'd'],
  ['ssra', 0, '00010', 'right', 'd'], ['usra', 1, '00010', 'right', 'd'],
  ['srshr', 0, '00100', 'right', 'd'], ['urshr', 1, '00100', 'right', 'd'],
  ['srsra', 0, '00110', 'right', 'd'], ['ursra', 1, '00110', 'right', 'd'],
  ['sri', 1, '01000', 'right', 'd'],
  ['shl', 0, '01010', 'left', 'd'], ['sli', 1, '01010', 'left', 'd'],
  ['sqshlu', 1, '01100', 'left', 'all'],
  ['sqshl', 0, '01110', 'left', 'all', 'sqshli'], ['uqshl', 1, '01110', 'left', 'all', 'uqshli'],
  ['shrn', 0, '10000', 'narrow', ''], ['sqshrun', 1, '10000', 'narrow', 'all'],
  ['rshrn', 0, '10001', 'narrow', ''], ['sqrshrun', 1, '10001', 'narrow', 'all'],
  ['sqshrn', 0, '10010', 'narrow', 'all'], ['uqshrn', 1, '10010', 'narrow', 'all'],
  ['sqrshrn', 0, '10011', 'narrow', 'all'], ['uqrshrn', 1, '10011', 'narrow', 'all'],
  ['sshll', 0, '10100', 'long', ''], ['ushll', 1, '10100', 'long', ''],
];
/** immh -> element size (0..3): its highest set bit. */
const immhSize = (immh: number): number => 31 - Math.clz32(immh);
function shiftAmount(kind: ShiftKind, f: Fields): number {
  const size = immhSize(f.h), imm7 = (f.h << 3) | f.b;
  return kind === 'right' || kind === 'narrow' ? (16 << size) - imm7 : imm7 - (8 << size);
}

/** SHL / USHR / SSHR on one half by IR (SWAR for narrow elements; SSHR only on 64-bit lanes). */
function shiftHalf(H: Halves, name: string, v: Temp, es: number, k: number): Temp | undefined {
  if (name === 'shl') return es === 64 ? H.sh('shl', v, k) : H.bin('and', H.sh('shl', v, k), H.k(replicate(BigInt.asUintN(es, -1n << BigInt(k)), es)));
  if (name === 'ushr') {
    if (k === es) return H.k(0);
    return es === 64 ? H.sh('shr_u', v, k) : H.bin('and', H.sh('shr_u', v, k), H.k(replicate(((1n << BigInt(es)) - 1n) >> BigInt(k), es)));
  }
  if (name === 'sshr' && es === 64) return H.sh('shr_s', v, Math.min(k, 63));
  return undefined;
}

/**
 * SSHLL/USHLL (SXTL/UXTL) on the 32 source bits in the low word of x: each e-bit element spread to a
 * 2e-bit lane, sign-extended by a lane-wise subtract, shifted left by k (IR: hot in vectorised
 * loops that widen bytes or halves).
 */
function widenHalf(H: Halves, signed: boolean, x: Temp, e: number, k: number): Temp {
  x = H.bin('and', x, H.k(0xffffffffn));
  for (let w = 32; w > e; w /= 2) x = H.bin('and', H.bin('or', x, H.sh('shl', x, w / 2)), H.k(replicate((1n << BigInt(w / 2)) - 1n, w)));
  if (signed) {
    const m = H.k(replicate(1n << BigInt(e - 1), 2 * e));
    x = H.addLanes(H.bin('xor', x, m), m, 2 * e, true);
  }
  if (k === 0) return x;
  x = H.sh('shl', x, k);
  // A sign-extended lane shifted left pushes its top bits into the next lane's low k bits.
  return signed ? H.bin('and', x, H.k(replicate(((1n << BigInt(2 * e)) - 1n) ^ ((1n << BigInt(k)) - 1n), 2 * e))) : x;
}

for (const [name, u, opc, kind, scalar, helperName] of SHIFT) {
  const helper = `sv_${helperName ?? name}`;
  const acc = ACCUMULATES.has(name);
  rows.push(row(name, `0q${u}011110hhhhbbb${opc}1nnnnnddddd`, (L, f) => {
    const size = immhSize(f.h), k = shiftAmount(kind, f), q = f.q;
    if (kind === 'right' || kind === 'left') {
      const H = new Halves(L);
      const lo = shiftHalf(H, name, L.vlo(f.n), 8 << size, k);
      if (lo !== undefined) {
        if (q) L.setV(f.d, lo, shiftHalf(H, name, L.vhi(f.n), 8 << size, k)!);
        else L.setV64(f.d, lo);
        return;
      }
      return writeV(L, f.d, laneCall(L, helper, shape(size, q, { imm: k }), f.n, undefined, acc ? f.d : undefined), q);
    }
    if (kind === 'narrow') return writeV(L, f.d, laneCall(L, helper, shape(size, q, { imm: k }), f.n, undefined, q ? f.d : undefined), q);
    // 'long' (SSHLL/USHLL): immh < 8, so 8-, 16- or 32-bit source elements.
    const H = new Halves(L), src = q ? L.vhi(f.n) : L.vlo(f.n), signed = name === 'sshll';
    L.setV(f.d, widenHalf(H, signed, src, 8 << size, k), widenHalf(H, signed, H.sh('shr_u', src, 32), 8 << size, k));
  }, (f) => {
    const size = immhSize(f.h), k = shiftAmount(kind, f), q = f.q;
    if (kind === 'narrow') return `${name}${q ? '2' : ''}\t${vr(f.d, size, q)}, ${vr(f.n, size + 1, 1)}, #${k}`;
    if (kind === 'long') {
      if (k === 0) return `${name === 'sshll' ? 'sxtl' : 'uxtl'}${q ? '2' : ''}\t${vr(f.d, size + 1, 1)}, ${vr(f.n, size, q)}`;
      return `${name}${q ? '2' : ''}\t${vr(f.d, size + 1, 1)}, ${vr(f.n, size, q)}, #${k}`;
    }
    return `${name}\t${vr(f.d, size, q)}, ${vr(f.n, size, q)}, #${k}`;
  }, (f) => f.h !== 0 && (kind === 'narrow' || kind === 'long' ? f.h < 8 : f.h < 8 || f.q === 1)));
  if (scalar) rows.push(row(name, `01${u}111110hhhhbbb${opc}1nnnnnddddd`, (L, f) => {
    const size = immhSize(f.h), k = shiftAmount(kind, f);
    if (kind === 'right' || kind === 'left') {
      const lo = size === 3 ? shiftHalf(new Halves(L), name, L.vlo(f.n), 64, k) : undefined;
      if (lo !== undefined) return L.setV64(f.d, lo);
    }
    writeV(L, f.d, laneCall(L, helper, shape(size, 0, { scalar: true, imm: k }), f.n, undefined, acc ? f.d : undefined), 0);
  }, (f) => {
    const size = immhSize(f.h), k = shiftAmount(kind, f);
    if (kind === 'narrow') return `${name}\t${sr(f.d, size)}, ${sr(f.n, size + 1)}, #${k}`;
    return `${name}\t${sr(f.d, size)}, ${sr(f.n, size)}, #${k}`;
  }, (f) => f.h !== 0 && (scalar === 'd' ? f.h >= 8 : kind === 'narrow' ? f.h < 8 : true)));
}

// ---- vector x indexed element ---------------------------------------------------------------------

type ElemKind = 'same' | 'long';
const BYELEM: [string, number, string, ElemKind, boolean][] = [
  ['mla', 1, '0000', 'same', false], ['mls', 1, '0100', 'same', false], ['mul', 0, '1000', 'same', false],
  ['smlal', 0, '0010', 'long', false], ['umlal', 1, '0010', 'long', false], ['smlsl', 0, '0110', 'long', false], ['umlsl', 1, '0110', 'long', false],
  ['smull', 0, '1010', 'long', false], ['umull', 1, '1010', 'long', false],
  ['sqdmlal', 0, '0011', 'long', true], ['sqdmlsl', 0, '0111', 'long', true], ['sqdmull', 0, '1011', 'long', true],
  ['sqdmulh', 0, '1100', 'same', true], ['sqrdmulh', 0, '1101', 'same', true],
];
/** Index and Vm of a by-element operand: H:L:M with v0-v15 for halfwords, H:L with M:Rm for words. */
function elemOperand(f: Fields): { index: number; m: number } {
  return f.z === 1 ? { index: (f.h << 2) | (f.l << 1) | f.x, m: f.m } : { index: (f.h << 1) | f.l, m: (f.x << 4) | f.m };
}
for (const [name, u, opc, kind, scalar] of BYELEM) {
  const acc = ACCUMULATES.has(name) || LONG_ACC.has(name);
  rows.push(row(name, `0q${u}01111zzlxmmmm${opc}h0nnnnnddddd`, (L, f) => {
    const { index, m } = elemOperand(f);
    if (kind === 'same' && f.z === 2 && (name === 'mul' || name === 'mla' || name === 'mls')) {
      const elem = L.b.un(index & 1 ? 'hi64' : 'lo64', index & 2 ? L.vhi(m) : L.vlo(m));
      return mul32Lanes(L, name, f.d, f.n, m, f.q, elem);
    }
    const r = laneCall(L, `sv_${name}`, shape(f.z, f.q, { index }), f.n, m, acc ? f.d : undefined);
    writeV(L, f.d, r, kind === 'long' ? 1 : f.q);
  }, (f) => {
    const { index, m } = elemOperand(f);
    const e = elemText(m, f.z, index);
    if (kind === 'long') return `${name}${f.q ? '2' : ''}\t${vr(f.d, f.z + 1, 1)}, ${vr(f.n, f.z, f.q)}, ${e}`;
    return `${name}\t${vr(f.d, f.z, f.q)}, ${vr(f.n, f.z, f.q)}, ${e}`;
  }, (f) => f.z === 1 || f.z === 2));
  if (scalar) rows.push(row(name, `01${u}11111zzlxmmmm${opc}h0nnnnnddddd`, (L, f) => {
    const { index, m } = elemOperand(f);
    writeV(L, f.d, laneCall(L, `sv_${name}`, shape(f.z, 0, { scalar: true, index }), f.n, m, acc ? f.d : undefined), 0);
  }, (f) => {
    const { index, m } = elemOperand(f);
    return `${name}\t${sr(f.d, kind === 'long' ? f.z + 1 : f.z)}, ${sr(f.n, f.z)}, ${elemText(m, f.z, index)}`;
  }, (f) => f.z === 1 || f.z === 2));
}

// ---- permute, EXT, TBL/TBX ----------------------------------------------------------------------

/** The 64-bit mask of the even elements of size 8 << z. */
const evenMask = (z: number): bigint => replicate((1n << BigInt(8 << z)) - 1n, 16 << z);
/**
 * ZIP/UZP/TRN in IR on the 64-bit halves (they are hot in vectorised loops: narrowing chains).
 * UZP gathers every other element (shift-and-mask steps), ZIP spreads two halves' elements apart
 * and merges them, TRN masks and shifts once.
 */
function permute(L: A64Lifter, opc: number, z: number, q: number, n: number, m: number): { lo: Temp; hi: Temp } {
  const H = new Halves(L);
  const e = 8 << z, part = opc >> 2;
  const sh = (a: Temp, by: number, op: 'shl' | 'shr_u' = 'shr_u') => (by === 0 ? a : H.bin(op, a, L.i32(by)));
  const and = (a: Temp, k: bigint) => H.bin('and', a, H.k(k));
  const or = (a: Temp, b: Temp) => H.bin('or', a, b);
  const n0 = L.vlo(n), m0 = L.vlo(m);
  const n1 = q ? L.vhi(n) : undefined, m1 = q ? L.vhi(m) : undefined;
  /** The even (part 0) or odd elements of a 64-bit value, packed into its low 32 bits. */
  const compact = (x: Temp): Temp => {
    x = sh(x, e * part);
    if (e === 64) return x;
    for (let w = e; w < 64; w *= 2) x = and(w === e ? x : or(x, sh(x, w / 2)), w === e ? evenMask(z) : replicate((1n << BigInt(w)) - 1n, 2 * w));
    return x;
  };
  /** The low 32 bits of x with each element moved to twice its position (gaps of e bits). */
  const spread = (x: Temp): Temp => {
    x = and(x, 0xffffffffn);
    for (let w = 32; w > e; w /= 2) x = and(or(x, sh(x, w / 2, 'shl')), replicate((1n << BigInt(w / 2)) - 1n, w));
    return x;
  };
  switch (opc & 3) {
    case 1: { // UZP
      if (!q) return { lo: or(compact(n0), sh(compact(m0), 32, 'shl')), hi: H.k(0) };
      if (e === 64) return { lo: part ? n1! : n0, hi: part ? m1! : m0 };
      return { lo: or(compact(n0), sh(compact(n1!), 32, 'shl')), hi: or(compact(m0), sh(compact(m1!), 32, 'shl')) };
    }
    case 2: { // TRN
      const em = evenMask(z);
      const trn = (a: Temp, b: Temp) =>
        part ? or(and(sh(a, e), em), H.bin('and', b, H.k(~em & 0xffffffffffffffffn))) : or(and(a, em), sh(and(b, em), e, 'shl'));
      if (e === 64) return { lo: part ? n1! : n0, hi: part ? m1! : m0 };
      return { lo: trn(n0, m0), hi: q ? trn(n1!, m1!) : H.k(0) };
    }
    default: { // ZIP
      const zip = (a: Temp, b: Temp) => or(spread(a), sh(spread(b), e, 'shl'));
      if (e === 64) return part ? { lo: n1!, hi: m1! } : { lo: n0, hi: m0 };
      if (!q) return { lo: zip(sh(n0, 32 * part), sh(m0, 32 * part)), hi: H.k(0) };
      const a = part ? n1! : n0, b = part ? m1! : m0;
      return { lo: zip(a, b), hi: zip(sh(a, 32), sh(b, 32)) };
    }
  }
}

const PERM: [string, string][] = [['uzp1', '001'], ['trn1', '010'], ['zip1', '011'], ['uzp2', '101'], ['trn2', '110'], ['zip2', '111']];
for (const [name, opc] of PERM) {
  rows.push(row(name, `0q001110zz0mmmmm0${opc}10nnnnnddddd`, (L, f) => {
    writeV(L, f.d, permute(L, parseInt(opc, 2), f.z, f.q, f.n, f.m), f.q);
  }, (f) => `${name}\t${vr(f.d, f.z, f.q)}, ${vr(f.n, f.z, f.q)}, ${vr(f.m, f.z, f.q)}`, (f) => f.z !== 3 || f.q === 1));
}

rows.push(row('ext', '0q101110000mmmmm0iiii0nnnnnddddd', (L, f) => {
  const H = new Halves(L);
  const words = f.q ? [L.vlo(f.n), L.vhi(f.n), L.vlo(f.m), L.vhi(f.m)] : [L.vlo(f.n), L.vlo(f.m)];
  const half = (k: number): Temp => {
    const pos = f.i * 8 + k * 64, w = pos >> 6, r = pos & 63;
    if (r === 0) return words[w]!;
    return H.bin('or', H.sh('shr_u', words[w]!, r), H.sh('shl', words[w + 1]!, 64 - r));
  };
  if (f.q) L.setV(f.d, half(0), half(1));
  else L.setV64(f.d, half(0));
}, (f) => `ext\t${vr(f.d, 0, f.q)}, ${vr(f.n, 0, f.q)}, ${vr(f.m, 0, f.q)}, #${f.i}`, (f) => f.q === 1 || f.i < 8));

rows.push(row('tbl', '0q001110000mmmmm0llx00nnnnnddddd', (L, f) => {
  const args = [L.i32(shape(0, f.q, { imm: f.l | (f.x << 2) })), L.vlo(f.m), L.vhi(f.m), L.vlo(f.d), L.vhi(f.d)];
  for (let k = 0; k <= f.l; k++) args.push(L.vlo((f.n + k) % 32), L.vhi((f.n + k) % 32));
  writeV(L, f.d, L.vecCall(`sv_tbl${f.l + 1}`, args), f.q); // one name per arity: wasm imports have one signature
}, (f) => `${f.x ? 'tbx' : 'tbl'}\t${vr(f.d, 0, f.q)}, ${regList(f.n, f.l + 1, '.16b')}, ${vr(f.m, 0, f.q)}`));

export const simdDpRows: Row[] = rows;
