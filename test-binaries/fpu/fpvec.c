/*
 * FP test-vector generator for tsemu's soft-float library (src/fpu).
 *
 * Runs every RISC-V F/D arithmetic, conversion, min/max, compare and classify instruction with
 * each static rounding mode on edge values (crossed) and on pseudo-random values from a fixed-seed
 * generator biased to hard cases, and prints one line per (op, rm, inputs):
 *
 *     <op> <rm> <input>... <result> <fflags>
 *
 * all in hex: f64 operands as 16 digits, f32 as 8, integer operands and integer results as the
 * 64-bit register value (16 digits), fflags as 2 digits. rm is 0..4 (rne rtz rdn rup rmm); ops
 * without a rounding mode print 0. fflags are cleared before and read right after the instruction.
 *
 * Build: see Makefile (riscv64-linux-gnu-gcc -O1 -static, stripped). Run under qemu-riscv64.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

typedef uint64_t u64;
typedef uint32_t u32;

static double D(u64 b) { double d; memcpy(&d, &b, 8); return d; }
static u64 BD(double d) { u64 b; memcpy(&b, &d, 8); return b; }
static float F(u32 b) { float f; memcpy(&f, &b, 4); return f; }
static u32 BF(float f) { u32 b; memcpy(&b, &f, 4); return b; }

/* ---- instruction wrappers: one asm per static rounding mode ---------------------------- */

#define PRE "fsflags zero\n\t"
#define POST "\n\tfrflags %1"

#define RM_SWITCH(rm, TMPL, OUTS, INS)                                   \
  switch (rm) {                                                          \
  case 0: asm volatile(PRE TMPL "rne" POST : OUTS : INS); break;         \
  case 1: asm volatile(PRE TMPL "rtz" POST : OUTS : INS); break;         \
  case 2: asm volatile(PRE TMPL "rdn" POST : OUTS : INS); break;         \
  case 3: asm volatile(PRE TMPL "rup" POST : OUTS : INS); break;         \
  default: asm volatile(PRE TMPL "rmm" POST : OUTS : INS); break;        \
  }

#define COMMA ,

/* binary float -> float with rm */
#define DEF_FFF(name, insn, T)                                                       \
  static T name(int rm, T a, T b, unsigned long *fl) {                               \
    T r;                                                                             \
    RM_SWITCH(rm, insn " %0,%2,%3,", "=f"(r) COMMA "=r"(*fl), "f"(a) COMMA "f"(b))   \
    return r;                                                                        \
  }
/* ternary with rm */
#define DEF_FFFF(name, insn, T)                                                                    \
  static T name(int rm, T a, T b, T c, unsigned long *fl) {                                        \
    T r;                                                                                           \
    RM_SWITCH(rm, insn " %0,%2,%3,%4,", "=f"(r) COMMA "=r"(*fl), "f"(a) COMMA "f"(b) COMMA "f"(c)) \
    return r;                                                                                      \
  }
/* unary with rm: TO <- TI, constraint letters given */
#define DEF_UN(name, insn, TO, OC, TI, IC)                                   \
  static TO name(int rm, TI a, unsigned long *fl) {                          \
    TO r;                                                                    \
    RM_SWITCH(rm, insn " %0,%2,", "=" OC(r) COMMA "=r"(*fl), IC(a))          \
    return r;                                                                \
  }
/* no rounding mode */
#define DEF_NORM2(name, insn, TO, OC, T)                                                     \
  static TO name(T a, T b, unsigned long *fl) {                                              \
    TO r;                                                                                    \
    asm volatile(PRE insn " %0,%2,%3" POST : "=" OC(r), "=r"(*fl) : "f"(a), "f"(b));         \
    return r;                                                                                \
  }
#define DEF_NORM1(name, insn, TO, OC, TI)                                         \
  static TO name(TI a, unsigned long *fl) {                                       \
    TO r;                                                                         \
    asm volatile(PRE insn " %0,%2" POST : "=" OC(r), "=r"(*fl) : "f"(a));         \
    return r;                                                                     \
  }

