// RV64GC + Zba/Zbb decoder tables: one row per instruction (mnemonic as objdump prints it with
// -M no-aliases, mask, match, operand format). The lifter (lift.ts) gives each mnemonic its
// semantics and the disassembler (disasm.ts) prints the format; both read only this table.
// Compressed instructions decode through their own table into the same Fields plus the name of
// the base instruction they expand to.

/** Operand formats; each names both the field extraction and the printed operand list. */
export type Format =
  | 'R' // rd, rs1, rs2
  | 'R2' // rd, rs1 (rs2 fixed by the encoding)
  | 'I' // rd, rs1, imm
  | 'SHIFT' // rd, rs1, shamt
  | 'LOAD' // rd, imm(rs1)
  | 'STORE' // rs2, imm(rs1)
  | 'B' // rs1, rs2, target
  | 'U' // rd, imm20
  | 'J' // rd, target
  | 'JALR' // rd, imm(rs1)
  | 'CSR' // rd, csr, rs1
  | 'CSRI' // rd, csr, uimm
  | 'FENCE' // pred, succ
  | 'NONE'
  | 'AMO' // rd, rs2, (rs1)
  | 'LR' // rd, (rs1)
  | 'FR' // fd, fs1, fs2 [, rm]
  | 'FR4' // fd, fs1, fs2, fs3 [, rm]
  | 'FR1' // fd, fs1 [, rm]  (sqrt, conversions; operand register files from `regs`)
  | 'FCMP' // rd, fs1, fs2
  | 'FLOAD' // fd, imm(rs1)
  | 'FSTORE'; // fs2, imm(rs1)

/** Which register file each operand of a FR1 row uses: 'x' integer, 'f' float. */
export type RegFiles = `${'x' | 'f'}${'x' | 'f'}`;

export interface InsnDef {
  name: string;
  mask: number;
  match: number;
  format: Format;
  /** For FR1: register files of (rd, rs1). */
  regs?: RegFiles;
  /** FP instructions with a rounding-mode field. */
  hasRm?: boolean;
  /** Exact conversions (fcvt.d.w, fcvt.d.wu, fcvt.d.s): rm cannot change the result. objdump
   *  omits the rm operand when it is rne (0) here, where other rows omit it when it is dyn (7). */
  rmExact?: boolean;
}

export interface Fields {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  imm: number; // sign-extended where the format is signed (a JS number; fits 32 bits)
  rm: number;
  csr: number;
  aq: boolean;
  rl: boolean;
}

export interface Decoded {
  def: InsnDef;
  f: Fields;
  length: 2 | 4;
  raw: number;
  /** For compressed instructions, the objdump name of the 16-bit form (c.addi ...). */
  cname?: string;
  cformat?: CFormat;
}

const defs: InsnDef[] = [];
const row = (name: string, mask: number, match: number, format: Format, extra: Partial<InsnDef> = {}) =>
  defs.push({ name, mask: mask | 0, match: match | 0, format, ...extra });

// Masks of the common shapes.
const OPC = 0x7f;
const F3 = 0x707f;
const F7 = 0xfe00707f;
const F6 = 0xfc00707f;

