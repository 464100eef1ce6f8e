/* MIPS o32 (mips and mipsel): the signal frames as handlers see and change them.
   - SIGSEGV (SA_SIGINFO, rt frame) from a load at address 8: the handler checks si_addr, the
     faulting PC, an integer and an FP register in uc_mcontext, then skips the load (pc += 4) and
     sets its destination, an FP register and HI/LO, which rt_sigreturn must hand back;
   - SIGUSR1 installed without SA_SIGINFO (struct sigframe, handler(sig, code, struct sigcontext *)):
     a1 is 0 and a2 the sigcontext; the handler clobbers every caller-saved integer register, HI/LO
     and all 32 FP registers, changes v1 and adds a signal to the frame's mask, and sigreturn must
     restore the rest;
   - SIGUSR2 on a sigaltstack (rt frame): the handler runs there, uc_stack holds the settings, and a
     signal it adds to uc_sigmask stays blocked after it returns.
   The handlers return through the kernel's sigreturn code at ra (o32 has no sa_restorer). Built
   FPXX (Debian's default), so it runs with 64-bit FP registers (FR=1) under qemu and tsemu; the odd
   registers are reached as singles (.set oddspreg). FCSR is left alone: qemu-user 7.2 neither
   saves nor restores it. The SIGSEGV handler also walks the stack with libgcc's unwinder, which
   must recognise the frame by the sigreturn code at ra and find the faulting function in it (unwind
   tables for this file's functions: the pragma). Prints only deterministic values. */
#pragma GCC optimize("unwind-tables")
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <unwind.h>

extern char segv_insn[], after_kill[];

static uint64_t f64bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

static int blocked(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

/* ---- SIGSEGV: read the rt frame, skip the load, change registers ---- */

static volatile int seen_signo, seen_code, seen_addr_ok, seen_pc_ok, seen_t0_ok, seen_f20_ok;
static volatile int unwound_frames, unwound_to_load, frames_after_load;

static _Unwind_Reason_Code count_frame(struct _Unwind_Context *ctx, void *arg)
{
    (void)arg;
    int before = 0;
    uintptr_t ip = _Unwind_GetIPInfo(ctx, &before);
    unwound_frames++;
    if (unwound_to_load) frames_after_load++;
    else if (ip >= (uintptr_t)segv_insn && ip < (uintptr_t)segv_insn + 8) unwound_to_load = 1;
    return unwound_frames < 32 ? _URC_NO_REASON : _URC_END_OF_STACK;
}
static volatile unsigned load_result, hi_result, lo_result;
static volatile uint64_t f22_result;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    mcontext_t *mc = &uc->uc_mcontext;
    seen_signo = si->si_signo;
    seen_code = si->si_code;
    seen_addr_ok = si->si_addr == (void *)8 && sig == SIGSEGV;
    seen_pc_ok = mc->pc == (uintptr_t)segv_insn;
    seen_t0_ok = mc->gregs[8] == 0x12345678;
    seen_f20_ok = f64bits(mc->fpregs.fp_r.fp_dregs[20]) == f64bits(1.25);
    _Unwind_Backtrace(count_frame, NULL);
    mc->pc += 4;
    mc->gregs[9] = 0xabcdef;
    mc->fpregs.fp_r.fp_dregs[22] = 2.5;
    mc->mdhi = 0x777;
    mc->mdlo = 0x888;
}

static __attribute__((noinline)) void segv_test(void)
{
    register int t0 __asm__("$8") = 0x12345678;
    register int t1 __asm__("$9") = 1;
    register double f20 __asm__("$f20") = 1.25;
    register double f22 __asm__("$f22") = 0;
    int hi, lo;
    __asm__ volatile(".set push\n.set noreorder\n.globl segv_insn\nsegv_insn: lw $9, 8($0)\nmfhi %[hi]\nmflo %[lo]\n.set pop"
                     : "+r"(t1), "+f"(f22), [hi] "=r"(hi), [lo] "=r"(lo)
                     : "r"(t0), "f"(f20)
                     : "hi", "lo", "memory");
    load_result = (unsigned)t1;
    f22_result = f64bits(f22);
    hi_result = (unsigned)hi;
    lo_result = (unsigned)lo;
    printf("segv signo %d code %d (SEGV_MAPERR %d) si_addr 8: %d\n", seen_signo, seen_code, SEGV_MAPERR, seen_addr_ok);
    printf("segv uc pc is the load %d, t0 as set %d, $f20 is 1.25 %d\n", seen_pc_ok, seen_t0_ok, seen_f20_ok);
    printf("unwinder from the handler reaches the faulting load %d, then main and beyond %d\n", unwound_to_load, frames_after_load >= 2);
    printf("from the handler: load result 0x%x, $f22 is 2.5 %d, hi 0x%x lo 0x%x\n", load_result, f22_result == f64bits(2.5), hi_result, lo_result);
}

