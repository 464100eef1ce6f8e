#!/usr/bin/env node
// Generates test/fixtures/riscv-objdump/rv64gc-zba-zbb.txt: the oracle for the RV64GC+Zba/Zbb
// decoder and disassembler (src/arch/riscv/decode.ts, disasm.ts; DESIGN.md 7).
//
// The assembly file covers every instruction of the decoder table with several operand variants
// (register extremes, immediate extremes, every rounding mode, aq/rl, fence sets, CSR numbers) and
// every compressed form, plus encodings that must decode as illegal and a few that objdump does not
// decode but the ISA (and qemu) execute. It is assembled with the cross binutils, linked at
// 0x10000 so branch targets are ordinary addresses, and disassembled with `objdump -d -M no-aliases`
// (ABI register names, as disasm.ts prints them). The .txt fixture holds one line per instruction:
//
//   kind <TAB> address <TAB> raw <TAB> objdump text
//
// kind is `insn` (decode must succeed and print exactly the objdump text), `illegal` (decode must
// return undefined) or `lenient:<mnemonic>` (objdump 2.40 prints .4byte, but the ISA and qemu
// execute it as <mnemonic>). Lines starting with # are comments; a `# note` line explains the entry
// below it. raw is as objdump prints it (4 or 8 hex digits; 16-bit chunks for longer encodings).
//
// Usage: node scripts/gen-riscv-decoder-fixtures.mjs [--check] [--asm FILE] [--fuzz N]
//   --check   write nothing; exit 1 if the committed fixture differs from a fresh one
//   --asm F   also write the generated assembly source to F
//   --fuzz N  write nothing; compare decode+formatInsn (bundled with esbuild) with objdump on all
//             16-bit encodings and N random 32-bit words (default 200000), printing the differences
//             (expected ones: the `lenient` forms below, and c.addi16sp sp,0, which objdump decodes
//             although the ISA reserves it)
// Environment: CROSS (tool prefix, default riscv64-linux-gnu-).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test/fixtures/riscv-objdump');
const CROSS = process.env.CROSS ?? 'riscv64-linux-gnu-';
const MARCH = 'rv64gc_zba_zbb';
// CSR names follow the privileged spec the object's attributes name; 1.12 (the current one, which
// dropped the N extension's ustatus/uie/...) is what disasm.ts prints.
const PRIV_SPEC = '1.12';
const TEXT_BASE = 0x10000;

// ---- the instruction list ----------------------------------------------------------------------

/** @type {{kind: string, asm: string, rvc: boolean, note?: string, keep?: (text: string) => boolean}[]} */
const items = [];
const add = (asm, opts = {}) => items.push({ kind: 'insn', rvc: false, ...opts, asm });
const addC = (asm, opts = {}) => add(asm, { rvc: true, ...opts });
const hex = (n) => '0x' + (n >>> 0).toString(16);
const raw32 = (w, opts) => add(`.insn 4, ${hex(w)}`, opts);
const raw16 = (w, opts) => add(`.insn 2, ${hex(w)}`, { rvc: true, ...opts });

const X = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];
const F = ['ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11'];
const RM = ['rne', 'rtz', 'rdn', 'rup', 'rmm', undefined, undefined, 'dyn'];
/** Register triples: all x0, all x31, and two mixed ones. */
const REG3 = [[0, 0, 0], [31, 31, 31], [1, 2, 3], [10, 27, 28]];

// Jumps first, while the address is small: a jal 1 MiB back wraps below 0 (objdump prints 64 bits).
add('jal ra,.-1048576');
add('jal zero,.+1048574');
add('jal t6,.');
add('jal ra,.+2');
add('jal a0,.-2');
for (const [rd, rs1, imm] of [[0, 1, 0], [1, 31, -2048], [31, 0, 2047], [10, 10, -1]]) add(`jalr ${X[rd]},${imm}(${X[rs1]})`);
for (const b of ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu']) {
  for (const [a, c, off] of [[0, 0, '.-4096'], [31, 31, '.+4094'], [10, 11, '.'], [1, 0, '.+2'], [0, 31, '.-2']]) add(`${b} ${X[a]},${X[c]},${off}`);
}
for (const op of ['lui', 'auipc']) for (const [rd, imm] of [[0, 0], [31, 0xfffff], [10, 0x80000], [1, 0x7ffff], [2, 1]]) add(`${op} ${X[rd]},${hex(imm)}`);

