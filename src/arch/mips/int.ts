// MIPS32r2 integer instructions: ALU, shifts, HI/LO multiply and divide, loads and stores
// (including LWL/LWR/SWL/SWR and LL/SC), branches and jumps with their delay slot, traps, and the
// Release 2 bit manipulation (EXT, INS, WSBH, SEB, SEH, ROTR). Semantics follow the MIPS32
// Architecture for Programmers Vol. II; objdump text follows GNU objdump's aliases.
import type { Temp } from '../../ir/ir.ts';
import { type MipsLifter, SIGBUS, SIGFPE, SIGTRAP, BUS_ADRALN } from './lifter.ts';
import { SLOT_LL_ADDR, SLOT_LL_VAL, SLOT_ULR } from './state.ts';
import { type Ctx, type Fields, type Row, branchTarget, gr, hex, jumpTarget, row, sext } from './table.ts';

const FPE_INTOVF = 2;
const TRAP_BRKPT = 1;
/** si_code of the conditional traps' SIGTRAP (qemu-user reports SI_KERNEL). */
const SI_KERNEL = 0x80;

// ---- field shorthands ---------------------------------------------------------------------
// s: rs, t: rt, d: rd, a: sa, i: 16-bit immediate, j: 26-bit jump index, c: trap/break code.

const R3 = (op: string) => (f: Fields) => `${op}\t${gr(f.d)},${gr(f.s)},${gr(f.t)}`;
const simm = (f: Fields): number => sext(f.i, 16);
const mem = (op: string, rt: (n: number) => string = gr) => (f: Fields) => `${op}\t${rt(f.t)},${simm(f)}(${gr(f.s)})`;
const brText = (f: Fields, c: Ctx): string => hex(branchTarget(c.pc, f.i));

/** rd = op(rs, rt) as IR. */
const alu3 = (op: 'add' | 'sub' | 'and' | 'or' | 'xor') => (L: MipsLifter, f: Fields) => {
  L.setGpr(f.d, L.b.bin(op, L.gpr(f.s), L.gpr(f.t)));
};

/** Signed overflow of a + b = r (or a - b = r when sub). */
function overflows(L: MipsLifter, a: Temp, b: Temp, r: Temp, sub: boolean): Temp {
  const B = L.b;
  const x = sub ? B.bin('and', B.bin('xor', a, b), B.bin('xor', a, r)) : B.bin('and', B.bin('xor', a, r), B.bin('xor', b, r));
  return B.bin('lt_s', x, L.i32(0));
}

/** ADD/ADDI/SUB: the overflow exception is SIGFPE (FPE_INTOVF) and leaves rd unchanged. */
function addTrapping(L: MipsLifter, dst: number, a: Temp, b: Temp, sub: boolean): void {
  const r = L.b.bin(sub ? 'sub' : 'add', a, b);
  L.trapIf(overflows(L, a, b, r, sub), SIGFPE, FPE_INTOVF);
  L.setGpr(dst, r);
}

/*
 * BREAK and the conditional traps: Linux (arch/mips/kernel/traps.c, do_trap_or_bp) sends SIGFPE for
 * the codes gas uses for overflow (6) and division by zero (7) and SIGTRAP for the others; the
 * oracle, qemu-user 7.2, sends SIGTRAP for every code (TRAP_BRKPT for BREAK, SI_KERNEL for the
 * traps), and tsemu follows it: `teq $x, $zero, 7` after a division by zero dies of SIGTRAP.
 */

/**
 * LH/LHU/LW/SH/SW/LL at an address that is not a multiple of the size: SIGBUS (BUS_ADRALN), as under
 * qemu-user. (Linux itself emulates the access by default; qemu-user does not.) Within a block, a
 * check that passed tells the base register's low bits until the register is written again, so
 * `lw a,0(r); lw b,4(r); sh c,10(r)` checks once.
 */
function checkAligned(L: MipsLifter, base: number, offset: number, addr: Temp, size: 1 | 2 | 4): void {
  if (size === 1) return;
  const k = L.knownAlignment.get(base);
  if (k && k.mod >= size && (k.res + offset) % size === 0) return;
  const B = L.b;
  L.trapIf(B.bin('ne', B.bin('and', addr, L.i32(size - 1)), L.i32(0)), SIGBUS, BUS_ADRALN);
  // Under a branch-likely guard the check may not have run; nothing follows the slot anyway.
  if (L.guard === undefined && !(k && k.mod > size)) L.knownAlignment.set(base, { mod: size, res: (((-offset) % size) + size) % size });
}

