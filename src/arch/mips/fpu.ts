// MIPS32r2 FPU (the 24Kf's, as qemu models it): COP1 moves, control registers and branches, the
// S and D arithmetic, conversions to and from W and L, C.cond.fmt on the eight condition codes,
// conditional moves, the COP1X indexed loads/stores and multiply-adds, LWC1/LDC1/SWC1/SDC1 and the
// SPECIAL MOVF/MOVT. No paired single (the 24Kf's FIR has no PS): those encodings stay SIGILL.
//
// Where the FR mode matters (see state.ts): double registers must be even with FR=0 (an odd one is
// a reserved instruction, as qemu has it, except in the conditional moves and LDC1/SDC1, where
// qemu takes the even register), and the L formats and LUXC1/SUXC1 need FR=1.
//
// Semantics are helpers (fpu-helpers.ts) that keep FCSR's cause and flags exact. The double
// add/sub/mul/div/sqrt (and both halves of MADD/MSUB) carry the IR's host fast path: it is used in
// round to nearest with FS, every enable and every cause but Inexact clear, and Inexact both
// accrued and the current cause. A finite normal host result is then the exact result, it raises no
// flag not already accrued, and it leaves the cause at Inexact (the cause of an exact result would
// be 0 there: the one approximation, visible only to a CFC1 that reads the cause field).
import type { FastFloat, Temp } from '../../ir/ir.ts';
import type { MipsLifter } from './lifter.ts';
import { FCSR_CAUSE_SHIFT, FCSR_ENABLES_SHIFT, FCSR_FLAGS_SHIFT, FCSR_FS, FPR_BASE, SLOT_FCSR, fccBit } from './state.ts';
import { type Ctx, type Fields, type Row, branchTarget, gr, hex, row, sext } from './table.ts';

const fr = (n: number): string => `$f${n}`;
const simm = (f: Fields): number => sext(f.i, 16);
const SIGN = -0x80000000;

// ---- the fast-path condition --------------------------------------------------------------

const INEXACT = 1;
const FAST_MASK = 3 | FCSR_FS | (0x1f << FCSR_ENABLES_SHIFT) | (0x3f << FCSR_CAUSE_SHIFT) | (INEXACT << FCSR_FLAGS_SHIFT);
const FAST_VALUE = (INEXACT << FCSR_FLAGS_SHIFT) | (INEXACT << FCSR_CAUSE_SHIFT);

function fastWhen(L: MipsLifter): Temp {
  const B = L.b;
  return B.bin('eq', B.bin('and', B.get(SLOT_FCSR, 'i32'), L.i32(FAST_MASK)), L.i32(FAST_VALUE));
}

/** A helper call with the instruction's PC as its last argument (where SIGFPE is reported). */
function fpCall(L: MipsLifter, helper: string, args: Temp[], ret?: 'i32' | 'i64' | 'f64', fast?: Omit<FastFloat, 'when'>): Temp {
  // Under a branch-likely guard the call must stay guarded: no fast path there.
  const when = fast && L.guard === undefined ? fastWhen(L) : undefined;
  const r = L.call(helper, [...args, L.i32(L.faultPc)], ret);
  if (fast && when !== undefined) {
    const op = L.b.ops[L.b.ops.length - 1]!;
    if (op.k === 'call') op.fast = { ...fast, when };
  }
  return r;
}

// ---- operand access per format ------------------------------------------------------------

type Fmt = 's' | 'd';
const FMT_CODE: Record<Fmt | 'w' | 'l', string> = { s: '10000', d: '10001', w: '10100', l: '10101' };
const getF = (L: MipsLifter, fmt: Fmt, n: number): Temp => (fmt === 'd' ? L.fpDouble(n) : L.fpSingle(n, 'i32'));
const setF = (L: MipsLifter, fmt: Fmt, n: number, v: Temp): void => (fmt === 'd' ? L.setFpDouble(n, v) : L.setFpSingle(n, v));
/** Conditional moves name an odd double with FR=0 as the even pair (qemu checks no register there). */
const getM = (L: MipsLifter, fmt: Fmt, n: number): Temp => getF(L, fmt, fmt === 'd' && !L.fr ? n & ~1 : n);
const setM = (L: MipsLifter, fmt: Fmt, n: number, v: Temp): void => setF(L, fmt, fmt === 'd' && !L.fr ? n & ~1 : n, v);
const retTy = (fmt: Fmt): 'f64' | 'i32' => (fmt === 'd' ? 'f64' : 'i32');

