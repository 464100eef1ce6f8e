/* POSIX file I/O in a private temp dir: open/read/write/lseek/pread/pwrite/ftruncate/fstat/stat/
   rename/unlink/dup/O_APPEND/O_EXCL/writev/readv. */
#include "tmpdir.h"
#include <fcntl.h>
#include <errno.h>
#include <sys/uio.h>

#define CHECK(x) do { if (!(x)) printf("FAILED line %d: %s (errno %s)\n", __LINE__, #x, strerrorname_np(errno)); } while (0)

static void show_stat(const char *label, const struct stat *st)
{
    printf("%s: size=%lld type=%s perm=%03o nlink=%lu blocks_ok=%d\n", label, (long long)st->st_size,
           S_ISREG(st->st_mode) ? "reg" : S_ISDIR(st->st_mode) ? "dir" : S_ISLNK(st->st_mode) ? "lnk" : "other",
           (unsigned)(st->st_mode & 07777), (unsigned long)st->st_nlink, st->st_blocks >= 0);
}

int main(int argc, char **argv)
{
    const char *dir = make_tmpdir(argc, argv);
    umask(022);
    if (chdir(dir) != 0) { perror("chdir"); return 1; }

    int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    char buf[8192];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)(i * 13 + 5);
    ssize_t n = write(fd, buf, sizeof buf);
    printf("write %zd\n", n);
    printf("lseek cur=%lld end=%lld set=%lld\n", (long long)lseek(fd, 0, SEEK_CUR), (long long)lseek(fd, 0, SEEK_END), (long long)lseek(fd, 100, SEEK_SET));
    char rb[300];
    n = read(fd, rb, sizeof rb);
    printf("read %zd match=%d pos=%lld\n", n, memcmp(rb, buf + 100, sizeof rb) == 0, (long long)lseek(fd, 0, SEEK_CUR));
    n = pread(fd, rb, 50, 8000);
    printf("pread %zd match=%d pos unchanged=%d\n", n, memcmp(rb, buf + 8000, 50) == 0, lseek(fd, 0, SEEK_CUR) == 400);
    n = pread(fd, rb, 300, 8100);
    printf("pread at tail %zd\n", n);
    n = pread(fd, rb, 300, 9000);
    printf("pread past end %zd\n", n);
    n = pwrite(fd, "HELLO", 5, 10000);  /* creates a hole */
    printf("pwrite %zd\n", n);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    show_stat("after hole", &st);
    n = pread(fd, rb, 20, 8190);
    printf("hole bytes:");
    for (int i = 0; i < n; i++) printf(" %02x", (unsigned char)rb[i]);
    printf("\n");
    printf("lseek SEEK_END-3=%lld\n", (long long)lseek(fd, -3, SEEK_END));
    n = read(fd, rb, 10);
    rb[n] = 0;
    printf("tail read %zd [%s]\n", n, rb);
    errno = 0;
    printf("lseek negative=%lld errno=%s\n", (long long)lseek(fd, -1, SEEK_SET), strerrorname_np(errno));
    CHECK(ftruncate(fd, 1000) == 0);
    CHECK(fstat(fd, &st) == 0);
    show_stat("after ftruncate 1000", &st);
    CHECK(ftruncate(fd, 5000) == 0);
    n = pread(fd, rb, 8, 998);
    printf("after grow:");
    for (int i = 0; i < n; i++) printf(" %02x", (unsigned char)rb[i]);
    printf("\n");
    /* writev / readv */
    struct iovec iov[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    lseek(fd, 0, SEEK_SET);
    printf("writev %zd\n", writev(fd, iov, 3));
    char r1[2], r2[4];
    struct iovec riov[2] = {{r1, 2}, {r2, 4}};
    lseek(fd, 0, SEEK_SET);
    printf("readv %zd [%.2s][%.4s]\n", readv(fd, riov, 2), r1, r2);
    /* dup shares the offset */
    int fd2 = dup(fd);
    lseek(fd, 3, SEEK_SET);
    printf("dup offset %lld\n", (long long)lseek(fd2, 0, SEEK_CUR));
    int fd3 = dup2(fd, 50);
    printf("dup2 -> %d, fcntl getfd cloexec=%d\n", fd3, fcntl(fd3, F_GETFD) & FD_CLOEXEC);
    close(fd2); close(fd3);
    CHECK(close(fd) == 0);
    errno = 0;
    printf("close again: %d %s\n", close(fd), strerrorname_np(errno));

    /* O_APPEND, O_EXCL, O_RDONLY write */
    fd = open("log.txt", O_WRONLY | O_CREAT | O_APPEND, 0600);
    (void)!write(fd, "one\n", 4);
    lseek(fd, 0, SEEK_SET);
    (void)!write(fd, "two\n", 4);
    close(fd);
    fd = open("log.txt", O_RDONLY);
    n = read(fd, rb, sizeof rb - 1); rb[n] = 0;
    printf("append result [%s]\n", rb);
    errno = 0;
    printf("write to O_RDONLY: %zd %s\n", write(fd, "x", 1), strerrorname_np(errno));
    close(fd);
    errno = 0;
    printf("O_EXCL existing: %d %s\n", open("log.txt", O_WRONLY | O_CREAT | O_EXCL, 0600), strerrorname_np(errno));
    errno = 0;
    printf("open missing: %d %s\n", open("nope/missing", O_RDONLY), strerrorname_np(errno));
    errno = 0;
    printf("O_DIRECTORY on file: %d %s\n", open("log.txt", O_RDONLY | O_DIRECTORY), strerrorname_np(errno));
    CHECK(stat("log.txt", &st) == 0);
    show_stat("log.txt", &st);
    /* rename over an existing file, unlink */
    CHECK(rename("log.txt", "data.bin") == 0);
    CHECK(stat("data.bin", &st) == 0);
    show_stat("renamed", &st);
    errno = 0;
    printf("stat old name: %d %s\n", stat("log.txt", &st), strerrorname_np(errno));
    /* unlink while open: data remains readable */
    fd = open("data.bin", O_RDONLY);
    CHECK(unlink("data.bin") == 0);
    n = read(fd, rb, 8); rb[n] = 0;
    CHECK(fstat(fd, &st) == 0);
    printf("read after unlink [%s] nlink=%lu\n", rb, (unsigned long)st.st_nlink);
    close(fd);
    /* openat relative to a dir fd, O_CLOEXEC, fcntl flags */
    CHECK(mkdir("sub", 0755) == 0);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    fd = openat(dfd, "inner", O_CREAT | O_RDWR | O_CLOEXEC, 0640);
    printf("openat ok=%d cloexec=%d flags accmode=%d\n", fd >= 0, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, fcntl(fd, F_GETFL) & O_ACCMODE);
    (void)!write(fd, "inner data", 10);
    close(fd);
    CHECK(fstatat(dfd, "inner", &st, 0) == 0);
    show_stat("fstatat inner", &st);
    CHECK(unlinkat(dfd, "inner", 0) == 0);
    close(dfd);
    CHECK(rmdir("sub") == 0);
    /* large write/read in chunks */
    fd = open("big", O_RDWR | O_CREAT, 0644);
    static char big[1 << 20];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i ^ (i >> 8));
    size_t total = 0;
    for (int k = 0; k < 4; k++) total += (size_t)write(fd, big, sizeof big);
    lseek(fd, 0, SEEK_SET);
    unsigned long sum = 0;
    while ((n = read(fd, buf, 3000)) > 0) for (ssize_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
    printf("big file %zu bytes checksum %lx\n", total, sum);
    close(fd);
    CHECK(chdir("/") == 0);
    remove_tree(dir);
    printf("cleaned up: %s\n", access(dir, F_OK) != 0 ? "yes" : "no");
    return 0;
}