for (const op of ['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu']) {
  for (const [rd, rs1, imm] of [[0, 0, 0], [31, 31, -2048], [10, 2, 2047], [1, 10, -1]]) add(`${op} ${X[rd]},${imm}(${X[rs1]})`);
}
for (const op of ['sb', 'sh', 'sw', 'sd']) {
  for (const [rs2, rs1, imm] of [[0, 0, 0], [31, 31, -2048], [10, 2, 2047], [1, 10, -1]]) add(`${op} ${X[rs2]},${imm}(${X[rs1]})`);
}
for (const op of ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw']) {
  for (const [rd, rs1, imm] of [[0, 0, 0], [31, 31, -2048], [10, 11, 2047], [1, 2, -1], [5, 6, 1]]) add(`${op} ${X[rd]},${X[rs1]},${imm}`);
}
for (const op of ['slli', 'srli', 'srai', 'rori', 'slli.uw']) {
  for (const [rd, rs1, sh] of [[0, 0, 0], [31, 31, 63], [10, 11, 1], [1, 2, 32], [5, 6, 31]]) add(`${op} ${X[rd]},${X[rs1]},${sh}`);
}
for (const op of ['slliw', 'srliw', 'sraiw', 'roriw']) {
  for (const [rd, rs1, sh] of [[0, 0, 0], [31, 31, 31], [10, 11, 1], [1, 2, 16]]) add(`${op} ${X[rd]},${X[rs1]},${sh}`);
}
const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
  'addw', 'subw', 'sllw', 'srlw', 'sraw',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'mulw', 'divw', 'divuw', 'remw', 'remuw',
  'sh1add', 'sh2add', 'sh3add', 'add.uw', 'sh1add.uw', 'sh2add.uw', 'sh3add.uw',
  'andn', 'orn', 'xnor', 'max', 'maxu', 'min', 'minu', 'rol', 'ror', 'rolw', 'rorw'];
for (const op of R_OPS) for (const [a, b, c] of REG3) add(`${op} ${X[a]},${X[b]},${X[c]}`);
for (const op of ['clz', 'ctz', 'cpop', 'clzw', 'ctzw', 'cpopw', 'sext.b', 'sext.h', 'zext.h', 'orc.b', 'rev8']) {
  for (const [a, b] of REG3) add(`${op} ${X[a]},${X[b]}`);
}

// fence: every predecessor set with succ=iorw and every successor set with pred=iorw (an empty set
// cannot be written in assembly, so these are raw words), plus the usual forms.
for (let s = 0; s < 16; s++) raw32((0xf << 24) | (s << 20) | 0x0f);
for (let p = 0; p < 16; p++) if (p !== 0xf) raw32((p << 24) | (0xf << 20) | 0x0f);
add('fence rw,w');
add('fence r,rw');
add('fence.tso');
add('fence.i');
add('ecall');
add('ebreak');
add('unimp');

// Zicsr: the user CSRs with register extremes, then csrrs over the whole CSR space (the fixture
// keeps the numbers objdump names plus one unnamed number per 256).
const USER_CSRS = ['fflags', 'frm', 'fcsr', 'cycle', 'time', 'instret', '0x0', '0xfff', '0x7ff'];
for (const op of ['csrrw', 'csrrs', 'csrrc']) {
  for (const [i, csr] of USER_CSRS.entries()) {
    const [rd, rs1] = [[0, 0], [31, 31], [10, 11]][i % 3];
    add(`${op} ${X[rd]},${csr},${X[rs1]}`);
  }
}
for (const op of ['csrrwi', 'csrrsi', 'csrrci']) {
  for (const [i, csr] of USER_CSRS.entries()) {
    const [rd, imm] = [[0, 0], [31, 31], [10, 17]][i % 3];
    add(`${op} ${X[rd]},${csr},${imm}`);
  }
}
for (let c = 0; c < 4096; c++) {
  add(`csrrs a0,${hex(c)},zero`, { keep: (text) => !/,0x[0-9a-f]+,zero$/.test(text) || (c & 0xff) === 0x7f });
}

