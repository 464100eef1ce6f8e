// Register file layout of the RV64 CPU state, in 32-bit words (see CpuState in ../types.ts).
export const xslot = (r: number) => 2 * r; // x0..x31: i64
export const fslot = (r: number) => 64 + 2 * r; // f0..f31: raw 64-bit patterns
export const SLOT_FFLAGS = 128;
export const SLOT_FRM = 129;
/**
 * The LR reservation: address (-1: none) and the value LR read (i64). In the register file so each
 * guest thread has its own (green threads swap register files).
 */
export const SLOT_RES_ADDR = 130;
export const SLOT_RES_LO = 131;
export const SLOT_RES_HI = 132;
export const STATE_WORDS = 136;
export const CSR_FFLAGS = 1;
/** fflags.NX, the sticky inexact flag. */
export const FFLAG_NX = 1;
export const CSR_FRM = 2;

export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
export const FP_ABI_NAMES = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];
