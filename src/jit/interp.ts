// The cold path: runs a block's IR directly. Most blocks of a program run a handful of times
// (a static hello: 676 of 1036 blocks exactly once), and compiling one with `new Function` costs
// tens of microseconds, so a block is interpreted for its first runs and compiled to tier 1 only
// when it keeps running. Semantics are those of the JS backend, op for op: the same memory guard
// (addresses outside it take the helpers' slow path), the same helpers, i64 as BigInt (exact by
// construction, through the reference evaluator the backend tests use).
import type { CpuState } from '../arch/types.ts';
import type { IRBlock, Temp } from '../ir/ir.ts';
import { evalBin, evalUn } from '../ir/passes.ts';
import { type GuestMemory, LOW_GUARD, LOAD_PERMS, PAGE_MASK, PAGE_SHIFT, PAGE_WRITE, fastAccessLimit, strictPageLimit } from '../mem/memory.ts';
import type { Ret } from './helpers.ts';
import { EXIT_FLUSH, EXIT_SYSCALL, EXIT_TRAP } from './js-backend.ts';

type Value = number | bigint;
type Helper = (...args: number[]) => number;

const lo32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
const pair = (lo: number, hi: number) => BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));

/** Runs the block once; returns the next guest PC, or -1 with cpu.exitReason set. */
export function interpretBlock(block: IRBlock, cpu: CpuState, mem: GuestMemory, H: Record<string, unknown>, ret: Ret, profileJumps: boolean): number {
  const { types } = block;
  const R = cpu.R, F32 = cpu.F32, F64 = cpu.F64, dv = mem.dv, le = mem.littleEndian;
  // Filled with null so the array holds tagged values: a holey array of only numbers becomes a
  // double array, which quiets signalling NaNs (f64 register copies must keep their bits).
  const val: Value[] = new Array(types.length).fill(null);
  const num = (t: Temp) => val[t] as number;
  const big = (t: Temp) => val[t] as bigint;
  const call = (name: string, args: number[]) => (H[name] as Helper)(...args);
  const loadSlow = H.load as (lo: number, hi: number, size: number, signed: boolean, pc: number) => number;
  /** An address temp as (lo, hi) words. */
  const words = (t: Temp): [number, number] => (types[t] === 'i64' ? [lo32(big(t)), hi32(big(t))] : [num(t), 0]);
  // Strict memory mode: also the page's permission, and no crossing into the next page.
  const strict = mem.strict, pages = mem.pages;
  const fast = ([l, h]: [number, number], size: number, need: number) =>
    h === 0 && ((l - LOW_GUARD) >>> 0) <= fastAccessLimit(size) &&
    (!strict || ((pages[l >>> PAGE_SHIFT] & need) !== 0 && (l & PAGE_MASK) <= strictPageLimit(size)));

  for (const op of block.ops) {
    if ((op.k === 'load' || op.k === 'store' || op.k === 'call') && op.guard !== undefined && num(op.guard) === 0) {
      if (op.k !== 'store' && op.dst >= 0) val[op.dst] = types[op.dst] === 'i64' ? 0n : 0;
      continue;
    }
    switch (op.k) {
      case 'const':
        val[op.dst] = op.value;
        break;
      case 'get': {
        const ty = types[op.dst];
        val[op.dst] = ty === 'i64' ? pair(R[op.slot], R[op.slot + 1]) : ty === 'i32' ? R[op.slot] : ty === 'f64' ? F64[op.slot >> 1] : F32[op.slot];
        break;
      }
      case 'set': {
        const ty = types[op.src];
        if (ty === 'i64') {
          R[op.slot] = lo32(big(op.src));
          R[op.slot + 1] = hi32(big(op.src));
        } else if (ty === 'i32') R[op.slot] = num(op.src);
        else if (ty === 'f64') F64[op.slot >> 1] = num(op.src);
        else F32[op.slot] = num(op.src);
        break;
      }
      case 'bin': {
        const r = evalBin(op.op, types[op.a], BigInt(val[op.a]), BigInt(val[op.b]));
        val[op.dst] = types[op.dst] === 'i64' ? r : Number(r);
        break;
      }
      case 'un': {
        const r = evalUn(op.op, types[op.a], BigInt(val[op.a]));
        val[op.dst] = types[op.dst] === 'i64' ? BigInt.asIntN(64, r) : Number(BigInt.asIntN(32, r));
        break;
      }
      case 'select':
        val[op.dst] = num(op.cond) !== 0 ? val[op.a] : val[op.b];
        break;
      case 'load': {
        const ty = types[op.dst];
        const w = words(op.addr);
        const a = w[0] >>> 0;
        const ok = fast(w, op.size, LOAD_PERMS);
        if (ty === 'f32' || ty === 'f64') {
          val[op.dst] = ok ? (op.size === 4 ? dv.getFloat32(a, le) : dv.getFloat64(a, le)) : +call('loadF', [w[0], w[1], op.size, op.pc]);
          break;
        }
        let l: number, h: number;
        if (op.size === 8) {
          if (ok) {
            l = dv.getInt32(le ? a : a + 4, le);
            h = dv.getInt32(le ? a + 4 : a, le);
          } else {
            l = loadSlow(w[0], w[1], 8, op.signed, op.pc) | 0;
            h = ret.hi | 0;
          }
        } else {
          if (ok) {
            l = op.size === 1 ? (op.signed ? (mem.u8[a] << 24) >> 24 : mem.u8[a]) : op.size === 2 ? (op.signed ? dv.getInt16(a, le) : dv.getUint16(a, le)) : dv.getInt32(a, le);
          } else l = loadSlow(w[0], w[1], op.size, op.signed, op.pc) | 0;
          h = op.signed ? l >> 31 : 0;
        }
        val[op.dst] = ty === 'i64' ? pair(l, h) : l;
        break;
      }
      case 'store': {
        const ty = types[op.src];
        const w = words(op.addr);
        const a = w[0] >>> 0;
        const ok = fast(w, op.size, PAGE_WRITE);
        if (ty === 'f32' || ty === 'f64') {
          if (!ok) call('storeF', [w[0], w[1], op.size, num(op.src), op.pc]);
          else if (op.size === 4) dv.setFloat32(a, num(op.src), le);
          else dv.setFloat64(a, num(op.src), le);
          break;
        }
        const l = ty === 'i64' ? lo32(big(op.src)) : num(op.src);
        const h = ty === 'i64' ? hi32(big(op.src)) : 0;
        if (!ok) call('store', [w[0], w[1], op.size, l, h, op.pc]);
        else if (op.size === 1) mem.u8[a] = l;
        else if (op.size === 2) dv.setInt16(a, l, le);
        else if (op.size === 4) dv.setInt32(a, l, le);
        else {
          dv.setInt32(le ? a : a + 4, l, le);
          dv.setInt32(le ? a + 4 : a, h, le);
        }
        break;
      }
      case 'call': {
        // The fast path of FastFloat calls is an optimization with the helper's exact result.
        // A tagged array: an array of only numbers would hold doubles unboxed and quiet sNaNs.
        const args: unknown[] = [null];
        args.length = 0;
        for (const t of op.args) {
          if (types[t] === 'i64') args.push(lo32(big(t)), hi32(big(t)));
          else args.push(num(t));
        }
        const r = call(op.helper, args as number[]);
        if (op.dst >= 0) {
          const ty = types[op.dst];
          val[op.dst] = ty === 'i64' ? pair(r | 0, ret.hi | 0) : ty === 'i32' ? r | 0 : +r;
        }
        break;
      }
    }
  }

  const e = block.exit;
  switch (e.k) {
    case 'goto':
      return e.target;
    case 'branch':
      return num(e.cond) !== 0 ? e.taken : e.notTaken;
    case 'jump': {
      const [l, h] = words(e.target);
      const target = h === 0 ? l >>> 0 : call('badJump', [l, h]) >>> 0;
      return profileJumps ? call('noteJump', [block.pc, target]) : target;
    }
    case 'syscall':
      cpu.pc = e.next;
      cpu.exitPc = e.pc;
      cpu.exitReason = EXIT_SYSCALL;
      return -1;
    case 'trap':
      cpu.pc = e.pc;
      cpu.trapSignal = e.signal;
      cpu.trapCode = e.code;
      cpu.trapAddr = e.addr;
      cpu.exitReason = EXIT_TRAP;
      return -1;
    case 'flush':
      cpu.pc = e.next;
      cpu.exitReason = EXIT_FLUSH;
      return -1;
  }
}
