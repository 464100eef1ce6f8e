// Disassembler for -d in_asm, printing as `objdump -M no-aliases` does, from the decoder table.
import { type Decoded, type Fields } from './decode.ts';
import { ABI_NAMES, FP_ABI_NAMES } from './state.ts';

const x = (r: number) => ABI_NAMES[r];
const fr = (r: number) => FP_ABI_NAMES[r];
const RM_NAMES = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown', 'dyn'];

/** CSR names of the privileged spec (1.12, with Sstc, Smstateen, Smaia/Ssaia, Zkr, V), as objdump
 *  prints them: runs of consecutive numbers, then the numbered families. Others print in hex. */
const CSR_NAMES: Record<number, string> = {};
for (const [base, names] of [
  [0x001, 'fflags frm fcsr'], [0x008, 'vstart vxsat vxrm'], [0x00f, 'vcsr'], [0x015, 'seed'],
  [0x100, 'sstatus'], [0x104, 'sie stvec scounteren'], [0x10a, 'senvcfg'], [0x10c, 'sstateen0 sstateen1 sstateen2 sstateen3'],
  [0x114, 'sieh'], [0x140, 'sscratch sepc scause stval sip'], [0x14d, 'stimecmp'], [0x150, 'siselect sireg'], [0x154, 'siph'],
  [0x15c, 'stopei stimecmph'], [0x180, 'satp'],
  [0x200, 'vsstatus'], [0x204, 'vsie vstvec'], [0x214, 'vsieh'], [0x240, 'vsscratch vsepc vscause vstval vsip'], [0x24d, 'vstimecmp'],
  [0x250, 'vsiselect vsireg'], [0x254, 'vsiph'], [0x25c, 'vstopei vstimecmph'], [0x280, 'vsatp'],
  [0x300, 'mstatus misa medeleg mideleg mie mtvec mcounteren'], [0x308, 'mvien mvip menvcfg'], [0x30c, 'mstateen0 mstateen1 mstateen2 mstateen3'],
  [0x310, 'mstatush'], [0x313, 'midelegh mieh'], [0x318, 'mvienh mviph menvcfgh'], [0x31c, 'mstateen0h mstateen1h mstateen2h mstateen3h'],
  [0x320, 'mcountinhibit'], [0x340, 'mscratch mepc mcause mtval mip'], [0x34a, 'mtinst mtval2'], [0x350, 'miselect mireg'], [0x354, 'miph'],
  [0x35c, 'mtopei'], [0x5a8, 'scontext'],
  [0x600, 'hstatus'], [0x602, 'hedeleg hideleg hie htimedelta hcounteren hgeie hvien hvictl henvcfg'], [0x60c, 'hstateen0 hstateen1 hstateen2 hstateen3'],
  [0x613, 'hidelegh'], [0x615, 'htimedeltah'], [0x618, 'hvienh'], [0x61a, 'henvcfgh'], [0x61c, 'hstateen0h hstateen1h hstateen2h hstateen3h'],
  [0x643, 'htval hip hvip hviprio1 hviprio2'], [0x64a, 'htinst'], [0x655, 'hviph hviprio1h hviprio2h'], [0x680, 'hgatp'], [0x6a8, 'hcontext'],
  [0x747, 'mseccfg'], [0x757, 'mseccfgh'], [0x7a0, 'tselect tdata1 tdata2 tdata3 tinfo tcontrol'], [0x7a8, 'mcontext'], [0x7aa, 'mscontext'],
  [0x7b0, 'dcsr dpc dscratch0 dscratch1'], [0xb00, 'mcycle'], [0xb02, 'minstret'], [0xb80, 'mcycleh'], [0xb82, 'minstreth'],
  [0xc00, 'cycle time instret'], [0xc20, 'vl vtype vlenb'], [0xc80, 'cycleh timeh instreth'],
  [0xda0, 'scountovf'], [0xdb0, 'stopi'], [0xe12, 'hgeip'], [0xeb0, 'vstopi'], [0xf11, 'mvendorid marchid mimpid mhartid mconfigptr'], [0xfb0, 'mtopi'],
] as const) names.split(' ').forEach((n, i) => (CSR_NAMES[base + i] = n));
for (let n = 3; n < 32; n++) {
  CSR_NAMES[0xc00 + n] = `hpmcounter${n}`;
  CSR_NAMES[0xc80 + n] = `hpmcounter${n}h`;
  CSR_NAMES[0xb00 + n] = `mhpmcounter${n}`;
  CSR_NAMES[0xb80 + n] = `mhpmcounter${n}h`;
  CSR_NAMES[0x320 + n] = `mhpmevent${n}`;
  CSR_NAMES[0x720 + n] = `mhpmevent${n}h`;
}
for (let n = 0; n < 16; n++) CSR_NAMES[0x3a0 + n] = `pmpcfg${n}`;
for (let n = 0; n < 64; n++) CSR_NAMES[0x3b0 + n] = `pmpaddr${n}`;

