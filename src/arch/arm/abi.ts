// The Linux ARM EABI as tsemu implements it: AT_HWCAP/AT_HWCAP2/AT_PLATFORM and the kuser helper
// page the kernel maps at 0xffff0000 in every ARM process.

/** AT_HWCAP bits (arch/arm/include/uapi/asm/hwcap.h). */
export const HWCAP = {
  SWP: 1 << 0,
  HALF: 1 << 1,
  THUMB: 1 << 2,
  FAST_MULT: 1 << 4,
  VFP: 1 << 6,
  EDSP: 1 << 7,
  THUMBEE: 1 << 11,
  NEON: 1 << 12,
  VFPv3: 1 << 13,
  VFPv3D16: 1 << 14,
  TLS: 1 << 15,
  VFPv4: 1 << 16,
  IDIVA: 1 << 17,
  IDIVT: 1 << 18,
  VFPD32: 1 << 19,
  LPAE: 1 << 20,
} as const;

/**
 * What the emulated ARMv7-A CPU has: qemu-arm's default CPU's set without LPAE (ldrd/strd are not
 * promised single-copy atomic) and without ThumbEE. VFPv4 is the fused multiply-add, which the VFP
 * and NEON lifters implement; VFPD32: d16..d31 exist.
 */
export const ARM_HWCAP =
  HWCAP.SWP | HWCAP.HALF | HWCAP.THUMB | HWCAP.FAST_MULT | HWCAP.VFP | HWCAP.EDSP | HWCAP.NEON | HWCAP.VFPv3 |
  HWCAP.TLS | HWCAP.VFPv4 | HWCAP.IDIVA | HWCAP.IDIVT | HWCAP.VFPD32;
/** AT_HWCAP2: the ARMv8 AArch32 crypto and CRC32 extensions, none of which is implemented. */
export const ARM_HWCAP2 = 0;
export const ARM_PLATFORM = 'v7l';

// ---- the kuser helper page ---------------------------------------------------------------------
//
// Linux maps one page at 0xffff0000 whose last 160 bytes hold helpers at fixed addresses
// (arch/arm/kernel/entry-armv.S, Documentation/arm/kernel_user_helpers.rst). ARMv5 code (armel
// glibc's __aeabi_read_tp and atomics, libgcc's __sync_* builtins) calls them. Here they are real
// A32 code, encoded below, so the translator runs them like any guest code. Entry points that need
// more than their slot branch to a body lower in the page.

export const KUSER_PAGE = 0xffff0000;
export const KUSER_CMPXCHG64 = 0xffff0f60;
export const KUSER_MEMORY_BARRIER = 0xffff0fa0;
export const KUSER_CMPXCHG = 0xffff0fc0;
export const KUSER_GET_TLS = 0xffff0fe0;
export const KUSER_HELPER_VERSION = 0xffff0ffc;
/** The kernel's version word counts 32-byte slots from __kuser_cmpxchg64 to the end: 5. */
export const KUSER_VERSION = (0x1000 - 0xf60) >> 5;

const AL = 0xe0000000;
const NE = 0x10000000;
const EQ = 0x00000000;
const R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, R6 = 6, R7 = 7;

/** A32 encodings of the few instructions the helpers use (ARM ARM A8.8). */
const A32 = {
  dmbIsh: 0xf57ff05b,
  clrex: 0xf57ff01f,
  bxLr: AL | 0x012fff1e,
  /** mrc p15, 0, rt, c13, c0, 3: read TPIDRURO, the TLS register. */
  readTpidruro: (rt: number) => AL | 0x0e1d0f70 | (rt << 12),
  ldrex: (rt: number, rn: number) => AL | 0x01900f9f | (rn << 16) | (rt << 12),
  strex: (rd: number, rt: number, rn: number) => AL | 0x01800f90 | (rn << 16) | (rd << 12) | rt,
  ldrexd: (rt: number, rn: number) => AL | 0x01b00f9f | (rn << 16) | (rt << 12),
  strexd: (rd: number, rt: number, rn: number) => AL | 0x01a00f90 | (rn << 16) | (rd << 12) | rt,
  /** ldrd rt, rt+1, [rn] */
  ldrd: (rt: number, rn: number) => AL | 0x01c000d0 | (rn << 16) | (rt << 12),
  cmpReg: (cond: number, rn: number, rm: number) => cond | 0x01500000 | (rn << 16) | rm,
  cmpImm: (rn: number, imm8: number) => AL | 0x03500000 | (rn << 16) | imm8,
  cmnImm: (rn: number, imm8: number) => AL | 0x03700000 | (rn << 16) | imm8,
  movImm: (rd: number, imm8: number) => AL | 0x03a00000 | (rd << 12) | imm8,
  /** stmdb sp!, {list} / ldmia sp!, {list} */
  push: (list: number) => AL | 0x092d0000 | list,
  pop: (list: number) => AL | 0x08bd0000 | list,
  /** b<cond> from address `at` to `target`. */
  branch: (cond: number, at: number, target: number) => cond | 0x0a000000 | (((target - at - 8) >> 2) & 0xffffff),
  /** udf #0: what fills the rest of the page. */
  udf: AL | 0x07f000f0,
};

