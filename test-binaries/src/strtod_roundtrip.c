/* strtod/strtof/strtold parsing and %.17g / %.9g / %a round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <math.h>

static const char *inputs[] = {
    "0", "-0", "1", "0.1", "0.30000000000000004", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
    "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e400", "-1e400", "inf", "-Infinity", "nan",
    "NAN(123)", "0x1p-1074", "0x1.fffffffffffffp1023", "0x1.8p1", "0X.8P+1", "  +42.5xyz", "123abc", ".5", "5.",
    "1e", "e5", "", "   ", "-.e1", "3.14159265358979323846264338327950288", "9007199254740993", "9007199254740995",
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555352221",
    "0.000000000000000000000000000000000000000000001", "1.00000000000000011102230246251565404236316680908203125",
    "1.000000000000000111022302462515654042363166809082031250000001", "7.038531e-26", "3.4028235e38", "3.4028236e38",
    "1.17549435e-38", "1.4e-45", "7e-46", "16777217", "0.1f", "1_000", "1,5", "0x", "0x1g", "-0x1.0p-1022",
};

int main(void)
{
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const char *s = inputs[i];
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        int e1 = errno;
        uint64_t db; memcpy(&db, &d, 8);
        errno = 0;
        char *endf;
        float f = strtof(s, &endf);
        int e2 = errno;
        uint32_t fb; memcpy(&fb, &f, 4);
        printf("\"%s\": d=%.17g [%016llx] used=%d erange=%d | f=%.9g [%08x] used=%d erange=%d\n", s, d,
               (unsigned long long)db, (int)(end - s), e1 == ERANGE, (double)f, fb, (int)(endf - s), e2 == ERANGE);
        if (!isnan(d)) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.17g", d);
            double back = strtod(buf, NULL);
            snprintf(buf, sizeof buf, "%a", d);
            double back2 = strtod(buf, NULL);
            printf("    roundtrip %%.17g %s, %%a %s (%s)\n", back == d ? "ok" : "MISMATCH", back2 == d ? "ok" : "MISMATCH", buf);
        }
    }
    /* exhaustive-ish round trip of a deterministic pseudo-random bit pattern set */
    uint64_t x = 0x9e3779b97f4a7c15ULL, bad = 0, n = 0, h = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        double d; memcpy(&d, &x, 8);
        if (isnan(d)) continue;
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &d, 8)) bad++;
        for (char *p = buf; *p; p++) h = h * 31 + (unsigned char)*p;
        float f; uint32_t fx = (uint32_t)(x >> 17); memcpy(&f, &fx, 4);
        if (isnan(f)) continue;
        snprintf(buf, sizeof buf, "%.9g", (double)f);
        float fback = strtof(buf, NULL);
        if (memcmp(&fback, &f, 4)) bad++;
        for (char *p = buf; *p; p++) h = h * 31 + (unsigned char)*p;
        n++;
    }
    printf("random round trips: %llu pairs, %llu bad, text hash %016llx\n", (unsigned long long)n, (unsigned long long)bad, (unsigned long long)h);
    long double ld = strtold("1.234567890123456789012345678901234567e-4000", NULL);
    printf("strtold: %.33Le\n", ld);
    printf("atof(\"2.5e-3\")=%g atoi(\" -77x\")=%d strtol(\"0x7fffffffffffffff\")=%ld strtoul(\"-1\")=%lu\n",
           atof("2.5e-3"), atoi(" -77x"), strtol("0x7fffffffffffffff", NULL, 0), strtoul("-1", NULL, 10));
    errno = 0;
    long l = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow: %ld erange=%d\n", l, errno == ERANGE);
    printf("strtoll base 36 'zz'=%lld base 2 '-1011'=%lld base 8 '0777'=%lld\n", strtoll("zz", NULL, 36), strtoll("-1011", NULL, 2), strtoll("0777", NULL, 0));
    return 0;
}
