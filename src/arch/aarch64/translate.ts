// Block translation for the AArch64 guest: decodes A64 words through the tables of the instruction
// groups and lifts them to IR. A block ends after a branch, an SVC, a trap or a flush, before an
// instruction that cannot be fetched, or after 128 instructions.
import type { IRBlock } from '../../ir/ir.ts';
import { type GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_SHIFT } from '../../mem/memory.ts';
import { dpRows } from './dp.ts';
import { fpRows } from './fp.ts';
import { A64Lifter, SEGV_MAPERR, SIGSEGV } from './lifter.ts';
import { lsRows } from './ls.ts';
import { simdRows } from './simd.ts';
import { type Ctx, type Fields, type Row, Table } from './table.ts';

const MAX_BLOCK_INSNS = 128;

export const a64Table = new Table([...lsRows, ...dpRows, ...fpRows, ...simdRows]);

export interface A64Decoded {
  row: Row | undefined;
  f: Fields;
  raw: number;
}

export function decodeA64(insn: number): A64Decoded {
  const d = a64Table.lookup(insn | 0);
  return d ? { ...d, raw: insn >>> 0 } : { row: undefined, f: { raw: insn >>> 0 } as Fields, raw: insn >>> 0 };
}

const EXEC = PAGE_EXEC | PAGE_MAPPED;
const fetchable = (mem: GuestMemory, a: number): boolean => (mem.pages[a >>> PAGE_SHIFT]! & EXEC) === EXEC;

/**
 * Lifts one instruction. A row that refuses its operands (returns false or throws: an UNDEFINED or
 * unallocated combination) drops what it emitted and becomes SIGILL, so no encoding crashes tsemu.
 */
function liftOne(L: A64Lifter, d: A64Decoded, ctx: Ctx): void {
  if (!d.row) return L.undefinedInsn();
  const mark = L.b.ops.length;
  const callReturn = L.callReturn;
  let ok: void | boolean;
  try {
    ok = d.row.lift(L, d.f, ctx);
  } catch {
    ok = false;
  }
  if (ok === false) {
    L.b.ops.length = mark;
    L.exit = undefined;
    L.callReturn = callReturn;
    L.undefinedInsn();
  }
}

export function translateBlock(mem: GuestMemory, pc: number): IRBlock {
  let addr = pc >>> 0;
  const L = new A64Lifter(addr);
  let count = 0;
  while (!L.exit) {
    L.pc = addr;
    if ((addr & 3) !== 0 || !fetchable(mem, addr)) {
      if (count > 0) {
        L.branchTo(addr);
        break;
      }
      // A misaligned PC is a PC alignment fault (Linux: SIGBUS BUS_ADRALN); an unmapped one SIGSEGV.
      if ((addr & 3) !== 0) L.end({ k: 'trap', pc: addr, signal: 7, code: 1, addr });
      else L.end({ k: 'trap', pc: addr, signal: SIGSEGV, code: SEGV_MAPERR, addr });
      break;
    }
    liftOne(L, decodeA64(mem.dv.getUint32(addr, true)), { pc: addr });
    count++;
    addr = (addr + 4) >>> 0;
    if (!L.exit && count >= MAX_BLOCK_INSNS) L.branchTo(addr);
  }
  const block = L.b.finish(L.exit!, addr, count);
  if (L.callReturn !== undefined) block.callReturn = L.callReturn;
  return block;
}

/** Text of one instruction in objdump's syntax. */
export function formatInsn(d: A64Decoded, addr: number): string {
  if (!d.row) return `.inst\t0x${d.raw.toString(16).padStart(8, '0')} ; undefined`;
  return d.row.dis(d.f, { pc: addr });
}

export function disassembleAt(mem: GuestMemory, pc: number): { text: string; length: number } {
  if (!fetchable(mem, pc)) return { text: '(unreadable)', length: 4 };
  return { text: formatInsn(decodeA64(mem.dv.getUint32(pc, true)), pc), length: 4 };
}
