// A64 rows of this group (see table.ts).
import type { Row } from './table.ts';

export const simdRows: Row[] = [];
