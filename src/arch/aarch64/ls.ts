// A64 loads and stores (Arm ARM C4.1.88 "Loads and Stores", except the AdvSIMD structure forms):
// general and FP/SIMD registers with every addressing mode, pairs, literals, prefetches, the
// exclusives, load-acquire/store-release and the LSE atomics.
//
// Plain accesses are IR loads and stores. D registers move as f64 (the view regions promote), S, H
// and B as raw i32 bits (an f32 in a JS number may lose a signalling NaN's bit), Q as two i64
// halves. Exclusives and atomics go through the helpers of ls-helpers.ts, which check alignment
// (SIGBUS) and permissions (precise SIGSEGV) and use Atomics on the shared memory.
//
// CONSTRAINED UNPREDICTABLE cases follow qemu-aarch64 (measured): a load with writeback where Rt
// is Rn leaves the written-back address in Rn; a store with writeback where Rt is Rn stores the
// old value; LDP with Rt == Rt2 leaves the first value (Rt2 is written first, then Rt).
import type { Temp } from '../../ir/ir.ts';
import type { A64Lifter } from './lifter.ts';
import { vslot } from './state.ts';
import { type Fields, hex, row, type Row, sext, xr, xsp } from './table.ts';

type Bytes = 1 | 2 | 4 | 8 | 16;

/**
 * What one access moves: a general register (sf: 1 for X, 0 for W; signed: sign-extending load),
 * an FP/SIMD register (fp), or nothing (a prefetch).
 */
interface Xfer {
  fp: boolean;
  prfm: boolean;
  load: boolean;
  bytes: Bytes;
  signed: boolean;
  sf: number;
}

const LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3, 16: 4 };

/** The transfer of the single-register forms from size, V and opc; undefined: unallocated. */
function xferOf(size: number, v: number, opc: number): Xfer | undefined {
  if (v) {
    if (opc & 2 && size !== 0) return undefined;
    const bytes = (opc & 2 ? 16 : 1 << size) as Bytes;
    return { fp: true, prfm: false, load: (opc & 1) === 1, bytes, signed: false, sf: 1 };
  }
  const bytes = (1 << size) as Bytes;
  switch (opc) {
    case 0:
      return { fp: false, prfm: false, load: false, bytes, signed: false, sf: size === 3 ? 1 : 0 };
    case 1:
      return { fp: false, prfm: false, load: true, bytes, signed: false, sf: size === 3 ? 1 : 0 };
    case 2:
      if (size === 3) return { fp: false, prfm: true, load: false, bytes: 8, signed: false, sf: 1 };
      return { fp: false, prfm: false, load: true, bytes, signed: true, sf: 1 };
    default:
      if (size >= 2) return undefined;
      return { fp: false, prfm: false, load: true, bytes, signed: true, sf: 0 };
  }
}

/** The transfer of a pair (opc, V, L); undefined: unallocated. LDPSW only outside the no-allocate forms. */
function pairXferOf(opc: number, v: number, load: number, noAlloc: boolean): Xfer | undefined {
  if (opc === 3) return undefined;
  if (v) return { fp: true, prfm: false, load: load === 1, bytes: (4 << opc) as Bytes, signed: false, sf: 1 };
  if (opc === 1) {
    if (!load || noAlloc) return undefined; // STGP (MTE) is not ARMv8.0
    return { fp: false, prfm: false, load: true, bytes: 4, signed: true, sf: 1 };
  }
  return { fp: false, prfm: false, load: load === 1, bytes: opc ? 8 : 4, signed: false, sf: opc ? 1 : 0 };
}

// ---- text -------------------------------------------------------------------------------------

const FP_PREFIX = 'bhsdq';

/** The transferred register's name. */
function regText(x: Xfer, r: number): string {
  return x.fp ? `${FP_PREFIX[LOG2[x.bytes]!]}${r}` : xr(r, x.sf);
}

/** ldr/str (or the given stem pair: ldur/stur, ldtr/sttr) with its sign and size suffix. */
function mnemonic(x: Xfer, load: string, store: string): string {
  if (x.fp) return x.load ? load : store;
  const size = x.bytes === 1 ? 'b' : x.bytes === 2 ? 'h' : x.bytes === 4 && x.signed ? 'w' : '';
  return `${x.load ? load : store}${x.signed ? 's' : ''}${size}`;
}