const csrName = (c: number) => CSR_NAMES[c] ?? `0x${c.toString(16)}`;
const hex = (n: number) => '0x' + (n >>> 0).toString(16);
/** A branch or jump target as objdump prints it: bare hex, 64-bit (a target below 0 wraps). */
const target = (v: number) => (v < 0 ? BigInt.asUintN(64, BigInt(v)) : v).toString(16);
const fenceSet = (v: number) => (['i', 'o', 'r', 'w'].filter((_, i) => v & (8 >> i)).join('') || 'unknown');

function operands(d: Decoded, pc: number): string {
  const f: Fields = d.f;
  const def = d.def;
  const rm = def.hasRm && f.rm !== (def.rmExact ? 0 : 7) ? ',' + RM_NAMES[f.rm] : '';
  if (d.cformat) {
    const isF = def.name === 'fld' || def.name === 'fsd';
    const reg = (r: number) => (isF ? fr(r) : x(r));
    switch (d.cformat) {
      case 'rd_imm': return `${x(f.rd)},${def.format === 'U' ? hex(f.imm >>> 12) : f.imm}`;
      case 'rd_shamt': return `${x(f.rd)},${hex(f.imm)}`;
      case 'rd': return x(f.rd);
      case 'rd_rs2': return `${x(f.rd)},${x(f.rs2)}`;
      case 'rs1': return x(f.rs1);
      case 'none': return '';
      case 'mem': return def.format === 'LOAD' || def.format === 'FLOAD' ? `${reg(f.rd)},${f.imm}(${x(f.rs1)})` : `${reg(f.rs2)},${f.imm}(${x(f.rs1)})`;
      case 'spmem': return def.format === 'LOAD' || def.format === 'FLOAD' ? `${reg(f.rd)},${f.imm}(sp)` : `${reg(f.rs2)},${f.imm}(sp)`;
      case 'addi4spn': return `${x(f.rd)},sp,${f.imm}`;
      case 'addi16sp': return `sp,${f.imm}`;
      case 'branch': return `${x(f.rs1)},${target(pc + f.imm)}`;
      case 'jump': return target(pc + f.imm);
    }
  }
  switch (def.format) {
    case 'R': return `${x(f.rd)},${x(f.rs1)},${x(f.rs2)}`;
    case 'R2': return `${x(f.rd)},${x(f.rs1)}`;
    case 'I': return `${x(f.rd)},${x(f.rs1)},${f.imm}`;
    case 'SHIFT': return `${x(f.rd)},${x(f.rs1)},${hex(f.imm)}`;
    case 'LOAD': return `${x(f.rd)},${f.imm}(${x(f.rs1)})`;
    case 'STORE': return `${x(f.rs2)},${f.imm}(${x(f.rs1)})`;
    case 'B': return `${x(f.rs1)},${x(f.rs2)},${target(pc + f.imm)}`;
    case 'U': return `${x(f.rd)},${hex(f.imm >>> 12)}`;
    case 'J': return `${x(f.rd)},${target(pc + f.imm)}`;
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
  const aqrl = d.def.format === 'AMO' || d.def.format === 'LR' ? (d.f.aq || d.f.rl ? '.' : '') + (d.f.aq ? 'aq' : '') + (d.f.rl ? 'rl' : '') : '';
  const ops = operands(d, pc);
  return ops ? `${name}${aqrl}\t${ops}` : `${name}${aqrl}`;
}
