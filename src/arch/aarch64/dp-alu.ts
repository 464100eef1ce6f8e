// Integer semantics shared by the A64 data-processing rows: add/subtract with carry and NZCV as
// separate IR values (so the flags nobody reads die), shifted and extended register operands, the
// bitmask immediates of the logical and bitfield instructions, and objdump's operand text.
//
// Flags use the slot representation of state.ts: N is bit 31 of NF, Z is set when ZF == 0, C is
// CF (0/1), V is bit 31 of VF. For a 64-bit result, NF and VF are high words.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { SLOT_CF, SLOT_NF, SLOT_VF, SLOT_ZF } from './state.ts';
import { hex } from './table.ts';

/** NZCV as four i32 words in the slot representation. */
export interface Nzcv {
  n: Temp;
  z: Temp;
  c: Temp;
  v: Temp;
}

export function setFlags(L: A64Lifter, f: Nzcv): void {
  const b = L.b;
  b.set(SLOT_NF, f.n);
  b.set(SLOT_ZF, f.z);
  b.set(SLOT_CF, f.c);
  b.set(SLOT_VF, f.v);
}

/** The high word of an i64 (where N and V live), an i32 unchanged. */
export function signWord(L: A64Lifter, v: Temp): Temp {
  return L.b.ty(v) === 'i64' ? L.b.un('hi64', v) : v;
}
/** A word that is zero exactly when v (i32 or i64) is. */
export function zeroWord(L: A64Lifter, v: Temp): Temp {
  const b = L.b;
  return b.ty(v) === 'i64' ? b.bin('or', b.un('lo64', v), b.un('hi64', v)) : v;
}

export interface AddResult {
  r: Temp;
  flags: () => Nzcv;
}

/**
 * a + b (sub: a - b), with a carry-in for ADC/SBC (i32 0/1; SBC computes a + ~b + carry). Both
 * operands have the same width; the flags are built only when asked for.
 */
export function addSub(L: A64Lifter, a: Temp, b: Temp, sub: boolean, carryIn?: Temp): AddResult {
  const B = L.b;
  const wide = B.ty(a) === 'i64';
  let r = B.bin(sub ? 'sub' : 'add', a, b);
  if (carryIn !== undefined) {
    const c = wide ? B.un('zext32to64', carryIn) : carryIn;
    // SBC: a - b - 1 + carry = (a - b) - (1 - carry)
    r = sub ? B.bin('sub', r, B.bin('xor', c, L.imm(1, wide ? 1 : 0))) : B.bin('add', r, c);
  }
  const flags = (): Nzcv => {
    let c: Temp;
    if (sub) {
      // No borrow: a >= b (SBC with carry clear: a > b).
      c = carryIn === undefined ? B.bin('le_u', b, a) : B.select(carryIn, B.bin('le_u', b, a), B.bin('lt_u', b, a));
    } else {
      // Carry out: the sum wrapped below a (with a carry-in, to a or below).
      c = carryIn === undefined ? B.bin('lt_u', r, a) : B.select(carryIn, B.bin('le_u', r, a), B.bin('lt_u', r, a));
    }
    // Overflow: add, the operands agree in sign and the result does not; sub, they differ and the
    // result's sign is not a's. Only the sign words take part (i32 ops even for 64-bit operands).
    const sa = signWord(L, a), sb = signWord(L, b), sr = signWord(L, r);
    const v = sub ? B.bin('and', B.bin('xor', sa, sb), B.bin('xor', sa, sr)) : B.bin('and', B.bin('xor', sa, sr), B.bin('xor', sb, sr));
    return { n: sr, z: zeroWord(L, r), c, v };
  };
  return { r, flags };
}

/** N and Z of a result with C and V clear (ANDS, BICS). */
export function logicFlags(L: A64Lifter, r: Temp): Nzcv {
  return { n: signWord(L, r), z: zeroWord(L, r), c: L.i32(0), v: L.i32(0) };
}

