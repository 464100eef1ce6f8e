/* Signal frames on AArch64 (arch/arm64/kernel/signal.c): a SA_SIGINFO handler reads the ucontext
   (the faulting PC against a label, fault_address, registers the code set, NZCV, the fpsimd_context
   record in __reserved with FPSR/FPCR and the vector registers, the end marker) and changes it (skip
   the faulting load, set x0/x20, Z, v9) before returning; the frame record x29 points at holds the
   interrupted x29/x30; a plain handler that clobbers v0-v31, FPCR and FPSR, which rt_sigreturn must
   restore; a handler with its own SA_RESTORER; uc_stack on an alternate stack. Prints no addresses. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define FPSIMD_MAGIC 0x46508001
#define ESR_MAGIC 0x45535201
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
struct ctx_head { uint32_t magic, size; };
struct fpsimd { struct ctx_head head; uint32_t fpsr, fpcr; __uint128_t v[32]; };

/* Walks the __reserved records as an unwinder would: fpsimd, ignoring esr; NULL if absent. */
static struct fpsimd *fpsimd_of(ucontext_t *uc, int *records, int *end_ok) {
  uint8_t *p = uc->uc_mcontext.__reserved, *limit = p + sizeof uc->uc_mcontext.__reserved;
  struct fpsimd *found = NULL;
  *records = 0;
  *end_ok = 0;
  while (p + sizeof(struct ctx_head) <= limit) {
    struct ctx_head *h = (struct ctx_head *)p;
    if (h->magic == 0) {
      *end_ok = h->size == 0;
      break;
    }
    if (h->magic == FPSIMD_MAGIC) found = (struct fpsimd *)p;
    if (h->magic != ESR_MAGIC) ++*records; /* esr_context comes with faults on Linux, not under qemu */
    if (h->size < sizeof *h) break;
    p += h->size;
  }
  return found;
}
static uint64_t bits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static double dbl(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

/* What the interrupted code left in registers after the handler returned. */
static struct {
  uint64_t x0, x20, x21, z, pid, tid;
  double d8, d9;
  uint64_t fpcr;
} res;

extern char a64_fault[];

static void segv_handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  mcontext_t *mc = &uc->uc_mcontext;
  int records, end_ok;
  struct fpsimd *f = fpsimd_of(uc, &records, &end_ok);
  printf("SIGSEGV: si_addr=%#lx pc at the faulting load=%d fault_address=%#llx x19=%#llx x21=%#llx NZCV=%#llx EL0t=%d\n",
         (unsigned long)si->si_addr, mc->pc == (uintptr_t)a64_fault, mc->fault_address, mc->regs[19], mc->regs[21],
         mc->pstate >> 28, (mc->pstate & 0xf) == 0);
  printf("  records=%d end marker=%d sp saved 16-aligned=%d\n", records, end_ok, mc->sp != 0 && (mc->sp & 15) == 0);
  if (!f) {
    printf("  no fpsimd_context\n");
  } else {
    printf("  fpsimd_context: size=%u d8=%g d9=%g v8.d[1]=%#llx FPCR.RMode=%u FPSR=%#x\n", f->head.size,
           dbl((uint64_t)f->v[8]), dbl((uint64_t)f->v[9]), (unsigned long long)(uint64_t)(f->v[8] >> 64), (f->fpcr >> 22) & 3,
           f->fpsr);
    f->v[9] = bits(2.5);
  }
  mc->pc += 4;
  mc->regs[0] = 42;
  mc->regs[20] = 0xcafe;
  mc->pstate |= 1ull << 30; /* Z */
}

/* ldr x0, [x1] with x1 = 0x1230, x19/x21 set, d8 = 1.5, v8.d[1] set, d9 = 1.0, FPCR rounding toward +inf, FPSR.IXC. */
static void fault_test(void) {
  __asm__ volatile(
      "mrs x2, fpcr\n str x2, [%[o], #64]\n mov x3, #0x00400000\n msr fpcr, x3\n mov x3, #0x10\n msr fpsr, x3\n"
      "fmov d8, #1.5\n mov x3, #0x5555\n mov v8.d[1], x3\n fmov d9, #1.0\n"
      "movz x19, #0x5678\n movk x19, #0x1234, lsl #16\n movk x19, #0xabcd, lsl #48\n mov x21, #0x2121\n"
      "mov x20, #0\n mov x0, #0\n mov x1, #0x1230\n cmp x1, #0\n"
      ".global a64_fault\na64_fault: ldr x0, [x1]\n"
      "cset x2, eq\n str x0, [%[o]]\n str x20, [%[o], #8]\n str x21, [%[o], #16]\n str x2, [%[o], #24]\n"
      "str d8, [%[o], #48]\n str d9, [%[o], #56]\n ldr x2, [%[o], #64]\n msr fpcr, x2\n msr fpsr, xzr\n"
      :
      : [o] "r"(&res)
      : "x0", "x1", "x2", "x3", "x19", "x20", "x21", "v8", "v9", "cc", "memory");
  printf("after the fault: x0=%lu x20=%#lx x21=%#lx Z=%lu d8=%g d9=%g\n", (unsigned long)res.x0, (unsigned long)res.x20,
         (unsigned long)res.x21, (unsigned long)res.z, res.d8, res.d9);
}

