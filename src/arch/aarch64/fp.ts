// A64 scalar floating point (see table.ts for rows): FMOV (register, general, top half,
// immediate), arithmetic, fused multiply-add, compares into NZCV, conditional compare and select,
// conversions between H/S/D, rounding to integral, and conversions to and from W/X registers
// (integer and fixed point). AdvSIMD floating point is in fp-simd.ts; fpRows holds both.
//
// ptype (bits 23:22) 00 is single, 01 double; 11 (half precision arithmetic) is ARMv8.2 and
// stays undefined except for FCVT from a half. Semantics are helpers (fp-helpers.ts) over
// FPCR/FPSR; register moves, FABS/FNEG of singles and FCSEL are plain IR.
import type { Temp } from '../../ir/ir.ts';
import { vfpExpandImm } from '../arm/vfp.ts';
import { RINT_A, RINT_I, RINT_X } from './fp-helpers.ts';
import { fcall, type FastOp, fpImmText, fr, getF, getS, negD, setF } from './fp-common.ts';
import { fpSimdRows } from './fp-simd.ts';
import type { A64Lifter } from './lifter.ts';
import { vslot } from './state.ts';
import { CONDS, type Fields, type Row, hex, row, xr } from './table.ts';

const isDbl = (t: number): boolean => t === 1;
/** Register size of ptype 00/01 (single/double), or undefined for the others. */
const ptypeSize = (t: number): 32 | 64 | undefined => (t === 0 ? 32 : t === 1 ? 64 : undefined);
const sfx = (t: number): 's' | 'd' => (t === 1 ? 'd' : 's');

// ---- conversions between FP and general registers ------------------------------------------

/** FCVT{N,P,M,Z,A}{S,U}: rmode:opcode -> [rounding (RINT_*), unsigned, mnemonic]. */
function toIntForm(r: number, o: number): [number, number, string] | undefined {
  if (o <= 1) return [r, o, `fcvt${'npmz'[r]}${o ? 'u' : 's'}`];
  if ((o === 4 || o === 5) && r === 0) return [RINT_A, o & 1, `fcvta${o & 1 ? 'u' : 's'}`];
  return undefined;
}

/** Float -> W/X (sf) with rounding mode and fbits fraction bits. */
function liftToInt(L: A64Lifter, d: number, n: number, t: number, sf: number, mode: number, unsigned: number, fbits: number): void {
  const dbl = isDbl(t);
  const helper = `a64f_${sfx(t)}2${sf ? 'x' : 'w'}`;
  L.setReg(d, fcall(L, helper, [getF(L, n, dbl), L.i32(mode), L.i32(fbits), L.i32(unsigned)], sf ? 'i64' : 'i32'));
}
/** W/X (sf) -> float, divided by 2^fbits. */
function liftFromInt(L: A64Lifter, d: number, n: number, t: number, sf: number, unsigned: number, fbits: number): void {
  const dbl = isDbl(t);
  const helper = `a64f_${sf ? 'x' : 'w'}2${sfx(t)}`;
  setF(L, d, dbl, fcall(L, helper, [L.reg(n, sf), L.i32(fbits), L.i32(unsigned)], dbl ? 'f64' : 'i32'));
}

/** FMOV between general and FP registers: [direction 'to'/'from' general, register text] or undefined. */
function fmovForm(f: Fields): 'ws' | 'xd' | 'xv' | undefined {
  if (f.s === 0 && f.t === 0 && f.r === 0) return 'ws';
  if (f.s === 1 && f.t === 1 && f.r === 0) return 'xd';
  if (f.s === 1 && f.t === 2 && f.r === 1) return 'xv';
  return undefined;
}

