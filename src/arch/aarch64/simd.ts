// A64 rows of the AdvSIMD group (see table.ts): integer data processing (simd-dp.ts), structure
// loads and stores (simd-ls.ts) and the crypto extension (simd-crypto.ts).
import { simdCryptoRows } from './simd-crypto.ts';
import { simdDpRows } from './simd-dp.ts';
import { simdLsRows } from './simd-ls.ts';
import type { Row } from './table.ts';

export const simdRows: Row[] = [...simdDpRows, ...simdLsRows, ...simdCryptoRows];
