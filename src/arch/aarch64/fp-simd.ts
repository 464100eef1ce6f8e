// AdvSIMD floating point, vector and scalar forms: three-same, pairwise, two-register misc,
// across lanes, by element, and the fixed-point conversions of the shift-by-immediate group.
// Every lane is one call of the scalar helper (fp-helpers.ts), under FPCR as AArch64 defines it
// for AdvSIMD; double lanes of add/sub/mul/div/sqrt carry the host fast path. Sources are read
// before the destination is written (Vd may be Vn or Vm). Half-precision arithmetic (FP16, the
// size-00 forms) is ARMv8.2 and stays undefined; so are the 1D arrangements.
import type { Temp } from '../../ir/ir.ts';
import { RINT_A, RINT_I, RINT_X } from './fp-helpers.ts';
import { arrangement, fcall, type FastOp, fr, lane, lanes, negD, setLanes, vr } from './fp-common.ts';
import type { A64Lifter } from './lifter.ts';
import { vslot } from './state.ts';
import { type Fields, type Row, row } from './table.ts';

type Esize = 32 | 64;
const esizeOf = (z: number): Esize => (z ? 64 : 32);
const sfx = (es: Esize): 's' | 'd' => (es === 64 ? 'd' : 's');
const fty = (es: Esize) => (es === 64 ? 'f64' : 'i32') as 'f64' | 'i32';
/** Lanes of a vector op: 2S, 4S, 2D; 1D (z and not q) is reserved. */
const laneCount = (z: number, q: number): number | undefined => (z ? (q ? 2 : undefined) : q ? 4 : 2);

// ---- three same ------------------------------------------------------------------------------

type Op3 =
  | { k: 'bin'; name: string; h: string; fast?: FastOp }
  | { k: 'fma'; name: string; kind: number }
  | { k: 'cmp'; name: string; kind: number }
  | { k: 'pair'; name: string; h: string };

const bin = (name: string, h: string, fast?: FastOp): Op3 => ({ k: 'bin', name, h, fast });
const cmp = (name: string, kind: number): Op3 => ({ k: 'cmp', name, kind });
const pair = (name: string, h: string): Op3 => ({ k: 'pair', name, h });

/** Three-same FP ops by U:a (bit 29, bit 23) and the low three opcode bits (opcode is 11xxx). */
const THREE_SAME: (Op3 | undefined)[][] = [
  [bin('fmaxnm', 'maxnm'), { k: 'fma', name: 'fmla', kind: 0 }, bin('fadd', 'add', 'add'), bin('fmulx', 'mulx'), cmp('fcmeq', 0), undefined, bin('fmax', 'max'), bin('frecps', 'recps')],
  [bin('fminnm', 'minnm'), { k: 'fma', name: 'fmls', kind: 1 }, bin('fsub', 'sub', 'sub'), undefined, undefined, undefined, bin('fmin', 'min'), bin('frsqrts', 'rsqrts')],
  [pair('fmaxnmp', 'maxnm'), undefined, pair('faddp', 'add'), bin('fmul', 'mul', 'mul'), cmp('fcmge', 1), cmp('facge', 3), pair('fmaxp', 'max'), bin('fdiv', 'div', 'div')],
  [pair('fminnmp', 'minnm'), undefined, bin('fabd', 'abd'), undefined, cmp('fcmgt', 2), cmp('facgt', 4), pair('fminp', 'min'), undefined],
];
/** The scalar forms that exist (01U11110...). */
const SCALAR_THREE_SAME = new Set(['fmulx', 'fcmeq', 'frecps', 'frsqrts', 'fcmge', 'facge', 'fabd', 'fcmgt', 'facgt']);

const op3Of = (f: Fields): Op3 | undefined => THREE_SAME[(f.u << 1) | f.a]![f.o];

/** One lane of a three-same op (not pairwise): a op b, or the fused multiply-add into acc. */
function lane3(L: A64Lifter, op: Op3, es: Esize, a: Temp, b: Temp, acc?: Temp): Temp {
  const s = sfx(es);
  switch (op.k) {
    case 'bin':
    case 'pair':
      return fcall(L, `a64f_${op.h}_${s}`, [a, b], fty(es), es === 64 && op.k === 'bin' ? op.fast : undefined);
    case 'fma':
      return fcall(L, `a64f_fma_${s}`, [acc!, a, b, L.i32(op.kind)], fty(es));
    case 'cmp': {
      const r = fcall(L, `a64f_cm_${s}`, [a, b, L.i32(op.kind)], 'i32');
      return es === 64 ? L.b.un('sext32to64', r) : r;
    }
  }
}

