/* mmap/munmap/mprotect/mremap/brk: anonymous and file mappings, MAP_FIXED, shared file writes. */
#include "tmpdir.h"
#include <sys/mman.h>
#include <fcntl.h>
#include <errno.h>
#include <stdint.h>

int main(int argc, char **argv)
{
    long pg = sysconf(_SC_PAGESIZE);
    const char *dir = make_tmpdir(argc, argv);
    if (chdir(dir) != 0) return 1;
    /* anonymous: zero filled, page aligned */
    size_t len = (size_t)pg * 16;
    unsigned char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int zero = 1;
    for (size_t i = 0; i < len; i++) if (a[i]) zero = 0;
    printf("anon map ok=%d aligned=%d zero=%d\n", a != MAP_FAILED, ((uintptr_t)a % (uintptr_t)pg) == 0, zero);
    for (size_t i = 0; i < len; i++) a[i] = (unsigned char)(i * 3);
    /* munmap a hole in the middle, remap it with MAP_FIXED */
    printf("munmap middle: %d\n", munmap(a + 4 * pg, (size_t)pg * 2));
    unsigned char *f = mmap(a + 4 * pg, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at hole: same=%d zero=%d neighbour kept=%d\n", f == a + 4 * pg, f[0] == 0 && f[2 * pg - 1] == 0, a[4 * pg - 1] == (unsigned char)((4 * pg - 1) * 3));
    /* mprotect read-only then back */
    printf("mprotect ro: %d rw: %d\n", mprotect(a, (size_t)pg, PROT_READ), mprotect(a, (size_t)pg, PROT_READ | PROT_WRITE));
    a[0] = 77;
    /* mremap grow (may move), contents preserved */
    unsigned char *g = mremap(a, len, len * 4, MREMAP_MAYMOVE);
    int kept = 1;
    for (size_t i = 1; i < 4 * (size_t)pg; i++) if (g[i] != (unsigned char)(i * 3)) kept = 0;
    printf("mremap grow ok=%d kept=%d first=%d tail zero=%d\n", g != MAP_FAILED, kept, g[0], g[len * 4 - 1] == 0);
    g = mremap(g, len * 4, (size_t)pg, 0);
    printf("mremap shrink in place ok=%d\n", g != MAP_FAILED);
    munmap(g, (size_t)pg);
    /* errors */
    errno = 0;
    void *bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap len 0: %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped?", strerrorname_np(errno));
    errno = 0;
    printf("munmap unaligned: %d %s\n", munmap((char *)g + 1, 10), strerrorname_np(errno));
    errno = 0;
    bad = mmap(NULL, (size_t)pg, PROT_READ, MAP_SHARED, 12345, 0);
    printf("mmap bad fd: %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped?", strerrorname_np(errno));
    /* file mapping: private and shared */
    int fd = open("m.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[8192];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)('a' + i % 26);
    (void)!write(fd, buf, sizeof buf);
    char *pm = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    char *sm = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("file maps: private=%c%c%c shared=%c%c%c\n", pm[0], pm[1], pm[4097], sm[0], sm[1], sm[4097]);
    pm[0] = 'P';
    sm[1] = 'S';
    msync(sm, 8192, MS_SYNC);
    char rb[4];
    pread(fd, rb, 3, 0);
    printf("file after writes: %.3s (private write invisible, shared visible) private sees shared=%c\n", rb, pm[1]);
    /* offset mapping and a mapping past EOF within the last page */
    char *om = mmap(NULL, (size_t)pg, PROT_READ, MAP_SHARED, fd, pg);
    printf("offset map first=%c\n", om[0]);
    ftruncate(fd, 5000);
    char *tm = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    printf("past EOF in last page reads zero: %d\n", tm[5000] == 0 && tm[pg - 1 + (5000 / pg) * pg] == 0);
    pwrite(fd, "Z", 1, 100);
    printf("pwrite visible through shared map: %c\n", sm[100]);
    munmap(pm, 8192); munmap(sm, 8192); munmap(om, (size_t)pg); munmap(tm, 8192);
    close(fd);
    /* brk / sbrk */
    void *b0 = sbrk(0);
    void *b1 = sbrk(1 << 20);
    void *b2 = sbrk(0);
    memset(b1, 0x11, 1 << 20);
    printf("sbrk grew by %ld, b1==old break: %d\n", (long)((char *)b2 - (char *)b0), b1 == b0);
    sbrk(-(1 << 20));
    printf("sbrk shrink back: %d\n", sbrk(0) == b0);
    /* large anonymous mappings */
    size_t huge = (size_t)1 << 30;
    char *h = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (h != MAP_FAILED) {
        h[0] = 1; h[huge / 2] = 2; h[huge - 1] = 3;
        printf("1 GiB sparse mapping: %d %d %d\n", h[0], h[huge / 2], h[huge - 1]);
        munmap(h, huge);
    } else {
        printf("1 GiB mapping failed: %s\n", strerrorname_np(errno));
    }
    /* madvise DONTNEED zeroes private anonymous memory */
    char *d = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(d, 5, (size_t)pg * 2);
    printf("madvise: %d after=%d\n", madvise(d, (size_t)pg, MADV_DONTNEED), d[0]);
    munmap(d, (size_t)pg * 2);
    if (chdir("/") != 0) return 1;
    remove_tree(dir);
    return 0;
}