/* ---- SIGUSR1 through struct sigframe: every caller-saved register survives the handler ---- */

/* at, v1, a2, t0-t7, t8, t9, then HI and LO */
enum { NGPR = 13, NIN = 15 };
static uint32_t gin[NIN], gout[NIN + 2];
static uint64_t fin[16], fout[16];
static uint32_t sin_[16], sout[16];
static volatile int usr1_code, usr1_pc_ok, usr1_a1_ok, usr1_t0_ok, usr1_f20_ok, usr1_hi_ok;

static void on_usr1(int sig, int code, struct sigcontext *sc)
{
    usr1_code = code;
    usr1_pc_ok = sc->sc_pc == (uintptr_t)after_kill;
    usr1_a1_ok = sc->sc_regs[5] == (unsigned)sig;
    usr1_t0_ok = sc->sc_regs[8] == gin[3];
    usr1_f20_ok = sc->sc_fpregs[20] == fin[10];
    usr1_hi_ok = sc->sc_mdhi == gin[13] && sc->sc_mdlo == gin[14];
    sc->sc_regs[3] = 0x33333333;
    /* sf_mask follows the sigcontext in struct sigframe */
    uint32_t *frame_mask = (uint32_t *)(sc + 1);
    frame_mask[(SIGURG - 1) / 32] |= 1u << ((SIGURG - 1) % 32);
    static const double junk = -123456.75;
    static const uint32_t junk32 = 0xdeadbeef;
    __asm__ volatile(
        ".set push\n.set noat\n.set oddspreg\n"
        "ldc1 $f0, 0(%0)\n ldc1 $f2, 0(%0)\n ldc1 $f4, 0(%0)\n ldc1 $f6, 0(%0)\n ldc1 $f8, 0(%0)\n ldc1 $f10, 0(%0)\n"
        "ldc1 $f12, 0(%0)\n ldc1 $f14, 0(%0)\n ldc1 $f16, 0(%0)\n ldc1 $f18, 0(%0)\n ldc1 $f20, 0(%0)\n ldc1 $f22, 0(%0)\n"
        "ldc1 $f24, 0(%0)\n ldc1 $f26, 0(%0)\n ldc1 $f28, 0(%0)\n ldc1 $f30, 0(%0)\n"
        "lwc1 $f1, 0(%1)\n lwc1 $f3, 0(%1)\n lwc1 $f5, 0(%1)\n lwc1 $f7, 0(%1)\n lwc1 $f9, 0(%1)\n lwc1 $f11, 0(%1)\n"
        "lwc1 $f13, 0(%1)\n lwc1 $f15, 0(%1)\n lwc1 $f17, 0(%1)\n lwc1 $f19, 0(%1)\n lwc1 $f21, 0(%1)\n lwc1 $f23, 0(%1)\n"
        "lwc1 $f25, 0(%1)\n lwc1 $f27, 0(%1)\n lwc1 $f29, 0(%1)\n lwc1 $f31, 0(%1)\n"
        "li $1, -1\n li $3, -1\n li $4, -1\n li $5, -1\n li $6, -1\n li $7, -1\n li $8, -1\n li $9, -1\n li $10, -1\n"
        "li $11, -1\n li $12, -1\n li $13, -1\n li $14, -1\n li $15, -1\n li $24, -1\n mthi $24\n mtlo $24\n"
        ".set pop\n"
        :: "r"(&junk), "r"(&junk32)
        : "$1", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "hi", "lo",
          "$f0", "$f1", "$f2", "$f3", "$f4", "$f5", "$f6", "$f7", "$f8", "$f9", "$f10", "$f11", "$f12", "$f13", "$f14",
          "$f15", "$f16", "$f17", "$f18", "$f19", "$f20", "$f21", "$f22", "$f23", "$f24", "$f25", "$f26", "$f27",
          "$f28", "$f29", "$f30", "$f31", "memory");
}

