// The Linux arm64 ABI as tsemu implements it: AT_HWCAP / AT_HWCAP2 and AT_PLATFORM.

/** AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h). */
export const HWCAP = {
  FP: 1 << 0,
  ASIMD: 1 << 1,
  EVTSTRM: 1 << 2,
  AES: 1 << 3,
  PMULL: 1 << 4,
  SHA1: 1 << 5,
  SHA2: 1 << 6,
  CRC32: 1 << 7,
  ATOMICS: 1 << 8,
  FPHP: 1 << 9,
  ASIMDHP: 1 << 10,
  CPUID: 1 << 11,
} as const;

/**
 * What the emulated ARMv8.0-A CPU implements: FP, AdvSIMD, the AES/PMULL/SHA1/SHA256 crypto
 * extension, CRC32, the LSE atomics, and CPUID (MRS of the ID registers at EL0 answers as the
 * kernel's emulation does). Nothing of ARMv8.2's FP16.
 */
export const AARCH64_HWCAP =
  HWCAP.FP | HWCAP.ASIMD | HWCAP.AES | HWCAP.PMULL | HWCAP.SHA1 | HWCAP.SHA2 | HWCAP.CRC32 | HWCAP.ATOMICS | HWCAP.CPUID;
export const AARCH64_HWCAP2 = 0;
export const AARCH64_PLATFORM = 'aarch64';
