/* Benchmark-like kernel: sieve of Eratosthenes, several sorts, matrix multiply, CRC32; checksums only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t crc_table[256];
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}
static uint32_t crc32_buf(const void *p, size_t n)
{
    const uint8_t *b = p; uint32_t c = 0xffffffffu;
    while (n--) c = crc_table[(c ^ *b++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static void insertion(int *a, int n) { for (int i = 1; i < n; i++) { int v = a[i], j = i - 1; while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; } a[j + 1] = v; } }
static void merge_sort(int *a, int *tmp, int n)
{
    if (n < 16) { insertion(a, n); return; }
    int m = n / 2;
    merge_sort(a, tmp, m); merge_sort(a + m, tmp, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < m) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}
static void heap_sort(int *a, int n)
{
    for (int s = n / 2 - 1; s >= 0; s--) for (int r = s;;) { int c = 2 * r + 1; if (c >= n) break; if (c + 1 < n && a[c + 1] > a[c]) c++; if (a[r] >= a[c]) break; int t = a[r]; a[r] = a[c]; a[c] = t; r = c; }
    for (int e = n - 1; e > 0; e--) { int t = a[0]; a[0] = a[e]; a[e] = t; for (int r = 0;;) { int c = 2 * r + 1; if (c >= e) break; if (c + 1 < e && a[c + 1] > a[c]) c++; if (a[r] >= a[c]) break; t = a[r]; a[r] = a[c]; a[c] = t; r = c; } }
}

int main(void)
{
    crc_init();
    enum { LIMIT = 2000000 };
    uint8_t *comp = calloc(LIMIT + 1, 1);
    for (uint32_t i = 2; (uint64_t)i * i <= LIMIT; i++) if (!comp[i]) for (uint32_t j = i * i; j <= LIMIT; j += i) comp[j] = 1;
    uint32_t count = 0; uint64_t psum = 0, last = 0;
    for (uint32_t i = 2; i <= LIMIT; i++) if (!comp[i]) { count++; psum += i; last = i; }
    printf("primes<=%d: %u sum=%llu last=%llu crc=%08x\n", LIMIT, count, (unsigned long long)psum, (unsigned long long)last, crc32_buf(comp, LIMIT + 1));
    free(comp);

    enum { N = 200000 };
    int *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *tmp = malloc(N * sizeof *tmp);
    uint32_t x = 2463534242u;
    for (int i = 0; i < N; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; a[i] = (int)(x % 1000000) - 500000; }
    memcpy(b, a, N * sizeof *a);
    merge_sort(a, tmp, N);
    heap_sort(b, N);
    printf("merge==heap: %s crc=%08x min=%d max=%d\n", memcmp(a, b, N * sizeof *a) ? "no" : "yes", crc32_buf(a, N * sizeof *a), a[0], a[N - 1]);
    enum { M = 120 };
    double *A = malloc(M * M * sizeof *A), *B = malloc(M * M * sizeof *B), *C = calloc(M * M, sizeof *C);
    for (int i = 0; i < M * M; i++) { A[i] = (i % 17) * 0.25 - 2; B[i] = (i % 13) * 0.5 - 3; }
    for (int i = 0; i < M; i++) for (int k = 0; k < M; k++) { double aik = A[i * M + k]; for (int j = 0; j < M; j++) C[i * M + j] += aik * B[k * M + j]; }
    double tr = 0; for (int i = 0; i < M; i++) tr += C[i * M + i];
    printf("matmul trace=%.6f crc=%08x\n", tr, crc32_buf(C, M * M * sizeof *C));
    free(a); free(b); free(tmp); free(A); free(B); free(C);
    return 0;
}
