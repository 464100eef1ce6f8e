// A64 system instructions at EL0 as Linux runs them on an ARMv8.0-A CPU (a Cortex-A53, as
// qemu-aarch64 -cpu cortex-a53 models it): hints (the PAC and BTI hints of later architectures
// execute as NOPs, as they do on ARMv8.0 hardware), CLREX, barriers, the cache maintenance EL0 may
// use (DC ZVA zeroes a 64-byte block, IC IVAU drops translations), MRS/MSR of the registers EL0 can
// reach (NZCV, FPCR, FPSR, TPIDR_EL0, the counter, and the ID registers Linux emulates for
// HWCAP_CPUID). Everything else in this space is UNDEFINED at EL0: SIGILL.
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { SLOT_EXCL_ADDR, SLOT_FPCR, SLOT_FPSR, SLOT_TPIDR } from './state.ts';
import { type Row, hex, row as makeRow, xr } from './table.ts';

const rows: Row[] = [];
const row = (...a: Parameters<typeof makeRow>) => rows.push(makeRow(...a));
const undef = (L: A64Lifter) => L.undefinedInsn();

// ---- hints ---------------------------------------------------------------------------------------

const HINT_NAMES: Record<number, string> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 7: 'xpaclri', 8: 'pacia1716', 10: 'pacib1716',
  12: 'autia1716', 14: 'autib1716', 16: 'esb', 17: 'psb\tcsync', 18: 'tsb\tcsync', 20: 'csdb', 22: 'clearbhb',
  24: 'paciaz', 25: 'paciasp', 26: 'pacibz', 27: 'pacibsp', 28: 'autiaz', 29: 'autiasp', 30: 'autibz', 31: 'autibsp',
  32: 'bti', 34: 'bti\tc', 36: 'bti\tj', 38: 'bti\tjc',
};
// WFE/WFI return at once (Linux does not trap them at EL0); every other hint does nothing on ARMv8.0.
row('hint', '1101010100 0 00 011 0010 hhhhhhh 11111', () => {}, (f) => HINT_NAMES[f.h] ?? `hint\t#0x${hex(f.h)}`);

// ---- CLREX and barriers --------------------------------------------------------------------------

row('clrex', '1101010100 0 00 011 0011 mmmm 010 11111', (L) => L.b.set(SLOT_EXCL_ADDR, L.i64(-1)),
  (f) => (f.m === 15 ? 'clrex' : `clrex\t#0x${hex(f.m)}`));
const BARRIER_OPTIONS: Record<number, string> = { 1: 'oshld', 2: 'oshst', 3: 'osh', 5: 'nshld', 6: 'nshst', 7: 'nsh', 9: 'ishld', 10: 'ishst', 11: 'ish', 13: 'ld', 14: 'st', 15: 'sy' };
const barrierOption = (m: number) => BARRIER_OPTIONS[m] ?? `#0x${hex(m).padStart(2, '0')}`;
// One CPU at a time runs guest code of a thread, in order: the barriers have nothing to do.
row('dsb', '1101010100 0 00 011 0011 mmmm 100 11111', () => {},
  (f) => (f.m === 0 ? 'ssbb' : f.m === 4 ? 'pssbb' : `dsb\t${barrierOption(f.m)}`));
row('dmb', '1101010100 0 00 011 0011 mmmm 101 11111', () => {}, (f) => `dmb\t${barrierOption(f.m)}`);
row('isb', '1101010100 0 00 011 0011 mmmm 110 11111', () => {}, (f) => (f.m === 15 ? 'isb' : `isb\t#0x${hex(f.m)}`));

// ---- MSR (immediate): PSTATE fields, none writable at EL0 on Linux ------------------------------------

const PSTATE_NAMES: Record<number, string> = { 0x03: 'uao', 0x04: 'pan', 0x05: 'spsel', 0x19: 'ssbs', 0x1a: 'dit', 0x1c: 'tco', 0x1e: 'daifset', 0x1f: 'daifclr' };
/** The flag-manipulation instructions of ARMv8.4/8.5 (op1 = 0, CRm = 0). */
const FLAG_OPS = ['cfinv', 'xaflag', 'axflag'];
row('msr-pstate', '1101010100 0 00 ppp 0100 mmmm qqq 11111', undef, (f) => {
  if (f.p === 0 && f.m === 0 && f.q < 3) return FLAG_OPS[f.q]!;
  const name = PSTATE_NAMES[(f.p << 3) | f.q];
  return name ? `msr\t${name}, #0x${hex(f.m)}` : `msr\ts0_${f.p}_c4_c${f.m}_${f.q}, xzr`;
});

