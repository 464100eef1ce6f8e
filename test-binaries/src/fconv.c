/* float <-> int conversions, float <-> double, rounding modes and FP exception flags.
   Out-of-range float->int conversion is arch-defined (volatile operands make it happen at run time);
   the expected output is per arch. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <math.h>
#include <fenv.h>
#include <string.h>

static volatile double dv[] = {0.0, -0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.5, -1.5, -2.5, 1e9, 2147483647.0, 2147483647.5,
    2147483648.0, -2147483648.0, -2147483649.0, 4294967295.0, 4294967296.0, 9.2233720368547748e18, 9.2233720368547758e18,
    -9.2233720368547758e18, 1.8446744073709550e19, 1.8446744073709552e19, 1e30, -1e30, INFINITY, -INFINITY, NAN, 1e-310};
#define ND (sizeof dv / sizeof dv[0])

static volatile int64_t iv[] = {0, 1, -1, 16777217, -16777217, 9007199254740993LL, INT64_MAX, INT64_MIN, INT32_MAX, INT32_MIN,
    0x7ffffffffffffdffLL, 0x20000000000001LL};
static volatile uint64_t uv[] = {0, 1, UINT64_MAX, 0x8000000000000000ULL, 0x8000000000000401ULL, 0xfffffffffffff800ULL, UINT32_MAX};

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("  %s flags:%s%s%s%s%s\n", what, f & FE_INEXACT ? " inexact" : "", f & FE_UNDERFLOW ? " underflow" : "",
           f & FE_OVERFLOW ? " overflow" : "", f & FE_DIVBYZERO ? " divbyzero" : "", f & FE_INVALID ? " invalid" : "");
}

int main(void)
{
    for (size_t i = 0; i < ND; i++) {
        double d = dv[i];
        printf("d=%a i32=%d u32=%u i64=%" PRId64 " u64=%" PRIu64 " f=%a\n", d, (int32_t)d, (uint32_t)d, (int64_t)d, (uint64_t)d, (double)(float)d);
        float f = (float)d;
        printf("  f=%a i32=%d u32=%u i64=%" PRId64 " u64=%" PRIu64 "\n", (double)f, (int32_t)f, (uint32_t)f, (int64_t)f, (uint64_t)f);
    }
    for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
        int64_t v = iv[i];
        printf("i64 %" PRId64 ": d=%a f=%a (i32)d=%a (i32)f=%a\n", v, (double)v, (double)(float)v, (double)(int32_t)v, (double)(float)(int32_t)v);
    }
    for (size_t i = 0; i < sizeof uv / sizeof uv[0]; i++) {
        uint64_t v = uv[i];
        printf("u64 %" PRIu64 ": d=%a f=%a (u32)d=%a (u32)f=%a\n", v, (double)v, (double)(float)v, (double)(uint32_t)v, (double)(float)(uint32_t)v);
    }
    /* rounding modes */
    static const struct { int mode; const char *name; } modes[] = {
        {FE_TONEAREST, "nearest"}, {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"}, {FE_TOWARDZERO, "towardzero"}};
    for (size_t m = 0; m < 4; m++) {
        if (fesetround(modes[m].mode) != 0) { printf("fesetround %s failed\n", modes[m].name); continue; }
        printf("mode %s (fegetround ok=%d):", modes[m].name, fegetround() == modes[m].mode);
        for (size_t i = 2; i < 10; i++) printf(" %ld/%a", lrint(dv[i]), rint(dv[i]));
        volatile double one = 1.0, three = 3.0, big = 1e308;
        printf(" 1/3=%a -1/3=%a f(1/3)=%a big*10=%a sqrt2=%a\n", one / three, -one / three, (double)((float)one / (float)three), big * 10.0, sqrt(2.0 * one));
    }
    fesetround(FE_TONEAREST);
    /* exception flags */
    volatile double z = 0.0, one = 1.0, tiny = 1e-308, big = 1e308, three = 3.0;
    volatile double r;
    feclearexcept(FE_ALL_EXCEPT); flags("none");
    feclearexcept(FE_ALL_EXCEPT); r = one / z; flags("1/0");
    feclearexcept(FE_ALL_EXCEPT); r = z / z; flags("0/0");
    feclearexcept(FE_ALL_EXCEPT); r = one / three; flags("1/3");
    feclearexcept(FE_ALL_EXCEPT); r = big * big; flags("big*big");
    feclearexcept(FE_ALL_EXCEPT); r = tiny * tiny; flags("tiny*tiny");
    feclearexcept(FE_ALL_EXCEPT); r = sqrt(-one); flags("sqrt(-1)");
    feclearexcept(FE_ALL_EXCEPT); { volatile int32_t k = (int32_t)dv[23]; (void)k; } flags("(int)1e30");
    feclearexcept(FE_ALL_EXCEPT); { volatile int64_t k = (int64_t)dv[3]; (void)k; } flags("(long)0.5");
    feclearexcept(FE_ALL_EXCEPT); { volatile float k = (float)dv[8]; (void)k; } flags("(float)-1.5");
    feclearexcept(FE_ALL_EXCEPT); { volatile float k = (float)dv[2]; (void)k; } flags("(float)0.4");
    (void)r;
    /* NaN payloads and signs through conversions and arithmetic */
    volatile float fn = NAN;
    volatile double dn = fn;
    uint64_t b; double dd = dn; memcpy(&b, &dd, 8);
    uint32_t fb; float ff = (float)dv[27]; memcpy(&fb, &ff, 4);
    double sum = dv[27] + 1.0; uint64_t sb; memcpy(&sb, &sum, 8);
    double neg = -dv[27]; uint64_t nb; memcpy(&nb, &neg, 8);
    printf("nan float->double %016" PRIx64 " double->float %08x nan+1 %016" PRIx64 " -nan %016" PRIx64 "\n", b, fb, sb, nb);
    volatile double dz = 0.0;
    double inv = dz / dz; uint64_t ib; memcpy(&ib, &inv, 8);
    printf("0/0 bits %016" PRIx64 " fmin(nan,1)=%a fmax(1,nan)=%a fmin(-0,0)=%a fmax(-0,0)=%a\n", ib, fmin(dv[27], 1.0), fmax(1.0, dv[27]),
           fmin(dv[1], dv[0]), fmax(dv[1], dv[0]));
    return 0;
}
