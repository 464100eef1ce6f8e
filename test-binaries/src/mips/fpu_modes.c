// MIPS FPU (legacy NaN encoding, as Debian's o32 ABI uses): the four rounding modes through
// fesetround and straight through FCSR, the explicit-mode conversions (ROUND/TRUNC/CEIL/FLOOR.W.D)
// and CVT.W.D on edge values, the default NaNs and what a signalling NaN operand gives, MADD.D,
// and the FCSR flag and cause bits after each operation.
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, 8);
  return u;
}
static uint32_t fbits(float x) {
  uint32_t u;
  memcpy(&u, &x, 4);
  return u;
}
static double from_bits(uint64_t u) {
  double x;
  memcpy(&x, &u, 8);
  return x;
}

static uint32_t get_fcsr(void) {
  uint32_t v;
  __asm__ volatile("cfc1 %0, $31" : "=r"(v));
  return v;
}
static void set_fcsr(uint32_t v) { __asm__ volatile("ctc1 %0, $31" : : "r"(v)); }

#define CONV(name)                                                                 \
  static int32_t name##_w_d(double x) {                                           \
    float r;                                                                       \
    int32_t out;                                                                   \
    __asm__ volatile(#name ".w.d %1, %2\n\tmfc1 %0, %1" : "=r"(out), "=f"(r) : "f"(x)); \
    return out;                                                                    \
  }
CONV(round)
CONV(trunc)
CONV(ceil)
CONV(floor)
CONV(cvt)

static int32_t cvt_w_s(float x) {
  float r;
  int32_t out;
  __asm__ volatile("cvt.w.s %1, %2\n\tmfc1 %0, %1" : "=r"(out), "=f"(r) : "f"(x));
  return out;
}

static double madd_d(double acc, double a, double b) {
  double r;
  __asm__ volatile("madd.d %0, %1, %2, %3" : "=f"(r) : "f"(acc), "f"(a), "f"(b));
  return r;
}
static double msub_d(double acc, double a, double b) {
  double r;
  __asm__ volatile("msub.d %0, %1, %2, %3" : "=f"(r) : "f"(acc), "f"(a), "f"(b));
  return r;
}
static double nmadd_d(double acc, double a, double b) {
  double r;
  __asm__ volatile("nmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(acc), "f"(a), "f"(b));
  return r;
}

static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
static const char *const mode_names[] = {"nearest", "zero", "up", "down"};

int main(void) {
  volatile double one = 1.0, three = 3.0, two = 2.0, tiny = 1e-310, big = 1e308, zero = 0.0;
  volatile float fone = 1.0f, fthree = 3.0f;
  static const double edges[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.499999, -7.75, 2147483647.0, 2147483648.0,
                                  -2147483648.0, -2147483649.0, 1e10, -1e10, INFINITY, -INFINITY};

  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    printf("[%s] fegetround ok %d fcsr rm %u\n", mode_names[m], fegetround() == modes[m], get_fcsr() & 3);
    printf("  1/3 %016llx  -1/3 %016llx  1/3f %08x  sqrt2 %016llx\n", (unsigned long long)bits(one / three),
           (unsigned long long)bits(-one / three), fbits(fone / fthree), (unsigned long long)bits(sqrt(two)));
    printf("  rint 2.5 %.1f -2.5 %.1f 0.5 %.1f  nearbyint -0.5 %.1f  lrint 7.5 %ld  big*10 %g  tiny/3 %016llx\n",
           rint(2.5), rint(-2.5), rint(0.5), nearbyint(-0.5), lrint(7.5), big * 10.0,
           (unsigned long long)bits(tiny / three));
    printf("  cvt.w.d:");
    for (unsigned i = 0; i < sizeof edges / sizeof edges[0]; i++) printf(" %d", cvt_w_d(edges[i]));
    printf("\n");
    printf("  printf %.3f %.0f %.20g\n", 2.0005, 0.5, 1.0 / 3.0);
  }
  fesetround(FE_TONEAREST);

  // explicit-mode conversions, and the flags each leaves (cause bits 12..17, flag bits 2..6)
  for (unsigned i = 0; i < sizeof edges / sizeof edges[0]; i++) {
    double x = edges[i];
    set_fcsr(0);
    int32_t r = round_w_d(x);
    uint32_t f1 = get_fcsr();
    set_fcsr(0);
    int32_t t = trunc_w_d(x);
    uint32_t f2 = get_fcsr();
    printf("%-14.1f round %11d trunc %11d ceil %11d floor %11d  fcsr %08x %08x\n", x, r, t, ceil_w_d(x), floor_w_d(x), f1, f2);
  }
  printf("cvt.w.s 1e10f %d nan %d\n", cvt_w_s(1e10f), cvt_w_s(__builtin_nanf("")));

  // NaNs: default NaN of invalid operations, what sNaN and qNaN operands give
  set_fcsr(0);
  volatile double inv = zero / zero;
  printf("0/0 %016llx fcsr %08x\n", (unsigned long long)bits(inv), get_fcsr());
  volatile float finv = (float)zero / (float)zero;
  printf("0/0f %08x\n", fbits(finv));
  volatile double inf = one / zero;
  printf("1/0 %016llx inf-inf %016llx sqrt(-1) %016llx\n", (unsigned long long)bits(inf),
         (unsigned long long)bits(inf - inf), (unsigned long long)bits(sqrt(-one)));
  // legacy MIPS: quiet NaNs have the top fraction bit clear, signalling ones have it set
  static const uint64_t nans[] = {0x7ff0000000000001ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull, 0xfff7ffffffffffffull,
                                  0x7ffc000000000123ull};
  for (unsigned i = 0; i < sizeof nans / sizeof nans[0]; i++) {
    volatile double n = from_bits(nans[i]);
    set_fcsr(0);
    volatile double s = n + one;
    uint32_t f = get_fcsr();
    volatile double p = n * two;
    volatile float c = (float)n;
    printf("nan %016llx: +1 %016llx fcsr %08x  *2 %016llx  (float) %08x  isnan %d\n", (unsigned long long)nans[i],
           (unsigned long long)bits(s), f, (unsigned long long)bits(p), fbits(c), isnan(n) != 0);
  }

  // multiply-add: unfused or fused shows in the last bits
  volatile double a = 1.0 + 0x1p-30, b = 1.0 - 0x1p-30, c = -1.0;
  printf("madd %a msub %a nmadd %a fma %a\n", madd_d(c, a, b), msub_d(-c, a, b), nmadd_d(c, a, b), fma(a, b, c));
  printf("madd big %a\n", madd_d(1e308, 1e308, 10.0));

  // flags through fenv
  feclearexcept(FE_ALL_EXCEPT);
  volatile double q = one / three;
  (void)q;
  printf("inexact %d divbyzero %d\n", fetestexcept(FE_INEXACT) != 0, fetestexcept(FE_DIVBYZERO) != 0);
  q = one / zero;
  printf("divbyzero %d overflow %d\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_OVERFLOW) != 0);
  q = big * big;
  q = tiny * tiny;
  printf("overflow %d underflow %d invalid %d\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_UNDERFLOW) != 0,
         fetestexcept(FE_INVALID) != 0);
  printf("fcsr at end %08x\n", get_fcsr());
  return 0;
}