function liftThreeSame(L: A64Lifter, f: Fields): boolean | void {
  const op = op3Of(f);
  const count = laneCount(f.z, f.q);
  if (!op || !count) return false;
  const es = esizeOf(f.z);
  const a = lanes(L, f.n, es, count), b = lanes(L, f.m, es, count);
  let r: Temp[];
  if (op.k === 'pair') {
    const all = [...a, ...b];
    r = Array.from({ length: count }, (_, k) => lane3(L, op, es, all[2 * k]!, all[2 * k + 1]!));
  } else {
    const acc = op.k === 'fma' ? lanes(L, f.d, es, count) : [];
    r = a.map((x, k) => lane3(L, op, es, x, b[k]!, acc[k]));
  }
  setLanes(L, f.d, es, r);
}
function disThreeSame(f: Fields): string {
  const arr = arrangement(esizeOf(f.z), f.q);
  return `${op3Of(f)?.name ?? '?'}\t${vr(f.d, arr)}, ${vr(f.n, arr)}, ${vr(f.m, arr)}`;
}

function liftScalarThreeSame(L: A64Lifter, f: Fields): boolean | void {
  const op = op3Of(f);
  if (!op || !SCALAR_THREE_SAME.has(op.name)) return false;
  const es = esizeOf(f.z);
  setLanes(L, f.d, es, [lane3(L, op, es, lane(L, f.n, es, 0), lane(L, f.m, es, 0))]);
}
function disScalarThreeSame(f: Fields): string {
  const size = esizeOf(f.z);
  return `${op3Of(f)?.name ?? '?'}\t${fr(f.d, size)}, ${fr(f.n, size)}, ${fr(f.m, size)}`;
}

// ---- two-register misc ---------------------------------------------------------------------

type Op2 =
  | { k: 'rint'; name: string; mode: number }
  | { k: 'toint'; name: string; mode: number; u: number }
  | { k: 'fromint'; name: string; u: number }
  | { k: 'cmp0'; name: string; kind: number; swap: boolean }
  | { k: 'un'; name: string; h: string; fast?: FastOp }
  | { k: 'absneg'; name: string; neg: boolean }
  | { k: 'uest'; name: string; h: string }
  | { k: 'narrow' | 'widen' | 'xn'; name: string };

const rint = (name: string, mode: number): Op2 => ({ k: 'rint', name, mode });
const toint = (name: string, mode: number, u: number): Op2 => ({ k: 'toint', name, mode, u });
const cmp0 = (name: string, kind: number, swap: boolean): Op2 => ({ k: 'cmp0', name, kind, swap });

