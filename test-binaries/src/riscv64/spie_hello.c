/* Freestanding static PIE (riscv64): self-relocates, then prints argv, env count, auxv facts and
   data reached through relocated pointers. Checks the loader's handling of ET_DYN without PT_INTERP. */
#include "rt.h"

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int (*const ops[])(int, int) = {add, sub, mul};
static const char *const names[] = {"alpha", "beta", "gamma", "delta"};
static const char *const *name_ptr = names;  /* pointer to pointer: two levels of relocation */
static char bss_buf[1 << 16];

int main(int argc, char **argv, char **envp, Elf64_auxv_t *auxv)
{
    puts_("static-pie hello\n");
    kv("argc=", (unsigned long)argc);
    for (int i = 1; i < argc; i++) { puts_("argv: "); puts_(argv[i]); puts_("\n"); }
    unsigned long envc = 0;
    for (char **e = envp; *e; e++) {
        envc++;
        if (sprefix(*e, "TSEMU_GUEST_TEST=")) { puts_("found "); puts_(*e); puts_("\n"); }
    }
    kv("envc=", envc);
    kv("relocations applied=", rt_relocs_applied);
    kv("base page aligned=", (rt_base & 4095) == 0);
    kv("base nonzero=", rt_base != 0);
    const Elf64_Ehdr *eh = &__ehdr_start;
    kv("ehdr type ET_DYN=", eh->e_type == ET_DYN);
    unsigned long phdr = 0, entry = 0, pagesz = 0, base = 1, phnum = 0, phent = 0, random = 0, execfn = 0, hwcap_seen = 0;
    for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++) {
        switch (a->a_type) {
        case AT_PHDR: phdr = a->a_un.a_val; break;
        case AT_ENTRY: entry = a->a_un.a_val; break;
        case AT_PAGESZ: pagesz = a->a_un.a_val; break;
        case AT_BASE: base = a->a_un.a_val; break;
        case AT_PHNUM: phnum = a->a_un.a_val; break;
        case AT_PHENT: phent = a->a_un.a_val; break;
        case AT_RANDOM: random = a->a_un.a_val; break;
        case AT_EXECFN: execfn = a->a_un.a_val; break;
        case AT_HWCAP: hwcap_seen = 1; break;
        }
    }
    kv("AT_PHDR == base+e_phoff: ", phdr == rt_base + eh->e_phoff);
    kv("AT_ENTRY == base+e_entry: ", entry == rt_base + eh->e_entry);
    kv("AT_PAGESZ=", pagesz);
    kv("AT_BASE=", base);
    kv("AT_PHNUM == e_phnum: ", phnum == eh->e_phnum);
    kv("AT_PHENT=", phent);
    kv("AT_RANDOM present=", random != 0);
    kv("AT_HWCAP present=", hwcap_seen);
    if (execfn) { const char *fn = (const char *)execfn; size_t n = slen(fn); puts_("AT_EXECFN ends with spie_hello.static-pie: "); putu(n >= 21 && sprefix(fn + n - 21, "spie_hello.static-pie")); puts_("\n"); }
    for (int i = 0; i < 4; i++) { puts_("name "); puts_(name_ptr[i]); puts_("\n"); }
    for (int i = 0; i < 3; i++) kv("op(7,3)=", (unsigned long)ops[i](7, 3));
    unsigned long nz = 0;
    for (size_t i = 0; i < sizeof bss_buf; i++) nz += bss_buf[i] != 0;
    kv("bss nonzero bytes=", nz);
    memset(bss_buf, 1, sizeof bss_buf);
    puts_("local aligned 8 (low bits): ");
    volatile long probe;
    putx(((unsigned long)&probe) & 7);
    puts_("\n");
    return argc > 1 ? 3 : 0;
}
