// Runtime helpers of the MIPS FPU lifter: IEEE arithmetic from src/fpu under FCSR's controls, with
// the MIPS (legacy NaN, qemu 24Kf) rules layered on top of the library:
// - NaN operands are handled here, before the library sees them. Legacy encoding: the quiet bit SET
//   means signalling. Any NaN operand gives the default NaN (0x7fbfffff / 0x7ff7ffffffffffff; qemu
//   propagates no payload for legacy-NaN MIPS), and a signalling one raises Invalid; so does an
//   invalid operation on non-NaN operands (inf-inf, 0*inf, sqrt(-1)).
// - Each operation replaces the cause field with what it raised; an exception whose enable bit is
//   set raises SIGFPE without writing the destination (the helper throws before returning) and
//   without accruing the flags; otherwise the flags accrue.
// - FCSR.FS flushes results whose exact value is nonzero and below the smallest normal to a signed
//   zero and raises nothing for them (qemu's flush-to-zero: no Underflow, no Inexact); inputs are not flushed.
// - Float -> word/long: NaN and out-of-range values give 2^31-1 / 2^63-1 and raise Invalid only.
// - MADD/MSUB/NMADD/NMSUB are a multiply and an add, each rounded (the 24Kf's unfused forms).
// Library flags (NX UF OF DZ NV) have the bit order of MIPS's I U O Z V, so they are cause bits as is.
// f64 values are JS numbers, f32 values int32 bit patterns, 64-bit integers (lo, hi) pairs with the
// high word of a result in ret.hi.
import * as fp from '../../fpu/softfp.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import { type CpuState, GuestTrap } from '../types.ts';
import { FCSR_CAUSE_SHIFT, FCSR_ENABLES_SHIFT, FCSR_FLAGS_SHIFT, FCSR_FS, SLOT_FCSR, fccBit } from './state.ts';

/** FCSR's RM (0 RN, 1 RZ, 2 RP, 3 RM) -> the library's rounding mode. */
const RM_TO_LIB = [fp.RNE, fp.RTZ, fp.RUP, fp.RDN];
/** Cause bit E (Unimplemented operation): only CTC1 can set it, and it always traps. */
export const CAUSE_E = 32;
const CAUSE_MASK = 0x3f << FCSR_CAUSE_SHIFT;
/** FCSR bits CTC1 can write on the 24Kf (qemu's fcr31_rw_bitmask): bits 18..22 read as zero. */
export const FCSR_WRITABLE = 0xff83ffff | 0;
/**
 * FIR (FCR0) of the 24Kf as qemu reports it: F64, L, W, D, S implemented (no paired single, no
 * 3D), processor id 0x93, revision 0.
 */
export const FIR_24KF = (1 << 22) | (1 << 21) | (1 << 20) | (1 << 17) | (1 << 16) | (0x93 << 8);

export const DEFAULT_NAN32 = 0x7fbfffff;
export const DEFAULT_NAN64 = fp.bitsToF64(-1, 0x7ff7ffff);
const MIN_NORMAL64 = 2 ** -1022;
const SIGN = -0x80000000;

// ---- NaNs (legacy encoding) ------------------------------------------------------------------

export const isNaN64 = (x: number): boolean => x !== x;
export function isSNaN64(x: number): boolean {
  return x !== x && (fp.f64HiWord(x) & 0x00080000) !== 0;
}
export const isNaN32 = (b: number): boolean => (b & 0x7fffffff) > 0x7f800000;
export const isSNaN32 = (b: number): boolean => (b & 0x7fffffff) > 0x7f800000 && (b & 0x00400000) !== 0;

