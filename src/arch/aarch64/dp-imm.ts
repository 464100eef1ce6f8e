// A64 data processing (immediate): PC-relative addresses, add/subtract, logical with bitmask
// immediates, move wide, bitfield moves and extract, each with the aliases objdump prints.
import type { Temp } from '../../ir/ir.ts';
import { addSub, himm, logicalImm, logicFlags, moveWideCan, setFlags } from './dp-alu.ts';
import type { A64Lifter } from './lifter.ts';
import { type Row, hex, row as makeRow, sext, xr, xsp } from './table.ts';

const rows: Row[] = [];
const row = (...a: Parameters<typeof makeRow>) => rows.push(makeRow(...a));

const W = (sf: number) => (sf ? 64 : 32);
const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;
const shl = (L: A64Lifter, v: Temp, k: number) => (k ? L.b.bin('shl', v, L.i32(k)) : v);
const shr = (L: A64Lifter, v: Temp, k: number, signed: boolean) => (k ? L.b.bin(signed ? 'shr_s' : 'shr_u', v, L.i32(k)) : v);

// ---- ADR, ADRP ---------------------------------------------------------------------------------

/** The address ADR/ADRP compute (may lie outside 4 GiB: a BigInt then). */
function pcRel(page: number, lo: number, hi: number, pc: number): bigint {
  const imm = BigInt(sext((hi << 2) | lo, 21));
  return page ? (BigInt(pc) & ~0xfffn) + (imm << 12n) : BigInt(pc) + imm;
}
row('adr', 'p ll 10000 hhhhhhhhhhhhhhhhhhh ddddd', (L, f, c) => L.setReg(f.d, L.i64(pcRel(f.p, f.l, f.h, c.pc))),
  (f, c) => `${f.p ? 'adrp' : 'adr'}\t${xr(f.d)}, ${hex(pcRel(f.p, f.l, f.h, c.pc))}`);

// ---- ADD/ADDS/SUB/SUBS (immediate) ---------------------------------------------------------------

row('addsub-imm', 'f o S 10001 0 s iiiiiiiiiiii nnnnn ddddd', (L, f) => {
  const a = L.regSP(f.n, f.f);
  const res = addSub(L, a, L.imm(f.i << (12 * f.s), f.f), !!f.o);
  if (f.S) {
    setFlags(L, res.flags());
    L.setReg(f.d, res.r);
  } else L.setRegSP(f.d, res.r);
}, (f) => {
  const imm = `${himm(f.i)}${f.s ? ', lsl #12' : ''}`;
  if (!f.S && !f.o && !f.s && f.i === 0 && (f.d === 31 || f.n === 31)) return `mov\t${xsp(f.d, f.f)}, ${xsp(f.n, f.f)}`;
  if (f.S && f.d === 31) return `${f.o ? 'cmp' : 'cmn'}\t${xsp(f.n, f.f)}, ${imm}`;
  const name = (f.o ? 'sub' : 'add') + (f.S ? 's' : '');
  return `${name}\t${f.S ? xr(f.d, f.f) : xsp(f.d, f.f)}, ${xsp(f.n, f.f)}, ${imm}`;
});

// ---- AND/ORR/EOR/ANDS (immediate) ----------------------------------------------------------------

const LOGIC_NAMES = ['and', 'orr', 'eor', 'ands'];
const LOGIC_OPS = ['and', 'or', 'xor', 'and'] as const;
row('logic-imm', 'f oo 100100 N rrrrrr ssssss nnnnn ddddd', (L, f) => {
  const r = L.b.bin(LOGIC_OPS[f.o]!, L.reg(f.n, f.f), L.imm(logicalImm(f.N, f.s, f.r, W(f.f))!, f.f));
  if (f.o === 3) {
    setFlags(L, logicFlags(L, r));
    L.setReg(f.d, r);
  } else L.setRegSP(f.d, r);
}, (f) => {
  const imm = logicalImm(f.N, f.s, f.r, W(f.f))!;
  if (f.o === 1 && f.n === 31 && !moveWideCan(imm, W(f.f))) return `mov\t${xsp(f.d, f.f)}, ${himm(imm)}`;
  if (f.o === 3 && f.d === 31) return `tst\t${xr(f.n, f.f)}, ${himm(imm)}`;
  return `${LOGIC_NAMES[f.o]}\t${f.o === 3 ? xr(f.d, f.f) : xsp(f.d, f.f)}, ${xr(f.n, f.f)}, ${himm(imm)}`;
}, (f) => logicalImm(f.N, f.s, f.r, W(f.f)) !== undefined);

// ---- MOVN/MOVZ/MOVK --------------------------------------------------------------------------------

