/* Processes: fork/wait statuses (exit codes, signals, stop/continue), WNOHANG, wait for any, waitid,
 * vfork, posix_spawn and exec of host programs, fd inheritance and O_CLOEXEC, inherited signal
 * state, a large address space copied to a child. Only the first process prints, in a fixed order.
 *
 *   procs [part N]   what qemu-user runs as Linux does (the differential cases: parts 1-5; all
 *                    without arguments)
 *   procs exec       execve of this program (/proc/self/exe), #! scripts, exec errors, vfork
 *                    sharing memory: qemu-user 7.2 cannot exec a foreign binary without binfmt_misc
 *                    and runs vfork as fork, so test/processes.test.ts checks this mode against
 *                    the output a native build gives on Linux
 *   procs run PATH   execve PATH (another guest arch's program, say) from a child; its status
 *   (other words select the modes of a re-executed child)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

extern char **environ;

static void show_status(const char *what, int st)
{
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by SIG%s%s\n", what, sigabbrev_np(WTERMSIG(st)), WCOREDUMP(st) ? " (core)" : "");
    else if (WIFSTOPPED(st)) printf("%s: stopped by SIG%s\n", what, sigabbrev_np(WSTOPSIG(st)));
    else if (WIFCONTINUED(st)) printf("%s: continued\n", what);
    else printf("%s: status %#x\n", what, st);
}

static int wait_for(pid_t pid)
{
    int st = -1;
    pid_t r;
    while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR) {}
    if (r != pid) printf("waitpid(%d) gave %d (%s)\n", (int)pid, (int)r, strerrorname_np(errno));
    return st;
}

/* Reads a pipe to its end into buf (NUL-terminated). */
static size_t slurp(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && ((r = read(fd, buf + n, cap - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
        if (r > 0) n += (size_t)r;
    buf[n] = 0;
    return n;
}

static void exit_codes(void)
{
    static const int codes[] = {0, 1, 42, 255, 256};
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = fork();
        if (pid == 0) exit(codes[i]);
        char what[32];
        snprintf(what, sizeof what, "exit(%d)", codes[i]);
        show_status(what, wait_for(pid));
    }
}

static void usr1(int sig) { (void)sig; _exit(66); }

static void deaths(void)
{
    const char *names[] = {"raise(SIGTERM)", "abort()", "SIGKILL", "null store", "raise(SIGUSR1)", "SIGUSR1 handler", "SIGHUP from parent"};
    for (int i = 0; i < 7; i++) {
        int go[2];
        if (pipe(go) != 0) return;
        pid_t pid = fork();
        if (pid == 0) {
            close(go[1]);
            switch (i) {
            case 0: raise(SIGTERM); break;
            case 1: abort();
            case 2: kill(getpid(), SIGKILL); break;
            case 3: *(volatile int *)0 = 1; break;
            case 4: raise(SIGUSR1); break;
            case 5: signal(SIGUSR1, usr1); raise(SIGUSR1); break;
            case 6: { char c; while (read(go[0], &c, 1) < 0 && errno == EINTR) {} pause(); break; }
            }
            _exit(99);
        }
        close(go[0]);
        if (i == 6) kill(pid, SIGHUP);
        close(go[1]);
        show_status(names[i], wait_for(pid));
    }
}

static void nohang(void)
{
    int p[2];
    if (pipe(p) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        while (read(p[0], &c, 1) < 0 && errno == EINTR) {}
        _exit(c);
    }
    close(p[0]);
    int st = 0;
    printf("WNOHANG while it runs: %d\n", (int)waitpid(pid, &st, WNOHANG));
    (void)!write(p[1], "\5", 1);
    close(p[1]);
    show_status("after the byte", wait_for(pid));
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void wait_any(void)
{
    pid_t kids[3];
    for (int i = 0; i < 3; i++) {
        kids[i] = fork();
        if (kids[i] == 0) _exit(10 + i);
    }
    int codes[3], mine = 0;
    for (int i = 0; i < 3; i++) {
        int st;
        pid_t w;
        while ((w = wait(&st)) < 0 && errno == EINTR) {}
        codes[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        for (int j = 0; j < 3; j++) mine += w == kids[j];
    }
    qsort(codes, 3, sizeof codes[0], cmp_int);
    errno = 0;
    int none = wait(NULL);
    printf("wait(): %d %d %d, all ours: %d, then %d %s\n", codes[0], codes[1], codes[2], mine == 3, none, strerrorname_np(errno));
    errno = 0;
    int r = waitpid(1, NULL, 0);
    printf("waitpid of no child: %d %s\n", r, strerrorname_np(errno));
    errno = 0;
    r = waitpid(-1, NULL, 0x4000);
    printf("waitpid bad options: %d %s\n", r, strerrorname_np(errno));
}

static void show_siginfo(const char *what, const siginfo_t *si, pid_t pid)
{
    const char *code = si->si_code == CLD_EXITED ? "CLD_EXITED" : si->si_code == CLD_KILLED ? "CLD_KILLED" : si->si_code == CLD_DUMPED ? "CLD_DUMPED"
                     : si->si_code == CLD_STOPPED ? "CLD_STOPPED" : si->si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?";
    if (si->si_code == CLD_EXITED)
        printf("%s: signo %s code %s status %d pid ok %d uid ok %d\n", what, sigabbrev_np(si->si_signo), code, si->si_status, si->si_pid == pid, si->si_uid == getuid());
    else
        printf("%s: signo %s code %s status SIG%s pid ok %d\n", what, sigabbrev_np(si->si_signo), code, sigabbrev_np(si->si_status), si->si_pid == pid);
}

static void wait_id(void)
{
    pid_t pid = fork();
    if (pid == 0) _exit(9);
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: %d\n", r);
    show_siginfo("  info", &si, pid);
    memset(&si, 0xff, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid P_ALL: %d\n", r);
    show_siginfo("  info", &si, pid);

    int p[2];
    if (pipe(p) != 0) return;
    pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        while (read(p[0], &c, 1) < 0 && errno == EINTR) {}
        raise(SIGTERM);
        _exit(1);
    }
    close(p[0]);
    memset(&si, 0xff, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
    /* (Linux zeroes si_status too; qemu-user 7.2 leaves it) */
    printf("waitid WNOHANG while it runs: %d signo %d pid %d\n", r, si.si_signo, (int)si.si_pid);
    close(p[1]);
    memset(&si, 0xff, sizeof si);
    while ((r = waitid(P_PGID, getpgrp(), &si, WEXITED)) < 0 && errno == EINTR) {}
    printf("waitid P_PGID: %d\n", r);
    show_siginfo("  info", &si, pid);
    errno = 0;
    r = waitid(P_ALL, 0, &si, 0);
    printf("waitid without a state to wait for: %d %s\n", r, strerrorname_np(errno));
}

static void stop_continue(void)
{
    int go[2];
    if (pipe(go) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        /* after SIGCONT it waits for the pipe's end, so its exit cannot pass the continue report */
        char c;
        close(go[1]);
        raise(SIGSTOP);
        while (read(go[0], &c, 1) < 0 && errno == EINTR) {}
        _exit(3);
    }
    close(go[0]);
    int st;
    while (waitpid(pid, &st, WUNTRACED) < 0 && errno == EINTR) {}
    show_status("WUNTRACED", st);
    kill(pid, SIGCONT);
    while (waitpid(pid, &st, WCONTINUED) < 0 && errno == EINTR) {}
    show_status("WCONTINUED", st);
    close(go[1]);
    show_status("then", wait_for(pid));

    pid = fork();
    if (pid == 0) {
        raise(SIGSTOP);
        _exit(4);
    }
    siginfo_t si;
    while (waitid(P_PID, pid, &si, WSTOPPED) < 0 && errno == EINTR) {}
    show_siginfo("waitid WSTOPPED", &si, pid);
    kill(pid, SIGKILL);
    show_status("killed while stopped", wait_for(pid));
}

static void vforks(void)
{
    pid_t pid = vfork();
    if (pid == 0) _exit(17);
    show_status("vfork + _exit(17)", wait_for(pid));

    pid = vfork();
    if (pid == 0) {
        execl("/nonexistent/program", "x", (char *)NULL);
        _exit(errno == ENOENT ? 40 : 41);
    }
    show_status("vfork + exec of nothing", wait_for(pid));

    int p[2];
    if (pipe(p) != 0) return;
    pid = vfork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execl("/bin/sh", "sh", "-c", "echo \"from $0 with $# args: $1\"; exit 3", "shell", "one", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char buf[256];
    slurp(p[0], buf, sizeof buf);
    close(p[0]);
    printf("vfork + exec /bin/sh said: %s", buf);
    show_status("  and", wait_for(pid));
}

static char clone_stack[64 * 1024] __attribute__((aligned(16)));
static int clone_child(void *arg) { return *(int *)arg + 1; }

/* clone with a function on its own stack: as a new process, and as a vfork child (posix_spawn's way) */
static void clones(void)
{
    int arg = 20;
    pid_t pid = clone(clone_child, clone_stack + sizeof clone_stack, SIGCHLD, &arg);
    show_status("clone(fn, stack, SIGCHLD)", wait_for(pid));
    arg = 30;
    pid = clone(clone_child, clone_stack + sizeof clone_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &arg);
    show_status("clone(fn, stack, CLONE_VM|CLONE_VFORK|SIGCHLD)", wait_for(pid));
}

static void spawns(void)
{
    int p[2];
    if (pipe(p) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char *argv[] = {"sh", "-c", "echo spawned $SPAWN_VAR; exit 4", NULL};
    char *envp[] = {"SPAWN_VAR=value", "PATH=/usr/bin:/bin", NULL};
    pid_t pid;
    int r = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, envp);
    close(p[1]);
    char buf[256];
    slurp(p[0], buf, sizeof buf);
    close(p[0]);
    printf("posix_spawn: %d, said: %s", r, buf);
    if (r == 0) show_status("  and", wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);

    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGTERM);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    signal(SIGTERM, SIG_IGN);
    char *argv2[] = {"sh", "-c", "kill -TERM $$; exit 0", NULL};
    r = posix_spawnp(&pid, "sh", NULL, &at, argv2, environ);
    signal(SIGTERM, SIG_DFL);
    printf("posix_spawnp with SIGTERM back to default: %d\n", r);
    if (r == 0) show_status("  and", wait_for(pid));
    posix_spawnattr_destroy(&at);
}

static void inheritance(void)
{
    int a[2], b[2];
    if (pipe(a) != 0 || pipe(b) != 0) return;
    dup2(a[1], 8);
    dup3(b[1], 9, O_CLOEXEC);
    close(a[1]);
    close(b[1]);
    pid_t pid = fork();
    if (pid == 0) {
        close(a[0]);
        close(b[0]);
        execl("/bin/sh", "sh", "-c", "echo via 8 >&8; { echo via 9 >&9; } 2>/dev/null || echo 9 is closed >&8", (char *)NULL);
        _exit(127);
    }
    close(8);
    close(9);
    char buf[256], buf2[256];
    slurp(a[0], buf, sizeof buf);
    slurp(b[0], buf2, sizeof buf2);
    close(a[0]);
    close(b[0]);
    printf("fd 8 (inherited) got: %s", buf);
    printf("fd 9 (O_CLOEXEC) got %zu bytes\n", strlen(buf2));
    show_status("  sh", wait_for(pid));

    /* fork keeps close-on-exec descriptors and shares offsets */
    int fd = open(".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) fd = open("procs-tmp.txt", O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600), unlink("procs-tmp.txt");
    pid = fork();
    if (pid == 0) {
        (void)!write(fd, "child ", 6);
        _exit(fcntl(fd, F_GETFD) == FD_CLOEXEC ? 0 : 1);
    }
    show_status("child wrote to a close-on-exec fd", wait_for(pid));
    (void)!write(fd, "parent", 6);
    char got[32] = {0};
    (void)!pread(fd, got, sizeof got - 1, 0);
    printf("shared offset: [%s] at %ld\n", got, (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
}

static volatile int usr2_seen;
static void on_usr2(int sig) { (void)sig; usr2_seen++; }
static volatile int chld_seen;
static void on_chld(int sig) { (void)sig; chld_seen++; }

static void signal_state(void)
{
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, on_usr2);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGUSR1);
        raise(SIGUSR2);
        raise(SIGINT);
        sigset_t pend;
        sigpending(&pend);
        _exit(usr2_seen * 10 + sigismember(&pend, SIGINT));
    }
    show_status("child raised ignored, handled, blocked (handled*10 + pending)", wait_for(pid));
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chld, empty;
    sigemptyset(&chld);
    sigemptyset(&empty);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid = fork();
    if (pid == 0) _exit(0);
    while (!chld_seen) sigsuspend(&empty);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("SIGCHLD handler ran %d time(s)\n", chld_seen);
    show_status("  child", wait_for(pid));
    signal(SIGCHLD, SIG_DFL);
}

static void identity(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        int ok = getppid() == parent;
        ok |= (setsid() == getpid()) << 1;
        ok |= (getpgrp() == getpid()) << 2;
        ok |= (getsid(0) == getpid()) << 3;
        _exit(ok);
    }
    int st = wait_for(pid);
    printf("child: getppid, setsid, getpgrp, getsid right: %#x\n", WEXITSTATUS(st));
    printf("fork returned a new pid: %d\n", pid > 0 && pid != parent);
}

static void big_memory(void)
{
    size_t n = 48u << 20;
    unsigned char *heap = malloc(n);
    unsigned char *anon = mmap(NULL, 1u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!heap || anon == MAP_FAILED) return;
    uint32_t x = 12345, sum = 0;
    for (size_t i = 0; i < n; i += 4096) {
        x = x * 1103515245 + 12345;
        heap[i] = (unsigned char)(x >> 16);
        sum += heap[i];
    }
    memset(anon, 0x5a, 1u << 20);
    mprotect(anon, 1u << 20, PROT_READ);
    pid_t pid = fork();
    if (pid == 0) {
        uint32_t s = 0;
        for (size_t i = 0; i < n; i += 4096) s += heap[i];
        int ok = s == sum;
        ok |= (anon[12345] == 0x5a) << 1;
        /* the child's mappings keep their protection */
        ok |= (mprotect(anon, 4096, PROT_READ | PROT_WRITE) == 0) << 2;
        _exit(ok);
    }
    int st = wait_for(pid);
    printf("48 MiB heap and a read-only mapping in the child: %#x\n", WEXITSTATUS(st));
    free(heap);
    munmap(anon, 1u << 20);
}

/* ---- exec mode (checked against Linux by test/processes.test.ts) ---- */

static char self[4096];

static int child_mode(int argc, char **argv)
{
    if (!strcmp(argv[1], "echo")) {
        printf("  child argv:");
        for (int i = 0; i < argc; i++) printf(" [%s]", i == 0 ? "argv0" : argv[i]);
        const char *v = getenv("PROCS_VAR");
        printf("\n  child PROCS_VAR=%s, environ has %d entries\n", v ? v : "(unset)", ({ int c = 0; for (char **e = environ; *e; e++) c++; c; }));
        return 12;
    }
    if (!strcmp(argv[1], "fds")) {
        errno = 0;
        int kept = fcntl(20, F_GETFD);
        int e20 = errno;
        errno = 0;
        int gone = fcntl(21, F_GETFD);
        printf("  after exec: fd 20 %s, fd 21 %s\n", kept >= 0 ? "open" : strerrorname_np(e20), gone >= 0 ? "open" : strerrorname_np(errno));
        if (kept >= 0) (void)!write(20, "written through fd 20\n", 22);
        struct sigaction sa1, sa2;
        sigaction(SIGUSR1, NULL, &sa1);
        sigaction(SIGUSR2, NULL, &sa2);
        sigset_t m;
        sigprocmask(SIG_SETMASK, NULL, &m);
        printf("  after exec: SIGUSR1 %s, SIGUSR2 %s, SIGINT blocked %d\n", sa1.sa_handler == SIG_IGN ? "ignored" : "default",
               sa2.sa_handler == SIG_DFL ? "default" : "handled", sigismember(&m, SIGINT));
        return 0;
    }
    if (!strcmp(argv[1], "final")) {
        const char *old = getenv("PROCS_PID");
        printf("final image: same pid %d, argc %d\n", old && atoi(old) == getpid(), argc);
        return 5;
    }
    if (!strcmp(argv[1], "script")) {
        printf("  via #!: argc %d:", argc);
        for (int i = 1; i < argc; i++) {
            const char *a = argv[i], *slash = strrchr(a, '/');
            printf(" [%s]", slash ? slash + 1 : a);
        }
        printf("\n");
        return 6;
    }
    printf("unknown mode %s\n", argv[1]);
    return 2;
}

static void run_exec(const char *what, char *const argv[], char *const envp[])
{
    printf("%s\n", what);
    pid_t pid = fork();
    if (pid == 0) {
        execve(self, argv, envp);
        printf("  exec failed: %s\n", strerrorname_np(errno));
        _exit(127);
    }
    show_status("  status", wait_for(pid));
}

static void try_exec(const char *what, const char *path, char *const argv[])
{
    pid_t pid = vfork();
    if (pid == 0) {
        execve(path, argv, environ);
        _exit(100 + errno);
    }
    int st = wait_for(pid);
    int e = WIFEXITED(st) ? WEXITSTATUS(st) - 100 : -1;
    printf("%s: %s\n", what, e > 0 ? strerrorname_np(e) : "ran");
}

/* clone3 as fork, with CLONE_PARENT_SETTID and CLONE_CHILD_SETTID */
static void clone3_fork(void)
{
    static pid_t ptid, ctid;
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
    ca.parent_tid = (uintptr_t)&ptid;
    ca.child_tid = (uintptr_t)&ctid;
    ca.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &ca, sizeof ca);
    if (pid == 0) _exit(ctid == (pid_t)syscall(SYS_getpid) ? 8 : 9);
    printf("clone3: %s, parent_tid right %d\n", pid > 0 ? "forked" : strerrorname_np(errno), pid > 0 && ptid == pid);
    if (pid > 0) show_status("  child (8: its child_tid right)", wait_for(pid));
    errno = 0;
    long r = syscall(SYS_clone3, &ca, 32);
    printf("clone3 with a short struct: %ld %s\n", r, strerrorname_np(errno));
}

static int exec_mode(void)
{
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return 1;
    self[n] = 0;
    char *echo[] = {"procs", "echo", "two words", "", NULL};
    char *env1[] = {"PROCS_VAR=first", "OTHER=1", NULL};
    run_exec("execve of /proc/self/exe's target:", echo, env1);
    strcpy(self, "/proc/self/exe");
    char *env0[] = {NULL};
    run_exec("execve of /proc/self/exe, empty environment:", echo, env0);

    /* descriptors and signals across exec */
    int a[2], b[2];
    if (pipe(a) != 0 || pipe(b) != 0) return 1;
    dup2(a[1], 20);
    dup3(b[1], 21, O_CLOEXEC);
    close(a[1]);
    close(b[1]);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, (void (*)(int))on_usr2);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);
    char *fds[] = {"procs", "fds", NULL};
    run_exec("execve keeps fds without O_CLOEXEC, ignored signals and the mask:", fds, environ);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    close(20);
    close(21);
    char buf[256];
    slurp(a[0], buf, sizeof buf);
    printf("  read back: %s", buf);
    printf("  fd 21's pipe got %zu bytes\n", slurp(b[0], buf, sizeof buf));
    close(a[0]);
    close(b[0]);

    /* vfork shares memory until exec; posix_spawn reports exec errors */
    static volatile int shared;
    pid_t pid = vfork();
    if (pid == 0) {
        shared = 77;
        char *argv[] = {"procs", "echo", "from vfork", NULL};
        execve(self, argv, env1);
        _exit(127);
    }
    int st = wait_for(pid);
    printf("vfork child stored %d before its exec\n", shared);
    show_status("  status", st);
    char *sp[] = {"procs", "echo", "spawned", NULL};
    int r = posix_spawn(&pid, self, NULL, NULL, sp, env1);
    printf("posix_spawn of /proc/self/exe: %d\n", r);
    if (r == 0) show_status("  status", wait_for(pid));
    r = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, sp, env1);
    printf("posix_spawn of a missing program: %s\n", strerrorname_np(r));

    clone3_fork();

    /* #! scripts */
    char real[4096];
    n = readlink("/proc/self/exe", real, sizeof real - 1);
    real[n] = 0;
    FILE *f = fopen("procs-script", "w");
    fprintf(f, "#!%s script\nignored\n", real);
    fclose(f);
    chmod("procs-script", 0755);
    f = fopen("procs-script2", "w");
    fprintf(f, "#! ./procs-script   \n");
    fclose(f);
    chmod("procs-script2", 0755);
    f = fopen("procs-text", "w");
    fprintf(f, "just text\n");
    fclose(f);
    chmod("procs-text", 0755);
    f = fopen("procs-noexec", "w");
    fclose(f);
    chmod("procs-noexec", 0644);
    printf("#! script:\n");
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"name", "a1", NULL};
        execve("./procs-script", argv, environ);
        _exit(127);
    }
    show_status("  status", wait_for(pid));
    printf("#! script whose interpreter is a script:\n");
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"name", "b1", NULL};
        execve("./procs-script2", argv, environ);
        _exit(127);
    }
    show_status("  status", wait_for(pid));

    /* errors */
    char *none[] = {"x", NULL};
    try_exec("missing file", "/nonexistent/prog", none);
    try_exec("text without #!", "./procs-text", none);
    try_exec("not executable", "./procs-noexec", none);
    try_exec("a directory", ".", none);
    try_exec("a path through a file", "./procs-text/x", none);
    size_t big = 200 * 1024;
    char *huge = malloc(big + 1);
    memset(huge, 'a', big);
    huge[big] = 0;
    char *toolong[] = {"x", huge, NULL};
    try_exec("one 200 KiB argument", self, toolong);
    free(huge);
    unlink("procs-script");
    unlink("procs-script2");
    unlink("procs-text");
    unlink("procs-noexec");

    /* the process itself */
    char pidbuf[32];
    snprintf(pidbuf, sizeof pidbuf, "PROCS_PID=%d", (int)getpid());
    char *fenv[] = {pidbuf, NULL};
    char *final[] = {"procs", "final", NULL};
    execve(self, final, fenv);
    printf("exec of self failed: %s\n", strerrorname_np(errno));
    return 1;
}

static int run_mode(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {(char *)path, NULL};
        execve(path, argv, environ);
        printf("exec failed: %s\n", strerrorname_np(errno));
        _exit(127);
    }
    show_status("the other program", wait_for(pid));
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strcmp(argv[1], "exec")) return exec_mode();
    if (argc > 2 && !strcmp(argv[1], "run")) return run_mode(argv[2]);
    /* parts of the differential case, each a few forks (every fork starts a new tsemu) */
    int part = argc > 2 && !strcmp(argv[1], "part") ? atoi(argv[2]) : argc == 1 ? 0 : -1;
    if (part < 0) return child_mode(argc, argv);
    if (part == 0 || part == 1) {
        exit_codes();
        nohang();
    }
    if (part == 0 || part == 2) deaths();
    if (part == 0 || part == 3) {
        wait_any();
        wait_id();
        stop_continue();
    }
    if (part == 0 || part == 4) {
        vforks();
        clones();
        spawns();
    }
    if (part == 0 || part == 5) {
        inheritance();
        signal_state();
        identity();
        big_memory();
    }
    return 0;
}
