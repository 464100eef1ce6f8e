/* errno values and strerror/perror text for failing calls (perror goes to stdout via dup2). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(void)
{
    for (int e = 0; e < 134; e++) printf("%d %s: %s\n", e, strerrorname_np(e) ? strerrorname_np(e) : "-", strerror(e));
    printf("unknown: %s\n", strerror(4242));
    char buf[64];
    char *r = strerror_r(ENOENT, buf, sizeof buf);
    printf("strerror_r: %s\n", r);
    dup2(1, 2);
    setvbuf(stdout, NULL, _IONBF, 0);
    errno = 0;
    if (open("/nonexistent-dir-for-tsemu/x", O_RDONLY) < 0) perror("open");
    if (close(-1) < 0) perror("close");
    if (read(1000, buf, 1) < 0) perror("read");
    if (rmdir("/") < 0) printf("rmdir / fails: %s\n", errno == EBUSY || errno == EPERM || errno == EACCES ? "ok" : strerrorname_np(errno));
    int pfd[2];
    if (pipe(pfd) == 0 && lseek(pfd[0], 0, SEEK_SET) < 0) printf("lseek on pipe: %s\n", strerrorname_np(errno));
    struct stat st;
    if (stat("", &st) < 0) perror("stat empty");
    if (chdir("/dev/null") < 0) perror("chdir /dev/null");
    errno = 0;
    long v = strtol("zzz", NULL, 10);
    printf("strtol no digits: %ld errno=%d\n", v, errno);
    return 0;
}
