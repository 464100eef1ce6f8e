/* Integer mix in the spirit of CoreMark (own code): linked-list search, reversal and merge sort,
   a small integer matrix multiply, a character-class state machine, all folded into a CRC-16.
   size = number of iterations (default 3000). */
#include "common.h"

/* ---- CRC-16/CCITT (polynomial 0x1021), bitwise ---- */
static uint16_t crc16_byte(uint16_t crc, uint8_t b) {
  crc ^= (uint16_t)b << 8;
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  return crc;
}
static uint16_t crc16_u32(uint16_t crc, uint32_t v) {
  crc = crc16_byte(crc, (uint8_t)v);
  crc = crc16_byte(crc, (uint8_t)(v >> 8));
  crc = crc16_byte(crc, (uint8_t)(v >> 16));
  return crc16_byte(crc, (uint8_t)(v >> 24));
}

/* ---- linked list ---- */
typedef struct node {
  struct node *next;
  int16_t value;
  uint16_t idx;
} node;

#define LIST_LEN 512

static node *list_build(node *pool, uint32_t *seed) {
  node *head = NULL;
  for (int i = LIST_LEN - 1; i >= 0; i--) {
    pool[i].value = (int16_t)(rng_next(seed) & 0x7fff) - 0x4000;
    pool[i].idx = (uint16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static node *list_reverse(node *h) {
  node *prev = NULL;
  while (h) {
    node *n = h->next;
    h->next = prev;
    prev = h;
    h = n;
  }
  return prev;
}

static node *list_find(node *h, int16_t v) {
  for (; h; h = h->next)
    if (h->value == v) return h;
  return NULL;
}

/* bottom-up merge sort of a singly linked list; by_value selects the key */
static int key_less_eq(const node *a, const node *b, int by_value) {
  return by_value ? a->value <= b->value : a->idx <= b->idx;
}
static node *list_sort(node *list, int by_value) {
  if (!list) return list;
  for (int insize = 1;; insize *= 2) {
    node *p = list, *tail = NULL;
    list = NULL;
    int merges = 0;
    while (p) {
      merges++;
      node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if (key_less_eq(p, q, by_value)) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = NULL;
    if (merges <= 1) return list;
  }
}

static uint16_t bench_list(node *pool, uint32_t seed, uint16_t crc) {
  node *h = list_build(pool, &seed);
  int found = 0, missed = 0;
  for (int i = 0; i < 64; i++) {
    int16_t want = (i & 3) ? pool[(rng_next(&seed) % LIST_LEN)].value : (int16_t)(rng_next(&seed) & 0xff);
    node *f = list_find(h, want);
    if (f) { found++; crc = crc16_u32(crc, f->idx); } else missed++;
  }
  h = list_reverse(h);
  h = list_sort(h, 1);
  int32_t prev = -0x8000, ordered = 1;
  for (node *n = h; n; n = n->next) {
    if (n->value < prev) ordered = 0;
    prev = n->value;
  }
  int k = 0;
  for (node *n = h; n && k < 16; n = n->next, k++) crc = crc16_u32(crc, (uint32_t)(uint16_t)n->value);
  h = list_sort(h, 0);
  k = 0;
  for (node *n = h; n; n = n->next, k++)
    if (n->idx != k) ordered = 0;
  return crc16_u32(crc, (uint32_t)(found << 16 | missed << 1 | ordered));
}

/* ---- matrix ---- */
#define MN 20
static uint16_t bench_matrix(uint32_t seed, uint16_t crc) {
  int16_t a[MN][MN], b[MN][MN];
  int32_t c[MN][MN];
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      a[i][j] = (int16_t)((rng_next(&seed) & 0xffff) - 0x8000) >> 4;
      b[i][j] = (int16_t)((rng_next(&seed) & 0xffff) - 0x8000) >> 4;
    }
  /* add a constant, multiply by a constant, multiply matrices, then sum with a bit test */
  int16_t k = (int16_t)(seed & 0xff);
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) a[i][j] = (int16_t)(a[i][j] + k);
  int32_t tsum = 0;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) tsum += (int32_t)a[i][j] * 3;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      int32_t s = 0;
      for (int x = 0; x < MN; x++) s += (int32_t)a[i][x] * b[x][j];
      c[i][j] = s;
    }
  uint32_t bits = 0;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      int32_t v = c[i][j];
      bits += (v > tsum) ? 1u : (uint32_t)(v >> 12) & 0xf;
      bits ^= (uint32_t)v;
    }
  return crc16_u32(crc16_u32(crc, bits), (uint32_t)tsum);
}

/* ---- state machine: classify comma-separated tokens as int, decimal, scientific or invalid ---- */
enum { S_START, S_INT, S_SIGN, S_DEC, S_EXP0, S_EXPSIGN, S_EXP, S_INVALID, S_COUNT };

static uint16_t bench_state(uint32_t seed, uint16_t crc) {
  static const char alphabet[] = "0123456789012345678901234567890123456789+-..eE,,,,x ";
  uint8_t text[1024];
  for (int i = 0; i < (int)sizeof text - 1; i++) text[i] = (uint8_t)alphabet[rng_next(&seed) % (sizeof alphabet - 1)];
  text[sizeof text - 1] = 0;
  uint32_t finals[S_COUNT] = {0}, transitions = 0;
  int st = S_START;
  for (const uint8_t *p = text;; p++) {
    uint8_t ch = *p;
    if (ch == ',' || ch == 0) {
      finals[st]++;
      st = S_START;
      if (ch == 0) break;
      continue;
    }
    int isdig = ch >= '0' && ch <= '9';
    int next;
    switch (st) {
      case S_START: next = isdig ? S_INT : (ch == '+' || ch == '-') ? S_SIGN : ch == '.' ? S_DEC : S_INVALID; break;
      case S_SIGN: next = isdig ? S_INT : ch == '.' ? S_DEC : S_INVALID; break;
      case S_INT: next = isdig ? S_INT : ch == '.' ? S_DEC : (ch == 'e' || ch == 'E') ? S_EXP0 : S_INVALID; break;
      case S_DEC: next = isdig ? S_DEC : (ch == 'e' || ch == 'E') ? S_EXP0 : S_INVALID; break;
      case S_EXP0: next = isdig ? S_EXP : (ch == '+' || ch == '-') ? S_EXPSIGN : S_INVALID; break;
      case S_EXPSIGN: next = isdig ? S_EXP : S_INVALID; break;
      case S_EXP: next = isdig ? S_EXP : S_INVALID; break;
      default: next = S_INVALID; break;
    }
    if (next != st) transitions++;
    st = next;
  }
  for (int i = 0; i < S_COUNT; i++) crc = crc16_u32(crc, finals[i]);
  return crc16_u32(crc, transitions);
}

int main(int argc, char **argv) {
  long iters = bench_size(argc, argv, 3000);
  node *pool = xmalloc(sizeof(node) * LIST_LEN);
  uint16_t crc = 0xffff;
  for (long it = 0; it < iters; it++) {
    uint32_t seed = 0x2545F491u ^ (uint32_t)(it * 2654435761u);
    if (!seed) seed = 1;
    crc = bench_list(pool, seed, crc);
    crc = bench_matrix(seed ^ 0x5bd1e995u, crc);
    crc = bench_state(seed ^ 0x68e31da4u, crc);
  }
  printf("intmix %ld %04x\n", iters, (unsigned)crc);
  free(pool);
  return 0;
}
