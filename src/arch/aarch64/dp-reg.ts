// A64 data processing (register): logical and add/subtract with shifted or extended registers,
// add/subtract with carry, conditional compare and select, 1-, 2- and 3-source operations, each
// with the aliases objdump prints. 32-bit forms compute on i32 (setReg zero-extends).
import type { Temp } from '../../ir/ir.ts';
import { EXTENDS, type Nzcv, SHIFTS, addSub, extendReg, himm, logicFlags, rorConst, setFlags, shiftConst, shiftText } from './dp-alu.ts';
import type { A64Lifter } from './lifter.ts';
import { SLOT_CF, SLOT_NF, SLOT_VF, SLOT_ZF } from './state.ts';
import { CONDS, type Row, row as makeRow, xr, xsp } from './table.ts';

const rows: Row[] = [];
const row = (...a: Parameters<typeof makeRow>) => rows.push(makeRow(...a));

// ---- logical (shifted register) --------------------------------------------------------------------

const LOGIC_NAMES = [['and', 'bic'], ['orr', 'orn'], ['eor', 'eon'], ['ands', 'bics']];
const LOGIC_OPS = ['and', 'or', 'xor', 'and'] as const;
row('logic-reg', 'f oo 01010 tt N mmmmm iiiiii nnnnn ddddd', (L, f) => {
  const b = L.b;
  let m = shiftConst(L, L.reg(f.m, f.f), f.t, f.i);
  if (f.N) m = b.un('not', m);
  const r = b.bin(LOGIC_OPS[f.o]!, L.reg(f.n, f.f), m);
  if (f.o === 3) setFlags(L, logicFlags(L, r));
  L.setReg(f.d, r);
}, (f) => {
  const rd = xr(f.d, f.f), rn = xr(f.n, f.f), rm = xr(f.m, f.f) + shiftText(f.t, f.i);
  if (f.o === 1 && f.n === 31) {
    if (!f.N && f.t === 0 && f.i === 0) return `mov\t${rd}, ${rm}`;
    if (f.N) return `mvn\t${rd}, ${rm}`;
  }
  if (f.o === 3 && !f.N && f.d === 31) return `tst\t${rn}, ${rm}`;
  return `${LOGIC_NAMES[f.o]![f.N]}\t${rd}, ${rn}, ${rm}`;
}, (f) => f.f === 1 || f.i < 32);

// ---- ADD/ADDS/SUB/SUBS (shifted register, extended register) ---------------------------------------

function addSubInto(L: A64Lifter, d: number, a: Temp, m: Temp, sub: boolean, setsFlags: boolean, dSP: boolean): void {
  const res = addSub(L, a, m, sub);
  if (setsFlags) setFlags(L, res.flags());
  if (dSP) L.setRegSP(d, res.r);
  else L.setReg(d, res.r);
}

row('addsub-shifted', 'f o S 01011 tt 0 mmmmm iiiiii nnnnn ddddd',
  (L, f) => addSubInto(L, f.d, L.reg(f.n, f.f), shiftConst(L, L.reg(f.m, f.f), f.t, f.i), !!f.o, !!f.S, false),
  (f) => {
    const rm = xr(f.m, f.f) + shiftText(f.t, f.i);
    if (f.S && f.d === 31) return `${f.o ? 'cmp' : 'cmn'}\t${xr(f.n, f.f)}, ${rm}`;
    if (f.o && f.n === 31) return `neg${f.S ? 's' : ''}\t${xr(f.d, f.f)}, ${rm}`;
    return `${f.o ? 'sub' : 'add'}${f.S ? 's' : ''}\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${rm}`;
  }, (f) => f.t !== 3 && (f.f === 1 || f.i < 32));

row('addsub-ext', 'f o S 01011 00 1 mmmmm xxx iii nnnnn ddddd',
  (L, f) => addSubInto(L, f.d, L.regSP(f.n, f.f), extendReg(L, f.m, f.x, f.i, f.f), !!f.o, !!f.S, !f.S),
  (f) => {
    const rm = xr(f.m, f.f && (f.x & 3) === 3 ? 1 : 0);
    // With SP as an operand, UXTX (UXTW in 32 bits) is printed as LSL, or not at all.
    const spForm = (f.n === 31 || (!f.S && f.d === 31)) && f.x === (f.f ? 3 : 2);
    const ext = spForm ? (f.i ? `, lsl #${f.i}` : '') : `, ${EXTENDS[f.x]}${f.i ? ` #${f.i}` : ''}`;
    if (f.S && f.d === 31) return `${f.o ? 'cmp' : 'cmn'}\t${xsp(f.n, f.f)}, ${rm}${ext}`;
    return `${f.o ? 'sub' : 'add'}${f.S ? 's' : ''}\t${f.S ? xr(f.d, f.f) : xsp(f.d, f.f)}, ${xsp(f.n, f.f)}, ${rm}${ext}`;
  }, (f) => f.i <= 4);