/** The exceptions of the operation in progress and how an operation ends (cause, flags, trap). */
export class MipsFpuState {
  /** Exceptions raised by the operation in progress (cause bits I U O Z V). */
  raised = 0;
  constructor(
    private readonly R: Int32Array,
  ) {}
  get fcsr(): number {
    return this.R[SLOT_FCSR]!;
  }
  rm(): number {
    return RM_TO_LIB[this.R[SLOT_FCSR]! & 3]!;
  }
  flush(): boolean {
    return (this.R[SLOT_FCSR]! & FCSR_FS) !== 0;
  }
  /**
   * Ends an operation: the cause field becomes what it raised (OR'ed into the cause so far when
   * `accumulate`, for the second half of MADD & co.); an enabled exception throws SIGFPE, else the
   * flags accrue.
   */
  finish(pc: number, accumulate = false): void {
    const R = this.R;
    let cause = this.raised;
    this.raised = 0;
    let f = R[SLOT_FCSR]!;
    if (accumulate) cause |= (f >>> FCSR_CAUSE_SHIFT) & 0x1f;
    f = (f & ~CAUSE_MASK) | (cause << FCSR_CAUSE_SHIFT);
    if (cause & (f >>> FCSR_ENABLES_SHIFT) & 0x1f) {
      R[SLOT_FCSR] = f;
      throw new GuestTrap(pc >>> 0, 'SIGFPE');
    }
    R[SLOT_FCSR] = f | (cause << FCSR_FLAGS_SHIFT);
  }
}

type Op2_64 = (a: number, b: number, rm: number) => number;
type Op2_32 = (a: number, b: number, rm: number) => number;

