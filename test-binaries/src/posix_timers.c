// POSIX per-process timers: timer_create with SIGEV_SIGNAL (handler with SA_SIGINFO, and a blocked
// signal taken with sigwaitinfo), SIGEV_NONE (polled with timer_gettime), SIGEV_THREAD (glibc's
// helper thread), SIGEV_THREAD_ID (raw syscall) to a chosen thread; one-shot and periodic,
// relative and TIMER_ABSTIME on CLOCK_MONOTONIC and CLOCK_REALTIME; the old value from
// timer_settime, disarming, one pending signal per timer with the rest counted as overruns, and
// the errors. Output depends only on the program (timer ids are not printed: qemu-user numbers
// them its own way).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int failures;
/** One line per check: "name: ok" or "name: FAILED" (the exit status counts the failures). */
static void check(const char *name, int ok) {
    printf("%s: %s\n", name, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

static volatile sig_atomic_t hits;
static volatile int last_code, last_value, last_signo;

static void on_timer(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    hits++;
    last_signo = sig;
    last_code = si->si_code;
    last_value = si->si_value.sival_int;
}

static long ms_left(const struct itimerspec *its) {
    return its->it_value.tv_sec * 1000 + its->it_value.tv_nsec / 1000000;
}

static atomic_int thread_fired;
static pthread_t thread_fired_by;
static void thread_notify(union sigval v) {
    thread_fired_by = pthread_self();
    atomic_fetch_add(&thread_fired, v.sival_int);
}

static atomic_int worker_tid, worker_got;
static void *sigwait_worker(void *arg) {
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 3);
    atomic_store(&worker_tid, (int)syscall(SYS_gettid));
    siginfo_t si;
    int sig = sigwaitinfo(&set, &si);
    atomic_store(&worker_got, sig == SIGRTMIN + 3 && si.si_code == SI_TIMER && si.si_value.sival_int == 77);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);

    // One-shot SIGEV_SIGNAL with a value, taken by a handler.
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    ev.sigev_value.sival_int = 4242;
    timer_t t1;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t1) != 0) { perror("timer_create"); return 1; }
    struct itimerspec its = { .it_value = { 0, 200 * 1000000 } }, old;
    timer_settime(t1, 0, &its, NULL);
    struct itimerspec cur;
    timer_gettime(t1, &cur);
    check("armed: 0 < time left <= 200 ms", ms_left(&cur) > 0 && ms_left(&cur) <= 200);
    check("armed: no interval", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0);
    while (hits == 0) usleep(1000); /* not pause(): the signal may come just before it */
    printf("one-shot: hits=%d value=%d\n", (int)hits, last_value);
    check("one-shot: the timer's signal", last_signo == SIGRTMIN + 1);
    check("one-shot: si_code SI_TIMER", last_code == SI_TIMER);
    timer_gettime(t1, &cur);
    check("after expiry: disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

    // Periodic: five ticks of 5 ms, then disarm; the old value comes back from timer_settime.
    hits = 0;
    its.it_value.tv_nsec = 5 * 1000000;
    its.it_interval.tv_nsec = 5 * 1000000;
    timer_settime(t1, 0, &its, NULL);
    while (hits < 5) usleep(1000);
    struct itimerspec zero = {0};
    timer_settime(t1, 0, &zero, &old);
    check("periodic: at least 5 expirations", hits >= 5);
    check("periodic: old interval 5 ms", old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 5000000);
    check("periodic: old value <= 5 ms", ms_left(&old) <= 5);
    int h = hits;
    usleep(30000);
    check("disarmed: no more expirations", hits == h);

    // Absolute time on CLOCK_REALTIME, with no sigevent (SIGALRM, value = the timer id).
    timer_t t2;
    timer_create(CLOCK_REALTIME, NULL, &t2);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    its = (struct itimerspec){ .it_value = { now.tv_sec, now.tv_nsec + 10 * 1000000 } };
    if (its.it_value.tv_nsec >= 1000000000) { its.it_value.tv_sec++; its.it_value.tv_nsec -= 1000000000; }
    hits = 0;
    timer_settime(t2, TIMER_ABSTIME, &its, NULL);
    while (hits == 0) usleep(1000);
    check("absolute CLOCK_REALTIME, no sigevent: SIGALRM", last_signo == SIGALRM);
    check("absolute CLOCK_REALTIME, no sigevent: SI_TIMER", last_code == SI_TIMER);
    // An absolute time in the past fires at once.
    hits = 0;
    its.it_value.tv_sec -= 5;
    timer_settime(t2, TIMER_ABSTIME, &its, NULL);
    while (hits == 0) usleep(1000);
    check("an absolute time in the past fires at once", hits == 1);

    // SIGEV_NONE: no signal, but the time runs down.
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    timer_t t3;
    timer_create(CLOCK_MONOTONIC, &ev, &t3);
    its = (struct itimerspec){ .it_value = { 0, 15 * 1000000 } };
    hits = 0;
    timer_settime(t3, 0, &its, NULL);
    usleep(30000);
    timer_gettime(t3, &cur);
    check("SIGEV_NONE: no signal", hits == 0);
    check("SIGEV_NONE: expired", ms_left(&cur) == 0);

    // A blocked signal: three expirations while blocked queue one signal, the others are overruns.
    sigset_t set, prev;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &set, &prev);
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 2;
    ev.sigev_value.sival_int = 9;
    timer_t t4;
    timer_create(CLOCK_MONOTONIC, &ev, &t4);
    its = (struct itimerspec){ .it_value = { 0, 2 * 1000000 }, .it_interval = { 0, 2 * 1000000 } };
    timer_settime(t4, 0, &its, NULL);
    usleep(40000);
    timer_settime(t4, 0, &zero, NULL);
    siginfo_t si;
    struct timespec nowait = {0, 0};
    int sig = sigtimedwait(&set, &si, &nowait);
    check("blocked: sigtimedwait takes the timer's signal", sig == SIGRTMIN + 2);
    check("blocked: with its value", sig == SIGRTMIN + 2 && si.si_value.sival_int == 9);
    check("blocked: later expirations are overruns", sig == SIGRTMIN + 2 && si.si_overrun > 0);
    check("blocked: timer_getoverrun agrees", sig == SIGRTMIN + 2 && timer_getoverrun(t4) == si.si_overrun);
    sig = sigtimedwait(&set, &si, &nowait);
    check("blocked: only one signal queued", sig < 0 && errno == EAGAIN);
    sigprocmask(SIG_SETMASK, &prev, NULL);

    // SIGEV_THREAD: glibc runs the function on a thread of its own.
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = thread_notify;
    ev.sigev_value.sival_int = 5;
    timer_t t5;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t5) != 0) { perror("timer_create SIGEV_THREAD"); return 1; }
    its = (struct itimerspec){ .it_value = { 0, 5 * 1000000 } };
    timer_settime(t5, 0, &its, NULL);
    for (int i = 0; i < 2000 && atomic_load(&thread_fired) == 0; i++) usleep(1000);
    check("SIGEV_THREAD: the function ran with the value", atomic_load(&thread_fired) == 5);
    check("SIGEV_THREAD: on another thread", atomic_load(&thread_fired) == 5 && !pthread_equal(thread_fired_by, pthread_self()));
    timer_delete(t5);

    // SIGEV_THREAD_ID: the signal goes to one chosen thread, which waits for it.
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 3);
    sigprocmask(SIG_BLOCK, &set, &prev);
    pthread_t w;
    pthread_create(&w, NULL, sigwait_worker, NULL);
    while (atomic_load(&worker_tid) == 0) usleep(1000);
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGRTMIN + 3;
    ev.sigev_value.sival_int = 77;
    ev._sigev_un._tid = atomic_load(&worker_tid);
    timer_t t6;
    int r = timer_create(CLOCK_MONOTONIC, &ev, &t6);
    its = (struct itimerspec){ .it_value = { 0, 5 * 1000000 } };
    timer_settime(t6, 0, &its, NULL);
    pthread_join(w, NULL);
    check("SIGEV_THREAD_ID: created", r == 0);
    check("SIGEV_THREAD_ID: the chosen thread took it", atomic_load(&worker_got));
    sigprocmask(SIG_SETMASK, &prev, NULL);

    // Errors.
    ev._sigev_un._tid = 1;  // not a thread of this process
    errno = 0;
    timer_t bad;
    printf("THREAD_ID of another process: %d %s\n", timer_create(CLOCK_MONOTONIC, &ev, &bad), strerror(errno));
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = 1000;
    errno = 0;
    printf("bad signal: %d %s\n", timer_create(CLOCK_MONOTONIC, &ev, &bad), strerror(errno));
    ev.sigev_signo = SIGUSR1;
    errno = 0;
    printf("bad clock: %d %s\n", timer_create(12345, &ev, &bad), strerror(errno));
    its = (struct itimerspec){ .it_value = { 0, 1000000000 } };
    errno = 0;
    printf("bad nsec: %d %s\n", timer_settime(t1, 0, &its, NULL), strerror(errno));
    timer_delete(t1);
    errno = 0;
    printf("deleted timer: settime %d %s\n", timer_settime(t1, 0, &its, NULL), strerror(errno));
    errno = 0;
    printf("deleted timer: getoverrun %d %s\n", timer_getoverrun(t1), strerror(errno));
    errno = 0;
    printf("deleted timer: delete %d %s\n", timer_delete(t1), strerror(errno));
    return failures;
}
