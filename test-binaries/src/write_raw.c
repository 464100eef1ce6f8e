/* Only raw write(2) on fds 1 and 2, no stdio buffering involved. */
#include <unistd.h>
#include <string.h>
#include <errno.h>

static void out(int fd, const char *s) { (void)!write(fd, s, strlen(s)); }

int main(void)
{
    char buf[64];
    out(1, "line one\n");
    out(2, "to stderr\n");
    for (int i = 0; i < 10; i++) {
        int len = 0;
        buf[len++] = 'a' + i;
        for (int j = 0; j < i; j++) buf[len++] = '0' + j;
        buf[len++] = '\n';
        (void)!write(1, buf, (size_t)len);
    }
    /* zero-length write */
    ssize_t r = write(1, buf, 0);
    out(1, r == 0 ? "zero write ok\n" : "zero write bad\n");
    /* write to an invalid fd */
    r = write(99, "x", 1);
    out(1, (r == -1 && errno == EBADF) ? "EBADF ok\n" : "EBADF bad\n");
    return 0;
}
