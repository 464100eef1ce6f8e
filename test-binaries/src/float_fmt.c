/* printf %f %e %g %a of many doubles and floats: subnormals, infinities, NaNs, huge exponents. */
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <stdint.h>

static volatile double dv[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846, 2.718281828459045,
    100.0, 1e10, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 1e100, 1e300, 1.7976931348623157e308,
    1e-5, 1e-10, 1e-100, 1e-300, 2.2250738585072014e-308, 4.9406564584124654e-324, 2.225073858507201e-308,
    1e-320, 123456.789, -987654.321, 0.000123456, 5e-324 * 3, 0.125, 1.5, 2.5, -2.5, 9.5, 99.5, 999.5,
    0.05, 0.15, 0.25, 0.35, 0.45, 1234567890123456789.0, 4503599627370496.0, 9007199254740993.0, 
};
#define ND (sizeof dv / sizeof dv[0])

static volatile float fv[] = { 0.0f, -0.0f, 1.0f, 0.1f, 1.0f / 3.0f, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f,
    16777216.0f, 16777217.0f, 1e-20f, 123.456f, -7.25f };
#define NF (sizeof fv / sizeof fv[0])

int main(void)
{
    for (size_t i = 0; i < ND; i++) {
        double d = dv[i];
        uint64_t bits; memcpy(&bits, &d, 8);
        printf("[%016llx] f=%f e=%e g=%g a=%a\n", (unsigned long long)bits, d, d, d, d);
        printf("    .0f=%.0f .3e=%.3e .17g=%.17g .20f=%.20f %%G=%G %%A=%A %%+.2e=%+.2e %%#g=%#g\n",
               d, d, d, d, d, d, d, d);
        printf("    .1a=%.1a .0a=%.0a %%12.4f=[%12.4f] %%-12.3g=[%-12.3g] %%012.2f=[%012.2f] %% .5g=[% .5g]\n",
               d, d, d, d, d, d);
    }
    double specials[] = { INFINITY, -INFINITY, NAN, -NAN, DBL_MIN, DBL_MAX, DBL_EPSILON, DBL_TRUE_MIN };
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++) {
        volatile double d = specials[i];
        printf("special f=%f e=%e g=%g a=%a F=%F E=%E 10f=[%10f] -10g=[%-10g] .40e=%.40e\n", d, d, d, d, d, d, d, d, fabs(d) < 1 ? d : 0.0);
    }
    for (size_t i = 0; i < NF; i++) {
        float f = fv[i];
        uint32_t bits; memcpy(&bits, &f, 4);
        printf("float [%08x] f=%f e=%.9e g=%.9g a=%a\n", bits, f, f, f, f);
    }
    /* long double (soft-float on some targets) */
    volatile long double ld = 1.0L / 3.0L;
    printf("ld 1/3: %.30Lf %.25Le %La\n", ld, ld, ld);
#if LDBL_MAX_10_EXP > 4000
    ld = 1e4000L;
#else
    ld = LDBL_MAX;  /* long double is double on this target */
#endif
    printf("ld 1e4000 or max: %Lg %La\n", ld, ld);
    ld = (long double)dv[11] * (long double)dv[12];
    printf("ld e*100: %.25Lg\n", ld);
    /* big integers exactly */
    printf("2^64=%.0f 2^100=%.0f 2^-20=%.30f\n", ldexp(1, 64), ldexp(1, 100), ldexp(1, -20));
    printf("1e300*1e10=%g -1e300*1e10=%g 0*inf=%g\n", dv[21] * 1e10, -dv[21] * 1e10, dv[0] * INFINITY);
    return 0;
}