function liftFpInt(L: A64Lifter, f: Fields): boolean | void {
  const { s: sf, t, r, o, n, d } = f;
  if (o >= 6) {
    const form = fmovForm(f);
    if (!form) return false;
    const b = L.b;
    if (o === 6) {
      // FMOV to a general register
      if (form === 'ws') L.setReg(d, getS(L, n));
      else L.setReg(d, form === 'xd' ? L.vlo(n) : L.vhi(n));
    } else if (form === 'ws') L.setV32(d, L.w(n));
    else if (form === 'xd') L.setV64(d, L.x(n));
    else b.set(vslot(d) + 2, L.x(n)); // FMOV Vd.D[1], Xn keeps the low half
    return;
  }
  if (t > 1) return false;
  if (o === 2 || o === 3) {
    if (r !== 0) return false;
    return liftFromInt(L, d, n, t, sf, o & 1, 0);
  }
  const form = toIntForm(r, o);
  if (!form) return false;
  liftToInt(L, d, n, t, sf, form[0], form[1], 0);
}
function disFpInt(f: Fields): string {
  const { s: sf, t, r, o, n, d } = f;
  const size = ptypeSize(t) ?? 16;
  if (o >= 6) {
    const form = fmovForm(f);
    const v = form === 'xv' ? `v${n}.d[1]` : fr(n, size);
    const vd = form === 'xv' ? `v${d}.d[1]` : fr(d, size);
    return o === 6 ? `fmov\t${xr(d, sf)}, ${v}` : `fmov\t${vd}, ${xr(n, sf)}`;
  }
  if (o === 2 || o === 3) return `${o === 2 ? 'scvtf' : 'ucvtf'}\t${fr(d, size)}, ${xr(n, sf)}`;
  const form = toIntForm(r, o);
  return `${form ? form[2] : '?'}\t${xr(d, sf)}, ${fr(n, size)}`;
}

/** Fixed point: rmode:opcode 00 010 SCVTF, 00 011 UCVTF, 11 000 FCVTZS, 11 001 FCVTZU; fbits = 64 - scale. */
function liftFpFixed(L: A64Lifter, f: Fields): boolean | void {
  const { s: sf, t, r, o, k, n, d } = f;
  if (t > 1 || (sf === 0 && k < 32)) return false;
  const fbits = 64 - k;
  if (r === 0 && (o === 2 || o === 3)) return liftFromInt(L, d, n, t, sf, o & 1, fbits);
  if (r === 3 && o <= 1) return liftToInt(L, d, n, t, sf, 3, o, fbits);
  return false;
}
function disFpFixed(f: Fields): string {
  const { s: sf, t, o, k, n, d } = f;
  const size = ptypeSize(t) ?? 16;
  const fb = `#${64 - k}`;
  if (o === 2 || o === 3) return `${o === 2 ? 'scvtf' : 'ucvtf'}\t${fr(d, size)}, ${xr(n, sf)}, ${fb}`;
  return `fcvtz${o ? 'u' : 's'}\t${xr(d, sf)}, ${fr(n, size)}, ${fb}`;
}

// ---- one source ----------------------------------------------------------------------------

const ONE_SRC = ['fmov', 'fabs', 'fneg', 'fsqrt', 'fcvt', 'fcvt', undefined, 'fcvt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta', undefined, 'frintx', 'frinti'];
/** FRINT* opcode (8..15) -> rounding. */
const FRINT_MODE = [0, 1, 2, 3, RINT_A, -1, RINT_X, RINT_I];
/** FCVT opcode (4, 5, 7) -> destination size. */
const cvtDest = (o: number): 16 | 32 | 64 => (o === 4 ? 32 : o === 5 ? 64 : 16);
const srcSize = (t: number): 16 | 32 | 64 | undefined => (t === 3 ? 16 : ptypeSize(t));

