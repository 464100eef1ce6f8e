/* LZ77-style compressor (hash chains over a 32 KiB window) and decompressor, round trip checked.
   Stream format: a flag byte per 8 items; flag bit 1 = match (2-byte offset, 1-byte length-3),
   0 = literal byte. size = input size in KiB of generated text-like data (default 8192). */
#include "common.h"

#define WINDOW (1u << 15)
#define HASH_BITS 14
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 64

static uint32_t hash3(const uint8_t *p) {
  return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
  static int32_t head[1 << HASH_BITS];
  static int32_t prev[WINDOW];
  for (size_t i = 0; i < (1u << HASH_BITS); i++) head[i] = -1;
  size_t o = 0, flag_pos = 0;
  int nitems = 8;
  size_t i = 0;
  while (i < n) {
    if (nitems == 8) {
      flag_pos = o;
      out[o++] = 0;
      nitems = 0;
    }
    size_t best_len = 0, best_off = 0;
    if (i + MIN_MATCH <= n) {
      uint32_t h = hash3(in + i);
      int32_t cand = head[h];
      size_t maxlen = n - i < MAX_MATCH ? n - i : MAX_MATCH;
      for (int chain = 0; cand >= 0 && i - (size_t)cand < WINDOW && chain < MAX_CHAIN; chain++) {
        const uint8_t *a = in + cand, *b = in + i;
        if (a[best_len] == b[best_len]) {
          size_t l = 0;
          while (l < maxlen && a[l] == b[l]) l++;
          if (l > best_len) {
            best_len = l;
            best_off = i - (size_t)cand;
            if (l == maxlen) break;
          }
        }
        cand = prev[cand & (WINDOW - 1)];
      }
    }
    size_t adv = best_len >= MIN_MATCH ? best_len : 1;
    if (best_len >= MIN_MATCH) {
      out[flag_pos] |= (uint8_t)(1u << nitems);
      out[o++] = (uint8_t)(best_off - 1);
      out[o++] = (uint8_t)((best_off - 1) >> 8);
      out[o++] = (uint8_t)(best_len - MIN_MATCH);
    } else {
      out[o++] = in[i];
    }
    nitems++;
    for (size_t k = 0; k < adv; k++, i++) {
      if (i + MIN_MATCH <= n) {
        uint32_t h = hash3(in + i);
        prev[i & (WINDOW - 1)] = head[h];
        head[h] = (int32_t)i;
      }
    }
  }
  return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint8_t flags = in[i++];
    for (int b = 0; b < 8 && i < n; b++) {
      if (flags & (1u << b)) {
        size_t off = (size_t)in[i] | (size_t)in[i + 1] << 8;
        size_t len = (size_t)in[i + 2] + MIN_MATCH;
        i += 3;
        off += 1;
        if (off > o || o + len > cap) return (size_t)-1;
        for (size_t k = 0; k < len; k++, o++) out[o] = out[o - off];
      } else {
        if (o >= cap) return (size_t)-1;
        out[o++] = in[i++];
      }
    }
  }
  return o;
}

int main(int argc, char **argv) {
  long kib = bench_size(argc, argv, 8192);
  size_t n = (size_t)kib << 10;
  static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "emulator",
                                "guest", "host", "register", "memory", "page", "signal", "thread", "syscall",
                                "translate", "block", "region", "branch", "load", "store", "vector"};
  const int nwords = (int)(sizeof words / sizeof words[0]);
  uint8_t *in = xmalloc(n), *comp = xmalloc(n + n / 8 + 16), *back = xmalloc(n);
  uint32_t s = 0xC0FFEEu;
  for (size_t i = 0; i < n;) {
    uint32_t r = rng_next(&s);
    const char *w = words[r % nwords];
    if ((r >> 8) % 7 == 0) { /* some noise so not everything matches */
      in[i++] = (uint8_t)('0' + (r >> 12) % 10);
      continue;
    }
    for (size_t k = 0; w[k] && i < n; k++) in[i++] = (uint8_t)w[k];
    if (i < n) in[i++] = (r >> 20) % 9 == 0 ? '\n' : ' ';
  }
  size_t clen = compress(in, n, comp);
  size_t dlen = decompress(comp, clen, back, n);
  int ok = dlen == n && memcmp(in, back, n) == 0;
  uint32_t h = 2166136261u; /* FNV-1a of the compressed stream */
  for (size_t i = 0; i < clen; i++) h = (h ^ comp[i]) * 16777619u;
  printf("lz77 %ld %lu %08x %s\n", kib, (unsigned long)clen, (unsigned)h, ok ? "roundtrip-ok" : "roundtrip-FAIL");
  free(in); free(comp); free(back);
  return ok ? 0 : 1;
}
