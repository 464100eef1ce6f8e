/* fork/waitpid/pipe/dup2/execve-free process basics; all output goes through the parent in order. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <errno.h>
#include <sys/wait.h>
#include <fcntl.h>

static void status_str(int st, char *out, size_t n)
{
    if (WIFEXITED(st)) snprintf(out, n, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(out, n, "killed by %s", sigabbrev_np(WTERMSIG(st)));
    else snprintf(out, n, "other %x", st);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int fds[2];
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char *msg = "message from child";
        (void)!write(fds[1], msg, strlen(msg));
        close(fds[1]);
        _exit(7);
    }
    close(fds[1]);
    char buf[100];
    ssize_t n, total = 0;
    while ((n = read(fds[0], buf + total, sizeof buf - 1 - (size_t)total)) > 0) total += n;
    buf[total] = 0;
    close(fds[0]);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    char s[64];
    status_str(st, s, sizeof s);
    printf("child said [%s], waitpid matched=%d, %s\n", buf, w == pid, s);

    /* children killed by signals, several children reaped in creation order */
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            if (i == 0) _exit(0);
            if (i == 1) exit(42);
            if (i == 2) { signal(SIGTERM, SIG_DFL); raise(SIGTERM); }
            if (i == 3) abort();
            _exit(99);
        }
    }
    for (int i = 0; i < 4; i++) {
        waitpid(kids[i], &st, 0);
        status_str(st, s, sizeof s);
        printf("kid %d: %s\n", i, s);
    }
    errno = 0;
    printf("wait with no children: %d %s\n", wait(&st), strerrorname_np(errno));

    /* a child writes to its stdout, redirected into a pipe via dup2; parent reads it all */
    if (pipe(fds) != 0) return 1;
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]); close(fds[1]);
        for (int i = 0; i < 1000; i++) printf("%d\n", i);
        fflush(stdout);
        _exit(0);
    }
    close(fds[1]);
    unsigned long sum = 0, lines = 0;
    char big[4096];
    while ((n = read(fds[0], big, sizeof big)) > 0)
        for (ssize_t i = 0; i < n; i++) { sum += (unsigned char)big[i]; if (big[i] == '\n') lines++; }
    close(fds[0]);
    waitpid(pid, &st, 0);
    printf("child stdout via pipe: %lu lines, byte sum %lu, status %d\n", lines, sum, WEXITSTATUS(st));

    /* memory is copied, not shared, after fork */
    static int shared_val = 10;
    pid = fork();
    if (pid == 0) { shared_val = 99; _exit(shared_val); }
    waitpid(pid, &st, 0);
    printf("child saw %d, parent still %d\n", WEXITSTATUS(st), shared_val);

    /* broken pipe: writing with no reader gives EPIPE when SIGPIPE is ignored */
    signal(SIGPIPE, SIG_IGN);
    if (pipe(fds) != 0) return 1;
    close(fds[0]);
    errno = 0;
    printf("write to broken pipe: %zd %s\n", write(fds[1], "x", 1), strerrorname_np(errno));
    close(fds[1]);
    /* pipe2 + O_NONBLOCK read on empty pipe */
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return 1;
    errno = 0;
    printf("nonblocking empty read: %zd %s\n", read(fds[0], buf, 1), strerrorname_np(errno));
    return 0;
}