/** A right rotation by a constant (i64 rotations by a constant stay shifts, not a helper call). */
export function rorConst(L: A64Lifter, v: Temp, amount: number): Temp {
  const b = L.b;
  const width = b.ty(v) === 'i64' ? 64 : 32;
  const s = amount % width;
  if (s === 0) return v;
  if (width === 32) return b.bin('rotr', v, L.i32(s));
  return b.bin('or', b.bin('shr_u', v, L.i32(s)), b.bin('shl', v, L.i32(width - s)));
}

export const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'] as const;

/** A register operand shifted by a constant (type 0 LSL, 1 LSR, 2 ASR, 3 ROR). */
export function shiftConst(L: A64Lifter, v: Temp, type: number, amount: number): Temp {
  if (amount === 0) return v;
  const b = L.b;
  switch (type) {
    case 0: return b.bin('shl', v, L.i32(amount));
    case 1: return b.bin('shr_u', v, L.i32(amount));
    case 2: return b.bin('shr_s', v, L.i32(amount));
    default: return rorConst(L, v, amount);
  }
}

export const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;

/**
 * ExtendReg: register m extended by option (UXTB..SXTX) to the operation's width, then shifted
 * left by 0..4. Option x11 reads Xm when sf = 1; every other option reads Wm.
 */
export function extendReg(L: A64Lifter, m: number, option: number, shift: number, sf: number): Temp {
  const b = L.b;
  let v: Temp;
  if (sf && (option & 3) === 3) v = L.x(m);
  else {
    const w = L.w(m);
    switch (option & 3) {
      case 0: v = b.un(option & 4 ? 'sext8' : 'zext8', w); break;
      case 1: v = b.un(option & 4 ? 'sext16' : 'zext16', w); break;
      default: v = w;
    }
    if (sf) v = b.un(option & 4 ? 'sext32to64' : 'zext32to64', v);
  }
  return shift ? b.bin('shl', v, L.i32(shift)) : v;
}

/** log2 of the element size of a bitmask immediate (N:NOT(imms)), or -1 when reserved. */
function elementLog(n: number, imms: number): number {
  const x = (n << 6) | (~imms & 0x3f);
  return x === 0 ? -1 : 31 - Math.clz32(x);
}

/**
 * DecodeBitMasks for a logical immediate: the value (width bits), or undefined for the reserved
 * encodings (N = 1 in a 32-bit instruction, an all-ones element, no element size).
 */
export function logicalImm(n: number, imms: number, immr: number, width: number): bigint | undefined {
  if (width === 32 && n) return undefined;
  const len = elementLog(n, imms);
  if (len < 1) return undefined;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels, r = immr & levels;
  if (s === levels) return undefined;
  const emask = (1n << BigInt(esize)) - 1n;
  const ones = (1n << BigInt(s + 1)) - 1n;
  const elem = ((ones >> BigInt(r)) | (ones << BigInt(esize - r))) & emask;
  let v = 0n;
  for (let i = 0; i < width; i += esize) v |= elem << BigInt(i);
  return v;
}

/**
 * Whether MOVZ or MOVN could make a value (width bits): then objdump prints ORR with a bitmask
 * immediate as ORR, otherwise as MOV.
 */
export function moveWideCan(v: bigint, width: number): boolean {
  const all = (1n << BigInt(width)) - 1n;
  const oneHalfword = (x: bigint) => {
    for (let s = 0n; s < BigInt(width); s += 16n) if ((x & ~(0xffffn << s)) === 0n) return true;
    return false;
  };
  return oneHalfword(v & all) || oneHalfword(~v & all);
}

// ---- operand text ----------------------------------------------------------------------------

/** `#0x..` as objdump prints immediates of data processing. */
export const himm = (v: number | bigint): string => `#0x${hex(v)}`;

/** `, lsl #3` after a shifted register; nothing for LSL #0 (other shifts print #0). */
export const shiftText = (type: number, amount: number): string => (type === 0 && amount === 0 ? '' : `, ${SHIFTS[type]} #${amount}`);