DEF_FFF(fadd_d, "fadd.d", double)
DEF_FFF(fsub_d, "fsub.d", double)
DEF_FFF(fmul_d, "fmul.d", double)
DEF_FFF(fdiv_d, "fdiv.d", double)
DEF_FFF(fadd_s, "fadd.s", float)
DEF_FFF(fsub_s, "fsub.s", float)
DEF_FFF(fmul_s, "fmul.s", float)
DEF_FFF(fdiv_s, "fdiv.s", float)
DEF_FFFF(fmadd_d, "fmadd.d", double)
DEF_FFFF(fmsub_d, "fmsub.d", double)
DEF_FFFF(fnmadd_d, "fnmadd.d", double)
DEF_FFFF(fnmsub_d, "fnmsub.d", double)
DEF_FFFF(fmadd_s, "fmadd.s", float)
DEF_FFFF(fmsub_s, "fmsub.s", float)
DEF_FFFF(fnmadd_s, "fnmadd.s", float)
DEF_FFFF(fnmsub_s, "fnmsub.s", float)
#define FREG "f"
#define XREG "r"
DEF_UN(fsqrt_d, "fsqrt.d", double, FREG, double, FREG)
DEF_UN(fsqrt_s, "fsqrt.s", float, FREG, float, FREG)
DEF_UN(fcvt_w_d, "fcvt.w.d", long, XREG, double, FREG)
DEF_UN(fcvt_wu_d, "fcvt.wu.d", long, XREG, double, FREG)
DEF_UN(fcvt_l_d, "fcvt.l.d", long, XREG, double, FREG)
DEF_UN(fcvt_lu_d, "fcvt.lu.d", long, XREG, double, FREG)
DEF_UN(fcvt_w_s, "fcvt.w.s", long, XREG, float, FREG)
DEF_UN(fcvt_wu_s, "fcvt.wu.s", long, XREG, float, FREG)
DEF_UN(fcvt_l_s, "fcvt.l.s", long, XREG, float, FREG)
DEF_UN(fcvt_lu_s, "fcvt.lu.s", long, XREG, float, FREG)
/* exact: the assembler takes no rounding mode */
static double fcvt_d_w(long a, unsigned long *fl) {
  double r;
  asm volatile(PRE "fcvt.d.w %0,%2" POST : "=f"(r), "=r"(*fl) : "r"(a));
  return r;
}
static double fcvt_d_wu(long a, unsigned long *fl) {
  double r;
  asm volatile(PRE "fcvt.d.wu %0,%2" POST : "=f"(r), "=r"(*fl) : "r"(a));
  return r;
}
DEF_UN(fcvt_d_l, "fcvt.d.l", double, FREG, long, XREG)
DEF_UN(fcvt_d_lu, "fcvt.d.lu", double, FREG, long, XREG)
DEF_UN(fcvt_s_w, "fcvt.s.w", float, FREG, long, XREG)
DEF_UN(fcvt_s_wu, "fcvt.s.wu", float, FREG, long, XREG)
DEF_UN(fcvt_s_l, "fcvt.s.l", float, FREG, long, XREG)
DEF_UN(fcvt_s_lu, "fcvt.s.lu", float, FREG, long, XREG)
DEF_UN(fcvt_s_d, "fcvt.s.d", float, FREG, double, FREG)
DEF_NORM1(fcvt_d_s, "fcvt.d.s", double, FREG, float)
DEF_NORM2(fmin_d, "fmin.d", double, FREG, double)
DEF_NORM2(fmax_d, "fmax.d", double, FREG, double)
DEF_NORM2(fmin_s, "fmin.s", float, FREG, float)
DEF_NORM2(fmax_s, "fmax.s", float, FREG, float)
DEF_NORM2(feq_d, "feq.d", long, XREG, double)
DEF_NORM2(flt_d, "flt.d", long, XREG, double)
DEF_NORM2(fle_d, "fle.d", long, XREG, double)
DEF_NORM2(feq_s, "feq.s", long, XREG, float)
DEF_NORM2(flt_s, "flt.s", long, XREG, float)
DEF_NORM2(fle_s, "fle.s", long, XREG, float)
DEF_NORM1(fclass_d, "fclass.d", long, XREG, double)
DEF_NORM1(fclass_s, "fclass.s", long, XREG, float)

/* ---- printing ---------------------------------------------------------------------------- */

static unsigned long nlines;

