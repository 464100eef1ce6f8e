// Integer semantics shared by the A32 and T32 decoders, written once against ArmLifter: shifter
// operands with their carry-out, add-with-carry, data processing with flags and PC writes, loads
// and stores with every addressing mode, load/store multiple, exclusives, multiplies, and the
// DSP/media operations (most of those through the pure helpers of helpers.ts).
import type { Temp } from '../../ir/ir.ts';
import type { ArmLifter } from './lifter.ts';
import { SLOT_CF, SLOT_EXCL_ADDR, SLOT_GE, SLOT_NF, SLOT_QF, SLOT_VF, SLOT_ZF } from './state.ts';

/** A shifter operand: the value and the shifter's carry-out (i32 0/1). */
export interface Operand {
  v: Temp;
  c: Temp;
}

export const SHIFT_NAMES = ['lsl', 'lsr', 'asr', 'ror'];

/** Bits [hi:lo] of x. */
export const bits = (x: number, hi: number, lo: number): number => (x >>> lo) & ((2 ** (hi - lo + 1)) - 1);

/** ARMExpandImm: an 8-bit value rotated right by twice the 4-bit rotation (A32). */
export function expandImmA32(L: ArmLifter, imm12: number): Operand {
  const rot = 2 * (imm12 >>> 8);
  const v = rotr32(imm12 & 0xff, rot);
  return { v: L.i32(v), c: rot === 0 ? L.flagC() : L.i32(v >>> 31) };
}
export const rotr32 = (v: number, n: number): number => (n === 0 ? v >>> 0 : ((v >>> n) | (v << (32 - n))) >>> 0);

/** ThumbExpandImm of i:imm3:imm8; undefined for the UNPREDICTABLE zero byte patterns. */
export function thumbExpandImm(imm12: number): { v: number; rotated: boolean } | undefined {
  const b = imm12 & 0xff;
  if ((imm12 >>> 10) === 0) {
    switch ((imm12 >>> 8) & 3) {
      case 0: return { v: b, rotated: false };
      case 1: return b === 0 ? undefined : { v: ((b << 16) | b) >>> 0, rotated: false };
      case 2: return b === 0 ? undefined : { v: ((b << 24) | (b << 8)) >>> 0, rotated: false };
      default: return b === 0 ? undefined : { v: ((b << 24) | (b << 16) | (b << 8) | b) >>> 0, rotated: false };
    }
  }
  return { v: rotr32(0x80 | (imm12 & 0x7f), imm12 >>> 7), rotated: true };
}
export function thumbImmOperand(L: ArmLifter, imm12: number): Operand | undefined {
  const e = thumbExpandImm(imm12);
  if (!e) return undefined;
  return { v: L.i32(e.v), c: e.rotated ? L.i32(e.v >>> 31) : L.flagC() };
}

/** A shift by an immediate as encoded (DecodeImmShift: LSR/ASR #0 mean 32, ROR #0 is RRX). */
export function shiftImm(L: ArmLifter, v: Temp, type: number, imm5: number): Operand {
  const b = L.b;
  const k = (n: number) => L.i32(n);
  const bit = (x: Temp, n: number) => b.bin('and', b.bin('shr_u', x, k(n)), k(1));
  switch (type) {
    case 0:
      if (imm5 === 0) return { v, c: L.flagC() };
      return { v: b.bin('shl', v, k(imm5)), c: bit(v, 32 - imm5) };
    case 1:
      if (imm5 === 0) return { v: k(0), c: bit(v, 31) };
      return { v: b.bin('shr_u', v, k(imm5)), c: bit(v, imm5 - 1) };
    case 2: {
      const n = imm5 === 0 ? 32 : imm5;
      return { v: b.bin('shr_s', v, k(Math.min(n, 31))), c: bit(v, n - 1) };
    }
    default:
      if (imm5 === 0) {
        // RRX: C into bit 31.
        const r = b.bin('or', b.bin('shr_u', v, k(1)), b.bin('shl', L.flagC(), k(31)));
        return { v: r, c: b.bin('and', v, k(1)) };
      }
      return { v: b.bin('rotr', v, k(imm5)), c: bit(v, imm5 - 1) };
  }
}