// RV64I
row('lui', OPC, 0x37, 'U');
row('auipc', OPC, 0x17, 'U');
row('jal', OPC, 0x6f, 'J');
row('jalr', F3, 0x67, 'JALR');
(['beq', 'bne', , , 'blt', 'bge', 'bltu', 'bgeu'] as const).forEach((n, i) => n && row(n, F3, 0x63 | (i << 12), 'B'));
(['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'] as const).forEach((n, i) => row(n, F3, 0x03 | (i << 12), 'LOAD'));
(['sb', 'sh', 'sw', 'sd'] as const).forEach((n, i) => row(n, F3, 0x23 | (i << 12), 'STORE'));
row('addi', F3, 0x13, 'I');
row('slti', F3, 0x2013, 'I');
row('sltiu', F3, 0x3013, 'I');
row('xori', F3, 0x4013, 'I');
row('ori', F3, 0x6013, 'I');
row('andi', F3, 0x7013, 'I');
row('slli', F6, 0x1013, 'SHIFT');
row('srli', F6, 0x5013, 'SHIFT');
row('srai', F6, 0x40005013, 'SHIFT');
(['add', 'sll', 'slt', 'sltu', 'xor', 'srl', 'or', 'and'] as const).forEach((n, i) => row(n, F7, 0x33 | (i << 12), 'R'));
row('sub', F7, 0x40000033, 'R');
row('sra', F7, 0x40005033, 'R');
row('addiw', F3, 0x1b, 'I');
row('slliw', F7, 0x101b, 'SHIFT');
row('srliw', F7, 0x501b, 'SHIFT');
row('sraiw', F7, 0x4000501b, 'SHIFT');
row('addw', F7, 0x3b, 'R');
row('subw', F7, 0x4000003b, 'R');
row('sllw', F7, 0x103b, 'R');
row('srlw', F7, 0x503b, 'R');
row('sraw', F7, 0x4000503b, 'R');
row('fence', 0xf00fffff, 0x0000000f, 'FENCE');
row('fence.tso', 0xffffffff, 0x8330000f, 'NONE');
row('fence', F3, 0x0f, 'FENCE'); // other pred/succ/fm values: still a fence
row('fence.i', F3, 0x100f, 'NONE');
row('ecall', 0xffffffff, 0x73, 'NONE');
row('ebreak', 0xffffffff, 0x100073, 'NONE');
// csrrw zero,cycle,zero: the canonical unimplemented instruction (writing a read-only CSR traps).
// objdump prints it as unimp even with -M no-aliases; the lifter gives it no semantics, so it
// takes the SIGILL path like any undecodable word.
row('unimp', 0xffffffff, 0xc0001073, 'NONE');
(['csrrw', 'csrrs', 'csrrc'] as const).forEach((n, i) => row(n, F3, 0x73 | ((i + 1) << 12), 'CSR'));
(['csrrwi', 'csrrsi', 'csrrci'] as const).forEach((n, i) => row(n, F3, 0x73 | ((i + 5) << 12), 'CSRI'));

// M
(['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'] as const).forEach((n, i) => row(n, F7, 0x02000033 | (i << 12), 'R'));
row('mulw', F7, 0x0200003b, 'R');
(['divw', 'divuw', 'remw', 'remuw'] as const).forEach((n, i) => row(n, F7, 0x0200003b | ((i + 4) << 12), 'R'));

// A: funct5 in bits 31:27, aq/rl in 26:25 (ignored by the mask)
const AMO_MASK = 0xf800707f;
for (const [w, f3] of [['w', 2], ['d', 3]] as const) {
  row(`lr.${w}`, AMO_MASK | 0x01f00000, 0x1000002f | (f3 << 12), 'LR');
  row(`sc.${w}`, AMO_MASK, 0x1800002f | (f3 << 12), 'AMO');
  const amos: [string, number][] = [['amoswap', 1], ['amoadd', 0], ['amoxor', 4], ['amoand', 12], ['amoor', 8], ['amomin', 16], ['amomax', 20], ['amominu', 24], ['amomaxu', 28]];
  for (const [n, f5] of amos) row(`${n}.${w}`, AMO_MASK, 0x2f | (f3 << 12) | (f5 << 27), 'AMO');
}