// A
for (const w of ['w', 'd']) {
  const ords = ['', '.aq', '.rl', '.aqrl'];
  ords.forEach((o, i) => {
    const [rd, rs1] = [[0, 0], [31, 31], [10, 11], [1, 2]][i];
    add(`lr.${w}${o} ${X[rd]},(${X[rs1]})`);
  });
  for (const op of ['sc', 'amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu']) {
    ords.forEach((o, i) => {
      const [rd, rs2, rs1] = REG3[i];
      add(`${op}.${w}${o} ${X[rd]},${X[rs2]},(${X[rs1]})`);
    });
  }
}

// F and D
for (const [s, mem] of [['s', 'w'], ['d', 'd']]) {
  for (const [fd, rs1, imm] of [[0, 0, 0], [31, 31, -2048], [10, 2, 2047], [1, 10, -1]]) {
    add(`fl${mem} ${F[fd]},${imm}(${X[rs1]})`);
    add(`fs${mem} ${F[fd]},${imm}(${X[rs1]})`);
  }
  const fmt = s === 's' ? 0 : 1;
  // Every rounding mode; 5 and 6 are reserved (objdump prints "unknown", the lifter raises SIGILL)
  // and cannot be written in assembly, so they are .insn r / r4 with the same operation bits.
  const withRm = (mn, f7, ops, regs) => {
    for (let rm = 0; rm < 8; rm++) {
      const [a, b, c, d] = [[0, 0, 0, 0], [31, 31, 31, 31], [1, 2, 3, 4], [10, 27, 28, 31]][rm % 4];
      const r = [a, b, c, d].map((v, k) => (regs[k] === 'x' ? X[v] : regs[k] === 'n' ? null : F[v]));
      if (RM[rm]) add(`${mn} ${r.filter((v) => v).slice(0, ops).join(',')},${RM[rm]}`);
      else if (ops === 4) add(`.insn r4 0x${(0x43 + 4 * ['fmadd', 'fmsub', 'fnmsub', 'fnmadd'].indexOf(mn.slice(0, -2))).toString(16)}, ${rm}, ${fmt}, ${r.join(', ')}`);
      else add(`.insn r 0x53, ${rm}, ${hex(f7.f7)}, ${r[0]}, ${r[1]}, ${regs[2] === 'n' ? X[f7.rs2] : r[2]}`);
    }
  };
  for (const op of ['fmadd', 'fmsub', 'fnmsub', 'fnmadd']) withRm(`${op}.${s}`, null, 4, 'ffff');
  ['fadd', 'fsub', 'fmul', 'fdiv'].forEach((op, i) => withRm(`${op}.${s}`, { f7: (i << 2) | fmt }, 3, 'fff'));
  withRm(`fsqrt.${s}`, { f7: 0x2c | fmt, rs2: 0 }, 2, 'ffn');
  ['w', 'wu', 'l', 'lu'].forEach((t, i) => {
    withRm(`fcvt.${t}.${s}`, { f7: 0x60 | fmt, rs2: i }, 2, 'xfn');
    // int -> double is exact for 32-bit sources: no rounding-mode operand (objdump 2.40 decodes rm=0 only)
    if (s === 'd' && i < 2) add(`fcvt.${s}.${t} ${F[31]},${X[31]}`), add(`fcvt.${s}.${t} ${F[0]},${X[0]}`), add(`fcvt.${s}.${t} ${F[10]},${X[11]}`);
    else withRm(`fcvt.${s}.${t}`, { f7: 0x68 | fmt, rs2: i }, 2, 'fxn');
  });
  for (const op of ['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax']) for (const [a, b, c] of REG3) add(`${op}.${s} ${F[a]},${F[b]},${F[c]}`);
  for (const op of ['feq', 'flt', 'fle']) for (const [a, b, c] of REG3) add(`${op}.${s} ${X[a]},${F[b]},${F[c]}`);
  for (const [a, b] of REG3) {
    add(`fmv.x.${mem} ${X[a]},${F[b]}`);
    add(`fmv.${mem}.x ${F[a]},${X[b]}`);
    add(`fclass.${s} ${X[a]},${F[b]}`);
  }
}
for (let rm = 0; rm < 8; rm++) {
  const r = [[0, 0], [31, 31], [1, 2], [10, 27]][rm % 4];
  if (RM[rm]) add(`fcvt.s.d ${F[r[0]]},${F[r[1]]},${RM[rm]}`);
  else add(`.insn r 0x53, ${rm}, 0x20, ${F[r[0]]}, ${F[r[1]]}, ra`); // rs2=1 selects the double source
}
for (const [a, b] of [[0, 0], [31, 31], [10, 27]]) add(`fcvt.d.s ${F[a]},${F[b]}`);