static void p_ddd(const char *op, int rm, double a, double b, double r, unsigned long fl) {
  printf("%s %d %016lx %016lx %016lx %02lx\n", op, rm, BD(a), BD(b), BD(r), fl);
  nlines++;
}
static void p_dddd(const char *op, int rm, double a, double b, double c, double r, unsigned long fl) {
  printf("%s %d %016lx %016lx %016lx %016lx %02lx\n", op, rm, BD(a), BD(b), BD(c), BD(r), fl);
  nlines++;
}
static void p_sss(const char *op, int rm, float a, float b, float r, unsigned long fl) {
  printf("%s %d %08x %08x %08x %02lx\n", op, rm, BF(a), BF(b), BF(r), fl);
  nlines++;
}
static void p_ssss(const char *op, int rm, float a, float b, float c, float r, unsigned long fl) {
  printf("%s %d %08x %08x %08x %08x %02lx\n", op, rm, BF(a), BF(b), BF(c), BF(r), fl);
  nlines++;
}
static void p_ddx(const char *op, int rm, double a, double b, long r, unsigned long fl) {
  printf("%s %d %016lx %016lx %016lx %02lx\n", op, rm, BD(a), BD(b), (u64)r, fl);
  nlines++;
}
static void p_ssx(const char *op, int rm, float a, float b, long r, unsigned long fl) {
  printf("%s %d %08x %08x %016lx %02lx\n", op, rm, BF(a), BF(b), (u64)r, fl);
  nlines++;
}
static void p_dd(const char *op, int rm, double a, double r, unsigned long fl) {
  printf("%s %d %016lx %016lx %02lx\n", op, rm, BD(a), BD(r), fl);
  nlines++;
}
static void p_ss(const char *op, int rm, float a, float r, unsigned long fl) {
  printf("%s %d %08x %08x %02lx\n", op, rm, BF(a), BF(r), fl);
  nlines++;
}
static void p_dx(const char *op, int rm, double a, long r, unsigned long fl) {
  printf("%s %d %016lx %016lx %02lx\n", op, rm, BD(a), (u64)r, fl);
  nlines++;
}
static void p_sx(const char *op, int rm, float a, long r, unsigned long fl) {
  printf("%s %d %08x %016lx %02lx\n", op, rm, BF(a), (u64)r, fl);
  nlines++;
}
static void p_xd(const char *op, int rm, long a, double r, unsigned long fl) {
  printf("%s %d %016lx %016lx %02lx\n", op, rm, (u64)a, BD(r), fl);
  nlines++;
}
static void p_xs(const char *op, int rm, long a, float r, unsigned long fl) {
  printf("%s %d %016lx %08x %02lx\n", op, rm, (u64)a, BF(r), fl);
  nlines++;
}
static void p_ds(const char *op, int rm, double a, float r, unsigned long fl) {
  printf("%s %d %016lx %08x %02lx\n", op, rm, BD(a), BF(r), fl);
  nlines++;
}
static void p_sd(const char *op, int rm, float a, double r, unsigned long fl) {
  printf("%s %d %08x %016lx %02lx\n", op, rm, BF(a), BD(r), fl);
  nlines++;
}

/* ---- test drivers ------------------------------------------------------------------------ */

static void bin_d(double a, double b) {
  unsigned long fl;
  double r;
  for (int rm = 0; rm < 5; rm++) {
    r = fadd_d(rm, a, b, &fl); p_ddd("fadd.d", rm, a, b, r, fl);
    r = fsub_d(rm, a, b, &fl); p_ddd("fsub.d", rm, a, b, r, fl);
    r = fmul_d(rm, a, b, &fl); p_ddd("fmul.d", rm, a, b, r, fl);
    r = fdiv_d(rm, a, b, &fl); p_ddd("fdiv.d", rm, a, b, r, fl);
  }
}
static void cmp_d(double a, double b) {
  unsigned long fl;
  double r;
  long x;
  r = fmin_d(a, b, &fl); p_ddd("fmin.d", 0, a, b, r, fl);
  r = fmax_d(a, b, &fl); p_ddd("fmax.d", 0, a, b, r, fl);
  x = feq_d(a, b, &fl); p_ddx("feq.d", 0, a, b, x, fl);
  x = flt_d(a, b, &fl); p_ddx("flt.d", 0, a, b, x, fl);
  x = fle_d(a, b, &fl); p_ddx("fle.d", 0, a, b, x, fl);
}
static void fma_d(double a, double b, double c, int all) {
  unsigned long fl;
  double r;
  for (int rm = 0; rm < 5; rm++) {
    r = fmadd_d(rm, a, b, c, &fl); p_dddd("fmadd.d", rm, a, b, c, r, fl);
    if (!all) continue;
    r = fmsub_d(rm, a, b, c, &fl); p_dddd("fmsub.d", rm, a, b, c, r, fl);
    r = fnmadd_d(rm, a, b, c, &fl); p_dddd("fnmadd.d", rm, a, b, c, r, fl);
    r = fnmsub_d(rm, a, b, c, &fl); p_dddd("fnmsub.d", rm, a, b, c, r, fl);
  }
}
static void un_d(double a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    double r = fsqrt_d(rm, a, &fl); p_dd("fsqrt.d", rm, a, r, fl);
    long x;
    x = fcvt_w_d(rm, a, &fl); p_dx("fcvt.w.d", rm, a, x, fl);
    x = fcvt_wu_d(rm, a, &fl); p_dx("fcvt.wu.d", rm, a, x, fl);
    x = fcvt_l_d(rm, a, &fl); p_dx("fcvt.l.d", rm, a, x, fl);
    x = fcvt_lu_d(rm, a, &fl); p_dx("fcvt.lu.d", rm, a, x, fl);
    float s = fcvt_s_d(rm, a, &fl); p_ds("fcvt.s.d", rm, a, s, fl);
  }
  long x = fclass_d(a, &fl); p_dx("fclass.d", 0, a, x, fl);
}
static void sqrt_only_d(double a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    double r = fsqrt_d(rm, a, &fl); p_dd("fsqrt.d", rm, a, r, fl);
  }
}
static void cvt_only_d(double a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    long x;
    x = fcvt_w_d(rm, a, &fl); p_dx("fcvt.w.d", rm, a, x, fl);
    x = fcvt_wu_d(rm, a, &fl); p_dx("fcvt.wu.d", rm, a, x, fl);
    x = fcvt_l_d(rm, a, &fl); p_dx("fcvt.l.d", rm, a, x, fl);
    x = fcvt_lu_d(rm, a, &fl); p_dx("fcvt.lu.d", rm, a, x, fl);
  }
}
static void narrow_only_d(double a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    float s = fcvt_s_d(rm, a, &fl); p_ds("fcvt.s.d", rm, a, s, fl);
  }
}