/** 64-bit HI:LO as one i64. */
const hilo = (L: MipsLifter): Temp => L.b.bin('pair', L.lo(), L.hi());
function setHiLo(L: MipsLifter, v: Temp): void {
  L.setLo(L.b.un('lo64', v));
  L.setHi(L.b.un('hi64', v));
}
function product(L: MipsLifter, f: Fields, signed: boolean): Temp {
  const ext = signed ? 'sext32to64' : 'zext32to64';
  return L.b.bin('mul', L.b.un(ext, L.gpr(f.s)), L.b.un(ext, L.gpr(f.t)));
}

/**
 * DIV/DIVU: LO = quotient, HI = remainder. Division by zero is UNPREDICTABLE; like qemu, the
 * divisor then counts as 1 (LO = rs, HI = 0). MIN / -1 gives LO = MIN, HI = 0 (the IR's rule).
 */
function divide(L: MipsLifter, f: Fields, signed: boolean): void {
  const B = L.b;
  const n = L.gpr(f.s), d0 = L.gpr(f.t);
  const d = B.select(B.un('eqz', d0), L.i32(1), d0);
  L.setLo(B.bin(signed ? 'div_s' : 'div_u', n, d));
  L.setHi(B.bin(signed ? 'rem_s' : 'rem_u', n, d));
}

/** A conditional branch comparing rs with zero or with rt. */
type Cmp = 'eq' | 'ne' | 'lez' | 'gtz' | 'ltz' | 'gez';
function condition(L: MipsLifter, cmp: Cmp, rs: number, rt: number): Temp | undefined {
  const B = L.b, zero = L.i32(0);
  switch (cmp) {
    case 'eq': return rs === rt ? undefined : B.bin('eq', L.gpr(rs), L.gpr(rt));
    case 'ne': return B.bin('ne', L.gpr(rs), L.gpr(rt));
    case 'lez': return B.bin('le_s', L.gpr(rs), zero);
    case 'gtz': return B.bin('lt_s', zero, L.gpr(rs));
    case 'ltz': return B.bin('lt_s', L.gpr(rs), zero);
    case 'gez': return B.bin('le_s', zero, L.gpr(rs));
  }
}
/** A never-taken condition (bne $x,$x; bltz $0) is still a branch: cond = 0. */
function branchRow(L: MipsLifter, f: Fields, c: Ctx, cmp: Cmp, likely: boolean, link: boolean): void {
  // Alias rows (b, bal, beqz ...) fix rs or rt to $0 in their pattern: absent fields are $0.
  const rs = f.s ?? 0, rt = f.t ?? 0;
  let cond = condition(L, cmp, rs, rt);
  if (cmp === 'gez' && rs === 0) cond = undefined;
  if (link) {
    L.setGpr(31, L.i32(c.pc + 8));
    L.callReturn = (c.pc + 8) >>> 0;
  }
  L.branch({ cond, target: branchTarget(c.pc, f.i), indirect: false, likely });
}

// ---- loads and stores ---------------------------------------------------------------------

function loadRow(size: 1 | 2 | 4, signed: boolean) {
  return (L: MipsLifter, f: Fields) => {
    const addr = L.ea(f.s, simm(f));
    checkAligned(L, f.s, simm(f), addr, size);
    L.setGpr(f.t, L.load(size, signed, addr));
  };
}
function storeRow(size: 1 | 2 | 4) {
  return (L: MipsLifter, f: Fields) => {
    const addr = L.ea(f.s, simm(f));
    checkAligned(L, f.s, simm(f), addr, size);
    L.store(size, addr, L.gpr(f.t));
  };
}

/**
 * LWL/LWR/SWL/SWR on the aligned word that holds the addressed byte. With k the byte's index
 * counted from the word's most significant byte (the address's low bits on big-endian, 3 minus
 * them on little-endian), LWL fills rt from its top with the word's bytes k..3, LWR fills rt from
 * its bottom with bytes 0..k, and the stores are the mirror images.
 */