/** Two-register misc FP ops, keyed by U:a:opcode (a = bit 23). */
function op2Of(u: number, a: number, o: number): Op2 | undefined {
  const key = `${u}${a}:${o.toString(2).padStart(5, '0')}`;
  return TWO_MISC[key];
}
const TWO_MISC: Record<string, Op2> = {
  '00:10110': { k: 'narrow', name: 'fcvtn' },
  '00:10111': { k: 'widen', name: 'fcvtl' },
  '00:11000': rint('frintn', 0),
  '00:11001': rint('frintm', 2),
  '00:11010': toint('fcvtns', 0, 0),
  '00:11011': toint('fcvtms', 2, 0),
  '00:11100': toint('fcvtas', RINT_A, 0),
  '00:11101': { k: 'fromint', name: 'scvtf', u: 0 },
  '01:01100': cmp0('fcmgt', 2, false),
  '01:01101': cmp0('fcmeq', 0, false),
  '01:01110': cmp0('fcmlt', 2, true),
  '01:01111': { k: 'absneg', name: 'fabs', neg: false },
  '01:11000': rint('frintp', 1),
  '01:11001': rint('frintz', 3),
  '01:11010': toint('fcvtps', 1, 0),
  '01:11011': toint('fcvtzs', 3, 0),
  '01:11100': { k: 'uest', name: 'urecpe', h: 'a64f_urecpe' },
  '01:11101': { k: 'un', name: 'frecpe', h: 'recpe' },
  '01:11111': { k: 'un', name: 'frecpx', h: 'recpx' }, // scalar only
  '10:10110': { k: 'xn', name: 'fcvtxn' },
  '10:11000': rint('frinta', RINT_A),
  '10:11001': rint('frintx', RINT_X),
  '10:11010': toint('fcvtnu', 0, 1),
  '10:11011': toint('fcvtmu', 2, 1),
  '10:11100': toint('fcvtau', RINT_A, 1),
  '10:11101': { k: 'fromint', name: 'ucvtf', u: 1 },
  '11:01100': cmp0('fcmge', 1, false),
  '11:01101': cmp0('fcmle', 1, true),
  '11:01111': { k: 'absneg', name: 'fneg', neg: true },
  '11:11001': rint('frinti', RINT_I),
  '11:11010': toint('fcvtpu', 1, 1),
  '11:11011': toint('fcvtzu', 3, 1),
  '11:11100': { k: 'uest', name: 'ursqrte', h: 'a64f_ursqrte' },
  '11:11101': { k: 'un', name: 'frsqrte', h: 'rsqrte' },
  '11:11111': { k: 'un', name: 'fsqrt', h: 'sqrt', fast: 'sqrt' }, // vector only
};
/** Ops of two-register misc that have a scalar form, and those that have a vector form. */
const SCALAR_ONLY = new Set(['frecpx']);
const VECTOR_ONLY = new Set(['fcvtn', 'fcvtl', 'fabs', 'fneg', 'fsqrt', 'urecpe', 'ursqrte', 'frintn', 'frintm', 'frintp', 'frintz', 'frinta', 'frintx', 'frinti']);

/** One lane of a per-lane two-register op (rint, toint, fromint, cmp0, un, absneg, uest); x as lanes() reads it. */
function lane2(L: A64Lifter, op: Op2, es: Esize, x: Temp, fbits = 0): Temp {
  const b = L.b;
  const s = sfx(es);
  switch (op.k) {
    case 'rint':
      return fcall(L, `a64f_rint_${s}`, [x, L.i32(op.mode)], fty(es));
    case 'toint':
      return fcall(L, `a64f_${s}2${es === 64 ? 'x' : 'w'}`, [x, L.i32(op.mode), L.i32(fbits), L.i32(op.u)], es === 64 ? 'i64' : 'i32');
    case 'fromint':
      return fcall(L, `a64f_${es === 64 ? 'x' : 'w'}2${s}`, [x, L.i32(fbits), L.i32(op.u)], fty(es));
    case 'cmp0': {
      const zero = es === 64 ? b.f64(0) : L.i32(0);
      const r = fcall(L, `a64f_cm_${s}`, op.swap ? [zero, x, L.i32(op.kind)] : [x, zero, L.i32(op.kind)], 'i32');
      return es === 64 ? b.un('sext32to64', r) : r;
    }
    case 'un':
      return fcall(L, `a64f_${op.h}_${s}`, [x], fty(es), es === 64 ? op.fast : undefined);
    case 'absneg':
      if (es === 64) return op.neg ? negD(L, x) : L.call('a64f_abs_d', [x], 'f64', true);
      return op.neg ? b.bin('xor', x, L.i32(-0x80000000)) : b.bin('and', x, L.i32(0x7fffffff));
    case 'uest':
      return L.call(op.h, [x], 'i32', true);
    default:
      throw new Error('not a lane op');
  }
}
/** The type lanes of an op's source are read as: integers for int -> float, floats otherwise. */
const srcTy = (op: Op2, es: Esize) => (op.k === 'fromint' && es === 64 ? 'i64' : es === 64 ? 'f64' : 'i32');

