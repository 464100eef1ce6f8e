/* The ARM kuser helper page (Linux's arch/arm/kernel/entry-armv.S documents the ABI): the helper
   version word, __kuser_get_tls, __kuser_memory_barrier, __kuser_cmpxchg (value and C flag) and
   __kuser_cmpxchg64, called directly at their fixed addresses, then the __sync builtins (on armel
   libgcc implements them with these helpers). Prints no addresses. */
#include <stdint.h>
#include <stdio.h>

#define KUSER_VERSION (*(volatile int32_t *)0xffff0ffc)
typedef void *(kuser_get_tls_t)(void);
typedef void(kuser_barrier_t)(void);
#define kuser_get_tls (*(kuser_get_tls_t *)0xffff0fe0)
#define kuser_memory_barrier (*(kuser_barrier_t *)0xffff0fa0)

/* Calls __kuser_cmpxchg and returns r0; *carry gets the C flag it returns. */
static int cmpxchg(int oldval, int newval, volatile int *ptr, int *carry) {
  register int r0 __asm__("r0") = oldval;
  register int r1 __asm__("r1") = newval;
  register volatile int *r2 __asm__("r2") = ptr;
  register int flags __asm__("r4");
  __asm__ volatile("mov r3, #0xffff0fff\n\t"
                   "sub r3, r3, #0x3f\n\t" /* 0xffff0fc0 */
                   "blx r3\n\t"
                   "mrs %[f], cpsr"
                   : "+r"(r0), [f] "=r"(flags)
                   : "r"(r1), "r"(r2)
                   : "r3", "ip", "lr", "cc", "memory");
  *carry = (flags >> 29) & 1;
  return r0;
}

static int cmpxchg64(const int64_t *oldval, const int64_t *newval, volatile int64_t *ptr, int *carry) {
  register const int64_t *r0 __asm__("r0") = oldval;
  register const int64_t *r1 __asm__("r1") = newval;
  register volatile int64_t *r2 __asm__("r2") = ptr;
  register int flags __asm__("r4");
  int ret;
  __asm__ volatile("mov r3, #0xffff0fff\n\t"
                   "sub r3, r3, #0x9f\n\t" /* 0xffff0f60 */
                   "blx r3\n\t"
                   "mrs %[f], cpsr"
                   : "+r"(r0), [f] "=r"(flags)
                   : "r"(r1), "r"(r2)
                   : "r3", "ip", "lr", "cc", "memory");
  ret = (int)(intptr_t)r0;
  *carry = (flags >> 29) & 1;
  return ret;
}

static __thread int tls_var = 42;

int main(void) {
  int version = KUSER_VERSION;
  printf("helper version >= 5: %s\n", version >= 5 ? "yes" : "no");

  void *tp = kuser_get_tls();
  printf("get_tls == __builtin_thread_pointer: %s\n", tp == __builtin_thread_pointer() ? "yes" : "no");
  printf("tls_var through TLS: %d\n", tls_var);

  kuser_memory_barrier();
  printf("memory_barrier returned\n");

  volatile int word = 5;
  int carry = -1;
  int r = cmpxchg(5, 7, &word, &carry);
  printf("cmpxchg(5->7) on 5: ret %s, C=%d, word=%d\n", r == 0 ? "zero" : "nonzero", carry, word);
  r = cmpxchg(5, 9, &word, &carry);
  printf("cmpxchg(5->9) on 7: ret %s, C=%d, word=%d\n", r == 0 ? "zero" : "nonzero", carry, word);
  word = 0;
  r = cmpxchg(0, -1, &word, &carry);
  printf("cmpxchg(0->-1) on 0: ret %s, C=%d, word=%d\n", r == 0 ? "zero" : "nonzero", carry, word);
  r = cmpxchg(0, 1, &word, &carry);
  printf("cmpxchg(0->1) on -1: ret %s, C=%d, word=%d\n", r == 0 ? "zero" : "nonzero", carry, word);

  static volatile int64_t big = 0x123456789abcdef0LL;
  int64_t old = 0x123456789abcdef0LL, neu = -2;
  r = cmpxchg64(&old, &neu, &big, &carry);
  printf("cmpxchg64 match: ret %s, C=%d, value=%lld\n", r == 0 ? "zero" : "nonzero", carry, (long long)big);
  old = 0x100000000LL - 2; /* same low word as -2, different high word */
  neu = 77;
  r = cmpxchg64(&old, &neu, &big, &carry);
  printf("cmpxchg64 high-word mismatch: ret %s, C=%d, value=%lld\n", r == 0 ? "zero" : "nonzero", carry, (long long)big);
  old = -2;
  r = cmpxchg64(&old, &neu, &big, &carry);
  printf("cmpxchg64 match again: ret %s, C=%d, value=%lld\n", r == 0 ? "zero" : "nonzero", carry, (long long)big);

  static int counter;
  static long long counter64;
  for (int i = 0; i < 1000; i++) {
    __sync_fetch_and_add(&counter, 3);
    __sync_fetch_and_sub(&counter64, 5);
  }
  int prev = __sync_val_compare_and_swap(&counter, 3000, 1);
  long long prev64 = __sync_val_compare_and_swap(&counter64, -5000, 1LL << 40);
  printf("sync: counter %d (was %d), counter64 %lld (was %lld)\n", counter, prev, counter64, prev64);
  printf("sync_lock_test_and_set: %d\n", __sync_lock_test_and_set(&counter, 9));
  __sync_synchronize();
  return 0;
}
