/* Freestanding static PIE (riscv64): the rt signal frame as handlers see and change it.
   - SIGSEGV (SA_SIGINFO) from a load at address 8: the handler checks si_addr, the faulting PC, an
     integer and an FP register in the ucontext, then skips the load (pc += 4) and sets its
     destination register and an FP register, which rt_sigreturn must hand back;
   - SIGTRAP from EBREAK, skipped the same way;
   - SIGUSR1 installed without SA_SIGINFO: a0 = signal, a1/a2 still point at siginfo/ucontext (the
     kernel always passes them); the handler clobbers every caller-saved integer and FP register
     and fcsr, and rt_sigreturn must restore them all;
   - SIGUSR2 on a sigaltstack: the handler runs there, uc_stack holds the settings, and a signal it
     adds to uc_sigmask stays blocked after it returns.
   The handlers return through the return address the kernel gives them (the vDSO's
   __vdso_rt_sigreturn: RISC-V has no SA_RESTORER). Prints only deterministic values. */
#include "rt.h"
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

#define SYS_kill 129
#define SYS_sigaltstack 132
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135

extern char segv_insn[], trap_insn[], after_kill[];

static void install(int sig, void *handler, unsigned long flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = (__sighandler_t)handler;
    sa.sa_flags = flags;
    sys6(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0);
}

static unsigned long blocked_now(void)
{
    unsigned long cur = 0;
    sys6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&cur, 8, 0, 0);
    return cur;
}

static unsigned long f64bits(double d) { unsigned long u; memcpy(&u, &d, 8); return u; }

/* ---- SIGSEGV and SIGTRAP: read the frame, skip the instruction, change registers ---- */

static volatile unsigned long load_result, fa0_result;
static volatile unsigned long seen_signo, seen_code, seen_addr_ok, seen_pc_ok, seen_t3_ok, seen_fs1_ok, seen_args_ok;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    struct ucontext *uc = ctx;
    struct sigcontext *sc = &uc->uc_mcontext;
    seen_signo = (unsigned long)si->si_signo;
    seen_code = (unsigned long)si->si_code;
    seen_args_ok = sig == si->si_signo;
    if (sig == SIGSEGV) {
        seen_addr_ok = si->si_addr == (void *)8;
        seen_pc_ok = sc->sc_regs.pc == (unsigned long)segv_insn;
        seen_t3_ok = sc->sc_regs.t3 == 0x1122334455667788UL;
        seen_fs1_ok = sc->sc_fpregs.d.f[9] == f64bits(1.25);
        sc->sc_regs.a5 = 0xabcdef;
        sc->sc_fpregs.d.f[10] = f64bits(2.5);
    } else {
        seen_addr_ok = si->si_addr == (void *)trap_insn;
        seen_pc_ok = sc->sc_regs.pc == (unsigned long)trap_insn;
    }
    sc->sc_regs.pc += 4;
}

static __attribute__((noinline)) void segv_test(void)
{
    register unsigned long t3 __asm__("t3") = 0x1122334455667788UL;
    register unsigned long a4 __asm__("a4") = 8;
    register unsigned long a5 __asm__("a5") = 1;
    register double fs1 __asm__("fs1") = 1.25;
    register double fa0 __asm__("fa0") = 0;
    __asm__ volatile(".option push\n.option norvc\n.globl segv_insn\nsegv_insn: ld a5, 0(a4)\n.option pop"
                     : "+r"(a5), "+f"(fa0) : "r"(t3), "r"(a4), "f"(fs1) : "memory");
    /* Kept in memory at once: the calls below may reuse a5 and fa0. */
    load_result = a5;
    fa0_result = f64bits(fa0);
    kv("segv signo=", seen_signo);
    kv("segv code (SEGV_MAPERR 1)=", seen_code);
    kv("segv si_addr is 8=", seen_addr_ok);
    kv("segv uc pc is the load=", seen_pc_ok);
    kv("segv uc t3 as set=", seen_t3_ok);
    kv("segv uc fs1 is 1.25=", seen_fs1_ok);
    kv("segv handler args=", seen_args_ok);
    puts_("load result from handler=0x"); putx(load_result); puts_("\n");
    kv("fa0 from handler is 2.5=", fa0_result == f64bits(2.5));
}