function unalignedRow(kind: 'lwl' | 'lwr' | 'swl' | 'swr') {
  return (L: MipsLifter, f: Fields, c: Ctx, le: boolean) => {
    const B = L.b;
    const addr = L.ea(f.s, simm(f));
    const aligned = B.bin('and', addr, L.i32(~3));
    let k = B.bin('and', addr, L.i32(3));
    if (le) k = B.bin('xor', k, L.i32(3));
    const word = L.load(4, false, aligned);
    const rt = L.gpr(f.t);
    const ones = L.i32(-1);
    const sh = B.bin('shl', k, L.i32(3)); // 8k
    const shR = B.bin('sub', L.i32(24), sh); // 8(3-k)
    const lowMask = (s: Temp) => B.bin('sub', B.bin('shl', L.i32(1), s), L.i32(1));
    switch (kind) {
      case 'lwl':
        L.setGpr(f.t, B.bin('or', B.bin('shl', word, sh), B.bin('and', rt, lowMask(sh))));
        break;
      case 'lwr':
        L.setGpr(f.t, B.bin('or', B.bin('shr_u', word, shR), B.bin('and', rt, B.un('not', B.bin('shr_u', ones, shR)))));
        break;
      case 'swl':
        L.store(4, aligned, B.bin('or', B.bin('shr_u', rt, sh), B.bin('and', word, B.un('not', B.bin('shr_u', ones, sh)))));
        break;
      case 'swr':
        L.store(4, aligned, B.bin('or', B.bin('shl', rt, shR), B.bin('and', word, lowMask(shR))));
        break;
    }
  };
}

/** LL: an aligned load that arms the monitor with the address and the value read. */
function liftLL(L: MipsLifter, f: Fields): void {
  const addr = L.ea(f.s, simm(f));
  checkAligned(L, f.s, simm(f), addr, 4);
  const v = L.load(4, false, addr);
  L.setSlot(SLOT_LL_ADDR, addr, 'i32');
  L.setSlot(SLOT_LL_VAL, v, 'i32');
  L.setGpr(f.t, v);
}
/** SC: stores (atomically, if the word still holds what LL read) and sets rt to 1, or fails with 0. */
function liftSC(L: MipsLifter, f: Fields): void {
  const addr = L.ea(f.s, simm(f));
  L.setGpr(f.t, L.call('mips_sc', [addr, L.gpr(f.t), L.i32(L.faultPc)], 'i32'));
}

/** CLZ/CLO's destination as objdump prints it: one register when rd = rt or one of them is $0, else both. */
function clDest(f: Fields): string {
  if (f.d === f.t || f.t === 0) return gr(f.d);
  return f.d === 0 ? gr(f.t) : `${gr(f.d)} or ${gr(f.t)}`;
}

/** SYNC's stype values objdump names (the lightweight barriers of MIPS32r2's SYNC definition). */
const SYNC_NAMES: Record<number, string> = { 4: 'sync_wmb', 0x10: 'sync_mb', 0x11: 'sync_acquire', 0x12: 'sync_release', 0x13: 'sync_rmb' };
/** The hardware registers RDHWR reads, as objdump names them. */
const HWR_NAMES: Record<number, string> = { 0: 'hwr_cpunum', 1: 'hwr_synci_step', 2: 'hwr_cc', 3: 'hwr_ccres' };

// ---- the table ----------------------------------------------------------------------------

const S = (funct: number) => funct.toString(2).padStart(6, '0');
const special = (funct: number, fields = 'sssss ttttt ddddd 00000') => `000000 ${fields} ${S(funct)}`;