/** A shift by a register: the amount is the bottom byte of `amount` (0..255). */
export function shiftReg(L: ArmLifter, v: Temp, type: number, amount: Temp): Operand {
  const b = L.b;
  const k = (n: number) => L.i32(n);
  const n = b.bin('and', amount, k(0xff));
  const zero = b.un('eqz', n);
  const cin = L.flagC();
  const one = (x: Temp) => b.bin('and', x, k(1));
  switch (type) {
    case 0: {
      const big = b.bin('lt_u', k(31), n); // n >= 32
      const r = b.select(big, k(0), b.bin('shl', v, n));
      const le32 = b.bin('le_u', n, k(32));
      const c = b.select(zero, cin, b.select(le32, one(b.bin('shr_u', v, b.sub(k(32), n))), k(0)));
      return { v: r, c };
    }
    case 1: {
      const big = b.bin('lt_u', k(31), n);
      const r = b.select(big, k(0), b.bin('shr_u', v, n));
      const le32 = b.bin('le_u', n, k(32));
      const c = b.select(zero, cin, b.select(le32, one(b.bin('shr_u', v, b.sub(n, k(1)))), k(0)));
      return { v: r, c };
    }
    case 2: {
      const big = b.bin('lt_u', k(31), n);
      const r = b.bin('shr_s', v, b.select(big, k(31), n));
      const c = b.select(zero, cin, one(b.bin('shr_s', v, b.select(big, k(31), b.sub(n, k(1))))));
      return { v: r, c };
    }
    default: {
      const r = b.bin('rotr', v, n);
      const c = b.select(zero, cin, b.bin('shr_u', r, k(31)));
      return { v: r, c };
    }
  }
}

/** AddWithCarry: result, carry-out (0/1) and a word whose bit 31 is the overflow. */
export function addWithCarry(L: ArmLifter, x: Temp, y: Temp, carryIn: Temp | 0 | 1): { r: Temp; c: Temp; v: Temp } {
  const b = L.b;
  let r: Temp, c: Temp;
  if (carryIn === 0) {
    r = b.add(x, y);
    c = b.bin('lt_u', r, x);
  } else if (carryIn === 1) {
    r = b.add(b.add(x, y), L.i32(1));
    c = b.bin('le_u', r, x);
  } else {
    r = b.add(b.add(x, y), carryIn);
    // carry when r < x, or r == x with a carry in (y = 0xffffffff)
    c = b.select(carryIn, b.bin('le_u', r, x), b.bin('lt_u', r, x));
  }
  const v = b.bin('and', b.bin('xor', x, r), b.bin('xor', y, r));
  return { r, c, v };
}

export type DpOp = 'and' | 'eor' | 'sub' | 'rsb' | 'add' | 'adc' | 'sbc' | 'rsc' | 'tst' | 'teq' | 'cmp' | 'cmn' | 'orr' | 'mov' | 'bic' | 'mvn' | 'orn';
/** A32 opcode order (bits 24:21). */
export const DP_OPS: DpOp[] = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn'];
export const isCompare = (op: DpOp): boolean => op === 'tst' || op === 'teq' || op === 'cmp' || op === 'cmn';

/**
 * A data-processing instruction. `pcWrite`: how a write of rd = 15 goes ('interwork' for A32,
 * 'branch' for T32's ADD/MOV to PC). Writes to the PC with S set are SIGILL (user mode has no SPSR).
 */