// ---- ADC/ADCS/SBC/SBCS -------------------------------------------------------------------------------

row('adc-sbc', 'f o S 11010000 mmmmm 000000 nnnnn ddddd', (L, f) => {
  const res = addSub(L, L.reg(f.n, f.f), L.reg(f.m, f.f), !!f.o, L.b.get(SLOT_CF, 'i32'));
  if (f.S) setFlags(L, res.flags());
  L.setReg(f.d, res.r);
}, (f) => {
  const s = f.S ? 's' : '';
  if (f.o && f.n === 31) return `ngc${s}\t${xr(f.d, f.f)}, ${xr(f.m, f.f)}`;
  return `${f.o ? 'sbc' : 'adc'}${s}\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${xr(f.m, f.f)}`;
});

// ---- CCMN/CCMP ---------------------------------------------------------------------------------------

/** NZCV when the condition holds: the compare's flags; otherwise the immediate nzcv. */
function condCompare(L: A64Lifter, cond: number, a: Temp, b: Temp, sub: boolean, nzcv: number): void {
  const B = L.b;
  const holds = L.cond(cond);
  const f: Nzcv = addSub(L, a, b, sub).flags();
  const pick = (slot: number, computed: Temp, other: number) => B.set(slot, B.select(holds, computed, L.i32(other)));
  pick(SLOT_NF, f.n, nzcv & 8 ? -0x80000000 : 0);
  pick(SLOT_ZF, f.z, nzcv & 4 ? 0 : 1);
  pick(SLOT_CF, f.c, (nzcv >> 1) & 1);
  pick(SLOT_VF, f.v, nzcv & 1 ? -0x80000000 : 0);
}
row('ccmp-reg', 'f o 1 11010010 mmmmm cccc 0 0 nnnnn 0 vvvv',
  (L, f) => condCompare(L, f.c, L.reg(f.n, f.f), L.reg(f.m, f.f), !!f.o, f.v),
  (f) => `${f.o ? 'ccmp' : 'ccmn'}\t${xr(f.n, f.f)}, ${xr(f.m, f.f)}, ${himm(f.v)}, ${CONDS[f.c]}`);
row('ccmp-imm', 'f o 1 11010010 iiiii cccc 1 0 nnnnn 0 vvvv',
  (L, f) => condCompare(L, f.c, L.reg(f.n, f.f), L.imm(f.i, f.f), !!f.o, f.v),
  (f) => `${f.o ? 'ccmp' : 'ccmn'}\t${xr(f.n, f.f)}, ${himm(f.i)}, ${himm(f.v)}, ${CONDS[f.c]}`);

// ---- CSEL/CSINC/CSINV/CSNEG ----------------------------------------------------------------------------

row('csel', 'f o 0 11010100 mmmmm cccc 0 p nnnnn ddddd', (L, f) => {
  const b = L.b;
  let m = L.reg(f.m, f.f);
  if (f.p) m = f.o ? b.un('neg', m) : b.bin('add', m, L.imm(1, f.f));
  else if (f.o) m = b.un('not', m);
  L.setReg(f.d, b.select(L.cond(f.c), L.reg(f.n, f.f), m));
}, (f) => {
  const rd = xr(f.d, f.f), rn = xr(f.n, f.f), rm = xr(f.m, f.f);
  const kind = f.o * 2 + f.p; // 0 csel, 1 csinc, 2 csinv, 3 csneg
  const inv = CONDS[f.c ^ 1];
  if (kind !== 0 && f.c < 14 && f.n === f.m) {
    if (kind === 3) return `cneg\t${rd}, ${rn}, ${inv}`;
    if (f.n === 31) return `${kind === 1 ? 'cset' : 'csetm'}\t${rd}, ${inv}`;
    return `${kind === 1 ? 'cinc' : 'cinv'}\t${rd}, ${rn}, ${inv}`;
  }
  return `${['csel', 'csinc', 'csinv', 'csneg'][kind]}\t${rd}, ${rn}, ${rm}, ${CONDS[f.c]}`;
});

// ---- data processing (2 source) --------------------------------------------------------------------------