// F and D
for (const [s, fmt, f3] of [['s', 0, 2], ['d', 1, 3]] as const) {
  row(`fl${s === 's' ? 'w' : 'd'}`, F3, 0x07 | (f3 << 12), 'FLOAD');
  row(`fs${s === 's' ? 'w' : 'd'}`, F3, 0x27 | (f3 << 12), 'FSTORE');
  (['fmadd', 'fmsub', 'fnmsub', 'fnmadd'] as const).forEach((n, i) => row(`${n}.${s}`, 0x0600007f, 0x43 | (i << 2) | (fmt << 25), 'FR4', { hasRm: true }));
  const RM = 0xfe00007f;
  (['fadd', 'fsub', 'fmul', 'fdiv'] as const).forEach((n, i) => row(`${n}.${s}`, RM, 0x53 | (((i << 2) | fmt) << 25), 'FR', { hasRm: true }));
  row(`fsqrt.${s}`, RM | 0x01f00000, 0x53 | ((0x2c | fmt) << 25), 'FR1', { regs: 'ff', hasRm: true });
  (['fsgnj', 'fsgnjn', 'fsgnjx'] as const).forEach((n, i) => row(`${n}.${s}`, F7, 0x53 | ((0x10 | fmt) << 25) | (i << 12), 'FR'));
  row(`fmin.${s}`, F7, 0x53 | ((0x14 | fmt) << 25), 'FR');
  row(`fmax.${s}`, F7, 0x53 | ((0x14 | fmt) << 25) | (1 << 12), 'FR');
  (['fle', 'flt', 'feq'] as const).forEach((n, i) => row(`${n}.${s}`, F7, 0x53 | ((0x50 | fmt) << 25) | (i << 12), 'FCMP'));
  (['w', 'wu', 'l', 'lu'] as const).forEach((t, i) => {
    row(`fcvt.${t}.${s}`, RM | 0x01f00000, 0x53 | ((0x60 | fmt) << 25) | (i << 20), 'FR1', { regs: 'xf', hasRm: true });
    row(`fcvt.${s}.${t}`, RM | 0x01f00000, 0x53 | ((0x68 | fmt) << 25) | (i << 20), 'FR1', { regs: 'fx', hasRm: true, rmExact: s === 'd' && i < 2 });
  });
  row(`fmv.x.${s === 's' ? 'w' : 'd'}`, 0xfff0707f, 0x53 | ((0x70 | fmt) << 25), 'FR1', { regs: 'xf' });
  row(`fclass.${s}`, 0xfff0707f, 0x53 | ((0x70 | fmt) << 25) | (1 << 12), 'FR1', { regs: 'xf' });
  row(`fmv.${s === 's' ? 'w' : 'd'}.x`, 0xfff0707f, 0x53 | ((0x78 | fmt) << 25), 'FR1', { regs: 'fx' });
}
row('fcvt.s.d', 0xfff0007f, 0x53 | (0x20 << 25) | (1 << 20), 'FR1', { regs: 'ff', hasRm: true });
row('fcvt.d.s', 0xfff0007f, 0x53 | (0x21 << 25), 'FR1', { regs: 'ff', hasRm: true, rmExact: true });

// Zba
row('sh1add', F7, 0x20002033, 'R');
row('sh2add', F7, 0x20004033, 'R');
row('sh3add', F7, 0x20006033, 'R');
row('add.uw', F7, 0x0800003b, 'R');
row('sh1add.uw', F7, 0x2000203b, 'R');
row('sh2add.uw', F7, 0x2000403b, 'R');
row('sh3add.uw', F7, 0x2000603b, 'R');
row('slli.uw', F6, 0x0800101b, 'SHIFT');
// Zbb
row('andn', F7, 0x40007033, 'R');
row('orn', F7, 0x40006033, 'R');
row('xnor', F7, 0x40004033, 'R');
row('clz', 0xfff0707f, 0x60001013, 'R2');
row('ctz', 0xfff0707f, 0x60101013, 'R2');
row('cpop', 0xfff0707f, 0x60201013, 'R2');
row('clzw', 0xfff0707f, 0x6000101b, 'R2');
row('ctzw', 0xfff0707f, 0x6010101b, 'R2');
row('cpopw', 0xfff0707f, 0x6020101b, 'R2');
row('max', F7, 0x0a006033, 'R');
row('maxu', F7, 0x0a007033, 'R');
row('min', F7, 0x0a004033, 'R');
row('minu', F7, 0x0a005033, 'R');
row('sext.b', 0xfff0707f, 0x60401013, 'R2');
row('sext.h', 0xfff0707f, 0x60501013, 'R2');
row('zext.h', 0xfff0707f, 0x0800403b, 'R2');
row('rol', F7, 0x60001033, 'R');
row('ror', F7, 0x60005033, 'R');
row('rolw', F7, 0x6000103b, 'R');
row('rorw', F7, 0x6000503b, 'R');
row('rori', F6, 0x60005013, 'SHIFT');
row('roriw', F7, 0x6000501b, 'SHIFT');
row('orc.b', 0xfff0707f, 0x28705013, 'R2');
row('rev8', 0xfff0707f, 0x6b805013, 'R2');

export const rv64Defs: readonly InsnDef[] = defs;
export const defByName = new Map<string, InsnDef>();
for (const d of defs) if (!defByName.has(d.name)) defByName.set(d.name, d);

