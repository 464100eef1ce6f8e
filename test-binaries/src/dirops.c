/* Directories and metadata: mkdir/rmdir/opendir+readdir (sorted)/symlink/readlink/link/access/
   utimensat/chmod/umask/lstat/rename of dirs. */
#include "tmpdir.h"
#include <fcntl.h>
#include <errno.h>
#include <sys/time.h>

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s failed: %s\n", path, strerrorname_np(errno)); return; }
    char *names[64]; unsigned char types[64]; int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        names[n] = malloc(strlen(e->d_name) + 2);
        /* prefix the d_type letter so that sorting keeps it with the name */
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : e->d_type == DT_UNKNOWN ? '?' : 'o';
        strcpy(names[n], e->d_name);
        types[n] = (unsigned char)t;
        names[n][strlen(e->d_name) + 1] = t;
        n++;
    }
    closedir(d);
    (void)types;
    qsort(names, (size_t)n, sizeof *names, cmpstr);
    printf("%s:", path);
    for (int i = 0; i < n; i++) { printf(" %s(%c)", names[i], names[i][strlen(names[i]) + 1]); free(names[i]); }
    printf("\n");
}

static void touch(const char *p, const char *content)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) { printf("create %s: %s\n", p, strerrorname_np(errno)); return; }
    (void)!write(fd, content, strlen(content));
    close(fd);
}

int main(int argc, char **argv)
{
    const char *dir = make_tmpdir(argc, argv);
    if (chdir(dir) != 0) return 1;
    mode_t old = umask(027);
    printf("umask old=%03o\n", (unsigned)old);
    printf("mkdir a: %d\n", mkdir("a", 0777));
    printf("mkdir a/b: %d\n", mkdir("a/b", 0777));
    errno = 0;
    printf("mkdir a again: %d %s\n", mkdir("a", 0777), strerrorname_np(errno));
    errno = 0;
    printf("mkdir x/y: %d %s\n", mkdir("x/y", 0777), strerrorname_np(errno));
    touch("a/file1", "hello");
    touch("a/file2", "world!!");
    touch("a/.hidden", "");
    for (int i = 0; i < 20; i++) { char p[32]; snprintf(p, sizeof p, "a/b/n%02d", (i * 7) % 20); touch(p, "x"); }
    struct stat st;
    stat("a", &st); printf("dir a perm=%03o\n", (unsigned)(st.st_mode & 0777));
    stat("a/file1", &st); printf("file1 perm=%03o size=%lld\n", (unsigned)(st.st_mode & 0777), (long long)st.st_size);
    umask(022);
    printf("symlink: %d\n", symlink("file1", "a/link1"));
    printf("symlink dangling: %d\n", symlink("../nowhere", "a/dangling"));
    printf("symlink dir: %d\n", symlink("b", "a/blink"));
    char lb[256];
    ssize_t n = readlink("a/link1", lb, sizeof lb);
    printf("readlink link1: %zd [%.*s]\n", n, (int)(n > 0 ? n : 0), lb);
    n = readlink("a/dangling", lb, 3);
    printf("readlink truncated: %zd [%.*s]\n", n, (int)(n > 0 ? n : 0), lb);
    errno = 0;
    printf("readlink on file: %zd %s\n", readlink("a/file1", lb, sizeof lb), strerrorname_np(errno));
    lstat("a/link1", &st); printf("lstat link1: lnk=%d size=%lld\n", S_ISLNK(st.st_mode), (long long)st.st_size);
    stat("a/link1", &st); printf("stat link1: reg=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
    errno = 0;
    printf("stat dangling: %d %s\n", stat("a/dangling", &st), strerrorname_np(errno));
    printf("hard link: %d\n", link("a/file2", "a/file2.hard"));
    stat("a/file2", &st); printf("file2 nlink=%lu\n", (unsigned long)st.st_nlink);
    list("a");
    list("a/b");
    list("a/blink");
    /* access and chmod */
    printf("access F_OK=%d R_OK=%d X_OK=%d\n", access("a/file1", F_OK), access("a/file1", R_OK), access("a/file1", X_OK) == 0);
    printf("chmod 0751: %d\n", chmod("a/file1", 0751));
    stat("a/file1", &st); printf("file1 perm now=%03o\n", (unsigned)(st.st_mode & 07777));
    printf("chmod 04755: %d\n", chmod("a/file1", 04755));
    stat("a/file1", &st); printf("file1 perm now=%04o\n", (unsigned)(st.st_mode & 07777));
    int fd = open("a/file2", O_RDONLY);
    printf("fchmod 0600: %d\n", fchmod(fd, 0600));
    fstat(fd, &st); printf("file2 perm now=%03o\n", (unsigned)(st.st_mode & 07777));
    close(fd);
    printf("access missing: %d %s\n", access("a/missing", F_OK), strerrorname_np(errno));
    /* utimensat with fixed times */
    struct timespec ts[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    printf("utimensat: %d\n", utimensat(AT_FDCWD, "a/file1", ts, 0));
    stat("a/file1", &st);
    printf("atime=%lld.%09ld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec ts2[2] = {{0, UTIME_OMIT}, {42, 0}};
    printf("utimensat omit atime, nofollow on link: %d\n", utimensat(AT_FDCWD, "a/link1", ts2, AT_SYMLINK_NOFOLLOW));
    lstat("a/link1", &st); printf("link mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    stat("a/file1", &st); printf("target mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    struct timeval tv[2] = {{2000000000, 5}, {2000000001, 7}};
    printf("utimes: %d\n", utimes("a/file2", tv));
    stat("a/file2", &st);
    printf("file2 atime=%lld.%09ld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    /* rename dirs, rmdir non-empty */
    printf("rename dir: %d\n", rename("a/b", "a/c"));
    errno = 0;
    printf("rmdir non-empty: %d %s\n", rmdir("a/c"), strerrorname_np(errno));
    errno = 0;
    printf("rmdir file: %d %s\n", rmdir("a/file1"), strerrorname_np(errno));
    errno = 0;
    printf("unlink dir: %d %s\n", unlink("a/c"), strerrorname_np(errno));
    list("a");
    /* rewinddir / telldir consistency */
    DIR *d = opendir("a/c");
    int cnt1 = 0, cnt2 = 0;
    while (readdir(d)) cnt1++;
    rewinddir(d);
    while (readdir(d)) cnt2++;
    printf("readdir counts %d %d dirfd ok=%d\n", cnt1, cnt2, dirfd(d) >= 0);
    closedir(d);
    /* mkdirat/renameat/unlinkat AT_REMOVEDIR */
    int dfd = open("a", O_RDONLY | O_DIRECTORY);
    printf("mkdirat: %d renameat: %d unlinkat rmdir: %d\n", mkdirat(dfd, "m", 0700), renameat(dfd, "m", dfd, "m2"), unlinkat(dfd, "m2", AT_REMOVEDIR));
    close(dfd);
    if (chdir("/") != 0) return 1;
    remove_tree(dir);
    printf("cleaned up: %s\n", access(dir, F_OK) != 0 ? "yes" : "no");
    return 0;
}