/** The L format lives in a 64-bit register: FR=1 only (qemu's check on the 24Kf). */
function needFr1(L: MipsLifter): void {
  if (!L.fr) throw new Error('64-bit FPR format with FR=0');
}

/** The word MFHC1/MTHC1 reach: FR=1 the high half of $fn; FR=0 $f(n|1), as qemu does for odd n. */
const highSlot = (L: MipsLifter, n: number): number => (L.fr ? FPR_BASE + 2 * n + 1 : FPR_BASE + (n | 1));

/** FCSR condition code cc as i32 0/1. */
function ccBit(L: MipsLifter, cc: number): Temp {
  const B = L.b;
  return B.bin('and', B.bin('shr_u', B.get(SLOT_FCSR, 'i32'), L.i32(fccBit(cc))), L.i32(1));
}
const ccText = (cc: number): string => (cc ? `$fcc${cc},` : '');

/** CFC1/CTC1 register names as objdump prints them. */
const CTRL_NAMES: Record<number, string> = { 0: 'c1_fir', 1: 'c1_ufr', 4: 'c1_unfr', 25: 'c1_fccr', 26: 'c1_fexr', 28: 'c1_fenr', 31: 'c1_fcsr' };
const ctrl = (n: number): string => CTRL_NAMES[n] ?? `$${n}`;

const CONDS = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'];

// ---- rows per format ----------------------------------------------------------------------

const F = (funct: number): string => funct.toString(2).padStart(6, '0');

