/* malloc/calloc/realloc/free of many sizes in several patterns; contents are verified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <malloc.h>

static uint64_t rs = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void) { rs ^= rs >> 12; rs ^= rs << 25; rs ^= rs >> 27; return rs * 0x2545F4914F6CDD1DULL; }

static void fill(unsigned char *p, size_t n, unsigned seed) { for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed + i * 7); }
static int check(const unsigned char *p, size_t n, unsigned seed) { for (size_t i = 0; i < n; i++) if (p[i] != (unsigned char)(seed + i * 7)) return 0; return 1; }

int main(void)
{
    enum { SLOTS = 4096 };
    static unsigned char *ptr[SLOTS];
    static size_t len[SLOTS];
    static unsigned seed[SLOTS];
    size_t errors = 0, allocs = 0, reallocs = 0, frees = 0, aligned = 0;
    for (int round = 0; round < 60000; round++) {
        int s = (int)(rnd() % SLOTS);
        uint64_t r = rnd();
        if (ptr[s] == NULL) {
            size_t n;
            switch (r % 8) {
            case 0: n = 0; break;
            case 1: n = r >> 60; break;
            case 2: n = (r >> 20) % 64; break;
            case 3: n = (r >> 20) % 1024; break;
            case 4: n = (r >> 20) % 8192; break;
            case 5: n = 4096 * ((r >> 20) % 8) + (r >> 40) % 16; break;
            case 6: n = (r >> 20) % 150000; break;  /* some above the mmap threshold */
            default: n = 24; break;
            }
            ptr[s] = (r & 0x100) ? calloc(1, n) : malloc(n);
            if (r & 0x100) for (size_t i = 0; i < n; i++) if (ptr[s][i]) { errors++; break; }
            if (n && !ptr[s]) { errors++; continue; }
            if (((uintptr_t)ptr[s] & 15) == 0) aligned++;
            len[s] = n; seed[s] = (unsigned)r; fill(ptr[s], n, seed[s]); allocs++;
        } else if (r % 3 == 0) {
            size_t n = (r % 5 == 0) ? (r >> 16) % 100000 : (r >> 16) % 2000;
            if (!check(ptr[s], len[s], seed[s])) errors++;
            unsigned char *q = realloc(ptr[s], n ? n : 1);
            if (!q) { errors++; continue; }
            size_t keep = len[s] < n ? len[s] : n;
            if (!check(q, keep, seed[s])) errors++;
            ptr[s] = q; len[s] = n; fill(q, n, seed[s]); reallocs++;
        } else {
            if (!check(ptr[s], len[s], seed[s])) errors++;
            free(ptr[s]); ptr[s] = NULL; frees++;
        }
    }
    for (int s = 0; s < SLOTS; s++) if (ptr[s]) { if (!check(ptr[s], len[s], seed[s])) errors++; free(ptr[s]); }
    printf("allocs=%zu reallocs=%zu frees=%zu errors=%zu all16aligned=%s\n", allocs, reallocs, frees, errors, aligned == allocs ? "yes" : "no");

    /* LIFO and FIFO free orders of many small blocks */
    enum { M = 100000 };
    void **v = malloc(M * sizeof *v);
    for (int i = 0; i < M; i++) { v[i] = malloc((size_t)(i % 97) + 1); memset(v[i], i & 0xff, (size_t)(i % 97) + 1); }
    for (int i = M - 1; i >= 0; i--) free(v[i]);
    for (int i = 0; i < M; i++) v[i] = malloc(32);
    for (int i = 0; i < M; i++) free(v[i]);
    /* grow one block by doubling, realloc to shrink */
    size_t n = 1; unsigned char *g = malloc(1); g[0] = 0xAB;
    while (n < (8u << 20)) { g = realloc(g, n * 2); memset(g + n, 0xAB, n); n *= 2; }
    size_t ok = 1; for (size_t i = 0; i < n; i += 4093) if (g[i] != 0xAB) ok = 0;
    g = realloc(g, 10);
    printf("grown to %zu ok=%zu shrunk first=%x\n", n, ok, g[9]);
    free(g);
    /* aligned allocations */
    for (size_t al = 16; al <= 65536; al *= 4) {
        void *p = NULL;
        int rc = posix_memalign(&p, al, 1000);
        void *q = aligned_alloc(al, al * 3);
        void *m = memalign(al, 77);
        printf("align %zu: posix_memalign rc=%d ok=%d aligned_alloc ok=%d memalign ok=%d\n", al, rc, ((uintptr_t)p % al) == 0,
               q && ((uintptr_t)q % al) == 0, m && ((uintptr_t)m % al) == 0);
        free(p); free(q); free(m);
    }
    free(v);
    volatile size_t huge = SIZE_MAX / 4 * 3;
    void *big = malloc(huge);
    printf("huge malloc %s\n", big ? "succeeded?" : "returned NULL");
    return 0;
}
