/* string.h functions at every alignment and many lengths, compared against naive versions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <ctype.h>

static unsigned char A[600], B[600], C[600];
static uint64_t h = 14695981039346656037ULL;
static void mix(long v) { h = (h ^ (uint64_t)v) * 1099511628211ULL; }

int main(void)
{
    long errs = 0;
    for (size_t i = 0; i < sizeof A; i++) { A[i] = (unsigned char)(i * 37 + 11); B[i] = 0; }
    for (size_t sa = 0; sa < 16; sa++)
        for (size_t da = 0; da < 16; da++)
            for (size_t n = 0; n < 300; n += (n < 40 ? 1 : 37)) {
                memset(B, 0x5a, sizeof B);
                memcpy(B + da, A + sa, n);
                for (size_t k = 0; k < n; k++) if (B[da + k] != A[sa + k]) errs++;
                if (da && B[da - 1] != 0x5a) errs++;
                if (B[da + n] != 0x5a) errs++;
                mix(memcmp(B + da, A + sa, n));
                memset(B + da, (int)(n & 0xff), n);
                for (size_t k = 0; k < n; k++) if (B[da + k] != (unsigned char)n) errs++;
                if (B[da + n] != 0x5a) errs++;
            }
    printf("memcpy/memset errors=%ld\n", errs);
    /* memmove overlapping both ways */
    errs = 0;
    for (size_t off = 0; off < 40; off++)
        for (size_t n = 0; n < 200; n += 7) {
            memcpy(C, A, sizeof C);
            memmove(C + off, C + 50, n);
            for (size_t k = 0; k < n; k++) if (C[off + k] != A[50 + k]) errs++;
            memcpy(C, A, sizeof C);
            memmove(C + 50, C + off, n);
            for (size_t k = 0; k < n; k++) if (C[50 + k] != A[off + k]) errs++;
        }
    printf("memmove errors=%ld\n", errs);
    /* strlen/strchr/strrchr/memchr at all alignments */
    char s[300];
    errs = 0;
    for (size_t al = 0; al < 16; al++)
        for (size_t n = 0; n < 200; n++) {
            memset(s, 'x', sizeof s);
            for (size_t k = 0; k < n; k++) s[al + k] = (char)('a' + (k % 26));
            s[al + n] = 0;
            if (strlen(s + al) != n) errs++;
            char *p = strchr(s + al, 'z');
            mix(p ? p - (s + al) : -1);
            p = strrchr(s + al, 'c');
            mix(p ? p - (s + al) : -1);
            mix(strchr(s + al, 0) - (s + al));
            void *m = memchr(s + al, 'q', n);
            mix(m ? (char *)m - (s + al) : -1);
            mix(strnlen(s + al, 50));
        }
    printf("strlen errors=%ld\n", errs);
    /* strcmp family */
    static const char *strs[] = {"", "a", "b", "abc", "abd", "ab", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyZ", "ABC", "\x80", "\xff", "a\x80"};
    size_t ns = sizeof strs / sizeof strs[0];
    for (size_t i = 0; i < ns; i++) {
        printf("%zu:", i);
        for (size_t j = 0; j < ns; j++) {
            int c1 = strcmp(strs[i], strs[j]), c2 = strncmp(strs[i], strs[j], 2), c3 = strcasecmp(strs[i], strs[j]);
            printf(" %c%c%c", c1 < 0 ? '<' : c1 > 0 ? '>' : '=', c2 < 0 ? '<' : c2 > 0 ? '>' : '=', c3 < 0 ? '<' : c3 > 0 ? '>' : '=');
        }
        printf("\n");
    }
    /* unaligned strcmp of equal strings with a late difference */
    errs = 0;
    for (size_t a1 = 0; a1 < 8; a1++)
        for (size_t a2 = 0; a2 < 8; a2++)
            for (size_t n = 1; n < 100; n += 3) {
                char x[128], y[128];
                for (size_t k = 0; k < n; k++) x[a1 + k] = y[a2 + k] = (char)('A' + k % 50);
                x[a1 + n] = y[a2 + n] = 0;
                if (strcmp(x + a1, y + a2) != 0) errs++;
                y[a2 + n - 1]++;
                if (strcmp(x + a1, y + a2) >= 0) errs++;
                if (memcmp(x + a1, y + a2, n) >= 0) errs++;
            }
    printf("strcmp unaligned errors=%ld\n", errs);
    /* strstr, strspn, strcspn, strpbrk, strtok, strtok_r, strsep */
    const char *hay = "the quick brown fox jumps over the lazy dog; the end";
    const char *needles[] = {"the", "fox", "dog;", "end", "", "x", "lazy dogs", "e e", "o"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
        const char *p = strstr(hay, needles[i]);
        printf("strstr(%s)=%ld ", needles[i], p ? (long)(p - hay) : -1L);
    }
    printf("\nstrspn=%zu strcspn=%zu strpbrk=%s\n", strspn(hay, "the "), strcspn(hay, "xyz"), strpbrk(hay, "jz"));
    char tokbuf[100];
    strcpy(tokbuf, "  alpha,beta;;gamma , delta,,epsilon  ");
    for (char *t = strtok(tokbuf, " ,;"); t; t = strtok(NULL, " ,;")) printf("[%s]", t);
    printf("\n");
    strcpy(tokbuf, "a=1&b=2&&c=3");
    char *save, *outer = strtok_r(tokbuf, "&", &save);
    while (outer) { char *s2; char *k = strtok_r(outer, "=", &s2); char *v = strtok_r(NULL, "=", &s2); printf("{%s:%s}", k, v ? v : "-"); outer = strtok_r(NULL, "&", &save); }
    printf("\n");
    strcpy(tokbuf, "x::y:z");
    char *sp = tokbuf, *f;
    while ((f = strsep(&sp, ":")) != NULL) printf("<%s>", f);
    printf("\n");
    /* snprintf truncation and return values, into unaligned buffers */
    for (size_t al = 0; al < 4; al++)
        for (size_t sz = 0; sz < 12; sz += 3) {
            char buf[32];
            memset(buf, '#', sizeof buf);
            int r = snprintf(buf + al, sz, "%s-%d-%x", "abc", -123, 255u);
            buf[31] = 0;
            printf("snprintf al=%zu sz=%zu r=%d buf=[%s]\n", al, sz, r, buf);
        }
    char big[400];
    int r = snprintf(big, sizeof big, "%-10s|%10s|%.3s|%*d|%-*d|%+05d|%lld|%hhd|%hd|%#o|%#x|%%|%p|%zu", "left", "right", "truncate", 6, 42, 6, 42,
                     7, -9000000000LL, 300, 70000, 8, 255, (void *)0, sizeof(int));
    printf("%s (%d)\n", big, r);
    /* strncpy, strcat, strncat, strdup, strndup, toupper */
    char d1[16];
    memset(d1, 'Q', sizeof d1);
    strncpy(d1, "abc", 8);
    printf("strncpy pad: %d %d %d %c\n", d1[3], d1[7], d1[8] == 'Q', d1[9]);
    strcpy(d1, "foo"); strcat(d1, "bar"); strncat(d1, "bazqux", 3);
    char *dup = strdup(d1), *ndup = strndup(d1, 4);
    for (char *p = dup; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("%s %s %s\n", d1, dup, ndup);
    free(dup); free(ndup);
    printf("string hash %016llx\n", (unsigned long long)h);
    return 0;
}