static __attribute__((noinline)) void usr1_test(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = (void (*)(int))(void (*)(void))on_usr1; /* IRIX-style (sig, code, sigcontext) */
    sigaction(SIGUSR1, &sa, NULL);
    for (int i = 0; i < 16; i++) fin[i] = f64bits(1.0 + i * 0.375) ^ (uint64_t)i;
    for (int i = 0; i < 16; i++) sin_[i] = 0x40000000u + 0x1111u * (unsigned)i;
    for (int i = 0; i < NIN; i++) gin[i] = 0x01010101u * (unsigned)(i + 1);
    int pid = getpid();
    __asm__ volatile(
        ".set push\n.set noreorder\n.set noat\n.set oddspreg\n"
        "ldc1 $f0, 0(%[fi])\n ldc1 $f2, 8(%[fi])\n ldc1 $f4, 16(%[fi])\n ldc1 $f6, 24(%[fi])\n ldc1 $f8, 32(%[fi])\n"
        "ldc1 $f10, 40(%[fi])\n ldc1 $f12, 48(%[fi])\n ldc1 $f14, 56(%[fi])\n ldc1 $f16, 64(%[fi])\n ldc1 $f18, 72(%[fi])\n"
        "ldc1 $f20, 80(%[fi])\n ldc1 $f22, 88(%[fi])\n ldc1 $f24, 96(%[fi])\n ldc1 $f26, 104(%[fi])\n ldc1 $f28, 112(%[fi])\n"
        "ldc1 $f30, 120(%[fi])\n"
        "lwc1 $f1, 0(%[si])\n lwc1 $f3, 4(%[si])\n lwc1 $f5, 8(%[si])\n lwc1 $f7, 12(%[si])\n lwc1 $f9, 16(%[si])\n"
        "lwc1 $f11, 20(%[si])\n lwc1 $f13, 24(%[si])\n lwc1 $f15, 28(%[si])\n lwc1 $f17, 32(%[si])\n lwc1 $f19, 36(%[si])\n"
        "lwc1 $f21, 40(%[si])\n lwc1 $f23, 44(%[si])\n lwc1 $f25, 48(%[si])\n lwc1 $f27, 52(%[si])\n lwc1 $f29, 56(%[si])\n"
        "lwc1 $f31, 60(%[si])\n"
        "lw $8, 52(%[gi])\n mthi $8\n lw $8, 56(%[gi])\n mtlo $8\n"
        "lw $1, 0(%[gi])\n lw $3, 4(%[gi])\n lw $6, 8(%[gi])\n lw $8, 12(%[gi])\n lw $9, 16(%[gi])\n lw $10, 20(%[gi])\n"
        "lw $11, 24(%[gi])\n lw $12, 28(%[gi])\n lw $13, 32(%[gi])\n lw $14, 36(%[gi])\n lw $15, 40(%[gi])\n"
        "lw $24, 44(%[gi])\n lw $25, 48(%[gi])\n"
        "move $4, %[pid]\n li $5, %[sig]\n li $2, %[nr]\n syscall\n"
        ".globl after_kill\nafter_kill:\n"
        "sw $1, 0(%[go])\n sw $3, 4(%[go])\n sw $6, 8(%[go])\n sw $8, 12(%[go])\n sw $9, 16(%[go])\n sw $10, 20(%[go])\n"
        "sw $11, 24(%[go])\n sw $12, 28(%[go])\n sw $13, 32(%[go])\n sw $14, 36(%[go])\n sw $15, 40(%[go])\n"
        "sw $24, 44(%[go])\n sw $25, 48(%[go])\n mfhi $8\n sw $8, 52(%[go])\n mflo $8\n sw $8, 56(%[go])\n"
        "sw $2, 60(%[go])\n sw $7, 64(%[go])\n"
        "sdc1 $f0, 0(%[fo])\n sdc1 $f2, 8(%[fo])\n sdc1 $f4, 16(%[fo])\n sdc1 $f6, 24(%[fo])\n sdc1 $f8, 32(%[fo])\n"
        "sdc1 $f10, 40(%[fo])\n sdc1 $f12, 48(%[fo])\n sdc1 $f14, 56(%[fo])\n sdc1 $f16, 64(%[fo])\n sdc1 $f18, 72(%[fo])\n"
        "sdc1 $f20, 80(%[fo])\n sdc1 $f22, 88(%[fo])\n sdc1 $f24, 96(%[fo])\n sdc1 $f26, 104(%[fo])\n sdc1 $f28, 112(%[fo])\n"
        "sdc1 $f30, 120(%[fo])\n"
        "swc1 $f1, 0(%[so])\n swc1 $f3, 4(%[so])\n swc1 $f5, 8(%[so])\n swc1 $f7, 12(%[so])\n swc1 $f9, 16(%[so])\n"
        "swc1 $f11, 20(%[so])\n swc1 $f13, 24(%[so])\n swc1 $f15, 28(%[so])\n swc1 $f17, 32(%[so])\n swc1 $f19, 36(%[so])\n"
        "swc1 $f21, 40(%[so])\n swc1 $f23, 44(%[so])\n swc1 $f25, 48(%[so])\n swc1 $f27, 52(%[so])\n swc1 $f29, 56(%[so])\n"
        "swc1 $f31, 60(%[so])\n"
        ".set pop\n"
        :
        : [fi] "r"(fin), [fo] "r"(fout), [si] "r"(sin_), [so] "r"(sout), [gi] "r"(gin), [go] "r"(gout), [pid] "r"(pid),
          [sig] "i"(SIGUSR1), [nr] "i"(SYS_kill)
        : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",
          "hi", "lo", "$f0", "$f1", "$f2", "$f3", "$f4", "$f5", "$f6", "$f7", "$f8", "$f9", "$f10", "$f11", "$f12", "$f13",
          "$f14", "$f15", "$f16", "$f17", "$f18", "$f19", "$f20", "$f21", "$f22", "$f23", "$f24", "$f25", "$f26", "$f27",
          "$f28", "$f29", "$f30", "$f31", "memory");
    printf("usr1 handler: code %d, pc after the syscall %d, a1 in the frame %d, t0 %d, $f20 %d, hi/lo %d\n", usr1_code, usr1_pc_ok,
           usr1_a1_ok, usr1_t0_ok, usr1_f20_ok, usr1_hi_ok);
    int same = 0;
    for (int i = 0; i < 16; i++) same += fout[i] == fin[i];
    for (int i = 0; i < 16; i++) same += sout[i] == sin_[i];
    printf("fp registers restored: %d of 32\n", same);
    same = 0;
    for (int i = 0; i < NIN; i++) same += i != 1 && gout[i] == gin[i];
    printf("integer registers and hi/lo restored: %d of %d\n", same, NIN - 1);
    printf("v1 from the handler 0x%x, v0 %u, a3 %u\n", gout[1], gout[NIN], gout[NIN + 1]);
    printf("SIGURG blocked by the frame's mask %d, SIGUSR1 unblocked %d\n", blocked(SIGURG), !blocked(SIGUSR1));
}

