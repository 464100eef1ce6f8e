// Block translation for the MIPS guests: decodes MIPS32 words (in the guest's byte order) through
// the tables of the instruction groups and lifts them to IR. A branch and its delay slot are lifted
// together (see lifter.ts); a block ends after a branch's delay slot, a syscall, a trap or a flush,
// before an instruction that cannot be fetched, or after about 128 instructions.
import type { IRBlock } from '../../ir/ir.ts';
import { type GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_SHIFT } from '../../mem/memory.ts';
import { fpuRows } from './fpu.ts';
import { makeIntRows } from './int.ts';
import { BUS_ADRALN, ILL_ILLOPC, MipsLifter, SEGV_MAPERR, SIGBUS, SIGILL, SIGSEGV } from './lifter.ts';
import { type Ctx, type Fields, type Row, Table } from './table.ts';

const MAX_BLOCK_INSNS = 128;

/** One table per byte order: LWL/LWR/SWL/SWR depend on it. */
const tables = new Map<boolean, Table>();
export function mipsTable(littleEndian: boolean): Table {
  let t = tables.get(littleEndian);
  if (!t) tables.set(littleEndian, (t = new Table([...makeIntRows(littleEndian), ...fpuRows])));
  return t;
}

export interface MipsDecoded {
  row: Row | undefined;
  f: Fields;
  raw: number;
}

export function decodeMips(insn: number, littleEndian: boolean): MipsDecoded {
  const d = mipsTable(littleEndian).lookup(insn | 0);
  return d ? { ...d, raw: insn >>> 0 } : { row: undefined, f: { raw: insn >>> 0 } as Fields, raw: insn >>> 0 };
}

const EXEC = PAGE_EXEC | PAGE_MAPPED;
const fetchable = (mem: GuestMemory, a: number): boolean => (mem.pages[a >>> PAGE_SHIFT]! & EXEC) === EXEC;
const fetch = (mem: GuestMemory, a: number): number => mem.dv.getUint32(a, mem.littleEndian);

/**
 * Lifts one instruction. A row that refuses its operands (returns false or throws: a reserved
 * encoding, a branch in a delay slot) drops what it emitted and becomes SIGILL, so no encoding
 * crashes tsemu.
 */
function liftOne(L: MipsLifter, d: MipsDecoded, ctx: Ctx): void {
  if (!d.row) return L.undefinedInsn();
  const mark = L.b.ops.length, nTypes = L.b.types.length;
  const callReturn = L.callReturn;
  let ok: void | boolean;
  try {
    ok = d.row.lift(L, d.f, ctx);
  } catch {
    ok = false;
  }
  if (ok === false) {
    L.b.ops.length = mark;
    L.b.types.length = nTypes;
    L.exit = undefined;
    L.pending = undefined;
    L.callReturn = callReturn;
    L.undefinedInsn();
  }
}

export function translateBlock(mem: GuestMemory, pc: number, fr: number): IRBlock {
  let addr = pc >>> 0;
  const L = new MipsLifter(addr, fr);
  let count = 0;
  while (!L.exit) {
    L.pc = L.faultPc = addr;
    if ((addr & 3) !== 0 || !fetchable(mem, addr)) {
      if (count > 0) {
        L.branchTo(addr);
        break;
      }
      // Fetching from a misaligned PC is an address error (Linux: SIGBUS); unmapped: SIGSEGV.
      if ((addr & 3) !== 0) L.end({ k: 'trap', pc: addr, signal: SIGBUS, code: BUS_ADRALN, addr });
      else L.end({ k: 'trap', pc: addr, signal: SIGSEGV, code: SEGV_MAPERR, addr });
      break;
    }
    liftOne(L, decodeMips(fetch(mem, addr), mem.littleEndian), { pc: addr });
    count++;
    addr = (addr + 4) >>> 0;
    const br = L.pending;
    if (br) {
      L.pending = undefined;
      const branchPc = (addr - 4) >>> 0;
      if (!fetchable(mem, addr)) {
        // The delay slot cannot be fetched: the fault is reported at the branch (EPC with BD set).
        L.end({ k: 'trap', pc: branchPc, signal: SIGSEGV, code: SEGV_MAPERR, addr });
        break;
      }
      L.pc = addr;
      L.faultPc = branchPc;
      L.inDelaySlot = true;
      if (br.likely) L.guard = br.cond;
      const d = decodeMips(fetch(mem, addr), mem.littleEndian);
      liftOne(L, d, { pc: addr });
      L.inDelaySlot = false;
      L.guard = undefined;
      count++;
      addr = (addr + 4) >>> 0;
      // A reserved instruction in the delay slot became a guarded trap call; a branch, syscall or
      // flush there (UNPREDICTABLE) was refused and is reported as SIGILL at the branch.
      if (L.exit || L.pending) {
        L.pending = undefined;
        L.end({ k: 'trap', pc: branchPc, signal: SIGILL, code: ILL_ILLOPC, addr: branchPc });
        break;
      }
      if (br.indirect) L.end({ k: 'jump', target: br.target });
      else if (br.cond === undefined) L.branchTo(br.target);
      else L.end({ k: 'branch', cond: br.cond, taken: br.target >>> 0, notTaken: addr });
      break;
    }
    if (!L.exit && count >= MAX_BLOCK_INSNS) L.branchTo(addr);
  }
  const block = L.b.finish(L.exit!, addr, count);
  if (L.callReturn !== undefined) block.callReturn = L.callReturn;
  return block;
}

/** Text of one instruction in objdump's syntax. */
export function formatInsn(d: MipsDecoded, addr: number): string {
  if (!d.row) return `.word\t0x${d.raw.toString(16).padStart(8, '0')}`;
  return d.row.dis(d.f, { pc: addr });
}

export function disassembleAt(mem: GuestMemory, pc: number): { text: string; length: number } {
  if ((pc & 3) !== 0 || !fetchable(mem, pc)) return { text: '(unreadable)', length: 4 };
  return { text: formatInsn(decodeMips(fetch(mem, pc), mem.littleEndian), pc), length: 4 };
}