/** FCVTN/FCVTN2, FCVTXN/FCVTXN2: narrow 4S -> 4H or 2D -> 2S into the low (q 0) or high (q 1) half. */
function liftNarrow(L: A64Lifter, f: Fields, odd: boolean): boolean | void {
  const b = L.b;
  const es = esizeOf(f.z);
  if (odd && es !== 64) return false;
  let words: Temp[];
  if (es === 64) {
    words = lanes(L, f.n, 64, 2).map((x) => fcall(L, odd ? 'a64f_d2s_odd' : 'a64f_d2s', [x], 'i32'));
  } else {
    const h = lanes(L, f.n, 32, 4).map((x) => fcall(L, 'a64f_s2h', [x], 'i32'));
    const packed = (lo: Temp, hi: Temp) => b.bin('or', b.bin('and', lo, L.i32(0xffff)), b.bin('shl', hi, L.i32(16)));
    words = [packed(h[0]!, h[1]!), packed(h[2]!, h[3]!)];
  }
  const base = vslot(f.d);
  if (f.q) {
    b.set(base + 2, words[0]!);
    b.set(base + 3, words[1]!);
  } else setLanes(L, f.d, 32, words);
}
/** FCVTL/FCVTL2: widen the low (q 0) or high (q 1) half: 4H -> 4S or 2S -> 2D. */
function liftWiden(L: A64Lifter, f: Fields): boolean | void {
  const b = L.b;
  const w0 = b.get(vslot(f.n) + 2 * f.q, 'i32'), w1 = b.get(vslot(f.n) + 2 * f.q + 1, 'i32');
  if (f.z) return setLanes(L, f.d, 64, [w0, w1].map((w) => fcall(L, 'a64f_s2d', [w], 'f64')));
  const halves = [w0, b.bin('shr_u', w0, L.i32(16)), w1, b.bin('shr_u', w1, L.i32(16))];
  setLanes(L, f.d, 32, halves.map((h) => fcall(L, 'a64f_h2s', [h], 'i32')));
}

function liftTwoMisc(L: A64Lifter, f: Fields): boolean | void {
  const op = op2Of(f.u, f.a, f.o);
  if (!op || SCALAR_ONLY.has(op.name)) return false;
  if (op.k === 'narrow' || op.k === 'xn') return liftNarrow(L, f, op.k === 'xn');
  if (op.k === 'widen') return liftWiden(L, f);
  if (op.k === 'uest' && f.z) return false;
  const count = laneCount(f.z, f.q);
  if (!count) return false;
  const es = esizeOf(f.z);
  const src = lanes(L, f.n, es, count, srcTy(op, es));
  setLanes(L, f.d, es, src.map((x) => lane2(L, op, es, x)));
}
function disTwoMisc(f: Fields): string {
  const op = op2Of(f.u, f.a, f.o);
  const name = op?.name ?? '?';
  const es = esizeOf(f.z);
  const q2 = f.q ? '2' : '';
  if (op?.k === 'narrow' || op?.k === 'xn') return `${name}${q2}\t${vr(f.d, arrangement(es === 64 ? 32 : 16, f.q))}, ${vr(f.n, arrangement(es, 1))}`;
  if (op?.k === 'widen') return `${name}${q2}\t${vr(f.d, arrangement(es, 1))}, ${vr(f.n, arrangement(es === 64 ? 32 : 16, f.q))}`;
  const arr = arrangement(es, f.q);
  return `${name}\t${vr(f.d, arr)}, ${vr(f.n, arr)}${op?.k === 'cmp0' ? ', #0.0' : ''}`;
}

function liftScalarTwoMisc(L: A64Lifter, f: Fields): boolean | void {
  const op = op2Of(f.u, f.a, f.o);
  if (!op || VECTOR_ONLY.has(op.name) || op.k === 'uest') return false;
  const es = esizeOf(f.z);
  if (op.k === 'xn') {
    if (es !== 64) return false;
    return setLanes(L, f.d, 32, [fcall(L, 'a64f_d2s_odd', [lane(L, f.n, 64, 0)], 'i32')]);
  }
  if (op.k === 'narrow' || op.k === 'widen') return false;
  setLanes(L, f.d, es, [lane2(L, op, es, lane(L, f.n, es, 0, srcTy(op, es)))]);
}
function disScalarTwoMisc(f: Fields): string {
  const op = op2Of(f.u, f.a, f.o);
  const es = esizeOf(f.z);
  if (op?.k === 'xn') return `fcvtxn\t${fr(f.d, 32)}, ${fr(f.n, 64)}`;
  return `${op?.name ?? '?'}\t${fr(f.d, es)}, ${fr(f.n, es)}${op?.k === 'cmp0' ? ', #0.0' : ''}`;
}

