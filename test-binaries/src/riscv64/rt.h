/* Minimal freestanding runtime for riscv64 Linux test programs that cannot use glibc (the Debian
   riscv64 cross glibc 2.36 has no static-pie support: no rcrt1.o). Provides _start, self-relocation
   of a static PIE, raw syscalls and tiny output helpers. Arch-specific on purpose. */
#ifndef TSEMU_RV_RT_H
#define TSEMU_RV_RT_H
#pragma GCC visibility push(hidden)
#include <stddef.h>
#include <stdint.h>
#include <elf.h>

#define SYS_write 64
#define SYS_exit_group 94
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_getpid 172

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d, a4 __asm__("a4") = e, a5 __asm__("a5") = f, a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
    return a0;
}
#define sys3(n, a, b, c) sys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

void *memset(void *d, int c, size_t n) { unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, size_t n) { unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }
__attribute__((unused)) static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
__attribute__((unused)) static int sprefix(const char *s, const char *p) { while (*p) if (*s++ != *p++) return 0; return 1; }
static void puts_(const char *s) { sys3(SYS_write, 1, s, slen(s)); }
static void putu(unsigned long v)
{
    char b[24]; int i = 23; b[i] = 0;
    do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts_(b + i);
}
__attribute__((unused)) static void putx(unsigned long v)
{
    char b[24]; int i = 23; b[i] = 0;
    do { b[--i] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    puts_(b + i);
}
static void kv(const char *k, unsigned long v) { puts_(k); putu(v); puts_("\n"); }
static __attribute__((noreturn)) void exit_(int code) { for (;;) sys3(SYS_exit_group, code, 0, 0); }

extern const Elf64_Ehdr __ehdr_start;
extern Elf64_Dyn _DYNAMIC[];

static unsigned long rt_relocs_applied, rt_base;

/* Apply R_RISCV_RELATIVE relocations; runs before any absolute pointer is used. */
static void self_relocate(void)
{
    uintptr_t base = (uintptr_t)&__ehdr_start;
    const Elf64_Rela *rela = 0;
    size_t relasz = 0, relaent = sizeof(Elf64_Rela);
    for (Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_RELA) rela = (const Elf64_Rela *)(base + d->d_un.d_ptr);
        else if (d->d_tag == DT_RELASZ) relasz = d->d_un.d_val;
        else if (d->d_tag == DT_RELAENT) relaent = d->d_un.d_val;
    }
    for (size_t off = 0; rela && off < relasz; off += relaent) {
        const Elf64_Rela *r = (const Elf64_Rela *)((const char *)rela + off);
        if (ELF64_R_TYPE(r->r_info) == 3 /* R_RISCV_RELATIVE */) {
            *(uint64_t *)(base + r->r_offset) = base + (uint64_t)r->r_addend;
            rt_relocs_applied++;
        } else {
            exit_(120);
        }
    }
    rt_base = base;
}

int main(int argc, char **argv, char **envp, Elf64_auxv_t *auxv);

__attribute__((used)) static void cstart(long *sp)
{
    self_relocate();
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    while (*e) e++;
    exit_(main(argc, argv, envp, (Elf64_auxv_t *)(e + 1)));
}

__asm__(".text\n.globl _start\n.type _start,@function\n_start:\n"
        ".option push\n.option norelax\n lla gp, __global_pointer$\n.option pop\n"
        " mv a0, sp\n andi sp, sp, -16\n call cstart\n unimp\n");
#endif