row('movewide', 'f oo 100101 hh iiiiiiiiiiiiiiii ddddd', (L, f) => {
  const shift = BigInt(16 * f.h);
  const imm = BigInt(f.i) << shift;
  if (f.o === 0) L.setReg(f.d, L.imm(~imm & ones(W(f.f)), f.f));
  else if (f.o === 2) L.setReg(f.d, L.imm(imm, f.f));
  else {
    const b = L.b;
    const kept = b.bin('and', L.reg(f.d, f.f), L.imm(~(0xffffn << shift) & ones(W(f.f)), f.f));
    L.setReg(f.d, b.bin('or', kept, L.imm(imm, f.f)));
  }
}, (f) => {
  const imm = BigInt(f.i) << BigInt(16 * f.h);
  const plain = () => `${['movn', '', 'movz', 'movk'][f.o]}\t${xr(f.d, f.f)}, ${himm(f.i)}${f.h ? `, lsl #${16 * f.h}` : ''}`;
  if (f.o === 3 || (f.i === 0 && f.h !== 0)) return plain();
  if (f.o === 2) return `mov\t${xr(f.d, f.f)}, ${himm(imm)}`;
  if (!f.f && f.i === 0xffff) return plain();
  return `mov\t${xr(f.d, f.f)}, ${himm(~imm & ones(W(f.f)))}`;
}, (f) => f.o !== 1 && (f.f === 1 || f.h < 2));

// ---- SBFM/BFM/UBFM -------------------------------------------------------------------------------

function bitfield(L: A64Lifter, opc: number, sf: number, immr: number, imms: number, n: number, d: number): void {
  const b = L.b;
  const width = W(sf);
  const src = L.reg(n, sf);
  const signed = opc === 0;
  let r: Temp;
  if (imms >= immr) {
    // src<imms:immr> to bit 0 (SBFX/UBFX/BFXIL and the shifts and extensions).
    const len = imms - immr + 1;
    const field = shr(L, shl(L, src, width - 1 - imms), width - len, signed);
    r = opc === 1 ? b.bin('or', b.bin('and', L.reg(d, sf), L.imm(~ones(len) & ones(width), sf)), field) : field;
  } else {
    // src<imms:0> to bit width - immr (SBFIZ/UBFIZ/BFI, LSL).
    const len = imms + 1, pos = width - immr;
    const field = shl(L, shr(L, shl(L, src, width - len), width - len, signed), pos);
    r = opc === 1 ? b.bin('or', b.bin('and', L.reg(d, sf), L.imm(~(ones(len) << BigInt(pos)) & ones(width), sf)), field) : field;
  }
  L.setReg(d, r);
}

/** BFXPreferred: whether objdump calls SBFM/UBFM an SBFX/UBFX. */
function bfxPreferred(sf: number, unsigned: boolean, imms: number, immr: number): boolean {
  if (imms < immr || imms === (sf ? 63 : 31)) return false;
  if (immr === 0) {
    if (!sf && (imms === 7 || imms === 15)) return false;
    if (sf && !unsigned && (imms === 7 || imms === 15 || imms === 31)) return false;
  }
  return true;
}

function bitfieldText(opc: number, sf: number, immr: number, imms: number, n: number, d: number): string {
  const width = W(sf);
  const rd = xr(d, sf), rn = xr(n, sf);
  const insert = `#${(width - immr) % width}, #${imms + 1}`;
  const extract = `#${immr}, #${imms - immr + 1}`;
  if (opc === 1) {
    if (imms < immr) return n === 31 ? `bfc\t${rd}, ${insert}` : `bfi\t${rd}, ${rn}, ${insert}`;
    return `bfxil\t${rd}, ${rn}, ${extract}`;
  }
  const u = opc === 2;
  if (imms === width - 1) return `${u ? 'lsr' : 'asr'}\t${rd}, ${rn}, #${immr}`;
  if (u && imms + 1 === immr) return `lsl\t${rd}, ${rn}, #${width - 1 - imms}`;
  if (imms < immr) return `${u ? 'ubfiz' : 'sbfiz'}\t${rd}, ${rn}, ${insert}`;
  if (bfxPreferred(sf, u, imms, immr)) return `${u ? 'ubfx' : 'sbfx'}\t${rd}, ${rn}, ${extract}`;
  if (immr === 0 && (imms === 7 || imms === 15 || imms === 31)) {
    return `${u ? 'u' : 's'}xt${imms === 7 ? 'b' : imms === 15 ? 'h' : 'w'}\t${rd}, ${xr(n, 0)}`;
  }
  return `${u ? 'ubfm' : 'sbfm'}\t${rd}, ${rn}, #${immr}, #${imms}`;
}

row('bitfield', 'f oo 100110 N rrrrrr ssssss nnnnn ddddd', (L, f) => bitfield(L, f.o, f.f, f.r, f.s, f.n, f.d),
  (f) => bitfieldText(f.o, f.f, f.r, f.s, f.n, f.d),
  (f) => f.o !== 3 && f.N === f.f && (f.f === 1 || (f.r < 32 && f.s < 32)));

// ---- EXTR ------------------------------------------------------------------------------------------

row('extr', 'f 00 100111 N 0 mmmmm ssssss nnnnn ddddd', (L, f) => {
  const width = W(f.f);
  const lo = L.reg(f.m, f.f);
  if (f.s === 0) return L.setReg(f.d, lo);
  const b = L.b;
  L.setReg(f.d, b.bin('or', shr(L, lo, f.s, false), shl(L, L.reg(f.n, f.f), width - f.s)));
}, (f) => (f.n === f.m ? `ror\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, #${f.s}` : `extr\t${xr(f.d, f.f)}, ${xr(f.n, f.f)}, ${xr(f.m, f.f)}, #${f.s}`),
(f) => f.N === f.f && (f.f === 1 || f.s < 32));

export const dpImmRows = rows;
