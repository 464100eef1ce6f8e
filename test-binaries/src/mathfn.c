/* libm functions on edge inputs; results printed exactly with %a. */
#include <stdio.h>
#include <math.h>
#include <float.h>

static volatile double in[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, 10.0, 100.0, 710.0, -745.2, 1e-310, -1e-310,
    1e300, -1e300, 3.141592653589793, 1.5707963267948966, 6.283185307179586, 1e22, 4503599627370495.5,
    4503599627370497.0, 0.49999999999999994, 2.220446049250313e-16, INFINITY, -INFINITY, NAN,
};
#define NIN (sizeof in / sizeof in[0])

typedef double (*fn1)(double);
static const struct { const char *name; fn1 f; } f1[] = {
    {"sin", sin}, {"cos", cos}, {"tan", tan}, {"asin", asin}, {"acos", acos}, {"atan", atan},
    {"sinh", sinh}, {"cosh", cosh}, {"tanh", tanh}, {"exp", exp}, {"exp2", exp2}, {"expm1", expm1},
    {"log", log}, {"log2", log2}, {"log10", log10}, {"log1p", log1p}, {"sqrt", sqrt}, {"cbrt", cbrt},
    {"floor", floor}, {"ceil", ceil}, {"round", round}, {"trunc", trunc}, {"rint", rint}, {"nearbyint", nearbyint},
    {"fabs", fabs}, {"erf", erf}, {"tgamma", tgamma}, {"lgamma", lgamma},
};

int main(void)
{
    for (size_t k = 0; k < sizeof f1 / sizeof f1[0]; k++) {
        printf("%s:", f1[k].name);
        for (size_t i = 0; i < NIN; i++)
            printf(" %a", f1[k].f(in[i]));
        printf("\n");
    }
    printf("lrint/llround/lround:");
    for (size_t i = 0; i < NIN; i++) {
        double x = in[i];
        if (isfinite(x) && fabs(x) < 1e18)
            printf(" %ld/%lld/%ld", lrint(x), llround(x), lround(x));
    }
    printf("\n");
    static volatile double y[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, -3.0, 0.1, 1e308, 1e-308, INFINITY, -INFINITY, NAN};
    size_t ny = sizeof y / sizeof y[0];
    for (size_t i = 0; i < NIN; i += 2) {
        printf("x=%a:\n  pow", in[i]);
        for (size_t j = 0; j < ny; j++) printf(" %a", pow(in[i], y[j]));
        printf("\n  fmod");
        for (size_t j = 0; j < ny; j++) printf(" %a", fmod(in[i], y[j]));
        printf("\n  remainder");
        for (size_t j = 0; j < ny; j++) printf(" %a", remainder(in[i], y[j]));
        printf("\n  atan2");
        for (size_t j = 0; j < ny; j++) printf(" %a", atan2(in[i], y[j]));
        printf("\n  hypot");
        for (size_t j = 0; j < ny; j++) printf(" %a", hypot(in[i], y[j]));
        printf("\n  fma(x,y,1)");
        for (size_t j = 0; j < ny; j++) printf(" %a", fma(in[i], y[j], 1.0));
        printf("\n  fmin/fmax/copysign/nextafter");
        for (size_t j = 0; j < ny; j++) printf(" %a/%a/%a/%a", fmin(in[i], y[j]), fmax(in[i], y[j]), copysign(in[i], y[j]), nextafter(in[i], y[j]));
        printf("\n");
    }
    /* fma exactness: (1+2^-52)*(1-2^-52) - 1 */
    volatile double a = 1.0 + DBL_EPSILON, b = 1.0 - DBL_EPSILON;
    printf("fma exact: %a vs mul-add %a\n", fma(a, b, -1.0), a * b - 1.0);
    volatile float af = 1.0f + FLT_EPSILON, bf = 1.0f - FLT_EPSILON;
    printf("fmaf exact: %a\n", (double)fmaf(af, bf, -1.0f));
    /* float versions */
    static volatile float fin[] = {0.0f, -0.0f, 0.5f, 1.0f, 2.5f, -2.5f, 88.7f, -103.9f, 1e-40f, 3.4e38f, 16777215.5f};
    printf("float:");
    for (size_t i = 0; i < sizeof fin / sizeof fin[0]; i++) {
        float x = fin[i];
        printf(" [%a %a %a %a %a %a %a %a]", (double)sinf(x), (double)cosf(x), (double)expf(x), (double)logf(x),
               (double)sqrtf(x), (double)powf(x, 1.5f), (double)floorf(x), (double)roundf(x));
    }
    printf("\n");
    int ex;
    double m = frexp(in[14], &ex);
    printf("frexp(1e-310)=%a,%d ldexp(1,-1074)=%a ldexp(1,1024)=%a modf(-2.5)=", m, ex, ldexp(1.0, -1074), ldexp(1.0, 1024));
    double ip;
    double fp = modf(in[8], &ip);
    printf("%a,%a ilogb(0)=%d ilogb(1e-310)=%d logb(1e300)=%a scalbn(1,-1080)=%a\n", fp, ip, ilogb(in[0]), ilogb(in[14]), logb(in[16]), scalbn(1.0, -1080));
    printf("isnan=%d isinf=%d signbit(-0)=%d fpclassify(1e-310)=%d fpclassify(0)=%d\n", isnan(in[28]), isinf(in[27]), signbit(in[1]) != 0,
           fpclassify(in[14]) == FP_SUBNORMAL, fpclassify(in[0]) == FP_ZERO);
    return 0;
}
