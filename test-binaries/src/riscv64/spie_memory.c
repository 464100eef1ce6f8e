/* Freestanding static PIE (riscv64): brk growth and shrink, anonymous mmap/munmap, writable .data,
   deep recursion on the initial stack. */
#include "rt.h"

static long counter = 1000;           /* .data */
static char *const data_ptr = (char *)&counter;  /* relocated pointer into .data */

static unsigned long depth(unsigned long n) { volatile char pad[128]; pad[0] = (char)n; return n == 0 ? 0 : pad[0] % 2 + depth(n - 1); }

int main(int argc, char **argv, char **envp, Elf64_auxv_t *auxv)
{
    (void)argc; (void)argv; (void)envp; (void)auxv;
    puts_("static-pie memory\n");
    unsigned long b0 = (unsigned long)sys3(SYS_brk, 0, 0, 0);
    kv("initial brk page aligned=", (b0 & 4095) == 0);
    kv("initial brk above image=", b0 > rt_base);
    unsigned long b1 = (unsigned long)sys3(SYS_brk, b0 + 100000, 0, 0);
    kv("brk grew by ", b1 - b0);
    char *p = (char *)b0;
    for (int i = 0; i < 100000; i++) p[i] = (char)i;
    unsigned long s = 0;
    for (int i = 0; i < 100000; i++) s += (unsigned char)p[i];
    kv("brk area sum=", s);
    unsigned long b2 = (unsigned long)sys3(SYS_brk, b0 + 4096, 0, 0);
    kv("brk shrink ok=", b2 == b0 + 4096);
    long m = sys6(SYS_mmap, 0, 1 << 20, 3 /* RW */, 0x22 /* PRIVATE|ANON */, -1, 0);
    kv("mmap ok=", m > 0 && (m & 4095) == 0);
    char *q = (char *)m;
    unsigned long z = 0;
    for (int i = 0; i < (1 << 20); i += 4096) { z += q[i]; q[i] = 1; }
    kv("mmap zero=", z == 0);
    kv("munmap=", (unsigned long)sys3(SYS_munmap, m, 1 << 20, 0));
    counter += 234;
    kv("counter via relocated pointer=", (unsigned long)*(long *)data_ptr);
    kv("recursion=", depth(20000));
    kv("getpid positive=", sys3(SYS_getpid, 0, 0, 0) > 0);
    return 0;
}