static __attribute__((noinline)) void trap_test(void)
{
    __asm__ volatile(".option push\n.option norvc\n.globl trap_insn\ntrap_insn: ebreak\n.option pop" ::: "memory");
    kv("trap signo=", seen_signo);
    kv("trap code (TRAP_BRKPT 1)=", seen_code);
    kv("trap si_addr is the ebreak=", seen_addr_ok);
    kv("trap uc pc is the ebreak=", seen_pc_ok);
}

/* ---- SIGUSR1 without SA_SIGINFO: every caller-saved register survives the handler ---- */

static volatile unsigned long usr1_a0, usr1_a1_ok, usr1_a2_ok, usr1_pc_ok;

static void on_usr1(int sig, siginfo_t *si, struct ucontext *uc)
{
    usr1_a0 = (unsigned long)sig;
    usr1_a1_ok = si->si_signo == SIGUSR1 && si->si_code == 0 /* SI_USER */;
    usr1_a2_ok = uc->uc_mcontext.sc_regs.a7 == SYS_kill;
    usr1_pc_ok = uc->uc_mcontext.sc_regs.pc == (unsigned long)after_kill;
    /* Clobber what a handler may: all FP registers, fcsr, the temporaries and arguments. */
    static const unsigned long junk = 0x7ff8dead0000beefUL;
    __asm__ volatile(
        "fld f0, 0(%0)\n fld f1, 0(%0)\n fld f2, 0(%0)\n fld f3, 0(%0)\n fld f4, 0(%0)\n fld f5, 0(%0)\n"
        "fld f6, 0(%0)\n fld f7, 0(%0)\n fld f8, 0(%0)\n fld f9, 0(%0)\n fld f10, 0(%0)\n fld f11, 0(%0)\n"
        "fld f12, 0(%0)\n fld f13, 0(%0)\n fld f14, 0(%0)\n fld f15, 0(%0)\n fld f16, 0(%0)\n fld f17, 0(%0)\n"
        "fld f18, 0(%0)\n fld f19, 0(%0)\n fld f20, 0(%0)\n fld f21, 0(%0)\n fld f22, 0(%0)\n fld f23, 0(%0)\n"
        "fld f24, 0(%0)\n fld f25, 0(%0)\n fld f26, 0(%0)\n fld f27, 0(%0)\n fld f28, 0(%0)\n fld f29, 0(%0)\n"
        "fld f30, 0(%0)\n fld f31, 0(%0)\n csrw fcsr, zero\n"
        "li t0, -1\n li t1, -1\n li t2, -1\n li t3, -1\n li t4, -1\n li t5, -1\n li t6, -1\n"
        "li a1, -1\n li a2, -1\n li a3, -1\n li a4, -1\n li a5, -1\n li a6, -1\n li a7, -1\n"
        :: "r"(&junk)
        : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
          "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
          "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26", "f27", "f28", "f29",
          "f30", "f31", "memory");
}

static unsigned long fin[32], fout[32], gin[13], gout[13];
static unsigned long fcsr_out;