static void bin_s(float a, float b) {
  unsigned long fl;
  float r;
  for (int rm = 0; rm < 5; rm++) {
    r = fadd_s(rm, a, b, &fl); p_sss("fadd.s", rm, a, b, r, fl);
    r = fsub_s(rm, a, b, &fl); p_sss("fsub.s", rm, a, b, r, fl);
    r = fmul_s(rm, a, b, &fl); p_sss("fmul.s", rm, a, b, r, fl);
    r = fdiv_s(rm, a, b, &fl); p_sss("fdiv.s", rm, a, b, r, fl);
  }
}
static void cmp_s(float a, float b) {
  unsigned long fl;
  float r;
  long x;
  r = fmin_s(a, b, &fl); p_sss("fmin.s", 0, a, b, r, fl);
  r = fmax_s(a, b, &fl); p_sss("fmax.s", 0, a, b, r, fl);
  x = feq_s(a, b, &fl); p_ssx("feq.s", 0, a, b, x, fl);
  x = flt_s(a, b, &fl); p_ssx("flt.s", 0, a, b, x, fl);
  x = fle_s(a, b, &fl); p_ssx("fle.s", 0, a, b, x, fl);
}
static void fma_s(float a, float b, float c, int all) {
  unsigned long fl;
  float r;
  for (int rm = 0; rm < 5; rm++) {
    r = fmadd_s(rm, a, b, c, &fl); p_ssss("fmadd.s", rm, a, b, c, r, fl);
    if (!all) continue;
    r = fmsub_s(rm, a, b, c, &fl); p_ssss("fmsub.s", rm, a, b, c, r, fl);
    r = fnmadd_s(rm, a, b, c, &fl); p_ssss("fnmadd.s", rm, a, b, c, r, fl);
    r = fnmsub_s(rm, a, b, c, &fl); p_ssss("fnmsub.s", rm, a, b, c, r, fl);
  }
}
static void un_s(float a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    float r = fsqrt_s(rm, a, &fl); p_ss("fsqrt.s", rm, a, r, fl);
    long x;
    x = fcvt_w_s(rm, a, &fl); p_sx("fcvt.w.s", rm, a, x, fl);
    x = fcvt_wu_s(rm, a, &fl); p_sx("fcvt.wu.s", rm, a, x, fl);
    x = fcvt_l_s(rm, a, &fl); p_sx("fcvt.l.s", rm, a, x, fl);
    x = fcvt_lu_s(rm, a, &fl); p_sx("fcvt.lu.s", rm, a, x, fl);
  }
  double d = fcvt_d_s(a, &fl); p_sd("fcvt.d.s", 0, a, d, fl);
  long x = fclass_s(a, &fl); p_sx("fclass.s", 0, a, x, fl);
}
static void sqrt_only_s(float a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    float r = fsqrt_s(rm, a, &fl); p_ss("fsqrt.s", rm, a, r, fl);
  }
}
static void cvt_only_s(float a) {
  unsigned long fl;
  for (int rm = 0; rm < 5; rm++) {
    long x;
    x = fcvt_w_s(rm, a, &fl); p_sx("fcvt.w.s", rm, a, x, fl);
    x = fcvt_wu_s(rm, a, &fl); p_sx("fcvt.wu.s", rm, a, x, fl);
    x = fcvt_l_s(rm, a, &fl); p_sx("fcvt.l.s", rm, a, x, fl);
    x = fcvt_lu_s(rm, a, &fl); p_sx("fcvt.lu.s", rm, a, x, fl);
  }
}
static void int_to_f(long v) {
  unsigned long fl;
  double d;
  d = fcvt_d_w(v, &fl); p_xd("fcvt.d.w", 0, v, d, fl);
  d = fcvt_d_wu(v, &fl); p_xd("fcvt.d.wu", 0, v, d, fl);
  for (int rm = 0; rm < 5; rm++) {
    float s;
    d = fcvt_d_l(rm, v, &fl); p_xd("fcvt.d.l", rm, v, d, fl);
    d = fcvt_d_lu(rm, v, &fl); p_xd("fcvt.d.lu", rm, v, d, fl);
    s = fcvt_s_w(rm, v, &fl); p_xs("fcvt.s.w", rm, v, s, fl);
    s = fcvt_s_wu(rm, v, &fl); p_xs("fcvt.s.wu", rm, v, s, fl);
    s = fcvt_s_l(rm, v, &fl); p_xs("fcvt.s.l", rm, v, s, fl);
    s = fcvt_s_lu(rm, v, &fl); p_xs("fcvt.s.lu", rm, v, s, fl);
  }
}