const SHIFTV_OPS = ['shl', 'shr_u', 'shr_s', 'rotr'] as const;
row('udiv-sdiv', 'f 0 0 11010110 mmmmm 00001 s nnnnn ddddd', (L, f) => {
  const b = L.b;
  const m = L.reg(f.m, f.f);
  // Division by zero gives 0 (the IR's total division gives all ones); MIN / -1 wraps to MIN in both.
  L.setReg(f.d, b.select(b.un('eqz', m), L.imm(0, f.f), b.bin(f.s ? 'div_s' : 'div_u', L.reg(f.n, f.f), m)));
}, (f) => `${f.s ? 'sdiv' : 'udiv'}\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${xr(f.m, f.f)}`);
row('shiftv', 'f 0 0 11010110 mmmmm 0010 tt nnnnn ddddd', (L, f) => {
  // The amount is Rm modulo the width, as the IR's shifts take it.
  L.setReg(f.d, L.b.bin(SHIFTV_OPS[f.t]!, L.reg(f.n, f.f), L.w(f.m)));
}, (f) => `${SHIFTS[f.t]}\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${xr(f.m, f.f)}`);
row('crc32', 'f 0 0 11010110 mmmmm 010 c zz nnnnn ddddd', (L, f) => {
  const bytes = 1 << f.z;
  const data = f.z === 3 ? L.x(f.m) : L.w(f.m);
  L.setReg(f.d, L.call(`a64_crc32${f.c ? 'c' : ''}_${bytes}`, [L.w(f.n), data], 'i32', true));
}, (f) => `crc32${f.c ? 'c' : ''}${'bhwx'[f.z]}\t${xr(f.d, 0)}, ${xr(f.n, 0)}, ${xr(f.m, f.z === 3 ? 1 : 0)}`,
(f) => (f.z === 3) === (f.f === 1));

// ---- data processing (1 source) --------------------------------------------------------------------------

/** REV16: the bytes of each halfword swapped. */
function rev16(L: A64Lifter, v: Temp, sf: number): Temp {
  const b = L.b;
  const m = L.imm(sf ? 0x00ff00ff00ff00ffn : 0x00ff00ff, sf);
  return b.bin('or', b.bin('and', b.bin('shr_u', v, L.i32(8)), m), b.bin('shl', b.bin('and', v, m), L.i32(8)));
}
const ONE_SOURCE = ['rbit', 'rev16', 'rev', 'rev', 'clz', 'cls'];
row('dp-1src', 'f 1 0 11010110 00000 000 ooo nnnnn ddddd', (L, f) => {
  const b = L.b;
  const v = L.reg(f.n, f.f);
  let r: Temp;
  switch (f.o) {
    case 0: r = f.f ? L.call('a64_rbit64', [v], 'i64', true) : L.call('a64_rbit32', [v], 'i32', true); break;
    case 1: r = rev16(L, v, f.f); break;
    // REV32 swaps the bytes of each word: reverse all eight and swap the words back.
    case 2: r = f.f ? rorConst(L, b.un('bswap', v), 32) : b.un('bswap', v); break;
    case 3: r = b.un('bswap', v); break;
    case 4: r = b.un('clz', v); break;
    default:
      // CLS: leading bits equal to the sign bit, not counting it = CLZ(x ^ (x >> 1)) - 1.
      r = b.bin('sub', b.un('clz', b.bin('xor', v, b.bin('shr_s', v, L.i32(1)))), L.imm(1, f.f));
  }
  L.setReg(f.d, r);
}, (f) => `${f.f && f.o === 2 ? 'rev32' : ONE_SOURCE[f.o]}\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}`,
(f) => f.o <= 5 && (f.f === 1 || f.o !== 3));

// ---- data processing (3 source) --------------------------------------------------------------------------

row('madd-msub', 'f 00 11011 000 mmmmm s aaaaa nnnnn ddddd', (L, f) => {
  const b = L.b;
  const p = b.bin('mul', L.reg(f.n, f.f), L.reg(f.m, f.f));
  L.setReg(f.d, b.bin(f.s ? 'sub' : 'add', L.reg(f.a, f.f), p));
}, (f) => {
  const ops = `${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${xr(f.m, f.f)}`;
  if (f.a === 31) return `${f.s ? 'mneg' : 'mul'}\t${ops}`;
  return `${f.s ? 'msub' : 'madd'}\t${ops}, ${xr(f.a, f.f)}`;
});
row('mull-long', '1 00 11011 u01 mmmmm s aaaaa nnnnn ddddd', (L, f) => {
  const b = L.b;
  const widen = (n: number) => b.un(f.u ? 'zext32to64' : 'sext32to64', L.w(n));
  const p = b.bin('mul', widen(f.n), widen(f.m));
  L.setReg(f.d, b.bin(f.s ? 'sub' : 'add', L.x(f.a), p));
}, (f) => {
  const u = f.u ? 'u' : 's';
  const ops = `${xr(f.d)}, ${xr(f.n, 0)}, ${xr(f.m, 0)}`;
  if (f.a === 31) return `${u}${f.s ? 'mnegl' : 'mull'}\t${ops}`;
  return `${u}${f.s ? 'msubl' : 'maddl'}\t${ops}, ${xr(f.a)}`;
});
row('mulh', '1 00 11011 u10 mmmmm 0 aaaaa nnnnn ddddd', (L, f) => {
  // Ra is "should be 11111"; hardware ignores it.
  L.setReg(f.d, L.b.bin(f.u ? 'mulh_u' : 'mulh_s', L.x(f.n), L.x(f.m)));
}, (f) => `${f.u ? 'umulh' : 'smulh'}\t${xr(f.d)}, ${xr(f.n)}, ${xr(f.m)}`);

export const dpRegRows = rows;