function arithRows(fmt: Fmt): Row[] {
  const code = FMT_CODE[fmt];
  const three = (name: string, funct: number, fast?: 'add' | 'sub' | 'mul' | 'div'): Row =>
    row(`${name}.${fmt}`, `010001 ${code} ttttt sssss ddddd ${F(funct)}`, (L, f) => {
      const a = getF(L, fmt, f.s), b = getF(L, fmt, f.t);
      setF(L, fmt, f.d, fpCall(L, `mips_${name}_${fmt}`, [a, b], retTy(fmt), fmt === 'd' && fast ? { op: fast, a, b } : undefined));
    }, (f) => `${name}.${fmt}\t${fr(f.d)},${fr(f.s)},${fr(f.t)}`);
  // One-operand forms: qemu ignores the ft field.
  const two = (name: string, funct: number, lift: (L: MipsLifter, f: Fields) => void): Row =>
    row(`${name}.${fmt}`, `010001 ${code} ----- sssss ddddd ${F(funct)}`, lift, (f) => `${name}.${fmt}\t${fr(f.d)},${fr(f.s)}`);
  const unaryHelper = (name: string, funct: number, fast?: 'sqrt'): Row =>
    two(name, funct, (L, f) => {
      const a = getF(L, fmt, f.s);
      setF(L, fmt, f.d, fpCall(L, `mips_${name}_${fmt}`, [a], retTy(fmt), fmt === 'd' && fast ? { op: fast, a, b: a } : undefined));
    });
  /** ABS, NEG, MOV: bit operations that leave FCSR alone (the legacy, non-2008 forms). */
  const bitOp = (name: 'abs' | 'neg' | 'mov', funct: number): Row =>
    two(name, funct, (L, f) => {
      const a = getF(L, fmt, f.s);
      if (name === 'mov') return setF(L, fmt, f.d, a);
      if (fmt === 'd') return setF(L, fmt, f.d, L.call(`mips_${name}_d`, [a], 'f64', true));
      setF(L, fmt, f.d, L.b.bin(name === 'abs' ? 'and' : 'xor', a, L.i32(name === 'abs' ? 0x7fffffff : SIGN)));
    });
  /** To word (mode 0..3: ROUND TRUNC CEIL FLOOR; 4: CVT.W in FCSR's mode) or long. */
  const toInt = (name: string, funct: number, to: 'w' | 'l', mode: number): Row =>
    two(name, funct, (L, f) => {
      if (to === 'l') needFr1(L);
      const r = fpCall(L, `mips_to_${to}_${fmt}`, [getF(L, fmt, f.s), L.i32(mode)], to === 'l' ? 'i64' : 'i32');
      if (to === 'l') L.setFpDouble(f.d, r);
      else L.setFpSingle(f.d, r);
    });

  const other: Fmt = fmt === 'd' ? 's' : 'd';
  return [
    three('add', 0, 'add'), three('sub', 1, 'sub'), three('mul', 2, 'mul'), three('div', 3, 'div'),
    unaryHelper('sqrt', 4, 'sqrt'),
    bitOp('abs', 5), bitOp('mov', 6), bitOp('neg', 7),
    toInt('round.l', 8, 'l', 0), toInt('trunc.l', 9, 'l', 1), toInt('ceil.l', 10, 'l', 2), toInt('floor.l', 11, 'l', 3),
    toInt('round.w', 12, 'w', 0), toInt('trunc.w', 13, 'w', 1), toInt('ceil.w', 14, 'w', 2), toInt('floor.w', 15, 'w', 3),
    // MOVF.fmt / MOVT.fmt: fd = fs when condition code cc is false / true.
    row(`movcf.${fmt}`, `010001 ${code} ccc 0 t sssss ddddd 010001`, (L, f) => {
      const B = L.b, c = ccBit(L, f.c);
      const take = f.t ? c : B.un('eqz', c);
      setM(L, fmt, f.d, B.select(take, getM(L, fmt, f.s), getM(L, fmt, f.d)));
    }, (f) => `${f.t ? 'movt' : 'movf'}.${fmt}\t${fr(f.d)},${fr(f.s)},$fcc${f.c}`),
    row(`movz.${fmt}`, `010001 ${code} ttttt sssss ddddd 010010`, (L, f) => {
      setM(L, fmt, f.d, L.b.select(L.b.un('eqz', L.gpr(f.t)), getM(L, fmt, f.s), getM(L, fmt, f.d)));
    }, (f) => `movz.${fmt}\t${fr(f.d)},${fr(f.s)},${gr(f.t)}`),
    row(`movn.${fmt}`, `010001 ${code} ttttt sssss ddddd 010011`, (L, f) => {
      setM(L, fmt, f.d, L.b.select(L.gpr(f.t), getM(L, fmt, f.s), getM(L, fmt, f.d)));
    }, (f) => `movn.${fmt}\t${fr(f.d)},${fr(f.s)},${gr(f.t)}`),
    unaryHelper('recip', 21),
    unaryHelper('rsqrt', 22),
    two(`cvt.${other}`, other === 's' ? 32 : 33, (L, f) => {
      setF(L, other, f.d, fpCall(L, `mips_cvt_${other}_${fmt}`, [getF(L, fmt, f.s)], retTy(other)));
    }),
    toInt('cvt.w', 36, 'w', 4),
    toInt('cvt.l', 37, 'l', 4),
    row(`c.cond.${fmt}`, `010001 ${code} ttttt sssss ccc -- 11 nnnn`, (L, f) => {
      L.call(`mips_cmp_${fmt}`, [getF(L, fmt, f.s), getF(L, fmt, f.t), L.i32(f.n), L.i32(f.c), L.i32(L.faultPc)]);
    }, (f) => `c.${CONDS[f.n]}.${fmt}\t${ccText(f.c)}${fr(f.s)},${fr(f.t)}`),
  ];
}

/** CVT.S.W, CVT.D.W, CVT.S.L, CVT.D.L. */
function fromIntRows(): Row[] {
  return (['w', 'l'] as const).flatMap((src) =>
    (['s', 'd'] as const).map((to) =>
      row(`cvt.${to}.${src}`, `010001 ${FMT_CODE[src]} 00000 sssss ddddd ${F(to === 's' ? 32 : 33)}`, (L, f) => {
        let args: Temp[];
        if (src === 'l') {
          needFr1(L);
          const v = L.fpDouble(f.s, 'i64');
          args = [L.b.un('lo64', v), L.b.un('hi64', v)];
        } else args = [L.fpSingle(f.s, 'i32')];
        setF(L, to, f.d, fpCall(L, `mips_cvt_${to}_${src}`, args, retTy(to)));
      }, (f) => `cvt.${to}.${src}\t${fr(f.d)},${fr(f.s)}`)));
}

