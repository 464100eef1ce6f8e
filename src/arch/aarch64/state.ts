// Register file of the AArch64 CPU state, in 32-bit words (see CpuState in ../types.ts).
//
// x0..x30 and SP are i64 slots. The PC is cpu.pc (below 4 GiB, DESIGN.md 3). Flags as in
// ../nzcv.ts: N is bit 31 of NF (for a 64-bit result, its high word), Z is set when ZF == 0, C is
// CF (0 or 1), V is bit 31 of VF. v0..v31 are 128 bits each: the low 64 bits (d_n, read as f64 or
// raw i64) at vslot(n), the high 64 bits at vslot(n) + 2; s_n is the word at vslot(n), h_n/b_n its
// low bits.

/** x0..x30 (x30 = lr); register number 31 is XZR or SP depending on the instruction. */
export const xslot = (n: number): number => 2 * n;
export const SLOT_SP = 62;
export const SLOT_NF = 64;
export const SLOT_ZF = 65;
export const SLOT_CF = 66;
export const SLOT_VF = 67;
/** TPIDR_EL0 (i64): the TLS pointer. */
export const SLOT_TPIDR = 68;
/** FPCR (rounding mode, FZ, DN, AHP) and FPSR (cumulative exception flags, QC). */
export const SLOT_FPCR = 70;
export const SLOT_FPSR = 71;
/** The exclusive monitor: the address LDXR/LDAXR/LDXP marked (i64, -1: none), its size in bytes, and the value(s) read (two i64). */
export const SLOT_EXCL_ADDR = 72;
export const SLOT_EXCL_SIZE = 74;
export const SLOT_EXCL_VAL = 76; // i64 at 76 and (pairs) 78
/** Scratch i64 through which a helper returns the high half of a 128-bit result (see A64Lifter.vecCall). */
export const SLOT_VRET_HI = 80;
/** v0..v31: 128 bits each (four words). */
export const vslot = (n: number): number => 128 + 4 * n;
export const STATE_WORDS = 256;

export const FLAG_SLOTS = { nf: SLOT_NF, zf: SLOT_ZF, cf: SLOT_CF, vf: SLOT_VF };

/** FPCR fields. */
export const FPCR_RMODE_SHIFT = 22; // 0 RN, 1 RP, 2 RM, 3 RZ
export const FPCR_FZ = 1 << 24;
export const FPCR_DN = 1 << 25;
export const FPCR_AHP = 1 << 26;
/** FPSR cumulative flags (IOC DZC OFC UFC IXC at bits 0..4, IDC bit 7) and QC (bit 27). */
export const FPSR_QC = 1 << 27;
