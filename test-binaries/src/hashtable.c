/* A linked list and a chained hash table of 100k entries; deletions, lookups and a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct node { struct node *next; uint64_t key; char *val; };

static uint64_t hash64(uint64_t x) { x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33; return x; }

int main(void)
{
    enum { N = 100000 };
    /* linked list: build, reverse, sum, delete odd keys */
    struct node *head = NULL;
    for (uint64_t i = 0; i < N; i++) {
        struct node *n = malloc(sizeof *n);
        n->key = i * 3 + 1; n->val = NULL; n->next = head; head = n;
    }
    struct node *prev = NULL, *cur = head;
    while (cur) { struct node *nx = cur->next; cur->next = prev; prev = cur; cur = nx; }
    head = prev;
    uint64_t sum = 0, cnt = 0, pos = 0;
    for (struct node *n = head; n; n = n->next, pos++) sum += n->key * (pos + 1);
    struct node **pp = &head;
    while (*pp) { if ((*pp)->key & 1) { struct node *d = *pp; *pp = d->next; free(d); } else pp = &(*pp)->next; }
    for (struct node *n = head; n; n = n->next) cnt++;
    printf("list weighted sum=%llu remaining=%llu\n", (unsigned long long)sum, (unsigned long long)cnt);
    while (head) { struct node *d = head; head = d->next; free(d); }

    /* hash table with string values, resized as it grows */
    size_t cap = 16, size = 0;
    struct node **tab = calloc(cap, sizeof *tab);
    for (uint64_t i = 0; i < N; i++) {
        uint64_t key = hash64(i) % 10000000;
        size_t b = hash64(key) & (cap - 1);
        struct node *e;
        for (e = tab[b]; e; e = e->next) if (e->key == key) break;
        char buf[32];
        snprintf(buf, sizeof buf, "v%llu-%llu", (unsigned long long)key, (unsigned long long)i);
        if (e) { free(e->val); e->val = strdup(buf); continue; }
        e = malloc(sizeof *e); e->key = key; e->val = strdup(buf); e->next = tab[b]; tab[b] = e; size++;
        if (size > cap * 3 / 4) {
            size_t ncap = cap * 2;
            struct node **nt = calloc(ncap, sizeof *nt);
            for (size_t k = 0; k < cap; k++) {
                struct node *x = tab[k];
                while (x) { struct node *nx = x->next; size_t nb = hash64(x->key) & (ncap - 1); x->next = nt[nb]; nt[nb] = x; x = nx; }
            }
            free(tab); tab = nt; cap = ncap;
        }
    }
    uint64_t found = 0, csum = 0;
    for (uint64_t i = 0; i < 2 * N; i++) {
        uint64_t key = hash64(i) % 10000000;
        for (struct node *e = tab[hash64(key) & (cap - 1)]; e; e = e->next)
            if (e->key == key) { found++; for (const char *p = e->val; *p; p++) csum = csum * 33 + (unsigned char)*p; break; }
    }
    /* delete every entry with an even key */
    size_t deleted = 0, longest = 0;
    for (size_t k = 0; k < cap; k++) {
        struct node **q = &tab[k];
        size_t chain = 0;
        while (*q) {
            if (((*q)->key & 1) == 0) { struct node *d = *q; *q = d->next; free(d->val); free(d); deleted++; }
            else { q = &(*q)->next; chain++; }
        }
        if (chain > longest) longest = chain;
    }
    printf("hash size=%zu cap=%zu found=%llu checksum=%016llx deleted=%zu longest=%zu\n", size, cap, (unsigned long long)found,
           (unsigned long long)csum, deleted, longest);
    for (size_t k = 0; k < cap; k++) while (tab[k]) { struct node *d = tab[k]; tab[k] = d->next; free(d->val); free(d); }
    free(tab);
    return 0;
}