export function dataProc(L: ArmLifter, op: DpOp, s: boolean, rd: number, rn: Temp | undefined, op2: Operand, pcWrite: 'interwork' | 'branch'): void {
  const b = L.b;
  const a = rn ?? L.i32(0);
  let r: Temp;
  let arith: { c: Temp; v: Temp } | undefined;
  switch (op) {
    case 'and': case 'tst': r = b.bin('and', a, op2.v); break;
    case 'eor': case 'teq': r = b.bin('xor', a, op2.v); break;
    case 'orr': r = b.bin('or', a, op2.v); break;
    case 'orn': r = b.bin('or', a, b.un('not', op2.v)); break;
    case 'bic': r = b.bin('and', a, b.un('not', op2.v)); break;
    case 'mov': r = op2.v; break;
    case 'mvn': r = b.un('not', op2.v); break;
    case 'sub': case 'cmp': { const x = addWithCarry(L, a, b.un('not', op2.v), 1); r = x.r; arith = x; break; }
    case 'rsb': { const x = addWithCarry(L, b.un('not', a), op2.v, 1); r = x.r; arith = x; break; }
    case 'add': case 'cmn': { const x = addWithCarry(L, a, op2.v, 0); r = x.r; arith = x; break; }
    case 'adc': { const x = addWithCarry(L, a, op2.v, L.flagC()); r = x.r; arith = x; break; }
    case 'sbc': { const x = addWithCarry(L, a, b.un('not', op2.v), L.flagC()); r = x.r; arith = x; break; }
    case 'rsc': { const x = addWithCarry(L, b.un('not', a), op2.v, L.flagC()); r = x.r; arith = x; break; }
  }
  if (rd === 15 && !isCompare(op)) {
    if (s) return L.undefinedInsn();
    return L.writePc(r, pcWrite === 'interwork');
  }
  if (s) {
    L.setNZ(r);
    if (arith) {
      L.setC(arith.c);
      L.setVBit31(arith.v);
    } else L.setC(op2.c);
  }
  if (!isCompare(op)) L.setReg(rd, r);
}

// ---- loads and stores ----------------------------------------------------------------------

export interface Access {
  load: boolean;
  size: 1 | 2 | 4;
  signed: boolean;
  rt: number;
  rn: number;
  /** The offset operand (already shifted), added or subtracted per `add`. */
  offset: Temp;
  add: boolean;
  /** P: offset applied before the access. W (or post-indexing): base written back. */
  index: boolean;
  wback: boolean;
}

/** Base address for a PC-relative access: Align(PC, 4). */
export function baseValue(L: ArmLifter, rn: number): Temp {
  return rn === 15 ? L.i32(L.pcValue() & ~3) : L.reg(rn);
}

export function loadStore(L: ArmLifter, a: Access): void {
  const b = L.b;
  const base = baseValue(L, a.rn);
  const offAddr = a.add ? b.add(base, a.offset) : b.sub(base, a.offset);
  const addr = a.index ? offAddr : base;
  if (a.load) {
    const v = L.load(a.size, a.signed, addr);
    if (a.wback && a.rn !== a.rt) L.setReg(a.rn, offAddr);
    if (a.rt === 15) L.writePc(v, true);
    else L.setReg(a.rt, v);
  } else {
    const v = a.rt === 15 ? L.i32(L.pcValue()) : L.reg(a.rt);
    L.store(a.size, addr, v);
    if (a.wback) L.setReg(a.rn, offAddr);
  }
}

/** LDRD/STRD (rt, rt2 = two registers). */
export function loadStoreDual(L: ArmLifter, load: boolean, rt: number, rt2: number, rn: number, offset: Temp, add: boolean, index: boolean, wback: boolean): void {
  const b = L.b;
  const base = baseValue(L, rn);
  const offAddr = add ? b.add(base, offset) : b.sub(base, offset);
  const addr = index ? offAddr : base;
  const addr2 = b.add(addr, L.i32(4));
  if (load) {
    const v1 = L.load(4, false, addr);
    const v2 = L.load(4, false, addr2);
    if (wback) L.setReg(rn, offAddr);
    L.setReg(rt, v1);
    if (rt2 === 15) L.writePc(v2, true);
    else L.setReg(rt2, v2);
  } else {
    const v1 = L.reg(rt), v2 = L.reg(rt2);
    L.store(4, addr, v1);
    L.store(4, addr2, v2);
    if (wback) L.setReg(rn, offAddr);
  }
}