// ---- compressed: every form decode16 produces --------------------------------------------------

for (const [rd, imm] of [[8, 4], [15, 1020], [10, 512]]) addC(`c.addi4spn ${X[rd]},sp,${imm}`);
for (const [op, regs, scale] of [['c.fld', F, 8], ['c.lw', X, 4], ['c.ld', X, 8], ['c.fsd', F, 8], ['c.sw', X, 4], ['c.sd', X, 8]]) {
  for (const [r, base, k] of [[8, 8, 0], [15, 15, 31], [10, 11, 1]]) addC(`${op} ${regs[r]},${k * scale}(${X[base]})`);
}
for (const [rd, imm] of [[10, -32], [31, 31], [1, 1], [0, 0], [0, 5], [10, 0]]) addC(`c.addi ${X[rd]},${imm}`);
addC('c.nop');
for (const [rd, imm] of [[10, -32], [31, 31], [1, 0]]) addC(`c.addiw ${X[rd]},${imm}`);
for (const [rd, imm] of [[0, 5], [10, -32], [31, 31], [1, 0]]) addC(`c.li ${X[rd]},${imm}`);
for (const imm of [-512, 496, 16]) addC(`c.addi16sp sp,${imm}`);
for (const [rd, imm] of [[10, 1], [31, 0x1f], [1, 0xfffe0], [8, 0xfffff], [0, 1], [3, 0x10]]) addC(`c.lui ${X[rd]},${hex(imm)}`);
for (const op of ['c.srli', 'c.srai']) {
  for (const [rd, sh] of [[8, 1], [15, 63], [10, 32], [9, 31]]) addC(`${op} ${X[rd]},${sh}`);
  for (const rd of [8, 15]) addC(`${op}64 ${X[rd]}`);
}
for (const [rd, imm] of [[8, -32], [15, 31], [10, 0]]) addC(`c.andi ${X[rd]},${imm}`);
for (const op of ['c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw']) for (const [a, b] of [[8, 8], [15, 15], [8, 15], [10, 11]]) addC(`${op} ${X[a]},${X[b]}`);
for (const off of ['.-2048', '.+2046', '.', '.+2']) addC(`c.j ${off}`);
for (const op of ['c.beqz', 'c.bnez']) for (const [r, off] of [[8, '.-256'], [15, '.+254'], [10, '.'], [9, '.-2']]) addC(`${op} ${X[r]},${off}`);
for (const [rd, sh] of [[10, 1], [31, 63], [0, 3], [1, 32]]) addC(`c.slli ${X[rd]},${sh}`);
for (const rd of [10, 0, 31]) addC(`c.slli64 ${X[rd]}`);
for (const [op, regs, max] of [['c.fldsp', F, 504], ['c.lwsp', X, 252], ['c.ldsp', X, 504], ['c.fsdsp', F, 504], ['c.swsp', X, 252], ['c.sdsp', X, 504]]) {
  const first = op === 'c.lwsp' || op === 'c.ldsp' ? 1 : 0; // rd=0 is reserved for these two
  for (const [r, imm] of [[first, 0], [31, max], [10, 8]]) addC(`${op} ${regs[r]},${imm}(sp)`);
}
for (const r of [1, 31, 10]) addC(`c.jr ${X[r]}`);
for (const r of [1, 31, 10]) addC(`c.jalr ${X[r]}`);
for (const op of ['c.mv', 'c.add']) for (const [a, b] of [[10, 11], [31, 1], [0, 10], [1, 31]]) addC(`${op} ${X[a]},${X[b]}`);
addC('c.ebreak');

// ---- encodings that must not decode -------------------------------------------------------------

