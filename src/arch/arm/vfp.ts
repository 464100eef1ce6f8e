// VFPv3-D32 and Advanced SIMD (NEON): the entry points the A32/T32 decoders call, and the VFP
// (cp10/cp11) instructions. NEON data processing is in neon.ts, NEON loads/stores in neon-ls.ts.
//
// Singles are S register bit patterns (i32), doubles D registers as f64 (what regions promote);
// arithmetic goes through the helpers of fp-helpers.ts, which apply FPSCR's rounding mode, FZ and
// DN and accrue its cumulative flags. Conditional execution is the caller's: L.pred is already set
// for a conditional instruction, and register writes here go through it. FPSCR.Len/Stride (short
// vectors) are not supported (Linux runs with them 0).
import type { Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import { FPSCR_WRITABLE } from './fp-helpers.ts';
import { disassembleNeon, liftNeon } from './neon.ts';
import { SLOT_FPSCR, dslot, sslot } from './state.ts';
import {
  type Row, bit, bits, baseReg, callH, cc, dName, findRow, getD, getDW, getFpscr, getS, hex, qName, rName, rn, row, rt,
  sName, setD, setDW, setS, vd, vm, vn,
} from './vfp-regs.ts';

/**
 * Lifts one VFP or NEON instruction given in its A32 encoding (T32 callers convert theirs), under
 * L's predicate. Returns false if the encoding is not a VFP/NEON instruction this module
 * implements (the caller then raises SIGILL).
 */
export function liftVfpNeon(L: ArmLifter, insn: number): boolean {
  if (insn >>> 28 === 0xf) return liftNeon(L, insn);
  const r = findRow(VFP_ROWS, insn);
  if (!r) return false;
  r.lift(L, insn);
  return true;
}

/** Disassembly of a VFP/NEON instruction (A32 encoding), or undefined. */
export function disassembleVfpNeon(insn: number, pc: number): string | undefined {
  if (insn >>> 28 === 0xf) return disassembleNeon(insn, pc);
  return findRow(VFP_ROWS, insn)?.dis(insn, pc);
}

// ---- helpers of this file ----------------------------------------------------------------------

const isDbl = (i: number): boolean => bit(i, 8) === 1;
const ty = (i: number): string => (isDbl(i) ? 'f64' : 'f32');
const reg = (i: number, which: 'd' | 'n' | 'm'): string => {
  const dbl = isDbl(i);
  const n = which === 'd' ? vd(i, dbl) : which === 'n' ? vn(i, dbl) : vm(i, dbl);
  return dbl ? dName(n) : sName(n);
};

/** An operand as the helpers take it: f64 for doubles, bits for singles. */
const opnd = (L: ArmLifter, i: number, which: 'd' | 'n' | 'm'): Temp => {
  const dbl = isDbl(i);
  const n = which === 'd' ? vd(i, dbl) : which === 'n' ? vn(i, dbl) : vm(i, dbl);
  return dbl ? getD(L, n) : getS(L, n);
};
const setResult = (L: ArmLifter, i: number, v: Temp): void => (isDbl(i) ? setD(L, vd(i, true), v) : setS(L, vd(i, false), v));
const fpCall = (L: ArmLifter, i: number, name: string, args: Temp[]): Temp =>
  callH(L, `vfp_${name}_${isDbl(i) ? 'd' : 's'}`, args, isDbl(i) ? 'f64' : 'i32');

/**
 * d = op(n, m). Double add/sub/mul/div get the host fast path: in round to nearest without FZ and
 * with IXC already set, a finite normal host result is exact and raises nothing new.
 */
function arith3(name: string, fast?: 'add' | 'sub' | 'mul' | 'div'): Row['lift'] {
  return (L, i) => {
    const bb = L.b;
    const a = opnd(L, i, 'n'), b = opnd(L, i, 'm');
    const when = fast && isDbl(i) ? bb.bin('eq', bb.bin('and', getFpscr(L), L.i32(0x01c00010)), L.i32(0x10)) : undefined;
    const r = fpCall(L, i, name, [a, b]);
    const op = bb.ops[bb.ops.length - 1];
    if (fast && when !== undefined && op.k === 'call') op.fast = { op: fast, a, b, when };
    setResult(L, i, r);
  };
}
const dis3 = (m: string) => (i: number) => `${m}${cc(i)}.${ty(i)}\t${reg(i, 'd')}, ${reg(i, 'n')}, ${reg(i, 'm')}`;
const dis2 = (m: string, t?: string) => (i: number) => `${m}${cc(i)}.${t ?? ty(i)}\t${reg(i, 'd')}, ${reg(i, 'm')}`;

/** VSQRT; the double form with the host fast path (as arith3). */
function liftVsqrt(L: ArmLifter, i: number): void {
  const bb = L.b;
  const a = opnd(L, i, 'm');
  const when = isDbl(i) ? bb.bin('eq', bb.bin('and', getFpscr(L), L.i32(0x01c00010)), L.i32(0x10)) : undefined;
  const r = fpCall(L, i, 'sqrt', [a]);
  const call = bb.ops[bb.ops.length - 1];
  if (when !== undefined && call.k === 'call') call.fast = { op: 'sqrt', a, b: a, when };
  setResult(L, i, r);
}

/** VMLA/VMLS/VNMLA/VNMLS (mac) and the fused VFMA/VFMS/VFNMA/VFNMS (fma): kind 0..3. */
const macLift = (helper: 'mac' | 'fma', kind: number): Row['lift'] => (L, i) => {
  if (helper === 'mac' && kind <= 1 && isDbl(i)) return macSplitLift(L, i, kind);
  setResult(L, i, fpCall(L, i, helper, [opnd(L, i, 'd'), opnd(L, i, 'n'), opnd(L, i, 'm'), L.i32(kind)]));
};

/**
 * Double VMLA/VMLS as their two rounded steps, product = FPMul(n, m) then FPAdd(d, +-product)
 * (the ARM ARM's definition), each a helper call with the host fast path: hot FP loops (n-body)
 * then run without leaving compiled code.
 */
function macSplitLift(L: ArmLifter, i: number, kind: number): void {
  const bb = L.b;
  const d = opnd(L, i, 'd'), n = opnd(L, i, 'n'), m = opnd(L, i, 'm');
  const when = bb.bin('eq', bb.bin('and', getFpscr(L), L.i32(0x01c00010)), L.i32(0x10));
  const withFast = (r: Temp, op: 'mul' | 'add' | 'sub', a: Temp, b: Temp): Temp => {
    const call = bb.ops[bb.ops.length - 1];
    if (call.k === 'call') call.fast = { op, a, b, when };
    return r;
  };
  const product = withFast(callH(L, 'vfp_mul_d', [n, m], 'f64'), 'mul', n, m);
  const sum = withFast(callH(L, 'vfp_macadd_d', [d, product, L.i32(kind)], 'f64'), kind === 0 ? 'add' : 'sub', d, product);
  setResult(L, i, sum);
}

/** VFPExpandImm: the 8-bit immediate of VMOV.F32/F64 as bits (f64: the high word; the low is 0). */
export function vfpExpandImm(imm8: number, dbl: boolean): number {
  const a = imm8 >> 7, b = (imm8 >> 6) & 1, cdefgh = imm8 & 0x3f;
  if (dbl) return ((a << 31) | ((b ^ 1) << 30) | ((b ? 0xff : 0) << 22) | (cdefgh << 16)) | 0;
  return ((a << 31) | ((b ^ 1) << 30) | ((b ? 0x1f : 0) << 25) | (cdefgh << 19)) | 0;
}
const f32FromBits = (b: number) => new Float32Array(new Int32Array([b]).buffer)[0];
const f64FromHi = (hi: number) => new Float64Array(new Int32Array([0, hi]).buffer)[0];

function liftVmovImm(L: ArmLifter, i: number): void {
  const imm8 = (bits(i, 19, 16) << 4) | bits(i, 3, 0);
  if (isDbl(i)) {
    const d = vd(i, true);
    setD(L, d, L.b.f64(f64FromHi(vfpExpandImm(imm8, true))));
  } else setS(L, vd(i, false), L.i32(vfpExpandImm(imm8, false)));
}
function disVmovImm(i: number): string {
  const imm8 = (bits(i, 19, 16) << 4) | bits(i, 3, 0);
  const dbl = isDbl(i);
  const b = vfpExpandImm(imm8, dbl);
  const v = dbl ? f64FromHi(b) : f32FromBits(b);
  return `vmov${cc(i)}.${ty(i)}\t${reg(i, 'd')}, #${imm8}\t@ ${hex(b)} ${v}`;
}

/** VMOV/VABS/VNEG between registers: bit operations, no flags. */
function liftMovAbsNeg(kind: 'mov' | 'abs' | 'neg'): Row['lift'] {
  return (L, i) => {
    const b = L.b;
    if (isDbl(i)) {
      const m = getD(L, vm(i, true));
      setD(L, vd(i, true), kind === 'mov' ? m : callH(L, `vfp_${kind}_d`, [m], 'f64'));
      return;
    }
    const m = getS(L, vm(i, false));
    const r = kind === 'mov' ? m : kind === 'abs' ? b.bin('and', m, L.i32(0x7fffffff)) : b.bin('xor', m, L.i32(-0x80000000));
    setS(L, vd(i, false), r);
  };
}

function liftCmp(withZero: boolean): Row['lift'] {
  return (L, i) => {
    const a = opnd(L, i, 'd');
    const z = isDbl(i) ? L.b.f64(0) : L.i32(0);
    callH(L, `vfp_cmp_${isDbl(i) ? 'd' : 's'}`, [a, withZero ? z : opnd(L, i, 'm'), L.i32(bit(i, 7))]);
  };
}
const disCmp = (withZero: boolean) => (i: number) =>
  `vcmp${bit(i, 7) ? 'e' : ''}${cc(i)}.${ty(i)}\t${reg(i, 'd')}, ${withZero ? '#0.0' : reg(i, 'm')}`;

/** VCVT between f64 and f32 (sz is the source's size). */
function liftCvtFF(L: ArmLifter, i: number): void {
  if (isDbl(i)) setS(L, vd(i, false), callH(L, 'vfp_cvt_sd', [getD(L, vm(i, true))], 'i32'));
  else setD(L, vd(i, true), callH(L, 'vfp_cvt_ds', [getS(L, vm(i, false))], 'f64'));
}
const disCvtFF = (i: number) =>
  isDbl(i) ? `vcvt${cc(i)}.f32.f64\t${sName(vd(i, false))}, ${dName(vm(i, true))}` : `vcvt${cc(i)}.f64.f32\t${dName(vd(i, true))}, ${sName(vm(i, false))}`;

/** VCVT int -> float: Sm holds the integer; bit 7 set: signed. */
function liftCvtFromInt(L: ArmLifter, i: number): void {
  const v = getS(L, vm(i, false));
  const unsigned = L.i32(bit(i, 7) ^ 1);
  if (isDbl(i)) setD(L, vd(i, true), callH(L, 'vfp_fromint_d', [v, unsigned], 'f64'));
  else setS(L, vd(i, false), callH(L, 'vfp_fromint_s', [v, unsigned], 'i32'));
}
const disCvtFromInt = (i: number) =>
  `vcvt${cc(i)}.${ty(i)}.${bit(i, 7) ? 's' : 'u'}32\t${reg(i, 'd')}, ${sName(vm(i, false))}`;

/** VCVT/VCVTR float -> int: result in Sd; bit 16 set: signed; bit 7 set: round toward zero. */
function liftCvtToInt(L: ArmLifter, i: number): void {
  const args = [isDbl(i) ? getD(L, vm(i, true)) : getS(L, vm(i, false)), L.i32(bit(i, 16) ^ 1), L.i32(bit(i, 7))];
  setS(L, vd(i, false), callH(L, `vfp_toint_${isDbl(i) ? 'd' : 's'}`, args, 'i32'));
}
const disCvtToInt = (i: number) =>
  `vcvt${bit(i, 7) ? '' : 'r'}${cc(i)}.${bit(i, 16) ? 's' : 'u'}32.${ty(i)}\t${sName(vd(i, false))}, ${reg(i, 'm')}`;

/** Fixed point: bit 18 to-fixed, bit 16 unsigned, bit 7 sx (32-bit), imm4:i = size - fbits. */
const fixedFbits = (i: number) => (bit(i, 7) ? 32 : 16) - ((bits(i, 3, 0) << 1) | bit(i, 5));
function liftCvtFixed(L: ArmLifter, i: number): void {
  const dbl = isDbl(i);
  const d = vd(i, dbl);
  const fbits = fixedFbits(i);
  if (fbits < 0) return L.undefinedInsn();
  const args = (v: Temp) => [v, L.i32(fbits), L.i32(bit(i, 7)), L.i32(bit(i, 16))];
  const b = L.b;
  if (bit(i, 18)) {
    if (dbl) {
      const r = callH(L, 'vfp_tofixed_d', args(getD(L, d)), 'i32');
      setDW(L, d, 0, r);
      setDW(L, d, 1, bit(i, 16) ? L.i32(0) : b.bin('shr_s', r, L.i32(31)));
    } else setS(L, d, callH(L, 'vfp_tofixed_s', args(getS(L, d)), 'i32'));
  } else if (dbl) setD(L, d, callH(L, 'vfp_fromfixed_d', args(getDW(L, d, 0)), 'f64'));
  else setS(L, d, callH(L, 'vfp_fromfixed_s', args(getS(L, d)), 'i32'));
}
function disCvtFixed(i: number): string {
  const it = `${bit(i, 16) ? 'u' : 's'}${bit(i, 7) ? 32 : 16}`;
  const types = bit(i, 18) ? `${it}.${ty(i)}` : `${ty(i)}.${it}`;
  return `vcvt${cc(i)}.${types}\t${reg(i, 'd')}, ${reg(i, 'd')}, #${fixedFbits(i)}`;
}

/** VCVTB/VCVTT: bit 16 set: f32 -> f16; bit 7: top half (T). */
function liftCvtHalf(L: ArmLifter, i: number): void {
  const b = L.b;
  const top = bit(i, 7) === 1;
  const m = getS(L, vm(i, false));
  const d = vd(i, false);
  if (bit(i, 16)) {
    const h = b.bin('and', callH(L, 'vfp_f32_to_f16', [m], 'i32'), L.i32(0xffff));
    const old = getS(L, d);
    setS(L, d, top ? b.bin('or', b.bin('and', old, L.i32(0xffff)), b.bin('shl', h, L.i32(16))) : b.bin('or', b.bin('and', old, L.i32(-0x10000)), h));
  } else setS(L, d, callH(L, 'vfp_f16_to_f32', [top ? b.bin('shr_u', m, L.i32(16)) : m], 'i32'));
}
const disCvtHalf = (i: number) =>
  `vcvt${bit(i, 7) ? 't' : 'b'}${cc(i)}.${bit(i, 16) ? 'f16.f32' : 'f32.f16'}\t${sName(vd(i, false))}, ${sName(vm(i, false))}`;

// ---- loads and stores ------------------------------------------------------------------------

function liftVldrVstr(L: ArmLifter, i: number): void {
  const b = L.b;
  const off = bits(i, 7, 0) * 4;
  const addr = b.add(baseReg(L, rn(i)), L.i32(bit(i, 23) ? off : -off));
  const load = bit(i, 20) === 1;
  if (isDbl(i)) {
    const d = vd(i, true);
    if (load) setD(L, d, b.load('f64', addr, 8, false, L.here, L.pred));
    else b.store(addr, getD(L, d), 8, L.here, L.pred);
  } else {
    const s = vd(i, false);
    if (load) setS(L, s, L.load(4, false, addr));
    else L.store(4, addr, getS(L, s));
  }
}
function disVldrVstr(i: number): string {
  const off = bits(i, 7, 0) * 4;
  const sign = bit(i, 23) ? '' : '-';
  return `v${bit(i, 20) ? 'ld' : 'st'}r${cc(i)}\t${reg(i, 'd')}, [${rName(rn(i))}${off || !bit(i, 23) ? `, #${sign}${off}` : ''}]`;
}

/** VLDM/VSTM (and VPUSH/VPOP, FLDMX/FSTMX): P, U, W select IA, IA!, DB!. */
function ldmCount(i: number): number {
  return isDbl(i) ? bits(i, 7, 0) >> 1 : bits(i, 7, 0);
}
function liftVldm(L: ArmLifter, i: number): void {
  const b = L.b;
  const dbl = isDbl(i);
  const first = vd(i, dbl);
  const n = ldmCount(i);
  if (n === 0 || first + n > 32 || (dbl && n > 16) || (rn(i) === 15 && bit(i, 21))) return L.undefinedInsn();
  const size = dbl ? 8 : 4;
  const base = baseReg(L, rn(i));
  const up = bit(i, 23) === 1;
  const start = up ? base : b.sub(base, L.i32(n * size + (dbl && bit(i, 0) ? 4 : 0)));
  const load = bit(i, 20) === 1;
  // Loads read every value before writing any register, so a fault leaves the registers unchanged.
  const vals: Temp[] = [];
  for (let k = 0; k < n; k++) {
    const a = b.add(start, L.i32(k * size));
    if (load) vals.push(dbl ? b.load('f64', a, 8, false, L.here, L.pred) : L.load(4, false, a));
    else if (dbl) b.store(a, getD(L, first + k), 8, L.here, L.pred);
    else L.store(4, a, getS(L, first + k));
  }
  if (load) vals.forEach((v, k) => (dbl ? setD(L, first + k, v) : setS(L, first + k, v)));
  if (bit(i, 21)) {
    const total = n * size + (dbl && bit(i, 0) ? 4 : 0);
    L.setReg(rn(i), up ? b.add(base, L.i32(total)) : start);
  }
}
function regList(first: number, n: number, dbl: boolean): string {
  const name = dbl ? dName : sName;
  return n === 1 ? `{${name(first)}}` : `{${name(first)}-${name(first + n - 1)}}`;
}
function disVldm(i: number): string {
  const dbl = isDbl(i);
  const load = bit(i, 20) === 1;
  const list = regList(vd(i, dbl), ldmCount(i), dbl);
  const wb = bit(i, 21) === 1;
  const x = dbl && bit(i, 0) === 1;
  if (!x && rn(i) === 13 && wb && (load ? bit(i, 23) : !bit(i, 23))) return `v${load ? 'pop' : 'push'}${cc(i)}\t${list}`;
  const mode = bit(i, 23) ? 'ia' : 'db';
  const name = x ? `f${load ? 'ld' : 'st'}m${mode}${cc(i)}x` : `v${load ? 'ld' : 'st'}m${mode}${cc(i)}`;
  return `${name}\t${rName(rn(i))}${wb ? '!' : ''}, ${list}${x ? '\t@ Deprecated' : ''}`;
}

// ---- transfers between core and extension registers -----------------------------------------

function liftVmovCoreSingle(L: ArmLifter, i: number): void {
  const s = vn(i, false);
  if (bit(i, 20)) {
    if (rt(i) === 15) return L.undefinedInsn();
    L.setReg(rt(i), getS(L, s));
  } else setS(L, s, L.reg(rt(i)));
}
const disVmovCoreSingle = (i: number) =>
  bit(i, 20) ? `vmov${cc(i)}\t${rName(rt(i))}, ${sName(vn(i, false))}` : `vmov${cc(i)}\t${sName(vn(i, false))}, ${rName(rt(i))}`;

/** VMOV two core registers <-> a D register or two consecutive S registers. */
function liftVmov64(L: ArmLifter, i: number): void {
  const rt1 = rt(i), rt2 = rn(i);
  const dbl = isDbl(i);
  const m = vm(i, dbl);
  if (rt1 === 15 || rt2 === 15 || (!dbl && m === 31)) return L.undefinedInsn();
  if (bit(i, 20)) {
    if (rt1 === rt2) return L.undefinedInsn();
    const lo = dbl ? getDW(L, m, 0) : getS(L, m);
    const hi = dbl ? getDW(L, m, 1) : getS(L, m + 1);
    L.setReg(rt1, lo);
    L.setReg(rt2, hi);
  } else {
    const lo = L.reg(rt1), hi = L.reg(rt2);
    if (dbl) {
      setDW(L, m, 0, lo);
      setDW(L, m, 1, hi);
    } else {
      setS(L, m, lo);
      setS(L, m + 1, hi);
    }
  }
}
function disVmov64(i: number): string {
  const dbl = isDbl(i);
  const m = vm(i, dbl);
  const v = dbl ? dName(m) : `${sName(m)}, ${sName(m + 1)}`;
  const r = `${rName(rt(i))}, ${rName(rn(i))}`;
  return bit(i, 20) ? `vmov${cc(i)}\t${r}, ${v}` : `vmov${cc(i)}\t${v}, ${r}`;
}

/** Scalar index and size from opc1:opc2 (bits 22:21, 6:5): [esize, index]. */
function scalarOf(i: number): [number, number] | undefined {
  const opc = (bits(i, 22, 21) << 2) | bits(i, 6, 5);
  if (opc & 8) return [8, opc & 7];
  if (opc & 1) return [16, (opc >> 1) & 3];
  if ((opc & 2) === 0) return [32, (opc >> 2) & 1];
  return undefined;
}
/** VMOV core -> scalar (bits 19:16 with bit 7 name the D register). */
function liftVmovToScalar(L: ArmLifter, i: number): void {
  const s = scalarOf(i);
  if (!s) return L.undefinedInsn();
  const [esize, idx] = s;
  const d = vn(i, true);
  const b = L.b;
  const word = (idx * esize) >> 5;
  const sh = (idx * esize) & 31;
  const v = L.reg(rt(i));
  if (esize === 32) return setDW(L, d, word, v);
  const mask = esize === 8 ? 0xff : 0xffff;
  const old = getDW(L, d, word);
  const ins = b.bin('shl', b.bin('and', v, L.i32(mask)), L.i32(sh));
  setDW(L, d, word, b.bin('or', b.bin('and', old, L.i32(~(mask << sh))), ins));
}
function liftVmovFromScalar(L: ArmLifter, i: number): void {
  const s = scalarOf(i);
  if (!s || (s[0] === 32 && bit(i, 23)) || rt(i) === 15) return L.undefinedInsn();
  const [esize, idx] = s;
  const d = vn(i, true);
  const b = L.b;
  const w = getDW(L, d, (idx * esize) >> 5);
  const sh = (idx * esize) & 31;
  if (esize === 32) return L.setReg(rt(i), w);
  const v = b.bin('shr_u', w, L.i32(sh));
  const unsigned = bit(i, 23) === 1;
  L.setReg(rt(i), b.un(esize === 8 ? (unsigned ? 'zext8' : 'sext8') : unsigned ? 'zext16' : 'sext16', v));
}
function disScalarMov(i: number): string {
  const s = scalarOf(i);
  if (!s) return `.inst\t${hex(i)}`;
  const [esize, idx] = s;
  const sc = `${dName(vn(i, true))}[${idx}]`;
  if (bit(i, 20)) {
    const t = esize === 32 ? '32' : `${bit(i, 23) ? 'u' : 's'}${esize}`;
    return `vmov${cc(i)}.${t}\t${rName(rt(i))}, ${sc}`;
  }
  return `vmov${cc(i)}.${esize}\t${sc}, ${rName(rt(i))}`;
}

/** VDUP from a core register: B:E (bits 22, 5) give the size, Q (bit 21) a Q register. */
function vdupCoreSize(i: number): number {
  const be = (bit(i, 22) << 1) | bit(i, 5);
  return be === 0 ? 32 : be === 1 ? 16 : be === 2 ? 8 : 0;
}
function liftVdupCore(L: ArmLifter, i: number): void {
  const esize = vdupCoreSize(i);
  const q = bit(i, 21) === 1;
  const d = vn(i, true);
  if (!esize || (q && d & 1) || rt(i) === 15) return L.undefinedInsn();
  const b = L.b;
  let v = L.reg(rt(i));
  if (esize === 8) v = b.bin('mul', b.bin('and', v, L.i32(0xff)), L.i32(0x01010101));
  else if (esize === 16) v = b.bin('mul', b.bin('and', v, L.i32(0xffff)), L.i32(0x00010001));
  for (let r = 0; r < (q ? 2 : 1); r++) for (let w = 0; w < 2; w++) setDW(L, d + r, w, v);
}
const disVdupCore = (i: number) =>
  `vdup${cc(i)}.${vdupCoreSize(i)}\t${bit(i, 21) ? qName(vn(i, true)) : dName(vn(i, true))}, ${rName(rt(i))}`;

/** VMRS/VMSR: user space sees FPSCR only (FPSID, FPEXC, MVFRn are privileged in VFPv3: SIGILL). */
function liftVmrs(L: ArmLifter, i: number): void {
  if (rn(i) !== 1) return L.undefinedInsn();
  const b = L.b;
  const f = getFpscr(L);
  if (rt(i) === 15) {
    const flag = (n: number) => b.bin('and', b.bin('shr_u', f, L.i32(n)), L.i32(1));
    L.setNZCVBits(flag(31), flag(30), flag(29), flag(28));
  } else L.setReg(rt(i), f);
}
function liftVmsr(L: ArmLifter, i: number): void {
  if (rn(i) !== 1 || rt(i) === 15) return L.undefinedInsn();
  L.setSlot(SLOT_FPSCR, L.b.bin('and', L.reg(rt(i)), L.i32(FPSCR_WRITABLE)));
}
const SPECIAL_REGS: Record<number, string> = { 0: 'fpsid', 1: 'fpscr', 5: 'mvfr2', 6: 'mvfr1', 7: 'mvfr0', 8: 'fpexc', 9: 'fpinst', 10: 'fpinst2' };
const disVmrs = (i: number) =>
  `vmrs${cc(i)}\t${rt(i) === 15 && rn(i) === 1 ? 'APSR_nzcv' : rName(rt(i))}, ${SPECIAL_REGS[rn(i)] ?? `<impl def ${hex(rn(i))}>`}`;
const disVmsr = (i: number) => `vmsr${cc(i)}\t${SPECIAL_REGS[rn(i)] ?? `<impl def ${hex(rn(i))}>`}, ${rName(rt(i))}`;

// ---- the table -------------------------------------------------------------------------------

/** Data-processing rows: mask covers bits 27:20 (less D), 11:9, 6 and 4. */
const DP = 0x0fb00e50;

const VFP_ROWS: readonly Row[] = [
  row('vmla', DP, 0x0e000a00, macLift('mac', 0), dis3('vmla')),
  row('vmls', DP, 0x0e000a40, macLift('mac', 1), dis3('vmls')),
  row('vnmls', DP, 0x0e100a00, macLift('mac', 3), dis3('vnmls')),
  row('vnmla', DP, 0x0e100a40, macLift('mac', 2), dis3('vnmla')),
  row('vmul', DP, 0x0e200a00, arith3('mul', 'mul'), dis3('vmul')),
  row('vnmul', DP, 0x0e200a40, arith3('nmul'), dis3('vnmul')),
  row('vadd', DP, 0x0e300a00, arith3('add', 'add'), dis3('vadd')),
  row('vsub', DP, 0x0e300a40, arith3('sub', 'sub'), dis3('vsub')),
  row('vdiv', DP, 0x0e800a00, arith3('div', 'div'), dis3('vdiv')),
  row('vfnms', DP, 0x0e900a00, macLift('fma', 3), dis3('vfnms')),
  row('vfnma', DP, 0x0e900a40, macLift('fma', 2), dis3('vfnma')),
  row('vfma', DP, 0x0ea00a00, macLift('fma', 0), dis3('vfma')),
  row('vfms', DP, 0x0ea00a40, macLift('fma', 1), dis3('vfms')),
  row('vmov.imm', 0x0fb00ef0, 0x0eb00a00, liftVmovImm, disVmovImm),
  row('vmov.reg', 0x0fbf0ed0, 0x0eb00a40, liftMovAbsNeg('mov'), dis2('vmov')),
  row('vabs', 0x0fbf0ed0, 0x0eb00ac0, liftMovAbsNeg('abs'), dis2('vabs')),
  row('vneg', 0x0fbf0ed0, 0x0eb10a40, liftMovAbsNeg('neg'), dis2('vneg')),
  row('vsqrt', 0x0fbf0ed0, 0x0eb10ac0, liftVsqrt, dis2('vsqrt')),
  row('vcvtb/t', 0x0fbe0f50, 0x0eb20a40, liftCvtHalf, disCvtHalf),
  row('vcmp', 0x0fbf0e50, 0x0eb40a40, liftCmp(false), disCmp(false)),
  row('vcmp.zero', 0x0fbf0e7f, 0x0eb50a40, liftCmp(true), disCmp(true)),
  row('vcvt.ff', 0x0fbf0ed0, 0x0eb70ac0, liftCvtFF, disCvtFF),
  row('vcvt.fromint', 0x0fbf0e50, 0x0eb80a40, liftCvtFromInt, disCvtFromInt),
  row('vcvt.toint', 0x0fbe0e50, 0x0ebc0a40, liftCvtToInt, disCvtToInt),
  row('vcvt.fixed', 0x0fba0e50, 0x0eba0a40, liftCvtFixed, disCvtFixed),
  row('vmov.core.single', 0x0fe00f7f, 0x0e000a10, liftVmovCoreSingle, disVmovCoreSingle),
  row('vmrs', 0x0ff00fff, 0x0ef00a10, liftVmrs, disVmrs),
  row('vmsr', 0x0ff00fff, 0x0ee00a10, liftVmsr, disVmsr),
  row('vmov.to.scalar', 0x0f900f1f, 0x0e000b10, liftVmovToScalar, disScalarMov),
  row('vmov.from.scalar', 0x0f100f1f, 0x0e100b10, liftVmovFromScalar, disScalarMov),
  row('vdup.core', 0x0f900f5f, 0x0e800b10, liftVdupCore, disVdupCore),
  row('vmov.64', 0x0fe00ed0, 0x0c400a10, liftVmov64, disVmov64),
  row('vldr/vstr', 0x0f200e00, 0x0d000a00, liftVldrVstr, disVldrVstr),
  row('vldm/vstm.ia', 0x0f800e00, 0x0c800a00, liftVldm, disVldm),
  row('vldm/vstm.db', 0x0fa00e00, 0x0d200a00, liftVldm, disVldm),
];

export { dslot, sslot };
