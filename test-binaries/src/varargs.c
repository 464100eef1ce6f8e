/* Variadic functions: mixed int/long/double/pointer/struct arguments, va_copy, vsnprintf, many args. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <stdint.h>

struct pair { int a; double b; };
struct big { long x[5]; };

static long sum_ints(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static void mixed(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': printf(" i:%d", va_arg(ap, int)); break;
        case 'l': printf(" l:%ld", va_arg(ap, long)); break;
        case 'L': printf(" L:%lld", va_arg(ap, long long)); break;
        case 'd': printf(" d:%g", va_arg(ap, double)); break;
        case 's': printf(" s:%s", va_arg(ap, const char *)); break;
        case 'p': { struct pair q = va_arg(ap, struct pair); printf(" p:{%d,%g}", q.a, q.b); break; }
        case 'b': { struct big q = va_arg(ap, struct big); printf(" b:{%ld..%ld}", q.x[0], q.x[4]); break; }
        case 'c': printf(" c:%c", (char)va_arg(ap, int)); break;
        case 'f': printf(" f:%g", va_arg(ap, double)); break; /* float promoted */
        }
    }
    va_end(ap);
    /* second pass with the copy: count doubles */
    int nd = 0;
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'd': case 'f': (void)va_arg(ap2, double); nd++; break;
        case 'l': (void)va_arg(ap2, long); break;
        case 'L': (void)va_arg(ap2, long long); break;
        case 's': (void)va_arg(ap2, const char *); break;
        case 'p': (void)va_arg(ap2, struct pair); break;
        case 'b': (void)va_arg(ap2, struct big); break;
        default: (void)va_arg(ap2, int);
        }
    }
    va_end(ap2);
    printf(" (doubles=%d)\n", nd);
}

static int my_printf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}

static double many(int a, double b, int c, double d, int e, double f, int g, double h, int i, double j,
                   int k, double l, int m, double n2, int o, double p, int q, double r, ...)
{
    va_list ap;
    va_start(ap, r);
    double extra = va_arg(ap, double) + va_arg(ap, int);
    va_end(ap);
    return a + b + c + d + e + f + g + h + i + j + k + l + m + n2 + o + p + q + r + extra;
}

int main(void)
{
    printf("sum0=%ld sum3=%ld sum12=%ld\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(12, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, 1 << 30));
    struct pair pr = {7, 0.5};
    struct big bg = {{1, 2, 3, 4, 5}};
    mixed("ildsLpcbf", -5, 123456789L, 3.75, "str", -1LL, pr, 'x', bg, 1.25f);
    mixed("dddddddddii", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10, 11);
    mixed("iiiiiiiiiid", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11.5);
    char buf[128];
    int r = my_printf(buf, sizeof buf, "%d|%5.2f|%s|%c|%lx|%e", 42, 3.14159, "abc", 'Q', 0xdeadbeefUL, 1e-7);
    printf("vsnprintf %d [%s]\n", r, buf);
    r = my_printf(buf, 5, "%s", "truncated text");
    printf("vsnprintf small %d [%s]\n", r, buf);
    printf("many=%g\n", many(1, 2.5, 3, 4.5, 5, 6.5, 7, 8.5, 9, 10.5, 11, 12.5, 13, 14.5, 15, 16.5, 17, 18.5, 19.25, 20));
    return 0;
}