/* A plain handler that overwrites v0-v31 with all-ones, FPCR with RZ|FZ|DN and FPSR with every flag. */
extern void clobber_fp_handler(int);
extern void clobber_fp_handler_si(int, siginfo_t *, void *); /* the same code */
volatile int clobber_count;
__asm__(".text\n.global clobber_fp_handler\n.type clobber_fp_handler, %function\n"
        ".global clobber_fp_handler_si\n.type clobber_fp_handler_si, %function\nclobber_fp_handler:\nclobber_fp_handler_si:\n"
        "movi v0.2d, #0xffffffffffffffff\n mov v1.16b, v0.16b\n mov v2.16b, v0.16b\n mov v3.16b, v0.16b\n"
        "mov v4.16b, v0.16b\n mov v5.16b, v0.16b\n mov v6.16b, v0.16b\n mov v7.16b, v0.16b\n mov v8.16b, v0.16b\n"
        "mov v9.16b, v0.16b\n mov v10.16b, v0.16b\n mov v11.16b, v0.16b\n mov v12.16b, v0.16b\n mov v13.16b, v0.16b\n"
        "mov v14.16b, v0.16b\n mov v15.16b, v0.16b\n mov v16.16b, v0.16b\n mov v17.16b, v0.16b\n mov v18.16b, v0.16b\n"
        "mov v19.16b, v0.16b\n mov v20.16b, v0.16b\n mov v21.16b, v0.16b\n mov v22.16b, v0.16b\n mov v23.16b, v0.16b\n"
        "mov v24.16b, v0.16b\n mov v25.16b, v0.16b\n mov v26.16b, v0.16b\n mov v27.16b, v0.16b\n mov v28.16b, v0.16b\n"
        "mov v29.16b, v0.16b\n mov v30.16b, v0.16b\n mov v31.16b, v0.16b\n"
        "mov x1, #0x03c00000\n msr fpcr, x1\n mov x1, #0x9f\n movk x1, #0x0800, lsl #16\n msr fpsr, x1\n"
        "adrp x1, clobber_count\n ldr w2, [x1, :lo12:clobber_count]\n add w2, w2, #1\n str w2, [x1, :lo12:clobber_count]\n ret\n");

static __uint128_t fp_in[32], fp_out[32];
static uint64_t fpcr_out, fpsr_out;

/* v0-v31, FPCR (RM) and FPSR (QC, OFC) set, tgkill(self, sig) by svc, then everything read back. */
static void send_with_fp_state(int sig) {
  struct { __uint128_t *in, *out; uint64_t pid, tid, sig; uint64_t *fpcr, *fpsr; } a = {fp_in, fp_out, res.pid, res.tid, (uint64_t)sig, &fpcr_out, &fpsr_out};
  __asm__ volatile(
      "ldr x3, [%[a]]\n ld1 {v0.2d-v3.2d}, [x3], #64\n ld1 {v4.2d-v7.2d}, [x3], #64\n ld1 {v8.2d-v11.2d}, [x3], #64\n"
      "ld1 {v12.2d-v15.2d}, [x3], #64\n ld1 {v16.2d-v19.2d}, [x3], #64\n ld1 {v20.2d-v23.2d}, [x3], #64\n"
      "ld1 {v24.2d-v27.2d}, [x3], #64\n ld1 {v28.2d-v31.2d}, [x3], #64\n"
      "mrs x4, fpcr\n mov x3, #0x00800000\n msr fpcr, x3\n mov x3, #0x4\n movk x3, #0x0800, lsl #16\n msr fpsr, x3\n"
      "ldr x0, [%[a], #16]\n ldr x1, [%[a], #24]\n ldr x2, [%[a], #32]\n mov x8, #131\n svc #0\n"
      "ldr x3, [%[a], #8]\n st1 {v0.2d-v3.2d}, [x3], #64\n st1 {v4.2d-v7.2d}, [x3], #64\n st1 {v8.2d-v11.2d}, [x3], #64\n"
      "st1 {v12.2d-v15.2d}, [x3], #64\n st1 {v16.2d-v19.2d}, [x3], #64\n st1 {v20.2d-v23.2d}, [x3], #64\n"
      "st1 {v24.2d-v27.2d}, [x3], #64\n st1 {v28.2d-v31.2d}, [x3], #64\n"
      "mrs x2, fpcr\n ldr x3, [%[a], #40]\n str x2, [x3]\n mrs x2, fpsr\n ldr x3, [%[a], #48]\n str x2, [x3]\n"
      "msr fpcr, x4\n msr fpsr, xzr\n"
      :
      : [a] "r"(&a)
      : "x0", "x1", "x2", "x3", "x4", "x8", "cc", "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10",
        "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27",
        "v28", "v29", "v30", "v31");
}