/* ---- edge values ------------------------------------------------------------------------- */

static const u64 edge_d[] = {
  0x0000000000000000, 0x8000000000000000, /* +-0 */
  0x0000000000000001, 0x8000000000000001, /* +-min subnormal */
  0x0000000000000003, 0x0008000000000000, /* 3*min subnormal, half of min normal */
  0x000fffffffffffff, 0x800fffffffffffff, /* +-max subnormal */
  0x0010000000000000, 0x8010000000000000, /* +-min normal */
  0x0010000000000001, 0x001fffffffffffff,
  0x3ff0000000000000, 0xbff0000000000000, /* +-1 */
  0x3ff0000000000001, 0x3fefffffffffffff, /* 1 + ulp, 1 - ulp/2 */
  0x3ff8000000000000, 0x3fe0000000000000, /* 1.5, 0.5 */
  0xbfe0000000000000, 0x4004000000000000, /* -0.5, 2.5 */
  0xc004000000000000, 0x4008000000000000, /* -2.5, 3 */
  0x3fb999999999999a, 0x3fd5555555555555, /* 0.1, 1/3 */
  0x3ca0000000000000, 0x3c90000000000000, /* 2^-53, 2^-54 */
  0x4330000000000000, 0x4330000000000001, /* 2^52, 2^52+1 */
  0x4340000000000000,                     /* 2^53 */
  0x41dfffffffe00000, 0x41dfffffffffffff, /* 2^31-1 + 0.5, just below 2^31 */
  0x41e0000000000000, 0xc1e0000000000000, /* +-2^31 */
  0xc1e0000000100000, 0xc1e0000000200000, /* -2^31 - 0.5, -2^31 - 1 */
  0x41efffffffff0000, 0x41f0000000000000, /* 2^32 - 0.5, 2^32 */
  0x43dfffffffffffff, 0x43e0000000000000, /* below 2^63, 2^63 */
  0xc3e0000000000000, 0xc3e0000000000001, /* -2^63, just beyond */
  0x43efffffffffffff, 0x43f0000000000000, /* below 2^64, 2^64 */
  0x7fe0000000000000, 0x7fefffffffffffff, /* 2^1023, max */
  0xffefffffffffffff, 0x7fdfffffffffffff, /* -max, max/2 */
  0x7ff0000000000000, 0xfff0000000000000, /* +-inf */
  0x7ff8000000000000, 0xfff8000000000001, /* qNaN, -qNaN with payload */
  0x7ff0000000000001, 0x7ff4000000000000, /* sNaN */
};
#define N_EDGE_D (sizeof edge_d / sizeof edge_d[0])

static const u64 fma_edge_d[] = {
  0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x0010000000000000,
  0x3ff0000000000000, 0xbff0000000000000, 0x3ff8000000000000, 0x3ca0000000000000,
  0x3fb999999999999a, 0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
  0x7ff8000000000000, 0x7ff0000000000001,
};
#define N_FMA_EDGE_D (sizeof fma_edge_d / sizeof fma_edge_d[0])

static const u32 edge_s[] = {
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x00000003, 0x00400000,
  0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x00800001, 0x00ffffff,
  0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3fc00000, 0x3f000000,
  0xbf000000, 0x40200000, 0xc0200000, 0x40400000, 0x3dcccccd, 0x3eaaaaab,
  0x33800000, 0x33000000, 0x4b000000, 0x4b000001, 0x4b800000,
  0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000,
  0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x5f7fffff, 0x5f800000,
  0x7f000000, 0x7f7fffff, 0xff7fffff, 0x7effffff,
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x7fa00000,
};
#define N_EDGE_S (sizeof edge_s / sizeof edge_s[0])