/** MADD, MSUB, NMADD, NMSUB (fd = ±(fs * ft ± fr)): a multiply, then an add whose cause adds to it. */
function maddRows(): Row[] {
  const kinds = [['madd', 0, 0], ['msub', 1, 0], ['nmadd', 0, 1], ['nmsub', 1, 1]] as const;
  return kinds.flatMap(([name, sub, neg], k) =>
    (['s', 'd'] as const).map((fmt) =>
      row(`${name}.${fmt}`, `010011 rrrrr ttttt sssss ddddd ${(4 + k).toString(2)} ${fmt === 's' ? '000' : '001'}`, (L, f) => {
        const a = getF(L, fmt, f.s), b = getF(L, fmt, f.t), c = getF(L, fmt, f.r);
        const d = fmt === 'd';
        const p = fpCall(L, `mips_mul_${fmt}`, [a, b], retTy(fmt), d ? { op: 'mul', a, b } : undefined);
        const r = fpCall(L, `mips_madd2_${fmt}`, [p, c, L.i32(sub), L.i32(neg)], retTy(fmt), d && !neg ? { op: sub ? 'sub' : 'add', a: p, b: c } : undefined);
        setF(L, fmt, f.d, r);
      }, (f) => `${name}.${fmt}\t${fr(f.d)},${fr(f.r)},${fr(f.s)},${fr(f.t)}`)));
}

// ---- loads and stores ---------------------------------------------------------------------

const memText = (op: string) => (f: Fields): string => `${op}\t${fr(f.t)},${simm(f)}(${gr(f.s)})`;
const idxText = (op: string) => (f: Fields): string => `${op}\t${fr(f.d)},${gr(f.t)}(${gr(f.s)})`;
const idxStoreText = (op: string) => (f: Fields): string => `${op}\t${fr(f.e)},${gr(f.t)}(${gr(f.s)})`;
const indexed = (L: MipsLifter, f: Fields): Temp => L.b.add(L.gpr(f.s), L.gpr(f.t));
/** LUXC1/SUXC1: the doubleword that holds the address. */
const unaligned = (L: MipsLifter, f: Fields): Temp => {
  needFr1(L); // qemu's 24Kf: a reserved instruction with FR=0
  return L.b.bin('and', indexed(L, f), L.i32(~7));
};

/** LDC1/SDC1 take an odd register with FR=0 as its even pair (qemu); LDXC1/SDXC1 refuse it. */
function load(L: MipsLifter, fmt: Fmt, n: number, addr: Temp, evenPair = false): void {
  if (fmt === 'd') L.setFpDouble(evenPair && !L.fr ? n & ~1 : n, L.load(8, false, addr, 'f64'));
  else L.setFpSingle(n, L.load(4, false, addr));
}
function store(L: MipsLifter, fmt: Fmt, n: number, addr: Temp, evenPair = false): void {
  L.store(fmt === 'd' ? 8 : 4, addr, evenPair ? getM(L, fmt, n) : getF(L, fmt, n));
}