// Rows bucketed by major opcode so decoding scans a handful of rows.
const buckets: InsnDef[][] = Array.from({ length: 128 }, () => []);
for (const d of defs) {
  if ((d.mask & OPC) === OPC) buckets[d.match & OPC].push(d);
  else for (let op = 0; op < 128; op++) if ((op & d.mask) === (d.match & OPC)) buckets[op].push(d);
}

const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

export function fields32(i: number, format: Format): Fields {
  const f: Fields = {
    rd: (i >>> 7) & 31,
    rs1: (i >>> 15) & 31,
    rs2: (i >>> 20) & 31,
    rs3: (i >>> 27) & 31,
    imm: 0,
    rm: (i >>> 12) & 7,
    csr: (i >>> 20) & 0xfff,
    aq: ((i >>> 26) & 1) === 1,
    rl: ((i >>> 25) & 1) === 1,
  };
  switch (format) {
    case 'I':
    case 'LOAD':
    case 'JALR':
    case 'FLOAD':
      f.imm = i >> 20;
      break;
    case 'SHIFT':
      f.imm = (i >>> 20) & 63;
      break;
    case 'STORE':
    case 'FSTORE':
      f.imm = ((i >> 25) << 5) | ((i >>> 7) & 31);
      break;
    case 'B':
      f.imm = ((i >> 31) << 12) | (((i >>> 7) & 1) << 11) | (((i >>> 25) & 63) << 5) | (((i >>> 8) & 15) << 1);
      break;
    case 'U':
      f.imm = i & 0xfffff000;
      break;
    case 'J':
      f.imm = ((i >> 31) << 20) | (i & 0xff000) | (((i >>> 20) & 1) << 11) | (((i >>> 21) & 0x3ff) << 1);
      break;
    case 'CSRI':
      f.imm = (i >>> 15) & 31;
      break;
    case 'FENCE':
      f.imm = (i >>> 20) & 0xff; // pred << 4 | succ
      break;
  }
  return f;
}

export function decode32(i: number): Decoded | undefined {
  for (const def of buckets[i & OPC]) {
    if ((i & def.mask) === def.match) return { def, f: fields32(i, def.format), length: 4, raw: i >>> 0 };
  }
  return undefined;
}

// ---- compressed ------------------------------------------------------------------------------

/** How objdump prints a compressed instruction's operands. */
export type CFormat =
  | 'rd_imm' // c.addi rd,imm ; c.li ; c.lui (imm20 in hex) ; c.addiw ; c.andi
  | 'rd_shamt' // c.slli rd,shamt ; c.srli ; c.srai (shamt in hex)
  | 'rd' // c.slli64 rd ; c.srli64 ; c.srai64 (shamt 0: HINTs on RV64)
  | 'rd_rs2' // c.mv rd,rs2 ; c.add ; c.sub ...
  | 'rs1' // c.jr rs1 ; c.jalr
  | 'none' // c.ebreak
  | 'mem' // c.lw rd,imm(rs1) ; c.sd rs2,imm(rs1)
  | 'spmem' // c.lwsp rd,imm(sp)
  | 'addi4spn' // c.addi4spn rd,sp,imm
  | 'addi16sp' // c.addi16sp sp,imm
  | 'branch' // c.beqz rs1,target
  | 'jump'; // c.j target

const r3 = (v: number) => 8 + (v & 7);

interface CRow {
  cname: string;
  base: string;
  cformat: CFormat;
  f: Partial<Fields>;
}

/** c.slli/c.srli/c.srai; shamt 0 is a HINT on RV64 that objdump names c.slli64 (the RV128 form). */
const shiftRow = (cname: string, base: string, rd: number, shamt: number): CRow =>
  shamt === 0
    ? { cname: `${cname}64`, base, cformat: 'rd', f: { rd, rs1: rd, imm: 0 } }
    : { cname, base, cformat: 'rd_shamt', f: { rd, rs1: rd, imm: shamt } };

