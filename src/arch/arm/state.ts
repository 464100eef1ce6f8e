// Register file of the 32-bit ARM CPU state, in 32-bit words (see CpuState in ../types.ts).
//
// The PC is not a register here: it is cpu.pc, and everywhere a guest PC is stored (cpu.pc, block
// keys, exit targets, fault PCs) it carries the instruction set in bit 0: address | 1 for Thumb,
// the plain (4-aligned) address for ARM. A32 code reads r15 as the address + 8, T32 code as + 4.
//
// Flags are kept the way they are cheapest to produce (each is one IR value, so the passes drop
// flags nobody reads): N is bit 31 of NF, Z is set when ZF == 0, C is CF (0 or 1), V is bit 31
// of VF. Q is QF (0/1, sticky), the GE bits are bits 3..0 of GE.

/** r0..r14 (r13 = sp, r14 = lr). Slot 15 is not used at run time (the PC is cpu.pc). */
export const rslot = (n: number): number => n;
export const SLOT_NF = 16;
export const SLOT_ZF = 17;
export const SLOT_CF = 18;
export const SLOT_VF = 19;
export const SLOT_QF = 20;
export const SLOT_GE = 21;
/** TPIDRURO (CP15 c13 c0 3): the TLS pointer, set by the set_tls syscall, read by MRC. */
export const SLOT_TPIDRURO = 22;
/** TPIDRURW (CP15 c13 c0 2): user read/write thread ID register. */
export const SLOT_TPIDRURW = 23;
/** The exclusive monitor: the address LDREX* marked (-1: none), its size, and the value(s) read. */
export const SLOT_EXCL_ADDR = 24;
export const SLOT_EXCL_SIZE = 25;
export const SLOT_EXCL_VAL = 26; // and 27 for LDREXD's second word
/** FPSCR (the VFP status and control register; its NZCV bits live here too). */
export const SLOT_FPSCR = 28;
/** d0..d31 (VFP/NEON, 64 bits each, readable as f64 or raw i64); q_n = d_2n, d_2n+1. */
export const dslot = (n: number): number => 32 + 2 * n;
/** s0..s31 alias the halves of d0..d15: s_2n is the low word of d_n. */
export const sslot = (n: number): number => 32 + n;
export const STATE_WORDS = 96;

export const REG_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'fp', 'ip', 'sp', 'lr', 'pc'];

/** The guest PC of an instruction address in a given instruction set. */
export const guestPc = (addr: number, thumb: boolean): number => (thumb ? (addr | 1) >>> 0 : addr >>> 0);