static const u32 fma_edge_s[] = {
  0x00000000, 0x80000000, 0x00000001, 0x00800000, 0x3f800000, 0xbf800000, 0x3fc00000,
  0x33800000, 0x3dcccccd, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
};
#define N_FMA_EDGE_S (sizeof fma_edge_s / sizeof fma_edge_s[0])

static const u64 edge_int[] = {
  0, 1, 2, 3, 0xffffffffffffffff, 0xfffffffffffffffe, 0x7fffffff, 0x80000000, 0xffffffff,
  0xffffffff80000000, 0xffffffff7fffffff, 0x100000000, 0x1fffff, 0x1000001, 0x1000003, 0xffffff,
  0x7fffffc0, 0x7fffffbf, 0x7fffffff, 0x20000000000000, 0x20000000000001, 0x20000000000003,
  0x1fffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
  0x7ffffffffffffc00, 0x7ffffffffffffbff, 0xfffffffffffff800, 0xfffffffffffffc00,
  0xffe0000000000001, 0xff00000000000000, 0x0123456789abcdef, 0xfedcba9876543210,
};
#define N_EDGE_INT (sizeof edge_int / sizeof edge_int[0])

/* ---- pseudo-random values biased to hard cases --------------------------------------------- */

static u64 rs = 0x9e3779b97f4a7c15ULL;
static u64 rnd(void) {
  rs ^= rs >> 12;
  rs ^= rs << 25;
  rs ^= rs >> 27;
  return rs * 2685821657736338717ULL;
}
static unsigned rndn(unsigned n) { return (unsigned)((rnd() >> 11) % n); }

#define M52 0x000fffffffffffffULL
#define M23 0x007fffffU

/* significand patterns: random, short (trailing zeros), runs of ones, sparse */
static u64 rmant(int bits) {
  u64 m = (1ULL << bits) - 1;
  switch (rndn(7)) {
  case 0: case 1: return rnd() & m;
  case 2: return rnd() & m & ~((1ULL << rndn(bits)) - 1);
  case 3: return m & ((1ULL << rndn(bits + 1)) - 1);
  case 4: return m & ~((1ULL << rndn(bits + 1)) - 1);
  case 5: return (rnd() & m) | ((1ULL << rndn(bits)) - 1);
  default: return (1ULL << rndn(bits)) | (rnd() & 1);
  }
}

static double rd_exp(int be) { /* random double with biased exponent be (clamped) */
  if (be < 0) be = 0;
  if (be > 2046) be = 2046;
  return D(((u64)(rnd() & 1) << 63) | ((u64)be << 52) | rmant(52));
}
static double rd(void) {
  switch (rndn(8)) {
  case 0: return rd_exp(rndn(2047));
  case 1: return rd_exp(rndn(60));
  case 2: return rd_exp(2046 - rndn(60));
  default: return rd_exp(1023 - 40 + rndn(80));
  }
}
static double perturb_d(double x, int k) { /* move x by up to +-k ulps (bit pattern) */
  long d = (long)rndn(2 * k + 1) - k;
  return D(BD(x) + (u64)d);
}

static float rf_exp(int be) {
  if (be < 0) be = 0;
  if (be > 254) be = 254;
  return F(((u32)(rnd() & 1) << 31) | ((u32)be << 23) | (u32)rmant(23));
}
static float rf(void) {
  switch (rndn(8)) {
  case 0: return rf_exp(rndn(255));
  case 1: return rf_exp(rndn(30));
  case 2: return rf_exp(254 - rndn(30));
  default: return rf_exp(127 - 20 + rndn(40));
  }
}
static float perturb_s(float x, int k) {
  int d = (int)rndn(2 * k + 1) - k;
  return F(BF(x) + (u32)d);
}
static int exp_d(double x) { return (int)((BD(x) >> 52) & 0x7ff); }
static int exp_s(float x) { return (int)((BF(x) >> 23) & 0xff); }

