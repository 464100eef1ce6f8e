/* Signal frames on 32-bit ARM (arch/arm/kernel/signal.c): SA_SIGINFO handlers read the ucontext
   (the faulting PC against a label, registers the code set, the VFP block in uc_regspace with its
   magic, d registers and FPSCR) and change it (skip the faulting instruction, set r0/r5/r6, the Z
   flag, d9/d16) before returning; faults in A32 and T32 code; a Thumb handler; a plain handler
   that clobbers every d register and FPSCR, which sigreturn must restore; A32 and Thumb handlers
   installed with the raw rt_sigaction and no SA_RESTORER (they return through the kernel's sigreturn
   page, its A32 and T32 sequences); uc_stack on an alternate stack. Prints no addresses. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define VFP_MAGIC 0x56465001
/* struct vfp_sigframe (arch/arm/include/asm/ucontext.h): magic, size, user_vfp, user_vfp_exc. */
struct vfp_block {
  uint32_t magic, size;
  uint64_t d[32];
  uint32_t fpscr, pad;
  uint32_t fpexc, fpinst, fpinst2;
};

static struct vfp_block *vfp_of(ucontext_t *uc) {
  struct vfp_block *v = (struct vfp_block *)uc->uc_regspace;
  return v->magic == VFP_MAGIC ? v : NULL;
}
static uint64_t bits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static double dbl(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

/* What the interrupted code left in registers after the handler returned. */
static struct {
  uint32_t r0, r5, r6, r8, z, fpscr, pid, tid;
  double d8, d9, d16, d31;
} res;

extern char a32_fault[], t32_fault[], usr1_svc_done[];

static void segv_handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  mcontext_t *mc = &uc->uc_mcontext;
  int thumb = (mc->arm_cpsr & 0x20) != 0;
  uintptr_t label = thumb ? (uintptr_t)t32_fault & ~1u : (uintptr_t)a32_fault;
  struct vfp_block *v = vfp_of(uc);
  printf("SIGSEGV in %s code: si_addr=%#lx pc at the faulting load=%d r4=%#lx user mode=%d\n", thumb ? "T32" : "A32",
         (unsigned long)si->si_addr, mc->arm_pc == label, mc->arm_r4, (mc->arm_cpsr & 0x1f) == 0x10);
  printf("  fault_address is the address or 0=%d, sp saved=%d\n", mc->fault_address == 0x1230 || mc->fault_address == 0,
         mc->arm_sp != 0 && (mc->arm_sp & 3) == 0);
  if (!v) {
    printf("  no VFP block\n");
  } else {
    printf("  VFP block: size=%lu d8=%g d9=%g FPSCR.RMode=%lu fpexc.EN=%lu\n", (unsigned long)v->size, dbl(v->d[8]), dbl(v->d[9]),
           (unsigned long)(v->fpscr >> 22) & 3, (unsigned long)(v->fpexc >> 30) & 1);
    v->d[9] = bits(2.5);
  }
  mc->arm_pc += thumb ? 2 : 4;
  mc->arm_r0 = 42;
  mc->arm_r5 = 0xcafe;
  mc->arm_cpsr |= 1u << 30; /* Z */
}

/* ldr r0, [r1] with r1 = 0x1230, r4 = 0x12345678, d8 = 1.5, d9 = 1.0, FPSCR rounding toward +inf. */
static void a32_fault_test(void) {
  __asm__ volatile(
      "vmrs r2, fpscr\n str r2, [%[o], #20]\n bic r2, r2, #0x00c00000\n orr r2, r2, #0x00400000\n vmsr fpscr, r2\n"
      "vmov.f64 d8, #1.5\n vmov.f64 d9, #1.0\n"
      "movw r4, #0x5678\n movt r4, #0x1234\n mov r5, #0\n mov r0, #0\n movw r1, #0x1230\n cmp r1, #0\n"
      ".global a32_fault\na32_fault: ldr r0, [r1]\n"
      "moveq r2, #1\n movne r2, #0\n"
      "str r0, [%[o]]\n str r5, [%[o], #4]\n str r2, [%[o], #16]\n"
      "vstr d8, [%[o], #32]\n vstr d9, [%[o], #40]\n ldr r2, [%[o], #20]\n vmsr fpscr, r2\n"
      :
      : [o] "r"(&res)
      : "r0", "r1", "r2", "r4", "r5", "d8", "d9", "cc", "memory");
  printf("after the A32 fault: r0=%lu r5=%#lx Z=%lu d8=%g d9=%g\n", (unsigned long)res.r0, (unsigned long)res.r5,
         (unsigned long)res.z, res.d8, res.d9);
}

