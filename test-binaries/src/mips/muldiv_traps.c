// MIPS32 integer multiply/divide: HI/LO through MULT/MULTU/MADD/MSUB/MADDU/MSUBU (gcc emits MADD for a
// 64-bit accumulate of 32x32 products), DIV/DIVU including INT_MIN / -1, and the MIPS32r2 bit
// instructions (CLZ, CLO, SEB, SEH, WSBH, EXT, INS, ROTR). With an argument it dies the MIPS way:
//   divzero   gcc's TEQ after a division by zero (trap code 7: SIGFPE)
//   overflow  ADD with signed overflow (integer overflow exception: SIGFPE)
//   break     BREAK 0 (SIGTRAP)
//   break6    BREAK 6, gas's overflow check code
//   break7    BREAK 7, the divide-by-zero code
//   handler   all of these caught by a SIGFPE/SIGTRAP handler that prints si_signo and si_code
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int64_t dot(const int32_t *a, const int32_t *b, int n) {
  int64_t acc = 0;
  for (int i = 0; i < n; i++) acc += (int64_t)a[i] * b[i];
  return acc;
}
static int64_t dot_sub(const int32_t *a, const int32_t *b, int n) {
  int64_t acc = 0x4000000000000000LL;
  for (int i = 0; i < n; i++) acc -= (int64_t)a[i] * b[i];
  return acc;
}
static uint64_t udot(const uint32_t *a, const uint32_t *b, int n) {
  uint64_t acc = 0;
  for (int i = 0; i < n; i++) acc += (uint64_t)a[i] * b[i];
  return acc;
}

static void hilo(const char *op, uint32_t hi, uint32_t lo) { printf("%-6s hi %08x lo %08x\n", op, hi, lo); }

// "div $0, a, b" is the bare instruction (the two-operand form is gas's macro with zero and overflow
// checks).
#define HILO_OP(insn, x, y, hi0, lo0)                                                     \
  do {                                                                                 \
    uint32_t hi = (hi0), lo = (lo0);                                                   \
    __asm__ volatile("mthi %0\n\tmtlo %1\n\t" insn " %2, %3\n\tmfhi %0\n\tmflo %1"      \
                     : "+r"(hi), "+r"(lo)                                              \
                     : "r"(x), "r"(y));                                                \
    hilo(insn, hi, lo);                                                                \
  } while (0)

static volatile int32_t vzero = 0, vmax = 0x7fffffff;
static sigjmp_buf env;

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  (void)ctx;
  printf("caught %s si_signo %d si_code %d\n", sig == SIGFPE ? "SIGFPE" : sig == SIGTRAP ? "SIGTRAP" : "other", si->si_signo,
         si->si_code);
  fflush(stdout);
  siglongjmp(env, 1);
}

static void die_divzero(void) { printf("quotient %d\n", 10 / vzero); }
static void die_overflow(void) {
  int32_t r;
  __asm__ volatile("add %0, %1, %2" : "=r"(r) : "r"(vmax), "r"(1));
  printf("sum %d\n", r);
}
static void die_break(void) { __asm__ volatile("break 0"); }
static void die_break6(void) { __asm__ volatile("break 6"); }
static void die_break7(void) { __asm__ volatile("break 7"); }

int main(int argc, char **argv) {
  int32_t a[64], b[64];
  uint32_t ua[64], ub[64];
  for (int i = 0; i < 64; i++) {
    a[i] = (int32_t)(0x7fff1234u * (uint32_t)(i + 1));
    b[i] = (int32_t)(0x9e3779b9u ^ (uint32_t)(i * 0x01010101u));
    ua[i] = (uint32_t)a[i];
    ub[i] = (uint32_t)b[i];
  }
  printf("dot %lld dot_sub %lld udot %llu\n", (long long)dot(a, b, 64), (long long)dot_sub(a, b, 64), (unsigned long long)udot(ua, ub, 64));

  uint32_t x = 0x87654321u, y = 0xfedcba98u;
  HILO_OP("mult", x, y, 0, 0);
  HILO_OP("multu", x, y, 0, 0);
  HILO_OP("madd", x, y, 0x7fffffffu, 0xffffffffu);
  HILO_OP("maddu", x, y, 0xffffffffu, 0xffffffffu);
  HILO_OP("msub", x, y, 0x00000001u, 0x00000000u);
  HILO_OP("msubu", x, y, 0x00000000u, 0x00000005u);
  HILO_OP("div $0,", 0x80000000u, 0xffffffffu, 0, 0);
  HILO_OP("div $0,", (uint32_t)-7, 2u, 0, 0);
  HILO_OP("div $0,", 7u, (uint32_t)-2, 0, 0);
  HILO_OP("divu $0,", 0xfffffff9u, 2u, 0, 0);
  uint32_t m;
  __asm__("mul %0, %1, %2" : "=r"(m) : "r"(x), "r"(y));
  printf("mul %08x\n", m);

  static const uint32_t vals[] = {0, 1, 0x80000000u, 0xffffffffu, 0x0000ff80u, 0x12345678u, 0xfff00000u};
  for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    uint32_t v = vals[i], clz, clo, seb, seh, wsbh, ext, ins = 0xaaaaaaaau, rotr;
    __asm__("clz %0, %1" : "=r"(clz) : "r"(v));
    __asm__("clo %0, %1" : "=r"(clo) : "r"(v));
    __asm__("seb %0, %1" : "=r"(seb) : "r"(v));
    __asm__("seh %0, %1" : "=r"(seh) : "r"(v));
    __asm__("wsbh %0, %1" : "=r"(wsbh) : "r"(v));
    __asm__("ext %0, %1, 5, 11" : "=r"(ext) : "r"(v));
    __asm__("ins %0, %1, 7, 13" : "+r"(ins) : "r"(v));
    __asm__("rotr %0, %1, 9" : "=r"(rotr) : "r"(v));
    printf("%08x: clz %2u clo %2u seb %08x seh %08x wsbh %08x ext %08x ins %08x rotr %08x bswap %08x\n", v, clz, clo, seb,
           seh, wsbh, ext, ins, rotr, __builtin_bswap32(v));
  }
  int64_t n = -1234567890123LL;
  printf("64-bit: %lld / 7 = %lld r %lld; %llu / 1000003 = %llu\n", (long long)n, (long long)(n / 7), (long long)(n % 7),
         0xfedcba9876543210ull, 0xfedcba9876543210ull / 1000003u);
  fflush(stdout);

  if (argc > 1) {
    if (!strcmp(argv[1], "divzero")) die_divzero();
    else if (!strcmp(argv[1], "overflow")) die_overflow();
    else if (!strcmp(argv[1], "break")) die_break();
    else if (!strcmp(argv[1], "break6")) die_break6();
    else if (!strcmp(argv[1], "break7")) die_break7();
    else if (!strcmp(argv[1], "handler")) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_sigaction = on_signal;
      sa.sa_flags = SA_SIGINFO;
      sigaction(SIGFPE, &sa, NULL);
      sigaction(SIGTRAP, &sa, NULL);
      void (*const fns[])(void) = {die_divzero, die_overflow, die_break, die_break6, die_break7};
      for (volatile int i = 0; i < 5; i++)
        if (!sigsetjmp(env, 1)) fns[i]();
      printf("handler done\n");
    }
    printf("still alive\n");
  }
  return 0;
}