export function makeMipsFpuHelpers(cpu: CpuState, _mem: GuestMemory, ret: Ret, _fr: () => number): Record<string, unknown> {
  const R = cpu.R;
  const st = new MipsFpuState(R);

  // ---- the library under MIPS rules ----------------------------------------------------------

  /** a op b in double with MIPS NaNs and FS; raises into st.raised. */
  function arith64(op: Op2_64, a: number, b: number): number {
    if (a !== a || b !== b) return nan64(a, b);
    fp.fpFlags.value = 0;
    let r = op(a, b, st.rm());
    let fl = fp.fpFlags.value;
    if (r !== r) r = DEFAULT_NAN64;
    else if (st.flush() && Math.abs(r) <= MIN_NORMAL64 && (r !== 0 || fl & fp.NX)) {
      // Is the exact result below the smallest normal? Rounding toward zero tells.
      fp.fpFlags.value = 0;
      if (r === 0 || Math.abs(op(a, b, fp.RTZ)) < MIN_NORMAL64) {
        r = r < 0 || 1 / r < 0 ? -0 : 0;
        fl = 0;
      }
    }
    st.raised |= fl;
    return r;
  }
  /** Any NaN operand gives the default NaN (qemu's legacy-NaN MIPS); a signalling one raises Invalid. */
  function nan64(a: number, b: number): number {
    if (isSNaN64(a) || isSNaN64(b)) st.raised |= fp.NV;
    return DEFAULT_NAN64;
  }
  function arith32(op: Op2_32, a: number, b: number): number {
    if (isNaN32(a) || isNaN32(b)) return nan32(a, b);
    fp.fpFlags.value = 0;
    let r = op(a, b, st.rm());
    let fl = fp.fpFlags.value;
    if (isNaN32(r)) r = DEFAULT_NAN32;
    else if (st.flush() && (r & 0x7fffffff) <= 0x00800000 && ((r & 0x7fffffff) !== 0 || fl & fp.NX)) {
      fp.fpFlags.value = 0;
      if ((r & 0x7fffffff) === 0 || (op(a, b, fp.RTZ) & 0x7fffffff) < 0x00800000) {
        r = r & SIGN;
        fl = 0;
      }
    }
    st.raised |= fl;
    return r;
  }
  function nan32(a: number, b: number): number {
    if (isSNaN32(a) || isSNaN32(b)) st.raised |= fp.NV;
    return DEFAULT_NAN32;
  }
  const sqrtAsOp64: Op2_64 = (a, _b, rm) => fp.sqrt64(a, rm);
  const sqrtAsOp32: Op2_32 = (a, _b, rm) => fp.sqrt32(a, rm);
  const sqrt64 = (a: number): number => (a !== a ? nan64(a, a) : arith64(sqrtAsOp64, a, 0));
  const sqrt32 = (a: number): number => (isNaN32(a) ? nan32(a, a) : arith32(sqrtAsOp32, a, 0));
  const ONE32 = 0x3f800000;

  // ---- conversions ----------------------------------------------------------------------------

  /** Double -> single and back: NaNs as in arithmetic. */
  function cvtSD(a: number): number {
    if (a !== a) return nan32(0, isSNaN64(a) ? DEFAULT_NAN32 | 0x00400000 : 0);
    return arith32((_x, _y, rm) => fp.f64ToF32(a, rm), 0, 0);
  }
  function cvtDS(b: number): number {
    if (isNaN32(b)) return nan64(0, isSNaN32(b) ? fp.bitsToF64(0, 0x7ff80000) : 0);
    fp.fpFlags.value = 0;
    const r = fp.f32ToF64(b);
    st.raised |= fp.fpFlags.value;
    return r;
  }
  /** Float -> int32 in mode rm (library encoding); NaN and overflow: 2^31-1 and Invalid only. */
  function toW64(a: number, rm: number): number {
    fp.fpFlags.value = 0;
    const r = a !== a ? 0 : fp.f64ToI32(a, rm);
    if (a !== a || fp.fpFlags.value & fp.NV) {
      st.raised |= fp.NV;
      return 0x7fffffff;
    }
    st.raised |= fp.fpFlags.value;
    return r;
  }
  function toW32(b: number, rm: number): number {
    fp.fpFlags.value = 0;
    const r = isNaN32(b) ? 0 : fp.f32ToI32(b, rm);
    if (isNaN32(b) || fp.fpFlags.value & fp.NV) {
      st.raised |= fp.NV;
      return 0x7fffffff;
    }
    st.raised |= fp.fpFlags.value;
    return r;
  }
  function toL64(a: number, rm: number): number {
    fp.fpFlags.value = 0;
    const lo = a !== a ? 0 : fp.f64ToI64(a, rm);
    if (a !== a || fp.fpFlags.value & fp.NV) {
      st.raised |= fp.NV;
      ret.hi = 0x7fffffff;
      return -1;
    }
    st.raised |= fp.fpFlags.value;
    ret.hi = fp.fpResult.hi;
    return lo;
  }
  function toL32(b: number, rm: number): number {
    fp.fpFlags.value = 0;
    const lo = isNaN32(b) ? 0 : fp.f32ToI64(b, rm);
    if (isNaN32(b) || fp.fpFlags.value & fp.NV) {
      st.raised |= fp.NV;
      ret.hi = 0x7fffffff;
      return -1;
    }
    st.raised |= fp.fpFlags.value;
    ret.hi = fp.fpResult.hi;
    return lo;
  }
  /** Rounding of a ROUND/TRUNC/CEIL/FLOOR/CVT form: 0..3 a fixed MIPS mode, 4: FCSR's. */
  const modeOf = (m: number): number => (m === 4 ? st.rm() : RM_TO_LIB[m]!);

  // ---- compares -------------------------------------------------------------------------------

  /**
   * C.cond.fmt: cond's bit 0 = unordered, bit 1 = equal, bit 2 = less, bit 3 = signalling (any
   * NaN raises Invalid; otherwise only signalling NaNs do).
   */
  function compareResult(unordered: boolean, snan: boolean, eq: boolean, lt: boolean, cond: number): number {
    if (unordered) {
      if (cond & 8 || snan) st.raised |= fp.NV;
      return cond & 1;
    }
    return (eq && cond & 2) || (lt && cond & 4) ? 1 : 0;
  }
  function setCc(cc: number, v: number): void {
    const bit = 1 << fccBit(cc);
    R[SLOT_FCSR] = v ? R[SLOT_FCSR]! | bit : R[SLOT_FCSR]! & ~bit;
  }

  return {
    // ---- arithmetic (fd = fs op ft); pc last: where SIGFPE is reported ----
    mips_add_d: (a: number, b: number, pc: number): number => { const r = arith64(fp.add64, a, b); st.finish(pc); return r; },
    mips_sub_d: (a: number, b: number, pc: number): number => { const r = arith64(fp.sub64, a, b); st.finish(pc); return r; },
    mips_mul_d: (a: number, b: number, pc: number): number => { const r = arith64(fp.mul64, a, b); st.finish(pc); return r; },
    mips_div_d: (a: number, b: number, pc: number): number => { const r = arith64(fp.div64, a, b); st.finish(pc); return r; },
    mips_sqrt_d: (a: number, pc: number): number => { const r = sqrt64(a); st.finish(pc); return r; },
    mips_add_s: (a: number, b: number, pc: number): number => { const r = arith32(fp.add32, a, b); st.finish(pc); return r; },
    mips_sub_s: (a: number, b: number, pc: number): number => { const r = arith32(fp.sub32, a, b); st.finish(pc); return r; },
    mips_mul_s: (a: number, b: number, pc: number): number => { const r = arith32(fp.mul32, a, b); st.finish(pc); return r; },
    mips_div_s: (a: number, b: number, pc: number): number => { const r = arith32(fp.div32, a, b); st.finish(pc); return r; },
    mips_sqrt_s: (a: number, pc: number): number => { const r = sqrt32(a); st.finish(pc); return r; },
    // The second step of MADD/MSUB (p = fs*ft from mips_mul_*, c = fr): its cause adds to the
    // multiply's. neg: NMADD/NMSUB flip the sign of the result (NaNs too).
    mips_madd2_d: (p: number, c: number, sub: number, neg: number, pc: number): number => {
      let r = arith64(sub ? fp.sub64 : fp.add64, p, c);
      if (neg) r = fp.bitsToF64(fp.f64LoWord(r), fp.f64HiWord(r) ^ SIGN);
      st.finish(pc, true);
      return r;
    },
    mips_madd2_s: (p: number, c: number, sub: number, neg: number, pc: number): number => {
      let r = arith32(sub ? fp.sub32 : fp.add32, p, c);
      if (neg) r ^= SIGN;
      st.finish(pc, true);
      return r;
    },
    mips_neg_d: (a: number): number => fp.bitsToF64(fp.f64LoWord(a), fp.f64HiWord(a) ^ SIGN),
    mips_abs_d: (a: number): number => fp.bitsToF64(fp.f64LoWord(a), fp.f64HiWord(a) & 0x7fffffff),
    // RECIP = 1 / fs, RSQRT = 1 / sqrt(fs): each step rounded, flags of both.
    mips_recip_d: (a: number, pc: number): number => { const r = arith64(fp.div64, 1, a); st.finish(pc); return r; },
    mips_rsqrt_d: (a: number, pc: number): number => { const r = arith64(fp.div64, 1, sqrt64(a)); st.finish(pc); return r; },
    mips_recip_s: (a: number, pc: number): number => { const r = arith32(fp.div32, ONE32, a); st.finish(pc); return r; },
    mips_rsqrt_s: (a: number, pc: number): number => { const r = arith32(fp.div32, ONE32, sqrt32(a)); st.finish(pc); return r; },

    // ---- conversions ----
    mips_cvt_s_d: (a: number, pc: number): number => { const r = cvtSD(a); st.finish(pc); return r; },
    mips_cvt_d_s: (b: number, pc: number): number => { const r = cvtDS(b); st.finish(pc); return r; },
    mips_cvt_s_w: (w: number, pc: number): number => { fp.fpFlags.value = 0; const r = fp.i32ToF32(w, st.rm()); st.raised |= fp.fpFlags.value; st.finish(pc); return r; },
    mips_cvt_d_w: (w: number, pc: number): number => { st.finish(pc); return w | 0; },
    mips_cvt_s_l: (lo: number, hi: number, pc: number): number => { fp.fpFlags.value = 0; const r = fp.i64ToF32(lo, hi, st.rm()); st.raised |= fp.fpFlags.value; st.finish(pc); return r; },
    mips_cvt_d_l: (lo: number, hi: number, pc: number): number => { fp.fpFlags.value = 0; const r = fp.i64ToF64(lo, hi, st.rm()); st.raised |= fp.fpFlags.value; st.finish(pc); return r; },
    /** To word: mode 0..3 (ROUND, TRUNC, CEIL, FLOOR as MIPS RM values), 4 (CVT: FCSR's mode). */
    mips_to_w_d: (a: number, mode: number, pc: number): number => { const r = toW64(a, modeOf(mode)); st.finish(pc); return r; },
    mips_to_w_s: (b: number, mode: number, pc: number): number => { const r = toW32(b, modeOf(mode)); st.finish(pc); return r; },
    mips_to_l_d: (a: number, mode: number, pc: number): number => { const r = toL64(a, modeOf(mode)); const hi = ret.hi; st.finish(pc); ret.hi = hi; return r; },
    mips_to_l_s: (b: number, mode: number, pc: number): number => { const r = toL32(b, modeOf(mode)); const hi = ret.hi; st.finish(pc); ret.hi = hi; return r; },

    // ---- compares: cond = the instruction's 4-bit condition, cc = the condition code ----
    mips_cmp_d: (a: number, b: number, cond: number, cc: number, pc: number): void => {
      const un = a !== a || b !== b;
      const v = compareResult(un, un && (isSNaN64(a) || isSNaN64(b)), a === b, a < b, cond);
      st.finish(pc);
      setCc(cc, v);
    },
    mips_cmp_s: (a: number, b: number, cond: number, cc: number, pc: number): void => {
      const un = isNaN32(a) || isNaN32(b);
      const v = compareResult(un, un && (isSNaN32(a) || isSNaN32(b)), !un && fp.bitsToF32(a) === fp.bitsToF32(b), !un && fp.bitsToF32(a) < fp.bitsToF32(b), cond);
      st.finish(pc);
      setCc(cc, v);
    },

    // ---- control registers ----
    mips_cfc1: (fs: number): number => {
      const f = R[SLOT_FCSR]!;
      switch (fs) {
        case 0: return FIR_24KF;
        case 25: return ((f >>> 24) & 0xfe) | ((f >>> 23) & 1);
        case 26: return f & 0x0003f07c;
        case 28: return (f & 0x00000f83) | ((f >>> 22) & 4);
        case 31: return f;
        default: return 0; // no such register on the 24Kf (qemu reads 0)
      }
    },
    /** CTC1: writes a control register; a cause bit that is enabled (or E) raises SIGFPE at once. */
    mips_ctc1: (v: number, fs: number, pc: number): void => {
      let f = R[SLOT_FCSR]!;
      switch (fs) {
        case 25:
          if (v & 0xffffff00) return;
          f = (f & 0x017fffff) | ((v & 0xfe) << 24) | ((v & 1) << 23);
          break;
        case 26:
          if (v & 0x007c0000) return;
          f = (f & 0xfffc0f83) | (v & 0x0003f07c);
          break;
        case 28:
          if (v & 0x007c0000) return;
          f = (f & 0xfefff07c) | (v & 0x00000f83) | ((v & 4) << 22);
          break;
        case 31:
          f = (v & FCSR_WRITABLE) | (f & ~FCSR_WRITABLE);
          break;
        default: return; // no such register on the 24Kf: ignored
      }
      R[SLOT_FCSR] = f | 0;
      const cause = (f >>> FCSR_CAUSE_SHIFT) & 0x3f;
      if (cause & (((f >>> FCSR_ENABLES_SHIFT) & 0x1f) | CAUSE_E)) throw new GuestTrap(pc >>> 0, 'SIGFPE');
    },
  };
}
