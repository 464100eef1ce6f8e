// The T32 (Thumb) decoder tables: every 16-bit Thumb encoding and the 32-bit Thumb-2 encodings of
// ARMv7-A (ARM ARM A6), with semantics from alu.ts/a32.ts and objdump's text. 32-bit instructions
// are looked up as (first halfword << 16) | second halfword.
//
// VFP and Advanced SIMD in T32 go to vfp.ts in their A32 encoding:
//   111U 1111 xxxx xxxx ... (Advanced SIMD data processing)  ->  1111 001U xxxx xxxx ...
//   1111 1001 xxx0 xxxx ... (Advanced SIMD element/structure) ->  1111 0100 xxx0 xxxx ...
//   1110 110x / 1110 1110 ... (coprocessor 10/11: VFP, VMOV/VMRS) -> cond 1110 + the same 28 bits
// (1111 110x / 1111 1110, the unconditional coprocessor forms, are SIGILL.)
import type { Temp } from '../../ir/ir.ts';
import {
  type DpOp, addWithCarry, clearExclusive, dataProc, divide, helper, loadExclusive, loadStore, loadStoreDual, loadStoreMultiple,
  multiply, multiplyLong, readApsr, setGE, shiftImm, shiftReg, storeExclusive, thumbExpandImm, thumbImmOperand, writeApsr,
} from './alu.ts';
import {
  bitfieldExtract, bitfieldInsert, coprocessor, dualMul, dualMulLong, extend, half, mostSignificantMul, pkh, qarith, reverse, saturate,
  smlaXY, smlalXY, smulw, vfp,
} from './a32.ts';
import { PARALLEL_OPS, PARALLEL_PREFIXES } from './helpers.ts';
import type { ArmLifter } from './lifter.ts';
import { SLOT_GE, guestPc } from './state.ts';
import { disassembleVfpNeon } from './vfp.ts';
import { type Ctx, type Fields, type Row, compile, hex, R, regList, shiftText } from './table.ts';