const PRF_TYPES = ['pld', 'pli', 'pst'];
/** A PRFM operation: pld/pli/pst, l1..l3, keep/strm; other values as objdump's #0xNN. */
function prfop(rt: number): string {
  const type = rt >> 3, target = (rt >> 1) & 3;
  if (type === 3 || target === 3) return `#0x${rt.toString(16).padStart(2, '0')}`;
  return `${PRF_TYPES[type]}l${target + 1}${rt & 1 ? 'strm' : 'keep'}`;
}

/** The first operand: a register, or the prefetch operation. */
const target = (x: Xfer, rt: number): string => (x.prfm ? prfop(rt) : regText(x, rt));

const offsetText = (rn: number, off: number): string => (off === 0 ? `[${xsp(rn)}]` : `[${xsp(rn)}, #${off}]`);
const preText = (rn: number, off: number): string => `[${xsp(rn)}, #${off}]!`;
const postText = (rn: number, off: number): string => `[${xsp(rn)}], #${off}`;

// ---- semantics --------------------------------------------------------------------------------

/** Loads what x describes from addr; the result writes it to a register (so the caller orders the writes). */
function loadXfer(L: A64Lifter, x: Xfer, addr: Temp): (rt: number) => void {
  if (!x.fp) {
    const v = L.load(x.bytes as 1 | 2 | 4 | 8, x.signed, addr, x.sf ? 'i64' : 'i32');
    return (rt) => L.setReg(rt, v);
  }
  switch (x.bytes) {
    case 16: {
      const lo = L.load(8, false, addr, 'i64');
      const hi = L.load(8, false, L.b.add(addr, L.i64(8)), 'i64');
      return (rt) => L.setV(rt, lo, hi);
    }
    case 8: {
      const d = L.load(8, false, addr, 'f64');
      return (rt) => L.setD(rt, d);
    }
    default: {
      const w = L.load(x.bytes, false, addr, 'i32');
      return (rt) => L.setV32(rt, w);
    }
  }
}

function storeXfer(L: A64Lifter, x: Xfer, rt: number, addr: Temp): void {
  if (!x.fp) {
    L.store(x.bytes as 1 | 2 | 4 | 8, addr, x.bytes === 8 ? L.x(rt) : L.w(rt));
    return;
  }
  switch (x.bytes) {
    case 16:
      L.store(8, addr, L.vlo(rt));
      L.store(8, L.b.add(addr, L.i64(8)), L.vhi(rt));
      return;
    case 8:
      L.store(8, addr, L.dreg(rt));
      return;
    default:
      L.store(x.bytes, addr, L.b.get(vslot(rt), 'i32'));
  }
}

type Index = 'offset' | 'pre' | 'post';

/** base + off (an i64 constant offset; 0 adds nothing). */
function plus(L: A64Lifter, base: Temp, off: number): Temp {
  return off === 0 ? base : L.b.add(base, L.i64(off));
}

/** One register to or from [Xn|SP + off], with pre- or post-index writeback. */
function single(L: A64Lifter, x: Xfer, rt: number, rn: number, off: number, index: Index): void {
  if (x.prfm) return; // a hint: no access, never a fault
  const base = L.xsp(rn);
  const moved = plus(L, base, off);
  const addr = index === 'post' ? base : moved;
  if (x.load) loadXfer(L, x, addr)(rt);
  else storeXfer(L, x, rt, addr);
  if (index !== 'offset') L.setRegSP(rn, moved);
}

/** A pair to or from [Xn|SP + off]. */
function pair(L: A64Lifter, x: Xfer, rt: number, rt2: number, rn: number, off: number, index: Index): void {
  const base = L.xsp(rn);
  const moved = plus(L, base, off);
  const addr = index === 'post' ? base : moved;
  const addr2 = plus(L, addr, x.bytes);
  if (x.load) {
    const first = loadXfer(L, x, addr);
    const second = loadXfer(L, x, addr2);
    second(rt2);
    first(rt);
  } else {
    storeXfer(L, x, rt, addr);
    storeXfer(L, x, rt2, addr2);
  }
  if (index !== 'offset') L.setRegSP(rn, moved);
}