/* pairs for add/sub/mul/div */
static void rand_pair_d(double *a, double *b) {
  *a = rd();
  int ea = exp_d(*a);
  switch (rndn(6)) {
  case 0: *b = rd(); break;
  case 1: *b = perturb_d(rnd() & 1 ? *a : -*a, 4); break;                /* cancellation */
  case 2: *b = rd_exp(ea - 50 - (int)rndn(8)); break;                  /* alignment near 53 */
  case 3: *b = rd_exp(1023 + 1023 - ea + 3 - (int)rndn(7)); break;     /* product/quotient near overflow */
  case 4: *b = rd_exp(1023 - ea - (int)rndn(60)); break;               /* product near underflow */
  default: *b = rd_exp(ea + 4 - (int)rndn(9)); break;
  }
}
static void rand_pair_s(float *a, float *b) {
  *a = rf();
  int ea = exp_s(*a);
  switch (rndn(6)) {
  case 0: *b = rf(); break;
  case 1: *b = perturb_s(rnd() & 1 ? *a : -*a, 4); break;
  case 2: *b = rf_exp(ea - 21 - (int)rndn(8)); break;
  case 3: *b = rf_exp(127 + 127 - ea + 3 - (int)rndn(7)); break;
  case 4: *b = rf_exp(127 - ea - (int)rndn(30)); break;
  default: *b = rf_exp(ea + 4 - (int)rndn(9)); break;
  }
}

/* fma triples: random, exact cancellation of the product, c at rounding distance, extremes */
static void rand_triple_d(double *a, double *b, double *c) {
  rand_pair_d(a, b);
  double p = *a * *b;
  int ep = exp_d(p);
  switch (rndn(8)) {
  case 0: *c = rd(); break;
  case 1: *c = -p; break;                                              /* result = product error */
  case 2: *c = perturb_d(-p, 3); break;
  case 3: *c = rd_exp(ep + 52 + (int)rndn(5)); break;                  /* product at rounding distance */
  case 4: *c = rd_exp(ep - 52 - (int)rndn(5)); break;
  case 5: *c = rd_exp(ep - 10 + (int)rndn(20)); break;
  default: {
    /* a*b = half an ulp of c times (1 - u^2): midpoints, and near-midpoints whose product
       is inexact in binary64 */
    int ec = rndn(2) ? 1023 - 100 + (int)rndn(200) : 1 + (int)rndn(2045);
    *c = rd_exp(ec);
    int eh = ec - 1023 - 53, i = eh >= 0 ? eh / 2 : -((1 - eh) / 2);
    int nb = rndn(2) ? 20 : 34;
    double u = rndn(3) == 0 ? 0 : ldexp((double)(rnd() >> (64 - nb)), -nb - 1 - (int)rndn(30));
    *a = ldexp(rnd() & 1 ? 1 + u : -1 - u, i);
    *b = ldexp(1 - u, eh - i);
    break;
  }
  }
  if (*c != *c) *c = rd();
}
static void rand_triple_s(float *a, float *b, float *c) {
  rand_pair_s(a, b);
  float p = *a * *b;
  int ep = exp_s(p);
  switch (rndn(8)) {
  case 0: *c = rf(); break;
  case 1: *c = -p; break;
  case 2: *c = perturb_s(-p, 3); break;
  case 3: *c = rf_exp(ep + 23 + (int)rndn(5)); break;
  case 4: *c = rf_exp(ep - 23 - (int)rndn(5)); break;
  case 5: *c = rf_exp(ep - 10 + (int)rndn(20)); break;
  default: {
    int ec = rndn(2) ? 127 - 30 + (int)rndn(60) : 1 + (int)rndn(253);
    *c = rf_exp(ec);
    int eh = ec - 127 - 24, i = eh >= 0 ? eh / 2 : -((1 - eh) / 2);
    int nb = rndn(2) ? 8 : 14;
    float u = rndn(3) == 0 ? 0 : ldexpf((float)(rnd() >> (64 - nb)), -nb - 1 - (int)rndn(10));
    *a = ldexpf(rnd() & 1 ? 1 + u : -1 - u, i);
    *b = ldexpf(1 - u, eh - i);
    break;
  }
  }
  if (*c != *c) *c = rf();
}