/** The rows whose semantics depend on the byte order get it from here (set by makeIntRows). */
export function makeIntRows(le: boolean): Row[] {
  const un = (k: 'lwl' | 'lwr' | 'swl' | 'swr') => {
    const lift = unalignedRow(k);
    return (L: MipsLifter, f: Fields, c: Ctx) => lift(L, f, c, le);
  };
  return [
    // ---- SPECIAL: shifts (aliases first) ----
    row('nop', '000000 00000 00000 00000 00000 000000', () => {}, () => 'nop'),
    row('ssnop', '000000 00000 00000 00000 00001 000000', () => {}, () => 'ssnop'),
    row('ehb', '000000 00000 00000 00000 00011 000000', () => {}, () => 'ehb'),
    row('sll', '000000 00000 ttttt ddddd aaaaa 000000', (L, f) => L.setGpr(f.d, L.b.bin('shl', L.gpr(f.t), L.i32(f.a))), (f) => `sll\t${gr(f.d)},${gr(f.t)},0x${hex(f.a)}`),
    row('srl', '000000 00000 ttttt ddddd aaaaa 000010', (L, f) => L.setGpr(f.d, L.b.bin('shr_u', L.gpr(f.t), L.i32(f.a))), (f) => `srl\t${gr(f.d)},${gr(f.t)},0x${hex(f.a)}`),
    row('rotr', '000000 00001 ttttt ddddd aaaaa 000010', (L, f) => L.setGpr(f.d, L.b.bin('rotr', L.gpr(f.t), L.i32(f.a))), (f) => `ror\t${gr(f.d)},${gr(f.t)},0x${hex(f.a)}`),
    row('sra', '000000 00000 ttttt ddddd aaaaa 000011', (L, f) => L.setGpr(f.d, L.b.bin('shr_s', L.gpr(f.t), L.i32(f.a))), (f) => `sra\t${gr(f.d)},${gr(f.t)},0x${hex(f.a)}`),
    row('sllv', special(0b000100), (L, f) => L.setGpr(f.d, L.b.bin('shl', L.gpr(f.t), L.gpr(f.s))), (f) => `sllv\t${gr(f.d)},${gr(f.t)},${gr(f.s)}`),
    row('srlv', special(0b000110), (L, f) => L.setGpr(f.d, L.b.bin('shr_u', L.gpr(f.t), L.gpr(f.s))), (f) => `srlv\t${gr(f.d)},${gr(f.t)},${gr(f.s)}`),
    row('rotrv', special(0b000110, 'sssss ttttt ddddd 00001'), (L, f) => L.setGpr(f.d, L.b.bin('rotr', L.gpr(f.t), L.gpr(f.s))), (f) => `rorv\t${gr(f.d)},${gr(f.t)},${gr(f.s)}`),
    row('srav', special(0b000111), (L, f) => L.setGpr(f.d, L.b.bin('shr_s', L.gpr(f.t), L.gpr(f.s))), (f) => `srav\t${gr(f.d)},${gr(f.t)},${gr(f.s)}`),

    // ---- SPECIAL: jumps ----
    row('jr', '000000 sssss 00000 00000 h0000 001000', (L, f) => L.branch({ target: L.gpr(f.s), indirect: true, likely: false }), (f) => `jr${f.h ? '.hb' : ''}\t${gr(f.s)}`),
    row('jalr', '000000 sssss 00000 ddddd h0000 001001', (L, f, c) => {
      const target = L.gpr(f.s); // read before the link write (rd = rs is UNPREDICTABLE)
      L.setGpr(f.d, L.i32(c.pc + 8));
      L.callReturn = (c.pc + 8) >>> 0;
      L.branch({ target, indirect: true, likely: false });
    }, (f) => (f.d === 31 ? `jalr${f.h ? '.hb' : ''}\t${gr(f.s)}` : `jalr${f.h ? '.hb' : ''}\t${gr(f.d)},${gr(f.s)}`)),

    // ---- SPECIAL: conditional moves, system ----
    row('movz', special(0b001010), (L, f) => L.setGpr(f.d, L.b.select(L.b.un('eqz', L.gpr(f.t)), L.gpr(f.s), L.gpr(f.d))), R3('movz')),
    row('movn', special(0b001011), (L, f) => L.setGpr(f.d, L.b.select(L.gpr(f.t), L.gpr(f.s), L.gpr(f.d))), R3('movn')),
    row('syscall', '000000 cccccccccccccccccccc 001100', (L) => L.syscall(), (f) => (f.c ? `syscall\t0x${hex(f.c)}` : 'syscall')),
    row('break', '000000 cccccccccccccccccccc 001101', (L) => L.raise(SIGTRAP, TRAP_BRKPT), (f) => {
      const hi = f.c >>> 10, lo = f.c & 1023;
      return lo ? `break\t0x${hex(hi)},0x${hex(lo)}` : hi ? `break\t0x${hex(hi)}` : 'break';
    }),
    row('sync', '000000 00000 00000 00000 yyyyy 001111', () => {}, (f) => (f.y === 0 ? 'sync' : SYNC_NAMES[f.y] ?? `sync\t0x${hex(f.y)}`)),

    // ---- SPECIAL: HI/LO ----
    row('mfhi', '000000 00000 00000 ddddd 00000 010000', (L, f) => L.setGpr(f.d, L.hi()), (f) => `mfhi\t${gr(f.d)}`),
    row('mthi', '000000 sssss 00000 00000 00000 010001', (L, f) => L.setHi(L.gpr(f.s)), (f) => `mthi\t${gr(f.s)}`),
    row('mflo', '000000 00000 00000 ddddd 00000 010010', (L, f) => L.setGpr(f.d, L.lo()), (f) => `mflo\t${gr(f.d)}`),
    row('mtlo', '000000 sssss 00000 00000 00000 010011', (L, f) => L.setLo(L.gpr(f.s)), (f) => `mtlo\t${gr(f.s)}`),
    row('mult', '000000 sssss ttttt 00000 00000 011000', (L, f) => {
      L.setLo(L.b.bin('mul', L.gpr(f.s), L.gpr(f.t)));
      L.setHi(L.b.bin('mulh_s', L.gpr(f.s), L.gpr(f.t)));
    }, (f) => `mult\t${gr(f.s)},${gr(f.t)}`),
    row('multu', '000000 sssss ttttt 00000 00000 011001', (L, f) => {
      L.setLo(L.b.bin('mul', L.gpr(f.s), L.gpr(f.t)));
      L.setHi(L.b.bin('mulh_u', L.gpr(f.s), L.gpr(f.t)));
    }, (f) => `multu\t${gr(f.s)},${gr(f.t)}`),
    row('div', '000000 sssss ttttt 00000 00000 011010', (L, f) => divide(L, f, true), (f) => `div\tzero,${gr(f.s)},${gr(f.t)}`),
    row('divu', '000000 sssss ttttt 00000 00000 011011', (L, f) => divide(L, f, false), (f) => `divu\tzero,${gr(f.s)},${gr(f.t)}`),

    // ---- SPECIAL: ALU (aliases first) ----
    row('move', '000000 sssss 00000 ddddd 00000 100001', (L, f) => L.setGpr(f.d, L.gpr(f.s)), (f) => `move\t${gr(f.d)},${gr(f.s)}`),
    row('move', '000000 sssss 00000 ddddd 00000 100101', (L, f) => L.setGpr(f.d, L.gpr(f.s)), (f) => `move\t${gr(f.d)},${gr(f.s)}`),
    row('add', special(0b100000), (L, f) => addTrapping(L, f.d, L.gpr(f.s), L.gpr(f.t), false), R3('add')),
    row('addu', special(0b100001), alu3('add'), R3('addu')),
    row('neg', '000000 00000 ttttt ddddd 00000 100010', (L, f) => addTrapping(L, f.d, L.i32(0), L.gpr(f.t), true), (f) => `neg\t${gr(f.d)},${gr(f.t)}`),
    row('sub', special(0b100010), (L, f) => addTrapping(L, f.d, L.gpr(f.s), L.gpr(f.t), true), R3('sub')),
    row('negu', '000000 00000 ttttt ddddd 00000 100011', (L, f) => L.setGpr(f.d, L.b.bin('sub', L.i32(0), L.gpr(f.t))), (f) => `negu\t${gr(f.d)},${gr(f.t)}`),
    row('subu', special(0b100011), alu3('sub'), R3('subu')),
    row('and', special(0b100100), alu3('and'), R3('and')),
    row('or', special(0b100101), alu3('or'), R3('or')),
    row('xor', special(0b100110), alu3('xor'), R3('xor')),
    row('nor', special(0b100111), (L, f) => L.setGpr(f.d, L.b.un('not', L.b.bin('or', L.gpr(f.s), L.gpr(f.t)))), R3('nor')),
    row('slt', special(0b101010), (L, f) => L.setGpr(f.d, L.b.bin('lt_s', L.gpr(f.s), L.gpr(f.t))), R3('slt')),
    row('sltu', special(0b101011), (L, f) => L.setGpr(f.d, L.b.bin('lt_u', L.gpr(f.s), L.gpr(f.t))), R3('sltu')),

    // ---- SPECIAL: traps ----
    ...(['tge', 'tgeu', 'tlt', 'tltu', 'teq', '', 'tne'] as const).flatMap((name, i) =>
      name === '' ? [] : [row(name, `000000 sssss ttttt cccccccccc ${S(0b110000 + i)}`, (L, f) => {
        const B = L.b, a = L.gpr(f.s), b = L.gpr(f.t);
        const cond = [() => B.bin('le_s', b, a), () => B.bin('le_u', b, a), () => B.bin('lt_s', a, b), () => B.bin('lt_u', a, b), () => B.bin('eq', a, b), () => a, () => B.bin('ne', a, b)][i]!();
        L.trapIf(cond, SIGTRAP, SI_KERNEL);
      }, (f) => `${name}\t${gr(f.s)},${gr(f.t)}${f.c ? `,0x${hex(f.c)}` : ''}`)]),

    // ---- REGIMM: branches on sign, trap immediates, SYNCI ----
    row('b', '000001 00000 00001 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'gez', false, false), (f, c) => `b\t${brText(f, c)}`),
    row('bal', '000001 00000 10001 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'gez', false, true), (f, c) => `bal\t${brText(f, c)}`),
    ...([['bltz', 0b00000, 'ltz', false, false], ['bgez', 0b00001, 'gez', false, false], ['bltzl', 0b00010, 'ltz', true, false],
      ['bgezl', 0b00011, 'gez', true, false], ['bltzal', 0b10000, 'ltz', false, true], ['bgezal', 0b10001, 'gez', false, true],
      ['bltzall', 0b10010, 'ltz', true, true], ['bgezall', 0b10011, 'gez', true, true]] as const).map(([name, rt, cmp, likely, link]) =>
      row(name, `000001 sssss ${rt.toString(2).padStart(5, '0')} iiiiiiiiiiiiiiii`, (L, f, c) => branchRow(L, f, c, cmp, likely, link), (f, c) => `${name}\t${gr(f.s)},${brText(f, c)}`)),
    ...([['tgei', 0b01000], ['tgeiu', 0b01001], ['tlti', 0b01010], ['tltiu', 0b01011], ['teqi', 0b01100], ['tnei', 0b01110]] as const).map(([name, rt]) =>
      row(name, `000001 sssss ${rt.toString(2).padStart(5, '0')} iiiiiiiiiiiiiiii`, (L, f) => {
        const B = L.b, a = L.gpr(f.s), imm = L.i32(simm(f));
        const cond = { tgei: () => B.bin('le_s', imm, a), tgeiu: () => B.bin('le_u', imm, a), tlti: () => B.bin('lt_s', a, imm), tltiu: () => B.bin('lt_u', a, imm), teqi: () => B.bin('eq', a, imm), tnei: () => B.bin('ne', a, imm) }[name]();
        L.trapIf(cond, SIGTRAP, SI_KERNEL);
      }, (f) => `${name}\t${gr(f.s)},${simm(f)}`)),
    row('synci', '000001 sssss 11111 iiiiiiiiiiiiiiii', (L) => L.flush(), (f) => `synci\t${simm(f)}(${gr(f.s)})`),

    // ---- jumps and branches ----
    row('j', '000010 jjjjjjjjjjjjjjjjjjjjjjjjjj', (L, f, c) => L.branch({ target: jumpTarget(c.pc, f.j), indirect: false, likely: false }), (f, c) => `j\t${hex(jumpTarget(c.pc, f.j))}`),
    row('jal', '000011 jjjjjjjjjjjjjjjjjjjjjjjjjj', (L, f, c) => {
      L.setGpr(31, L.i32(c.pc + 8));
      L.callReturn = (c.pc + 8) >>> 0;
      L.branch({ target: jumpTarget(c.pc, f.j), indirect: false, likely: false });
    }, (f, c) => `jal\t${hex(jumpTarget(c.pc, f.j))}`),
    row('b', '000100 00000 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'eq', false, false), (f, c) => `b\t${brText(f, c)}`),
    row('beqz', '000100 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'eq', false, false), (f, c) => `beqz\t${gr(f.s)},${brText(f, c)}`),
    row('beq', '000100 sssss ttttt iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'eq', false, false), (f, c) => `beq\t${gr(f.s)},${gr(f.t)},${brText(f, c)}`),
    row('bnez', '000101 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'ne', false, false), (f, c) => `bnez\t${gr(f.s)},${brText(f, c)}`),
    row('bne', '000101 sssss ttttt iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'ne', false, false), (f, c) => `bne\t${gr(f.s)},${gr(f.t)},${brText(f, c)}`),
    row('blez', '000110 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'lez', false, false), (f, c) => `blez\t${gr(f.s)},${brText(f, c)}`),
    row('bgtz', '000111 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'gtz', false, false), (f, c) => `bgtz\t${gr(f.s)},${brText(f, c)}`),
    row('beqzl', '010100 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'eq', true, false), (f, c) => `beqzl\t${gr(f.s)},${brText(f, c)}`),
    row('beql', '010100 sssss ttttt iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'eq', true, false), (f, c) => `beql\t${gr(f.s)},${gr(f.t)},${brText(f, c)}`),
    row('bnezl', '010101 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'ne', true, false), (f, c) => `bnezl\t${gr(f.s)},${brText(f, c)}`),
    row('bnel', '010101 sssss ttttt iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'ne', true, false), (f, c) => `bnel\t${gr(f.s)},${gr(f.t)},${brText(f, c)}`),
    row('blezl', '010110 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'lez', true, false), (f, c) => `blezl\t${gr(f.s)},${brText(f, c)}`),
    row('bgtzl', '010111 sssss 00000 iiiiiiiiiiiiiiii', (L, f, c) => branchRow(L, f, c, 'gtz', true, false), (f, c) => `bgtzl\t${gr(f.s)},${brText(f, c)}`),

    // ---- immediates (aliases first) ----
    row('addi', '001000 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => addTrapping(L, f.t, L.gpr(f.s), L.i32(simm(f)), false), (f) => `addi\t${gr(f.t)},${gr(f.s)},${simm(f)}`),
    row('li', '001001 00000 ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.i32(simm(f))), (f) => `li\t${gr(f.t)},${simm(f)}`),
    row('addiu', '001001 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.add(L.gpr(f.s), L.i32(simm(f)))), (f) => `addiu\t${gr(f.t)},${gr(f.s)},${simm(f)}`),
    row('slti', '001010 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.bin('lt_s', L.gpr(f.s), L.i32(simm(f)))), (f) => `slti\t${gr(f.t)},${gr(f.s)},${simm(f)}`),
    row('sltiu', '001011 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.bin('lt_u', L.gpr(f.s), L.i32(simm(f)))), (f) => `sltiu\t${gr(f.t)},${gr(f.s)},${simm(f)}`),
    row('andi', '001100 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.bin('and', L.gpr(f.s), L.i32(f.i))), (f) => `andi\t${gr(f.t)},${gr(f.s)},0x${hex(f.i)}`),
    row('li', '001101 00000 ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.i32(f.i)), (f) => `li\t${gr(f.t)},0x${hex(f.i)}`),
    row('ori', '001101 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.bin('or', L.gpr(f.s), L.i32(f.i))), (f) => `ori\t${gr(f.t)},${gr(f.s)},0x${hex(f.i)}`),
    row('xori', '001110 sssss ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.b.bin('xor', L.gpr(f.s), L.i32(f.i))), (f) => `xori\t${gr(f.t)},${gr(f.s)},0x${hex(f.i)}`),
    row('lui', '001111 00000 ttttt iiiiiiiiiiiiiiii', (L, f) => L.setGpr(f.t, L.i32(f.i << 16)), (f) => `lui\t${gr(f.t)},0x${hex(f.i)}`),

    // ---- SPECIAL2 ----
    ...([['madd', 0b000000, true, false], ['maddu', 0b000001, false, false], ['msub', 0b000100, true, true], ['msubu', 0b000101, false, true]] as const).map(([name, funct, signed, sub]) =>
      row(name, `011100 sssss ttttt 00000 00000 ${S(funct)}`, (L, f) => setHiLo(L, L.b.bin(sub ? 'sub' : 'add', hilo(L), product(L, f, signed))), (f) => `${name}\t${gr(f.s)},${gr(f.t)}`)),
    row('mul', '011100 sssss ttttt ddddd 00000 000010', (L, f) => L.setGpr(f.d, L.b.bin('mul', L.gpr(f.s), L.gpr(f.t))), R3('mul')),
    // CLZ/CLO: MIPS32 encodes the destination twice (rd and rt must be equal); like qemu, rd is written.
    row('clz', '011100 sssss ttttt ddddd 00000 100000', (L, f) => L.setGpr(f.d, L.b.un('clz', L.gpr(f.s))), (f) => `clz\t${clDest(f)},${gr(f.s)}`),
    row('clo', '011100 sssss ttttt ddddd 00000 100001', (L, f) => L.setGpr(f.d, L.b.un('clz', L.b.un('not', L.gpr(f.s)))), (f) => `clo\t${clDest(f)},${gr(f.s)}`),

    // ---- SPECIAL3 (Release 2) ----
    row('ext', '011111 sssss ttttt mmmmm lllll 000000', (L, f) => {
      const size = f.m + 1, pos = f.l;
      if (pos + size > 32) return false;
      const B = L.b;
      const v = B.bin('shr_u', L.gpr(f.s), L.i32(pos));
      L.setGpr(f.t, size === 32 ? v : B.bin('and', v, L.i32(size === 32 ? -1 : (2 ** size - 1) | 0)));
    }, (f) => `ext\t${gr(f.t)},${gr(f.s)},0x${hex(f.l)},0x${hex(f.m + 1)}`),
    row('ins', '011111 sssss ttttt mmmmm lllll 000100', (L, f) => {
      const pos = f.l, size = f.m - f.l + 1;
      if (size < 1) return false;
      const B = L.b;
      const field = (size === 32 ? -1 : (2 ** size - 1) << pos) | 0;
      const ins = B.bin('and', B.bin('shl', L.gpr(f.s), L.i32(pos)), L.i32(field));
      L.setGpr(f.t, B.bin('or', B.bin('and', L.gpr(f.t), L.i32(~field)), ins));
    }, (f) => `ins\t${gr(f.t)},${gr(f.s)},0x${hex(f.l)},0x${hex(f.m - f.l + 1)}`),
    row('wsbh', '011111 00000 ttttt ddddd 00010 100000', (L, f) => {
      const B = L.b, v = L.gpr(f.t);
      const hiBytes = B.bin('and', B.bin('shr_u', v, L.i32(8)), L.i32(0x00ff00ff));
      const loBytes = B.bin('and', B.bin('shl', v, L.i32(8)), L.i32(0xff00ff00 | 0));
      L.setGpr(f.d, B.bin('or', hiBytes, loBytes));
    }, (f) => `wsbh\t${gr(f.d)},${gr(f.t)}`),
    row('seb', '011111 00000 ttttt ddddd 10000 100000', (L, f) => L.setGpr(f.d, L.b.un('sext8', L.gpr(f.t))), (f) => `seb\t${gr(f.d)},${gr(f.t)}`),
    row('seh', '011111 00000 ttttt ddddd 11000 100000', (L, f) => L.setGpr(f.d, L.b.un('sext16', L.gpr(f.t))), (f) => `seh\t${gr(f.d)},${gr(f.t)}`),
    row('rdhwr', '011111 00000 ttttt ddddd 00000 111011', (L, f) => {
      switch (f.d) {
        case 0: return L.setGpr(f.t, L.i32(0)); // CPUNum
        case 1: return L.setGpr(f.t, L.i32(32)); // SYNCI_Step: the cache line size SYNCI covers
        case 2: return L.setGpr(f.t, L.call('mips_cycle_count', [], 'i32')); // CC
        case 3: return L.setGpr(f.t, L.i32(2)); // CCRes: CC counts every other cycle
        case 29: return L.setGpr(f.t, L.b.get(SLOT_ULR, 'i32')); // UserLocal (Linux emulates it)
        default: return false;
      }
    }, (f) => `rdhwr\t${gr(f.t)},${HWR_NAMES[f.d] ?? `$${f.d}`}`),

    // ---- loads and stores ----
    row('lb', '100000 sssss ttttt iiiiiiiiiiiiiiii', loadRow(1, true), mem('lb')),
    row('lh', '100001 sssss ttttt iiiiiiiiiiiiiiii', loadRow(2, true), mem('lh')),
    row('lwl', '100010 sssss ttttt iiiiiiiiiiiiiiii', un('lwl'), mem('lwl')),
    row('lw', '100011 sssss ttttt iiiiiiiiiiiiiiii', loadRow(4, true), mem('lw')),
    row('lbu', '100100 sssss ttttt iiiiiiiiiiiiiiii', loadRow(1, false), mem('lbu')),
    row('lhu', '100101 sssss ttttt iiiiiiiiiiiiiiii', loadRow(2, false), mem('lhu')),
    row('lwr', '100110 sssss ttttt iiiiiiiiiiiiiiii', un('lwr'), mem('lwr')),
    row('sb', '101000 sssss ttttt iiiiiiiiiiiiiiii', storeRow(1), mem('sb')),
    row('sh', '101001 sssss ttttt iiiiiiiiiiiiiiii', storeRow(2), mem('sh')),
    row('swl', '101010 sssss ttttt iiiiiiiiiiiiiiii', un('swl'), mem('swl')),
    row('sw', '101011 sssss ttttt iiiiiiiiiiiiiiii', storeRow(4), mem('sw')),
    row('swr', '101110 sssss ttttt iiiiiiiiiiiiiiii', un('swr'), mem('swr')),
    row('ll', '110000 sssss ttttt iiiiiiiiiiiiiiii', liftLL, mem('ll')),
    row('pref', '110011 sssss ttttt iiiiiiiiiiiiiiii', () => {}, (f) => `pref\t0x${hex(f.t)},${simm(f)}(${gr(f.s)})`),
    row('sc', '111000 sssss ttttt iiiiiiiiiiiiiiii', liftSC, mem('sc')),
  ];
}
