// LL/SC: __atomic builtins on 8-, 16- and 32-bit objects (gcc expands them to LL/SC loops, subword
// ones with masks), 64-bit ones (libatomic on MIPS32), and a hand-written LL/SC loop. With the
// argument "threads" four threads also hammer one counter through each kind.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int32_t w;
static int16_t h;
static int8_t b;
static int64_t d;

static int32_t llsc_add(volatile int32_t *p, int32_t v) {
  int32_t old, tmp;
  __asm__ volatile(
      "1: ll %0, 0(%2)\n"
      "   addu %1, %0, %3\n"
      "   sc %1, 0(%2)\n"
      "   beqz %1, 1b\n"
      : "=&r"(old), "=&r"(tmp)
      : "r"(p), "r"(v)
      : "memory");
  return old;
}

static void single(void) {
  printf("fetch_add %d -> %d\n", __atomic_fetch_add(&w, 5, __ATOMIC_SEQ_CST), w);
  printf("fetch_sub %d -> %d\n", __atomic_fetch_sub(&w, 12, __ATOMIC_ACQ_REL), w);
  printf("fetch_or %d -> %d\n", __atomic_fetch_or(&w, 0x300, __ATOMIC_RELAXED), w);
  printf("fetch_and %d -> %d\n", __atomic_fetch_and(&w, ~0x100, __ATOMIC_RELEASE), w);
  printf("fetch_xor %d -> %d\n", __atomic_fetch_xor(&w, -1, __ATOMIC_SEQ_CST), w);
  printf("exchange %d -> %d\n", __atomic_exchange_n(&w, 77, __ATOMIC_SEQ_CST), w);
  int32_t e = 76;
  int ok = __atomic_compare_exchange_n(&w, &e, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  printf("cas fail %d expected now %d value %d\n", ok, e, w);
  ok = __atomic_compare_exchange_n(&w, &e, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  printf("cas ok %d value %d\n", ok, w);
  int tries = 0;
  e = 99;
  while (!__atomic_compare_exchange_n(&w, &e, 100, 1, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) tries++;
  printf("weak cas value %d (retries under 1000: %d)\n", w, tries < 1000);

  h = 0x7ff0;
  printf("16: add %d -> %d\n", __atomic_fetch_add(&h, 0x20, __ATOMIC_SEQ_CST), h);
  int16_t eh = (int16_t)0x8010;
  printf("16: cas %d -> %d\n", __atomic_compare_exchange_n(&h, &eh, 5, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST), h);
  printf("16: xchg %d -> %d\n", __atomic_exchange_n(&h, -2, __ATOMIC_SEQ_CST), h);
  b = 120;
  printf("8: add %d -> %d\n", __atomic_fetch_add(&b, 10, __ATOMIC_SEQ_CST), b);
  printf("8: nand %d -> %d\n", __atomic_fetch_nand(&b, 0x0f, __ATOMIC_SEQ_CST), b);
  printf("8: test_and_set %d\n", __sync_lock_test_and_set(&b, 1));
  __sync_lock_release(&b);
  printf("8: released %d\n", b);

  d = 0x7fffffffffffffffLL;
  printf("64: add %lld -> %lld\n", (long long)__atomic_fetch_add(&d, 1, __ATOMIC_SEQ_CST), (long long)d);
  int64_t ed = d;
  printf("64: cas %d -> %lld\n", __atomic_compare_exchange_n(&d, &ed, 42, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST), (long long)d);
  printf("64: fetch_xor %lld -> %lld\n", (long long)__atomic_fetch_xor(&d, -1, __ATOMIC_SEQ_CST), (long long)d);

  w = 0;
  for (int i = 0; i < 1000; i++) llsc_add(&w, i);
  printf("llsc loop %d\n", w);
  __sync_synchronize();
  printf("lock free 1 2 4 8: %d %d %d %d\n", __atomic_always_lock_free(1, 0), __atomic_always_lock_free(2, 0),
         __atomic_always_lock_free(4, 0), __atomic_always_lock_free(8, 0));
}

#define ITER 20000
static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ITER; i++) {
    __atomic_fetch_add(&w, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&d, 3, __ATOMIC_RELAXED);
    llsc_add(&w, 2);
  }
  return NULL;
}

int main(int argc, char **argv) {
  single();
  if (argc > 1 && strcmp(argv[1], "threads") == 0) {
    w = 0;
    h = 0;
    d = 0;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("threads: w %d h %d d %lld\n", w, h, (long long)d);
  }
  return 0;
}
