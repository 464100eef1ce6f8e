// Block translation for the ARM guest: decodes A32 or T32 (by the guest PC's bit 0) and lifts to IR.
// (Stub: every instruction is undefined until the A32/T32 decoders land.)
import type { IRBlock } from '../../ir/ir.ts';
import type { GuestMemory } from '../../mem/memory.ts';
import { ArmLifter } from './lifter.ts';

export function translateBlock(_mem: GuestMemory, pc: number): IRBlock {
  const thumb = (pc & 1) !== 0;
  const L = new ArmLifter(pc & ~1, thumb);
  L.pc = pc & ~1;
  L.undefinedInsn();
  return L.b.finish(L.exit!, L.pc + 2, 1);
}

/** One instruction as text for -d in_asm. */
export function disassembleAt(mem: GuestMemory, pc: number): { text: string; length: number } {
  const thumb = (pc & 1) !== 0;
  const a = pc & ~1;
  return thumb ? { text: `.inst.n\t0x${mem.dv.getUint16(a, true).toString(16)}`, length: 2 } : { text: `.inst\t0x${mem.dv.getUint32(a, true).toString(16)}`, length: 4 };
}