/** Decodes a 16-bit instruction into the base instruction it expands to (RV64C). */
export function decode16(i: number): Decoded | undefined {
  const op = i & 3;
  const f3 = (i >>> 13) & 7;
  const rd = (i >>> 7) & 31;
  const rs2 = (i >>> 2) & 31;
  const b12 = (i >>> 12) & 1;
  const imm6 = sext((b12 << 5) | rs2, 6);
  let r: CRow | undefined;
  if (op === 0) {
    const rdp = r3(i >>> 2), rs1p = r3(i >>> 7);
    const immD = ((i >>> 7) & 0x38) | ((i << 1) & 0xc0);
    const immW = ((i >>> 7) & 0x38) | ((i >>> 4) & 4) | ((i << 1) & 0x40);
    switch (f3) {
      case 0: {
        const imm = ((i >>> 7) & 0x30) | ((i >>> 1) & 0x3c0) | ((i >>> 4) & 4) | ((i >>> 2) & 8);
        if (imm !== 0) r = { cname: 'c.addi4spn', base: 'addi', cformat: 'addi4spn', f: { rd: rdp, rs1: 2, imm } };
        break;
      }
      case 1: r = { cname: 'c.fld', base: 'fld', cformat: 'mem', f: { rd: rdp, rs1: rs1p, imm: immD } }; break;
      case 2: r = { cname: 'c.lw', base: 'lw', cformat: 'mem', f: { rd: rdp, rs1: rs1p, imm: immW } }; break;
      case 3: r = { cname: 'c.ld', base: 'ld', cformat: 'mem', f: { rd: rdp, rs1: rs1p, imm: immD } }; break;
      case 5: r = { cname: 'c.fsd', base: 'fsd', cformat: 'mem', f: { rs2: rdp, rs1: rs1p, imm: immD } }; break;
      case 6: r = { cname: 'c.sw', base: 'sw', cformat: 'mem', f: { rs2: rdp, rs1: rs1p, imm: immW } }; break;
      case 7: r = { cname: 'c.sd', base: 'sd', cformat: 'mem', f: { rs2: rdp, rs1: rs1p, imm: immD } }; break;
    }
  } else if (op === 1) {
    switch (f3) {
      case 0: // rd 0 is c.nop (imm 0) or a HINT; objdump -M no-aliases prints all of them as c.addi
        r = { cname: 'c.addi', base: 'addi', cformat: 'rd_imm', f: { rd, rs1: rd, imm: imm6 } };
        break;
      case 1:
        if (rd !== 0) r = { cname: 'c.addiw', base: 'addiw', cformat: 'rd_imm', f: { rd, rs1: rd, imm: imm6 } };
        break;
      case 2:
        r = { cname: 'c.li', base: 'addi', cformat: 'rd_imm', f: { rd, rs1: 0, imm: imm6 } };
        break;
      case 3:
        if (rd === 2) {
          const imm = sext((b12 << 9) | ((i >>> 2) & 0x10) | ((i << 1) & 0x40) | ((i << 4) & 0x180) | ((i << 3) & 0x20), 10);
          if (imm !== 0) r = { cname: 'c.addi16sp', base: 'addi', cformat: 'addi16sp', f: { rd: 2, rs1: 2, imm } };
        } else if (imm6 !== 0) {
          r = { cname: 'c.lui', base: 'lui', cformat: 'rd_imm', f: { rd, imm: imm6 << 12 } };
        }
        break;
      case 4: {
        const rdp = r3(i >>> 7), rs2p = r3(i >>> 2);
        const f2 = (i >>> 10) & 3;
        const shamt = (b12 << 5) | rs2;
        if (f2 === 0) r = shiftRow('c.srli', 'srli', rdp, shamt);
        else if (f2 === 1) r = shiftRow('c.srai', 'srai', rdp, shamt);
        else if (f2 === 2) r = { cname: 'c.andi', base: 'andi', cformat: 'rd_imm', f: { rd: rdp, rs1: rdp, imm: imm6 } };
        else {
          const names = b12 ? ['c.subw', 'c.addw'] : ['c.sub', 'c.xor', 'c.or', 'c.and'];
          const bases = b12 ? ['subw', 'addw'] : ['sub', 'xor', 'or', 'and'];
          const k = (i >>> 5) & 3;
          if (k < names.length) r = { cname: names[k], base: bases[k], cformat: 'rd_rs2', f: { rd: rdp, rs1: rdp, rs2: rs2p } };
        }
        break;
      }
      case 5: {
        const imm = sext(((i >>> 1) & 0x800) | ((i >>> 7) & 0x10) | ((i >>> 1) & 0x300) | ((i << 2) & 0x400) | ((i >>> 1) & 0x40) | ((i << 1) & 0x80) | ((i >>> 2) & 0xe) | ((i << 3) & 0x20), 12);
        r = { cname: 'c.j', base: 'jal', cformat: 'jump', f: { rd: 0, imm } };
        break;
      }
      case 6:
      case 7: {
        const imm = sext(((i >>> 4) & 0x100) | ((i >>> 7) & 0x18) | ((i << 1) & 0xc0) | ((i >>> 2) & 6) | ((i << 3) & 0x20), 9);
        r = { cname: f3 === 6 ? 'c.beqz' : 'c.bnez', base: f3 === 6 ? 'beq' : 'bne', cformat: 'branch', f: { rs1: r3(i >>> 7), rs2: 0, imm } };
        break;
      }
    }
  } else if (op === 2) {
    const immD = ((i >>> 7) & 0x20) | ((i >>> 2) & 0x18) | ((i << 4) & 0x1c0);
    switch (f3) {
      case 0: // rd 0 is a HINT (a no-op), not reserved
        r = shiftRow('c.slli', 'slli', rd, (b12 << 5) | rs2);
        break;
      case 1: r = { cname: 'c.fldsp', base: 'fld', cformat: 'spmem', f: { rd, rs1: 2, imm: immD } }; break;
      case 2:
        if (rd !== 0) r = { cname: 'c.lwsp', base: 'lw', cformat: 'spmem', f: { rd, rs1: 2, imm: ((i >>> 7) & 0x20) | ((i >>> 2) & 0x1c) | ((i << 4) & 0xc0) } };
        break;
      case 3:
        if (rd !== 0) r = { cname: 'c.ldsp', base: 'ld', cformat: 'spmem', f: { rd, rs1: 2, imm: immD } };
        break;
      case 4:
        if (!b12) {
          if (rs2 === 0) { if (rd !== 0) r = { cname: 'c.jr', base: 'jalr', cformat: 'rs1', f: { rd: 0, rs1: rd, imm: 0 } }; }
          else r = { cname: 'c.mv', base: 'add', cformat: 'rd_rs2', f: { rd, rs1: 0, rs2 } };
        } else if (rs2 === 0) {
          r = rd === 0
            ? { cname: 'c.ebreak', base: 'ebreak', cformat: 'none', f: {} }
            : { cname: 'c.jalr', base: 'jalr', cformat: 'rs1', f: { rd: 1, rs1: rd, imm: 0 } };
        } else r = { cname: 'c.add', base: 'add', cformat: 'rd_rs2', f: { rd, rs1: rd, rs2 } };
        break;
      case 5: r = { cname: 'c.fsdsp', base: 'fsd', cformat: 'spmem', f: { rs2, rs1: 2, imm: ((i >>> 7) & 0x38) | ((i >>> 1) & 0x1c0) } }; break;
      case 6: r = { cname: 'c.swsp', base: 'sw', cformat: 'spmem', f: { rs2, rs1: 2, imm: ((i >>> 7) & 0x3c) | ((i >>> 1) & 0xc0) } }; break;
      case 7: r = { cname: 'c.sdsp', base: 'sd', cformat: 'spmem', f: { rs2, rs1: 2, imm: ((i >>> 7) & 0x38) | ((i >>> 1) & 0x1c0) } }; break;
    }
  }
  if (!r) return undefined;
  const def = defByName.get(r.base)!;
  const f: Fields = { rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, rm: 0, csr: 0, aq: false, rl: false, ...r.f };
  return { def, f, length: 2, raw: i & 0xffff, cname: r.cname, cformat: r.cformat };
}

/** Decode at a halfword: 16-bit if the low two bits are not 11. */
export function decode(lo16: number, hi16: number): Decoded | undefined {
  if ((lo16 & 3) !== 3) return decode16(lo16);
  if ((lo16 & 0x1f) === 0x1f) return undefined; // 48-bit and longer encodings: none defined
  return decode32((lo16 | (hi16 << 16)) >>> 0);
}
