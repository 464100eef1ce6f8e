// Register file of the MIPS o32 CPU state, in 32-bit words (see CpuState in ../types.ts).
//
// $0..$31 at words 0..31 ($0 is never written, reads as zero), HI and LO, FCSR, the TLS pointer
// (UserLocal, read by RDHWR $29) and the LL/SC monitor. The 32 FPRs are 64 bits each from FPR_BASE.
// Where an FPR's bits live depends on the FR mode the ELF asks for (PT_MIPS_ABIFLAGS):
//   FR=1: $fn is the 64-bit pair of words FPR_BASE + 2n (low word: the single / low half);
//   FR=0: the 32 singles are the words FPR_BASE + n, and double $f2k is the f64 at FPR_BASE + 2k
//         (low word $f2k, high word $f2k+1), as on a host that stores an f64 low word first.
// fpSingleSlot / fpDoubleSlot below give the word for either mode.

export const gslot = (n: number): number => n;
export const SLOT_HI = 32;
export const SLOT_LO = 33;
/** FCSR (FCR31): rounding mode, flags, enables, cause, condition codes (see FCSR_* below). */
export const SLOT_FCSR = 34;
/** UserLocal: the thread pointer set_thread_area stores and RDHWR $29 reads. */
export const SLOT_ULR = 35;
/** LL/SC monitor: the address LL marked (-1: none) and the value it read. */
export const SLOT_LL_ADDR = 36;
export const SLOT_LL_VAL = 37;
/** The second result register of syscalls that return two values (o32 pipe): v1 is just $3. */
export const FPR_BASE = 64;
export const STATE_WORDS = 128;

/** FCSR fields (MIPS32 Vol. I-A, "FCSR Register"). */
export const FCSR_RM_MASK = 3; // 0 RN, 1 RZ, 2 RP, 3 RM
export const FCSR_FLAGS_SHIFT = 2; // I U O Z V at bits 2..6
export const FCSR_ENABLES_SHIFT = 7; // I U O Z V at bits 7..11
export const FCSR_CAUSE_SHIFT = 12; // I U O Z V E at bits 12..17
export const FCSR_FS = 1 << 24;
/** Bit of FP condition code cc (0..7) in FCSR: cc0 is bit 23, cc1..cc7 bits 25..31. */
export const fccBit = (cc: number): number => (cc === 0 ? 23 : 24 + cc);

/** Word of single-precision register $fn (FR = 0 or 1). */
export const fpSingleSlot = (fr: number, n: number): number => (fr ? FPR_BASE + 2 * n : FPR_BASE + n);
/**
 * f64 slot of double register $fn. With FR=0 only even n name doubles (odd n is UNPREDICTABLE; it
 * is treated as n & ~1 here... callers reject it: see MipsLifter.fpDouble).
 */
export const fpDoubleSlot = (fr: number, n: number): number => (fr ? FPR_BASE + 2 * n : FPR_BASE + n);
/** Word MFHC1/MTHC1 address: the high half of $fn (FR=1), or $f(n+1) (FR=0). */
export const fpHighSlot = (fr: number, n: number): number => (fr ? FPR_BASE + 2 * n + 1 : FPR_BASE + n + 1);

export const GPR_NAMES = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra',
];
