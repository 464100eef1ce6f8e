/* MAP_SHARED memory across fork: an anonymous shared page and a shared file mapping are the same
   memory in parent and child; a private mapping and the child's munmap are not shared; a write
   through a shared file mapping is what read(2) and a later mapping see; a futex on a
   shared page is woken from another process. */
#include "tmpdir.h"
#include <fcntl.h>
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    const char *dir = make_tmpdir(argc, argv);
    if (chdir(dir) != 0) return 1;
    long pg = sysconf(_SC_PAGESIZE);

    volatile int *shared = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    volatile int *priv = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int fd = open("shared.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char zeros[8192] = {0};
    (void)!write(fd, zeros, sizeof zeros);
    char *file = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shared[0] = 1;
    priv[0] = 1;
    strcpy(file, "parent");

    pid_t c = fork();
    if (c == 0) {
        for (int i = 0; i < 1000; i++) shared[1]++;
        shared[0] = 2;
        priv[0] = 2;
        strcpy(file + 4096, "written by the child");
        file[0] = 'P';
        munmap((void *)priv, (size_t)pg);
        _exit(shared[0] == 2 && strcmp(file, "Parent") == 0 ? 0 : 1);
    }
    int st;
    waitpid(c, &st, 0);
    printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    printf("anonymous shared: flag %d counter %d\n", shared[0], shared[1]);
    printf("private: %d (the child's write and munmap are its own)\n", priv[0]);
    printf("file mapping: '%s' / '%s'\n", file, file + 4096);
    char buf[32] = {0};
    pread(fd, buf, 20, 4096);
    printf("read(2) sees: '%s'\n", buf);
    char *again = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    printf("a new mapping sees: '%s'\n", again + 4096);

    /* The parent writes, a second child reads. */
    strcpy(file + 100, "from the parent");
    shared[2] = 42;
    c = fork();
    if (c == 0) _exit(shared[2] == 42 && strcmp(file + 100, "from the parent") == 0 ? 7 : 1);
    waitpid(c, &st, 0);
    printf("second child saw the parent's writes: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    /* munmap in the parent, then a fresh anonymous mapping at the same place is private zeros. */
    munmap((void *)shared, (size_t)pg);
    volatile int *fresh = mmap((void *)shared, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("remapped private: %d\n", fresh[0] + fresh[1]);

    /* A futex on a shared page: the parent waits in the kernel, the child's FUTEX_WAKE ends it.
       (Plain stores only; shared_atomics.c tests atomics, mutexes and semaphores across processes.) */
    volatile int *word = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    c = fork();
    if (c == 0) {
        usleep(30000);
        word[0] = 1;
        /* Wakes the parent if it waits already (it usually does; else it sees the 1 and goes on). */
        long n = syscall(SYS_futex, (int *)word, FUTEX_WAKE, 1, NULL, NULL, 0);
        _exit(n == 0 || n == 1 ? 0 : 2);
    }
    long w;
    do w = syscall(SYS_futex, (int *)word, FUTEX_WAIT, 0, NULL, NULL, 0);
    while (w == -1 && errno == EINTR);
    waitpid(c, &st, 0);
    printf("futex across processes: woken %d value %d, child exit %d\n", w == 0 || (w == -1 && errno == EAGAIN), word[0],
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    struct timespec short_wait = {0, 20 * 1000000};
    errno = 0;
    w = syscall(SYS_futex, (int *)word, FUTEX_WAIT, 1, &short_wait, NULL, 0);
    printf("shared futex timeout: %ld %s; wrong value: ", w, strerror(errno));
    errno = 0;
    w = syscall(SYS_futex, (int *)word, FUTEX_WAIT, 5, &short_wait, NULL, 0);
    printf("%ld %s\n", w, strerror(errno));
    if (chdir("/") == 0) remove_tree(dir);
    return 0;
}
