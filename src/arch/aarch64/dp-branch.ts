// A64 branches and exception generation: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET, SVC,
// BRK, and the encodings that are UNDEFINED at EL0 (HVC, SMC, HLT, DCPS, UDF), which print as
// objdump prints them and raise SIGILL. The pointer-authenticating branches of ARMv8.3 (BRAA,
// RETAA, ...) have no rows: SIGILL, as on ARMv8.0 hardware.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { CONDS, type Row, hex, row as makeRow, sext, xr } from './table.ts';

const rows: Row[] = [];
const row = (...a: Parameters<typeof makeRow>) => rows.push(makeRow(...a));

/** A direct branch; a target outside the 4 GiB window goes through the indirect path, which faults there. */
function goTo(L: A64Lifter, target: number): void {
  if (target >= 0 && target < 2 ** 32) L.branchTo(target);
  else L.jumpTo(L.i64(target));
}
function goToIf(L: A64Lifter, cond: Temp, target: number): void {
  if (target >= 0 && target < 2 ** 32) L.branchIf(cond, target);
  else L.jumpTo(L.b.select(cond, L.i64(target), L.i64(L.next())));
}
const target = (pc: number, imm: number, bits: number) => pc + sext(imm, bits) * 4;
const at = (t: number) => hex(BigInt(t));

row('b-bl', 'l 00101 iiiiiiiiiiiiiiiiiiiiiiiiii', (L, f, c) => {
  if (f.l) {
    L.setReg(30, L.i64(L.next()));
    L.callReturn = L.next();
  }
  goTo(L, target(c.pc, f.i, 26));
}, (f, c) => `${f.l ? 'bl' : 'b'}\t${at(target(c.pc, f.i, 26))}`);

row('b.cond', '0101010 0 iiiiiiiiiiiiiiiiiii 0 cccc', (L, f, c) => {
  const t = target(c.pc, f.i, 19);
  if (f.c >= 14) return goTo(L, t);
  goToIf(L, L.cond(f.c), t);
}, (f, c) => `b.${CONDS[f.c]}\t${at(target(c.pc, f.i, 19))}`);

row('cbz', 'f 011010 o iiiiiiiiiiiiiiiiiii ttttt', (L, f, c) => {
  const b = L.b;
  const v = L.reg(f.t, f.f);
  const zero = b.un('eqz', v);
  goToIf(L, f.o ? b.un('eqz', zero) : zero, target(c.pc, f.i, 19));
}, (f, c) => `${f.o ? 'cbnz' : 'cbz'}\t${xr(f.t, f.f)}, ${at(target(c.pc, f.i, 19))}`);

row('tbz', 'h 011011 o lllll iiiiiiiiiiiiii ttttt', (L, f, c) => {
  const b = L.b;
  const bit = (f.h << 5) | f.l;
  const word = bit >= 32 ? b.un('hi64', L.x(f.t)) : L.w(f.t);
  const set = b.bin('and', b.bin('shr_u', word, L.i32(bit & 31)), L.i32(1));
  goToIf(L, f.o ? set : b.un('eqz', set), target(c.pc, f.i, 14));
}, (f, c) => `${f.o ? 'tbnz' : 'tbz'}\t${xr(f.t, f.h)}, #${(f.h << 5) | f.l}, ${at(target(c.pc, f.i, 14))}`);

row('br-blr-ret', '1101011 0 0 oo 11111 000000 nnnnn 00000', (L, f) => {
  const dest = L.x(f.n);
  if (f.o === 1) {
    L.setReg(30, L.i64(L.next()));
    L.callReturn = L.next();
  }
  L.jumpTo(dest);
}, (f) => (f.o === 2 ? (f.n === 30 ? 'ret' : `ret\t${xr(f.n)}`) : `${f.o ? 'blr' : 'br'}\t${xr(f.n)}`), (f) => f.o !== 3);

// ---- exception generation --------------------------------------------------------------------------

// Linux takes any SVC immediate as a system call.
row('svc', '11010100 000 iiiiiiiiiiiiiiii 000 01', (L) => L.svc(), (f) => `svc\t#0x${hex(f.i)}`);
row('brk', '11010100 001 iiiiiiiiiiiiiiii 000 00', (L) => L.breakpoint(), (f) => `brk\t#0x${hex(f.i)}`);
const undef = (L: A64Lifter) => L.undefinedInsn();
row('hvc-smc', '11010100 000 iiiiiiiiiiiiiiii 000 1s', undef, (f) => `${f.s ? 'smc' : 'hvc'}\t#0x${hex(f.i)}`);
row('hlt', '11010100 010 iiiiiiiiiiiiiiii 000 00', undef, (f) => `hlt\t#0x${hex(f.i)}`);
row('dcps', '11010100 101 iiiiiiiiiiiiiiii 000 ll', undef, (f) => `dcps${f.l}${f.i ? `\t#0x${hex(f.i)}` : ''}`, (f) => f.l !== 0);
row('eret-drps', '1101011 010 o 11111 000000 11111 00000', undef, (f) => (f.o ? 'drps' : 'eret'));
row('udf', '0000000000000000 iiiiiiiiiiiiiiii', undef, (f) => `udf\t#${f.i}`);

export const branchRows = rows;
