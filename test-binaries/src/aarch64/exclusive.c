// Single-threaded atomics: LDXR/STXR and LDAXR/STLXR loops of every width written in asm, the pair
// forms LDXP/STXP, CLREX (a store-exclusive after it must fail), LDAR/STLR, barriers, and the
// compiler's __atomic builtins, which GCC 12 compiles to calls of libgcc's outline helpers: those
// pick the LSE instructions (CAS, LDADD, SWP...) when AT_HWCAP has ATOMICS, LL/SC otherwise, so the
// same program covers LSE under tsemu (which advertises it) and LL/SC under the cortex-a53 oracle.
#include <stdint.h>
#include <stdio.h>

#define EXCL_ADD(name, T, ld, st, reg)                                                           \
  static T name(T *p, T v, int *tries) {                                                         \
    T old; uint32_t fail; int n = 0;                                                             \
    do {                                                                                         \
      T tmp;                                                                                     \
      __asm__ volatile(ld " %" reg "0, [%3]\n\tadd %" reg "1, %" reg "0, %" reg "4\n\t" st      \
                       " %w2, %" reg "1, [%3]"                                                   \
                       : "=&r"(old), "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");       \
      n++;                                                                                       \
    } while (fail);                                                                              \
    *tries = n;                                                                                  \
    return old;                                                                                  \
  }
EXCL_ADD(add8, uint8_t, "ldxrb", "stxrb", "w")
EXCL_ADD(add16, uint16_t, "ldaxrh", "stlxrh", "w")
EXCL_ADD(add32, uint32_t, "ldxr", "stlxr", "w")
EXCL_ADD(add64, uint64_t, "ldaxr", "stxr", "x")

static _Alignas(16) uint64_t pair[2] = { 0x1111111122222222ull, 0x3333333344444444ull };

static void swap_pair(uint64_t *lo, uint64_t *hi) {
  uint64_t a, b; uint32_t fail;
  do {
    __asm__ volatile("ldaxp %0, %1, [%3]\n\tstlxp %w2, %1, %0, [%3]" : "=&r"(a), "=&r"(b), "=&r"(fail) : "r"(pair) : "memory");
  } while (fail);
  *lo = a; *hi = b;
}
static uint32_t pair32_then_clrex(uint32_t *p) {
  uint32_t a, b, fail;
  __asm__ volatile("ldxp %w0, %w1, [%3]\n\tclrex\n\tstxp %w2, %w1, %w0, [%3]" : "=&r"(a), "=&r"(b), "=&r"(fail) : "r"(p) : "memory");
  return fail;
}

int main(void) {
  uint8_t b8 = 250; uint16_t b16 = 65500; uint32_t b32 = 0xfffffff0u; uint64_t b64 = ~0ull - 5;
  int t8, t16, t32, t64;
  uint8_t o8 = add8(&b8, 10, &t8);
  uint16_t o16 = add16(&b16, 100, &t16);
  uint32_t o32 = add32(&b32, 0x20, &t32);
  uint64_t o64 = add64(&b64, 9, &t64);
  printf("ldxr/stxr: %u->%u %u->%u %x->%x %llx->%llx (all stored: %d)\n", o8, b8, o16, b16, o32, b32,
         (unsigned long long)o64, (unsigned long long)b64, t8 >= 1 && t16 >= 1 && t32 >= 1 && t64 >= 1);
  uint64_t lo, hi;
  swap_pair(&lo, &hi);
  printf("ldaxp/stlxp: read %llx %llx, now %llx %llx\n", (unsigned long long)lo, (unsigned long long)hi,
         (unsigned long long)pair[0], (unsigned long long)pair[1]);
  _Alignas(8) uint32_t p32[2] = { 1, 2 };
  uint32_t fail = pair32_then_clrex(p32);
  printf("stxp after clrex: status=%u memory=%u,%u\n", fail, p32[0], p32[1]);

  uint64_t v = 0, r;
  __asm__ volatile("stlr %1, [%2]\n\tdmb ish\n\tldar %0, [%2]\n\tdsb sy\n\tisb" : "=r"(r) : "r"(0xabcdef0123ull), "r"(&v) : "memory");
  uint32_t h = 0, rh;
  __asm__ volatile("stlrh %w1, [%2]\n\tldarh %w0, [%2]\n\tldarb %w0, [%2]" : "=&r"(rh) : "r"(0xbeefu), "r"(&h) : "memory");
  printf("stlr/ldar: %llx ldarb=%x mem=%x\n", (unsigned long long)r, rh, h);

  // __atomic builtins: libgcc's outline helpers (LSE or LL/SC, chosen at run time)
  uint8_t a8 = 200; uint16_t a16 = 1000; uint32_t a32 = 7; uint64_t a64 = 1ull << 40;
  printf("fetch_add: %u %u %u %llu\n", __atomic_fetch_add(&a8, 100, __ATOMIC_SEQ_CST), __atomic_fetch_add(&a16, 65000, __ATOMIC_ACQUIRE),
         __atomic_fetch_add(&a32, 5, __ATOMIC_RELAXED), (unsigned long long)__atomic_fetch_add(&a64, 3, __ATOMIC_RELEASE));
  printf("now: %u %u %u %llu\n", a8, a16, a32, (unsigned long long)a64);
  printf("fetch_or/and/xor: %x %x %x", __atomic_fetch_or(&a32, 0xf0, __ATOMIC_ACQ_REL), __atomic_fetch_and(&a32, 0x3c, __ATOMIC_SEQ_CST),
         __atomic_fetch_xor(&a32, 0xff, __ATOMIC_SEQ_CST));
  printf(" -> %x\n", a32);
  printf("fetch_sub/nand: %llu %x\n", (unsigned long long)__atomic_fetch_sub(&a64, 1ull << 41, __ATOMIC_SEQ_CST), __atomic_fetch_nand(&a16, 0x0ff0, __ATOMIC_SEQ_CST));
  printf("exchange: %u %u %llx\n", __atomic_exchange_n(&a8, 9, __ATOMIC_SEQ_CST), __atomic_exchange_n(&a16, 0xffff, __ATOMIC_ACQUIRE),
         (unsigned long long)__atomic_exchange_n(&a64, 0x8000000000000001ull, __ATOMIC_RELEASE));
  uint32_t e32 = 1;
  int ok1 = __atomic_compare_exchange_n(&a32, &e32, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  int ok2 = __atomic_compare_exchange_n(&a32, &e32, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
  uint64_t e64 = 0x8000000000000001ull;
  int ok3 = __atomic_compare_exchange_n(&a64, &e64, 42, 1, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE);
  uint8_t e8 = 9;
  int ok4 = __atomic_compare_exchange_n(&a8, &e8, 0xfe, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  uint16_t e16 = 0;
  int ok5 = __atomic_compare_exchange_n(&a16, &e16, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  printf("cas: %d %d (%u) %d (%llu) %d (%x) %d (expected now %x)\n", ok1, ok2, a32, ok3 || a64 == 42, (unsigned long long)a64, ok4, a8, ok5, e16);
  e8 = 0;
  printf("test_and_set: %d %d\n", __atomic_test_and_set(&e8, __ATOMIC_SEQ_CST), __atomic_test_and_set(&e8, __ATOMIC_SEQ_CST));
  return 0;
}