/** The register-offset index: Wm or Xm extended by option, shifted by shift. */
function extendedIndex(L: A64Lifter, rm: number, option: number, shift: number): Temp {
  const b = L.b;
  let idx: Temp;
  switch (option) {
    case 2: idx = b.un('zext32to64', L.w(rm)); break; // UXTW
    case 6: idx = b.un('sext32to64', L.w(rm)); break; // SXTW
    default: idx = L.x(rm); // LSL (UXTX), SXTX
  }
  return shift ? b.bin('shl', idx, L.i32(shift)) : idx;
}

const EXTEND_NAMES: Record<number, string> = { 2: 'uxtw', 3: 'lsl', 6: 'sxtw', 7: 'sxtx' };
/** Register-offset operand text: [Xn, Xm], [Xn, Xm, lsl #s], [Xn, Wm, uxtw], [Xn, Wm, sxtw #s], ... */
function regOffsetText(rn: number, rm: number, option: number, s: number, scale: number): string {
  const index = xr(rm, option & 1);
  if (option === 3 && !s) return `[${xsp(rn)}, ${index}]`;
  return `[${xsp(rn)}, ${index}, ${EXTEND_NAMES[option]}${s ? ` #${scale}` : ''}]`;
}

// ---- exclusives, acquire/release, atomics ---------------------------------------------------

const SIZE_SUFFIX = ['b', 'h', '', ''];

/** Raises SIGBUS (BUS_ADRALN) unless addr is a multiple of bytes: a guarded helper call, so aligned accesses only compare. */
function requireAligned(L: A64Lifter, addr: Temp, bytes: number): void {
  if (bytes === 1) return;
  const b = L.b;
  const misaligned = b.bin('ne', b.bin('and', b.un('lo64', addr), L.i32(bytes - 1)), L.i32(0));
  b.call('a64_misaligned', [addr, L.i32(L.pc)], undefined, L.pc, false, misaligned);
}

/** LDXR/LDAXR (size 0..3), LDXP/LDAXP (pair, size 2..3). */
function loadExclusive(L: A64Lifter, size: number, isPair: boolean, rt: number, rt2: number, rn: number): void {
  const addr = L.xsp(rn);
  const bytes = 1 << size;
  if (!isPair) {
    L.setReg(rt, L.call('a64_ldxr', [addr, L.i32(bytes), L.i32(L.pc)], 'i64'));
    return;
  }
  const { lo, hi } = L.vecCall('a64_ldxp', [addr, L.i32(bytes), L.i32(L.pc)]);
  L.setReg(rt, lo);
  L.setReg(rt2, hi);
}

/** STXR/STLXR, STXP/STLXP: Ws gets 0 on success, 1 on failure. */
function storeExclusive(L: A64Lifter, size: number, isPair: boolean, rs: number, rt: number, rt2: number, rn: number): void {
  const addr = L.xsp(rn);
  const bytes = 1 << size;
  const status = isPair
    ? L.call('a64_stxp', [addr, L.x(rt), L.x(rt2), L.i32(bytes), L.i32(L.pc)], 'i32')
    : L.call('a64_stxr', [addr, L.x(rt), L.i32(bytes), L.i32(L.pc)], 'i32');
  L.setReg(rs, status);
}

function liftExclusive(L: A64Lifter, f: Fields): boolean {
  const { z: size, o: o2, L: load, p: o1, q: o0, s: rs, u: rt2, n: rn, t: rt } = f;
  if (o2 === 0 && o1 === 0) {
    if (load) loadExclusive(L, size, false, rt, 31, rn);
    else storeExclusive(L, size, false, rs, rt, 31, rn);
    return true;
  }
  if (o2 === 0 && o1 === 1) {
    if (size < 2) return liftCasp(L, f);
    if (load) loadExclusive(L, size, true, rt, rt2, rn);
    else storeExclusive(L, size, true, rs, rt, rt2, rn);
    return true;
  }
  if (o2 === 1 && o1 === 0) {
    if (o0 === 0) return false; // LDLAR/STLLR: LORegions (ARMv8.1) are not implemented
    const addr = L.xsp(rn);
    const bytes = (1 << size) as 1 | 2 | 4 | 8;
    requireAligned(L, addr, bytes);
    if (load) L.setReg(rt, L.load(bytes, false, addr, size === 3 ? 'i64' : 'i32'));
    else L.store(bytes, addr, size === 3 ? L.x(rt) : L.w(rt));
    return true;
  }
  // CAS: Rs is compared and receives the old value, Rt is stored.
  if (rt2 !== 31) return false;
  const old = L.call('a64_cas', [L.xsp(rn), L.x(rs), L.x(rt), L.i32(1 << size), L.i32(L.pc)], 'i64');
  L.setReg(rs, old);
  return true;
}