/**
 * LDM/STM. `mode`: 'ia' | 'ib' | 'da' | 'db'. Loading the PC interworks. With writeback and the
 * base in a load's list, the loaded value wins; a store of the base stores its original value.
 */
export function loadStoreMultiple(L: ArmLifter, load: boolean, rn: number, list: number, mode: 'ia' | 'ib' | 'da' | 'db', wback: boolean): void {
  const b = L.b;
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) regs.push(i);
  const n = regs.length;
  const base = L.reg(rn);
  let start: number;
  switch (mode) {
    case 'ia': start = 0; break;
    case 'ib': start = 4; break;
    case 'da': start = -4 * n + 4; break;
    default: start = -4 * n;
  }
  const newBase = b.add(base, L.i32(mode === 'ia' || mode === 'ib' ? 4 * n : -4 * n));
  if (load) {
    const vals = regs.map((_, i) => L.load(4, false, b.add(base, L.i32(start + 4 * i))));
    if (wback && !(list & (1 << rn))) L.setReg(rn, newBase);
    let pcVal: Temp | undefined;
    regs.forEach((r, i) => {
      if (r === 15) pcVal = vals[i];
      else L.setReg(r, vals[i]!);
    });
    if (pcVal !== undefined) L.writePc(pcVal, true);
  } else {
    regs.forEach((r, i) => {
      const v = r === 15 ? L.i32(L.pcValue()) : L.reg(r);
      L.store(4, b.add(base, L.i32(start + 4 * i)), v);
    });
    if (wback) L.setReg(rn, newBase);
  }
}

// ---- exclusives ----------------------------------------------------------------------------

/** LDREX{B,H,D}: reads and marks the address, size and value in the monitor (exclusive.ts). */
export function loadExclusive(L: ArmLifter, size: 1 | 2 | 4 | 8, rt: number, rt2: number, rn: number, imm = 0): void {
  const b = L.b;
  const addr = imm ? b.add(L.reg(rn), L.i32(imm)) : L.reg(rn);
  if (size === 8) {
    const v = L.call('arm_ldrex', [addr, L.i32(8), L.i32(L.here)], 'i64');
    L.setReg(rt, b.un('lo64', v));
    L.setReg(rt2, b.un('hi64', v));
  } else L.setReg(rt, L.call('arm_ldrex', [addr, L.i32(size), L.i32(L.here)], 'i32'));
}

/** STREX{B,H,D}: rd = 0 if the store happened (a host compare-exchange against the value LDREX read), else 1; clears the monitor. */
export function storeExclusive(L: ArmLifter, size: 1 | 2 | 4 | 8, rd: number, rt: number, rt2: number, rn: number, imm = 0): void {
  const b = L.b;
  const addr = imm ? b.add(L.reg(rn), L.i32(imm)) : L.reg(rn);
  const hi = size === 8 ? L.reg(rt2) : L.i32(0);
  L.setReg(rd, L.call('arm_strex', [addr, L.i32(size), L.reg(rt), hi, L.i32(L.here)], 'i32'));
}

export function clearExclusive(L: ArmLifter): void {
  L.setSlot(SLOT_EXCL_ADDR, L.i32(-1));
}

// ---- multiplies ----------------------------------------------------------------------------

/** MUL/MLA/MLS (32-bit result; S sets N and Z only). */
export function multiply(L: ArmLifter, rd: number, rn: number, rm: number, acc: number | undefined, subtract: boolean, s: boolean): void {
  const b = L.b;
  let r = b.bin('mul', L.reg(rn), L.reg(rm));
  if (acc !== undefined) r = subtract ? b.sub(L.reg(acc), r) : b.add(L.reg(acc), r);
  if (s) L.setNZ(r);
  L.setReg(rd, r);
}

