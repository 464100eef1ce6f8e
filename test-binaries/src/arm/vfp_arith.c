// VFP scalar arithmetic, conversions and FPSCR under every rounding mode, flush-to-zero and
// default NaN; prints results and the cumulative flags as hex (compare with qemu-arm).
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

static uint32_t get_fpscr(void) { uint32_t v; __asm__ volatile("vmrs %0, fpscr" : "=r"(v)); return v; }
static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }
static uint64_t bits64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t bits32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double fromb64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float fromb32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static const uint64_t D[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000001ull, 0x000fffffffffffffull,
  0x7ff0000000000000ull, 0x7ff8000000000123ull, 0x7ff0000000000456ull, 0x4009210fb54442d1ull, 0xbfd5555555555555ull,
  0x7fefffffffffffffull, 0x0010000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000200000ull, 0x3fe0000000000001ull};
static const uint32_t S[] = {0, 0x80000000u, 0x3f800000u, 0x00000001u, 0x007fffffu, 0x7f800000u, 0x7fc00123u, 0x7f800456u,
  0x40490fdbu, 0xbeaaaaabu, 0x7f7fffffu, 0x00800000u, 0x4effffffu, 0xcf000001u, 0x3f000001u};
#define N (sizeof D / sizeof D[0])

int main(void) {
  static const uint32_t modes[] = {0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25, (1u << 24) | (1u << 25) | (1u << 22)};
  for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
    printf("mode %08x\n", modes[m]);
    for (unsigned i = 0; i < N; i++) {
      for (unsigned j = 0; j < N; j++) {
        volatile double a = fromb64(D[i]), b = fromb64(D[j]);
        volatile float x = fromb32(S[i]), y = fromb32(S[j]);
        set_fpscr(modes[m]);
        double r1 = a + b, r2 = a * b, r3 = a / b, r4 = fma(a, b, a);
        uint32_t f1 = get_fpscr();
        set_fpscr(modes[m]);
        float q1 = x - y, q2 = x * y, q3 = x / y, q4 = fmaf(x, y, y);
        uint32_t f2 = get_fpscr();
        set_fpscr(modes[m]);
        int lt = a < b, ge = x >= y;
        float c1 = (float)a;
        double c2 = (double)x;
        int32_t c3 = (int32_t)a;
        uint32_t c4 = (uint32_t)x;
        uint32_t f3 = get_fpscr();
        printf("%u %u: %016llx %016llx %016llx %016llx %08x | %08x %08x %08x %08x %08x | %d %d %08x %016llx %d %u %08x\n", i, j,
               (unsigned long long)bits64(r1), (unsigned long long)bits64(r2), (unsigned long long)bits64(r3), (unsigned long long)bits64(r4), f1,
               bits32(q1), bits32(q2), bits32(q3), bits32(q4), f2, lt, ge, bits32(c1), (unsigned long long)bits64(c2), (int)c3, (unsigned)c4, f3);
      }
      volatile double a = fromb64(D[i]);
      volatile float x = fromb32(S[i]);
      set_fpscr(modes[m]);
      double s = sqrt(a);
      float t = sqrtf(x);
      printf("sqrt %u: %016llx %08x %08x\n", i, (unsigned long long)bits64(s), bits32(t), get_fpscr());
    }
  }
  set_fpscr(0);
  return 0;
}