static __attribute__((noinline)) void usr1_test(void)
{
    for (int i = 0; i < 32; i++) fin[i] = f64bits(1.0 + i * 0.375) ^ (unsigned long)i;
    for (int i = 0; i < 13; i++) gin[i] = 0x0101010101010101UL * (unsigned long)(i + 1);
    long pid = sys3(SYS_getpid, 0, 0, 0);
    __asm__ volatile(
        "fld f0, 0(%[fi])\n fld f1, 8(%[fi])\n fld f2, 16(%[fi])\n fld f3, 24(%[fi])\n fld f4, 32(%[fi])\n"
        "fld f5, 40(%[fi])\n fld f6, 48(%[fi])\n fld f7, 56(%[fi])\n fld f8, 64(%[fi])\n fld f9, 72(%[fi])\n"
        "fld f10, 80(%[fi])\n fld f11, 88(%[fi])\n fld f12, 96(%[fi])\n fld f13, 104(%[fi])\n fld f14, 112(%[fi])\n"
        "fld f15, 120(%[fi])\n fld f16, 128(%[fi])\n fld f17, 136(%[fi])\n fld f18, 144(%[fi])\n fld f19, 152(%[fi])\n"
        "fld f20, 160(%[fi])\n fld f21, 168(%[fi])\n fld f22, 176(%[fi])\n fld f23, 184(%[fi])\n fld f24, 192(%[fi])\n"
        "fld f25, 200(%[fi])\n fld f26, 208(%[fi])\n fld f27, 216(%[fi])\n fld f28, 224(%[fi])\n fld f29, 232(%[fi])\n"
        "fld f30, 240(%[fi])\n fld f31, 248(%[fi])\n"
        "li t0, 0x65\n csrw fcsr, t0\n" /* frm = RUP (3), fflags NX|OF */
        "ld t0, 0(%[gi])\n ld t1, 8(%[gi])\n ld t2, 16(%[gi])\n ld t3, 24(%[gi])\n ld t4, 32(%[gi])\n"
        "ld t5, 40(%[gi])\n ld t6, 48(%[gi])\n ld a2, 56(%[gi])\n ld a3, 64(%[gi])\n ld a4, 72(%[gi])\n"
        "ld a5, 80(%[gi])\n ld a6, 88(%[gi])\n"
        "mv a0, %[pid]\n li a1, %[sig]\n li a7, %[nr]\n ecall\n"
        ".globl after_kill\nafter_kill:\n"
        "fsd f0, 0(%[fo])\n fsd f1, 8(%[fo])\n fsd f2, 16(%[fo])\n fsd f3, 24(%[fo])\n fsd f4, 32(%[fo])\n"
        "fsd f5, 40(%[fo])\n fsd f6, 48(%[fo])\n fsd f7, 56(%[fo])\n fsd f8, 64(%[fo])\n fsd f9, 72(%[fo])\n"
        "fsd f10, 80(%[fo])\n fsd f11, 88(%[fo])\n fsd f12, 96(%[fo])\n fsd f13, 104(%[fo])\n fsd f14, 112(%[fo])\n"
        "fsd f15, 120(%[fo])\n fsd f16, 128(%[fo])\n fsd f17, 136(%[fo])\n fsd f18, 144(%[fo])\n fsd f19, 152(%[fo])\n"
        "fsd f20, 160(%[fo])\n fsd f21, 168(%[fo])\n fsd f22, 176(%[fo])\n fsd f23, 184(%[fo])\n fsd f24, 192(%[fo])\n"
        "fsd f25, 200(%[fo])\n fsd f26, 208(%[fo])\n fsd f27, 216(%[fo])\n fsd f28, 224(%[fo])\n fsd f29, 232(%[fo])\n"
        "fsd f30, 240(%[fo])\n fsd f31, 248(%[fo])\n"
        "sd t0, 0(%[go])\n sd t1, 8(%[go])\n sd t2, 16(%[go])\n sd t3, 24(%[go])\n sd t4, 32(%[go])\n"
        "sd t5, 40(%[go])\n sd t6, 48(%[go])\n sd a2, 56(%[go])\n sd a3, 64(%[go])\n sd a4, 72(%[go])\n"
        "sd a5, 80(%[go])\n sd a6, 88(%[go])\n sd a0, 96(%[go])\n"
        "frcsr t0\n sd t0, 0(%[fc])\n csrw fcsr, zero\n"
        :
        : [fi] "r"(fin), [fo] "r"(fout), [gi] "r"(gin), [go] "r"(gout), [fc] "r"(&fcsr_out), [pid] "r"(pid),
          [sig] "i"(SIGUSR1), [nr] "i"(SYS_kill)
        : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
          "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
          "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26", "f27", "f28", "f29",
          "f30", "f31", "memory");
    kv("usr1 a0=", usr1_a0);
    kv("usr1 a1 is siginfo=", usr1_a1_ok);
    kv("usr1 a2 is ucontext (a7 = kill)=", usr1_a2_ok);
    kv("usr1 uc pc after the ecall=", usr1_pc_ok);
    unsigned long same = 0;
    for (int i = 0; i < 32; i++) same += fout[i] == fin[i];
    kv("fp registers restored=", same);
    same = 0;
    for (int i = 0; i < 12; i++) same += gout[i] == gin[i];
    kv("integer registers restored=", same);
    kv("kill result=", gout[12]);
    puts_("fcsr restored=0x"); putx(fcsr_out); puts_("\n");
}

