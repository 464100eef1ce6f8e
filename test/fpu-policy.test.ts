// NaN policy plumbing: a propagating policy (ARM without default-NaN mode, in spirit) and the
// legacy MIPS NaN encoding, to check that the library hands the right operands to the policy and
// classifies signalling NaNs through it.
import { afterEach, describe, expect, it } from 'vitest';
import * as fp from '../src/fpu/softfp.ts';

const D = (hi: number, lo = 0) => fp.bitsToF64(lo, hi);
const bitsD = (x: number) => {
  const lo = fp.f64ToBits(x);
  return [fp.fpResult.hi >>> 0, lo >>> 0];
};
const isNaN64 = (x: number) => x !== x;

/** Quiet the first signalling NaN operand, else return the first NaN operand. */
const propagating: fp.NaNPolicy = {
  legacySNaN: false,
  fmaInfZeroQNaNInvalid: false,
  default64: () => D(0x7ff80000),
  default32: () => 0x7fc00000,
  // no arrays here: V8 canonicalizes NaNs stored in double arrays
  propagate64(a, b, c) {
    const quiet = (x: number) => D(fp.f64HiWord(x) | 0x00080000, fp.f64LoWord(x));
    if (fp.isSignalingNaN64(a)) return quiet(a);
    if (fp.isSignalingNaN64(b)) return quiet(b);
    if (fp.isSignalingNaN64(c)) return quiet(c);
    return isNaN64(a) ? a : isNaN64(b) ? b : c;
  },
  propagate32(a, b, c) {
    for (const x of [a, b, c]) if (fp.isSignalingNaN32(x)) return x | 0x00400000;
    for (const x of [a, b, c]) if (fp.isNaN32(x)) return x;
    throw new Error('no NaN operand');
  },
  cvt64to32: (a) => (fp.f64HiWord(a) & 0x80000000) | 0x7fc00000,
  cvt32to64: (a) => D((a & 0x80000000) | 0x7ff80000),
};

afterEach(() => {
  fp.setNaNPolicy(fp.riscvNaNPolicy);
  fp.fpFlags.value = 0;
});

describe('NaN policy', () => {
  it('RISC-V returns the canonical NaN with NV for signalling operands', () => {
    const snan = D(0x7ff00000, 5);
    fp.fpFlags.value = 0;
    expect(bitsD(fp.add64(snan, 1, fp.RNE))).toEqual([0x7ff80000, 0]);
    expect(fp.fpFlags.value).toBe(fp.NV);
    fp.fpFlags.value = 0;
    expect(bitsD(fp.mul64(D(0xfff80000, 9), 2, fp.RNE))).toEqual([0x7ff80000, 0]);
    expect(fp.fpFlags.value).toBe(0);
  });

  it('a propagating policy gets the operands, sub does not negate a NaN', () => {
    fp.setNaNPolicy(propagating);
    const q = D(0x7ff80000, 123), s = D(0xfff00000, 77);
    fp.fpFlags.value = 0;
    expect(bitsD(fp.sub64(1, q, fp.RNE))).toEqual([0x7ff80000, 123]);
    expect(fp.fpFlags.value).toBe(0);
    expect(bitsD(fp.add64(q, s, fp.RNE))).toEqual([0xfff80000, 77]);
    expect(fp.fpFlags.value).toBe(fp.NV);
    fp.fpFlags.value = 0;
    // 0 * inf + qNaN: not invalid under this policy, the NaN propagates
    expect(bitsD(fp.fma64(0, Infinity, q, fp.RNE))).toEqual([0x7ff80000, 123]);
    expect(fp.fpFlags.value).toBe(0);
    expect(fp.sub32(0x3f800000, 0x7fc00011, fp.RNE)).toBe(0x7fc00011);
    expect(fp.add32(0x7fc00001, 0x7f800002, fp.RNE)).toBe(0x7fc00002);
    expect(fp.fpFlags.value).toBe(fp.NV);
  });

  it('legacy MIPS encoding: the quiet bit set means signalling', () => {
    fp.setNaNPolicy({ ...fp.riscvNaNPolicy, legacySNaN: true });
    expect(fp.isSignalingNaN64(D(0x7ff80000))).toBe(true);
    expect(fp.isSignalingNaN64(D(0x7ff7ffff, -1))).toBe(false);
    expect(fp.isSignalingNaN32(0x7fc00000)).toBe(true);
    expect(fp.isSignalingNaN32(0x7fbfffff)).toBe(false);
    fp.fpFlags.value = 0;
    fp.add64(D(0x7ff80000), 1, fp.RNE);
    expect(fp.fpFlags.value).toBe(fp.NV);
  });
});