const ill16 = (w, note) => raw16(w, { kind: 'illegal', note });
const ill32 = (w, note) => raw32(w, { kind: 'illegal', note });
ill16(0x0000, 'all-zero halfword: defined illegal (c.unimp)');
ill16(0x0008, 'c.addi4spn with nzuimm=0 is reserved');
ill16(0x001c, 'c.addi4spn with nzuimm=0 is reserved (rd=a5)');
ill16(0x6101, 'c.addi16sp with nzimm=0 is reserved (objdump still decodes it; qemu raises SIGILL)');
ill16(0x6501, 'c.lui with nzimm=0 is reserved (rd=a0)');
ill16(0x6081, 'c.lui with nzimm=0 is reserved (rd=ra)');
ill16(0x2001, 'c.addiw with rd=0 is reserved');
ill16(0x307d, 'c.addiw with rd=0 is reserved (imm -1)');
ill16(0x4002, 'c.lwsp with rd=0 is reserved');
ill16(0x6002, 'c.ldsp with rd=0 is reserved');
ill16(0x707e, 'c.ldsp with rd=0 is reserved (max offset)');
ill16(0x8002, 'c.jr with rs1=0 is reserved');
ill16(0x8000, 'quadrant 0 funct3=100 is reserved');
ill16(0x9c41, 'CA-format funct6=100111 funct2=10 is reserved on RV64');
ill16(0x9c61, 'CA-format funct6=100111 funct2=11 is reserved on RV64');
ill32(0x0000000b, 'custom-0 major opcode');
ill32(0x0000002b, 'custom-1 major opcode');
ill32(0x00000057, 'OP-V: no vector extension');
ill32(0x0000005b, 'custom-2 major opcode');
ill32(0x0000006b, 'reserved major opcode');
ill32(0x00000077, 'reserved major opcode (OP-P)');
ill32(0x0000007b, 'custom-3 major opcode');
ill32(0x0000201b, 'OP-IMM-32 funct3=010 is unassigned');
ill32(0x04000033, 'OP funct7=0000010 is unassigned');
ill32(0x0200101b, 'slliw with shamt[5] set is reserved');
ill32(0x0200501b, 'srliw with shamt[5] set is reserved');
ill32(0x4200501b, 'sraiw with shamt[5] set is reserved');
ill32(0x0600501b, 'roriw with shamt[5] set is reserved');
ill32(0x1010252f, 'lr.w with rs2!=0 is reserved');
ill32(0x0000002f, 'AMO funct3=000 (Zabha amoadd.b) is not implemented');
ill32(0xf000302f, 'AMO funct5=11110 is unassigned');
ill32(0x000000f3, 'ecall with rd!=0 is reserved');
ill32(0x00200073, 'uret (removed from the ISA)');
ill32(0x10500073, 'wfi: privileged, SIGILL in user mode');
ill32(0x10200073, 'sret: privileged, SIGILL in user mode');
ill32(0x30200073, 'mret: privileged, SIGILL in user mode');
ill32(0x12000073, 'sfence.vma: privileged, SIGILL in user mode');
ill32(0x7b200073, 'dret: debug mode only');
ill32(0x0000c073, 'SYSTEM funct3=100 (Zimop/hypervisor loads) is not implemented');
ill32(0x58100053, 'fsqrt.s with rs2!=0 is reserved');
ill32(0xe0002053, 'fmv.x.w with funct3=010 is unassigned');
ill32(0xc0400053, 'fcvt.w.s with rs2=4 is unassigned');
ill32(0x40000053, 'fcvt.s.s (rs2=0 in the fcvt.s.d encoding) is unassigned');
ill32(0x42100053, 'fcvt.d.d (rs2=1 in the fcvt.d.s encoding) is unassigned');
ill32(0x04000053, 'fadd.h: no Zfh');
ill32(0x06000053, 'fadd.q: no Q');
ill32(0x04000043, 'fmadd.h: no Zfh');
ill32(0x00001007, 'flh: no Zfh');
ill32(0x00004007, 'flq: no Q');
ill32(0x00001027, 'fsh: no Zfh');
ill32(0x0010200f, 'cbo.clean: no Zicbom');
ill32(0x28001033, 'bset: no Zbs');
ill32(0x0a001033, 'clmul: no Zbc');
ill32(0x0e005033, 'czero.eqz: no Zicond');
ill32(0x0810403b, 'packw (zext.h with rs2!=0): no Zbkb');
ill32(0x69805013, 'rev8 with the RV32 encoding is reserved on RV64');
ill32(0x60301013, 'OP-IMM funct12=0x603 is unassigned');
ill32(0x6000201b, 'clzw encoding with funct3=010 is unassigned');
add('.insn 6, 0x00000000001f', { kind: 'illegal', rvc: true, note: '48-bit encoding: none defined' });

