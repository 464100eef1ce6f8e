/* Signals, part two: stack-overflow detection on a sigaltstack with siglongjmp out, alarm and pause,
   an interval timer counted with sigsuspend, getitimer, sigtimedwait/sigwaitinfo on blocked
   signals, EINTR from a blocking read without SA_RESTART and a restarted one with it, and sigqueue
   values. Output is deterministic: only counts and booleans are printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;
static char *alt_base;
static size_t alt_size;
static volatile int on_alt, depth_reached, ticks, alarms, value_seen, writer_fd = -1;

static void segv_on_alt(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)si; (void)uc;
    char here;
    on_alt = &here >= alt_base && &here < alt_base + alt_size;
    siglongjmp(jb, 1);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n) __attribute__((noinline));
static int recurse(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    depth_reached = n;
    return recurse(n + 1) + pad[0];
}

static void on_alarm(int sig) { (void)sig; alarms++; }
static volatile int handler_ss_flags = -1;
/* Runs on the normal stack: disables the alternate stack through the frame's uc_stack. */
static void disable_alt_on_return(int sig, siginfo_t *si, void *ucv)
{
    (void)sig; (void)si;
    ucontext_t *uc = ucv;
    handler_ss_flags = uc->uc_stack.ss_flags;
    uc->uc_stack.ss_flags = SS_DISABLE;
}
static void on_tick(int sig) { (void)sig; ticks++; }
static void on_value(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; value_seen = si->si_value.sival_int; }
static void on_alarm_write(int sig)
{
    (void)sig;
    alarms++;
    if (writer_fd >= 0) (void)!write(writer_fd, "x", 1);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    /* 1. stack overflow caught on the alternate stack (its own case: `signals2 overflow`) */
    int overflow = argc > 1 && strcmp(argv[1], "overflow") == 0;
    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    stack_t ss = {.ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0};
    printf("sigaltstack set: %d\n", sigaltstack(&ss, NULL));
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("sigaltstack reads back: size ok %d flags %d\n", cur.ss_size == alt_size, cur.ss_flags);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = segv_on_alt;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (overflow) {
        if (sigsetjmp(jb, 1) == 0) {
            recurse(0);
            printf("no overflow?\n");
        } else {
            printf("stack overflow caught: on alternate stack %d, deep %d\n", on_alt, depth_reached > 100);
        }
    }
    sigaltstack(NULL, &cur);
    printf("after: flags %d (not on it any more)\n", cur.ss_flags);
    if (overflow) return 0;

    /* 2. alarm + pause */
    signal(SIGALRM, on_alarm);
    alarm(1);
    int r = pause();
    printf("pause -> %d errno EINTR %d, alarms %d\n", r, errno == EINTR, alarms);
    printf("alarm(0) with none set -> %u\n", alarm(0));

    /* 3. interval timer, counted with sigsuspend */
    signal(SIGALRM, on_tick);
    sigset_t block, old, none;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct itimerval it = {.it_interval = {0, 20000}, .it_value = {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    struct itimerval got;
    getitimer(ITIMER_REAL, &got);
    printf("getitimer: interval %ld us, value set %d\n", (long)got.it_interval.tv_usec, got.it_value.tv_usec > 0 || got.it_value.tv_sec > 0);
    sigemptyset(&none);
    while (ticks < 3) sigsuspend(&none);
    /* Counted before unblocking: a tick that came meanwhile is delivered at the unblock. */
    int seen = ticks;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("itimer ticks %d\n", seen);

    /* 4. sigtimedwait / sigwaitinfo on blocked signals */
    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGUSR1);
    sigaddset(&w, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &w, NULL);
    struct timespec zero = {0, 0}, short_wait = {0, 10000000};
    siginfo_t si;
    errno = 0;
    r = sigtimedwait(&w, &si, &zero);
    printf("sigtimedwait nothing pending -> %d EAGAIN %d\n", r, errno == EAGAIN);
    errno = 0;
    r = sigtimedwait(&w, &si, &short_wait);
    printf("sigtimedwait 10 ms -> %d EAGAIN %d\n", r, errno == EAGAIN);
    union sigval v = {.sival_int = 1234};
    sigqueue(getpid(), SIGRTMIN + 1, v);
    raise(SIGUSR1);
    r = sigwaitinfo(&w, &si);
    /* si_code is not printed: Linux says SI_TKILL (raise is tgkill); qemu-user 7.2's sigwaitinfo says SI_USER. */
    printf("sigwaitinfo -> USR1 %d signo %d\n", r == SIGUSR1, si.si_signo == SIGUSR1);
    r = sigtimedwait(&w, &si, &zero);
    printf("sigtimedwait -> RTMIN+1 %d value %d code SI_QUEUE %d pid ok %d\n", r == SIGRTMIN + 1, si.si_value.sival_int, si.si_code == SI_QUEUE, si.si_pid == getpid());
    sigprocmask(SIG_UNBLOCK, &w, NULL);

    /* 5. a handler sees sigqueue's value */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_value;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    v.sival_int = -77;
    sigqueue(getpid(), SIGRTMIN + 2, v);
    printf("handler saw value %d\n", value_seen);

    /* 6. a blocking read interrupted: EINTR without SA_RESTART, restarted with it. The timer
       repeats (50 ms), so a tick that comes before the call starts does not leave it waiting. */
    int p[2];
    if (pipe(p) != 0) return 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    struct itimerval rep = {{0, 50000}, {0, 50000}};
    setitimer(ITIMER_REAL, &rep, NULL);
    char c;
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    int err = errno;
    setitimer(ITIMER_REAL, &off, NULL);
    printf("read without SA_RESTART -> %zd EINTR %d alarms>0 %d\n", n, err == EINTR, alarms > 0);
    sa.sa_handler = on_alarm_write;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    writer_fd = p[1];
    alarms = 0;
    setitimer(ITIMER_REAL, &rep, NULL);
    n = read(p[0], &c, 1);
    setitimer(ITIMER_REAL, &off, NULL);
    printf("read with SA_RESTART -> %zd '%c' alarms>0 %d\n", n, n == 1 ? c : '?', alarms > 0);

    /* 7. nanosleep interrupted reports the time left */
    signal(SIGALRM, on_alarm);
    setitimer(ITIMER_REAL, &rep, NULL);
    struct timespec req = {5, 0}, rem = {0, 0};
    errno = 0;
    r = nanosleep(&req, &rem);
    err = errno;
    setitimer(ITIMER_REAL, &off, NULL);
    printf("nanosleep -> %d EINTR %d, remaining between 4 and 5 s %d\n", r, err == EINTR, rem.tv_sec == 4 || (rem.tv_sec == 5 && rem.tv_nsec == 0));

    /* 8. rt_sigreturn applies the frame's uc_stack: a handler on the normal stack disables the
       alternate stack by editing it. (SS_AUTODISARM is not tested here: qemu-user 7.2 refuses it.) */
    stack_t ss2 = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
    sigaltstack(&ss2, NULL);
    sa.sa_sigaction = disable_alt_on_return;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigaltstack(NULL, &cur);
    printf("uc_stack in the handler: flags %d; after return: disabled %d\n", handler_ss_flags, (cur.ss_flags & SS_DISABLE) != 0);
    return 0;
}