function liftOneSrc(L: A64Lifter, f: Fields): boolean | void {
  const { t, o, n, d } = f;
  const b = L.b;
  const size = srcSize(t);
  if (!size || o >= 16 || !ONE_SRC[o]) return false;
  if (o === 4 || o === 5 || o === 7) {
    const dest = cvtDest(o);
    if (dest === size) return false;
    const src = size === 64 ? L.dreg(n) : getS(L, n);
    const helper = `a64f_${size === 16 ? 'h' : sfx(t)}2${dest === 16 ? 'h' : dest === 32 ? 's' : 'd'}`;
    const v = fcall(L, helper, [src], dest === 64 ? 'f64' : 'i32');
    return setF(L, d, dest === 64, v);
  }
  if (size === 16) return false; // half-precision arithmetic is ARMv8.2
  const dbl = size === 64;
  const a = getF(L, n, dbl);
  let r: Temp;
  switch (o) {
    case 0:
      r = a;
      break;
    case 1:
      r = dbl ? L.call('a64f_abs_d', [a], 'f64', true) : b.bin('and', a, L.i32(0x7fffffff));
      break;
    case 2:
      r = dbl ? negD(L, a) : b.bin('xor', a, L.i32(-0x80000000));
      break;
    case 3:
      r = fcall(L, `a64f_sqrt_${sfx(t)}`, [a], dbl ? 'f64' : 'i32', dbl ? 'sqrt' : undefined);
      break;
    default:
      r = fcall(L, `a64f_rint_${sfx(t)}`, [a, L.i32(FRINT_MODE[o - 8]!)], dbl ? 'f64' : 'i32');
  }
  setF(L, d, dbl, r);
}
function disOneSrc(f: Fields): string {
  const { t, o, n, d } = f;
  const size = srcSize(t) ?? 16;
  const dest = o === 4 || o === 5 || o === 7 ? cvtDest(o) : size;
  return `${ONE_SRC[o] ?? '?'}\t${fr(d, dest)}, ${fr(n, size)}`;
}

// ---- two and three sources -----------------------------------------------------------------

const TWO_SRC: [string, string, FastOp | undefined][] = [
  ['fmul', 'mul', 'mul'], ['fdiv', 'div', 'div'], ['fadd', 'add', 'add'], ['fsub', 'sub', 'sub'],
  ['fmax', 'max', undefined], ['fmin', 'min', undefined], ['fmaxnm', 'maxnm', undefined], ['fminnm', 'minnm', undefined],
  ['fnmul', 'nmul', undefined],
];
function liftTwoSrc(L: A64Lifter, f: Fields): boolean | void {
  const { t, o, m, n, d } = f;
  const op = TWO_SRC[o];
  if (t > 1 || !op) return false;
  const dbl = isDbl(t);
  const r = fcall(L, `a64f_${op[1]}_${sfx(t)}`, [getF(L, n, dbl), getF(L, m, dbl)], dbl ? 'f64' : 'i32', dbl ? op[2] : undefined);
  setF(L, d, dbl, r);
}
const disTwoSrc = (f: Fields): string => {
  const size = ptypeSize(f.t) ?? 16;
  return `${TWO_SRC[f.o]?.[0] ?? '?'}\t${fr(f.d, size)}, ${fr(f.n, size)}, ${fr(f.m, size)}`;
};

const THREE_SRC = ['fmadd', 'fmsub', 'fnmadd', 'fnmsub'];
function liftThreeSrc(L: A64Lifter, f: Fields): boolean | void {
  const { t, o, p, m, a, n, d } = f;
  if (t > 1) return false;
  const dbl = isDbl(t);
  const kind = (o << 1) | p;
  const r = fcall(L, `a64f_fma_${sfx(t)}`, [getF(L, a, dbl), getF(L, n, dbl), getF(L, m, dbl), L.i32(kind)], dbl ? 'f64' : 'i32');
  setF(L, d, dbl, r);
}
const disThreeSrc = (f: Fields): string => {
  const size = ptypeSize(f.t) ?? 16;
  return `${THREE_SRC[(f.o << 1) | f.p]}\t${fr(f.d, size)}, ${fr(f.n, size)}, ${fr(f.m, size)}, ${fr(f.a, size)}`;
};

// ---- compares, selects, immediates ----------------------------------------------------------