export const fpuRows: Row[] = [
  // ---- moves between register files and control registers ----
  row('mfc1', '010001 00000 ttttt sssss 00000000000', (L, f) => L.setGpr(f.t, L.fpSingle(f.s, 'i32')), (f) => `mfc1\t${gr(f.t)},${fr(f.s)}`),
  row('mtc1', '010001 00100 ttttt sssss 00000000000', (L, f) => L.setFpSingle(f.s, L.gpr(f.t)), (f) => `mtc1\t${gr(f.t)},${fr(f.s)}`),
  row('mfhc1', '010001 00011 ttttt sssss 00000000000', (L, f) => L.setGpr(f.t, L.b.get(highSlot(L, f.s), 'i32')), (f) => `mfhc1\t${gr(f.t)},${fr(f.s)}`),
  row('mthc1', '010001 00111 ttttt sssss 00000000000', (L, f) => L.setSlot(highSlot(L, f.s), L.gpr(f.t), 'i32'), (f) => `mthc1\t${gr(f.t)},${fr(f.s)}`),
  row('cfc1', '010001 00010 ttttt sssss 00000000000', (L, f) => {
    // FCSR itself is plain state; the other views go through the helper (FIR, FCCR, FEXR, FENR).
    L.setGpr(f.t, f.s === 31 ? L.b.get(SLOT_FCSR, 'i32') : L.call('mips_cfc1', [L.i32(f.s)], 'i32'));
  }, (f) => `cfc1\t${gr(f.t)},${ctrl(f.s)}`),
  row('ctc1', '010001 00110 ttttt sssss 00000000000', (L, f) => {
    L.call('mips_ctc1', [L.gpr(f.t), L.i32(f.s), L.i32(L.faultPc)]);
  }, (f) => `ctc1\t${gr(f.t)},${ctrl(f.s)}`),

  // ---- BC1F, BC1T, BC1FL, BC1TL ----
  row('bc1', '010001 01000 ccc n t iiiiiiiiiiiiiiii', (L, f, c) => {
    const bit = ccBit(L, f.c);
    L.branch({ cond: f.t ? bit : L.b.un('eqz', bit), target: branchTarget(c.pc, f.i), indirect: false, likely: f.n === 1 });
  }, (f, c: Ctx) => `bc1${f.t ? 't' : 'f'}${f.n ? 'l' : ''}\t${ccText(f.c)}${hex(branchTarget(c.pc, f.i))}`),

  ...arithRows('s'),
  ...arithRows('d'),
  ...fromIntRows(),

  // ---- loads and stores ----
  row('lwc1', '110001 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => load(L, 's', f.t, L.ea(f.s, simm(f))), memText('lwc1')),
  row('ldc1', '110101 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => load(L, 'd', f.t, L.ea(f.s, simm(f)), true), memText('ldc1')),
  row('swc1', '111001 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => store(L, 's', f.t, L.ea(f.s, simm(f))), memText('swc1')),
  row('sdc1', '111101 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => store(L, 'd', f.t, L.ea(f.s, simm(f)), true), memText('sdc1')),

  // ---- COP1X (qemu ignores the unused register field of the indexed forms) ----
  row('lwxc1', '010011 sssss ttttt ----- ddddd 000000', (L, f) => load(L, 's', f.d, indexed(L, f)), idxText('lwxc1')),
  row('ldxc1', '010011 sssss ttttt ----- ddddd 000001', (L, f) => load(L, 'd', f.d, indexed(L, f)), idxText('ldxc1')),
  row('luxc1', '010011 sssss ttttt ----- ddddd 000101', (L, f) => load(L, 'd', f.d, unaligned(L, f)), idxText('luxc1')),
  row('swxc1', '010011 sssss ttttt eeeee ----- 001000', (L, f) => store(L, 's', f.e, indexed(L, f)), idxStoreText('swxc1')),
  row('sdxc1', '010011 sssss ttttt eeeee ----- 001001', (L, f) => store(L, 'd', f.e, indexed(L, f)), idxStoreText('sdxc1')),
  row('suxc1', '010011 sssss ttttt eeeee ----- 001101', (L, f) => store(L, 'd', f.e, unaligned(L, f)), idxStoreText('suxc1')),
  row('prefx', '010011 sssss ttttt hhhhh ----- 001111', () => {}, (f) => `prefx\t0x${hex(f.h)},${gr(f.t)}(${gr(f.s)})`),
  ...maddRows(),

  // ---- SPECIAL MOVF/MOVT: rd = rs when condition code cc is false / true ----
  row('movci', '000000 sssss ccc 0 t ddddd 00000 000001', (L, f) => {
    const B = L.b, c = ccBit(L, f.c);
    const take = f.t ? c : B.un('eqz', c);
    L.setGpr(f.d, B.select(take, L.gpr(f.s), L.gpr(f.d)));
  }, (f) => `${f.t ? 'movt' : 'movf'}\t${gr(f.d)},${gr(f.s)},$fcc${f.c}`),
];