/* values near integers and integer-range boundaries */
static double rand_cvt_d(void) {
  static const double fr[] = {0, 0.5, 0.25, 0.75, 0.5000000000000001, 0.49999999999999994};
  switch (rndn(4)) {
  case 0: return rd();
  case 1: {
    double k = (double)(rnd() >> rndn(64));
    double v = k + fr[rndn(6)];
    return rnd() & 1 ? -v : v;
  }
  case 2: { /* around 2^31, 2^32, 2^63, 2^64 */
    static const int ex[] = {31, 32, 63, 64};
    double base = D((u64)(1023 + ex[rndn(4)]) << 52);
    double v = perturb_d(base, 3000);
    return rnd() & 1 ? -v : v;
  }
  default: return rd_exp(1023 + (int)rndn(70) - 3);
  }
}
static float rand_cvt_s(void) {
  switch (rndn(4)) {
  case 0: return rf();
  case 1: {
    float v = (float)(rnd() >> rndn(64)) + (float)(rndn(4)) * 0.25f;
    return rnd() & 1 ? -v : v;
  }
  case 2: {
    static const int ex[] = {31, 32, 63, 64};
    float v = perturb_s(F((u32)(127 + ex[rndn(4)]) << 23), 300);
    return rnd() & 1 ? -v : v;
  }
  default: return rf_exp(127 + (int)rndn(70) - 3);
  }
}
static long rand_int(void) {
  u64 v;
  switch (rndn(4)) {
  case 0: v = rnd(); break;
  case 1: v = rnd() >> rndn(64); break;
  case 2: { /* a few significant bits followed by a tie/near-tie pattern */
    int n = 20 + (int)rndn(44);
    v = (rnd() | (1ULL << 63)) >> (64 - n);
    int k = (int)rndn(n);
    v = (v & ~((1ULL << k) - 1)) | (rndn(3) == 0 ? 0 : (1ULL << (k ? k - 1 : 0)));
    break;
  }
  default: v = (u64)rmant(63) << rndn(2); break;
  }
  return (long)(rnd() & 1 ? -v : v);
}
static double rand_narrow_d(void) { /* doubles around the float range and its roundings */
  int be = (int)rndn(4) == 0 ? (int)rndn(2047) : 1023 - 160 + (int)rndn(320);
  double x = rd_exp(be);
  if (rndn(2)) { /* put the 29 dropped bits at or near a midpoint */
    u64 b = BD(x) & ~((1ULL << 29) - 1);
    b |= (1ULL << 28);
    x = perturb_d(D(b), 1);
  }
  return x;
}

int main(void) {
  /* edges crossed */
  for (unsigned i = 0; i < N_EDGE_D; i++) {
    un_d(D(edge_d[i]));
    for (unsigned j = 0; j < N_EDGE_D; j++) {
      bin_d(D(edge_d[i]), D(edge_d[j]));
      cmp_d(D(edge_d[i]), D(edge_d[j]));
    }
  }
  for (unsigned i = 0; i < N_FMA_EDGE_D; i++)
    for (unsigned j = 0; j < N_FMA_EDGE_D; j++)
      for (unsigned k = 0; k < N_FMA_EDGE_D; k++)
        fma_d(D(fma_edge_d[i]), D(fma_edge_d[j]), D(fma_edge_d[k]), 0);
  for (unsigned i = 0; i < N_EDGE_S; i++) {
    un_s(F(edge_s[i]));
    for (unsigned j = 0; j < N_EDGE_S; j++) {
      bin_s(F(edge_s[i]), F(edge_s[j]));
      cmp_s(F(edge_s[i]), F(edge_s[j]));
    }
  }
  for (unsigned i = 0; i < N_FMA_EDGE_S; i++)
    for (unsigned j = 0; j < N_FMA_EDGE_S; j++)
      for (unsigned k = 0; k < N_FMA_EDGE_S; k++)
        fma_s(F(fma_edge_s[i]), F(fma_edge_s[j]), F(fma_edge_s[k]), 0);
  for (unsigned i = 0; i < N_EDGE_INT; i++) {
    int_to_f((long)edge_int[i]);
    int_to_f(-(long)edge_int[i]);
  }

  /* pseudo-random */
  for (int n = 0; n < 3000; n++) {
    double a, b, c;
    rand_pair_d(&a, &b);
    bin_d(a, b);
    if (n % 4 == 0) cmp_d(a, b);
    rand_triple_d(&a, &b, &c);
    fma_d(a, b, c, n % 4 == 0);
    float x, y, z;
    rand_pair_s(&x, &y);
    bin_s(x, y);
    if (n % 4 == 0) cmp_s(x, y);
    rand_triple_s(&x, &y, &z);
    fma_s(x, y, z, n % 4 == 0);
  }
  for (int n = 0; n < 1000; n++) {
    double a = rd();
    if (n & 1) { double r = D(BD(a) & ~(0xffffffffULL)); a = r * r; } /* squares of short values */
    sqrt_only_d(a < 0 ? -a : a);
    float x = rf();
    if (n & 1) { float r = F(BF(x) & ~0xfffU); x = r * r; }
    sqrt_only_s(x < 0 ? -x : x);
  }
  for (int n = 0; n < 1500; n++) {
    cvt_only_d(rand_cvt_d());
    cvt_only_s(rand_cvt_s());
    int_to_f(rand_int());
    narrow_only_d(rand_narrow_d());
  }
  fprintf(stderr, "%lu vectors\n", nlines);
  return 0;
}
