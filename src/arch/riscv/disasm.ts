// Disassembler for -d in_asm, printing as `objdump -M no-aliases` does, from the decoder table.
import { type Decoded, type Fields } from './decode.ts';
import { ABI_NAMES, FP_ABI_NAMES } from './state.ts';

const x = (r: number) => ABI_NAMES[r];
const fr = (r: number) => FP_ABI_NAMES[r];
const RM_NAMES = ['rne', 'rtz', 'rdn', 'rup', 'rmm', '', '', 'dyn'];
const CSR_NAMES: Record<number, string> = { 1: 'fflags', 2: 'frm', 3: 'fcsr', 0xc00: 'cycle', 0xc01: 'time', 0xc02: 'instret' };
const csrName = (c: number) => CSR_NAMES[c] ?? `0x${c.toString(16)}`;
const hex = (n: number) => '0x' + (n >>> 0).toString(16);
const fenceSet = (v: number) => (['i', 'o', 'r', 'w'].filter((_, i) => v & (8 >> i)).join('') || '0');

function operands(d: Decoded, pc: number): string {
  const f: Fields = d.f;
  const def = d.def;
  const rm = def.hasRm && f.rm !== 7 ? ',' + RM_NAMES[f.rm] : '';
  if (d.cformat) {
    const isF = def.name === 'fld' || def.name === 'fsd';
    const reg = (r: number) => (isF ? fr(r) : x(r));
    switch (d.cformat) {
      case 'rd_imm': return `${x(f.rd)},${def.format === 'U' ? hex(f.imm >>> 12) : f.imm}`;
      case 'rd_rs2': return `${x(f.rd)},${x(f.rs2)}`;
      case 'rs1': return x(f.rs1);
      case 'none': return '';
      case 'mem': return def.format === 'LOAD' || def.format === 'FLOAD' ? `${reg(f.rd)},${f.imm}(${x(f.rs1)})` : `${reg(f.rs2)},${f.imm}(${x(f.rs1)})`;
      case 'spmem': return def.format === 'LOAD' || def.format === 'FLOAD' ? `${reg(f.rd)},${f.imm}(sp)` : `${reg(f.rs2)},${f.imm}(sp)`;
      case 'addi4spn': return `${x(f.rd)},sp,${f.imm}`;
      case 'addi16sp': return `sp,${f.imm}`;
      case 'branch': return `${x(f.rs1)},${hex(pc + f.imm)}`;
      case 'jump': return hex(pc + f.imm);
    }
  }
  switch (def.format) {
    case 'R': return `${x(f.rd)},${x(f.rs1)},${x(f.rs2)}`;
    case 'R2': return `${x(f.rd)},${x(f.rs1)}`;
    case 'I': return `${x(f.rd)},${x(f.rs1)},${f.imm}`;
    case 'SHIFT': return `${x(f.rd)},${x(f.rs1)},${hex(f.imm)}`;
    case 'LOAD': return `${x(f.rd)},${f.imm}(${x(f.rs1)})`;
    case 'STORE': return `${x(f.rs2)},${f.imm}(${x(f.rs1)})`;
    case 'B': return `${x(f.rs1)},${x(f.rs2)},${hex(pc + f.imm)}`;
    case 'U': return `${x(f.rd)},${hex(f.imm >>> 12)}`;
    case 'J': return `${x(f.rd)},${hex(pc + f.imm)}`;
    case 'JALR': return `${x(f.rd)},${f.imm}(${x(f.rs1)})`;
    case 'CSR': return `${x(f.rd)},${csrName(f.csr)},${x(f.rs1)}`;
    case 'CSRI': return `${x(f.rd)},${csrName(f.csr)},${f.imm}`;
    case 'FENCE': return `${fenceSet(f.imm >> 4)},${fenceSet(f.imm & 15)}`;
    case 'NONE': return '';
    case 'AMO': return `${x(f.rd)},${x(f.rs2)},(${x(f.rs1)})`;
    case 'LR': return `${x(f.rd)},(${x(f.rs1)})`;
    case 'FR': return `${fr(f.rd)},${fr(f.rs1)},${fr(f.rs2)}${rm}`;
    case 'FR4': return `${fr(f.rd)},${fr(f.rs1)},${fr(f.rs2)},${fr(f.rs3)}${rm}`;
    case 'FR1': {
      const [a, b] = def.regs ?? 'ff';
      return `${a === 'x' ? x(f.rd) : fr(f.rd)},${b === 'x' ? x(f.rs1) : fr(f.rs1)}${rm}`;
    }
    case 'FCMP': return `${x(f.rd)},${fr(f.rs1)},${fr(f.rs2)}`;
    case 'FLOAD': return `${fr(f.rd)},${f.imm}(${x(f.rs1)})`;
    case 'FSTORE': return `${fr(f.rs2)},${f.imm}(${x(f.rs1)})`;
  }
}

export function formatInsn(d: Decoded, pc: number): string {
  const name = d.cname ?? d.def.name;
  const aqrl = d.def.format === 'AMO' || d.def.format === 'LR' ? (d.f.aq ? '.aq' : '') + (d.f.rl ? '.rl' : '') : '';
  const ops = operands(d, pc);
  return ops ? `${name}${aqrl}\t${ops}` : `${name}${aqrl}`;
}
