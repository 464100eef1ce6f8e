/* qsort with several comparators and element sizes, then bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return (rng >> 8) & 0xffffff; }

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

struct rec { char name[13]; int key; short pad; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return strcmp(x->name, y->name);
}

int main(void)
{
    enum { N = 50000 };
    int *a = malloc(N * sizeof *a);
    for (int i = 0; i < N; i++) a[i] = (int)next() - 0x800000;
    qsort(a, N, sizeof *a, cmp_int);
    int sorted = 1; uint64_t h = 0;
    for (int i = 0; i < N; i++) { if (i && a[i - 1] > a[i]) sorted = 0; h = h * 1000003 + (uint32_t)a[i]; }
    printf("ints sorted=%d first=%d last=%d median=%d hash=%016llx\n", sorted, a[0], a[N - 1], a[N / 2], (unsigned long long)h);
    int hits = 0;
    for (int k = 0; k < 10000; k++) {
        int key = (int)next() - 0x800000;
        if (bsearch(&key, a, N, sizeof *a, cmp_int)) hits++;
    }
    for (int k = 0; k < N; k += 997) if (!bsearch(&a[k], a, N, sizeof *a, cmp_int)) printf("missing %d\n", a[k]);
    printf("bsearch random hits=%d\n", hits);
    qsort(a, N, sizeof *a, cmp_int_desc);
    printf("desc first=%d last=%d\n", a[0], a[N - 1]);

    static const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "kiwi", "date", "grape", "lemon", "mango",
        "apricot", "zucchini", "Apple", "APPLE", "", "a", "ab", "aa", "b", "lime"};
    size_t nw = sizeof words / sizeof words[0];
    const char **w = malloc(sizeof words);
    memcpy(w, words, sizeof words);
    qsort(w, nw, sizeof *w, cmp_str);
    for (size_t i = 0; i < nw; i++) printf("%s[%s]", i ? " " : "", w[i]);
    printf("\n");
    const char *key = "kiwi";
    const char **found = bsearch(&key, w, nw, sizeof *w, cmp_str);
    printf("kiwi at %ld\n", found ? (long)(found - w) : -1L);

    double *d = malloc(1000 * sizeof *d);
    for (int i = 0; i < 1000; i++) d[i] = ((int)next() - 0x800000) / 1024.0;
    qsort(d, 1000, sizeof *d, cmp_dbl);
    printf("doubles: %g %g %g\n", d[0], d[500], d[999]);

    struct rec *r = malloc(3000 * sizeof *r);
    for (int i = 0; i < 3000; i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].key = (int)(next() % 50);
        snprintf(r[i].name, sizeof r[i].name, "n%06u", next() % 1000000);
    }
    qsort(r, 3000, sizeof *r, cmp_rec);
    h = 0;
    for (int i = 0; i < 3000; i++) for (const char *p = r[i].name; *p; p++) h = h * 131 + (unsigned char)*p + (unsigned)r[i].key;
    printf("records: first %d/%s last %d/%s hash=%016llx\n", r[0].key, r[0].name, r[2999].key, r[2999].name, (unsigned long long)h);
    /* small and degenerate sizes */
    for (int n = 0; n <= 8; n++) {
        int s[8];
        for (int i = 0; i < n; i++) s[i] = (int)(next() % 10);
        qsort(s, (size_t)n, sizeof *s, cmp_int);
        printf("n=%d:", n);
        for (int i = 0; i < n; i++) printf(" %d", s[i]);
        printf("\n");
    }
    free(a); free(w); free(d); free(r);
    return 0;
}