/* The same in T32 code, with a 16-bit load. */
__attribute__((target("thumb"), noinline)) static void t32_fault_test(void) {
  __asm__ volatile(
      "vmrs r2, fpscr\n str r2, [%[o], #20]\n bic r2, r2, #0x00c00000\n orr r2, r2, #0x00400000\n vmsr fpscr, r2\n"
      "vmov.f64 d8, #1.5\n vmov.f64 d9, #1.0\n"
      "movw r4, #0x5678\n movt r4, #0x1234\n movs r5, #0\n movs r0, #0\n movw r1, #0x1230\n cmp r1, #0\n"
      ".global t32_fault\nt32_fault: ldr.n r0, [r1]\n"
      "ite eq\n moveq r2, #1\n movne r2, #0\n"
      "str r0, [%[o]]\n str r5, [%[o], #4]\n str r2, [%[o], #16]\n"
      "vstr d8, [%[o], #32]\n vstr d9, [%[o], #40]\n ldr r2, [%[o], #20]\n vmsr fpscr, r2\n"
      :
      : [o] "r"(&res)
      : "r0", "r1", "r2", "r4", "r5", "d8", "d9", "cc", "memory");
  printf("after the T32 fault: r0=%lu r5=%#lx Z=%lu d8=%g d9=%g\n", (unsigned long)res.r0, (unsigned long)res.r5,
         (unsigned long)res.z, res.d8, res.d9);
}

__attribute__((target("thumb"), noinline)) static void usr1_thumb_handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  mcontext_t *mc = &uc->uc_mcontext;
  struct vfp_block *v = vfp_of(uc);
  printf("SIGUSR1 in a Thumb handler: si_code=%d pc after the svc=%d A32 interrupted=%d r6=%#lx r8=%#lx\n", si->si_code,
         mc->arm_pc == (uintptr_t)usr1_svc_done, (mc->arm_cpsr & 0x20) == 0, mc->arm_r6, mc->arm_r8);
  if (v) {
    printf("  d16=%g d31=%g FPSCR.RMode=%lu\n", dbl(v->d[16]), dbl(v->d[31]), (unsigned long)(v->fpscr >> 22) & 3);
    v->d[16] = bits(-3.0);
  }
  mc->arm_r6 = 0x600d;
}

/* tgkill(self, SIGUSR1) by svc with r6, r8, d16, d31 and FPSCR (round toward -inf) set. */
static void usr1_svc_test(void) {
  __asm__ volatile(
      "vmrs r2, fpscr\n str r2, [%[o], #20]\n bic r2, r2, #0x00c00000\n orr r2, r2, #0x00800000\n vmsr fpscr, r2\n"
      "vmov.f64 d16, #4.0\n vmov.f64 d31, #-0.5\n movw r6, #0x1111\n movw r8, #0x8888\n"
      "ldr r0, [%[o], #24]\n ldr r1, [%[o], #28]\n mov r2, #10\n mov r7, #268\n svc #0\n"
      ".global usr1_svc_done\nusr1_svc_done:\n"
      "str r0, [%[o]]\n str r6, [%[o], #8]\n str r8, [%[o], #12]\n vstr d16, [%[o], #48]\n vstr d31, [%[o], #56]\n"
      "ldr r2, [%[o], #20]\n vmsr fpscr, r2\n"
      :
      : [o] "r"(&res)
      : "r0", "r1", "r2", "r6", "r7", "r8", "d16", "d31", "cc", "memory");
  printf("after SIGUSR1: tgkill=%lu r6=%#lx r8=%#lx d16=%g d31=%g\n", (unsigned long)res.r0, (unsigned long)res.r6,
         (unsigned long)res.r8, res.d16, res.d31);
}

/* A plain handler (A32) that overwrites d0-d31 with -1.0 and FPSCR with RZ|FZ|DN and all flags. */
extern void clobber_fp_handler(int);
extern void clobber_fp_handler_si(int, siginfo_t *, void *); /* the same code */
volatile int clobber_count;
__asm__(".text\n.arm\n.fpu neon\n.global clobber_fp_handler\n.type clobber_fp_handler, %function\n"
        ".global clobber_fp_handler_si\n.type clobber_fp_handler_si, %function\nclobber_fp_handler:\nclobber_fp_handler_si:\n"
        "vmov.f64 d0, #-1.0\n vmov.f64 d1, d0\n vmov q1, q0\n vmov q2, q0\n vmov q3, q0\n vmov q4, q0\n vmov q5, q0\n"
        "vmov q6, q0\n vmov q7, q0\n vmov q8, q0\n vmov q9, q0\n vmov q10, q0\n vmov q11, q0\n vmov q12, q0\n"
        "vmov q13, q0\n vmov q14, q0\n vmov q15, q0\n"
        "movw r1, #0x009f\n movt r1, #0x03c0\n vmsr fpscr, r1\n"
        "ldr r1, =clobber_count\n ldr r2, [r1]\n add r2, r2, #1\n str r2, [r1]\n bx lr\n .ltorg\n");

static uint64_t fp_in[32], fp_out[32];
static uint32_t fpscr_out;

