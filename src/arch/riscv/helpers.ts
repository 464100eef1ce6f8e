// Runtime helpers of the RV64 lifter: FP through the exact library of src/fpu (accruing fflags),
// atomics, counters. Each helper's name is what lift.ts emits in its calls.
import * as fp from '../../fpu/softfp.ts';
import { GuestFault, type GuestMemory } from '../../mem/memory.ts';
import type { Ret } from '../../jit/helpers.ts';
import { type CpuState, GuestTrap } from '../types.ts';
import { SLOT_FFLAGS, SLOT_FRM, SLOT_RES_ADDR, SLOT_RES_HI, SLOT_RES_LO } from './state.ts';


const SIGN32 = -0x80000000;

export function makeRiscvHelpers(cpu: CpuState, mem: GuestMemory, ret: Ret) {
  const R = cpu.R;
  const flags = fp.fpFlags;
  /** Moves the library's accrued flags into fflags. */
  const acc = <T>(v: T): T => {
    if (flags.value !== 0) {
      R[SLOT_FFLAGS] |= flags.value;
      flags.value = 0;
    }
    return v;
  };
  const acc64 = (lo: number): number => {
    ret.hi = fp.fpResult.hi;
    return acc(lo);
  };
  const dv = mem.dv;
  R[SLOT_RES_ADDR] = -1;

  const atomicAddr = (lo: number, hi: number, size: number, pc: number, write: boolean): number => {
    const a = lo >>> 0;
    if (hi !== 0 || !mem.accessible(a, size, write)) {
      throw new GuestFault(hi === 0 ? a : Number(BigInt.asUintN(64, (BigInt(hi) << 32n) | BigInt(a))), pc, write, hi === 0 && mem.isMapped(a));
    }
    return a;
  };
  /** Reads the old value (sign-extended for words), leaving the high word in ret.hi. */
  const readOld = (a: number, size: number): number => {
    const lo = dv.getInt32(a, true);
    ret.hi = size === 4 ? lo >> 31 : dv.getInt32(a + 4, true);
    return lo;
  };
  const write = (a: number, size: number, lo: number, hi: number) => {
    dv.setInt32(a, lo, true);
    if (size === 8) dv.setInt32(a + 4, hi, true);
  };
  const lt = (al: number, ah: number, bl: number, bh: number, signed: boolean) =>
    signed ? ah < bh || (ah === bh && al >>> 0 < bl >>> 0) : ah >>> 0 < bh >>> 0 || (ah === bh && al >>> 0 < bl >>> 0);
  // AMOs and SC are host atomics on the shared memory (Atomics on these views), so they are atomic
  // against other processes sharing the page (MAP_SHARED) too. A misaligned one cannot be; it
  // keeps plain accesses.
  const i32 = new Int32Array(mem.buffer);
  const i64 = new BigInt64Array(mem.buffer);
  const big = (lo: number, hi: number): bigint => (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
  type Direct = 'add' | 'and' | 'or' | 'xor' | 'exchange';
  /**
   * One AMO: op(old, operand) -> new; returns old (sign-extended for words, high word in ret.hi).
   * `direct` names the Atomics operation that is the AMO, if there is one; else `combine` runs in
   * a compare-exchange loop.
   */
  const amo = (direct: Direct | undefined, combine: (ol: number, oh: number, vl: number, vh: number, size: number) => [number, number]) =>
    (al: number, ah: number, vl: number, vh: number, size: number, pc: number): number => {
      const a = atomicAddr(al, ah, size, pc, true);
      if (R[SLOT_RES_ADDR] === (a | 0)) R[SLOT_RES_ADDR] = -1;
      if (size === 4) vh = vl >> 31;
      if ((a & (size - 1)) !== 0) {
        const ol = readOld(a, size);
        const oh = ret.hi;
        const [nl, nh] = combine(ol, oh, vl, vh, size);
        write(a, size, nl, nh);
        ret.hi = oh;
        return ol;
      }
      if (size === 4) {
        const k = a >>> 2;
        let ol: number;
        if (direct) ol = Atomics[direct](i32, k, vl);
        else for (;;) {
          ol = Atomics.load(i32, k);
          if (Atomics.compareExchange(i32, k, ol, combine(ol, ol >> 31, vl, vh, 4)[0]) === ol) break;
        }
        ret.hi = ol >> 31;
        return ol;
      }
      const k = a >>> 3;
      let old: bigint;
      if (direct) old = Atomics[direct](i64, k, big(vl, vh));
      else for (;;) {
        old = Atomics.load(i64, k);
        const [nl, nh] = combine(Number(BigInt.asIntN(32, old)), Number(old >> 32n), vl, vh, 8);
        if (Atomics.compareExchange(i64, k, old, big(nl, nh)) === old) break;
      }
      ret.hi = Number(old >> 32n);
      return Number(BigInt.asIntN(32, old));
    };
  const add64 = (al: number, ah: number, bl: number, bh: number): [number, number] => {
    const l = (al + bl) | 0;
    return [l, (ah + bh + (l >>> 0 < al >>> 0 ? 1 : 0)) | 0];
  };

  /** A rounding mode operand: static modes are valid; a dynamic one (frm) of 5..7 is SIGILL. */
  const validRm = (rm: number, pc: number): number => {
    if (rm > 4) throw new GuestTrap(pc, 'SIGILL');
    return rm;
  };

  return {
    rv_dynrm(pc: number): number {
      const rm = R[SLOT_FRM];
      if (rm > 4) throw new GuestTrap(pc, 'SIGILL');
      return rm;
    },
    rv_rdcycle: () => ns64(ret),
    rv_rdinstret: () => ns64(ret),
    rv_rdtime: () => {
      // 10 MHz timebase, as Linux's riscv time CSR on qemu's virt machine
      const t = process.hrtime.bigint() / 100n;
      ret.hi = Number(BigInt.asIntN(32, t >> 32n));
      return Number(BigInt.asIntN(32, t));
    },
    rv_orcb(lo: number, hi: number): number {
      const orc = (w: number) => ((w & 0xff ? 0xff : 0) | (w & 0xff00 ? 0xff00 : 0) | (w & 0xff0000 ? 0xff0000 : 0) | (w & 0xff000000 ? 0xff000000 : 0)) | 0;
      ret.hi = orc(hi);
      return orc(lo);
    },

    // single precision (bit patterns)
    rv_add_s: (a: number, b: number, rm: number, pc: number) => acc(fp.add32(a, b, validRm(rm, pc))),
    rv_sub_s: (a: number, b: number, rm: number, pc: number) => acc(fp.sub32(a, b, validRm(rm, pc))),
    rv_mul_s: (a: number, b: number, rm: number, pc: number) => acc(fp.mul32(a, b, validRm(rm, pc))),
    rv_div_s: (a: number, b: number, rm: number, pc: number) => acc(fp.div32(a, b, validRm(rm, pc))),
    rv_sqrt_s: (a: number, rm: number, pc: number) => acc(fp.sqrt32(a, validRm(rm, pc))),
    rv_madd_s: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma32(a, b, c, validRm(rm, pc))),
    rv_msub_s: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma32(a, b, c ^ SIGN32, validRm(rm, pc))),
    rv_nmsub_s: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma32(a ^ SIGN32, b, c, validRm(rm, pc))),
    rv_nmadd_s: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma32(a ^ SIGN32, b, c ^ SIGN32, validRm(rm, pc))),
    rv_min_s: (a: number, b: number) => acc(fp.min32(a, b)),
    rv_max_s: (a: number, b: number) => acc(fp.max32(a, b)),
    rv_eq_s: (a: number, b: number) => acc(fp.eq32(a, b)),
    rv_lt_s: (a: number, b: number) => acc(fp.lt32(a, b)),
    rv_le_s: (a: number, b: number) => acc(fp.le32(a, b)),
    rv_class_s: (a: number) => fp.classify32(a),
    rv_cvt_w_s: (a: number, rm: number) => acc(fp.f32ToI32(a, rm)),
    rv_cvt_wu_s: (a: number, rm: number) => acc(fp.f32ToU32(a, rm)),
    rv_cvt_l_s: (a: number, rm: number) => acc64(fp.f32ToI64(a, rm)),
    rv_cvt_lu_s: (a: number, rm: number) => acc64(fp.f32ToU64(a, rm)),
    rv_cvt_s_w: (a: number, rm: number) => acc(fp.i32ToF32(a, rm)),
    rv_cvt_s_wu: (a: number, rm: number) => acc(fp.u32ToF32(a, rm)),
    rv_cvt_s_l: (lo: number, hi: number, rm: number) => acc(fp.i64ToF32(lo, hi, rm)),
    rv_cvt_s_lu: (lo: number, hi: number, rm: number) => acc(fp.u64ToF32(lo, hi, rm)),
    rv_cvt_s_d: (a: number, rm: number) => acc(fp.f64ToF32(a, rm)),

    // double precision (numbers)
    rv_add_d: (a: number, b: number, rm: number, pc: number) => acc(fp.add64(a, b, validRm(rm, pc))),
    rv_sub_d: (a: number, b: number, rm: number, pc: number) => acc(fp.sub64(a, b, validRm(rm, pc))),
    rv_mul_d: (a: number, b: number, rm: number, pc: number) => acc(fp.mul64(a, b, validRm(rm, pc))),
    rv_div_d: (a: number, b: number, rm: number, pc: number) => acc(fp.div64(a, b, validRm(rm, pc))),
    rv_sqrt_d: (a: number, rm: number, pc: number) => acc(fp.sqrt64(a, validRm(rm, pc))),
    rv_madd_d: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma64(a, b, c, validRm(rm, pc))),
    rv_msub_d: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma64(a, b, -c, validRm(rm, pc))),
    rv_nmsub_d: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma64(-a, b, c, validRm(rm, pc))),
    rv_nmadd_d: (a: number, b: number, c: number, rm: number, pc: number) => acc(fp.fma64(-a, b, -c, validRm(rm, pc))),
    rv_min_d: (a: number, b: number) => acc(fp.min64(a, b)),
    rv_max_d: (a: number, b: number) => acc(fp.max64(a, b)),
    rv_eq_d: (a: number, b: number) => acc(fp.eq64(a, b)),
    rv_lt_d: (a: number, b: number) => acc(fp.lt64(a, b)),
    rv_le_d: (a: number, b: number) => acc(fp.le64(a, b)),
    rv_class_d: (a: number) => fp.classify64(a),
    rv_cvt_w_d: (a: number, rm: number) => acc(fp.f64ToI32(a, rm)),
    rv_cvt_wu_d: (a: number, rm: number) => acc(fp.f64ToU32(a, rm)),
    rv_cvt_l_d: (a: number, rm: number) => acc64(fp.f64ToI64(a, rm)),
    rv_cvt_lu_d: (a: number, rm: number) => acc64(fp.f64ToU64(a, rm)),
    rv_cvt_d_w: (a: number, rm: number) => acc(fp.i32ToF64(a, rm)),
    rv_cvt_d_wu: (a: number, rm: number) => acc(fp.u32ToF64(a, rm)),
    rv_cvt_d_l: (lo: number, hi: number, rm: number) => acc(fp.i64ToF64(lo, hi, rm)),
    rv_cvt_d_lu: (lo: number, hi: number, rm: number) => acc(fp.u64ToF64(lo, hi, rm)),
    rv_cvt_d_s: (a: number, _rm: number) => acc(fp.f32ToF64(a)),

    // A extension. LR reads and reserves; SC is a host compare-exchange against the value LR read.
    rv_lr(al: number, ah: number, size: number, pc: number): number {
      const a = atomicAddr(al, ah, size, pc, false);
      const lo = readOld(a, size);
      R[SLOT_RES_ADDR] = a | 0;
      R[SLOT_RES_LO] = lo;
      R[SLOT_RES_HI] = ret.hi;
      return lo;
    },
    rv_sc(al: number, ah: number, vl: number, vh: number, size: number, pc: number): number {
      const a = atomicAddr(al, ah, size, pc, true);
      ret.hi = 0;
      if (R[SLOT_RES_ADDR] !== (a | 0)) return 1;
      R[SLOT_RES_ADDR] = -1;
      const el = R[SLOT_RES_LO]!, eh = R[SLOT_RES_HI]!;
      if ((a & (size - 1)) === 0) {
        if (size === 4) return Atomics.compareExchange(i32, a >>> 2, el, vl) === el ? 0 : 1;
        const expected = big(el, eh);
        return Atomics.compareExchange(i64, a >>> 3, expected, big(vl, vh)) === expected ? 0 : 1;
      }
      const lo = readOld(a, size);
      const matches = lo === el && ret.hi === eh;
      ret.hi = 0;
      if (!matches) return 1;
      write(a, size, vl, vh);
      return 0;
    },
    rv_amoswap: amo('exchange', (_ol, _oh, vl, vh) => [vl, vh]),
    rv_amoadd: amo('add', (ol, oh, vl, vh) => add64(ol, oh, vl, vh)),
    rv_amoxor: amo('xor', (ol, oh, vl, vh) => [ol ^ vl, oh ^ vh]),
    rv_amoand: amo('and', (ol, oh, vl, vh) => [ol & vl, oh & vh]),
    rv_amoor: amo('or', (ol, oh, vl, vh) => [ol | vl, oh | vh]),
    rv_amomin: amo(undefined, (ol, oh, vl, vh) => (lt(vl, vh, ol, oh, true) ? [vl, vh] : [ol, oh])),
    rv_amomax: amo(undefined, (ol, oh, vl, vh) => (lt(ol, oh, vl, vh, true) ? [vl, vh] : [ol, oh])),
    rv_amominu: amo(undefined, (ol, oh, vl, vh, size) => (size === 4 ? (vl >>> 0 < ol >>> 0 ? [vl, vh] : [ol, oh]) : lt(vl, vh, ol, oh, false) ? [vl, vh] : [ol, oh])),
    rv_amomaxu: amo(undefined, (ol, oh, vl, vh, size) => (size === 4 ? (ol >>> 0 < vl >>> 0 ? [vl, vh] : [ol, oh]) : lt(ol, oh, vl, vh, false) ? [vl, vh] : [ol, oh])),
  };
}

function ns64(ret: Ret): number {
  const t = process.hrtime.bigint();
  ret.hi = Number(BigInt.asIntN(32, t >> 32n));
  return Number(BigInt.asIntN(32, t));
}