/** UMULL/SMULL/UMLAL/SMLAL/UMAAL: rdhi:rdlo (= or +=) rn * rm. */
export function multiplyLong(L: ArmLifter, kind: 'umull' | 'smull' | 'umlal' | 'smlal' | 'umaal', rdlo: number, rdhi: number, rn: number, rm: number, s: boolean): void {
  const b = L.b;
  const signed = kind === 'smull' || kind === 'smlal';
  const ext = (t: Temp) => b.un(signed ? 'sext32to64' : 'zext32to64', t);
  let p = b.bin('mul', ext(L.reg(rn)), ext(L.reg(rm)));
  if (kind === 'umlal' || kind === 'smlal') p = b.add(p, b.bin('pair', L.reg(rdlo), L.reg(rdhi)));
  else if (kind === 'umaal') p = b.add(b.add(p, b.un('zext32to64', L.reg(rdlo))), b.un('zext32to64', L.reg(rdhi)));
  const lo = b.un('lo64', p), hi = b.un('hi64', p);
  if (s) {
    L.setSlot(SLOT_NF, hi);
    L.setSlot(SLOT_ZF, b.bin('or', lo, hi));
  }
  L.setReg(rdlo, lo);
  L.setReg(rdhi, hi);
}

/** SDIV/UDIV: division by zero gives 0 (Linux leaves the ARMv7 divide trap disabled). */
export function divide(L: ArmLifter, signed: boolean, rd: number, rn: number, rm: number): void {
  const b = L.b;
  const m = L.reg(rm);
  const q = b.bin(signed ? 'div_s' : 'div_u', L.reg(rn), m);
  L.setReg(rd, b.select(b.un('eqz', m), L.i32(0), q));
}

// ---- the rest: pure helpers (helpers.ts) for media/DSP, with Q and GE handled here ----------

/** Calls a pure helper returning a value; the helper's name says which operation. */
export function helper(L: ArmLifter, name: string, args: Temp[]): Temp {
  return L.call(name, args, 'i32', true);
}

/** Q |= q (q: i32 0/1). */
export function orQ(L: ArmLifter, q: Temp): void {
  const b = L.b;
  L.setSlot(SLOT_QF, b.bin('or', b.get(SLOT_QF, 'i32'), q));
}
export function setGE(L: ArmLifter, ge: Temp): void {
  L.setSlot(SLOT_GE, ge);
}

/** The APSR as MRS reads it: N Z C V Q, GE in 19:16. */
export function readApsr(L: ArmLifter): Temp {
  const b = L.b;
  const k = (n: number) => L.i32(n);
  let r = b.bin('shl', L.flagN(), k(31));
  r = b.bin('or', r, b.bin('shl', L.flagZ(), k(30)));
  r = b.bin('or', r, b.bin('shl', L.flagC(), k(29)));
  r = b.bin('or', r, b.bin('shl', L.flagV(), k(28)));
  r = b.bin('or', r, b.bin('shl', b.get(SLOT_QF, 'i32'), k(27)));
  r = b.bin('or', r, b.bin('shl', b.bin('and', b.get(SLOT_GE, 'i32'), k(15)), k(16)));
  return r;
}

/** MSR APSR_<mask>: mask bit 1 = nzcvq, bit 0 = g. */
export function writeApsr(L: ArmLifter, v: Temp, mask: number): void {
  const b = L.b;
  const k = (n: number) => L.i32(n);
  const bit = (n: number) => b.bin('and', b.bin('shr_u', v, k(n)), k(1));
  if (mask & 2) {
    L.setSlot(SLOT_NF, v);
    L.setSlot(SLOT_ZF, b.un('eqz', bit(30)));
    L.setSlot(SLOT_CF, bit(29));
    L.setSlot(SLOT_VF, b.bin('shl', v, k(3)));
    L.setSlot(SLOT_QF, bit(27));
  }
  if (mask & 1) L.setSlot(SLOT_GE, b.bin('and', b.bin('shr_u', v, k(16)), k(15)));
}