// ---- system registers ----------------------------------------------------------------------------

/** op0:op1:CRn:CRm:op2 packed as in the instruction's bits 20:5. */
const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number => (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

const NZCV = sysreg(3, 3, 4, 2, 0);
const FPCR = sysreg(3, 3, 4, 4, 0);
const FPSR = sysreg(3, 3, 4, 4, 1);
const TPIDR_EL0 = sysreg(3, 3, 13, 0, 2);
const CNTVCT_EL0 = sysreg(3, 3, 14, 0, 2);

/** FPCR bits ARMv8.0 keeps (AHP, DN, FZ, RMode, Stride, Len; no trap enables); FPSR's (NZCV, QC, IDC, the cumulative flags), as qemu keeps them. */
const FPCR_MASK = 0x07f70000;
const FPSR_MASK = 0xf800009f | 0;

/** CNTFRQ_EL0: 62.5 MHz, as qemu-aarch64 reports. */
export const CNTFRQ = 62_500_000;

/** Registers that read as constants at EL0 (values as Linux and qemu-aarch64 -cpu cortex-a53 give them). */
const CONSTANT_REGS = new Map<number, number>([
  [sysreg(3, 3, 13, 0, 3), 0], // TPIDRRO_EL0: Linux keeps it 0 for 64-bit tasks
  [sysreg(3, 3, 0, 0, 7), 4], // DCZID_EL0: DC ZVA allowed, 64-byte blocks
  [sysreg(3, 3, 0, 0, 1), 0x84448004], // CTR_EL0: 64-byte lines, VIPT I-cache
  [sysreg(3, 3, 14, 0, 0), CNTFRQ], // CNTFRQ_EL0
  // Linux's HWCAP_CPUID emulation: MIDR, MPIDR, REVIDR and the ID_AA64* space (CRm 4..7).
  [sysreg(3, 0, 0, 0, 0), 0x410fd034], // MIDR_EL1: Cortex-A53 r0p4
  [sysreg(3, 0, 0, 0, 5), 0x80000000], // MPIDR_EL1
  [sysreg(3, 0, 0, 0, 6), 0], // REVIDR_EL1
  [sysreg(3, 0, 0, 4, 0), 0x11], // ID_AA64PFR0_EL1: EL0, EL1 AArch64; FP and AdvSIMD present (0)
  [sysreg(3, 0, 0, 5, 0), 0x6], // ID_AA64DFR0_EL1: debug v8
  [sysreg(3, 0, 0, 6, 0), 0x211120], // ID_AA64ISAR0_EL1: AES+PMULL, SHA1, SHA2, CRC32, LSE atomics
  [sysreg(3, 0, 0, 7, 0), 0xff000000], // ID_AA64MMFR0_EL1: as the kernel exposes it (granule fields)
]);
/** The rest of the ID_AA64* space reads as zero. */
const isIdSpace = (r: number): boolean => r >>> 7 === sysreg(3, 0, 0, 0, 0) >>> 7 && ((r >>> 3) & 15) >= 4 && ((r >>> 3) & 15) <= 7;

const SYSREG_NAMES = new Map<number, string>([
  [NZCV, 'nzcv'], [sysreg(3, 3, 4, 2, 1), 'daif'], [FPCR, 'fpcr'], [FPSR, 'fpsr'], [sysreg(3, 0, 4, 2, 2), 'currentel'],
  [sysreg(3, 0, 4, 2, 0), 'spsel'], [sysreg(3, 0, 4, 2, 3), 'pan'], [sysreg(3, 0, 4, 2, 4), 'uao'], [sysreg(3, 3, 4, 2, 5), 'dit'],
  [sysreg(3, 3, 4, 2, 6), 'ssbs'], [sysreg(3, 3, 4, 2, 7), 'tco'], [sysreg(3, 3, 4, 5, 0), 'dspsr_el0'], [sysreg(3, 3, 4, 5, 1), 'dlr_el0'],
  [TPIDR_EL0, 'tpidr_el0'], [sysreg(3, 3, 13, 0, 3), 'tpidrro_el0'], [sysreg(3, 3, 0, 0, 7), 'dczid_el0'], [sysreg(3, 3, 0, 0, 1), 'ctr_el0'],
  [sysreg(3, 3, 14, 0, 0), 'cntfrq_el0'], [sysreg(3, 3, 14, 0, 1), 'cntpct_el0'], [CNTVCT_EL0, 'cntvct_el0'],
  [sysreg(3, 3, 14, 2, 0), 'cntp_tval_el0'], [sysreg(3, 3, 14, 2, 1), 'cntp_ctl_el0'], [sysreg(3, 3, 14, 2, 2), 'cntp_cval_el0'],
  [sysreg(3, 3, 14, 3, 0), 'cntv_tval_el0'], [sysreg(3, 3, 14, 3, 1), 'cntv_ctl_el0'], [sysreg(3, 3, 14, 3, 2), 'cntv_cval_el0'],
  [sysreg(3, 3, 9, 13, 0), 'pmccntr_el0'], [sysreg(3, 0, 13, 0, 4), 'tpidr_el1'], [sysreg(3, 0, 1, 0, 0), 'sctlr_el1'],
  [sysreg(3, 0, 0, 0, 0), 'midr_el1'], [sysreg(3, 0, 0, 0, 5), 'mpidr_el1'], [sysreg(3, 0, 0, 0, 6), 'revidr_el1'],
  [sysreg(3, 0, 0, 1, 0), 'id_pfr0_el1'], [sysreg(3, 0, 0, 1, 1), 'id_pfr1_el1'], [sysreg(3, 0, 0, 1, 2), 'id_dfr0_el1'],
  [sysreg(3, 0, 0, 1, 3), 'id_afr0_el1'], [sysreg(3, 0, 0, 1, 4), 'id_mmfr0_el1'], [sysreg(3, 0, 0, 1, 5), 'id_mmfr1_el1'],
  [sysreg(3, 0, 0, 1, 6), 'id_mmfr2_el1'], [sysreg(3, 0, 0, 1, 7), 'id_mmfr3_el1'],
  [sysreg(3, 0, 0, 4, 0), 'id_aa64pfr0_el1'], [sysreg(3, 0, 0, 4, 1), 'id_aa64pfr1_el1'], [sysreg(3, 0, 0, 4, 4), 'id_aa64zfr0_el1'],
  [sysreg(3, 0, 0, 4, 5), 'id_aa64smfr0_el1'], [sysreg(3, 0, 0, 5, 0), 'id_aa64dfr0_el1'], [sysreg(3, 0, 0, 5, 1), 'id_aa64dfr1_el1'],
  [sysreg(3, 0, 0, 5, 4), 'id_aa64afr0_el1'], [sysreg(3, 0, 0, 5, 5), 'id_aa64afr1_el1'], [sysreg(3, 0, 0, 6, 0), 'id_aa64isar0_el1'],
  [sysreg(3, 0, 0, 6, 1), 'id_aa64isar1_el1'], [sysreg(3, 0, 0, 6, 2), 'id_aa64isar2_el1'], [sysreg(3, 0, 0, 7, 0), 'id_aa64mmfr0_el1'],
  [sysreg(3, 0, 0, 7, 1), 'id_aa64mmfr1_el1'], [sysreg(3, 0, 0, 7, 2), 'id_aa64mmfr2_el1'],
]);
const sysregName = (r: number): string =>
  SYSREG_NAMES.get(r) ?? `s${r >>> 14}_${(r >>> 11) & 7}_c${(r >>> 7) & 15}_c${(r >>> 3) & 15}_${r & 7}`;

/** The value MRS reads (i64), or undefined when the register is not readable at EL0. */
function readSysreg(L: A64Lifter, r: number): Temp | undefined {
  const b = L.b;
  switch (r) {
    case NZCV: return b.un('zext32to64', b.bin('shl', L.nzcvBits(), L.i32(28)));
    case FPCR: return b.un('zext32to64', b.get(SLOT_FPCR, 'i32'));
    case FPSR: return b.un('zext32to64', b.get(SLOT_FPSR, 'i32'));
    case TPIDR_EL0: return b.get(SLOT_TPIDR, 'i64');
    case CNTVCT_EL0: return L.call('a64_cntvct', [], 'i64');
  }
  const v = CONSTANT_REGS.get(r);
  if (v !== undefined) return L.i64(v);
  return isIdSpace(r) ? L.i64(0) : undefined;
}

/** MSR: false when the register is not writable at EL0. */
function writeSysreg(L: A64Lifter, r: number, t: number): boolean {
  const b = L.b;
  switch (r) {
    case NZCV: {
      L.setNZCVWord(L.w(t));
      return true;
    }
    case FPCR: b.set(SLOT_FPCR, b.bin('and', L.w(t), L.i32(FPCR_MASK))); return true;
    case FPSR: b.set(SLOT_FPSR, b.bin('and', L.w(t), L.i32(FPSR_MASK))); return true;
    case TPIDR_EL0: b.set(SLOT_TPIDR, L.x(t)); return true;
  }
  return false;
}

row('mrs', '1101010100 1 1o ppp nnnn mmmm qqq ttttt', (L, f) => {
  const v = readSysreg(L, (f.raw >>> 5) & 0xffff);
  if (v === undefined) return false;
  L.setReg(f.t, v);
}, (f) => `mrs\t${xr(f.t)}, ${sysregName((f.raw >>> 5) & 0xffff)}`);
row('msr', '1101010100 0 1o ppp nnnn mmmm qqq ttttt', (L, f) => writeSysreg(L, (f.raw >>> 5) & 0xffff, f.t),
  (f) => `msr\t${sysregName((f.raw >>> 5) & 0xffff)}, ${xr(f.t)}`);

// ---- SYS: cache maintenance ------------------------------------------------------------------------

/** DC and IC operations by op1:CRn:CRm:op2 (the instruction's bits 18:5). */
const sysop = (op1: number, crn: number, crm: number, op2: number) => (op1 << 11) | (crn << 7) | (crm << 3) | op2;
const DC_ZVA = sysop(3, 7, 4, 1);
const IC_IVAU = sysop(3, 7, 5, 1);
const CACHE_OPS = new Map<number, string>([
  [sysop(0, 7, 1, 0), 'ic\tialluis'], [sysop(0, 7, 5, 0), 'ic\tiallu'], [IC_IVAU, 'ic\tivau'],
  [sysop(0, 7, 6, 1), 'dc\tivac'], [sysop(0, 7, 6, 2), 'dc\tisw'], [sysop(0, 7, 10, 2), 'dc\tcsw'], [sysop(0, 7, 14, 2), 'dc\tcisw'],
  [DC_ZVA, 'dc\tzva'], [sysop(3, 7, 10, 1), 'dc\tcvac'], [sysop(3, 7, 11, 1), 'dc\tcvau'], [sysop(3, 7, 12, 1), 'dc\tcvap'],
  [sysop(3, 7, 13, 1), 'dc\tcvadp'], [sysop(3, 7, 14, 1), 'dc\tcivac'],
]);
/** Data cache maintenance EL0 may do: nothing to emulate (DC CVAP/CVADP are ARMv8.2/8.5: UNDEFINED). */
const DC_NOPS = new Set([sysop(3, 7, 10, 1), sysop(3, 7, 11, 1), sysop(3, 7, 14, 1)]);

row('sys', '1101010100 0 01 ppp nnnn mmmm qqq ttttt', (L, f) => {
  const op = (f.raw >>> 5) & 0x3fff;
  if (op === DC_ZVA) {
    // Zero the 64-byte block (DCZID_EL0 says 64) holding Xt, in eight stores so a fault is precise.
    const b = L.b;
    const base = b.bin('and', L.x(f.t), L.i64(-64));
    const zero = L.i64(0);
    for (let i = 0; i < 64; i += 8) L.store(8, i ? b.bin('add', base, L.i64(i)) : base, zero);
    return;
  }
  if (op === IC_IVAU) return L.flush();
  if (DC_NOPS.has(op)) return;
  return false;
}, (f) => {
  const name = CACHE_OPS.get((f.raw >>> 5) & 0x3fff);
  if (name) return name.startsWith('ic\tiall') && f.t === 31 ? name : `${name}, ${xr(f.t)}`;
  return `sys\t#${f.p}, C${f.n}, C${f.m}, #${f.q}${f.t === 31 ? '' : `, ${xr(f.t)}`}`;
});
row('sysl', '1101010100 1 01 ppp nnnn mmmm qqq ttttt', undef, (f) => `sysl\t${xr(f.t)}, #${f.p}, C${f.n}, C${f.m}, #${f.q}`);

export const sysRows = rows;
