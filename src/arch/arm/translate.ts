// Block translation for the ARM guest: decodes A32 or T32 (by the guest PC's bit 0) through the
// tables of a32.ts / t32.ts and lifts to IR. A block ends after a branch, a PC write, an SVC or a
// trap, before an instruction that cannot be fetched, or after ~128 instructions, but never inside
// an IT block (the IT state lives only in the translator, so an IT block is always one IR block).
import type { IRBlock } from '../../ir/ir.ts';
import { type GuestMemory, PAGE_EXEC, PAGE_MAPPED, PAGE_SHIFT } from '../../mem/memory.ts';
import { a32Rows } from './a32.ts';
import { ArmLifter, SIGSEGV } from './lifter.ts';
import { guestPc } from './state.ts';
import { isT32Wide, t32Rows16, t32Rows32 } from './t32.ts';
import { CONDS, type Ctx, type Fields, type Row, lookup } from './table.ts';

const MAX_BLOCK_INSNS = 128;
const SEGV_MAPERR = 1;

export interface ArmDecoded {
  row: Row;
  f: Fields;
  length: 2 | 4;
  raw: number;
}

/** Decodes one A32 word. */
export function decodeA32(insn: number): ArmDecoded {
  const d = lookup(a32Rows as Row[], insn | 0)!; // the table ends in rows that match everything
  return { ...d, length: 4, raw: insn >>> 0 };
}
/** Decodes one T32 instruction from its first halfword and (for 32-bit ones) the second. */
export function decodeT32(hw1: number, hw2: number): ArmDecoded {
  if (isT32Wide(hw1)) {
    const raw = ((hw1 << 16) | hw2) >>> 0;
    return { ...lookup(t32Rows32 as Row[], raw | 0)!, length: 4, raw };
  }
  return { ...lookup(t32Rows16 as Row[], hw1)!, length: 2, raw: hw1 };
}

/** The IT state machine: firstcond:mask as in ITSTATE; 0 outside an IT block. */
export const itCond = (it: number): number => it >>> 4;
export const itAdvance = (it: number): number => ((it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f));
const isIT = (d: ArmDecoded): boolean => d.row.name === 'it';

const EXEC = PAGE_EXEC | PAGE_MAPPED;
const fetchable = (mem: GuestMemory, a: number): boolean => (mem.pages[a >>> PAGE_SHIFT]! & EXEC) === EXEC;

/** Fetches and decodes at addr; 'fault' when a byte of it is not executable. */
function fetch(mem: GuestMemory, addr: number, thumb: boolean): ArmDecoded | 'fault' {
  if (!fetchable(mem, addr)) return 'fault';
  if (!thumb) return decodeA32(mem.dv.getUint32(addr, true));
  const hw1 = mem.dv.getUint16(addr, true);
  if (!isT32Wide(hw1)) return decodeT32(hw1, 0);
  if (!fetchable(mem, addr + 2)) return 'fault';
  return decodeT32(hw1, mem.dv.getUint16(addr + 2, true));
}

/**
 * Lifts one instruction; an UNPREDICTABLE operand combination the semantics refuse (a write of r15
 * where only r0..r14 can go) drops what it emitted and becomes SIGILL, so no encoding crashes.
 */
function liftOne(L: ArmLifter, lift: () => void): void {
  const mark = L.b.ops.length;
  const callReturn = L.callReturn;
  try {
    lift();
  } catch {
    L.b.ops.length = mark;
    L.exit = undefined;
    L.pred = undefined;
    L.callReturn = callReturn;
    L.undefinedInsn();
  }
}

export function translateBlock(mem: GuestMemory, pc: number): IRBlock {
  const thumb = (pc & 1) !== 0;
  let addr = (pc & ~1) >>> 0;
  if (!thumb) addr = (addr & ~3) >>> 0;
  const L = new ArmLifter(addr, thumb);
  let count = 0;
  let it = 0;
  while (!L.exit) {
    L.pc = addr;
    const d = fetch(mem, addr, thumb);
    if (d === 'fault') {
      if (count > 0) {
        L.end({ k: 'goto', target: guestPc(addr, thumb) });
        break;
      }
      // Fetching here faults: SIGSEGV; si_addr is the first byte that cannot be fetched.
      const bad = fetchable(mem, addr) ? addr + 2 : addr;
      L.end({ k: 'trap', pc: guestPc(addr, thumb), signal: SIGSEGV, code: SEGV_MAPERR, addr: bad >>> 0 });
      break;
    }
    L.len = d.length;
    const ctx: Ctx = { cond: '', inIT: it !== 0, pc: addr };
    const cond = !thumb ? (d.f.c ?? 14) : it !== 0 ? itCond(it) : 14;
    liftOne(L, () => L.predicated(cond, () => d.row.lift(L, d.f, ctx)));
    if (it !== 0) it = itAdvance(it);
    else if (thumb && isIT(d)) it = d.raw & 0xff;
    count++;
    addr = (addr + d.length) >>> 0;
    // Stay in the block while an IT block lasts; an exit inside it can only be its last instruction.
    if (!L.exit && count >= MAX_BLOCK_INSNS && it === 0) L.end({ k: 'goto', target: guestPc(addr, thumb) });
  }
  const block = L.b.finish(L.exit!, addr, count);
  if (L.callReturn !== undefined) block.callReturn = L.callReturn;
  return block;
}

/** Text of a decoded instruction in objdump's syntax; `it` is the IT state (T32) before it. */
export function formatInsn(d: ArmDecoded, addr: number, thumb: boolean, it = 0): string {
  const cond = !thumb ? CONDS[d.f.c ?? 14]! : it !== 0 ? CONDS[itCond(it)]! : '';
  return d.row.dis(d.f, { cond, inIT: thumb && it !== 0, pc: addr });
}

/**
 * IT state carried between sequential calls of disassembleAt: -d in_asm prints a block one
 * instruction after another, so the instruction right after an IT (and its followers) learns its
 * condition from the call before.
 */
let listing = { next: -1, it: 0 };

/** One instruction as text for -d in_asm (inside an IT block, with its condition). */
export function disassembleAt(mem: GuestMemory, pc: number): { text: string; length: number } {
  const thumb = (pc & 1) !== 0;
  const a = (pc & ~1) >>> 0;
  const d = fetch(mem, a, thumb);
  if (d === 'fault') {
    listing = { next: -1, it: 0 };
    return { text: '(unreadable)', length: thumb ? 2 : 4 };
  }
  const it = thumb && listing.next === a ? listing.it : 0;
  listing = { next: a + d.length, it: it !== 0 ? itAdvance(it) : thumb && isIT(d) ? d.raw & 0xff : 0 };
  return { text: formatInsn(d, a, thumb, it), length: d.length };
}