/** CASP: Rs:Rs+1 compared with the pair at [Xn] and given its old value; Rt:Rt+1 stored. */
function liftCasp(L: A64Lifter, f: Fields): boolean {
  const { z: size, s: rs, u: rt2, n: rn, t: rt } = f;
  if (rt2 !== 31 || rs & 1 || rt & 1) return false;
  const bytes = size ? 8 : 4;
  const args = [L.xsp(rn), L.x(rs), L.x(rs + 1), L.x(rt), L.x(rt + 1), L.i32(bytes), L.i32(L.pc)];
  const { lo, hi } = L.vecCall('a64_casp', args);
  L.setReg(rs, lo);
  L.setReg(rs + 1, hi);
  return true;
}

function disExclusive(f: Fields): string {
  const { z: size, o: o2, L: load, p: o1, q: o0, s: rs, u: rt2, n: rn, t: rt } = f;
  const sf = size === 3 ? 1 : 0;
  const mem = `[${xsp(rn)}]`;
  const sz = SIZE_SUFFIX[size]!;
  if (o2 === 0 && o1 === 0) {
    const name = `${load ? 'ld' : 'st'}${o0 ? 'a' : ''}xr${sz}`.replace('stax', 'stlx');
    return load ? `${name}\t${xr(rt, sf)}, ${mem}` : `${name}\t${xr(rs, 0)}, ${xr(rt, sf)}, ${mem}`;
  }
  if (o2 === 0 && o1 === 1) {
    if (size < 2) {
      const cf = size & 1;
      const name = `casp${load ? 'a' : ''}${o0 ? 'l' : ''}`;
      return `${name}\t${xr(rs, cf)}, ${xr(rs + 1, cf)}, ${xr(rt, cf)}, ${xr(rt + 1, cf)}, ${mem}`;
    }
    const pf = size & 1;
    if (load) return `ld${o0 ? 'a' : ''}xp\t${xr(rt, pf)}, ${xr(rt2, pf)}, ${mem}`;
    return `st${o0 ? 'l' : ''}xp\t${xr(rs, 0)}, ${xr(rt, pf)}, ${xr(rt2, pf)}, ${mem}`;
  }
  if (o2 === 1 && o1 === 0) {
    const name = load ? (o0 ? 'ldar' : 'ldlar') : o0 ? 'stlr' : 'stllr';
    return `${name}${sz}\t${xr(rt, sf)}, ${mem}`;
  }
  return `cas${load ? 'a' : ''}${o0 ? 'l' : ''}${sz}\t${xr(rs, sf)}, ${xr(rt, sf)}, ${mem}`;
}

const ATOMIC_OPS = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];

/** LD<op>, SWP and LDAPR (RCpc, a load-acquire for one thread) of the atomic memory operations group. */
function liftAtomic(L: A64Lifter, f: Fields): boolean {
  const { z: size, a: acq, r: rel, s: rs, o: o3, c: opc, n: rn, t: rt } = f;
  if (o3 === 1) {
    if (opc === 4 && acq === 1 && rel === 0 && rs === 31) {
      const addr = L.xsp(rn);
      const bytes = (1 << size) as 1 | 2 | 4 | 8;
      requireAligned(L, addr, bytes);
      L.setReg(rt, L.load(bytes, false, addr, size === 3 ? 'i64' : 'i32'));
      return true;
    }
    if (opc !== 0) return false;
  }
  const helper = o3 ? 'a64_swp' : `a64_ld${ATOMIC_OPS[opc]}`;
  L.setReg(rt, L.call(helper, [L.xsp(rn), L.x(rs), L.i32(1 << size), L.i32(L.pc)], 'i64'));
  return true;
}

