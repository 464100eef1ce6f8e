// Exact IEEE 754 binary32/binary64 arithmetic for guest FPUs (see README.md in this folder).
// f64 values are JS numbers (keep them in Float64Arrays so NaN bits survive); f32 values are
// int32 bit patterns. Flags accrue in fpFlags.value; 64-bit integer results put the high word
// in fpResult.hi.
export {
  RNE, RTZ, RDN, RUP, RMM, NX, UF, OF, DZ, NV, fpFlags, fpResult,
  type RoundingMode, type NaNPolicy, riscvNaNPolicy, setNaNPolicy,
  CANONICAL_NAN64, CANONICAL_NAN32,
  bitsToF64, f64ToBits, f64HiWord, f64LoWord, bitsToF32, f32ToBits,
  isSignalingNaN64, isSignalingNaN32, isNaN32,
} from './common.ts';
export { add64, sub64, mul64, div64, sqrt64, fma64 } from './f64.ts';
export { add32, sub32, mul32, div32, sqrt32, fma32 } from './f32.ts';
export {
  f64ToI32, f64ToU32, f64ToI64, f64ToU64, f32ToI32, f32ToU32, f32ToI64, f32ToU64,
  i32ToF64, u32ToF64, i64ToF64, u64ToF64, i32ToF32, u32ToF32, i64ToF32, u64ToF32,
  f64ToF32, f32ToF64, roundToIntegral,
} from './convert.ts';
export {
  min64, max64, min32, max32, eq64, lt64, le64, eq32, lt32, le32, classify64, classify32,
} from './misc.ts';