/** Words of the kuser page by address; everything else is udf. */
function kuserWords(): Map<number, number> {
  const words = new Map<number, number>();
  const emit = (at: number, code: ((here: number) => number)[]): void => code.forEach((insn, i) => words.set(at + 4 * i, insn(at + 4 * i)));
  const k = (w: number) => () => w;

  // __kuser_cmpxchg(oldval r0, newval r1, ptr r2): r0 = 0 and C set if *ptr was oldval and is now
  // newval, else r0 != 0 and C clear. Clobbers r3, ip, flags.
  const cx = KUSER_PAGE + 0x800;
  const cxLoop = cx + 4, cxFail = cx + 4 * 10;
  emit(cx, [
    k(A32.dmbIsh),
    k(A32.ldrex(R3, R2)), // loop:
    k(A32.cmpReg(AL, R3, R0)),
    (at) => A32.branch(NE, at, cxFail),
    k(A32.strex(R3, R1, R2)),
    k(A32.cmpImm(R3, 0)), // 0: stored (Z and C set)
    (at) => A32.branch(NE, at, cxLoop),
    k(A32.dmbIsh),
    k(A32.movImm(R0, 0)), // mov keeps C
    k(A32.bxLr),
    k(A32.clrex), // fail:
    k(A32.movImm(R0, 1)),
    k(A32.cmnImm(R0, 0)), // 1 + 0 carries nothing: C clear
    k(A32.bxLr),
  ]);
  emit(KUSER_CMPXCHG, [(at) => A32.branch(AL, at, cx)]);

  // __kuser_cmpxchg64(oldval ptr r0, newval ptr r1, ptr r2): the same for a 64-bit value.
  // Clobbers r3, flags (the ABI allows lr too; it is kept).
  const cx64 = KUSER_PAGE + 0x900;
  const cx64Loop = cx64 + 16, cx64Fail = cx64 + 4 * 15;
  const r4to7 = (1 << R4) | (1 << R5) | (1 << R6) | (1 << R7);
  emit(cx64, [
    k(A32.push(r4to7)),
    k(A32.ldrd(R4, R0)), // expected value
    k(A32.ldrd(R6, R1)), // new value
    k(A32.dmbIsh),
    k(A32.ldrexd(R0, R2)), // loop:
    k(A32.cmpReg(AL, R0, R4)),
    k(A32.cmpReg(EQ, R1, R5)),
    (at) => A32.branch(NE, at, cx64Fail),
    k(A32.strexd(R3, R6, R2)),
    k(A32.cmpImm(R3, 0)),
    (at) => A32.branch(NE, at, cx64Loop),
    k(A32.dmbIsh),
    k(A32.movImm(R0, 0)),
    k(A32.pop(r4to7)),
    k(A32.bxLr),
    k(A32.clrex), // fail:
    k(A32.movImm(R0, 1)),
    k(A32.cmnImm(R0, 0)),
    k(A32.pop(r4to7)),
    k(A32.bxLr),
  ]);
  emit(KUSER_CMPXCHG64, [(at) => A32.branch(AL, at, cx64)]);

  emit(KUSER_MEMORY_BARRIER, [k(A32.dmbIsh), k(A32.bxLr)]);
  emit(KUSER_GET_TLS, [k(A32.readTpidruro(R0)), k(A32.bxLr)]);
  words.set(KUSER_HELPER_VERSION, KUSER_VERSION);
  return words;
}

/** The kuser page's 4096 bytes (little-endian). */
export function kuserPage(): Uint8Array {
  const page = new Uint8Array(4096);
  const dv = new DataView(page.buffer);
  for (let off = 0; off < 4096; off += 4) dv.setUint32(off, A32.udf >>> 0, true);
  for (const [addr, w] of kuserWords()) dv.setUint32(addr - KUSER_PAGE, w >>> 0, true);
  return page;
}

/** The page as GuestArch.vectorsPage wants it. */
export const ARM_KUSER_PAGE = { addr: KUSER_PAGE, bytes: kuserPage() };
