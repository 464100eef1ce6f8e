/* Integer arithmetic: 8..64-bit add/sub/mul/div/mod edge cases, high multiplies, shifts.
   Operands come from volatile tables so the compiler cannot fold them. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>

static volatile int64_t s64v[] = {
    0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 100, -100, 12345678901LL, -12345678901LL,
    INT32_MAX, INT32_MIN, (int64_t)INT32_MAX + 1, (int64_t)INT32_MIN - 1,
    UINT32_MAX, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1,
    0x5555555555555555LL, (int64_t)0xAAAAAAAAAAAAAAAAULL, 0x0123456789abcdefLL,
    (int64_t)0xfedcba9876543210ULL, 0x100000000LL, -0x100000000LL, 0x7fffLL, 0x8000LL, 0xffffLL,
};
#define N64 (sizeof s64v / sizeof s64v[0])

static uint64_t hash = 1469598103934665603ULL;
static void mix(uint64_t v) { for (int i = 0; i < 8; i++) { hash ^= (v >> (8 * i)) & 0xff; hash *= 1099511628211ULL; } }

/* High halves of 64x64 products: __int128 where the target has it (64-bit), 32-bit pieces elsewhere. */
#ifdef __SIZEOF_INT128__
static uint64_t mulhu(uint64_t a, uint64_t b) { return (uint64_t)((unsigned __int128)a * b >> 64); }
static int64_t mulh(int64_t a, int64_t b) { return (int64_t)((__int128)a * b >> 64); }
static int64_t mulhsu(int64_t a, uint64_t b) { return (int64_t)((__int128)a * (unsigned __int128)b >> 64); }
#else
static uint64_t mulhu(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
static int64_t mulh(int64_t a, int64_t b)
{
    uint64_t h = mulhu((uint64_t)a, (uint64_t)b);
    if (a < 0) h -= (uint64_t)b;
    if (b < 0) h -= (uint64_t)a;
    return (int64_t)h;
}
static int64_t mulhsu(int64_t a, uint64_t b)
{
    uint64_t h = mulhu((uint64_t)a, b);
    if (a < 0) h -= b;
    return (int64_t)h;
}
#endif

static volatile int shamt[] = {0, 1, 7, 8, 15, 16, 31, 32, 33, 47, 63};
#define NSH (sizeof shamt / sizeof shamt[0])

int main(void)
{
    /* 64-bit signed and unsigned arithmetic on all pairs */
    for (size_t i = 0; i < N64; i++) {
        for (size_t j = 0; j < N64; j++) {
            int64_t a = s64v[i], b = s64v[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            mix(ua + ub); mix(ua - ub); mix(ua * ub);
            if (b != 0 && !(a == INT64_MIN && b == -1)) { mix((uint64_t)(a / b)); mix((uint64_t)(a % b)); }
            if (ub != 0) { mix(ua / ub); mix(ua % ub); }
            mix(mulhu(ua, ub));
            mix((uint64_t)mulh(a, b));
            mix((uint64_t)mulhsu(a, ub));
            mix((uint64_t)(a < b)); mix((uint64_t)(ua < ub));
        }
        if (i < 12 || i % 5 == 0) {
            int64_t a = s64v[i];
            printf("a=%" PRId64 " -a=%" PRIu64 " ~a=%" PRIx64 " a*3=%" PRId64 " a/7=%" PRId64 " a%%7=%" PRId64 " u/7=%" PRIu64 " u%%7=%" PRIu64 "\n",
                   a, -(uint64_t)a, ~(uint64_t)a, (int64_t)((uint64_t)a * 3), a / 7, a % 7, (uint64_t)a / 7, (uint64_t)a % 7);
        }
    }
    printf("64-bit pair hash %016" PRIx64 "\n", hash);

    /* 32-bit ops (sign extension of results on 64-bit machines matters) */
    hash = 1469598103934665603ULL;
    for (size_t i = 0; i < N64; i++) {
        for (size_t j = 0; j < N64; j++) {
            int32_t a = (int32_t)s64v[i], b = (int32_t)s64v[j];
            uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
            mix((uint64_t)(int64_t)(int32_t)(ua + ub)); mix((uint64_t)(int64_t)(int32_t)(ua * ub));
            mix((uint64_t)(int64_t)(int32_t)(ua - ub));
            if (b != 0 && !(a == INT32_MIN && b == -1)) { mix((uint64_t)(int64_t)(a / b)); mix((uint64_t)(int64_t)(a % b)); }
            if (ub != 0) { mix(ua / ub); mix(ua % ub); }
            mix((uint64_t)((uint64_t)ua * ub));
            mix((uint64_t)((int64_t)a * b));
        }
    }
    printf("32-bit pair hash %016" PRIx64 "\n", hash);

    /* 8/16-bit wraparound */
    volatile uint8_t u8 = 250; volatile int8_t s8 = 120; volatile uint16_t u16 = 65530; volatile int16_t s16 = 32760;
    for (int k = 0; k < 3; k++) {
        u8 = (uint8_t)(u8 + 3); s8 = (int8_t)(s8 + 5); u16 = (uint16_t)(u16 + 4); s16 = (int16_t)(s16 + 6);
        printf("u8=%u s8=%d u16=%u s16=%d\n", u8, s8, u16, s16);
    }
    printf("(int8)0x80=%d (uint8)-1=%u (int16)0x8000=%d (int32)0x80000000u=%d\n",
           (int8_t)(uint8_t)s64v[30], (uint8_t)s64v[2], (int16_t)(uint16_t)s64v[30], (int32_t)(uint32_t)0x80000000u);

    /* shifts */
    for (size_t i = 0; i < N64; i += 3) {
        int64_t a = s64v[i];
        for (size_t k = 0; k < NSH; k++) {
            int s = shamt[k];
            printf("%" PRIx64 " s=%d shl=%" PRIx64 " sra=%" PRIx64 " srl=%" PRIx64, (uint64_t)a, s,
                   (uint64_t)a << s, (uint64_t)(a >> s), (uint64_t)a >> s);
            if (s < 32)
                printf(" shl32=%x sra32=%x srl32=%x", (uint32_t)a << s, (uint32_t)((int32_t)a >> s), (uint32_t)a >> s);
            printf("\n");
        }
    }

    /* INT_MIN edge cases that are defined */
    volatile int64_t mn = INT64_MIN, m1 = -1, two = 2;
    printf("INT64_MIN/2=%" PRId64 " INT64_MIN%%2=%" PRId64 " INT64_MIN%%-1 as u=%" PRIu64 "\n", mn / two, mn % two, (uint64_t)mn % (uint64_t)m1);
    printf("INT64_MIN/INT64_MIN=%" PRId64 " -7/2=%" PRId64 " -7%%2=%" PRId64 " 7/-2=%" PRId64 " 7%%-2=%" PRId64 "\n",
           mn / mn, (int64_t)-7 / two, (int64_t)-7 % two, (int64_t)7 / -two, (int64_t)7 % -two);
    return 0;
}
