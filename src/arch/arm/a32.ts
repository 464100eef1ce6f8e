// The A32 (ARM state) decoder table: ARMv7-A user-level integer instructions (ARM ARM A5), each row
// a pattern with its semantics (alu.ts) and objdump text. Conditional rows have the condition in
// field c; translate.ts predicates them. VFP/NEON encodings go to vfp.ts.
import type { Temp } from '../../ir/ir.ts';
import {
  DP_OPS, type DpOp, addWithCarry, clearExclusive, dataProc, divide, expandImmA32, helper, isCompare, loadExclusive, loadStore,
  loadStoreDual, loadStoreMultiple, multiply, multiplyLong, orQ, readApsr, rotr32, setGE, shiftImm, shiftReg, storeExclusive, writeApsr,
} from './alu.ts';
import { PARALLEL_OPS, PARALLEL_PREFIXES } from './helpers.ts';
import type { ArmLifter } from './lifter.ts';
import { SLOT_GE, SLOT_TPIDRURO, SLOT_TPIDRURW } from './state.ts';
import { disassembleVfpNeon, liftVfpNeon } from './vfp.ts';
import { type Ctx, type Fields, type Row, compile, hex, imm, R, regList, shiftText } from './table.ts';

const rows: Row[] = [];
const row = (name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']) => rows.push(compile(name, pattern, lift, dis, when));
const undef = (L: ArmLifter) => L.undefinedInsn();

// ---- the unconditional space (cond = 1111) ---------------------------------------------------

row('blx', '1111 101h iiii iiii iiii iiii iiii iiii', (L, f) => {
  L.setReg(14, L.i32(L.next()));
  L.callReturn = L.next();
  L.branchTo((L.pcValue() + (((f.i << 8) >> 6) | (f.h << 1))) >>> 0, true);
}, (f, c) => `blx\t${hex(c.pc + 8 + (((f.i << 8) >> 6) | (f.h << 1)))}`);
row('neon', '1111 001- ---- ---- ---- ---- ---- ----', (L, f) => vfp(L, f.raw), (f, c) => vfpText(f.raw, c));
row('neon-ls', '1111 0100 ---0 ---- ---- ---- ---- ----', (L, f) => vfp(L, f.raw), (f, c) => vfpText(f.raw, c));
row('clrex', '1111 0101 0111 1111 1111 0000 0001 1111', (L) => clearExclusive(L), () => 'clrex');
const BARRIER_OPTS: Record<number, string> = { 15: 'sy', 14: 'st', 13: 'ld', 11: 'ish', 10: 'ishst', 9: 'ishld', 7: 'nsh', 6: 'nshst', 5: 'nshld', 3: 'osh', 2: 'oshst', 1: 'oshld' };
row('barrier', '1111 0101 0111 1111 1111 0000 01oo kkkk', () => {}, (f) => {
  if (f.o === 2) return f.k === 15 ? 'isb\tsy' : `isb\t#${f.k}`;
  return `${f.o === 0 ? 'dsb' : 'dmb'}\t${BARRIER_OPTS[f.k] ?? '#' + f.k}`;
}, (f) => f.o !== 3);
row('pld-imm', '1111 0101 u r01 nnnn 1111 iiii iiii iiii', () => {}, (f) => `pld${f.r ? '' : 'w'}\t[${R(f.n)}${f.i || !f.u ? `, #${f.u ? '' : '-'}${f.i}` : ''}]`);
row('pli-imm', '1111 0100 u101 nnnn 1111 iiii iiii iiii', () => {}, (f) => `pli\t[${R(f.n)}${f.i || !f.u ? `, #${f.u ? '' : '-'}${f.i}` : ''}]`);
row('pld-reg', '1111 0111 u r01 nnnn 1111 iiii itt0 mmmm', () => {}, (f) => `pld${f.r ? '' : 'w'}\t[${R(f.n)}, ${f.u ? '' : '-'}${R(f.m)}${shiftText(f.t, f.i)}]`);
row('pli-reg', '1111 0110 u101 nnnn 1111 iiii itt0 mmmm', () => {}, (f) => `pli\t[${R(f.n)}, ${f.u ? '' : '-'}${R(f.m)}${shiftText(f.t, f.i)}]`);
row('setend', '1111 0001 0000 0001 0000 00e0 0000 0000', (L, f) => (f.e ? L.undefinedInsn() : undefined), (f) => `setend\t${f.e ? 'be' : 'le'}`);
row('udf-uncond', '1111 ---- ---- ---- ---- ---- ---- ----', undef, (f) => `undefined instruction 0x${hex(f.raw).padStart(8, '0')}`);

// ---- multiplies and synchronization (op 0000/0001, bits 7:4 = 1001) --------------------------

const cc = (c: Ctx) => c.cond;
row('mul', 'cccc 0000 000S dddd 0000 mmmm 1001 nnnn', (L, f) => multiply(L, f.d, f.n, f.m, undefined, false, !!f.S),
  (f, c) => `mul${f.S ? 's' : ''}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
row('mla', 'cccc 0000 001S dddd aaaa mmmm 1001 nnnn', (L, f) => multiply(L, f.d, f.n, f.m, f.a, false, !!f.S),
  (f, c) => `mla${f.S ? 's' : ''}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`);
row('umaal', 'cccc 0000 0100 hhhh llll mmmm 1001 nnnn', (L, f) => multiplyLong(L, 'umaal', f.l, f.h, f.n, f.m, false),
  (f, c) => `umaal${cc(c)}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`);
row('mls', 'cccc 0000 0110 dddd aaaa mmmm 1001 nnnn', (L, f) => multiply(L, f.d, f.n, f.m, f.a, true, false),
  (f, c) => `mls${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`);
const LONG_MULS = ['umull', 'umlal', 'smull', 'smlal'] as const;
row('mull', 'cccc 0000 1ooS hhhh llll mmmm 1001 nnnn', (L, f) => multiplyLong(L, LONG_MULS[f.o]!, f.l, f.h, f.n, f.m, !!f.S),
  (f, c) => `${LONG_MULS[f.o]}${f.S ? 's' : ''}${cc(c)}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`);
row('swp', 'cccc 0001 0b00 nnnn tttt 0000 1001 mmmm', (L, f) => {
  const size = f.b ? 1 : 4;
  const addr = L.reg(f.n);
  const old = L.load(size, false, addr);
  L.store(size, addr, L.reg(f.m));
  L.setReg(f.t, old);
}, (f, c) => `swp${f.b ? 'b' : ''}${cc(c)}\t${R(f.t)}, ${R(f.m)}, [${R(f.n)}]`);
const EXCL_SIZES: Record<number, 1 | 2 | 4 | 8> = { 0: 4, 1: 8, 2: 1, 3: 2 };
const EXCL_SUFFIX = ['', 'd', 'b', 'h'];
row('ldrex', 'cccc 0001 1zz1 nnnn tttt 1111 1001 1111', (L, f) => loadExclusive(L, EXCL_SIZES[f.z]!, f.t, f.t + 1, f.n),
  (f, c) => `ldrex${EXCL_SUFFIX[f.z]}${cc(c)}\t${R(f.t)}, [${R(f.n)}]`);
row('strex', 'cccc 0001 1zz0 nnnn dddd 1111 1001 tttt', (L, f) => storeExclusive(L, EXCL_SIZES[f.z]!, f.d, f.t, f.t + 1, f.n),
  (f, c) => `strex${EXCL_SUFFIX[f.z]}${cc(c)}\t${R(f.d)}, ${R(f.t)}, [${R(f.n)}]`);

// ---- extra loads and stores (bits 7:4 = 1xx1, not 1001) ---------------------------------------

function extraLs(L: ArmLifter, f: Fields, offset: Temp): void {
  const index = !!f.P, wback = !f.P || !!f.W;
  if (f.o === 1) return loadStore(L, { load: !!f.L, size: 2, signed: false, rt: f.t, rn: f.n, offset, add: !!f.U, index, wback });
  if (f.L) return loadStore(L, { load: true, size: f.o === 2 ? 1 : 2, signed: true, rt: f.t, rn: f.n, offset, add: !!f.U, index, wback });
  if (f.t & 1 || f.t === 14) return L.undefinedInsn();
  loadStoreDual(L, f.o === 2, f.t, f.t + 1, f.n, offset, !!f.U, index, wback);
}
const EXTRA_NAMES = (f: Fields) => (f.o === 1 ? (f.L ? 'ldrh' : 'strh') : f.L ? (f.o === 2 ? 'ldrsb' : 'ldrsh') : f.o === 2 ? 'ldrd' : 'strd');
/** objdump prints post-indexed unprivileged forms (P = 0, W = 1) as ...t. */
const extraName = (f: Fields, c: Ctx) => `${EXTRA_NAMES(f)}${!f.P && f.W ? 't' : ''}${cc(c)}`;
function addrImm(f: Fields, off: number): string {
  const sign = f.U ? '' : '-';
  if (!f.P) return `[${R(f.n)}], #${sign}${off}`;
  return `[${R(f.n)}${off || !f.U ? `, #${sign}${off}` : ''}]${f.W ? '!' : ''}`;
}
function addrReg(f: Fields, shift: string): string {
  const sign = f.U ? '' : '-';
  if (!f.P) return `[${R(f.n)}], ${sign}${R(f.m)}${shift}`;
  return `[${R(f.n)}, ${sign}${R(f.m)}${shift}]${f.W ? '!' : ''}`;
}
row('ls-extra-imm', 'cccc 000P U1WL nnnn tttt iiii 1oo1 jjjj', (L, f) => extraLs(L, f, L.i32((f.i << 4) | f.j)),
  (f, c) => `${extraName(f, c)}\t${R(f.t)}, ${addrImm(f, (f.i << 4) | f.j)}`, (f) => f.o !== 0);
row('ls-extra-reg', 'cccc 000P U0WL nnnn tttt 0000 1oo1 mmmm', (L, f) => extraLs(L, f, L.reg(f.m)),
  (f, c) => `${extraName(f, c)}\t${R(f.t)}, ${addrReg(f, '')}`, (f) => f.o !== 0);

// ---- miscellaneous (op 0001 0xx0, bit 7 = 0) and halfword multiplies --------------------------

row('mrs', 'cccc 0001 0000 1111 dddd 0000 0000 0000', (L, f) => L.setReg(f.d, readApsr(L)), (f, c) => `mrs${cc(c)}\t${R(f.d)}, CPSR`);
const msrMask = (k: number) => `CPSR_${k & 2 ? 'f' : ''}${k & 1 ? 's' : ''}`;
row('msr', 'cccc 0001 0010 kk00 1111 0000 0000 nnnn', (L, f) => writeApsr(L, L.reg(f.n), f.k), (f, c) => `msr${cc(c)}\t${msrMask(f.k)}, ${R(f.n)}`, (f) => f.k !== 0);
row('msr-imm', 'cccc 0011 0010 kk00 1111 iiii iiii iiii', (L, f) => writeApsr(L, L.i32(rotr32(f.i & 0xff, 2 * (f.i >>> 8))), f.k),
  (f, c) => `msr${cc(c)}\t${msrMask(f.k)}, ${modImmText(f.i)}`, (f) => f.k !== 0);
const HINTS = ['nop', 'yield', 'wfe', 'wfi', 'sev'];
row('hint', 'cccc 0011 0010 0000 1111 0000 hhhh hhhh', () => {}, (f, c) => (f.h < 5 ? (f.h === 0 ? `nop${cc(c)}\t{0}` : `${HINTS[f.h]}${cc(c)}`) : f.h >= 0xf0 ? `dbg${cc(c)}\t#${f.h & 15}` : `nop${cc(c)}\t{${f.h}}`));
row('bx', 'cccc 0001 0010 1111 1111 1111 0001 mmmm', (L, f) => L.writePc(L.reg(f.m), true), (f, c) => `bx${cc(c)}\t${R(f.m)}`);
row('bxj', 'cccc 0001 0010 1111 1111 1111 0010 mmmm', (L, f) => L.writePc(L.reg(f.m), true), (f, c) => `bxj${cc(c)}\t${R(f.m)}`);
row('blx-reg', 'cccc 0001 0010 1111 1111 1111 0011 mmmm', (L, f) => {
  const target = L.reg(f.m);
  L.setReg(14, L.i32(L.next()));
  L.callReturn = L.next();
  L.writePc(target, true);
}, (f, c) => `blx${cc(c)}\t${R(f.m)}`);
row('clz', 'cccc 0001 0110 1111 dddd 1111 0001 mmmm', (L, f) => L.setReg(f.d, L.b.un('clz', L.reg(f.m))), (f, c) => `clz${cc(c)}\t${R(f.d)}, ${R(f.m)}`);
const QOPS = ['qadd', 'qsub', 'qdadd', 'qdsub'];
row('qarith', 'cccc 0001 0oo0 nnnn dddd 0000 0101 mmmm', (L, f) => qarith(L, f.o, f.d, f.m, f.n),
  (f, c) => `${QOPS[f.o]}${cc(c)}\t${R(f.d)}, ${R(f.m)}, ${R(f.n)}`);
row('bkpt', '1110 0001 0010 iiii iiii iiii 0111 jjjj', (L) => L.breakpoint(), (f) => `bkpt\t0x${((f.i << 4) | f.j).toString(16).padStart(4, '0')}`);
const XY = ['bb', 'tb', 'bt', 'tt'];
row('smla-xy', 'cccc 0001 0000 dddd aaaa mmmm 1yx0 nnnn', (L, f) => smlaXY(L, { d: f.d, n: f.n, m: f.m, a: f.a, x: f.x, y: f.y }), (f, c) => `smla${XY[f.x | (f.y << 1)]}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`);
row('smlaw', 'cccc 0001 0010 dddd aaaa mmmm 1y00 nnnn', (L, f) => smulw(L, f.d, f.n, f.m, f.y, f.a), (f, c) => `smlaw${f.y ? 't' : 'b'}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`);
row('smulw', 'cccc 0001 0010 dddd 0000 mmmm 1y10 nnnn', (L, f) => smulw(L, f.d, f.n, f.m, f.y, undefined), (f, c) => `smulw${f.y ? 't' : 'b'}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
row('smlal-xy', 'cccc 0001 0100 hhhh llll mmmm 1yx0 nnnn', (L, f) => smlalXY(L, f.l, f.h, f.n, f.m, f.x, f.y), (f, c) => `smlal${XY[f.x | (f.y << 1)]}${cc(c)}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`);
row('smul-xy', 'cccc 0001 0110 dddd 0000 mmmm 1yx0 nnnn', (L, f) => L.setReg(f.d, L.b.bin('mul', half(L, L.reg(f.n), f.x), half(L, L.reg(f.m), f.y))),
  (f, c) => `smul${XY[f.x | (f.y << 1)]}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);

// ---- data processing ---------------------------------------------------------------------------

row('movw', 'cccc 0011 0000 iiii dddd jjjj jjjj jjjj', (L, f) => (f.d === 15 ? L.undefinedInsn() : L.setReg(f.d, L.i32((f.i << 12) | f.j))),
  (f, c) => `movw${cc(c)}\t${R(f.d)}, #${(f.i << 12) | f.j}`);
row('movt', 'cccc 0011 0100 iiii dddd jjjj jjjj jjjj', (L, f) => {
  if (f.d === 15) return L.undefinedInsn();
  const b = L.b;
  L.setReg(f.d, b.bin('or', b.bin('and', L.reg(f.d), L.i32(0xffff)), L.i32(((f.i << 12) | f.j) << 16)));
}, (f, c) => `movt${cc(c)}\t${R(f.d)}, #${(f.i << 12) | f.j}`);

/** objdump shows a rotated immediate that also fits unrotated as "#imm8, rot". */
function modImmText(imm12: number): string {
  const rot = 2 * (imm12 >>> 8);
  const v = rotr32(imm12 & 0xff, rot);
  return rot !== 0 && v <= 0xff ? `#${imm12 & 0xff}, ${rot}` : `#${v | 0}`;
}
const dpName = (f: Fields, c: Ctx) => `${DP_OPS[f.o]}${f.S && !isCompare(DP_OPS[f.o]!) ? 's' : ''}${cc(c)}`;
const dpRegs = (f: Fields) => {
  const op = DP_OPS[f.o]!;
  if (isCompare(op)) return `${R(f.n)}, `;
  if (op === 'mov' || op === 'mvn') return `${R(f.d)}, `;
  return `${R(f.d)}, ${R(f.n)}, `;
};
const dpValid = (f: Fields) => !(isCompare(DP_OPS[f.o]!) && !f.S);
function dpLift(L: ArmLifter, f: Fields, op2: (L: ArmLifter) => { v: Temp; c: Temp }): void {
  const op: DpOp = DP_OPS[f.o]!;
  const rn = op === 'mov' || op === 'mvn' ? undefined : L.reg(f.n);
  dataProc(L, op, !!f.S, f.d, rn, op2(L), 'interwork');
}
row('dp-imm', 'cccc 001o oooS nnnn dddd iiii iiii iiii', (L, f) => dpLift(L, f, (L) => expandImmA32(L, f.i)),
  (f, c) => `${dpName(f, c)}\t${dpRegs(f)}${modImmText(f.i)}`, dpValid);
row('dp-shift-imm', 'cccc 000o oooS nnnn dddd iiii itt0 mmmm', (L, f) => dpLift(L, f, (L) => shiftImm(L, L.reg(f.m), f.t, f.i)), (f, c) => {
  // objdump names MOV with a shift by the shift (lsl r0, r1, #2; rrx r0, r1).
  if (DP_OPS[f.o] === 'mov' && (f.i !== 0 || f.t !== 0)) {
    const name = f.t === 3 && f.i === 0 ? 'rrx' : ['lsl', 'lsr', 'asr', 'ror'][f.t];
    return `${name}${f.S ? 's' : ''}${cc(c)}\t${R(f.d)}, ${R(f.m)}${name === 'rrx' ? '' : `, #${f.i === 0 ? 32 : f.i}`}`;
  }
  if (f.raw === (0xe1a00000 | 0)) return 'nop'; // objdump: nop (mov r0, r0)
  return `${dpName(f, c)}\t${dpRegs(f)}${R(f.m)}${shiftText(f.t, f.i)}`;
}, dpValid);
row('dp-shift-reg', 'cccc 000o oooS nnnn dddd ssss 0tt1 mmmm', (L, f) => {
  if (f.d === 15 || f.m === 15 || f.s === 15 || f.n === 15) return L.undefinedInsn();
  dpLift(L, f, (L) => shiftReg(L, L.reg(f.m), f.t, L.reg(f.s)));
}, (f, c) => {
  const sh = ['lsl', 'lsr', 'asr', 'ror'][f.t];
  if (DP_OPS[f.o] === 'mov') return `${sh}${f.S ? 's' : ''}${cc(c)}\t${R(f.d)}, ${R(f.m)}, ${R(f.s)}`;
  return `${dpName(f, c)}\t${dpRegs(f)}${R(f.m)}, ${sh} ${R(f.s)}`;
}, dpValid);

// ---- loads and stores (word and byte) ---------------------------------------------------------

const lsName = (f: Fields, c: Ctx) => `${f.L ? 'ldr' : 'str'}${f.B ? 'b' : ''}${!f.P && f.W ? 't' : ''}${cc(c)}`;
function lsText(f: Fields, c: Ctx, addr: string): string {
  // objdump: str rt, [sp, #-4]! is push {rt}; ldr rt, [sp], #4 is pop {rt}.
  if (f.n === 13 && !f.B && f.i === 4 && f.regForm === 0) {
    if (!f.L && f.P && !f.U && f.W) return `push${cc(c)}\t{${R(f.t)}}`;
    if (f.L && !f.P && f.U && !f.W) return `pop${cc(c)}\t{${R(f.t)}}`;
  }
  return `${lsName(f, c)}\t${R(f.t)}, ${addr}`;
}
row('ls-imm', 'cccc 010P UBWL nnnn tttt iiii iiii iiii', (L, f) => {
  loadStore(L, { load: !!f.L, size: f.B ? 1 : 4, signed: false, rt: f.t, rn: f.n, offset: L.i32(f.i), add: !!f.U, index: !!f.P, wback: !f.P || !!f.W });
}, (f, c) => lsText({ ...f, regForm: 0 }, c, addrImm(f, f.i)));
row('ls-reg', 'cccc 011P UBWL nnnn tttt iiii iyy0 mmmm', (L, f) => {
  if (f.m === 15) return L.undefinedInsn();
  const off = shiftImm(L, L.reg(f.m), f.y, f.i).v;
  loadStore(L, { load: !!f.L, size: f.B ? 1 : 4, signed: false, rt: f.t, rn: f.n, offset: off, add: !!f.U, index: !!f.P, wback: !f.P || !!f.W });
}, (f, c) => lsText({ ...f, regForm: 1 }, c, addrReg(f, shiftText(f.y, f.i))));

// ---- media instructions (op 011, bit 4 = 1) -----------------------------------------------------

row('parallel', 'cccc 0110 0ppp nnnn dddd 1111 ooo1 mmmm', (L, f) => {
  const prefix = [0, 0, 1, 2, 0, 3, 4, 5][f.p]!;
  const a = L.reg(f.n), b = L.reg(f.m);
  const args = [L.i32(prefix), L.i32(f.o), a, b];
  L.setReg(f.d, helper(L, 'arm_parallel', args));
  if (prefix === 0 || prefix === 3) setGE(L, helper(L, 'arm_parallel_ge', args));
}, (f, c) => `${PARALLEL_PREFIXES[[0, 0, 1, 2, 0, 3, 4, 5][f.p]!]}${PARALLEL_OPS[f.o]}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`,
(f) => f.p !== 0 && f.p !== 4 && PARALLEL_OPS[f.o] !== undefined);
row('pkh', 'cccc 0110 1000 nnnn dddd iiii it01 mmmm', (L, f) => pkh(L, f.d, f.n, f.m, f.t, f.i),
  (f, c) => `pkh${f.t ? 'tb' : 'bt'}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.t ? `, asr #${f.i || 32}` : f.i ? `, lsl #${f.i}` : ''}`);
row('sat16', 'cccc 0110 1u10 ssss dddd 1111 0011 nnnn', (L, f) => saturate(L, f.u ? 3 : 2, f.d, L.reg(f.n), f.u ? f.s : f.s + 1),
  (f, c) => `${f.u ? 'u' : 's'}sat16${cc(c)}\t${R(f.d)}, #${f.u ? f.s : f.s + 1}, ${R(f.n)}`);
row('sat', 'cccc 0110 1u1s ssss dddd iiii ih01 nnnn', (L, f) => saturate(L, f.u, f.d, shiftImm(L, L.reg(f.n), f.h << 1, f.i).v, f.u ? f.s : f.s + 1),
  (f, c) => `${f.u ? 'u' : 's'}sat${cc(c)}\t${R(f.d)}, #${f.u ? f.s : f.s + 1}, ${R(f.n)}${f.h ? `, asr #${f.i || 32}` : f.i ? `, lsl #${f.i}` : ''}`);
const EXTEND_NAMES = ['sxtb16', '', 'sxtb', 'sxth', 'uxtb16', '', 'uxtb', 'uxth'];
row('extend', 'cccc 0110 1ooo nnnn dddd rr00 0111 mmmm', (L, f) => extend(L, f.o, f.d, f.n, f.m, f.r),
  (f, c) => {
    const name = EXTEND_NAMES[f.o]!;
    const rot = f.r ? `, ror #${f.r * 8}` : '';
    return f.n === 15 ? `${name}${cc(c)}\t${R(f.d)}, ${R(f.m)}${rot}` : `${name.slice(0, 3)}a${name.slice(3)}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${rot}`;
  }, (f) => f.o !== 1 && f.o !== 5);
row('sel', 'cccc 0110 1000 nnnn dddd 1111 1011 mmmm', (L, f) => L.setReg(f.d, helper(L, 'arm_sel', [L.b.get(SLOT_GE, 'i32'), L.reg(f.n), L.reg(f.m)])),
  (f, c) => `sel${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
const REV_NAMES: Record<number, string> = { 0: 'rev', 1: 'rev16', 2: 'rbit', 3: 'revsh' };
row('rev', 'cccc 0110 1o11 1111 dddd 1111 p011 mmmm', (L, f) => reverse(L, (f.o << 1) | f.p, f.d, f.m),
  (f, c) => `${REV_NAMES[(f.o << 1) | f.p]}${cc(c)}\t${R(f.d)}, ${R(f.m)}`);
row('smlad', 'cccc 0111 0000 dddd aaaa mmmm 0sx1 nnnn', (L, f) => dualMul(L, f.s, f.x, f.d, f.n, f.m, f.a === 15 ? undefined : f.a),
  (f, c) => `sm${f.a === 15 ? 'u' : 'l'}${f.s ? 's' : 'a'}d${f.x ? 'x' : ''}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.a === 15 ? '' : ', ' + R(f.a)}`);
row('sdiv', 'cccc 0111 0001 dddd 1111 mmmm 0001 nnnn', (L, f) => divide(L, true, f.d, f.n, f.m), (f, c) => `sdiv${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
row('udiv', 'cccc 0111 0011 dddd 1111 mmmm 0001 nnnn', (L, f) => divide(L, false, f.d, f.n, f.m), (f, c) => `udiv${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
row('smlald', 'cccc 0111 0100 hhhh llll mmmm 0sx1 nnnn', (L, f) => dualMulLong(L, f.s, f.x, f.l, f.h, f.n, f.m),
  (f, c) => `sml${f.s ? 's' : 'a'}ld${f.x ? 'x' : ''}${cc(c)}\t${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`);
row('smmla', 'cccc 0111 0101 dddd aaaa mmmm ss r1 nnnn', (L, f) => mostSignificantMul(L, f.s === 3, !!f.r, f.d, f.n, f.m, f.a === 15 && f.s === 0 ? undefined : f.a),
  (f, c) => `smm${f.s === 3 ? 'ls' : f.a === 15 ? 'ul' : 'la'}${f.r ? 'r' : ''}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.a === 15 && f.s === 0 ? '' : ', ' + R(f.a)}`,
  (f) => f.s === 0 || f.s === 3);
row('usad8', 'cccc 0111 1000 dddd aaaa mmmm 0001 nnnn', (L, f) => {
  let r = helper(L, 'arm_usad8', [L.reg(f.n), L.reg(f.m)]);
  if (f.a !== 15) r = L.b.add(r, L.reg(f.a));
  L.setReg(f.d, r);
}, (f, c) => (f.a === 15 ? `usad8${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}` : `usada8${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}, ${R(f.a)}`));
row('bfx', 'cccc 0111 1u1w wwww dddd llll l101 nnnn', (L, f) => bitfieldExtract(L, !!f.u, f.d, f.n, f.l, f.w + 1),
  (f, c) => `${f.u ? 'u' : 's'}bfx${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${f.l}, #${f.w + 1}`);
row('bfi', 'cccc 0111 110m mmmm dddd llll l001 nnnn', (L, f) => bitfieldInsert(L, f.d, f.n, f.l, f.m),
  (f, c) => (f.n === 15 ? `bfc${cc(c)}\t${R(f.d)}, #${f.l}, #${f.m - f.l + 1}` : `bfi${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${f.l}, #${f.m - f.l + 1}`));
row('udf', 'cccc 0111 1111 iiii iiii iiii 1111 jjjj', undef, (f) => `udf\t#${(f.i << 4) | f.j}`);

// ---- branches, block transfers, SVC, coprocessors ------------------------------------------------

const LSM_MODES = ['da', 'ia', 'db', 'ib'] as const;
row('ldm-stm', 'cccc 100P U0WL nnnn rrrr rrrr rrrr rrrr', (L, f) => {
  if (f.r === 0 || f.n === 15) return L.undefinedInsn();
  loadStoreMultiple(L, !!f.L, f.n, f.r, LSM_MODES[(f.P << 1) | f.U]!, !!f.W);
}, (f, c) => {
  const mode = LSM_MODES[(f.P << 1) | f.U]!;
  if (f.n === 13 && f.W && f.L && mode === 'ia' && (f.r & (f.r - 1))) return `pop${cc(c)}\t${regList(f.r)}`;
  if (f.n === 13 && f.W && !f.L && mode === 'db' && (f.r & (f.r - 1))) return `push${cc(c)}\t${regList(f.r)}`;
  return `${f.L ? 'ldm' : 'stm'}${mode === 'ia' ? (!f.L && f.W ? 'ia' : '') : mode}${cc(c)}\t${R(f.n)}${f.W ? '!' : ''}, ${regList(f.r)}`;
});
row('b', 'cccc 101l iiii iiii iiii iiii iiii iiii', (L, f) => {
  const target = (L.pcValue() + ((f.i << 8) >> 6)) >>> 0;
  if (f.l) {
    L.setReg(14, L.i32(L.next()));
    L.callReturn = L.next();
  }
  L.branchTo(target);
}, (f, c) => `b${f.l ? 'l' : ''}${cc(c)}\t${hex(c.pc + 8 + ((f.i << 8) >> 6))}`);
row('svc', 'cccc 1111 iiii iiii iiii iiii iiii iiii', (L) => L.svc(), (f, c) => `svc${cc(c)}\t0x${f.i.toString(16).padStart(8, '0')}`);
row('vfp', 'cccc 110- ---- ---- ---- 101- ---- ----', (L, f) => vfp(L, f.raw), (f, c) => vfpText(f.raw, c));
row('vfp-mov', 'cccc 1110 ---- ---- ---- 101- ---- ----', (L, f) => vfp(L, f.raw), (f, c) => vfpText(f.raw, c));
row('mrc', 'cccc 1110 ooo l nnnn tttt pppp qqq1 mmmm', (L, f) => coprocessor(L, f), (f, c) =>
  `${f.l ? 'mrc' : 'mcr'}${cc(c)}\t${f.p}, ${f.o}, ${R(f.t)}, cr${f.n}, cr${f.m}, {${f.q}}`);
row('cdp', 'cccc 1110 oooo nnnn dddd pppp qqq0 mmmm', undef, (f, c) => `cdp${cc(c)}\t${f.p}, ${f.o}, cr${f.d}, cr${f.n}, cr${f.m}, {${f.q}}`);
row('coproc-other', 'cccc 110- ---- ---- ---- ---- ---- ----', undef, (f) => `undefined instruction 0x${hex(f.raw).padStart(8, '0')}`);

row('undefined', '---- ---- ---- ---- ---- ---- ---- ----', undef, (f) => `undefined instruction 0x${hex(f.raw).padStart(8, '0')}`);

export const a32Rows: readonly Row[] = rows;

// ---- semantics used by several rows (and by t32.ts) ---------------------------------------------

export function vfp(L: ArmLifter, insn: number): void {
  const mark = L.b.ops.length;
  if (liftVfpNeon(L, insn >>> 0)) return;
  L.b.ops.length = mark; // whatever it emitted before refusing
  L.exit = undefined;
  L.undefinedInsn();
}
function vfpText(insn: number, c: Ctx): string {
  return disassembleVfpNeon(insn >>> 0, c.pc) ?? `undefined instruction 0x${hex(insn).padStart(8, '0')}`;
}

/** MRC/MCR: p15 c13 c0 3 (TPIDRURO, read-only) and c13 c0 2 (TPIDRURW); everything else is SIGILL. */
export function coprocessor(L: ArmLifter, f: Fields): void {
  if (f.p !== 15 || f.o !== 0 || f.n !== 13 || f.m !== 0 || (f.q !== 2 && f.q !== 3) || f.t === 15) return L.undefinedInsn();
  const slot = f.q === 3 ? SLOT_TPIDRURO : SLOT_TPIDRURW;
  if (f.l) L.setReg(f.t, L.b.get(slot, 'i32'));
  else if (f.q === 2) L.setSlot(slot, L.reg(f.t));
  else L.undefinedInsn();
}

export function qarith(L: ArmLifter, kind: number, rd: number, rm: number, rn: number): void {
  const args = [L.i32(kind), L.reg(rm), L.reg(rn)];
  L.setReg(rd, helper(L, 'arm_qarith', args));
  orQ(L, helper(L, 'arm_qarith_q', args));
}

/** The bottom (0) or top (1) halfword, sign-extended. */
export function half(L: ArmLifter, v: Temp, top: number): Temp {
  return top ? L.b.bin('shr_s', v, L.i32(16)) : L.b.un('sext16', v);
}

export function smlaXY(L: ArmLifter, f: { d: number; n: number; m: number; a: number; x: number; y: number }): void {
  const b = L.b;
  const p = b.bin('mul', half(L, L.reg(f.n), f.x), half(L, L.reg(f.m), f.y));
  const x = addWithCarry(L, p, L.reg(f.a), 0);
  L.setReg(f.d, x.r);
  orQ(L, b.bin('shr_u', x.v, L.i32(31)));
}

export function smulw(L: ArmLifter, rd: number, rn: number, rm: number, top: number, ra: number | undefined): void {
  const b = L.b;
  const p = b.bin('mul', b.un('sext32to64', L.reg(rn)), b.un('sext32to64', half(L, L.reg(rm), top)));
  const r = b.un('lo64', b.bin('shr_s', p, L.i32(16)));
  if (ra === undefined) return L.setReg(rd, r);
  const x = addWithCarry(L, r, L.reg(ra), 0);
  L.setReg(rd, x.r);
  orQ(L, b.bin('shr_u', x.v, L.i32(31)));
}

export function smlalXY(L: ArmLifter, rdlo: number, rdhi: number, rn: number, rm: number, x: number, y: number): void {
  const b = L.b;
  const p = b.un('sext32to64', b.bin('mul', half(L, L.reg(rn), x), half(L, L.reg(rm), y)));
  const r = b.add(p, b.bin('pair', L.reg(rdlo), L.reg(rdhi)));
  L.setReg(rdlo, b.un('lo64', r));
  L.setReg(rdhi, b.un('hi64', r));
}

export function pkh(L: ArmLifter, rd: number, rn: number, rm: number, tb: number, imm5: number): void {
  const b = L.b;
  const sh = shiftImm(L, L.reg(rm), tb ? 2 : 0, imm5).v;
  const n = L.reg(rn);
  const r = tb
    ? b.bin('or', b.bin('and', n, L.i32(0xffff0000)), b.bin('and', sh, L.i32(0xffff)))
    : b.bin('or', b.bin('and', n, L.i32(0xffff)), b.bin('and', sh, L.i32(0xffff0000)));
  L.setReg(rd, r);
}

/** kind: 0 ssat, 1 usat, 2 ssat16, 3 usat16. */
export function saturate(L: ArmLifter, kind: number, rd: number, v: Temp, bitsN: number): void {
  const args = [L.i32(kind), v, L.i32(bitsN)];
  L.setReg(rd, helper(L, 'arm_sat', args));
  orQ(L, helper(L, 'arm_sat_q', args));
}

/** SXTB16 .. UXTH and their accumulating forms (rn = 15: none). op: A32 bits 22:20. */
export function extend(L: ArmLifter, op: number, rd: number, rn: number, rm: number, rot: number): void {
  const b = L.b;
  const v = rot ? b.bin('rotr', L.reg(rm), L.i32(rot * 8)) : L.reg(rm);
  const acc = rn === 15 ? undefined : L.reg(rn);
  let r: Temp;
  switch (op) {
    case 0: case 4: {
      // two bytes (bits 7:0 and 23:16) extended to halfwords
      const lo = op === 0 ? b.un('sext8', v) : b.un('zext8', v);
      const hi = op === 0 ? b.un('sext8', b.bin('shr_u', v, L.i32(16))) : b.un('zext8', b.bin('shr_u', v, L.i32(16)));
      if (acc !== undefined) {
        const l = b.add(b.bin('and', acc, L.i32(0xffff)), lo);
        const h = b.add(b.bin('shr_u', acc, L.i32(16)), hi);
        r = b.bin('or', b.bin('and', l, L.i32(0xffff)), b.bin('shl', h, L.i32(16)));
      } else r = b.bin('or', b.bin('and', lo, L.i32(0xffff)), b.bin('shl', hi, L.i32(16)));
      return L.setReg(rd, r);
    }
    case 2: r = b.un('sext8', v); break;
    case 3: r = b.un('sext16', v); break;
    case 6: r = b.un('zext8', v); break;
    default: r = b.un('zext16', v);
  }
  L.setReg(rd, acc === undefined ? r : b.add(acc, r));
}

/** kind: 0 rev, 1 rev16, 2 rbit, 3 revsh. */
export function reverse(L: ArmLifter, kind: number, rd: number, rm: number): void {
  const b = L.b;
  const v = L.reg(rm);
  let r: Temp;
  if (kind === 0) r = b.un('bswap', v);
  else if (kind === 1) r = b.bin('rotr', b.un('bswap', v), L.i32(16));
  else if (kind === 2) r = helper(L, 'arm_rbit', [v]);
  else r = b.un('sext16', b.bin('shr_u', b.un('bswap', v), L.i32(16)));
  L.setReg(rd, r);
}

export function dualMul(L: ArmLifter, sub: number, x: number, rd: number, rn: number, rm: number, ra: number | undefined): void {
  const args = [L.i32(sub), L.i32(x), L.reg(rn), L.reg(rm), ra === undefined ? L.i32(0) : L.reg(ra)];
  L.setReg(rd, helper(L, 'arm_dual', args));
  orQ(L, helper(L, 'arm_dual_q', args));
}

export function dualMulLong(L: ArmLifter, sub: number, x: number, rdlo: number, rdhi: number, rn: number, rm: number): void {
  const b = L.b;
  const n = L.reg(rn);
  let m = L.reg(rm);
  if (x) m = b.bin('rotr', m, L.i32(16));
  const p1 = b.un('sext32to64', b.bin('mul', b.un('sext16', n), b.un('sext16', m)));
  const p2 = b.un('sext32to64', b.bin('mul', b.bin('shr_s', n, L.i32(16)), b.bin('shr_s', m, L.i32(16))));
  const r = b.add(b.bin('pair', L.reg(rdlo), L.reg(rdhi)), sub ? b.sub(p1, p2) : b.add(p1, p2));
  L.setReg(rdlo, b.un('lo64', r));
  L.setReg(rdhi, b.un('hi64', r));
}

/** SMMUL/SMMLA/SMMLS{R}: the top word of (ra << 32) +/- rn * rm, rounded when `round`. */
export function mostSignificantMul(L: ArmLifter, subtract: boolean, round: boolean, rd: number, rn: number, rm: number, ra: number | undefined): void {
  const b = L.b;
  const p = b.bin('mul', b.un('sext32to64', L.reg(rn)), b.un('sext32to64', L.reg(rm)));
  let r = p;
  if (ra !== undefined) {
    const acc = b.bin('pair', L.i32(0), L.reg(ra));
    r = subtract ? b.sub(acc, p) : b.add(acc, p);
  }
  if (round) r = b.add(r, b.i64(0x80000000));
  L.setReg(rd, b.un('hi64', r));
}

export function bitfieldExtract(L: ArmLifter, unsigned: boolean, rd: number, rn: number, lsb: number, width: number): void {
  if (lsb + width > 32) return L.undefinedInsn();
  const b = L.b;
  const v = b.bin('shl', L.reg(rn), L.i32(32 - lsb - width));
  L.setReg(rd, b.bin(unsigned ? 'shr_u' : 'shr_s', v, L.i32(32 - width)));
}

/** BFI (rn = 15: BFC) of bits lsb..msb. */
export function bitfieldInsert(L: ArmLifter, rd: number, rn: number, lsb: number, msb: number): void {
  if (msb < lsb) return L.undefinedInsn();
  const b = L.b;
  const mask = (msb - lsb === 31 ? 0xffffffff : ((1 << (msb - lsb + 1)) - 1) << lsb) | 0;
  const src = rn === 15 ? L.i32(0) : b.bin('and', b.bin('shl', L.reg(rn), L.i32(lsb)), L.i32(mask));
  L.setReg(rd, b.bin('or', b.bin('and', L.reg(rd), L.i32(~mask)), src));
}
