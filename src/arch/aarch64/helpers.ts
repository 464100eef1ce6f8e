// Runtime helpers of the A64 integer lifter (names are what dp-*.ts emit): RBIT, CRC32/CRC32C and
// the virtual counter. All but the counter are pure; none touches the register file.
import type { GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import type { CpuState } from '../types.ts';
import { CNTFRQ } from './dp-sys.ts';

export function rbit32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return ((x >>> 16) | (x << 16)) | 0;
}

/** Byte-at-a-time tables of the reflected CRC-32 (CRC32*) and CRC-32C (CRC32C*) polynomials. */
function crcTable(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  return t;
}
const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

/** The accumulator updated with the low `bytes` bytes of a word, least significant first (no inversions, as the instructions do). */
function crcWord(t: Int32Array, acc: number, w: number, bytes: number): number {
  for (let i = 0; i < bytes; i++) {
    acc = t[(acc ^ w) & 0xff]! ^ (acc >>> 8);
    w >>>= 8;
  }
  return acc | 0;
}

const NS_PER_TICK = BigInt(1e9 / CNTFRQ); // 16 ns at 62.5 MHz

export function makeA64IntHelpers(_cpu: CpuState, _mem: GuestMemory, ret: Ret): Record<string, unknown> {
  const helpers: Record<string, unknown> = {
    a64_rbit32: rbit32,
    a64_rbit64: (lo: number, hi: number): number => {
      ret.hi = rbit32(lo);
      return rbit32(hi);
    },
    /** CNTVCT_EL0: a monotonic count at CNTFRQ_EL0. */
    a64_cntvct: (): number => {
      const t = process.hrtime.bigint() / NS_PER_TICK;
      ret.hi = Number(BigInt.asIntN(32, t >> 32n));
      return Number(BigInt.asIntN(32, t));
    },
  };
  for (const [suffix, table] of [['', CRC32], ['c', CRC32C]] as const) {
    for (const bytes of [1, 2, 4]) helpers[`a64_crc32${suffix}_${bytes}`] = (acc: number, w: number) => crcWord(table, acc, w, bytes);
    helpers[`a64_crc32${suffix}_8`] = (acc: number, lo: number, hi: number) => crcWord(table, crcWord(table, acc, lo, 4), hi, 4);
  }
  return helpers;
}