/* ---- SIGUSR2 on the alternate stack, changing the mask it returns to ---- */

static char altstack[16384] __attribute__((aligned(16)));
static volatile int alt_on, alt_uc_sp_ok, alt_uc_size_ok, alt_uc_flags, alt_ss_flags, alt_blocked_self;

static void on_usr2(int sig, siginfo_t *si, void *ctx)
{
    (void)si;
    ucontext_t *uc = ctx;
    char here;
    alt_on = &here >= altstack && &here < altstack + sizeof altstack;
    alt_uc_sp_ok = uc->uc_stack.ss_sp == altstack;
    alt_uc_size_ok = uc->uc_stack.ss_size == sizeof altstack;
    alt_uc_flags = uc->uc_stack.ss_flags;
    stack_t now;
    sigaltstack(NULL, &now);
    alt_ss_flags = now.ss_flags;
    alt_blocked_self = blocked(sig);
    sigaddset(&uc->uc_sigmask, SIGWINCH);
}

static __attribute__((noinline)) void altstack_test(void)
{
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    printf("usr2 on the alternate stack %d, uc_stack sp %d size %d flags %d, sigaltstack flags inside %d (SS_ONSTACK %d), blocked inside %d\n",
           alt_on, alt_uc_sp_ok, alt_uc_size_ok, alt_uc_flags, alt_ss_flags, SS_ONSTACK, alt_blocked_self);
    stack_t now;
    sigaltstack(NULL, &now);
    printf("after: SIGWINCH blocked by uc_sigmask %d, SIGUSR2 unblocked %d, sigaltstack flags %d\n", blocked(SIGWINCH), !blocked(SIGUSR2), now.ss_flags);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    segv_test();
    usr1_test();
    altstack_test();
    return 0;
}