// ---- across lanes and scalar pairwise ------------------------------------------------------------

/** Across lanes (U = 1, 4S only) and scalar pairwise (U = 1): opcode and a -> [mnemonic, helper]. */
function reduceOp(o: number, a: number, pairwise: boolean): [string, string] | undefined {
  const sfxName = pairwise ? 'p' : 'v';
  if (o === 0b01100) return a ? [`fminnm${sfxName}`, 'minnm'] : [`fmaxnm${sfxName}`, 'maxnm'];
  if (o === 0b01111) return a ? [`fmin${sfxName}`, 'min'] : [`fmax${sfxName}`, 'max'];
  if (o === 0b01101 && pairwise && !a) return ['faddp', 'add'];
  return undefined;
}
function liftAcross(L: A64Lifter, f: Fields): boolean | void {
  const op = reduceOp(f.o, f.a, false);
  if (!op || f.z || !f.q) return false;
  const h = `a64f_${op[1]}_s`;
  const e = lanes(L, f.n, 32, 4);
  const lo = fcall(L, h, [e[0]!, e[1]!], 'i32');
  const hi = fcall(L, h, [e[2]!, e[3]!], 'i32');
  setLanes(L, f.d, 32, [fcall(L, h, [lo, hi], 'i32')]);
}
const disAcross = (f: Fields): string => `${reduceOp(f.o, f.a, false)?.[0] ?? '?'}\t${fr(f.d, 32)}, ${vr(f.n, arrangement(esizeOf(f.z), f.q))}`;

function liftScalarPair(L: A64Lifter, f: Fields): boolean | void {
  const op = reduceOp(f.o, f.a, true);
  if (!op) return false;
  const es = esizeOf(f.z);
  const e = lanes(L, f.n, es, 2);
  setLanes(L, f.d, es, [fcall(L, `a64f_${op[1]}_${sfx(es)}`, [e[0]!, e[1]!], fty(es), es === 64 && op[1] === 'add' ? 'add' : undefined)]);
}
const disScalarPair = (f: Fields): string => {
  const es = esizeOf(f.z);
  return `${reduceOp(f.o, f.a, true)?.[0] ?? '?'}\t${fr(f.d, es)}, ${vr(f.n, es === 64 ? '2d' : '2s')}`;
};

// ---- by element ------------------------------------------------------------------------------

/** U:opcode -> op: FMLA, FMLS, FMUL, FMULX by element. */
function elemOp(u: number, o: number): Op3 | undefined {
  if (u === 0 && o === 0b0001) return { k: 'fma', name: 'fmla', kind: 0 };
  if (u === 0 && o === 0b0101) return { k: 'fma', name: 'fmls', kind: 1 };
  if (u === 0 && o === 0b1001) return bin('fmul', 'mul', 'mul');
  if (u === 1 && o === 0b1001) return bin('fmulx', 'mulx');
  return undefined;
}
/** The element index: H:L for singles, H for doubles (L set is unallocated). */
const elemIndex = (f: Fields): number | undefined => (f.z ? (f.l ? undefined : f.h) : (f.h << 1) | f.l);

function liftByElem(L: A64Lifter, f: Fields, scalar: boolean): boolean | void {
  const op = elemOp(f.u, f.o);
  const idx = elemIndex(f);
  const count = scalar ? 1 : laneCount(f.z, f.q);
  if (!op || idx === undefined || !count) return false;
  const es = esizeOf(f.z);
  const m = lane(L, f.m, es, idx);
  const a = lanes(L, f.n, es, count);
  const acc = op.k === 'fma' ? lanes(L, f.d, es, count) : [];
  setLanes(L, f.d, es, a.map((x, k) => lane3(L, op, es, x, m, acc[k])));
}
function disByElem(f: Fields, scalar: boolean): string {
  const es = esizeOf(f.z);
  const name = elemOp(f.u, f.o)?.name ?? '?';
  const el = `v${f.m}.${sfx(es)}[${elemIndex(f) ?? 0}]`;
  if (scalar) return `${name}\t${fr(f.d, es)}, ${fr(f.n, es)}, ${el}`;
  const arr = arrangement(es, f.q);
  return `${name}\t${vr(f.d, arr)}, ${vr(f.n, arr)}, ${el}`;
}