// ---- encodings objdump 2.40 does not decode, but the ISA and qemu execute ------------------------

const len32 = (name, w, note) => raw32(w, { kind: `lenient:${name}`, note });
len32('fence', 0x4ff0000f, 'fence with a reserved fm: the ISA says execute as an ordinary fence (qemu does)');
len32('fence', 0x0ff5800f, 'fence with rs1!=0: reserved for future use, executed as a fence (qemu does)');
len32('fence', 0x0ff00f8f, 'fence with rd!=0: reserved for future use, executed as a fence (qemu does)');
len32('fence', 0x8330008f, 'fence.tso with rd!=0: executed as a fence (qemu does)');
len32('fence.i', 0x0000128f, 'fence.i with rd!=0: the fields are ignored (qemu does)');
len32('fence.i', 0xfff5900f, 'fence.i with imm and rs1 != 0: the fields are ignored (qemu does)');
for (const [rm, name] of [[1, 'rtz'], [4, 'rmm'], [7, 'dyn'], [5, 'reserved rm: decodes, the lifter raises SIGILL']]) {
  len32('fcvt.d.w', 0xd2000053 | (rm << 12) | (10 << 7) | (11 << 15), `fcvt.d.w with rm=${rm} (${name}); exact, any valid rm executes (qemu does)`);
}
len32('fcvt.d.wu', 0xd2100053 | (3 << 12), 'fcvt.d.wu with rm=3 (rup); exact, any valid rm executes (qemu does)');
len32('fcvt.d.s', 0x42000053 | (7 << 12), 'fcvt.d.s with rm=7 (dyn); exact, any valid rm executes (qemu does)');
len32('fcvt.d.s', 0x42000053 | (6 << 12), 'fcvt.d.s with rm=6: decodes, the lifter raises SIGILL');

// ---- assemble, disassemble, write ----------------------------------------------------------------

function assembly() {
  const lines = ['# generated by scripts/gen-riscv-decoder-fixtures.mjs; one instruction per item', '\t.option norelax', '\t.text', '\t.globl _start', '_start:'];
  let rvc = null;
  for (const it of items) {
    if (it.rvc !== rvc) lines.push(it.rvc ? '\t.option rvc' : '\t.option norvc'), (rvc = it.rvc);
    lines.push(`\t${it.asm}`);
  }
  return lines.join('\n') + '\n';
}

