// ARM-family condition codes (A32, T32, A64 share them) over flags kept as four i32 words: N is
// bit 31 of NF, Z is set when ZF == 0, C is CF (0 or 1), V is bit 31 of VF. Each flag is one IR
// value, so the passes drop the ones nobody reads.
import type { IRBuilder, Temp } from '../ir/ir.ts';

export interface FlagSlots {
  nf: number;
  zf: number;
  cf: number;
  vf: number;
}

/** Condition c (0 EQ .. 13 LE; 14 and 15 always) as an i32 0/1. */
export function conditionHolds(b: IRBuilder, s: FlagSlots, c: number): Temp {
  const zero = () => b.i32(0);
  const not = (t: Temp) => b.un('eqz', t);
  const n = () => b.bin('lt_s', b.get(s.nf, 'i32'), zero());
  const zClear = () => b.bin('ne', b.get(s.zf, 'i32'), zero());
  const carry = () => b.get(s.cf, 'i32');
  const v = () => b.bin('lt_s', b.get(s.vf, 'i32'), zero());
  const nEqV = () => b.bin('le_s', zero(), b.bin('xor', b.get(s.nf, 'i32'), b.get(s.vf, 'i32'))); // (N ^ V) >= 0
  switch (c) {
    case 0: return not(zClear());
    case 1: return zClear();
    case 2: return carry();
    case 3: return not(carry());
    case 4: return n();
    case 5: return not(n());
    case 6: return v();
    case 7: return not(v());
    case 8: return b.bin('and', carry(), zClear());
    case 9: return not(b.bin('and', carry(), zClear()));
    case 10: return nEqV();
    case 11: return not(nEqV());
    case 12: return b.bin('and', zClear(), nEqV());
    case 13: return not(b.bin('and', zClear(), nEqV()));
    default: return b.i32(1);
  }
}