/** FCMP/FCMPE (e: any NaN is invalid) of n with m or with +0 (z). */
function compare(L: A64Lifter, t: number, n: number, m: number, withZero: boolean, e: number, guard?: Temp): Temp {
  const dbl = isDbl(t);
  const zero = dbl ? L.b.f64(0) : L.i32(0);
  const args = [getF(L, n, dbl), withZero ? zero : getF(L, m, dbl), L.i32(e)];
  return L.b.call(`a64f_cmp_${sfx(t)}`, args, 'i32', L.pc, false, guard);
}
function liftCmp(L: A64Lifter, f: Fields): boolean | void {
  if (f.t > 1) return false;
  L.setNZCVWord(compare(L, f.t, f.n, f.m, f.z === 1, f.e));
}
function disCmp(f: Fields): string {
  const size = ptypeSize(f.t) ?? 16;
  return `fcmp${f.e ? 'e' : ''}\t${fr(f.n, size)}, ${f.z ? '#0.0' : fr(f.m, size)}`;
}

/** FCCMP/FCCMPE: the compare when the condition holds (only then can it raise flags), else #nzcv. */
function liftCcmp(L: A64Lifter, f: Fields): boolean | void {
  if (f.t > 1) return false;
  const cond = L.cond(f.c);
  const r = compare(L, f.t, f.n, f.m, false, f.e, cond);
  L.setNZCVWord(L.b.select(cond, r, L.i32(f.v << 28)));
}
function disCcmp(f: Fields): string {
  const size = ptypeSize(f.t) ?? 16;
  return `fccmp${f.e ? 'e' : ''}\t${fr(f.n, size)}, ${fr(f.m, size)}, #0x${hex(f.v)}, ${CONDS[f.c]}`;
}

function liftCsel(L: A64Lifter, f: Fields): boolean | void {
  if (f.t > 1) return false;
  const dbl = isDbl(f.t);
  setF(L, f.d, dbl, L.b.select(L.cond(f.c), getF(L, f.n, dbl), getF(L, f.m, dbl)));
}
function disCsel(f: Fields): string {
  const size = ptypeSize(f.t) ?? 16;
  return `fcsel\t${fr(f.d, size)}, ${fr(f.n, size)}, ${fr(f.m, size)}, ${CONDS[f.c]}`;
}

const f64FromHi = (hi: number): number => new Float64Array(new Int32Array([0, hi]).buffer)[0]!;
const f32FromBits = (v: number): number => new Float32Array(new Int32Array([v]).buffer)[0]!;

function liftFmovImm(L: A64Lifter, f: Fields): boolean | void {
  if (f.t > 1) return false;
  if (isDbl(f.t)) L.setD(f.d, L.b.f64(f64FromHi(vfpExpandImm(f.i, true))));
  else L.setV32(f.d, L.i32(vfpExpandImm(f.i, false)));
}
function disFmovImm(f: Fields): string {
  const dbl = isDbl(f.t);
  const v = dbl ? f64FromHi(vfpExpandImm(f.i, true)) : f32FromBits(vfpExpandImm(f.i, false));
  return `fmov\t${fr(f.d, ptypeSize(f.t) ?? 16)}, #${fpImmText(v)}`;
}

// ---- the rows ---------------------------------------------------------------------------------

const scalarRows: Row[] = [
  row('fp<->int', 's0011110 tt1 rrooo 000000 nnnnn ddddd', liftFpInt, disFpInt),
  row('fp<->fixed', 's0011110 tt0 rrooo kkkkkk nnnnn ddddd', liftFpFixed, disFpFixed),
  row('fp.1src', '00011110 tt1 oooooo 10000 nnnnn ddddd', liftOneSrc, disOneSrc),
  row('fcmp', '00011110 tt1 mmmmm 001000 nnnnn ez000', liftCmp, disCmp),
  row('fmov.imm', '00011110 tt1 iiiiiiii 100 00000 ddddd', liftFmovImm, disFmovImm),
  row('fccmp', '00011110 tt1 mmmmm cccc 01 nnnnn evvvv', liftCcmp, disCcmp),
  row('fp.2src', '00011110 tt1 mmmmm oooo 10 nnnnn ddddd', liftTwoSrc, disTwoSrc),
  row('fcsel', '00011110 tt1 mmmmm cccc 11 nnnnn ddddd', liftCsel, disCsel),
  row('fp.3src', '00011111 tto mmmmm p aaaaa nnnnn ddddd', liftThreeSrc, disThreeSrc),
];

export const fpRows: Row[] = [...scalarRows, ...fpSimdRows];