function disAtomic(f: Fields): string {
  const { z: size, a: acq, r: rel, s: rs, o: o3, c: opc, n: rn, t: rt } = f;
  const sf = size === 3 ? 1 : 0;
  const sz = SIZE_SUFFIX[size]!;
  const mem = `[${xsp(rn)}]`;
  if (o3 === 1 && opc === 4) return `ldapr${sz}\t${xr(rt, sf)}, ${mem}`;
  const op = o3 ? 'swp' : ATOMIC_OPS[opc]!;
  if (!o3 && rt === 31 && !acq) return `st${op}${rel ? 'l' : ''}${sz}\t${xr(rs, sf)}, ${mem}`;
  return `${o3 ? '' : 'ld'}${op}${acq ? 'a' : ''}${rel ? 'l' : ''}${sz}\t${xr(rs, sf)}, ${xr(rt, sf)}, ${mem}`;
}

// ---- rows -------------------------------------------------------------------------------------

const IMM9_INDEX: Index[] = ['offset', 'post', 'offset', 'pre'];
const PAIR_INDEX: Index[] = ['offset', 'post', 'offset', 'pre'];

/** Scaled byte offset of the unsigned-immediate form. */
const uimmOffset = (x: Xfer, imm: number): number => imm * x.bytes;

export const lsRows: Row[] = [
  // Load register (literal): LDR Wt/Xt/St/Dt/Qt, LDRSW, PRFM.
  row(
    'ldr-literal',
    'oo011v00 iiiiiiiiiiiiiiiiiii ttttt',
    (L, f) => {
      const x = literalXfer(f.o, f.v);
      if (!x) return false;
      if (x.prfm) return true;
      const addr = L.i64(BigInt(L.pc) + BigInt(sext(f.i, 19) * 4));
      loadXfer(L, x, addr)(f.t);
      return true;
    },
    (f, c) => {
      const x = literalXfer(f.o, f.v);
      const at = hex(BigInt(c.pc) + BigInt(sext(f.i, 19) * 4));
      return x ? `${x.prfm ? 'prfm' : mnemonic(x, 'ldr', 'str')}\t${target(x, f.t)}, ${at}` : `.inst\t0x${hex(f.raw).padStart(8, '0')} ; undefined`;
    },
    (f) => literalXfer(f.o, f.v) !== undefined,
  ),

  // Exclusives, load-acquire/store-release, CAS and CASP.
  row('ldst-exclusive', 'zz001000 oLpsssssquuuuunnnnnttttt', liftExclusive, disExclusive, (f) => {
    if (f.o === 0 && f.p === 1 && f.z < 2) return f.u === 31 && (f.s & 1) === 0 && (f.t & 1) === 0;
    if (f.o === 1 && f.p === 1) return f.u === 31;
    if (f.o === 1 && f.L === 1 && f.q === 1) return f.s === 31 && f.u === 31; // LDAR: as objdump decodes it
    return true;
  }),

  // Pairs: LDNP/STNP, LDP/STP (post-index, signed offset, pre-index), LDPSW.
  row(
    'ldst-pair',
    'oo101v0kk Liiiiiii uuuuu nnnnn ttttt',
    (L, f) => {
      const x = pairXferOf(f.o, f.v, f.L, f.k === 0)!;
      pair(L, x, f.t, f.u, f.n, sext(f.i, 7) * x.bytes, PAIR_INDEX[f.k]!);
    },
    (f) => {
      const x = pairXferOf(f.o, f.v, f.L, f.k === 0)!;
      const name = f.k === 0 ? (f.L ? 'ldnp' : 'stnp') : x.signed ? 'ldpsw' : f.L ? 'ldp' : 'stp';
      const off = sext(f.i, 7) * x.bytes;
      const mem = f.k === 3 ? preText(f.n, off) : f.k === 1 ? postText(f.n, off) : offsetText(f.n, off);
      return `${name}\t${regText(x, f.t)}, ${regText(x, f.u)}, ${mem}`;
    },
    (f) => {
      const x = pairXferOf(f.o, f.v, f.L, f.k === 0);
      if (!x) return false;
      // objdump calls LDPSW with Rt == Rt2, or writing back to Rt or Rt2, undefined (LDP it decodes).
      if (x.signed && (f.t === f.u || ((f.k & 1) === 1 && f.n !== 31 && (f.n === f.t || f.n === f.u)))) return false;
      return true;
    },
  ),

  // Unscaled immediate (LDUR/STUR/PRFUM), post-index, unprivileged (LDTR/STTR), pre-index.
  row(
    'ldst-imm9',
    'zz111v00 cc0 iiiiiiiii kk nnnnn ttttt',
    (L, f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      single(L, x, f.t, f.n, sext(f.i, 9), IMM9_INDEX[f.k]!);
    },
    (f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      const off = sext(f.i, 9);
      switch (f.k) {
        case 0:
          return `${x.prfm ? 'prfum' : mnemonic(x, 'ldur', 'stur')}\t${target(x, f.t)}, ${offsetText(f.n, off)}`;
        case 2:
          return `${mnemonic(x, 'ldtr', 'sttr')}\t${target(x, f.t)}, ${offsetText(f.n, off)}`;
        default:
          return `${mnemonic(x, 'ldr', 'str')}\t${target(x, f.t)}, ${f.k === 3 ? preText(f.n, off) : postText(f.n, off)}`;
      }
    },
    (f) => {
      const x = xferOf(f.z, f.v, f.c);
      if (!x) return false;
      if (f.k === 0) return true; // PRFUM exists
      if (x.prfm) return false;
      return !(f.k === 2 && x.fp); // no unprivileged FP/SIMD forms
    },
  ),

  // Atomic memory operations (LSE): LD<op>, ST<op>, SWP; LDAPR.
  row('atomic', 'zz111000 ar1sssss occc00 nnnnn ttttt', liftAtomic, disAtomic, (f) => {
    if (f.o === 0) return true;
    if (f.c === 0) return true;
    return f.c === 4 && f.a === 1 && f.r === 0 && f.s === 31;
  }),

  // Register offset: [Xn|SP, Wm|Xm{, extend/shift {#amount}}].
  row(
    'ldst-regoff',
    'zz111v00 cc1 mmmmm xxx S 10 nnnnn ttttt',
    (L, f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      if (x.prfm) return;
      const addr = L.b.add(L.xsp(f.n), extendedIndex(L, f.m, f.x, f.S ? LOG2[x.bytes]! : 0));
      if (x.load) loadXfer(L, x, addr)(f.t);
      else storeXfer(L, x, f.t, addr);
    },
    (f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      return `${x.prfm ? 'prfm' : mnemonic(x, 'ldr', 'str')}\t${target(x, f.t)}, ${regOffsetText(f.n, f.m, f.x, f.S, LOG2[x.bytes]!)}`;
    },
    (f) => (f.x & 2) !== 0 && xferOf(f.z, f.v, f.c) !== undefined,
  ),

  // Unsigned scaled immediate: [Xn|SP, #imm12 * size].
  row(
    'ldst-uimm',
    'zz111v01 cc iiiiiiiiiiii nnnnn ttttt',
    (L, f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      single(L, x, f.t, f.n, uimmOffset(x, f.i), 'offset');
    },
    (f) => {
      const x = xferOf(f.z, f.v, f.c)!;
      return `${x.prfm ? 'prfm' : mnemonic(x, 'ldr', 'str')}\t${target(x, f.t)}, ${offsetText(f.n, uimmOffset(x, f.i))}`;
    },
    (f) => xferOf(f.z, f.v, f.c) !== undefined,
  ),
];

/** LDR (literal): opc 00 W / S, 01 X / D, 10 LDRSW / Q, 11 PRFM. */
function literalXfer(opc: number, v: number): Xfer | undefined {
  if (v) return opc === 3 ? undefined : { fp: true, prfm: false, load: true, bytes: (4 << opc) as Bytes, signed: false, sf: 1 };
  switch (opc) {
    case 0: return { fp: false, prfm: false, load: true, bytes: 4, signed: false, sf: 0 };
    case 1: return { fp: false, prfm: false, load: true, bytes: 8, signed: false, sf: 1 };
    case 2: return { fp: false, prfm: false, load: true, bytes: 4, signed: true, sf: 1 };
    default: return { fp: false, prfm: true, load: false, bytes: 8, signed: false, sf: 1 };
  }
}
