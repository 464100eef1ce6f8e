/* Bit tricks and the __builtin_clz/ctz/popcount/bswap/parity/ffs family. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <strings.h>

static volatile uint64_t vals[] = {
    1, 2, 3, 0x80, 0xff, 0x100, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000u, 0xffffffffu,
    0x100000000ULL, 0x123456789abcdef0ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
    0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL, 0x0f0f0f0f0f0f0f0fULL, 0x00ff00ff00ff00ffULL, 0xdeadbeefULL, 0xcafebabe12345678ULL,
};
#define N (sizeof vals / sizeof vals[0])

static uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }
static uint32_t rotr32(uint32_t x, unsigned r) { return (x >> (r & 31)) | (x << ((32 - r) & 31)); }
static uint64_t revbits(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
    return __builtin_bswap64(x);
}

int main(void)
{
    for (size_t i = 0; i < N; i++) {
        uint64_t v = vals[i];
        uint32_t w = (uint32_t)v;
        printf("%016" PRIx64 ": clz64=%d ctz64=%d pop64=%d par64=%d ffsll=%d", v, __builtin_clzll(v), __builtin_ctzll(v),
               __builtin_popcountll(v), __builtin_parityll(v), ffsll((long long)v));
        if (w)
            printf(" clz32=%d ctz32=%d", __builtin_clz(w), __builtin_ctz(w));
        printf(" pop32=%d clrsb=%d ffs=%d\n", __builtin_popcount(w), __builtin_clrsbll((long long)v), ffs((int)w));
        printf("  bswap64=%016" PRIx64 " bswap32=%08x bswap16=%04x rotl13=%016" PRIx64 " rotr7=%08x rev=%016" PRIx64 "\n",
               __builtin_bswap64(v), __builtin_bswap32(w), __builtin_bswap16((uint16_t)w), rotl64(v, 13), rotr32(w, 7), revbits(v));
        printf("  lowbit=%" PRIx64 " clearlow=%" PRIx64 " ispow2=%d andn=%" PRIx64 " orn=%" PRIx64 " xnor=%" PRIx64 "\n",
               v & -v, v & (v - 1), (v & (v - 1)) == 0, v & ~vals[(i + 1) % N], v | ~vals[(i + 3) % N], ~(v ^ vals[(i + 5) % N]));
        int64_t s = (int64_t)v;
        printf("  min=%" PRId64 " max=%" PRId64 " minu=%" PRIu64 " maxu=%" PRIu64 " sext8=%" PRId64 " sext16=%" PRId64 " zext16=%" PRIu64 "\n",
               s < (int64_t)vals[(i + 7) % N] ? s : (int64_t)vals[(i + 7) % N], s > (int64_t)vals[(i + 7) % N] ? s : (int64_t)vals[(i + 7) % N],
               v < vals[(i + 7) % N] ? v : vals[(i + 7) % N], v > vals[(i + 7) % N] ? v : vals[(i + 7) % N],
               (int64_t)(int8_t)v, (int64_t)(int16_t)v, (uint64_t)(uint16_t)v);
    }
    /* bitfields */
    struct bf { unsigned a : 3; signed b : 5; unsigned c : 12; signed d : 20; unsigned long long e : 40; } x;
    for (int k = 0; k < 5; k++) {
        x.a = (unsigned)(vals[k + 3]); x.b = (signed)(vals[k + 8] & 31) - 16; x.c = (unsigned)vals[k + 10];
        x.d = (signed)((int64_t)vals[k + 13] % 400000); x.e = vals[k + 14];
        printf("bf a=%u b=%d c=%u d=%d e=%llx\n", x.a, x.b, x.c, x.d, (unsigned long long)x.e);
    }
    return 0;
}
