// MIPS32 FPU (COP1, COP1X): placeholder until the FPU rows land; every COP1 encoding is SIGILL.
import type { Row } from './table.ts';

export const fpuRows: Row[] = [];
