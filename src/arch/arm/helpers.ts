// Pure runtime helpers of the ARM integer lifter: the media/DSP operations that would take many IR
// ops each (parallel add/sub with GE, saturation, dual multiplies, sum of absolute differences).
// Each result and its side output (GE bits, the Q flag as 0/1) comes from a separate pure call, so
// the passes drop what nobody reads; alu.ts writes Q and GE through the predicated slot writes.

const sat = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const s16 = (v: number) => (v << 16) >> 16;
const s8 = (v: number) => (v << 24) >> 24;

/** Parallel add/subtract. prefix: 0 s, 1 q, 2 sh, 3 u, 4 uq, 5 uh; op: 0 add16, 1 asx, 2 sax, 3 sub16, 4 add8, 7 sub8 (A32 op2 order). */
export const PARALLEL_PREFIXES = ['s', 'q', 'sh', 'u', 'uq', 'uh'];
export const PARALLEL_OPS: Record<number, string> = { 0: 'add16', 1: 'asx', 2: 'sax', 3: 'sub16', 4: 'add8', 7: 'sub8' };

function parallel(prefix: number, op: number, a: number, b: number): { r: number; ge: number } {
  const signed = prefix < 3;
  const kind = prefix % 3; // 0 plain (sets GE), 1 saturating, 2 halving
  const lanes = op >= 4 ? 4 : 2;
  const width = lanes === 4 ? 8 : 16;
  const mask = (1 << width) - 1;
  const lane = (x: number, i: number) => {
    const v = (x >>> (i * width)) & mask;
    return signed ? (width === 8 ? s8(v) : s16(v)) : v;
  };
  let r = 0, ge = 0;
  for (let i = 0; i < lanes; i++) {
    let x = lane(a, i), y: number, sub: boolean;
    if (op === 1 || op === 2) {
      // ASX: low = a.lo - b.hi, high = a.hi + b.lo; SAX: low = a.lo + b.hi, high = a.hi - b.lo
      y = lane(b, 1 - i);
      sub = op === 1 ? i === 0 : i === 1;
    } else {
      y = lane(b, i);
      sub = op === 3 || op === 7;
    }
    let s = sub ? x - y : x + y;
    let geBit: boolean;
    if (signed) geBit = s >= 0;
    else geBit = sub ? s >= 0 : s > mask;
    if (kind === 1) s = signed ? sat(s, -(1 << (width - 1)), (1 << (width - 1)) - 1) : sat(s, 0, mask);
    else if (kind === 2) s = Math.floor(s / 2);
    r |= (s & mask) << (i * width);
    if (geBit) ge |= (lanes === 4 ? 1 : 3) << (i * (lanes === 4 ? 1 : 2));
    void x;
  }
  return { r: r | 0, ge };
}

/** Signed saturation to `bits` (1..32): [result, q]. */
function ssat(v: number, bits: number): [number, number] {
  const hi = 2 ** (bits - 1) - 1, lo = -(2 ** (bits - 1));
  const r = sat(v, lo, hi);
  return [r | 0, r !== v ? 1 : 0];
}
function usat(v: number, bits: number): [number, number] {
  const hi = 2 ** bits - 1;
  const r = sat(v, 0, hi);
  return [r | 0, r !== v ? 1 : 0];
}

/** Dual 16-bit multiplies. kind: 0 SMUAD/SMLAD, 1 SMUSD/SMLSD; x swaps b's halves. Exact result (may exceed 32 bits). */
function dual(kind: number, x: number, a: number, b: number, acc: number): number {
  if (x) b = ((b >>> 16) | (b << 16)) | 0;
  const p1 = s16(a) * s16(b), p2 = (a >> 16) * (b >> 16);
  return (kind === 0 ? p1 + p2 : p1 - p2) + acc;
}

export function makeArmIntHelpers(): Record<string, unknown> {
  return {
    arm_parallel: (prefix: number, op: number, a: number, b: number) => parallel(prefix, op, a, b).r,
    arm_parallel_ge: (prefix: number, op: number, a: number, b: number) => parallel(prefix, op, a, b).ge,
    /** kind: 0 ssat, 1 usat, 2 ssat16, 3 usat16 (v already shifted). */
    arm_sat: (kind: number, v: number, bits: number) => satOp(kind, v, bits)[0],
    arm_sat_q: (kind: number, v: number, bits: number) => satOp(kind, v, bits)[1],
    /** kind: 0 qadd, 1 qsub, 2 qdadd, 3 qdsub (a = Rm, b = Rn). */
    arm_qarith: (kind: number, a: number, b: number) => qarith(kind, a, b)[0],
    arm_qarith_q: (kind: number, a: number, b: number) => qarith(kind, a, b)[1],
    arm_dual: (kind: number, x: number, a: number, b: number, acc: number) => dual(kind, x, a, b, acc) | 0,
    arm_dual_q: (kind: number, x: number, a: number, b: number, acc: number) => {
      const r = dual(kind, x, a, b, acc);
      return r !== (r | 0) ? 1 : 0;
    },
    arm_usad8: (a: number, b: number) => {
      let s = 0;
      for (let i = 0; i < 32; i += 8) s += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
      return s;
    },
    arm_sel: (ge: number, a: number, b: number) => {
      let r = 0;
      for (let i = 0; i < 4; i++) r |= ((ge >> i) & 1 ? a : b) & (0xff << (8 * i));
      return r | 0;
    },
    arm_rbit: (v: number) => {
      let r = 0;
      for (let i = 0; i < 32; i++) r |= ((v >>> i) & 1) << (31 - i);
      return r | 0;
    },
  };
}

function satOp(kind: number, v: number, bits: number): [number, number] {
  if (kind < 2) return kind === 0 ? ssat(v | 0, bits) : usat(v | 0, bits);
  const f = kind === 2 ? ssat : usat;
  const [lo, q1] = f(s16(v), bits);
  const [hi, q2] = f(v >> 16, bits);
  return [((lo & 0xffff) | (hi << 16)) | 0, q1 | q2];
}

function qarith(kind: number, a: number, b: number): [number, number] {
  a |= 0;
  b |= 0;
  let q = 0;
  if (kind >= 2) {
    const [d, dq] = ssat(2 * b, 32);
    b = d;
    q = dq;
  }
  const [r, rq] = ssat(kind & 1 ? a - b : a + b, 32);
  return [r, q | rq];
}