static void fp_restore_test(const char *how, int sig) {
  for (int i = 0; i < 32; i++) fp_in[i] = ((__uint128_t)(0x1111111100000000ull * (i & 15) + i) << 64) | bits(i * 1.25 - 7.0);
  memset(fp_out, 0, sizeof fp_out);
  int before = clobber_count;
  send_with_fp_state(sig);
  int same = 0;
  for (int i = 0; i < 32; i++) same += fp_in[i] == fp_out[i];
  printf("%s: handler ran=%d, v registers restored=%d of 32, FPCR=%#lx FPSR=%#lx\n", how, clobber_count - before, same,
         (unsigned long)fpcr_out, (unsigned long)fpsr_out);
}

/* The frame record: x29 at the handler's entry points at {interrupted x29, interrupted x30}. */
uint64_t entry_fp, entry_sp;
extern void record_entry(int, siginfo_t *, void *);
void record_handler(int sig, siginfo_t *si, void *ctx);
__asm__(".text\n.global record_entry\n.type record_entry, %function\nrecord_entry:\n"
        "adrp x9, entry_fp\n str x29, [x9, :lo12:entry_fp]\n adrp x9, entry_sp\n mov x10, sp\n str x10, [x9, :lo12:entry_sp]\n"
        "b record_handler\n");
void record_handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  const uint64_t *record = (const uint64_t *)entry_fp;
  printf("frame record: x29 above the frame=%d holds x29=%#lx x30=%#lx, saved x29/x30 agree=%d, sp 16-aligned=%d\n",
         entry_fp > entry_sp, (unsigned long)record[0], (unsigned long)record[1],
         record[0] == uc->uc_mcontext.regs[29] && record[1] == uc->uc_mcontext.regs[30], (entry_sp & 15) == 0);
}
static void record_test(void) {
  __asm__ volatile(
      "stp x29, x30, [sp, #-16]!\n mov x29, #0x2929\n mov x30, #0x3030\n"
      "ldr x0, [%[o], #32]\n ldr x1, [%[o], #40]\n mov x2, #10\n mov x8, #131\n svc #0\n"
      "ldp x29, x30, [sp], #16\n"
      :
      : [o] "r"(&res)
      : "x0", "x1", "x2", "x8", "cc", "memory");
}

/* A handler with its own restorer (SA_RESTORER through the raw syscall: glibc sets none on arm64). */
extern void my_restorer(void);
int restorer_calls;
__asm__(".text\n.global my_restorer\n.type my_restorer, %function\nmy_restorer:\n"
        "adrp x9, restorer_calls\n ldr w10, [x9, :lo12:restorer_calls]\n add w10, w10, #1\n str w10, [x9, :lo12:restorer_calls]\n"
        "mov x8, #139\n svc #0\n");
struct kernel_sigaction {
  void *handler;
  unsigned long flags;
  void *restorer;
  uint64_t mask;
};
static int restorer_handler_calls;
static void restorer_handler(int sig, siginfo_t *si, void *ctx) { restorer_handler_calls++; }

static char altstack[64 * 1024] __attribute__((aligned(16)));
static void onstack_handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  char here;
  printf("SA_ONSTACK: running on it=%d uc_stack: sp is it=%d size=%lu flags=%d\n",
         &here >= altstack && &here < altstack + sizeof altstack, uc->uc_stack.ss_sp == altstack,
         (unsigned long)uc->uc_stack.ss_size, uc->uc_stack.ss_flags);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  res.pid = getpid();
  res.tid = gettid();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = segv_handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  fault_test();

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = clobber_fp_handler;
  sigaction(SIGUSR2, &sa, NULL);
  fp_restore_test("plain handler", SIGUSR2);
  sa.sa_sigaction = clobber_fp_handler_si;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  fp_restore_test("SA_SIGINFO handler", SIGUSR2);

  sa.sa_sigaction = record_entry;
  sigaction(SIGUSR1, &sa, NULL);
  record_test();

  struct kernel_sigaction ka = {(void *)restorer_handler, SA_SIGINFO | SA_RESTORER, (void *)my_restorer, 0};
  long r = syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
  raise(SIGUSR1);
  printf("SA_RESTORER: rt_sigaction=%ld handler calls=%d restorer calls=%d\n", r, restorer_handler_calls, restorer_calls);

  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onstack_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  return 0;
}