const rows16: Row[] = [];
const rows32: Row[] = [];
const row16 = (name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']) => rows16.push(compile(name, pattern, lift, dis, when));
const row32 = (name: string, pattern: string, lift: Row['lift'], dis: Row['dis'], when?: Row['when']) => rows32.push(compile(name, pattern, lift, dis, when));
const undef = (L: ArmLifter) => L.undefinedInsn();
const cc = (c: Ctx) => c.cond;
/** 16-bit data processing sets flags outside IT blocks only. */
const s16 = (c: Ctx) => (c.inIT ? '' : 's');
const SH = ['lsl', 'lsr', 'asr', 'ror'];

// ---- 16-bit ---------------------------------------------------------------------------------

row16('shift-imm', '000o oiii iimm mddd', (L, f, c) => dataProc(L, 'mov', !c.inIT, f.d, undefined, shiftImm(L, L.reg(f.m), f.o, f.i), 'branch'),
  (f, c) => (f.o === 0 && f.i === 0 ? `mov${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.m)}` : `${SH[f.o]}${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.m)}, #${f.i || 32}`),
  (f) => f.o !== 3);
row16('add-sub-reg', '0001 10sm mmnn nddd', (L, f, c) => dataProc(L, f.s ? 'sub' : 'add', !c.inIT, f.d, L.reg(f.n), { v: L.reg(f.m), c: L.flagC() }, 'branch'),
  (f, c) => `${f.s ? 'sub' : 'add'}${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
row16('add-sub-imm3', '0001 11si iinn nddd', (L, f, c) => dataProc(L, f.s ? 'sub' : 'add', !c.inIT, f.d, L.reg(f.n), { v: L.i32(f.i), c: L.flagC() }, 'branch'),
  (f, c) => `${f.s ? 'sub' : 'add'}${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${f.i}`);
const IMM8_OPS: DpOp[] = ['mov', 'cmp', 'add', 'sub'];
row16('imm8', '001o oddd iiii iiii', (L, f, c) => {
  const op = IMM8_OPS[f.o]!;
  dataProc(L, op, op === 'cmp' || !c.inIT, f.d, op === 'mov' ? undefined : L.reg(f.d), { v: L.i32(f.i), c: L.flagC() }, 'branch');
}, (f, c) => `${IMM8_OPS[f.o]}${f.o === 1 ? '' : s16(c)}${cc(c)}\t${R(f.d)}, #${f.i}`);
const DP16: (DpOp | 'lsl' | 'lsr' | 'asr' | 'ror' | 'neg' | 'mul')[] = ['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'tst', 'neg', 'cmp', 'cmn', 'orr', 'mul', 'bic', 'mvn'];
row16('dp16', '0100 00oo oomm mddd', (L, f, c) => {
  const op = DP16[f.o]!;
  const s = !c.inIT;
  const d = L.reg(f.d), m = L.reg(f.m);
  if (op === 'lsl' || op === 'lsr' || op === 'asr' || op === 'ror') return dataProc(L, 'mov', s, f.d, undefined, shiftReg(L, d, SH.indexOf(op), m), 'branch');
  if (op === 'neg') return dataProc(L, 'rsb', s, f.d, m, { v: L.i32(0), c: L.flagC() }, 'branch');
  if (op === 'mul') return multiply(L, f.d, f.m, f.d, undefined, false, s);
  const cmp = op === 'tst' || op === 'cmp' || op === 'cmn';
  dataProc(L, op, cmp || s, f.d, op === 'mvn' ? undefined : d, { v: m, c: L.flagC() }, 'branch');
}, (f, c) => {
  const op = DP16[f.o]!;
  if (op === 'tst' || op === 'cmp' || op === 'cmn') return `${op}${cc(c)}\t${R(f.d)}, ${R(f.m)}`;
  if (op === 'neg') return `neg${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.m)}`;
  return `${op}${s16(c)}${cc(c)}\t${R(f.d)}, ${R(f.m)}`;
});
row16('add-hi', '0100 0100 dmmm mddd', (L, f) => dataProc(L, 'add', false, f.d, L.reg(f.d), { v: L.reg(f.m), c: L.flagC() }, 'branch'),
  (f, c) => `add${cc(c)}\t${R(f.d)}, ${R(f.m)}`);
row16('cmp-hi', '0100 0101 dmmm mDDD', (L, f) => dataProc(L, 'cmp', true, 0, L.reg((f.d << 3) | f.D), { v: L.reg(f.m), c: L.flagC() }, 'branch'),
  (f, c) => `cmp${cc(c)}\t${R((f.d << 3) | f.D)}, ${R(f.m)}`);
row16('mov-hi', '0100 0110 dmmm mDDD', (L, f) => dataProc(L, 'mov', false, (f.d << 3) | f.D, undefined, { v: L.reg(f.m), c: L.flagC() }, 'branch'),
  (f, c) => `mov${cc(c)}\t${R((f.d << 3) | f.D)}, ${R(f.m)}`);
row16('bx', '0100 0111 0mmm m000', (L, f) => L.writePc(L.reg(f.m), true), (f, c) => `bx${cc(c)}\t${R(f.m)}`);
row16('blx-reg', '0100 0111 1mmm m000', (L, f) => {
  const target = L.reg(f.m);
  L.setReg(14, L.i32(L.next()));
  L.callReturn = L.next();
  L.writePc(target, true);
}, (f, c) => `blx${cc(c)}\t${R(f.m)}`);
row16('ldr-lit', '0100 1ttt iiii iiii', (L, f) => loadStore(L, { load: true, size: 4, signed: false, rt: f.t, rn: 15, offset: L.i32(f.i * 4), add: true, index: true, wback: false }),
  (f, c) => `ldr${cc(c)}\t${R(f.t)}, [pc, #${f.i * 4}]`);
const LS_REG16: [string, boolean, 1 | 2 | 4, boolean][] = [
  ['str', false, 4, false], ['strh', false, 2, false], ['strb', false, 1, false], ['ldrsb', true, 1, true],
  ['ldr', true, 4, false], ['ldrh', true, 2, false], ['ldrb', true, 1, false], ['ldrsh', true, 2, true],
];
row16('ls-reg', '0101 ooom mmnn nttt', (L, f) => {
  const [, load, size, signed] = LS_REG16[f.o]!;
  loadStore(L, { load, size, signed, rt: f.t, rn: f.n, offset: L.reg(f.m), add: true, index: true, wback: false });
}, (f, c) => `${LS_REG16[f.o]![0]}${cc(c)}\t${R(f.t)}, [${R(f.n)}, ${R(f.m)}]`);
const immAddr = (n: number, off: number) => `[${R(n)}, #${off}]`;
row16('ls-imm', '011b liii iinn nttt', (L, f) => {
  const size = f.b ? 1 : 4;
  loadStore(L, { load: !!f.l, size, signed: false, rt: f.t, rn: f.n, offset: L.i32(f.i * size), add: true, index: true, wback: false });
}, (f, c) => `${f.l ? 'ldr' : 'str'}${f.b ? 'b' : ''}${cc(c)}\t${R(f.t)}, ${immAddr(f.n, f.i * (f.b ? 1 : 4))}`);
row16('ls-half', '1000 liii iinn nttt', (L, f) => loadStore(L, { load: !!f.l, size: 2, signed: false, rt: f.t, rn: f.n, offset: L.i32(f.i * 2), add: true, index: true, wback: false }),
  (f, c) => `${f.l ? 'ldrh' : 'strh'}${cc(c)}\t${R(f.t)}, ${immAddr(f.n, f.i * 2)}`);
row16('ls-sp', '1001 lttt iiii iiii', (L, f) => loadStore(L, { load: !!f.l, size: 4, signed: false, rt: f.t, rn: 13, offset: L.i32(f.i * 4), add: true, index: true, wback: false }),
  (f, c) => `${f.l ? 'ldr' : 'str'}${cc(c)}\t${R(f.t)}, ${immAddr(13, f.i * 4)}`);
row16('adr', '1010 0ddd iiii iiii', (L, f) => L.setReg(f.d, L.i32(((L.pcValue() & ~3) + f.i * 4) | 0)), (f, c) => `add${cc(c)}\t${R(f.d)}, pc, #${f.i * 4}`);
row16('add-sp', '1010 1ddd iiii iiii', (L, f) => L.setReg(f.d, L.b.add(L.reg(13), L.i32(f.i * 4))), (f, c) => `add${cc(c)}\t${R(f.d)}, sp, #${f.i * 4}`);
row16('adjust-sp', '1011 0000 siii iiii', (L, f) => L.setReg(13, L.b.bin(f.s ? 'sub' : 'add', L.reg(13), L.i32(f.i * 4))),
  (f, c) => `${f.s ? 'sub' : 'add'}${cc(c)}\tsp, #${f.i * 4}`);
row16('cbz', '1011 o0i1 iiii innn', (L, f) => {
  const b = L.b;
  const target = (L.pcValue() + f.i * 2) >>> 0;
  const zero = b.un('eqz', L.reg(f.n));
  L.end({ k: 'branch', cond: f.o ? b.un('eqz', zero) : zero, taken: guestPc(target, true), notTaken: L.next() });
}, (f, c) => `cb${f.o ? 'n' : ''}z\t${R(f.n)}, ${hex(c.pc + 4 + f.i * 2)}`);
const EXT16 = [3, 2, 7, 6]; // sxth sxtb uxth uxtb as A32 extend ops
row16('extend', '1011 0010 oomm mddd', (L, f) => extend(L, EXT16[f.o]!, f.d, 15, f.m, 0), (f, c) => `${['sxth', 'sxtb', 'uxth', 'uxtb'][f.o]}${cc(c)}\t${R(f.d)}, ${R(f.m)}`);
row16('push', '1011 010r llll llll', (L, f) => loadStoreMultiple(L, false, 13, f.l | (f.r << 14), 'db', true), (f, c) => `push${cc(c)}\t${regList(f.l | (f.r << 14))}`,
  (f) => (f.l | f.r) !== 0);
row16('pop', '1011 110r llll llll', (L, f) => loadStoreMultiple(L, true, 13, f.l | (f.r << 15), 'ia', true), (f, c) => `pop${cc(c)}\t${regList(f.l | (f.r << 15))}`,
  (f) => (f.l | f.r) !== 0);
row16('setend', '1011 0110 0101 e000', (L, f) => (f.e ? L.undefinedInsn() : undefined), (f) => `setend\t${f.e ? 'be' : 'le'}`);
row16('cps', '1011 0110 011- ----', undef, () => 'cps');
const REV16 = [0, 1, -1, 3];
row16('rev', '1011 1010 oomm mddd', (L, f) => reverse(L, REV16[f.o]!, f.d, f.m), (f, c) => `${['rev', 'rev16', '', 'revsh'][f.o]}${cc(c)}\t${R(f.d)}, ${R(f.m)}`, (f) => f.o !== 2);
row16('bkpt', '1011 1110 iiii iiii', (L) => L.breakpoint(), (f) => `bkpt\t0x${f.i.toString(16).padStart(4, '0')}`);
row16('it', '1011 1111 cccc mmmm', () => {}, (f) => `it${itPattern(f.c, f.m)}\t${['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'][f.c]}`,
  (f) => f.m !== 0 && f.c !== 15);
const HINTS = ['nop', 'yield', 'wfe', 'wfi', 'sev'];
row16('hint', '1011 1111 hhhh 0000', () => {}, (f, c) => (f.h < 5 ? `${HINTS[f.h]}${cc(c)}` : `nop${cc(c)}\t{${f.h}}`));
row16('ldm-stm', '1100 lnnn rrrr rrrr', (L, f) => {
  if (f.r === 0) return L.undefinedInsn();
  loadStoreMultiple(L, !!f.l, f.n, f.r, 'ia', !(f.l && f.r & (1 << f.n)));
}, (f, c) => `${f.l ? 'ldmia' : 'stmia'}${cc(c)}\t${R(f.n)}${f.l && f.r & (1 << f.n) ? '' : '!'}, ${regList(f.r)}`);
row16('udf', '1101 1110 iiii iiii', undef, (f) => `udf\t#${f.i}`);
row16('svc', '1101 1111 iiii iiii', (L) => L.svc(), (f, c) => `svc${cc(c)}\t${f.i}`);
row16('b-cond', '1101 cccc iiii iiii', (L, f) => L.predicated(f.c, () => L.branchTo((L.pcValue() + ((f.i << 24) >> 23)) >>> 0)),
  (f, c) => `b${['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'][f.c]}.n\t${hex(c.pc + 4 + ((f.i << 24) >> 23))}`);
row16('b', '1110 0iii iiii iiii', (L, f) => L.branchTo((L.pcValue() + ((f.i << 21) >> 20)) >>> 0), (f, c) => `b${cc(c)}.n\t${hex(c.pc + 4 + ((f.i << 21) >> 20))}`);
row16('undefined16', '---- ---- ---- ----', undef, (f) => `undefined instruction 0x${hex(f.raw).padStart(4, '0')}`);

/** The t/e letters of an IT instruction after the first. */
export function itPattern(firstcond: number, mask: number): string {
  let s = '';
  const n = mask & 1 ? 3 : mask & 2 ? 2 : mask & 4 ? 1 : 0;
  for (let i = 0; i < n; i++) s += ((mask >> (3 - i)) & 1) === (firstcond & 1) ? 't' : 'e';
  return s;
}

// ---- 32-bit ---------------------------------------------------------------------------------

// Load/store multiple, dual, exclusive, table branch.
row32('ldm-stm', '1110 100o o0wl nnnn rrrr rrrr rrrr rrrr', (L, f) => {
  if (f.n === 15 || f.r === 0 || f.r & (1 << 13) || (!f.l && f.r & (1 << 15)) || (f.l && (f.r & 0xc000) === 0xc000)) return L.undefinedInsn();
  loadStoreMultiple(L, !!f.l, f.n, f.r, f.o === 1 ? 'ia' : 'db', !!f.w);
}, (f, c) => {
  if (f.o === 1 && f.l && f.w && f.n === 13) return `ldmia${cc(c)}.w\tsp!, ${regList(f.r)}`;
  const name = `${f.l ? 'ldm' : 'stm'}${f.o === 1 ? 'ia' : 'db'}`;
  return `${name}${cc(c)}${f.o === 1 ? '.w' : ''}\t${R(f.n)}${f.w ? '!' : ''}, ${regList(f.r)}`;
}, (f) => f.o === 1 || f.o === 2);
row32('strex', '1110 1000 0100 nnnn tttt dddd iiii iiii', (L, f) => storeExclusive(L, 4, f.d, f.t, 0, f.n, f.i * 4),
  (f, c) => `strex${cc(c)}\t${R(f.d)}, ${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i * 4}` : ''}]`);
row32('ldrex', '1110 1000 0101 nnnn tttt 1111 iiii iiii', (L, f) => loadExclusive(L, 4, f.t, 0, f.n, f.i * 4),
  (f, c) => `ldrex${cc(c)}\t${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i * 4}` : ''}]`);
row32('tbb', '1110 1000 1101 nnnn 1111 0000 000h mmmm', (L, f) => {
  const b = L.b;
  const base = f.n === 15 ? L.i32(L.pcValue()) : L.reg(f.n);
  const idx = L.reg(f.m);
  const entry = f.h ? L.load(2, false, b.add(base, b.bin('shl', idx, L.i32(1)))) : L.load(1, false, b.add(base, idx));
  L.writePc(b.add(L.i32(L.pcValue()), b.bin('shl', entry, L.i32(1))), false);
}, (f, c) => (f.h ? `tbh${cc(c)}\t[${R(f.n)}, ${R(f.m)}, lsl #1]` : `tbb${cc(c)}\t[${R(f.n)}, ${R(f.m)}]`));
const EXCL2: Record<number, [1 | 2 | 8, string]> = { 0: [1, 'b'], 1: [2, 'h'], 3: [8, 'd'] };
row32('strex-bhd', '1110 1000 1100 nnnn tttt TTTT 01oo dddd', (L, f) => storeExclusive(L, EXCL2[f.o]![0], f.d, f.t, f.T, f.n),
  (f, c) => `strex${EXCL2[f.o]![1]}${cc(c)}\t${R(f.d)}, ${R(f.t)}, ${f.o === 3 ? R(f.T) + ', ' : ''}[${R(f.n)}]`, (f) => f.o !== 2);
row32('ldrex-bhd', '1110 1000 1101 nnnn tttt TTTT 01oo 1111', (L, f) => loadExclusive(L, EXCL2[f.o]![0], f.t, f.T, f.n),
  (f, c) => `ldrex${EXCL2[f.o]![1]}${cc(c)}\t${R(f.t)}, ${f.o === 3 ? R(f.T) + ', ' : ''}[${R(f.n)}]`, (f) => f.o !== 2);
row32('ldrd-strd', '1110 100P U1Wl nnnn tttt TTTT iiii iiii', (L, f) => {
  if (f.W && f.n === 15) return L.undefinedInsn();
  loadStoreDual(L, !!f.l, f.t, f.T, f.n, L.i32(f.i * 4), !!f.U, !!f.P, !!f.W);
}, (f, c) => {
  const off = f.i * 4, sign = f.U ? '' : '-';
  const addr = !f.P ? `[${R(f.n)}], #${sign}${off}` : `[${R(f.n)}${off || !f.U ? `, #${sign}${off}` : ''}]${f.W ? '!' : ''}`;
  return `${f.l ? 'ldrd' : 'strd'}${cc(c)}\t${R(f.t)}, ${R(f.T)}, ${addr}`;
}, (f) => f.P === 1 || f.W === 1);

// Data processing (shifted register).
const DP32: (DpOp | 'pkh' | undefined)[] = ['and', 'bic', 'orr', 'orn', 'eor', undefined, 'pkh', undefined, 'add', undefined, 'adc', 'sbc', undefined, 'sub', 'rsb', undefined];
/** The data-processing op with its T32 aliases: TST/TEQ/CMN/CMP when rd = 15 and S, MOV/MVN when rn = 15. */
function dp32Op(o: number, S: number, d: number, n: number): DpOp | 'pkh' | undefined {
  const op = DP32[o];
  if (op === undefined) return undefined;
  if (S && d === 15) {
    if (op === 'and') return 'tst';
    if (op === 'eor') return 'teq';
    if (op === 'add') return 'cmn';
    if (op === 'sub') return 'cmp';
  }
  if (n === 15) {
    if (op === 'orr') return 'mov';
    if (op === 'orn') return 'mvn';
  }
  return op;
}
const NARROW = new Set(['and', 'bic', 'orr', 'eor', 'add', 'adc', 'sbc', 'sub', 'tst', 'cmn', 'cmp', 'mov', 'mvn']);
function dp32Text(op: DpOp, f: Fields, c: Ctx, operand: string): string {
  const compare = op === 'tst' || op === 'teq' || op === 'cmp' || op === 'cmn';
  const name = `${op}${f.S && !compare ? 's' : ''}${cc(c)}${NARROW.has(op) ? '.w' : ''}`;
  if (compare) return `${name}\t${R(f.n)}, ${operand}`;
  if (op === 'mov' || op === 'mvn') return `${name}\t${R(f.d)}, ${operand}`;
  return `${name}\t${R(f.d)}, ${R(f.n)}, ${operand}`;
}
function dp32Lift(L: ArmLifter, op: DpOp, f: Fields, operand: { v: Temp; c: Temp }): void {
  const compare = op === 'tst' || op === 'teq' || op === 'cmp' || op === 'cmn';
  if (!compare && f.d === 15) return L.undefinedInsn();
  dataProc(L, op, !!f.S, compare ? 0 : f.d, op === 'mov' || op === 'mvn' ? undefined : L.reg(f.n), operand, 'branch');
}
row32('dp-shift', '1110 101o oooS nnnn 0iii dddd jjtt mmmm', (L, f) => {
  const op = dp32Op(f.o, f.S, f.d, f.n)!;
  const imm5 = (f.i << 2) | f.j;
  if (op === 'pkh') return f.S || f.t & 1 ? L.undefinedInsn() : pkh(L, f.d, f.n, f.m, f.t >> 1, imm5);
  dp32Lift(L, op, f, shiftImm(L, L.reg(f.m), f.t, imm5));
}, (f, c) => {
  const op = dp32Op(f.o, f.S, f.d, f.n)!;
  const imm5 = (f.i << 2) | f.j;
  if (op === 'pkh') return `pkh${f.t ? 'tb' : 'bt'}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${f.t ? `, asr #${imm5 || 32}` : imm5 ? `, lsl #${imm5}` : ''}`;
  return dp32Text(op, f, c, `${R(f.m)}${shiftText(f.t, imm5)}`);
}, (f) => dp32Op(f.o, f.S, f.d, f.n) !== undefined);

// Data processing (modified immediate).
row32('dp-imm', '1111 0i0o oooS nnnn 0jjj dddd kkkk kkkk', (L, f) => {
  const op = dp32Op(f.o, f.S, f.d, f.n);
  const operand = thumbImmOperand(L, (f.i << 11) | (f.j << 8) | f.k);
  if (!op || op === 'pkh' || !operand) return L.undefinedInsn();
  dp32Lift(L, op, f, operand);
}, (f, c) => {
  const op = dp32Op(f.o, f.S, f.d, f.n) as DpOp;
  const e = thumbExpandImm((f.i << 11) | (f.j << 8) | f.k);
  return dp32Text(op, f, c, `#${e ? e.v : 0}`);
}, (f) => dp32Op(f.o, f.S, f.d, f.n) !== undefined && DP32[f.o] !== 'pkh');

// Data processing (plain binary immediate).
row32('addw-subw', '1111 0i10 s0s0 nnnn 0jjj dddd kkkk kkkk', (L, f) => {
  const v = (f.i << 11) | (f.j << 8) | f.k;
  const sub = (f.s & 1) === 1;
  if (f.d === 15) return L.undefinedInsn();
  if (f.n === 15) return L.setReg(f.d, L.i32(((L.pcValue() & ~3) + (sub ? -v : v)) | 0));
  L.setReg(f.d, L.b.bin(sub ? 'sub' : 'add', L.reg(f.n), L.i32(v)));
}, (f, c) => {
  const v = (f.i << 11) | (f.j << 8) | f.k;
  return `${f.s & 1 ? 'subw' : 'addw'}${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${v}`;
}, (f) => f.s === 0 || f.s === 3);
row32('movw-movt', '1111 0i10 t100 jjjj 0kkk dddd llll llll', (L, f) => {
  const v = (f.j << 12) | (f.i << 11) | (f.k << 8) | f.l;
  if (f.d === 13 || f.d === 15) return L.undefinedInsn();
  if (!f.t) return L.setReg(f.d, L.i32(v));
  L.setReg(f.d, L.b.bin('or', L.b.bin('and', L.reg(f.d), L.i32(0xffff)), L.i32(v << 16)));
}, (f, c) => `${f.t ? 'movt' : 'movw'}${cc(c)}\t${R(f.d)}, #${(f.j << 12) | (f.i << 11) | (f.k << 8) | f.l}`);
row32('sat', '1111 0-11 u0h0 nnnn 0iii dddd jj0s ssss', (L, f) => {
  const imm5 = (f.i << 2) | f.j;
  if (f.h && imm5 === 0) return saturate(L, f.u ? 3 : 2, f.d, L.reg(f.n), f.u ? f.s : f.s + 1);
  saturate(L, f.u, f.d, shiftImm(L, L.reg(f.n), f.h << 1, imm5).v, f.u ? f.s : f.s + 1);
}, (f, c) => {
  const imm5 = (f.i << 2) | f.j;
  const n = f.u ? f.s : f.s + 1;
  if (f.h && imm5 === 0) return `${f.u ? 'u' : 's'}sat16${cc(c)}\t${R(f.d)}, #${n}, ${R(f.n)}`;
  return `${f.u ? 'u' : 's'}sat${cc(c)}\t${R(f.d)}, #${n}, ${R(f.n)}${f.h ? `, asr #${imm5}` : imm5 ? `, lsl #${imm5}` : ''}`;
});
row32('bfx', '1111 0-11 u100 nnnn 0iii dddd jj0w wwww', (L, f) => bitfieldExtract(L, !!f.u, f.d, f.n, (f.i << 2) | f.j, f.w + 1),
  (f, c) => `${f.u ? 'u' : 's'}bfx${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${(f.i << 2) | f.j}, #${f.w + 1}`);
row32('bfi', '1111 0-11 0110 nnnn 0iii dddd jj0m mmmm', (L, f) => bitfieldInsert(L, f.d, f.n, (f.i << 2) | f.j, f.m), (f, c) => {
  const lsb = (f.i << 2) | f.j;
  return f.n === 15 ? `bfc${cc(c)}\t${R(f.d)}, #${lsb}, #${f.m - lsb + 1}` : `bfi${cc(c)}\t${R(f.d)}, ${R(f.n)}, #${lsb}, #${f.m - lsb + 1}`;
});

// Branches and miscellaneous control.
const BARRIERS: Record<number, string> = { 15: 'sy', 14: 'st', 13: 'ld', 11: 'ish', 10: 'ishst', 9: 'ishld', 7: 'nsh', 6: 'nshst', 5: 'nshld', 3: 'osh', 2: 'oshst', 1: 'oshld' };
row32('msr', '1111 0011 1000 nnnn 1000 kk00 0000 0000', (L, f) => writeApsr(L, L.reg(f.n), f.k), (f, c) => `msr${cc(c)}\tCPSR_${f.k & 2 ? 'f' : ''}${f.k & 1 ? 's' : ''}, ${R(f.n)}`,
  (f) => f.k !== 0);
row32('hint', '1111 0011 1010 1111 1000 0000 hhhh hhhh', () => {}, (f, c) => (f.h < 5 ? `${HINTS[f.h]}${cc(c)}.w` : `nop${cc(c)}.w\t{${f.h}}`));
row32('clrex', '1111 0011 1011 1111 1000 1111 0010 1111', (L) => clearExclusive(L), (f, c) => `clrex${cc(c)}`);
row32('barrier', '1111 0011 1011 1111 1000 1111 01oo kkkk', () => {}, (f, c) => {
  if (f.o === 2) return f.k === 15 ? `isb${cc(c)}\tsy` : `isb${cc(c)}\t#${f.k}`;
  return `${f.o === 0 ? 'dsb' : 'dmb'}${cc(c)}\t${BARRIERS[f.k] ?? '#' + f.k}`;
}, (f) => f.o !== 3);
row32('mrs', '1111 0011 1110 1111 1000 dddd 0000 0000', (L, f) => L.setReg(f.d, readApsr(L)), (f, c) => `mrs${cc(c)}\t${R(f.d)}, CPSR`);
row32('udf', '1111 0111 1111 iiii 1010 jjjj jjjj jjjj', undef, (f) => `udf.w\t#${(f.i << 12) | f.j}`);
row32('b-cond', '1111 0scc ccii iiii 10j0 Jkkk kkkk kkkk', (L, f) => {
  L.predicated(f.c, () => L.branchTo((L.pcValue() + condOffset(f)) >>> 0));
}, (f, c) => `b${['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'][f.c]}.w\t${hex(c.pc + 4 + condOffset(f))}`, (f) => f.c < 14);
row32('b', '1111 0sii iiii iiii 10j1 Jkkk kkkk kkkk', (L, f) => L.branchTo((L.pcValue() + longOffset(f)) >>> 0), (f, c) => `b${cc(c)}.w\t${hex(c.pc + 4 + longOffset(f))}`);
row32('bl', '1111 0sii iiii iiii 11j1 Jkkk kkkk kkkk', (L, f) => {
  L.setReg(14, L.i32(L.next()));
  L.callReturn = L.next();
  L.branchTo((L.pcValue() + longOffset(f)) >>> 0);
}, (f, c) => `bl${cc(c)}\t${hex(c.pc + 4 + longOffset(f))}`);
row32('blx', '1111 0sii iiii iiii 11j0 Jkkk kkkk kkkk', (L, f) => {
  if (f.k & 1) return L.undefinedInsn();
  L.setReg(14, L.i32(L.next()));
  L.callReturn = L.next();
  L.branchTo(((L.pcValue() & ~3) + longOffset(f)) >>> 0, false);
}, (f, c) => `blx${cc(c)}\t${hex(((c.pc + 4) & ~3) + longOffset(f))}`);

/** B<c>.W: S:J2:J1:imm6:imm11:0. The pattern's j holds J1 (bit 13) and J2 (bit 11) as j1 j2... */
function condOffset(f: Fields): number {
  const j1 = (f.raw >>> 13) & 1, j2 = (f.raw >>> 11) & 1;
  const v = (f.s << 20) | (j2 << 19) | (j1 << 18) | (f.i << 12) | (f.k << 1);
  return (v << 11) >> 11;
}
/** B.W/BL/BLX: S:I1:I2:imm10:imm11:0 with I = NOT(J XOR S). */
function longOffset(f: Fields): number {
  const j1 = (f.raw >>> 13) & 1, j2 = (f.raw >>> 11) & 1;
  const i1 = (j1 ^ f.s) ^ 1, i2 = (j2 ^ f.s) ^ 1;
  const v = (f.s << 24) | (i1 << 23) | (i2 << 22) | (f.i << 12) | (f.k << 1);
  return (v << 7) >> 7;
}

// Loads and stores of one register.
const LS_SIZES: (1 | 2 | 4)[] = [1, 2, 4];
const lsName32 = (sz: number, load: number, signed: number) => `${load ? 'ldr' : 'str'}${signed ? 's' : ''}${['b', 'h', ''][sz]}`;
row32('ls-lit', '1111 100S uzz1 1111 tttt iiii iiii iiii', (L, f) => {
  if (f.z === 3 || (f.S && f.z === 2)) return L.undefinedInsn();
  if (f.t === 15 && f.z !== 2) return; // PLD/PLI literal
  loadStore(L, { load: true, size: LS_SIZES[f.z]!, signed: !!f.S, rt: f.t, rn: 15, offset: L.i32(f.i), add: !!f.u, index: true, wback: false });
}, (f, c) => {
  if (f.t === 15 && f.z !== 2) return `${f.S ? 'pli' : 'pld'}${cc(c)}\t[pc, #${f.u ? '' : '-'}${f.i}]`;
  return `${lsName32(f.z, 1, f.S)}${cc(c)}.w\t${R(f.t)}, [pc, #${f.u ? '' : '-'}${f.i}]`;
}, (f) => f.z !== 3);
row32('ls-imm12', '1111 100S 1zzl nnnn tttt iiii iiii iiii', (L, f) => {
  if (f.t === 15 && f.l && f.z !== 2) return; // PLD/PLI
  if (f.t === 15 && !f.l) return L.undefinedInsn();
  loadStore(L, { load: !!f.l, size: LS_SIZES[f.z]!, signed: !!f.S, rt: f.t, rn: f.n, offset: L.i32(f.i), add: true, index: true, wback: false });
}, (f, c) => {
  if (f.t === 15 && f.l && f.z !== 2) return `${f.S ? 'pli' : 'pld'}${cc(c)}\t[${R(f.n)}${f.i ? `, #${f.i}` : ''}]`;
  return `${lsName32(f.z, f.l, f.S)}${cc(c)}.w\t${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i}` : ''}]`;
}, (f) => f.z !== 3 && !(f.S && !f.l) && !(f.S && f.z === 2));
row32('ls-imm8', '1111 100S 0zzl nnnn tttt 1PUW iiii iiii', (L, f) => {
  const unpriv = f.P && f.U && !f.W;
  if (f.t === 15 && f.l && f.z !== 2 && f.P && !f.U && !f.W) return; // PLD/PLI [rn, #-imm]
  if (!f.P && !f.W) return L.undefinedInsn();
  if (f.W && f.t === f.n) return L.undefinedInsn();
  loadStore(L, { load: !!f.l, size: LS_SIZES[f.z]!, signed: !!f.S, rt: f.t, rn: f.n, offset: L.i32(f.i), add: !!f.U || !!unpriv, index: !!f.P, wback: !!f.W });
}, (f, c) => {
  const name = lsName32(f.z, f.l, f.S);
  if (f.t === 15 && f.l && f.z !== 2 && f.P && !f.U && !f.W) return `${f.S ? 'pli' : 'pld'}${cc(c)}\t[${R(f.n)}, #-${f.i}]`;
  if (f.P && f.U && !f.W) return `${name}t${cc(c)}\t${R(f.t)}, [${R(f.n)}${f.i ? `, #${f.i}` : ''}]`;
  const sign = f.U ? '' : '-';
  if (!f.P) return `${name}${cc(c)}.w\t${R(f.t)}, [${R(f.n)}], #${sign}${f.i}`;
  return `${name}${cc(c)}.w\t${R(f.t)}, [${R(f.n)}, #${sign}${f.i}]${f.W ? '!' : ''}`;
}, (f) => f.z !== 3 && !(f.S && !f.l) && !(f.S && f.z === 2));
row32('ls-reg', '1111 100S 0zzl nnnn tttt 0000 00ii mmmm', (L, f) => {
  if (f.t === 15 && f.l && f.z !== 2) return; // PLD/PLI
  if (f.m === 13 || f.m === 15) return L.undefinedInsn();
  const off = f.i ? L.b.bin('shl', L.reg(f.m), L.i32(f.i)) : L.reg(f.m);
  loadStore(L, { load: !!f.l, size: LS_SIZES[f.z]!, signed: !!f.S, rt: f.t, rn: f.n, offset: off, add: true, index: true, wback: false });
}, (f, c) => {
  const addr = `[${R(f.n)}, ${R(f.m)}${f.i ? `, lsl #${f.i}` : ''}]`;
  if (f.t === 15 && f.l && f.z !== 2) return `${f.S ? 'pli' : 'pld'}${cc(c)}\t${addr}`;
  return `${lsName32(f.z, f.l, f.S)}${cc(c)}.w\t${R(f.t)}, ${addr}`;
}, (f) => f.z !== 3 && !(f.S && !f.l) && !(f.S && f.z === 2));

// Data processing (register), parallel add/sub, misc.
row32('shift-reg', '1111 1010 0ttS nnnn 1111 dddd 0000 mmmm', (L, f) => dp32Lift(L, 'mov', f, shiftReg(L, L.reg(f.n), f.t, L.reg(f.m))),
  (f, c) => `${SH[f.t]}${f.S ? 's' : ''}${cc(c)}.w\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`);
const EXT32 = [3, 7, 0, 4, 2, 6]; // T32 op -> A32 extend op: sxth uxth sxtb16 uxtb16 sxtb uxtb
const EXT_NAMES: Record<number, string> = { 0: 'sxtb16', 2: 'sxtb', 3: 'sxth', 4: 'uxtb16', 6: 'uxtb', 7: 'uxth' };
row32('extend', '1111 1010 0ooo nnnn 1111 dddd 10rr mmmm', (L, f) => extend(L, EXT32[f.o]!, f.d, f.n, f.m, f.r), (f, c) => {
  const name = EXT_NAMES[EXT32[f.o]!]!;
  const rot = f.r ? `, ror #${f.r * 8}` : '';
  const narrow = f.n === 15 && (name === 'sxth' || name === 'sxtb' || name === 'uxth' || name === 'uxtb') ? '.w' : '';
  return f.n === 15 ? `${name}${cc(c)}${narrow}\t${R(f.d)}, ${R(f.m)}${rot}` : `${name.slice(0, 3)}a${name.slice(3)}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}${rot}`;
}, (f) => f.o < 6);
/** T32 parallel op1 (bits 22:20) -> the A32 op2 numbering of helpers.ts. */
const PAR_OP: Record<number, number> = { 1: 0, 2: 1, 6: 2, 5: 3, 0: 4, 4: 7 };
row32('parallel', '1111 1010 1ooo nnnn 1111 dddd 0upp mmmm', (L, f) => {
  const prefix = f.p + (f.u ? 3 : 0);
  const args = [L.i32(prefix), L.i32(PAR_OP[f.o]!), L.reg(f.n), L.reg(f.m)];
  L.setReg(f.d, helper(L, 'arm_parallel', args));
  if (f.p === 0) setGE(L, helper(L, 'arm_parallel_ge', args));
}, (f, c) => `${PARALLEL_PREFIXES[f.p + (f.u ? 3 : 0)]}${PARALLEL_OPS[PAR_OP[f.o]!]}${cc(c)}\t${R(f.d)}, ${R(f.n)}, ${R(f.m)}`,
(f) => f.p !== 3 && PAR_OP[f.o] !== undefined);
const MISC32: Record<number, string> = { 0: 'qadd', 1: 'qdadd', 2: 'qsub', 3: 'qdsub', 4: 'rev', 5: 'rev16', 6: 'rbit', 7: 'revsh', 8: 'sel', 12: 'clz' };
row32('misc', '1111 1010 10oo nnnn 1111 dddd 10pp mmmm', (L, f) => {
  const k = (f.o << 2) | f.p;
  if (f.o === 0) return qarith(L, [0, 2, 1, 3][f.p]!, f.d, f.m, f.n);
  if (f.o === 1) return reverse(L, f.p, f.d, f.m);
  if (k === 8) return L.setReg(f.d, helper(L, 'arm_sel', [L.b.get(SLOT_GE, 'i32'), L.reg(f.n), L.reg(f.m)]));
  L.setReg(f.d, L.b.un('clz', L.reg(f.m)));
}, (f, c) => {
  const name = MISC32[(f.o << 2) | f.p]!;
  if (f.o === 0 || f.o === 2) return `${name}${cc(c)}\t${R(f.d)}, ${f.o === 0 ? `${R(f.m)}, ${R(f.n)}` : `${R(f.n)}, ${R(f.m)}`}`;
  return `${name}${cc(c)}${f.o === 1 && f.p !== 2 ? '.w' : ''}\t${R(f.d)}, ${R(f.m)}`;
}, (f) => MISC32[(f.o << 2) | f.p] !== undefined);

// Multiplies.
const XY = ['bb', 'tb', 'bt', 'tt'];
row32('mul', '1111 1011 0ooo nnnn aaaa dddd 00pp mmmm', (L, f) => {
  const acc = f.a === 15 ? undefined : f.a;
  switch (f.o) {
    case 0: return multiply(L, f.d, f.n, f.m, acc, f.p === 1, false);
    case 1: return acc === undefined ? L.setReg(f.d, L.b.bin('mul', half(L, L.reg(f.n), f.p >> 1), half(L, L.reg(f.m), f.p & 1)))
      : smlaXY(L, { d: f.d, n: f.n, m: f.m, a: acc, x: f.p >> 1, y: f.p & 1 });
    case 2: return dualMul(L, 0, f.p & 1, f.d, f.n, f.m, acc);
    case 3: return smulw(L, f.d, f.n, f.m, f.p & 1, acc);
    case 4: return dualMul(L, 1, f.p & 1, f.d, f.n, f.m, acc);
    case 5: return mostSignificantMul(L, false, !!(f.p & 1), f.d, f.n, f.m, acc);
    case 6: return mostSignificantMul(L, true, !!(f.p & 1), f.d, f.n, f.m, f.a);
    default: {
      let r = helper(L, 'arm_usad8', [L.reg(f.n), L.reg(f.m)]);
      if (acc !== undefined) r = L.b.add(r, L.reg(acc));
      return L.setReg(f.d, r);
    }
  }
}, (f, c) => {
  const acc = f.a !== 15;
  const tail = `${R(f.d)}, ${R(f.n)}, ${R(f.m)}${acc ? ', ' + R(f.a) : ''}`;
  switch (f.o) {
    case 0: return `${f.p ? 'mls' : acc ? 'mla' : 'mul'}${cc(c)}${f.p || acc ? '' : '.w'}\t${tail}`;
    case 1: return `${acc ? 'smla' : 'smul'}${XY[(f.p >> 1) | ((f.p & 1) << 1)]}${cc(c)}\t${tail}`;
    case 2: return `sm${acc ? 'la' : 'ua'}d${f.p ? 'x' : ''}${cc(c)}\t${tail}`;
    case 3: return `sm${acc ? 'la' : 'ul'}w${f.p ? 't' : 'b'}${cc(c)}\t${tail}`;
    case 4: return `sm${acc ? 'ls' : 'us'}d${f.p ? 'x' : ''}${cc(c)}\t${tail}`;
    case 5: return `smm${acc ? 'la' : 'ul'}${f.p ? 'r' : ''}${cc(c)}\t${tail}`;
    case 6: return `smmls${f.p ? 'r' : ''}${cc(c)}\t${tail}`;
    default: return `usad${acc ? 'a8' : '8'}${cc(c)}\t${tail}`;
  }
}, (f) => (f.o === 0 ? f.p < 2 : f.o === 1 ? true : f.o === 7 ? f.p === 0 : f.p < 2) && !(f.o === 6 && f.a === 15));
row32('mull-div', '1111 1011 1ooo nnnn llll hhhh pppp mmmm', (L, f) => {
  switch ((f.o << 4) | f.p) {
    case 0x00: return multiplyLong(L, 'smull', f.l, f.h, f.n, f.m, false);
    case 0x1f: return divide(L, true, f.h, f.n, f.m);
    case 0x20: return multiplyLong(L, 'umull', f.l, f.h, f.n, f.m, false);
    case 0x3f: return divide(L, false, f.h, f.n, f.m);
    case 0x40: return multiplyLong(L, 'smlal', f.l, f.h, f.n, f.m, false);
    case 0x60: return multiplyLong(L, 'umlal', f.l, f.h, f.n, f.m, false);
    case 0x66: return multiplyLong(L, 'umaal', f.l, f.h, f.n, f.m, false);
  }
  if (f.o === 4 && (f.p & 0xc) === 8) return smlalXY(L, f.l, f.h, f.n, f.m, (f.p >> 1) & 1, f.p & 1);
  return dualMulLong(L, f.o === 5 ? 1 : 0, f.p & 1, f.l, f.h, f.n, f.m);
}, (f, c) => {
  const long = `${R(f.l)}, ${R(f.h)}, ${R(f.n)}, ${R(f.m)}`;
  switch ((f.o << 4) | f.p) {
    case 0x00: return `smull${cc(c)}\t${long}`;
    case 0x1f: return `sdiv${cc(c)}\t${R(f.h)}, ${R(f.n)}, ${R(f.m)}`;
    case 0x20: return `umull${cc(c)}\t${long}`;
    case 0x3f: return `udiv${cc(c)}\t${R(f.h)}, ${R(f.n)}, ${R(f.m)}`;
    case 0x40: return `smlal${cc(c)}\t${long}`;
    case 0x60: return `umlal${cc(c)}\t${long}`;
    case 0x66: return `umaal${cc(c)}\t${long}`;
  }
  if (f.o === 4 && (f.p & 0xc) === 8) return `smlal${XY[((f.p >> 1) & 1) | ((f.p & 1) << 1)]}${cc(c)}\t${long}`;
  return `sml${f.o === 5 ? 's' : 'a'}ld${f.p & 1 ? 'x' : ''}${cc(c)}\t${long}`;
}, (f) => [0x00, 0x1f, 0x20, 0x3f, 0x40, 0x60, 0x66].includes((f.o << 4) | f.p) || (f.o === 4 && (f.p & 0xc) === 8) || ((f.o === 4 || f.o === 5) && (f.p & 0xe) === 0xc));

// Coprocessor, VFP and Advanced SIMD.
row32('neon-dp', '111u 1111 ---- ---- ---- ---- ---- ----', (L, f) => vfp(L, toA32Simd(f.raw)), (f, c) => vfpText(toA32Simd(f.raw), c));
row32('neon-ls', '1111 1001 ---0 ---- ---- ---- ---- ----', (L, f) => vfp(L, toA32SimdLs(f.raw)), (f, c) => vfpText(toA32SimdLs(f.raw), c));
row32('mrc', '1110 1110 ooo l nnnn tttt pppp qqq1 mmmm', (L, f) => ((f.p & 0xe) === 10 ? vfp(L, toA32Coproc(f.raw)) : coprocessor(L, f)), (f, c) =>
  (f.p & 0xe) === 10 ? vfpText(toA32Coproc(f.raw), c) : `${f.l ? 'mrc' : 'mcr'}${cc(c)}\t${f.p}, ${f.o}, ${R(f.t)}, cr${f.n}, cr${f.m}, {${f.q}}`);
row32('coproc', '1110 11-- ---- ---- ---- ---- ---- ----', (L, f) => (((f.raw >>> 9) & 7) === 5 ? vfp(L, toA32Coproc(f.raw)) : L.undefinedInsn()), (f, c) =>
  ((f.raw >>> 9) & 7) === 5 ? vfpText(toA32Coproc(f.raw), c) : `undefined instruction 0x${hex(f.raw).padStart(8, '0')}`);
row32('undefined32', '---- ---- ---- ---- ---- ---- ---- ----', undef, (f) => `undefined instruction 0x${hex(f.raw).padStart(8, '0')}`);

export const toA32Simd = (t: number): number => ((t & 0x00ffffff) | 0xf2000000 | (((t >>> 28) & 1) << 24)) >>> 0;
export const toA32SimdLs = (t: number): number => ((t & 0x00ffffff) | 0xf4000000) >>> 0;
export const toA32Coproc = (t: number): number => ((t & 0x0fffffff) | 0xe0000000) >>> 0;

function vfpText(insn: number, c: Ctx): string {
  return disassembleVfpNeon(insn, c.pc) ?? `undefined instruction 0x${hex(insn).padStart(8, '0')}`;
}

export const t32Rows16: readonly Row[] = rows16;
export const t32Rows32: readonly Row[] = rows32;

/** Is the halfword the first half of a 32-bit instruction? */
export const isT32Wide = (hw: number): boolean => (hw >>> 11) >= 0x1d;
void addWithCarry;
