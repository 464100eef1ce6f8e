// VFPv3-D32 and Advanced SIMD (NEON) instructions. (Stub: none lifted yet.)
import type { ArmLifter } from './lifter.ts';

/**
 * Lifts one VFP or NEON instruction given in its A32 encoding (T32 callers convert theirs: see
 * t32 notes in translate.ts), under L's predicate. Returns false if the encoding is not a VFP/NEON
 * instruction this module implements (the caller then raises SIGILL).
 */
export function liftVfpNeon(_L: ArmLifter, _insn: number): boolean {
  return false;
}

/** Disassembly of a VFP/NEON instruction (A32 encoding), or undefined. */
export function disassembleVfpNeon(_insn: number, _pc: number): string | undefined {
  return undefined;
}