function tool(name, args) {
  return execFileSync(`${CROSS}${name}`, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Assembles `src`, links it at TEXT_BASE, returns objdump's instruction lines as {addr, raw, text}. */
function objdump(src, march = MARCH) {
  const dir = mkdtempSync(join(tmpdir(), 'rvfix-'));
  try {
    writeFileSync(join(dir, 'a.s'), src);
    tool('as', [`-march=${march}`, `-mpriv-spec=${PRIV_SPEC}`, '-mno-relax', '-o', join(dir, 'a.o'), join(dir, 'a.s')]);
    tool('ld', ['-Ttext', hex(TEXT_BASE), '-e', '_start', '-o', join(dir, 'a.elf'), join(dir, 'a.o')]);
    const out = tool('objdump', ['-d', '-M', 'no-aliases', join(dir, 'a.elf')]);
    const rows = [];
    for (const line of out.split('\n')) {
      const m = /^ *([0-9a-f]+):\t((?:[0-9a-f]{4} )*[0-9a-f]{4,8}) *\t(.*)$/.exec(line);
      if (!m) continue;
      // Symbolic decoration objdump adds: "<sym+off>" after targets and "# address" comments.
      const text = m[3].replace(/\s*#.*$/, '').replace(/ <[^>]*>$/, '').trimEnd();
      rows.push({ addr: m[1], raw: m[2].trim(), text });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fixture() {
  const rows = objdump(assembly());
  if (rows.length !== items.length) throw new Error(`objdump printed ${rows.length} instructions for ${items.length} items`);
  const version = tool('objdump', ['--version']).split('\n')[0];
  const out = [
    '# RV64GC+Zba/Zbb decoder oracle, generated by scripts/gen-riscv-decoder-fixtures.mjs; do not edit.',
    `# ${version}: as -march=${MARCH} -mpriv-spec=${PRIV_SPEC} -mno-relax, ld -Ttext ${hex(TEXT_BASE)}, objdump -d -M no-aliases`,
    '# kind <TAB> address <TAB> raw <TAB> objdump text (" <sym>" and "# ..." decorations removed)',
    '# kind: insn = must decode and print the same text; illegal = must not decode;',
    '#       lenient:<name> = objdump does not decode it, the ISA and qemu execute it as <name>',
  ];
  rows.forEach((r, i) => {
    const it = items[i];
    if (it.keep && !it.keep(r.text)) return;
    if (it.note) out.push(`# ${it.note}`);
    out.push(`${it.kind}\t${r.addr}\t${r.raw}\t${r.text}`);
  });
  return out.join('\n') + '\n';
}

async function fuzz(n) {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'rvfuzz-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, `export { decode } from '${join(root, 'src/arch/riscv/decode.ts')}';\nexport { formatInsn } from '${join(root, 'src/arch/riscv/disasm.ts')}';\n`);
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'dis.mjs'), logLevel: 'warning' });
    const { decode, formatInsn } = await import(pathToFileURL(join(dir, 'dis.mjs')).href);
    const words = [];
    for (let i = 0; i < 0x10000; i++) if ((i & 3) !== 3) words.push(`.insn 2, ${hex(i)}`);
    for (let k = 0; k < n; k++) {
      let w = (Math.random() * 0x100000000) >>> 0;
      w = (w | 3) >>> 0;
      if ((w & 0x1c) === 0x1c) w ^= 0x10;
      words.push(`.insn 4, ${hex(w)}`);
    }
    const rows = objdump(['\t.option norelax', '\t.option rvc', '\t.text', '\t.globl _start', '_start:', ...words.map((w) => `\t${w}`)].join('\n') + '\n');
    let ok = 0;
    const bad = new Map();
    for (const r of rows) {
      const v = parseInt(r.raw.replace(' ', ''), 16);
      const d = r.raw.length === 4 ? decode(v, 0) : decode(v & 0xffff, v >>> 16);
      const exp = r.text.replace(/^(\S+)\s+/, '$1 ');
      const objdumpRejects = /^(\.2byte|\.4byte|c\.unimp)\b/.test(exp);
      const got = d ? formatInsn(d, parseInt(r.addr, 16)).replace(/^(\S+)\s+/, '$1 ') : '(illegal)';
      if ((objdumpRejects && !d) || got === exp) {
        ok++;
        continue;
      }
      const key = `${exp.split(' ')[0]} -> ${got.split(' ')[0]}`;
      if (!bad.has(key)) bad.set(key, []);
      bad.get(key).push(`${r.raw}: objdump [${exp}] ours [${got}]`);
    }
    console.log(`${ok} of ${rows.length} encodings agree`);
    for (const [k, v] of bad) console.log(`${k}: ${v.length}\n  ${v.slice(0, 3).join('\n  ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args.includes('--fuzz')) {
  const n = Number(args[args.indexOf('--fuzz') + 1]);
  await fuzz(Number.isFinite(n) && n > 0 ? n : 200000);
} else {
  const s = assembly();
  const txt = fixture();
  const files = { 'rv64gc-zba-zbb.txt': txt };
  if (args.includes('--asm')) writeFileSync(args[args.indexOf('--asm') + 1], s);
  if (args.includes('--check')) {
    let same = true;
    for (const [name, body] of Object.entries(files)) {
      let old = '';
      try {
        old = readFileSync(join(outDir, name), 'utf8');
      } catch {}
      if (old !== body) console.log(`${name} differs`), (same = false);
    }
    process.exit(same ? 0 : 1);
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(outDir, name), body);
  console.log(`wrote ${txt.split('\n').filter((l) => l && !l.startsWith('#')).length} fixture lines to ${outDir}`);
}