/* d0-d31 and FPSCR (RP, IXC) set, tgkill(self, sig) by svc, then everything read back. */
static void send_with_fp_state(int sig) {
  struct { uint64_t *in, *out; uint32_t pid, tid, sig; uint32_t *fpscr; } a = {fp_in, fp_out, res.pid, res.tid, (uint32_t)sig, &fpscr_out};
  __asm__ volatile(
      "ldr r3, [%[a]]\n vldmia r3!, {d0-d15}\n vldmia r3, {d16-d31}\n"
      "movw r3, #0x0010\n movt r3, #0x0040\n vmsr fpscr, r3\n"
      "ldr r0, [%[a], #8]\n ldr r1, [%[a], #12]\n ldr r2, [%[a], #16]\n mov r7, #268\n svc #0\n"
      "ldr r3, [%[a], #4]\n vstmia r3!, {d0-d15}\n vstmia r3, {d16-d31}\n"
      "vmrs r2, fpscr\n ldr r3, [%[a], #20]\n str r2, [r3]\n mov r3, #0\n vmsr fpscr, r3\n"
      :
      : [a] "r"(&a)
      : "r0", "r1", "r2", "r3", "r7", "cc", "memory", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10",
        "d11", "d12", "d13", "d14", "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26",
        "d27", "d28", "d29", "d30", "d31");
}

static void fp_restore_test(const char *how, int sig) {
  for (int i = 0; i < 32; i++) fp_in[i] = bits(i * 1.25 - 7.0) ^ (uint64_t)i << 3;
  memset(fp_out, 0, sizeof fp_out);
  int before = clobber_count;
  send_with_fp_state(sig);
  int same = 0;
  for (int i = 0; i < 32; i++) same += fp_in[i] == fp_out[i];
  printf("%s: handler ran=%d, d registers restored=%d of 32, FPSCR=%#lx\n", how, clobber_count - before, same,
         (unsigned long)fpscr_out);
}

/* Handlers installed with the raw syscall and no SA_RESTORER return through the kernel's page. */
struct kernel_sigaction {
  void *handler;
  unsigned long flags;
  void *restorer;
  uint32_t mask[2];
};
static int raw_calls;
static uint32_t raw_return_insn;
static void raw_rt_handler(int sig, siginfo_t *si, void *ctx) {
  raw_calls++;
  raw_return_insn = *(uint32_t *)__builtin_return_address(0);
}
static void raw_plain_handler(int sig) {
  raw_calls++;
  raw_return_insn = *(uint32_t *)__builtin_return_address(0);
}
__attribute__((target("thumb"), noinline)) static void raw_thumb_rt_handler(int sig, siginfo_t *si, void *ctx) {
  raw_calls++;
  raw_return_insn = (uintptr_t)__builtin_return_address(0) & 1 ? *(uint32_t *)((uintptr_t)__builtin_return_address(0) & ~1u) : 0;
}
__attribute__((target("thumb"), noinline)) static void raw_thumb_plain_handler(int sig) {
  raw_calls++;
  raw_return_insn = (uintptr_t)__builtin_return_address(0) & 1 ? *(uint32_t *)((uintptr_t)__builtin_return_address(0) & ~1u) : 0;
}
static void no_restorer_test(void) {
  struct kernel_sigaction ka = {(void *)raw_rt_handler, SA_SIGINFO, 0, {0, 0}};
  long r1 = syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
  raise(SIGUSR1);
  printf("SA_SIGINFO handler without SA_RESTORER: rt_sigaction=%ld calls=%d return insn is mov r7, #173=%d\n", r1, raw_calls,
         raw_return_insn == 0xe3a070ad);
  struct kernel_sigaction kb = {(void *)raw_plain_handler, 0, 0, {0, 0}};
  long r2 = syscall(SYS_rt_sigaction, SIGUSR2, &kb, NULL, 8);
  raise(SIGUSR2);
  printf("plain handler without SA_RESTORER: rt_sigaction=%ld calls=%d return insn is mov r7, #119=%d\n", r2, raw_calls,
         raw_return_insn == 0xe3a07077);
  /* Thumb handlers return through the T32 sequences (movs r7, #nr; svc 0), lr with bit 0 set. */
  ka.handler = (void *)raw_thumb_rt_handler;
  syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
  raise(SIGUSR1);
  printf("Thumb SA_SIGINFO handler without SA_RESTORER: calls=%d returns to T32 movs r7, #173; svc 0=%d\n", raw_calls,
         raw_return_insn == 0xdf0027ad);
  kb.handler = (void *)raw_thumb_plain_handler;
  syscall(SYS_rt_sigaction, SIGUSR2, &kb, NULL, 8);
  raise(SIGUSR2);
  printf("Thumb plain handler without SA_RESTORER: calls=%d returns to T32 movs r7, #119; svc 0=%d\n", raw_calls,
         raw_return_insn == 0xdf002777);
}

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
  a32_fault_test();
  t32_fault_test();

  sa.sa_sigaction = usr1_thumb_handler;
  sigaction(SIGUSR1, &sa, NULL);
  printf("Thumb handler address has bit 0=%d\n", (int)((uintptr_t)usr1_thumb_handler & 1));
  usr1_svc_test();

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = clobber_fp_handler;
  sigaction(SIGUSR2, &sa, NULL);
  fp_restore_test("plain handler (sigreturn)", SIGUSR2);
  sa.sa_sigaction = clobber_fp_handler_si;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  fp_restore_test("SA_SIGINFO handler (rt_sigreturn)", SIGUSR2);

  no_restorer_test();

  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onstack_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  return 0;
}