// ---- fixed-point conversions (shift by immediate) -----------------------------------------------

/** immh:immb -> [element size, fbits], or undefined (immh 0: another group; 001x: FP16). */
function fixedShape(i: number): [Esize, number] | undefined {
  const immh = i >> 3;
  if (immh & 8) return [64, 128 - i];
  if (immh & 4) return [32, 64 - i];
  return undefined;
}
function fixedOp(o: number, u: number): Op2 | undefined {
  if (o === 0b11100) return { k: 'fromint', name: u ? 'ucvtf' : 'scvtf', u };
  if (o === 0b11111) return toint(u ? 'fcvtzu' : 'fcvtzs', 3, u);
  return undefined;
}
function liftFixed(L: A64Lifter, f: Fields, scalar: boolean): boolean | void {
  const op = fixedOp(f.o, f.u);
  const shape = fixedShape(f.i);
  if (!op || !shape) return false;
  const [es, fbits] = shape;
  const count = scalar ? 1 : laneCount(es === 64 ? 1 : 0, f.q);
  if (!count) return false;
  const src = lanes(L, f.n, es, count, srcTy(op, es));
  setLanes(L, f.d, es, src.map((x) => lane2(L, op, es, x, fbits)));
}
function disFixed(f: Fields, scalar: boolean): string {
  const shape = fixedShape(f.i) ?? [32, 0];
  const name = fixedOp(f.o, f.u)?.name ?? '?';
  if (scalar) return `${name}\t${fr(f.d, shape[0])}, ${fr(f.n, shape[0])}, #${shape[1]}`;
  const arr = arrangement(shape[0], f.q);
  return `${name}\t${vr(f.d, arr)}, ${vr(f.n, arr)}, #${shape[1]}`;
}
/** Rows of the shift-by-immediate group this file takes: the conversions, with immh 01xx or 1xxx. */
const isFixedConv = (f: Fields): boolean => fixedOp(f.o, f.u) !== undefined && f.i >> 5 !== 0;

// ---- the rows --------------------------------------------------------------------------------

const isThreeSameFp = (f: Fields): boolean => op3Of(f) !== undefined;
const isTwoMiscFp = (f: Fields): boolean => op2Of(f.u, f.a, f.o) !== undefined;

export const fpSimdRows: Row[] = [
  row('fp.3same', '0qu01110 az1 mmmmm 11ooo1 nnnnn ddddd', liftThreeSame, disThreeSame, isThreeSameFp),
  row('fp.3same.scalar', '01u11110 az1 mmmmm 11ooo1 nnnnn ddddd', liftScalarThreeSame, disScalarThreeSame, isThreeSameFp),
  row('fp.2misc', '0qu01110 az10000 ooooo 10 nnnnn ddddd', liftTwoMisc, disTwoMisc, isTwoMiscFp),
  row('fp.2misc.scalar', '01u11110 az10000 ooooo 10 nnnnn ddddd', liftScalarTwoMisc, disScalarTwoMisc, isTwoMiscFp),
  row('fp.across', '0q101110 az11000 ooooo 10 nnnnn ddddd', liftAcross, disAcross, (f) => reduceOp(f.o, f.a, false) !== undefined),
  row('fp.pair.scalar', '01111110 az11000 ooooo 10 nnnnn ddddd', liftScalarPair, disScalarPair, (f) => reduceOp(f.o, f.a, true) !== undefined),
  row('fp.elem', '0qu01111 1zlm mmmm oooo h0 nnnnn ddddd', (L, f) => liftByElem(L, f, false), (f) => disByElem(f, false), (f) => elemOp(f.u, f.o) !== undefined),
  row('fp.elem.scalar', '01u11111 1zlm mmmm oooo h0 nnnnn ddddd', (L, f) => liftByElem(L, f, true), (f) => disByElem(f, true), (f) => elemOp(f.u, f.o) !== undefined),
  row('fp.fixed', '0qu01111 0iiiiiii ooooo1 nnnnn ddddd', (L, f) => liftFixed(L, f, false), (f) => disFixed(f, false), isFixedConv),
  row('fp.fixed.scalar', '01u11111 0iiiiiii ooooo1 nnnnn ddddd', (L, f) => liftFixed(L, f, true), (f) => disFixed(f, true), isFixedConv),
];
