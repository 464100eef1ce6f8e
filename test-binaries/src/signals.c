/* Signals: handlers via sigaction and signal(), raise/kill of self, masks and pending signals,
   SA_SIGINFO fields, SA_RESETHAND, alarm-free synchronous faults (SIGSEGV, SIGFPE via raise), and
   finally death by an unhandled signal chosen by argv[1] (default: normal exit). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <unistd.h>
#include <sys/mman.h>

static volatile sig_atomic_t got[65];
static volatile int last_code, last_signo;
static volatile void *last_addr;
static sigjmp_buf jb;

static void handler(int sig) { got[sig]++; }
static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got[sig]++;
    last_signo = si->si_signo;
    last_code = si->si_code;
}
static void segv_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got[sig]++;
    last_addr = si->si_addr;
    last_code = si->si_code;
    siglongjmp(jb, 1);
}
static void nested_handler(int sig)
{
    got[sig]++;
    /* USR2 is blocked by sa_mask: Linux delivers it after the handler returns. qemu 7.2 delivers it
       at once, so the count seen inside the handler is deliberately not printed. */
    if (sig == SIGUSR1) raise(SIGUSR2);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    printf("raise USR1 -> %d, count %d\n", raise(SIGUSR1), (int)got[SIGUSR1]);
    kill(getpid(), SIGUSR1);
    printf("kill self USR1, count %d\n", (int)got[SIGUSR1]);

    /* blocked signals stay pending until unblocked */
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1); raise(SIGUSR1);
    sigpending(&pend);
    printf("pending USR1=%d count still %d\n", sigismember(&pend, SIGUSR1), (int)got[SIGUSR1]);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock count %d (standard signals do not queue)\n", (int)got[SIGUSR1]);

    /* realtime signals queue */
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = info_handler;
    sigaction(SIGRTMIN, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    union sigval sv = {.sival_int = 7};
    sigqueue(getpid(), SIGRTMIN, sv); sigqueue(getpid(), SIGRTMIN, sv); sigqueue(getpid(), SIGRTMIN, sv);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("RTMIN delivered %d times, signo ok=%d code=SI_QUEUE:%d\n", (int)got[SIGRTMIN], last_signo == SIGRTMIN, last_code == SI_QUEUE);

    /* SA_SIGINFO for raise: si_code SI_TKILL */
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("USR2 via raise: count %d code is SI_TKILL: %d\n", (int)got[SIGUSR2], last_code == SI_TKILL);

    /* sa_mask blocks a nested signal during the handler */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nested_handler;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    struct sigaction sa2;
    memset(&sa2, 0, sizeof sa2);
    sa2.sa_handler = handler;
    sigaction(SIGUSR2, &sa2, NULL);
    got[SIGUSR2] = 0;
    raise(SIGUSR1);
    printf("after nested: USR2 count %d\n", (int)got[SIGUSR2]);

    /* SA_RESETHAND: second raise uses the default action; make it ignorable */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGWINCH, &sa, NULL);  /* default action of SIGWINCH is ignore */
    raise(SIGWINCH); raise(SIGWINCH);
    struct sigaction cur;
    sigaction(SIGWINCH, NULL, &cur);
    printf("SIGWINCH count %d, handler reset to default: %d\n", (int)got[SIGWINCH], cur.sa_handler == SIG_DFL);

    /* SIG_IGN */
    signal(SIGTERM, SIG_IGN);
    raise(SIGTERM);
    printf("SIGTERM ignored, still alive\n");
    signal(SIGTERM, SIG_DFL);

    /* synchronous SIGSEGV from a PROT_NONE page, recovered with siglongjmp */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(p + pg, (size_t)pg, PROT_NONE);
    for (int i = 0; i < 3; i++) {
        if (sigsetjmp(jb, 1) == 0) {
            volatile char *q = p + pg + i * 100;
            *q = 1;
            printf("no fault?\n");
        } else {
            printf("SIGSEGV %d: addr offset %ld code SEGV_ACCERR:%d\n", (int)got[SIGSEGV], (long)((char *)last_addr - p), last_code == SEGV_ACCERR);
        }
    }
    munmap(p, (size_t)pg * 2);
    if (sigsetjmp(jb, 1) == 0) {
        volatile int *q = (int *)p;  /* unmapped now */
        printf("read %d\n", *q);
    } else {
        printf("SIGSEGV %d on unmapped: code SEGV_MAPERR:%d\n", (int)got[SIGSEGV], last_code == SEGV_MAPERR);
    }

    /* sigsuspend with a pending signal */
    signal(SIGUSR1, handler);
    sigemptyset(&set); sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    got[SIGUSR1] = 0;
    raise(SIGUSR1);
    sigset_t empty; sigemptyset(&empty);
    int r = sigsuspend(&empty);
    printf("sigsuspend returned %d, USR1 count %d\n", r, (int)got[SIGUSR1]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    printf("strsignal(SIGSEGV)=%s sigabbrev=%s\n", strsignal(SIGSEGV), sigabbrev_np(SIGTERM));

    const char *die = argc > 1 ? argv[1] : "";
    if (!strcmp(die, "term")) { printf("raising SIGTERM\n"); raise(SIGTERM); }
    if (!strcmp(die, "kill")) { printf("raising SIGKILL\n"); raise(SIGKILL); }
    if (!strcmp(die, "segv")) {
        printf("null write\n");
        signal(SIGSEGV, SIG_DFL);
        *(volatile int *)0 = 1;
    }
    if (!strcmp(die, "usr1")) { printf("default USR1\n"); signal(SIGUSR1, SIG_DFL); sigprocmask(SIG_UNBLOCK, &set, NULL); raise(SIGUSR1); }
    printf("normal exit\n");
    return 0;
}
