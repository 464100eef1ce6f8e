// Advanced SIMD (NEON) data processing, A32 encodings (1111 001U ...): decode rows, lane-wise IR
// semantics (neon-lanes.ts) and objdump-style text. Integer work is IR on the registers' i32
// words; float lanes call the fp-helpers' neon_* helpers (standard FPSCR controls). Element and
// structure loads/stores are in neon-ls.ts.
import type { Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import { type Esize, Lanes } from './neon-lanes.ts';
import { disassembleNeonLoadStore, liftNeonLoadStore } from './neon-ls.ts';
import { type Row, bit, bits, callH, dName, findRow, getDW, hex, qName, row, setDW } from './vfp-regs.ts';

export function liftNeon(L: ArmLifter, insn: number): boolean {
  if ((insn & 0xff100000) === (0xf4000000 | 0)) return liftNeonLoadStore(L, insn);
  const r = findRow(NEON_ROWS, insn);
  if (!r) return false;
  r.lift(L, insn);
  return true;
}
export function disassembleNeon(insn: number, pc: number): string | undefined {
  if ((insn & 0xff100000) === (0xf4000000 | 0)) return disassembleNeonLoadStore(insn, pc);
  return findRow(NEON_ROWS, insn)?.dis(insn, pc);
}

// ---- fields ------------------------------------------------------------------------------------

const D = (i: number) => (bit(i, 22) << 4) | bits(i, 15, 12);
const N = (i: number) => (bit(i, 7) << 4) | bits(i, 19, 16);
const M = (i: number) => (bit(i, 5) << 4) | bits(i, 3, 0);
const Q = (i: number) => bit(i, 6) === 1;
const U = (i: number) => bit(i, 24) === 1;
const SIZE = (i: number) => bits(i, 21, 20);
const esizeOf = (size: number): Esize => (8 << size) as Esize;
const regs = (i: number) => (Q(i) ? 2 : 1);
/** Q register operands must be even D numbers. */
const qOk = (i: number, ...ns: number[]) => !Q(i) || ns.every((n) => (n & 1) === 0);
const vreg = (q: boolean, n: number) => (q ? qName(n) : dName(n));

// ---- text helpers -----------------------------------------------------------------------------

const t3 = (i: number) => `${vreg(Q(i), D(i))}, ${vreg(Q(i), N(i))}, ${vreg(Q(i), M(i))}`;
const t2 = (i: number) => `${vreg(Q(i), D(i))}, ${vreg(Q(i), M(i))}`;
/** The data type suffix: s/u by U, i (sign-agnostic), or a fixed letter. */
const dt = (i: number, kind: 'su' | 'i' | 'f' | 'p' | '', esize = esizeOf(SIZE(i))) =>
  kind === 'su' ? `.${U(i) ? 'u' : 's'}${esize}` : kind === '' ? `.${esize}` : kind === 'f' ? '.f32' : `.${kind}${esize}`;

// ---- three registers of the same length -------------------------------------------------------

type LaneOp = (V: Lanes, a: Temp, b: Temp, d: Temp, esize: Esize, signed: boolean) => Temp;

interface Same3 {
  /** Elements read wide (32-bit lanes as i64) because the op needs the range. */
  wide?: boolean;
  /** Reads Vd too (accumulating ops). */
  acc?: boolean;
  /** Allowed sizes (bit mask of size values 0..3). */
  sizes?: number;
  /** Signed by U (else always as `signedFixed`). */
  signedFixed?: boolean;
  op: LaneOp;
}

/** Lifts an integer "3 same" op: d[e] = op(n[e], m[e]). */
function same3(s: Same3): Row['lift'] {
  return (L, i) => {
    const size = SIZE(i);
    if (!((s.sizes ?? 0b0111) & (1 << size)) || !qOk(i, D(i), N(i), M(i))) return L.undefinedInsn();
    const esize = esizeOf(size);
    const signed = s.signedFixed ?? !U(i);
    const V = new Lanes(L);
    const n = V.read(N(i), regs(i), esize, signed, s.wide);
    const m = V.read(M(i), regs(i), esize, signed, s.wide);
    const d = s.acc ? V.read(D(i), regs(i), esize, signed, s.wide) : [];
    V.write(D(i), esize, n.map((a, e) => s.op(V, a, m[e], d[e], esize, signed)));
    V.finish();
  };
}

const hadd: LaneOp = (V, a, b) => V.sh('shr_s', V.bin('add', a, b), 1);
const rhadd: LaneOp = (V, a, b) => V.sh('shr_s', V.bin('add', V.bin('add', a, b), V.kOf(a, 1)), 1);
const hsub: LaneOp = (V, a, b) => V.sh('shr_s', V.bin('sub', a, b), 1);
const qadd: LaneOp = (V, a, b, _d, es, sg) => (es === 64 ? V.sat64('add', a, b, sg) : V.sat(V.bin('add', a, b), es, sg));
const qsub: LaneOp = (V, a, b, _d, es, sg) => (es === 64 ? V.sat64('sub', a, b, sg) : V.sat(V.bin('sub', a, b), es, sg));
const cgt: LaneOp = (V, a, b, _d, es, sg) => V.mask(V.lt(b, a, es, sg));
const cge: LaneOp = (V, a, b, _d, es, sg) => V.mask(V.le(b, a, es, sg));
const max: LaneOp = (V, a, b, _d, es, sg) => V.sel(V.lt(a, b, es, sg), b, a);
const min: LaneOp = (V, a, b, _d, es, sg) => V.sel(V.lt(a, b, es, sg), a, b);
const abd: LaneOp = (V, a, b) => V.abs(V.bin('sub', a, b));
const aba: LaneOp = (V, a, b, d) => V.bin('add', d, V.abs(V.bin('sub', a, b)));
const add: LaneOp = (V, a, b) => V.bin('add', a, b);
const sub: LaneOp = (V, a, b) => V.bin('sub', a, b);
const mul: LaneOp = (V, a, b) => V.bin('mul', a, b);
const mla: LaneOp = (V, a, b, d) => V.bin('add', d, V.bin('mul', a, b));
const mls: LaneOp = (V, a, b, d) => V.bin('sub', d, V.bin('mul', a, b));
const tst: LaneOp = (V, a, b) => V.mask(V.bin('ne', V.bin('and', a, b), V.kOf(a, 0)));
const ceq: LaneOp = (V, a, b) => V.mask(V.bin('eq', a, b));
/** Carry-less multiply of bytes (VMUL.P8 / VMULL.P8): a, b zero-extended. */
const pmul: LaneOp = (V, a, b) => {
  let r = V.k(0);
  for (let k = 0; k < 8; k++) {
    const bitk = V.bin('and', V.sh('shr_u', a, k), V.k(1));
    r = V.bin('xor', r, V.bin('and', V.b.un('neg', bitk), V.sh('shl', b, k)));
  }
  return r;
};
/** VQDMULH / VQRDMULH: high half of 2*a*b (rounded), saturated (only MIN*MIN saturates). */
const qdmulh = (round: boolean): LaneOp => (V, a, b, _d, es) => {
  // 16-bit lanes: a*b fits i32; 32-bit lanes are wide (i64)
  const p = V.bin('mul', a, b);
  const r = round ? V.bin('add', p, V.kOf(p, 2 ** (es - 2))) : p;
  return V.sat(V.sh('shr_s', r, es - 1), es, true);
};

/**
 * Shifts by a register: the shift is the signed low byte of the element of Vn, the value the
 * element of Vm. Left shifts past the width give 0 (saturating forms: saturate a nonzero value);
 * right shifts give the sign fill or 0. `round`: rounding right shifts; `sat`: saturating left.
 */
const shiftReg = (round: boolean, sat: boolean): LaneOp => (V, shiftElem, v, _d, es, signed) => {
  const s = V.b.un('sext8', V.lo32(shiftElem));
  const neg = V.bin('lt_s', s, V.k(0));
  const amtR = V.b.un('neg', s);
  const right = round ? V.rshrBig(v, amtR, signed) : V.shrBig(v, amtR, signed);
  let left: Temp;
  if (!sat) left = V.shlBig(v, s);
  else {
    // 64-bit lanes (qshiftReg handles the narrower ones): shift back to detect overflow
    const sh = V.shlBig(v, s);
    const back = V.shrBig(sh, s, signed);
    const ovf = V.bin('or', V.bin('ne', back, v), V.bin('and', V.bin('le_s', V.k(64), s), V.bin('ne', v, V.k64(0))));
    const lim = signed ? V.sel(V.bin('lt_s', v, V.k64(0)), V.k64(-(2n ** 63n)), V.k64(2n ** 63n - 1n)) : V.k64(-1);
    V.noteSat(V.bin('and', ovf, V.b.un('eqz', neg)));
    left = V.sel(ovf, lim, sh);
  }
  return V.sel(neg, right, left);
};

// Saturating register shifts need QC only from left shifts: wrap them so right shifts note nothing.
const qshiftReg = (round: boolean): LaneOp => (V, s, v, d, es, signed) => {
  if (es === 64) return shiftReg(round, true)(V, s, v, d, es, signed);
  const sh = V.b.un('sext8', V.lo32(s));
  const neg = V.bin('lt_s', sh, V.k(0));
  const right = round ? V.rshrBig(v, V.b.un('neg', sh), signed) : V.shrBig(v, V.b.un('neg', sh), signed);
  // left: shifted by min(s, es - 1) (fits the domain); s >= es saturates any nonzero value
  const capped = V.sel(V.bin('lt_s', V.k(es - 1), sh), V.k(es - 1), V.sel(neg, V.k(0), sh));
  const forced = V.bin('and', V.bin('le_s', V.k(es), sh), V.bin('ne', v, V.kOf(v, 0)));
  const huge = V.width(v) === 64 ? 2 ** 62 : 2 ** 30;
  const shifted = V.sel(forced, V.sel(V.bin('lt_s', v, V.kOf(v, 0)), V.kOf(v, -huge), V.kOf(v, huge)), V.shv('shl', v, capped));
  const lo = signed ? -(2 ** (es - 1)) : 0;
  const hi = signed ? 2 ** (es - 1) - 1 : 2 ** es - 1;
  const klo = V.kOf(v, lo), khi = V.kOf(v, V.width(v) === 32 ? hi | 0 : hi);
  const under = V.bin('lt_s', shifted, klo);
  const over = V.bin('lt_s', khi, shifted);
  const clamped = V.bin('and', V.bin('or', under, over), V.b.un('eqz', neg));
  V.noteSat(clamped);
  const left = V.sel(under, klo, V.sel(over, khi, shifted));
  return V.sel(neg, right, left);
};

/** Bitwise ops on whole words (VAND ... VBIF). */
function logic(kind: string): Row['lift'] {
  return (L, i) => {
    if (!qOk(i, D(i), N(i), M(i))) return L.undefinedInsn();
    const b = L.b;
    for (let r = 0; r < regs(i); r++) {
      for (let w = 0; w < 2; w++) {
        const n = getDW(L, N(i) + r, w), m = getDW(L, M(i) + r, w);
        let v: Temp;
        switch (kind) {
          case 'and': v = b.bin('and', n, m); break;
          case 'bic': v = b.bin('and', n, b.un('not', m)); break;
          case 'orr': v = b.bin('or', n, m); break;
          case 'orn': v = b.bin('or', n, b.un('not', m)); break;
          case 'eor': v = b.bin('xor', n, m); break;
          default: {
            const d = getDW(L, D(i) + r, w);
            // bsl: d selects n/m; bit: m selects n over d; bif: m selects d over n
            const [sel, one, zero] = kind === 'bsl' ? [d, n, m] : kind === 'bit' ? [m, n, d] : [m, d, n];
            v = b.bin('xor', zero, b.bin('and', b.bin('xor', one, zero), sel));
          }
        }
        setDW(L, D(i) + r, w, v);
      }
    }
  };
}

/** Pairwise ops (D registers only): d = [op(n0,n1), op(n2,n3), ..., op(m0,m1), ...]. */
function pairwise(op: LaneOp): Row['lift'] {
  return (L, i) => {
    if (Q(i) || SIZE(i) === 3) return L.undefinedInsn();
    const esize = esizeOf(SIZE(i));
    const signed = !U(i);
    const V = new Lanes(L);
    const all = [...V.read(N(i), 1, esize, signed), ...V.read(M(i), 1, esize, signed)];
    const out: Temp[] = [];
    for (let k = 0; k < all.length; k += 2) out.push(op(V, all[k], all[k + 1], all[k], esize, signed));
    V.write(D(i), esize, out);
  };
}

// ---- float lanes -----------------------------------------------------------------------------

/** Float "3 same": each 32-bit lane through a neon_* helper (sz, bit 20, must be 0). */
function float3(helper: string, extra: (L: ArmLifter) => Temp[] = () => [], acc = false, pair = false): Row['lift'] {
  return (L, i) => {
    if (bit(i, 20) || !qOk(i, D(i), N(i), M(i)) || (pair && Q(i))) return L.undefinedInsn();
    const V = new Lanes(L);
    const n = V.read(N(i), regs(i), 32, false);
    const m = V.read(M(i), regs(i), 32, false);
    const d = acc ? V.read(D(i), regs(i), 32, false) : [];
    let out: Temp[];
    if (pair) {
      const all = [...n, ...m];
      out = [0, 2].map((k) => callH(L, helper, [all[k], all[k + 1], ...extra(L)], 'i32'));
    } else out = n.map((a, e) => callH(L, helper, [...(acc ? [d[e]] : []), a, m[e], ...extra(L)], 'i32'));
    V.write(D(i), 32, out);
  };
}
const kind = (k: number) => (L: ArmLifter) => [L.i32(k)];

// ---- the 3-same table --------------------------------------------------------------------------

/** Row matcher for "3 same": A (bits 11:8), B (bit 4), U (bit 24, or undefined: either), C (bits 21:20, or undefined). */
function s3(a: number, b: number, u?: number, c?: number, cmask = 3): [number, number] {
  let mask = 0xfe800f10, match = 0xf2000000 | (a << 8) | (b << 4);
  if (u !== undefined) {
    mask |= 1 << 24;
    match |= u << 24;
  }
  if (c !== undefined) {
    mask |= cmask << 20;
    match |= c << 20;
  }
  return [mask, match];
}
const r3 = (name: string, [mask, match]: [number, number], lift: Row['lift'], dis: Row['dis']) => row(name, mask, match, lift, dis);
const d3 = (m: string, k: 'su' | 'i' | 'f' | 'p' | '' | 'none') => (i: number) => `${m}${k === 'none' ? '' : dt(i, k)}\t${t3(i)}`;
/** Shifts by register print Vd, Vm, Vn. */
const d3shift = (m: string) => (i: number) => `${m}${dt(i, 'su')}\t${vreg(Q(i), D(i))}, ${vreg(Q(i), M(i))}, ${vreg(Q(i), N(i))}`;

const ROWS_3SAME: Row[] = [
  r3('vhadd', s3(0, 0), same3({ wide: true, op: hadd }), d3('vhadd', 'su')),
  r3('vqadd', s3(0, 1), same3({ wide: true, sizes: 15, op: qadd }), d3('vqadd', 'su')),
  r3('vrhadd', s3(1, 0), same3({ wide: true, op: rhadd }), d3('vrhadd', 'su')),
  r3('vand', s3(1, 1, 0, 0), logic('and'), d3('vand', 'none')),
  r3('vbic', s3(1, 1, 0, 1), logic('bic'), d3('vbic', 'none')),
  r3('vorr', s3(1, 1, 0, 2), logic('orr'), d3('vorr', 'none')),
  r3('vorn', s3(1, 1, 0, 3), logic('orn'), d3('vorn', 'none')),
  r3('veor', s3(1, 1, 1, 0), logic('eor'), d3('veor', 'none')),
  r3('vbsl', s3(1, 1, 1, 1), logic('bsl'), d3('vbsl', 'none')),
  r3('vbit', s3(1, 1, 1, 2), logic('bit'), d3('vbit', 'none')),
  r3('vbif', s3(1, 1, 1, 3), logic('bif'), d3('vbif', 'none')),
  r3('vhsub', s3(2, 0), same3({ wide: true, op: hsub }), d3('vhsub', 'su')),
  r3('vqsub', s3(2, 1), same3({ wide: true, sizes: 15, op: qsub }), d3('vqsub', 'su')),
  r3('vcgt', s3(3, 0), same3({ op: cgt }), d3('vcgt', 'su')),
  r3('vcge', s3(3, 1), same3({ op: cge }), d3('vcge', 'su')),
  r3('vshl', s3(4, 0), same3({ sizes: 15, op: (V, s, v, d, es, sg) => shiftReg(false, false)(V, s, v, d, es, sg) }), d3shift('vshl')),
  r3('vqshl', s3(4, 1), same3({ sizes: 15, wide: true, op: qshiftReg(false) }), d3shift('vqshl')),
  r3('vrshl', s3(5, 0), same3({ sizes: 15, op: shiftReg(true, false) }), d3shift('vrshl')),
  r3('vqrshl', s3(5, 1), same3({ sizes: 15, wide: true, op: qshiftReg(true) }), d3shift('vqrshl')),
  r3('vmax', s3(6, 0), same3({ op: max }), d3('vmax', 'su')),
  r3('vmin', s3(6, 1), same3({ op: min }), d3('vmin', 'su')),
  r3('vabd', s3(7, 0), same3({ wide: true, op: abd }), d3('vabd', 'su')),
  r3('vaba', s3(7, 1), same3({ wide: true, acc: true, op: aba }), d3('vaba', 'su')),
  r3('vadd', s3(8, 0, 0), same3({ sizes: 15, op: add }), d3('vadd', 'i')),
  r3('vsub', s3(8, 0, 1), same3({ sizes: 15, op: sub }), d3('vsub', 'i')),
  r3('vtst', s3(8, 1, 0), same3({ op: tst }), d3('vtst', '')),
  r3('vceq', s3(8, 1, 1), same3({ op: ceq }), d3('vceq', 'i')),
  r3('vmla', s3(9, 0, 0), same3({ acc: true, op: mla }), d3('vmla', 'i')),
  r3('vmls', s3(9, 0, 1), same3({ acc: true, op: mls }), d3('vmls', 'i')),
  r3('vmul', s3(9, 1, 0), same3({ op: mul }), d3('vmul', 'i')),
  r3('vmul.p8', s3(9, 1, 1, 0), same3({ sizes: 1, signedFixed: false, op: pmul }), d3('vmul', 'p')),
  r3('vpmax', s3(10, 0), pairwise(max), d3('vpmax', 'su')),
  r3('vpmin', s3(10, 1), pairwise(min), d3('vpmin', 'su')),
  r3('vqdmulh', s3(11, 0, 0), same3({ sizes: 6, wide: true, signedFixed: true, op: qdmulh(false) }), (i) => `vqdmulh${dt(i, 'su').replace('.u', '.s')}\t${t3(i)}`),
  r3('vqrdmulh', s3(11, 0, 1), same3({ sizes: 6, wide: true, signedFixed: true, op: qdmulh(true) }), (i) => `vqrdmulh${dt(i, 'su').replace('.u', '.s')}\t${t3(i)}`),
  r3('vpadd', s3(11, 1, 0), pairwise(add), d3('vpadd', 'i')),
  // float: C bit 21 is op, bit 20 sz
  r3('vfma.f32', s3(12, 1, 0, 0, 2), float3('neon_fma_f', kind(0), true), d3('vfma', 'f')),
  r3('vfms.f32', s3(12, 1, 0, 2, 2), float3('neon_fma_f', kind(1), true), d3('vfms', 'f')),
  r3('vadd.f32', s3(13, 0, 0, 0, 2), float3('neon_add_f'), d3('vadd', 'f')),
  r3('vsub.f32', s3(13, 0, 0, 2, 2), float3('neon_sub_f'), d3('vsub', 'f')),
  r3('vpadd.f32', s3(13, 0, 1, 0, 2), float3('neon_add_f', undefined, false, true), d3('vpadd', 'f')),
  r3('vabd.f32', s3(13, 0, 1, 2, 2), float3('neon_abd_f'), d3('vabd', 'f')),
  r3('vmla.f32', s3(13, 1, 0, 0, 2), float3('neon_mac_f', kind(0), true), d3('vmla', 'f')),
  r3('vmls.f32', s3(13, 1, 0, 2, 2), float3('neon_mac_f', kind(1), true), d3('vmls', 'f')),
  r3('vmul.f32', s3(13, 1, 1, 0, 2), float3('neon_mul_f'), d3('vmul', 'f')),
  r3('vceq.f32', s3(14, 0, 0, 0, 2), float3('neon_cmp_f', kind(0)), d3('vceq', 'f')),
  r3('vcge.f32', s3(14, 0, 1, 0, 2), float3('neon_cmp_f', kind(1)), d3('vcge', 'f')),
  r3('vcgt.f32', s3(14, 0, 1, 2, 2), float3('neon_cmp_f', kind(2)), d3('vcgt', 'f')),
  r3('vacge.f32', s3(14, 1, 1, 0, 2), float3('neon_cmp_f', kind(3)), d3('vacge', 'f')),
  r3('vacgt.f32', s3(14, 1, 1, 2, 2), float3('neon_cmp_f', kind(4)), d3('vacgt', 'f')),
  r3('vmax.f32', s3(15, 0, 0, 0, 2), float3('neon_max_f'), d3('vmax', 'f')),
  r3('vmin.f32', s3(15, 0, 0, 2, 2), float3('neon_min_f'), d3('vmin', 'f')),
  r3('vpmax.f32', s3(15, 0, 1, 0, 2), float3('neon_max_f', undefined, false, true), d3('vpmax', 'f')),
  r3('vpmin.f32', s3(15, 0, 1, 2, 2), float3('neon_min_f', undefined, false, true), d3('vpmin', 'f')),
  r3('vrecps.f32', s3(15, 1, 0, 0, 2), float3('neon_recps_f'), d3('vrecps', 'f')),
  r3('vrsqrts.f32', s3(15, 1, 0, 2, 2), float3('neon_rsqrts_f'), d3('vrsqrts', 'f')),
];

// ---- one register and a modified immediate ---------------------------------------------------

/** AdvSIMDExpandImm: [lo word, hi word] of the 64-bit pattern, or undefined (reserved). */
export function simdExpandImm(op: number, cmode: number, imm8: number): [number, number] | undefined {
  let w: number;
  switch (cmode >> 1) {
    case 0: w = imm8; break;
    case 1: w = imm8 << 8; break;
    case 2: w = imm8 << 16; break;
    case 3: w = imm8 << 24; break;
    case 4: w = (imm8 | (imm8 << 16)); break;
    case 5: w = ((imm8 << 8) | (imm8 << 24)); break;
    case 6: w = cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff; break;
    default:
      if (!(cmode & 1)) {
        if (!op) {
          w = imm8 * 0x01010101;
          break;
        }
        let lo = 0, hi = 0;
        for (let k = 0; k < 8; k++) {
          const byte = (imm8 >> k) & 1 ? 0xff : 0;
          if (k < 4) lo |= byte << (8 * k);
          else hi |= byte << (8 * (k - 4));
        }
        return [lo | 0, hi | 0];
      }
      if (op) return undefined;
      // VMOV.F32: the VFP-style 8-bit float
      w = ((imm8 >> 7) << 31) | ((((imm8 >> 6) & 1) ^ 1) << 30) | (((imm8 >> 6) & 1 ? 0x1f : 0) << 25) | ((imm8 & 0x3f) << 19);
  }
  return [w | 0, w | 0];
}
const immFields = (i: number) => ({ op: bit(i, 5), cmode: bits(i, 11, 8), imm8: (bit(i, 24) << 7) | (bits(i, 18, 16) << 4) | bits(i, 3, 0) });

function liftModImm(L: ArmLifter, i: number): void {
  const { op, cmode, imm8 } = immFields(i);
  const imm = simdExpandImm(op, cmode, imm8);
  if (!imm || !qOk(i, D(i))) return L.undefinedInsn();
  const b = L.b;
  // cmode 0xx1 / 10x1: VORR (op 0) / VBIC (op 1); otherwise VMOV (op 0) / VMVN (op 1), except
  // cmode 1110 op 1 (VMOV.I64) and 1111 (VMOV.F32)
  const isLogic = cmode < 12 && (cmode & 1) === 1;
  const invert = op === 1 && !isLogic && cmode !== 14;
  for (let r = 0; r < regs(i); r++) {
    for (let w = 0; w < 2; w++) {
      const k = L.i32(invert ? ~imm[w] : imm[w]);
      if (isLogic) {
        const d = getDW(L, D(i) + r, w);
        setDW(L, D(i) + r, w, op ? b.bin('and', d, b.un('not', k)) : b.bin('or', d, k));
      } else setDW(L, D(i) + r, w, k);
    }
  }
}
function disModImm(i: number): string {
  const { op, cmode, imm8 } = immFields(i);
  const imm = simdExpandImm(op, cmode, imm8);
  const reg = vreg(Q(i), D(i));
  if (!imm) return `.inst\t${hex(i)}`;
  const isLogic = cmode < 12 && (cmode & 1) === 1;
  const name = isLogic ? (op ? 'vbic' : 'vorr') : op && cmode !== 14 ? 'vmvn' : 'vmov';
  if (cmode === 14 && op) return `${name}.i64\t${reg}, #0x${(imm[1] >>> 0).toString(16).padStart(8, '0')}${(imm[0] >>> 0).toString(16).padStart(8, '0')}`;
  if (cmode === 15) {
    const f = new Float32Array(new Int32Array([imm[0]]).buffer)[0];
    return `${name}.f32\t${reg}, #${f}\t@ ${hex(imm[0]).replace(/^0x/, '0x').padStart(10, '0')}`;
  }
  if (cmode === 14) return `${name}.i8\t${reg}, #${imm8}\t@ 0x${imm8.toString(16).padStart(2, '0')}`;
  const size = cmode < 8 ? 32 : cmode < 12 ? 16 : 32;
  const v = size === 16 ? imm[0] & 0xffff : imm[0] >>> 0;
  const comment = size === 16 ? `0x${v.toString(16).padStart(4, '0')}` : `0x${v.toString(16).padStart(8, '0')}`;
  return `${name}.i${size}\t${reg}, #${v}\t@ ${comment}`;
}

// ---- two registers and a shift amount ---------------------------------------------------------

/** esize and the raw L:imm6 of a shift-by-immediate instruction. */
function shiftSize(i: number): { esize: Esize; imm: number } {
  const imm = (bit(i, 7) << 6) | bits(i, 21, 16);
  const esize: Esize = bit(i, 7) ? 64 : imm & 32 ? 32 : imm & 16 ? 16 : 8;
  return { esize, imm };
}
/** Right shift amount (1..esize) and left shift amount (0..esize-1). */
const rightAmount = (i: number) => {
  const { esize, imm } = shiftSize(i);
  return esize === 64 ? 64 - (imm & 63) : 2 * esize - imm;
};
const leftAmount = (i: number) => {
  const { esize, imm } = shiftSize(i);
  return esize === 64 ? imm & 63 : imm - esize;
};

type ShiftOp = (V: Lanes, v: Temp, d: Temp, sh: number, es: Esize, signed: boolean) => Temp;

function shiftImm(op: ShiftOp, right: boolean, acc: boolean, signedIn?: boolean): Row['lift'] {
  return (L, i) => {
    if (!qOk(i, D(i), M(i))) return L.undefinedInsn();
    const { esize } = shiftSize(i);
    const signed = signedIn ?? !U(i);
    const sh = right ? rightAmount(i) : leftAmount(i);
    const V = new Lanes(L);
    const m = V.read(M(i), regs(i), esize, signed, true);
    const d = acc ? V.read(D(i), regs(i), esize, signed, true) : [];
    V.write(D(i), esize, m.map((v, e) => op(V, v, d[e], sh, esize, signed)));
    V.finish();
  };
}
const shr: ShiftOp = (V, v, _d, sh, _es, sg) => V.shrBig(v, V.k(sh), sg);
const rshr: ShiftOp = (V, v, _d, sh, _es, sg) => V.rshrBig(v, V.k(sh), sg);
const sra: ShiftOp = (V, v, d, sh, es, sg) => V.bin('add', d, shr(V, v, d, sh, es, sg));
const rsra: ShiftOp = (V, v, d, sh, es, sg) => V.bin('add', d, rshr(V, v, d, sh, es, sg));
const shlImm: ShiftOp = (V, v, _d, sh) => V.sh('shl', v, sh);
/** Insert: bits the shifted value covers come from it, the others stay. */
const sri: ShiftOp = (V, v, d, sh, es) => {
  if (sh >= es) return d;
  const ones = es === 64 ? -1n : (1n << BigInt(es)) - 1n;
  const mask = V.kOf(v, V.width(v) === 64 ? ones >> BigInt(sh) : Number(BigInt.asIntN(32, ones >> BigInt(sh))));
  return V.bin('or', V.bin('and', d, V.b.un('not', mask)), V.bin('and', V.sh('shr_u', v, sh), mask));
};
const sli: ShiftOp = (V, v, d, sh, es) => {
  const ones = es === 64 ? -1n : (1n << BigInt(es)) - 1n;
  const m = BigInt.asUintN(es, ones << BigInt(sh));
  const mask = V.kOf(v, V.width(v) === 64 ? BigInt.asIntN(64, m) : Number(BigInt.asIntN(32, m)));
  return V.bin('or', V.bin('and', d, V.b.un('not', mask)), V.bin('and', V.sh('shl', v, sh), mask));
};
/** VQSHL/VQSHLU by immediate: `outSigned` is the saturation's signedness. */
const qshlImm = (outSigned?: boolean): ShiftOp => (V, v, _d, sh, es, sg) => {
  const os = outSigned ?? sg;
  if (es < 64) return V.sat(V.sh('shl', v, sh), es, os); // es <= 32, domain 32/64 holds es + sh bits
  const r = V.sh('shl', v, sh);
  const back = V.sh(sg ? 'shr_s' : 'shr_u', r, sh);
  let ovf = V.bin('ne', back, v);
  let lim: Temp;
  if (sg && !os) {
    // signed in, unsigned out: negatives go to 0
    const negIn = V.bin('lt_s', v, V.k64(0));
    ovf = V.bin('or', ovf, negIn);
    lim = V.sel(negIn, V.k64(0), V.k64(-1));
  } else if (sg) {
    ovf = V.bin('or', ovf, V.bin('ne', V.bin('lt_s', r, V.k64(0)), V.bin('lt_s', v, V.k64(0))));
    lim = V.sel(V.bin('lt_s', v, V.k64(0)), V.k64(-(2n ** 63n)), V.k64(2n ** 63n - 1n));
  } else lim = V.k64(-1);
  V.noteSat(ovf);
  return V.sel(ovf, lim, r);
};

/**
 * Narrowing shifts: source elements 2*esize from Q register Vm, results esize in D register Vd.
 * `sat`: undefined (truncate), or the result's signedness; `round`: rounding shift.
 */
function shiftNarrow(round: boolean, sat: 'same' | 'unsigned' | undefined, signedIn: (i: number) => boolean): Row['lift'] {
  return (L, i) => {
    if (M(i) & 1) return L.undefinedInsn();
    const { esize } = shiftSize(i);
    const sh = rightAmount(i);
    const signed = signedIn(i);
    const V = new Lanes(L);
    const src = V.read(M(i), 2, (esize * 2) as Esize, signed, true);
    const out = src.map((v) => {
      const s = round ? V.rshrBig(v, V.k(sh), signed) : V.shrBig(v, V.k(sh), signed);
      if (!sat) return s;
      return V.sat(s, esize, sat === 'same' ? signed : false, !signed && esize === 32);
    });
    V.write(D(i), esize, out);
    V.finish();
  };
}

/** VSHLL (shift < esize) / VMOVL (shift 0): widen Vm (D) into Vd (Q). */
function liftShll(L: ArmLifter, i: number): void {
  if (D(i) & 1) return L.undefinedInsn();
  const { esize } = shiftSize(i);
  const sh = leftAmount(i);
  const signed = !U(i);
  const V = new Lanes(L);
  const src = V.read(M(i), 1, esize, signed, true);
  V.write(D(i), (esize * 2) as Esize, src.map((v) => V.sh('shl', v, sh)));
}

/** VCVT between f32 and fixed point (bit 8: to fixed), fbits = 64 - imm6. */
function liftCvtFixedNeon(L: ArmLifter, i: number): void {
  if (!bit(i, 21) || !qOk(i, D(i), M(i))) return L.undefinedInsn();
  const fbits = 64 - bits(i, 21, 16);
  const toFixed = bit(i, 8) === 1;
  const V = new Lanes(L);
  const m = V.read(M(i), regs(i), 32, false);
  const args = (v: Temp) => [v, L.i32(fbits), L.i32(U(i) ? 1 : 0)];
  V.write(D(i), 32, m.map((v) => callH(L, toFixed ? 'neon_tofixed' : 'neon_fromfixed', args(v), 'i32')));
}

/** Row matcher for shift-by-immediate: A (bits 11:8), U; requires L:imm6 not 0000xxx. */
function sh2(a: number, u?: number, extraMask = 0, extraMatch = 0): [number, number] {
  let mask = 0xfe800f10 | extraMask, match = 0xf2800010 | (a << 8) | extraMatch;
  if (u !== undefined) {
    mask |= 1 << 24;
    match |= u << 24;
  }
  return [mask, match];
}
const isShiftImm = (i: number) => (bit(i, 7) | bits(i, 21, 19)) !== 0;
/** A row that only matches when L:imm6 is not 0000xxx (those are other encodings). */
const rs = (name: string, [mask, match]: [number, number], lift: Row['lift'], dis: Row['dis']): Row => row(name, mask, match, lift, dis);
const dShift = (m: string, k: 'su' | 'i' | '' | 's', right: boolean) => (i: number) => {
  const { esize } = shiftSize(i);
  const t = k === 'su' ? `${U(i) ? 'u' : 's'}${esize}` : k === 's' ? `s${esize}` : k === 'i' ? `i${esize}` : `${esize}`;
  return `${m}.${t}\t${t2(i)}, #${right ? rightAmount(i) : leftAmount(i)}`;
};
const dNarrow = (m: string, k: 'su' | 'i' | 's') => (i: number) => {
  const { esize } = shiftSize(i);
  const e2 = esize * 2;
  const t = k === 'su' ? `${U(i) ? 'u' : 's'}${e2}` : k === 's' ? `s${e2}` : `i${e2}`;
  return `${m}.${t}\t${dName(D(i))}, ${qName(M(i))}, #${rightAmount(i)}`;
};

const ROWS_SHIFT: Row[] = [
  rs('vshr', sh2(0), shiftImm(shr, true, false), dShift('vshr', 'su', true)),
  rs('vsra', sh2(1), shiftImm(sra, true, true), dShift('vsra', 'su', true)),
  rs('vrshr', sh2(2), shiftImm(rshr, true, false), dShift('vrshr', 'su', true)),
  rs('vrsra', sh2(3), shiftImm(rsra, true, true), dShift('vrsra', 'su', true)),
  rs('vsri', sh2(4, 1), shiftImm(sri, true, true), dShift('vsri', '', true)),
  rs('vshl.imm', sh2(5, 0), shiftImm(shlImm, false, false), dShift('vshl', 's', false)),
  rs('vsli', sh2(5, 1), shiftImm(sli, false, true), dShift('vsli', '', false)),
  rs('vqshlu', sh2(6, 1), shiftImm(qshlImm(false), false, false, true), (i) => dShift('vqshlu', 's', false)(i)),
  rs('vqshl.imm', sh2(7), shiftImm(qshlImm(), false, false), dShift('vqshl', 'su', false)),
  rs('vshrn', sh2(8, 0, 0xc0, 0x00), shiftNarrow(false, undefined, () => false), dNarrow('vshrn', 'i')),
  rs('vrshrn', sh2(8, 0, 0xc0, 0x40), shiftNarrow(true, undefined, () => false), dNarrow('vrshrn', 'i')),
  rs('vqshrun', sh2(8, 1, 0xc0, 0x00), shiftNarrow(false, 'unsigned', () => true), dNarrow('vqshrun', 's')),
  rs('vqrshrun', sh2(8, 1, 0xc0, 0x40), shiftNarrow(true, 'unsigned', () => true), dNarrow('vqrshrun', 's')),
  rs('vqshrn', sh2(9, undefined, 0xc0, 0x00), shiftNarrow(false, 'same', (i) => !U(i)), dNarrow('vqshrn', 'su')),
  rs('vqrshrn', sh2(9, undefined, 0xc0, 0x40), shiftNarrow(true, 'same', (i) => !U(i)), dNarrow('vqrshrn', 'su')),
  rs('vshll', sh2(10, undefined, 0xc0, 0x00), liftShll, (i) => {
    const { esize } = shiftSize(i);
    const sh = leftAmount(i);
    const t = `${U(i) ? 'u' : 's'}${esize}`;
    return sh === 0 ? `vmovl.${t}\t${qName(D(i))}, ${dName(M(i))}` : `vshll.${t}\t${qName(D(i))}, ${dName(M(i))}, #${sh}`;
  }),
  rs('vcvt.fixed', [0xfe800e90, 0xf2800e10], liftCvtFixedNeon, (i) => {
    const it = `${U(i) ? 'u' : 's'}32`;
    return `vcvt.${bit(i, 8) ? `${it}.f32` : `f32.${it}`}\t${t2(i)}, #${64 - bits(i, 21, 16)}`;
  }),
];

// ---- three registers of different lengths ----------------------------------------------------

/**
 * Long/wide/narrow ops. kind 'L': Vd(Q) = op(Vn(D), Vm(D)) at 2*esize; 'W': Vd(Q) = op(Vn(Q), Vm(D));
 * 'N': Vd(D) = high half of op(Vn(Q), Vm(Q)).
 */
function diff3(kind: 'L' | 'W' | 'N', op: LaneOp, acc = false, signedFixed?: boolean, round = false): Row['lift'] {
  return (L, i) => {
    const size = SIZE(i);
    if (size === 3) return L.undefinedInsn();
    const esize = esizeOf(size);
    const e2 = (esize * 2) as Esize;
    if ((kind !== 'N' && D(i) & 1) || (kind === 'W' && N(i) & 1) || (kind === 'N' && (N(i) | M(i)) & 1)) return L.undefinedInsn();
    const signed = signedFixed ?? !U(i);
    const V = new Lanes(L);
    if (kind === 'N') {
      const n = V.read(N(i), 2, e2, false, true);
      const m = V.read(M(i), 2, e2, false, true);
      const out = n.map((a, e) => {
        let r = op(V, a, m[e], a, e2, false);
        if (round) r = V.bin('add', r, V.kOf(r, e2 === 64 ? 2n ** 31n : 2 ** (esize - 1)));
        return V.sh('shr_u', r, esize);
      });
      V.write(D(i), esize, out);
      return;
    }
    // the domain of 2*esize: i32 for 16/32-bit results, i64 for 64-bit ones
    const n = kind === 'W' ? V.read(N(i), 2, e2, signed) : V.read(N(i), 1, esize, signed, true);
    const m = V.read(M(i), 1, esize, signed, true);
    const d = acc ? V.read(D(i), 2, e2, signed) : [];
    V.write(D(i), e2, n.map((a, e) => op(V, a, m[e], d[e], e2, signed)));
    V.finish();
  };
}
/** 2*a*b saturated to esize2 (only MIN*MIN overflows). */
const qdmull = (V: Lanes, a: Temp, b: Temp, es2: number): Temp => {
  const p = V.bin('mul', a, b);
  const ovf = V.bin('eq', p, V.kOf(p, es2 === 64 ? 2n ** 62n : 2 ** 30));
  V.noteSat(ovf);
  return V.sel(ovf, V.kOf(p, es2 === 64 ? 2n ** 63n - 1n : 0x7fffffff), V.sh('shl', p, 1));
};
const qdmlal = (sub: boolean): LaneOp => (V, a, b, d, es) => {
  const p = qdmull(V, a, b, es);
  if (es === 64) return V.sat64(sub ? 'sub' : 'add', d, p, true);
  // 32-bit accumulate in i64
  const wide = V.bin(sub ? 'sub' : 'add', V.b.un('sext32to64', d), V.b.un('sext32to64', p));
  return V.sat(wide, 32, true);
};
const dL = (m: string, k: 'su' | 'i' | 's' | 'p', form: 'L' | 'W' | 'N') => (i: number) => {
  const esize = esizeOf(SIZE(i));
  const t = k === 'su' ? `${U(i) ? 'u' : 's'}${form === 'N' ? esize * 2 : esize}` : k === 's' ? `s${esize}` : k === 'p' ? `p${esize}` : `i${esize * 2}`;
  if (form === 'L') return `${m}.${t}\t${qName(D(i))}, ${dName(N(i))}, ${dName(M(i))}`;
  if (form === 'W') return `${m}.${t}\t${qName(D(i))}, ${qName(N(i))}, ${dName(M(i))}`;
  return `${m}.${t}\t${dName(D(i))}, ${qName(N(i))}, ${qName(M(i))}`;
};
/** Row matcher: bit 23 set, bits 6 and 4 clear, A at 11:8, size != 3 (checked by rowsDiff). */
function df(a: number, u?: number): [number, number] {
  let mask = 0xfe800f50, match = 0xf2800000 | (a << 8);
  if (u !== undefined) {
    mask |= 1 << 24;
    match |= u << 24;
  }
  return [mask, match];
}
const ROWS_DIFF: Row[] = [
  r3('vaddl', df(0), diff3('L', add), dL('vaddl', 'su', 'L')),
  r3('vaddw', df(1), diff3('W', add), dL('vaddw', 'su', 'W')),
  r3('vsubl', df(2), diff3('L', sub), dL('vsubl', 'su', 'L')),
  r3('vsubw', df(3), diff3('W', sub), dL('vsubw', 'su', 'W')),
  r3('vaddhn', df(4, 0), diff3('N', add), dL('vaddhn', 'i', 'N')),
  r3('vraddhn', df(4, 1), diff3('N', add, false, undefined, true), dL('vraddhn', 'i', 'N')),
  r3('vabal', df(5), diff3('L', aba, true), dL('vabal', 'su', 'L')),
  r3('vsubhn', df(6, 0), diff3('N', sub), dL('vsubhn', 'i', 'N')),
  r3('vrsubhn', df(6, 1), diff3('N', sub, false, undefined, true), dL('vrsubhn', 'i', 'N')),
  r3('vabdl', df(7), diff3('L', abd), dL('vabdl', 'su', 'L')),
  r3('vmlal', df(8), diff3('L', mla, true), dL('vmlal', 'su', 'L')),
  r3('vqdmlal', df(9, 0), diff3('L', qdmlal(false), true, true), dL('vqdmlal', 's', 'L')),
  r3('vmlsl', df(10), diff3('L', mls, true), dL('vmlsl', 'su', 'L')),
  r3('vqdmlsl', df(11, 0), diff3('L', qdmlal(true), true, true), dL('vqdmlsl', 's', 'L')),
  r3('vmull', df(12), diff3('L', mul), dL('vmull', 'su', 'L')),
  r3('vqdmull', df(13, 0), diff3('L', (V, a, b, _d, es) => qdmull(V, a, b, es), false, true), dL('vqdmull', 's', 'L')),
  r3('vmull.p8', df(14, 0), diff3('L', pmul, false, false), dL('vmull', 'p', 'L')),
];

// ---- two registers and a scalar ---------------------------------------------------------------

/** The scalar operand M: [D register, index] by size (16: Vm<2:0>, M:Vm<3> index; 32: Vm, M). */
function scalarM(i: number, esize: number): [number, number] {
  return esize === 16 ? [bits(i, 2, 0), (bit(i, 5) << 1) | bit(i, 3)] : [bits(i, 3, 0), bit(i, 5)];
}
/** kind 'S': Vd = op(Vn, scalar) same size (Q by bit 24); 'L': long; float via a helper. */
function byScalar(kind: 'S' | 'L' | 'F', op: LaneOp | string, acc: boolean, signedFixed?: boolean, fkind?: number): Row['lift'] {
  return (L, i) => {
    const size = SIZE(i);
    const esize = esizeOf(size);
    if (size === 0 || size === 3 || (kind === 'F' && size !== 2)) return L.undefinedInsn();
    const q = kind !== 'L' && U(i);
    if (q && (D(i) & 1 || N(i) & 1)) return L.undefinedInsn();
    if (kind === 'L' && D(i) & 1) return L.undefinedInsn();
    const V = new Lanes(L);
    const [dm, idx] = scalarM(i, esize);
    const signed = signedFixed ?? !U(i);
    if (kind === 'F') {
      const n = V.read(N(i), q ? 2 : 1, 32, false);
      const s = V.readOne(dm, 32, idx, false);
      const d = acc ? V.read(D(i), q ? 2 : 1, 32, false) : [];
      V.write(D(i), 32, n.map((a, e) => callH(L, op as string, [...(acc ? [d[e]] : []), a, s, ...(fkind !== undefined ? [L.i32(fkind)] : [])], 'i32')));
      return;
    }
    const wide = kind === 'L' || (op === QDMULH || op === QRDMULH);
    const n = V.read(N(i), q ? 2 : 1, esize, signed, wide);
    const s = V.readOne(dm, esize, idx, signed, wide);
    const outSize = (kind === 'L' ? esize * 2 : esize) as Esize;
    const d = acc ? V.read(D(i), kind === 'L' ? 2 : q ? 2 : 1, outSize, signed, kind !== 'L' && wide) : [];
    V.write(D(i), outSize, n.map((a, e) => (op as LaneOp)(V, a, s, d[e], outSize === esize ? esize : outSize, signed)));
    V.finish();
  };
}
const QDMULH = qdmulh(false), QRDMULH = qdmulh(true);
const dS = (m: string, k: 'i' | 'f' | 'su' | 's', form: 'S' | 'L') => (i: number) => {
  const esize = esizeOf(SIZE(i));
  const [dm, idx] = scalarM(i, esize);
  const t = k === 'f' ? 'f32' : k === 'i' ? `i${esize}` : k === 's' ? `s${esize}` : `${U(i) ? 'u' : 's'}${esize}`;
  const q = form === 'S' && U(i);
  const dst = form === 'L' ? qName(D(i)) : vreg(q, D(i));
  const src = form === 'L' ? dName(N(i)) : vreg(q, N(i));
  return `${m}.${t}\t${dst}, ${src}, ${dName(dm)}[${idx}]`;
};
/** Row matcher: bit 23 set, bit 6 set, bit 4 clear, A at 11:8. */
function sc(a: number, u?: number): [number, number] {
  let mask = 0xfe800f50, match = 0xf2800040 | (a << 8);
  if (u !== undefined) {
    mask |= 1 << 24;
    match |= u << 24;
  }
  return [mask, match];
}
const ROWS_SCALAR: Row[] = [
  r3('vmla.scalar', sc(0), byScalar('S', mla, true), dS('vmla', 'i', 'S')),
  r3('vmla.f.scalar', sc(1), byScalar('F', 'neon_mac_f', true, undefined, 0), dS('vmla', 'f', 'S')),
  r3('vmlal.scalar', sc(2), byScalar('L', mla, true), dS('vmlal', 'su', 'L')),
  r3('vqdmlal.scalar', sc(3, 0), byScalar('L', qdmlal(false), true, true), dS('vqdmlal', 's', 'L')),
  r3('vmls.scalar', sc(4), byScalar('S', mls, true), dS('vmls', 'i', 'S')),
  r3('vmls.f.scalar', sc(5), byScalar('F', 'neon_mac_f', true, undefined, 1), dS('vmls', 'f', 'S')),
  r3('vmlsl.scalar', sc(6), byScalar('L', mls, true), dS('vmlsl', 'su', 'L')),
  r3('vqdmlsl.scalar', sc(7, 0), byScalar('L', qdmlal(true), true, true), dS('vqdmlsl', 's', 'L')),
  r3('vmul.scalar', sc(8), byScalar('S', mul, false), dS('vmul', 'i', 'S')),
  r3('vmul.f.scalar', sc(9), byScalar('F', 'neon_mul_f', false), dS('vmul', 'f', 'S')),
  r3('vmull.scalar', sc(10), byScalar('L', mul, false), dS('vmull', 'su', 'L')),
  r3('vqdmull.scalar', sc(11, 0), byScalar('L', (V, a, b, _d, es) => qdmull(V, a, b, es), false, true), dS('vqdmull', 's', 'L')),
  r3('vqdmulh.scalar', sc(12), byScalar('S', QDMULH, false, true), dS('vqdmulh', 's', 'S')),
  r3('vqrdmulh.scalar', sc(13), byScalar('S', QRDMULH, false, true), dS('vqrdmulh', 's', 'S')),
];

// ---- two registers, miscellaneous -------------------------------------------------------------

/** Row matcher: 1111 0011 1D11 ss AA dddd 0 BBBBB Q M 0 mmmm; a = bits 17:16, b = bits 10:7 (4 bits, bit 6 is Q). */
function mi(a: number, b: number, bmask = 0xf): [number, number] {
  return [0xffb30810 | (bmask << 7), 0xf3b00000 | (a << 16) | (b << 7)];
}
const dMisc = (m: string, k: 'su' | 'i' | 's' | '' | 'f' | 'none', zero = false) => (i: number) => {
  const esize = esizeOf(bits(i, 19, 18));
  const su = bit(i, 7) ? 'u' : 's';
  const t = k === 'none' ? '' : k === 'su' ? `.${su}${esize}` : k === 'f' ? '.f32' : `.${k}${esize}`;
  return `${m}${t}\t${t2(i)}${zero ? ', #0' : ''}`;
};
const MSIZE = (i: number) => bits(i, 19, 18);

/** Elementwise unary op on Vm -> Vd at the misc size. */
function unary(op: (V: Lanes, v: Temp, es: Esize) => Temp, signed: boolean | ((i: number) => boolean), sizes = 0b0111, wide = false): Row['lift'] {
  return (L, i) => {
    const size = MSIZE(i);
    if (!(sizes & (1 << size)) || !qOk(i, D(i), M(i))) return L.undefinedInsn();
    const es = esizeOf(size);
    const V = new Lanes(L);
    const sg = typeof signed === 'function' ? signed(i) : signed;
    const m = V.read(M(i), regs(i), es, sg, wide);
    V.write(D(i), es, m.map((v) => op(V, v, es)));
    V.finish();
  };
}
/** Float lanes through a helper (size must be 2). */
function unaryF(helper: string, extra: number[] = []): Row['lift'] {
  return (L, i) => {
    if (MSIZE(i) !== 2 || !qOk(i, D(i), M(i))) return L.undefinedInsn();
    const V = new Lanes(L);
    const m = V.read(M(i), regs(i), 32, false);
    V.write(D(i), 32, m.map((v) => callH(L, helper, [v, ...extra.map((x) => L.i32(x))], 'i32')));
  };
}

/** VREV: reverse the esize elements within each `group`-bit container. */
function vrev(groupBits: number): Row['lift'] {
  return (L, i) => {
    const size = MSIZE(i);
    const es = esizeOf(size);
    if (es >= groupBits || !qOk(i, D(i), M(i))) return L.undefinedInsn();
    const V = new Lanes(L);
    const m = V.read(M(i), regs(i), es, false);
    const per = groupBits / es;
    const out = m.map((_, e) => m[(e - (e % per)) + (per - 1 - (e % per))]);
    V.write(D(i), es, out);
  };
}
/** VPADDL / VPADAL: pairs of elements added into elements of twice the size. */
function paddl(acc: boolean): Row['lift'] {
  return (L, i) => {
    const size = MSIZE(i);
    if (size === 3 || !qOk(i, D(i), M(i))) return L.undefinedInsn();
    const es = esizeOf(size);
    const signed = bit(i, 7) === 0;
    const V = new Lanes(L);
    const m = V.read(M(i), regs(i), es, signed, true);
    const e2 = (es * 2) as Esize;
    const d = acc ? V.read(D(i), regs(i), e2, signed) : [];
    const out: Temp[] = [];
    for (let k = 0; k < m.length; k += 2) {
      let s = V.bin('add', m[k], m[k + 1]);
      if (e2 === 64 && V.width(s) === 32) s = V.b.un(signed ? 'sext32to64' : 'zext32to64', s);
      if (acc) s = V.bin('add', d[k / 2], s);
      out.push(s);
    }
    V.write(D(i), e2, out);
  };
}
const clzOp = (V: Lanes, v: Temp, es: number) => V.bin('sub', V.b.un('clz', v), V.k(32 - es));
const cntOp = (V: Lanes, v: Temp) => V.b.un('popcnt', v);
const qabsOp = (V: Lanes, v: Temp, es: number) => V.sat(V.abs(v), es, true);
const qnegOp = (V: Lanes, v: Temp, es: number) => V.sat(V.b.un('neg', v), es, true);

/** Compare with zero (kind: 0 GT, 1 GE, 2 EQ, 3 LE, 4 LT); bit 10 F: float. */
function cmpZero(kind: number): Row['lift'] {
  return (L, i) => {
    if (bit(i, 10)) {
      // float compares as helpers: a > 0 is cmp(a, 0, GT); a <= 0 is 0 >= a; a < 0 is 0 > a
      const fk = [2, 1, 0, 1, 2][kind];
      const swap = kind >= 3;
      if (MSIZE(i) !== 2 || !qOk(i, D(i), M(i))) return L.undefinedInsn();
      const V = new Lanes(L);
      const m = V.read(M(i), regs(i), 32, false);
      const z = L.i32(0);
      V.write(D(i), 32, m.map((v) => callH(L, 'neon_cmp_f', swap ? [z, v, L.i32(fk)] : [v, z, L.i32(fk)], 'i32')));
      return;
    }
    const cmp = (V: Lanes, v: Temp) => {
      const z = V.kOf(v, 0);
      const c = kind === 0 ? V.bin('lt_s', z, v) : kind === 1 ? V.bin('le_s', z, v) : kind === 2 ? V.bin('eq', v, z) : kind === 3 ? V.bin('le_s', v, z) : V.bin('lt_s', v, z);
      return V.mask(c);
    };
    unary(cmp, true)(L, i);
  };
}
const dCmpZero = (m: string) => (i: number) => {
  const esize = esizeOf(MSIZE(i));
  const t = bit(i, 10) ? 'f32' : m === 'vceq' ? `i${esize}` : `s${esize}`;
  return `${m}.${t}\t${t2(i)}, #0`;
};
function absNeg(neg: boolean): Row['lift'] {
  return (L, i) => {
    if (bit(i, 10)) {
      if (MSIZE(i) !== 2 || !qOk(i, D(i), M(i))) return L.undefinedInsn();
      const V = new Lanes(L);
      const m = V.read(M(i), regs(i), 32, false);
      V.write(D(i), 32, m.map((v) => (neg ? V.bin('xor', v, V.k(-0x80000000)) : V.bin('and', v, V.k(0x7fffffff)))));
      return;
    }
    unary((V, v) => (neg ? V.b.un('neg', v) : V.abs(v)), true)(L, i);
  };
}

/** VSWP, VTRN, VUZP, VZIP: permutations of the elements of Vd and Vm. */
function permute(kind: 'swp' | 'trn' | 'uzp' | 'zip'): Row['lift'] {
  return (L, i) => {
    const size = MSIZE(i);
    const es = esizeOf(size);
    const q = Q(i);
    if (!qOk(i, D(i), M(i)) || (kind !== 'swp' && size === 3) || ((kind === 'uzp' || kind === 'zip') && !q && size === 2)) return L.undefinedInsn();
    const V = new Lanes(L);
    const r = regs(i);
    if (kind === 'swp') {
      const d = V.read(D(i), r, 32, false), m = V.read(M(i), r, 32, false);
      V.write(D(i), 32, m);
      V.write(M(i), 32, d);
      return;
    }
    const d = V.read(D(i), r, es, false), m = V.read(M(i), r, es, false);
    const n = d.length;
    let nd: Temp[], nm: Temp[];
    if (kind === 'trn') {
      nd = d.map((x, e) => (e & 1 ? m[e - 1] : x));
      nm = m.map((x, e) => (e & 1 ? x : d[e + 1]));
    } else if (kind === 'uzp') {
      const all = [...d, ...m];
      nd = all.filter((_, e) => (e & 1) === 0);
      nm = all.filter((_, e) => (e & 1) === 1);
    } else {
      const all: Temp[] = [];
      for (let e = 0; e < n; e++) all.push(d[e], m[e]);
      nd = all.slice(0, n);
      nm = all.slice(n);
    }
    V.write(D(i), es, nd);
    V.write(M(i), es, nm);
  };
}

/** VMOVN / VQMOVN / VQMOVUN: Q register Vm narrowed into D register Vd. op: bits 7:6. */
function movn(L: ArmLifter, i: number): void {
  const size = MSIZE(i);
  if (size === 3 || M(i) & 1) return L.undefinedInsn();
  const es = esizeOf(size);
  const op = bits(i, 7, 6); // 0 vmovn, 1 vqmovun, 2 vqmovn.s, 3 vqmovn.u
  const V = new Lanes(L);
  const signedIn = op !== 3;
  const m = V.read(M(i), 2, (es * 2) as Esize, signedIn, true);
  V.write(D(i), es, m.map((v) => (op === 0 ? v : V.sat(v, es, op === 2, op === 3 && es === 32))));
  V.finish();
}
const dMovn = (i: number) => {
  const es = esizeOf(MSIZE(i));
  const op = bits(i, 7, 6);
  const [m, t] = op === 0 ? ['vmovn', `i${es * 2}`] : op === 1 ? ['vqmovun', `s${es * 2}`] : ['vqmovn', `${op === 2 ? 's' : 'u'}${es * 2}`];
  return `${m}.${t}\t${dName(D(i))}, ${qName(M(i))}`;
};
/** VSHLL by the element size (the misc form). */
function shllMax(L: ArmLifter, i: number): void {
  const size = MSIZE(i);
  if (size === 3 || D(i) & 1) return L.undefinedInsn();
  const es = esizeOf(size);
  const V = new Lanes(L);
  const m = V.read(M(i), 1, es, false, true);
  V.write(D(i), (es * 2) as Esize, m.map((v) => V.sh('shl', v, es)));
}
/** VCVT f16 <-> f32: bit 8 set: f16 (D register Vm) -> f32 (Q register Vd). */
function cvtHalf(L: ArmLifter, i: number): void {
  if (MSIZE(i) !== 1) return L.undefinedInsn();
  const toSingle = bit(i, 8) === 1;
  if (toSingle ? D(i) & 1 : M(i) & 1) return L.undefinedInsn();
  const V = new Lanes(L);
  if (toSingle) {
    const m = V.read(M(i), 1, 16, false);
    V.write(D(i), 32, m.map((v) => callH(L, 'neon_f16_to_f32', [v], 'i32')));
  } else {
    const m = V.read(M(i), 2, 32, false);
    V.write(D(i), 16, m.map((v) => callH(L, 'neon_f32_to_f16', [v], 'i32')));
  }
}

const ROWS_MISC: Row[] = [
  r3('vrev64', mi(0, 0), vrev(64), dMisc('vrev64', '')),
  r3('vrev32', mi(0, 1), vrev(32), dMisc('vrev32', '')),
  r3('vrev16', mi(0, 2), vrev(16), dMisc('vrev16', '')),
  r3('vpaddl', mi(0, 4, 0xe), paddl(false), dMisc('vpaddl', 'su')),
  r3('vcls', mi(0, 8), unary((V, v, es) => V.bin('sub', V.b.un('clz', V.bin('xor', v, V.sh('shr_s', v, 31))), V.k(32 - es + 1)), true), dMisc('vcls', 's')),
  r3('vclz', mi(0, 9), unary(clzOp, false), dMisc('vclz', 'i')),
  r3('vcnt', mi(0, 10), unary(cntOp, false, 1), dMisc('vcnt', '')),
  r3('vmvn', mi(0, 11), (L, i) => logicUnaryNot(L, i), dMisc('vmvn', 'none')),
  r3('vpadal', mi(0, 12, 0xe), paddl(true), dMisc('vpadal', 'su')),
  r3('vqabs', mi(0, 14), unary(qabsOp, true, 0b0111, true), dMisc('vqabs', 's')),
  r3('vqneg', mi(0, 15), unary(qnegOp, true, 0b0111, true), dMisc('vqneg', 's')),
  r3('vcgt.zero', mi(1, 0, 0x7), cmpZero(0), dCmpZero('vcgt')),
  r3('vcge.zero', mi(1, 1, 0x7), cmpZero(1), dCmpZero('vcge')),
  r3('vceq.zero', mi(1, 2, 0x7), cmpZero(2), dCmpZero('vceq')),
  r3('vcle.zero', mi(1, 3, 0x7), cmpZero(3), dCmpZero('vcle')),
  r3('vclt.zero', mi(1, 4, 0x7), cmpZero(4), dCmpZero('vclt')),
  r3('vabs', mi(1, 6, 0x7), absNeg(false), (i) => `vabs.${bit(i, 10) ? 'f32' : `s${esizeOf(MSIZE(i))}`}\t${t2(i)}`),
  r3('vneg', mi(1, 7, 0x7), absNeg(true), (i) => `vneg.${bit(i, 10) ? 'f32' : `s${esizeOf(MSIZE(i))}`}\t${t2(i)}`),
  r3('vswp', mi(2, 0), permute('swp'), dMisc('vswp', 'none')),
  r3('vtrn', mi(2, 1), permute('trn'), dMisc('vtrn', '')),
  r3('vuzp', mi(2, 2), permute('uzp'), (i) => (!Q(i) && MSIZE(i) === 2 ? dMisc('vtrn', '')(i) : dMisc('vuzp', '')(i))),
  r3('vzip', mi(2, 3), permute('zip'), (i) => (!Q(i) && MSIZE(i) === 2 ? dMisc('vtrn', '')(i) : dMisc('vzip', '')(i))),
  r3('vmovn', mi(2, 4, 0xe), movn, dMovn),
  r3('vshll.max', [0xffb30fd0, 0xf3b20300], shllMax, (i) => `vshll.i${esizeOf(MSIZE(i))}\t${qName(D(i))}, ${dName(M(i))}, #${esizeOf(MSIZE(i))}`),
  r3('vcvt.f16', [0xffb30ed0, 0xf3b20600], cvtHalf, (i) => (bit(i, 8) ? `vcvt.f32.f16\t${qName(D(i))}, ${dName(M(i))}` : `vcvt.f16.f32\t${dName(D(i))}, ${qName(M(i))}`)),
  r3('vrecpe', [0xffb30e90, 0xf3b30400], (L, i) => (bit(i, 8) ? unaryF('neon_recpe_f')(L, i) : unaryF('neon_recpe_u')(L, i)), (i) => `vrecpe.${bit(i, 8) ? 'f' : 'u'}32\t${t2(i)}`),
  r3('vrsqrte', [0xffb30e90, 0xf3b30480], (L, i) => (bit(i, 8) ? unaryF('neon_rsqrte_f')(L, i) : unaryF('neon_rsqrte_u')(L, i)), (i) => `vrsqrte.${bit(i, 8) ? 'f' : 'u'}32\t${t2(i)}`),
  // VCVT f32 <-> s32/u32: bits 8:7 = op (00 s->f, 01 u->f, 10 f->s, 11 f->u)
  r3('vcvt.int', [0xffb30e10, 0xf3b30600], (L, i) => {
    const op = bits(i, 8, 7);
    return op < 2 ? unaryF('neon_fromfixed', [0, op & 1])(L, i) : unaryF('neon_tofixed', [0, op & 1])(L, i);
  }, (i) => {
    const op = bits(i, 8, 7);
    const it = `${op & 1 ? 'u' : 's'}32`;
    return `vcvt.${op < 2 ? `f32.${it}` : `${it}.f32`}\t${t2(i)}`;
  }),
];

function logicUnaryNot(L: ArmLifter, i: number): void {
  if (!qOk(i, D(i), M(i))) return L.undefinedInsn();
  const words: Temp[] = [];
  for (let r = 0; r < regs(i); r++) for (let w = 0; w < 2; w++) words.push(L.b.un('not', getDW(L, M(i) + r, w)));
  words.forEach((v, k) => setDW(L, D(i) + (k >> 1), k & 1, v));
}

// ---- VEXT, VTBL/VTBX, VDUP (scalar) -----------------------------------------------------------

function liftVext(L: ArmLifter, i: number): void {
  const imm4 = bits(i, 11, 8);
  if (!qOk(i, D(i), N(i), M(i)) || (!Q(i) && imm4 > 7)) return L.undefinedInsn();
  const V = new Lanes(L);
  const r = regs(i);
  const bytes = [...V.read(N(i), r, 8, false), ...V.read(M(i), r, 8, false)];
  V.write(D(i), 8, bytes.slice(imm4, imm4 + 8 * r));
}
/** VTBL/VTBX: bytes of Vm index a table of len+1 D registers from Vn; out of range: 0 / Vd's byte. */
function liftVtbl(L: ArmLifter, i: number): void {
  const len = bits(i, 9, 8) + 1;
  const tbx = bit(i, 6) === 1;
  if (N(i) + len > 32) return L.undefinedInsn();
  const V = new Lanes(L);
  const table = V.read(N(i), len, 8, false);
  const idx = V.read(M(i), 1, 8, false);
  const old = tbx ? V.read(D(i), 1, 8, false) : [];
  const out = idx.map((x, e) => {
    let r = tbx ? old[e] : V.k(0);
    // a chain of selects: entries compared against the index
    for (let t = 0; t < table.length; t++) r = V.sel(V.bin('eq', x, V.k(t)), table[t], r);
    return r;
  });
  V.write(D(i), 8, out);
}
function liftVdupScalar(L: ArmLifter, i: number): void {
  const imm4 = bits(i, 19, 16);
  const es: Esize = imm4 & 1 ? 8 : imm4 & 2 ? 16 : imm4 & 4 ? 32 : 64;
  if (es === 64 || !qOk(i, D(i))) return L.undefinedInsn();
  const idx = imm4 >> (es === 8 ? 1 : es === 16 ? 2 : 3);
  const V = new Lanes(L);
  const v = V.readOne(M(i), es, idx, false);
  V.write(D(i), es, new Array((64 / es) * regs(i)).fill(v));
}
const dVdupScalar = (i: number) => {
  const imm4 = bits(i, 19, 16);
  const es = imm4 & 1 ? 8 : imm4 & 2 ? 16 : 32;
  const idx = imm4 >> (es === 8 ? 1 : es === 16 ? 2 : 3);
  return `vdup.${es}\t${vreg(Q(i), D(i))}, ${dName(M(i))}[${idx}]`;
};
function dVtbl(i: number): string {
  const len = bits(i, 9, 8) + 1;
  const list = len === 1 ? `{${dName(N(i))}}` : `{${dName(N(i))}-${dName(N(i) + len - 1)}}`;
  return `${bit(i, 6) ? 'vtbx' : 'vtbl'}.8\t${dName(D(i))}, ${list}, ${dName(M(i))}`;
}

// ---- the table -------------------------------------------------------------------------------

/** Order matters: specific encodings (misc, VEXT, VTBL, VDUP, modified immediate) before the general forms. */
const NEON_ROWS: readonly Row[] = [
  ...ROWS_MISC,
  row('vext', 0xffb00010, 0xf2b00000, liftVext, (i) => `vext.8\t${t3(i)}, #${bits(i, 11, 8)}`),
  row('vtbl', 0xffb00c10, 0xf3b00800, liftVtbl, dVtbl),
  row('vdup.scalar', 0xffb00f90, 0xf3b00c00, liftVdupScalar, dVdupScalar),
  row('vmov.imm', 0xfeb80090, 0xf2800010, liftModImm, disModImm),
  ...ROWS_3SAME,
  ...ROWS_SHIFT.map((r) => ({ ...r, lift: guardShift(r.lift) })),
  ...ROWS_DIFF,
  ...ROWS_SCALAR,
];

/** Shift-by-immediate encodings with L:imm6 = 0000xxx are modified immediates (rows above). */
function guardShift(lift: Row['lift']): Row['lift'] {
  return (L, i) => (isShiftImm(i) ? lift(L, i) : L.undefinedInsn());
}

export const NEON_TABLE = NEON_ROWS;
