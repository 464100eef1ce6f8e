/* Loops that GCC autovectorises at -O3 (and partly at -O2): integer and float reductions, saxpy,
 * byte histograms and transforms, string scanning, int<->float conversions, narrowing and
 * widening. Each kernel runs over several lengths and misalignments (vector body, scalar tail and
 * peeled heads) and prints a checksum of its results, so a wrong lane or a wrong tail shows.
 * Inputs come from a fixed xorshift generator: the output is deterministic. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { N = 1024 + 37 };

static uint32_t rng = 0x9e3779b9u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static uint8_t u8a[N + 16], u8b[N + 16], u8c[N + 16];
static int8_t s8a[N + 16];
static int16_t s16a[N + 16], s16b[N + 16], s16c[N + 16];
static uint16_t u16a[N + 16];
static int32_t s32a[N + 16], s32b[N + 16], s32c[N + 16];
static uint32_t u32a[N + 16];
static int64_t s64a[N + 16], s64b[N + 16];
static float f32a[N + 16], f32b[N + 16], f32c[N + 16];
static double f64a[N + 16], f64b[N + 16];
static char text[N + 16];

static uint64_t h;
static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ULL; }
static void mix_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) mix(b[i]);
}
static void report(const char *name)
{
    printf("%-22s %016llx\n", name, (unsigned long long)h);
    h = 14695981039346656037ULL;
}

static void fill(void)
{
    for (int i = 0; i < N + 16; i++) {
        uint32_t r = next();
        u8a[i] = (uint8_t)r; u8b[i] = (uint8_t)(r >> 8); u8c[i] = 0;
        s8a[i] = (int8_t)(r >> 16);
        s16a[i] = (int16_t)r; s16b[i] = (int16_t)(r >> 16); s16c[i] = 0;
        u16a[i] = (uint16_t)(r >> 5);
        s32a[i] = (int32_t)r; s32b[i] = (int32_t)next(); s32c[i] = 0;
        u32a[i] = next();
        s64a[i] = (int64_t)((uint64_t)next() << 32 | next()); s64b[i] = (int64_t)next() - 0x7fffffff;
        f32a[i] = (float)((int32_t)(r % 20001) - 10000) / 64.0f;
        f32b[i] = (float)(next() % 1000) * 0.125f - 50.0f;
        f32c[i] = 0;
        f64a[i] = (double)((int32_t)(r % 200001) - 100000) / 1024.0;
        f64b[i] = (double)(next() % 5000) * 0.0625;
        text[i] = (char)('a' + r % 26);
    }
    text[N + 15] = 0;
}

/* --- reductions --- */
__attribute__((noinline)) static uint32_t sum_u8(const uint8_t *p, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__attribute__((noinline)) static int32_t sum_s16(const int16_t *p, int n) { int32_t s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__attribute__((noinline)) static int64_t sum_s32(const int32_t *p, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__attribute__((noinline)) static uint32_t xor_u32(const uint32_t *p, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s ^= p[i]; return s; }
__attribute__((noinline)) static int32_t max_s32(const int32_t *p, int n) { int32_t m = INT32_MIN; for (int i = 0; i < n; i++) m = p[i] > m ? p[i] : m; return m; }
__attribute__((noinline)) static uint8_t min_u8(const uint8_t *p, int n) { uint8_t m = 255; for (int i = 0; i < n; i++) m = p[i] < m ? p[i] : m; return m; }
__attribute__((noinline)) static int64_t dot_s16(const int16_t *a, const int16_t *b, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += (int32_t)a[i] * b[i]; return s; }
__attribute__((noinline)) static uint32_t sad_u8(const uint8_t *a, const uint8_t *b, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i]; return s; }
__attribute__((noinline)) static int count_eq(const int32_t *a, const int32_t *b, int n) { int c = 0; for (int i = 0; i < n; i++) c += (a[i] & 7) == (b[i] & 7); return c; }
/* A float sum in eight independent lanes: vectorisable without reassociation (no -ffast-math). */
__attribute__((noinline)) static float sum8_f32(const float *p, int n)
{
    float acc[8] = { 0 };
    int i = 0;
    for (; i + 8 <= n; i += 8) for (int k = 0; k < 8; k++) acc[k] += p[i + k];
    float s = 0;
    for (int k = 0; k < 8; k++) s += acc[k];
    for (; i < n; i++) s += p[i];
    return s;
}
__attribute__((noinline)) static double dot_f64(const double *a, const double *b, int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }

/* --- element-wise arithmetic --- */
__attribute__((noinline)) static void saxpy(float *restrict y, const float *restrict x, float a, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
__attribute__((noinline)) static void daxpy(double *restrict y, const double *restrict x, double a, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
__attribute__((noinline)) static void fops(float *restrict d, const float *restrict a, const float *restrict b, int n)
{
    for (int i = 0; i < n; i++) {
        float q = b[i] != 0 ? a[i] / b[i] : 0;
        d[i] = (a[i] < b[i] ? a[i] : b[i]) + q * 0.5f - (a[i] > 0 ? a[i] : -a[i]);
    }
}
__attribute__((noinline)) static void sqrt_f64(double *restrict d, const double *restrict a, int n) { for (int i = 0; i < n; i++) d[i] = __builtin_sqrt(a[i] < 0 ? -a[i] : a[i]); }
__attribute__((noinline)) static void iops32(int32_t *restrict d, const int32_t *restrict a, const int32_t *restrict b, int n)
{
    for (int i = 0; i < n; i++) d[i] = (a[i] * 3 + (b[i] >> 3)) ^ ((uint32_t)a[i] >> 7) ^ (a[i] < b[i] ? a[i] : b[i]);
}
__attribute__((noinline)) static void iops64(int64_t *restrict d, const int64_t *restrict a, const int64_t *restrict b, int n)
{
    for (int i = 0; i < n; i++) d[i] = (a[i] + b[i]) ^ (a[i] >> 11) ^ (int64_t)((uint64_t)b[i] << 3) ^ (a[i] > b[i] ? 1 : -1);
}
__attribute__((noinline)) static void mulhi_u16(uint16_t *restrict d, const uint16_t *restrict a, const uint16_t *restrict b, int n) { for (int i = 0; i < n; i++) d[i] = (uint16_t)(((uint32_t)a[i] * b[i]) >> 16); }
__attribute__((noinline)) static void avg_u8(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t *restrict b, int n) { for (int i = 0; i < n; i++) d[i] = (uint8_t)((a[i] + b[i] + 1) >> 1); }
__attribute__((noinline)) static void satadd_u8(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t *restrict b, int n) { for (int i = 0; i < n; i++) { unsigned s = a[i] + b[i]; d[i] = s > 255 ? 255 : (uint8_t)s; } }
__attribute__((noinline)) static void abs_s8(int8_t *restrict d, const int8_t *restrict a, int n) { for (int i = 0; i < n; i++) d[i] = (int8_t)(a[i] < 0 ? -a[i] : a[i]); }
__attribute__((noinline)) static void shifts(uint32_t *restrict d, const uint32_t *restrict a, const int32_t *restrict b, int n) { for (int i = 0; i < n; i++) d[i] = (a[i] << (b[i] & 31)) | (a[i] >> ((b[i] >> 5) & 31)); }
__attribute__((noinline)) static void select_s16(int16_t *restrict d, const int16_t *restrict a, const int16_t *restrict b, int n) { for (int i = 0; i < n; i++) d[i] = a[i] > b[i] ? (int16_t)(a[i] - b[i]) : (int16_t)(b[i] & 0x0ff0); }

/* --- bytes --- */
__attribute__((noinline)) static void histogram(uint32_t *hist, const uint8_t *p, int n) { for (int i = 0; i < n; i++) hist[p[i]]++; }
__attribute__((noinline)) static void to_upper(char *restrict d, const char *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i]; }
__attribute__((noinline)) static void lut(uint8_t *restrict d, const uint8_t *restrict s, const uint8_t *restrict table, int n) { for (int i = 0; i < n; i++) d[i] = table[s[i]]; }
__attribute__((noinline)) static void reverse_u8(uint8_t *restrict d, const uint8_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = s[n - 1 - i]; }
__attribute__((noinline)) static void interleave(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t *restrict b, int n) { for (int i = 0; i < n; i++) { d[2 * i] = a[i]; d[2 * i + 1] = b[i]; } }
__attribute__((noinline)) static void deinterleave_rgb(uint8_t *restrict r, uint8_t *restrict g, uint8_t *restrict b, const uint8_t *restrict rgb, int n)
{
    for (int i = 0; i < n; i++) { r[i] = rgb[3 * i]; g[i] = rgb[3 * i + 1]; b[i] = rgb[3 * i + 2]; }
}
__attribute__((noinline)) static void gray(uint8_t *restrict d, const uint8_t *restrict rgb, int n)
{
    for (int i = 0; i < n; i++) d[i] = (uint8_t)((rgb[3 * i] * 77 + rgb[3 * i + 1] * 150 + rgb[3 * i + 2] * 29) >> 8);
}

/* --- string scanning --- */
__attribute__((noinline)) static int my_strlen(const char *s) { int n = 0; while (s[n]) n++; return n; }
__attribute__((noinline)) static int count_char(const char *s, int n, char c) { int k = 0; for (int i = 0; i < n; i++) k += s[i] == c; return k; }
__attribute__((noinline)) static int first_diff(const uint8_t *a, const uint8_t *b, int n) { for (int i = 0; i < n; i++) if (a[i] != b[i]) return i; return -1; }
__attribute__((noinline)) static int count_digits_spaces(const char *s, int n) { int k = 0; for (int i = 0; i < n; i++) k += (s[i] >= '0' && s[i] <= '9') | (s[i] == ' ') << 1; return k; }

/* --- conversions, narrowing, widening --- */
__attribute__((noinline)) static void i2f(float *restrict d, const int32_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (float)(s[i] >> 8); }
__attribute__((noinline)) static void f2i(int32_t *restrict d, const float *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (int32_t)(s[i] * 3.75f); }
__attribute__((noinline)) static void u2f(float *restrict d, const uint32_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (float)s[i]; }
__attribute__((noinline)) static void f2d(double *restrict d, const float *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (double)s[i] * 1.5; }
__attribute__((noinline)) static void d2f(float *restrict d, const double *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (float)(s[i] / 3.0); }
__attribute__((noinline)) static void d2i64(int64_t *restrict d, const double *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (int64_t)(s[i] * 1000.0); }
__attribute__((noinline)) static void i642d(double *restrict d, const int64_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (double)(s[i] >> 12); }
__attribute__((noinline)) static void narrow_sat_u8(uint8_t *restrict d, const int32_t *restrict s, int n)
{
    for (int i = 0; i < n; i++) { int32_t v = s[i] >> 22; d[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
}
__attribute__((noinline)) static void narrow_s16(int16_t *restrict d, const int32_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (int16_t)(s[i] >> 9); }
__attribute__((noinline)) static void narrow_sat_s16(int16_t *restrict d, const int32_t *restrict s, int n)
{
    for (int i = 0; i < n; i++) { int32_t v = s[i] >> 12; d[i] = (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }
}
__attribute__((noinline)) static void widen_u8_u32(uint32_t *restrict d, const uint8_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (uint32_t)s[i] * 1000u + 7; }
__attribute__((noinline)) static void widen_s8_s16(int16_t *restrict d, const int8_t *restrict s, int n) { for (int i = 0; i < n; i++) d[i] = (int16_t)(s[i] * -3); }
__attribute__((noinline)) static void widen_s32_s64(int64_t *restrict d, const int32_t *restrict a, const int32_t *restrict b, int n) { for (int i = 0; i < n; i++) d[i] = (int64_t)a[i] * b[i]; }

/* Lengths that exercise empty loops, tails only, and vector bodies with every tail length. */
static const int LENS[] = { 0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 100, 255, 256, 257, 1000, 1024, N };
#define FOR_LENS(n) for (size_t li_ = 0; li_ < sizeof LENS / sizeof LENS[0]; li_++) for (int n = LENS[li_], once_ = 1; once_; once_ = 0)
#define FOR_OFFSETS(o) for (int o = 0; o < 4; o += 3)

int main(void)
{
    h = 14695981039346656037ULL;
    fill();

    FOR_LENS(n) FOR_OFFSETS(o) { mix(sum_u8(u8a + o, n)); mix((uint32_t)sum_s16(s16a + o, n)); mix((uint64_t)sum_s32(s32a + o, n)); mix(xor_u32(u32a + o, n)); }
    report("sums");
    FOR_LENS(n) FOR_OFFSETS(o) { mix((uint32_t)max_s32(s32a + o, n)); mix(min_u8(u8a + o, n)); mix((uint32_t)count_eq(s32a + o, s32b, n)); }
    report("min/max/count");
    FOR_LENS(n) FOR_OFFSETS(o) { mix((uint64_t)dot_s16(s16a + o, s16b, n)); mix(sad_u8(u8a + o, u8b, n)); }
    report("dot/sad");
    FOR_LENS(n) { float s = sum8_f32(f32a, n); uint32_t b; memcpy(&b, &s, 4); mix(b); }
    report("sum8_f32");
    FOR_LENS(n) { double s = dot_f64(f64a, f64b, n); uint64_t b; memcpy(&b, &s, 8); mix(b); }
    report("dot_f64");
    printf("dot_f64(all) = %.17g\n", dot_f64(f64a, f64b, N));

    FOR_LENS(n) { memcpy(f32c, f32b, sizeof f32c); saxpy(f32c + 1, f32a, 1.25f, n); mix_bytes(f32c, sizeof f32c); }
    report("saxpy");
    FOR_LENS(n) { double y[N + 16]; memcpy(y, f64b, sizeof y); daxpy(y, f64a + 2, -0.75, n); mix_bytes(y, sizeof y); }
    report("daxpy");
    FOR_LENS(n) { memset(f32c, 0, sizeof f32c); fops(f32c, f32a, f32b, n); mix_bytes(f32c, sizeof f32c); }
    report("fops");
    { double d[N]; sqrt_f64(d, f64a, N); mix_bytes(d, sizeof d); printf("sqrt[5] = %.17g\n", d[5]); }
    report("sqrt_f64");
    FOR_LENS(n) FOR_OFFSETS(o) { memset(s32c, 0, sizeof s32c); iops32(s32c + o, s32a, s32b, n); mix_bytes(s32c, sizeof s32c); }
    report("iops32");
    FOR_LENS(n) { int64_t d[N + 16] = { 0 }; iops64(d, s64a, s64b, n); mix_bytes(d, sizeof d); }
    report("iops64");
    FOR_LENS(n) { uint16_t d[N + 16] = { 0 }; mulhi_u16(d, u16a, (const uint16_t *)s16b, n); mix_bytes(d, sizeof d); }
    report("mulhi_u16");
    FOR_LENS(n) FOR_OFFSETS(o) { memset(u8c, 0, sizeof u8c); avg_u8(u8c, u8a + o, u8b, n); mix_bytes(u8c, sizeof u8c); satadd_u8(u8c, u8a, u8b + o, n); mix_bytes(u8c, sizeof u8c); }
    report("avg/satadd_u8");
    FOR_LENS(n) { int8_t d[N + 16] = { 0 }; abs_s8(d, s8a, n); mix_bytes(d, sizeof d); }
    report("abs_s8");
    FOR_LENS(n) { uint32_t d[N + 16] = { 0 }; shifts(d, u32a, s32b, n); mix_bytes(d, sizeof d); }
    report("shifts");
    FOR_LENS(n) { memset(s16c, 0, sizeof s16c); select_s16(s16c, s16a, s16b, n); mix_bytes(s16c, sizeof s16c); }
    report("select_s16");

    FOR_LENS(n) FOR_OFFSETS(o) { uint32_t hist[256] = { 0 }; histogram(hist, u8a + o, n); mix_bytes(hist, sizeof hist); }
    report("histogram");
    FOR_LENS(n) { char d[N + 16] = { 0 }; to_upper(d, text, n); mix_bytes(d, sizeof d); }
    report("to_upper");
    {
        uint8_t table[256];
        for (int i = 0; i < 256; i++) table[i] = (uint8_t)(i * 167 + 13);
        FOR_LENS(n) { memset(u8c, 0, sizeof u8c); lut(u8c, u8a, table, n); mix_bytes(u8c, sizeof u8c); reverse_u8(u8c, u8b, n); mix_bytes(u8c, sizeof u8c); }
    }
    report("lut/reverse");
    {
        static uint8_t d[2 * N + 16], r[N], g[N], b[N];
        FOR_LENS(n) { memset(d, 0, sizeof d); interleave(d, u8a, u8b, n); mix_bytes(d, sizeof d); }
        FOR_LENS(n) if (3 * n <= 2 * N) { deinterleave_rgb(r, g, b, d, n); gray(u8c, d, n); mix_bytes(r, (size_t)n); mix_bytes(g, (size_t)n); mix_bytes(b, (size_t)n); mix_bytes(u8c, (size_t)n); }
    }
    report("interleave/rgb");

    {
        char s[N + 16];
        memcpy(s, text, sizeof s);
        FOR_LENS(n) if (n < N + 15) { char keep = s[n]; s[n] = 0; mix((uint32_t)my_strlen(s)); mix((uint32_t)count_char(s, n, 'e')); s[n] = keep; }
        for (int i = 0; i < N; i += 37) s[i] = i % 2 ? ' ' : (char)('0' + i % 10);
        FOR_LENS(n) mix((uint32_t)count_digits_spaces(s, n));
        FOR_LENS(n) { memcpy(u8c, u8a, sizeof u8c); if (n) u8c[n - 1] ^= 1; mix((uint32_t)first_diff(u8a, u8c, N)); }
    }
    report("strings");

    FOR_LENS(n) { memset(f32c, 0, sizeof f32c); i2f(f32c, s32a, n); mix_bytes(f32c, sizeof f32c); }
    FOR_LENS(n) { memset(s32c, 0, sizeof s32c); f2i(s32c, f32a, n); mix_bytes(s32c, sizeof s32c); }
    FOR_LENS(n) { memset(f32c, 0, sizeof f32c); u2f(f32c, u32a, n); mix_bytes(f32c, sizeof f32c); }
    report("int<->float");
    FOR_LENS(n) { double d[N + 16] = { 0 }; f2d(d, f32a, n); mix_bytes(d, sizeof d); memset(f32c, 0, sizeof f32c); d2f(f32c, f64a, n); mix_bytes(f32c, sizeof f32c); }
    FOR_LENS(n) { int64_t d[N + 16] = { 0 }; d2i64(d, f64a, n); mix_bytes(d, sizeof d); double e[N + 16] = { 0 }; i642d(e, s64a, n); mix_bytes(e, sizeof e); }
    report("float<->double/i64");
    FOR_LENS(n) { memset(u8c, 0, sizeof u8c); narrow_sat_u8(u8c, s32a, n); mix_bytes(u8c, sizeof u8c); }
    FOR_LENS(n) { memset(s16c, 0, sizeof s16c); narrow_s16(s16c, s32a, n); mix_bytes(s16c, sizeof s16c); narrow_sat_s16(s16c, s32b, n); mix_bytes(s16c, sizeof s16c); }
    report("narrowing");
    FOR_LENS(n) { uint32_t d[N + 16] = { 0 }; widen_u8_u32(d, u8a, n); mix_bytes(d, sizeof d); }
    FOR_LENS(n) { memset(s16c, 0, sizeof s16c); widen_s8_s16(s16c, s8a, n); mix_bytes(s16c, sizeof s16c); }
    FOR_LENS(n) { int64_t d[N + 16] = { 0 }; widen_s32_s64(d, s32a, s32b, n); mix_bytes(d, sizeof d); }
    report("widening");
    return 0;
}