/* ---- SIGUSR2 on the alternate stack, changing the mask it returns to ---- */

static char altstack[16384] __attribute__((aligned(16)));
static volatile unsigned long alt_on, alt_uc_sp_ok, alt_uc_size_ok, alt_uc_flags, alt_ss_flags, alt_blocked_self;

static void on_usr2(int sig, siginfo_t *si, void *ctx)
{
    (void)si;
    struct ucontext *uc = ctx;
    char here;
    alt_on = &here >= altstack && &here < altstack + sizeof altstack;
    alt_uc_sp_ok = uc->uc_stack.ss_sp == altstack;
    alt_uc_size_ok = uc->uc_stack.ss_size == sizeof altstack;
    alt_uc_flags = (unsigned long)uc->uc_stack.ss_flags;
    stack_t now;
    sys6(SYS_sigaltstack, 0, (long)&now, 0, 0, 0, 0);
    alt_ss_flags = (unsigned long)now.ss_flags;
    alt_blocked_self = (blocked_now() >> (sig - 1)) & 1;
    uc->uc_sigmask.sig[0] |= 1UL << (SIGWINCH - 1);
}

static __attribute__((noinline)) void altstack_test(void)
{
    stack_t ss = {.ss_sp = altstack, .ss_flags = 0, .ss_size = sizeof altstack};
    kv("sigaltstack=", (unsigned long)sys6(SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0));
    install(SIGUSR2, on_usr2, SA_SIGINFO | SA_ONSTACK);
    sys3(SYS_kill, sys3(SYS_getpid, 0, 0, 0), SIGUSR2, 0);
    kv("usr2 ran on the alternate stack=", alt_on);
    kv("usr2 uc_stack.ss_sp=", alt_uc_sp_ok);
    kv("usr2 uc_stack.ss_size=", alt_uc_size_ok);
    kv("usr2 uc_stack.ss_flags=", alt_uc_flags);
    kv("usr2 sigaltstack flags inside (SS_ONSTACK 1)=", alt_ss_flags);
    kv("usr2 blocked inside its handler=", alt_blocked_self);
    unsigned long m = blocked_now();
    kv("after: SIGWINCH blocked by the frame's mask=", (m >> (SIGWINCH - 1)) & 1);
    kv("after: SIGUSR2 unblocked=", !((m >> (SIGUSR2 - 1)) & 1));
    stack_t now;
    sys6(SYS_sigaltstack, 0, (long)&now, 0, 0, 0, 0);
    kv("after: sigaltstack flags=", (unsigned long)now.ss_flags);
}

int main(int argc, char **argv, char **envp, Elf64_auxv_t *auxv)
{
    (void)argc; (void)argv; (void)envp; (void)auxv;
    install(SIGSEGV, on_fault, SA_SIGINFO);
    install(SIGTRAP, on_fault, SA_SIGINFO);
    install(SIGUSR1, on_usr1, 0);
    segv_test();
    trap_test();
    usr1_test();
    altstack_test();
    return 0;
}
