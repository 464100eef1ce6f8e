// signalfd: blocked signals read as struct signalfd_siginfo (raise, sigqueue with a value, several
// in one read, a child's SIGCHLD with its status, one sent by another process while the reader
// blocks), readiness through poll and epoll, a non-blocking read of nothing, changing the set,
// and the errors. Output depends only on the program.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, const struct signalfd_siginfo *si) {
    printf("%s: signo=%u code=%d from me=%d int=%d\n", what, si->ssi_signo, si->ssi_code,
           si->ssi_pid == (unsigned)getpid(), si->ssi_int);
}

static int readable(int fd) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGRTMIN + 1);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %d\n", fd >= 0);

    struct signalfd_siginfo si[4];
    errno = 0;
    printf("empty: read %zd %s, readable %d\n", read(fd, si, sizeof si), strerror(errno), readable(fd));

    raise(SIGUSR1);
    printf("after raise: readable %d\n", readable(fd));
    ssize_t n = read(fd, si, sizeof si);
    printf("read %zd bytes\n", n);
    show("raise", &si[0]);
    printf("after read: readable %d\n", readable(fd));

    union sigval v = { .sival_int = 77 };
    sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 78;
    sigqueue(getpid(), SIGRTMIN + 1, v);
    kill(getpid(), SIGUSR2);
    n = read(fd, si, sizeof si);
    printf("three pending, one read: %zd bytes (%zd records)\n", n, n / (ssize_t)sizeof si[0]);
    for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++) show("  record", &si[i]);
    printf("SI_QUEUE code: %d, SI_USER code: %d\n", si[1].ssi_code == SI_QUEUE, si[0].ssi_code == SI_USER);

    // epoll over the signalfd.
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1234 };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    struct epoll_event got;
    printf("epoll idle: %d\n", epoll_wait(ep, &got, 1, 0));
    raise(SIGUSR2);
    int e = epoll_wait(ep, &got, 1, 1000);
    printf("epoll after raise: %d data %u in %d\n", e, got.data.u32, (got.events & EPOLLIN) != 0);
    read(fd, si, sizeof si);

    // A child's exit: SIGCHLD with its status.
    pid_t c = fork();
    if (c == 0) _exit(7);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    poll(&p, 1, 5000);
    n = read(fd, si, sizeof si);
    printf("SIGCHLD: %zd bytes signo %d code CLD_EXITED %d status %d child pid %d\n", n, si[0].ssi_signo == SIGCHLD,
           si[0].ssi_code == CLD_EXITED, si[0].ssi_status, si[0].ssi_pid == (unsigned)c);
    waitpid(c, NULL, 0);

    // A blocking signalfd, woken by another process's signal.
    int bfd = signalfd(-1, &set, 0);
    c = fork();
    if (c == 0) {
        usleep(50000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    n = read(bfd, si, sizeof si);
    printf("blocking read: %zd bytes signo SIGUSR1 %d from child %d\n", n, si[0].ssi_signo == SIGUSR1, si[0].ssi_pid == (unsigned)c);
    waitpid(c, NULL, 0);
    read(fd, si, sizeof si); // the SIGCHLD of that child

    // Changing the set: SIGUSR2 no longer read.
    sigset_t only1;
    sigemptyset(&only1);
    sigaddset(&only1, SIGUSR1);
    printf("update returns the fd: %d\n", signalfd(fd, &only1, 0) == fd);
    raise(SIGUSR2);
    errno = 0;
    printf("SIGUSR2 outside the set: readable %d read %zd %s\n", readable(fd), read(fd, si, sizeof si), strerror(errno));
    sigset_t pend;
    sigpending(&pend);
    printf("still pending: %d\n", sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &only1, NULL);

    // Errors.
    errno = 0;
    printf("short read: %zd %s\n", read(bfd, si, 10), strerror(errno));
    errno = 0;
    printf("write: %zd %s\n", write(bfd, si, sizeof si[0]), strerror(errno));
    errno = 0;
    printf("not a signalfd: %d %s\n", signalfd(1, &set, 0), strerror(errno));
    errno = 0;
    printf("bad flags: %d %s\n", signalfd(-1, &set, 0x1234), strerror(errno));
    return 0;
}
