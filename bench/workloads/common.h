/* Shared helpers for the bench workloads: a portable PRNG and argument parsing.
   Every workload takes an optional size argument argv[1] (its meaning is given in each file)
   and prints one line "<name> <size> <checksum>" that is identical on every architecture. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift32: same sequence on every target (no dependence on int width, char signedness, endianness). */
static inline uint32_t rng_next(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

static inline long bench_size(int argc, char **argv, long dflt) {
  if (argc < 2) return dflt;
  long v = strtol(argv[1], NULL, 10);
  if (v <= 0) {
    fprintf(stderr, "usage: %s [size > 0]\n", argv[0]);
    exit(2);
  }
  return v;
}

static inline void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fprintf(stderr, "out of memory (%lu bytes)\n", (unsigned long)n);
    exit(3);
  }
  return p;
}
#endif
