/* /proc as a guest reads it: maps, auxv, cmdline, stat, the exe, cwd and fd links, cpuinfo.
 * Prints only facts that hold on any Linux (and under any emulator that gets /proc right), not
 * addresses, pids or host paths.
 *
 *   procfs [tmpdir-base] [args...]   the checks (argv[1] is the temp dir's base, see tmpdir.h)
 *   procfs --cat FILE...             copies files to stdout (test/procfs.test.ts reads /proc with it)
 */
#include "tmpdir.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>

static int failures;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "NO");
    if (!ok) failures++;
}

/* Whole file into a malloc'd NUL-terminated buffer (read in small pieces, as /proc readers do). */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    size_t cap = 256, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n + 100 > cap) buf = realloc(buf, (cap *= 2) + 1);
        ssize_t r = read(fd, buf + n, 100);
        if (r < 0) { free(buf); close(fd); return NULL; }
        if (r == 0) break;
        n += r;
    }
    close(fd);
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* One maps line: start-end perms offset major:minor inode [name from column 73]. */
struct map { unsigned long start, end; char perms[5]; char name[4096]; int well_formed; };

static int parse_map(const char *line, struct map *m)
{
    unsigned long off, ino;
    unsigned maj, min;
    int n = 0;
    memset(m, 0, sizeof *m);
    if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &m->start, &m->end, m->perms, &off, &maj, &min, &ino, &n) != 7) return 0;
    const char *dash = strchr(line, '-');
    const char *sp = strchr(line, ' ');
    /* addresses: at least 8 hex digits each, as the kernel prints them */
    int widths = dash && sp && dash - line >= 8 && sp - dash - 1 >= 8;
    int perms = strlen(m->perms) == 4 && strchr("r-", m->perms[0]) && strchr("w-", m->perms[1]) &&
                strchr("x-", m->perms[2]) && strchr("ps", m->perms[3]);
    size_t len = strlen(line);
    int named = len > 73 && line[72] == ' ' && line[73] != ' ';
    if (named) snprintf(m->name, sizeof m->name, "%s", line + 73);
    /* unnamed: nothing but spaces after the inode */
    int blank = 1;
    for (const char *p = line + n; *p; p++) if (*p != ' ') blank = 0;
    m->well_formed = widths && perms && m->start < m->end && (named || blank);
    return 1;
}

static void check_maps(const char *exe_base)
{
    char *maps = slurp("/proc/self/maps", NULL);
    check("maps readable", maps != NULL);
    if (!maps) return;
    int local = 0, lines = 0, bad = 0, sorted = 1, exe_text = 0, stack = 0;
    unsigned long prev_end = 0, addr = (unsigned long)&local;
    const char *local_name = "(none)";
    static struct map m;
    static char local_buf[4096];
    for (char *line = strtok(maps, "\n"); line; line = strtok(NULL, "\n")) {
        lines++;
        if (!parse_map(line, &m) || !m.well_formed) { bad++; printf("  bad line: %s\n", line); continue; }
        if (m.start < prev_end) sorted = 0;
        prev_end = m.end;
        if (!strcmp(m.perms, "r-xp") && !strcmp(base_name(m.name), exe_base)) exe_text = 1;
        if (!strcmp(m.name, "[stack]")) stack = 1;
        if (m.start <= addr && addr < m.end) {
            snprintf(local_buf, sizeof local_buf, "%s %s", m.perms, m.name);
            local_name = local_buf;
        }
    }
    check("maps lines well formed", lines > 0 && bad == 0);
    check("maps sorted, no overlaps", sorted);
    check("maps has the program's text (r-xp, its name)", exe_text);
    check("maps has [stack]", stack);
    printf("maps line of a local variable: %s\n", local_name);
    free(maps);
}

static void check_auxv(void)
{
    size_t len = 0;
    unsigned long *av = (unsigned long *)slurp("/proc/self/auxv", &len);
    check("auxv readable", av != NULL);
    if (!av) return;
    size_t n = len / sizeof(unsigned long);
    int agree = 1, ended = 0, pagesz = 0, phnum = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned long type = av[i], val = av[i + 1];
        if (type == AT_NULL) { ended = (i + 2 == n); break; }
        /* glibc may adjust its hwcap copies; every other entry is the kernel's */
        if (type != AT_HWCAP && type != AT_HWCAP2 && getauxval(type) != val) {
            agree = 0;
            printf("  type %lu: file %#lx, getauxval %#lx\n", type, val, getauxval(type));
        }
        if (type == AT_PAGESZ) pagesz = val == getauxval(AT_PAGESZ);
        if (type == AT_PHNUM) phnum = val == getauxval(AT_PHNUM);
    }
    check("auxv is word pairs ending with AT_NULL", len % (2 * sizeof(unsigned long)) == 0 && ended);
    check("auxv AT_PAGESZ equals getauxval", pagesz);
    check("auxv AT_PHNUM equals getauxval", phnum);
    check("auxv entries equal getauxval", agree);
    printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
    free(av);
}

static void check_cmdline(int argc, char **argv)
{
    size_t len = 0;
    char *cmd = slurp("/proc/self/cmdline", &len);
    check("cmdline readable", cmd != NULL);
    if (!cmd) return;
    size_t at = 0;
    int same = 1;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]);
        if (at + l + 1 > len || memcmp(cmd + at, argv[i], l + 1)) { same = 0; break; }
        at += l + 1;
    }
    check("cmdline equals argv", same && at == len);
    printf("cmdline arguments: %d\n", argc);
    free(cmd);

    char own[64];
    snprintf(own, sizeof own, "/proc/%d/cmdline", (int)getpid());
    size_t len2 = 0;
    char *cmd2 = slurp(own, &len2);
    check("/proc/<pid>/cmdline equals /proc/self/cmdline", cmd2 && len2 == len);
    free(cmd2);
}

static void check_stat(char **argv, const char *exe_base)
{
    char *st = slurp("/proc/self/stat", NULL);
    check("stat readable", st != NULL);
    if (!st) return;
    char *open_paren = strchr(st, '('), *close_paren = strrchr(st, ')');
    check("stat has (comm)", open_paren && close_paren && close_paren > open_paren);
    if (!open_paren || !close_paren) return;
    check("stat pid equals getpid()", atol(st) == (long)getpid());
    *close_paren = 0;
    char comm[16];
    snprintf(comm, sizeof comm, "%s", base_name(argv[0]));
    check("stat comm is the program name (15 chars)", !strcmp(open_paren + 1, comm));
    printf("stat comm: %s\n", open_paren + 1);
    /* fields 3.. after the name: state ppid ... start_stack is field 28 */
    char *fields[64];
    int nf = 0;
    for (char *f = strtok(close_paren + 2, " \n"); f && nf < 64; f = strtok(NULL, " \n")) fields[nf++] = f;
    check("stat has at least 44 fields", nf + 2 >= 44);
    check("stat ppid equals getppid()", nf > 1 && atol(fields[1]) == (long)getppid());
    int local = 0;
    unsigned long start_stack = nf > 25 ? strtoul(fields[25], NULL, 10) : 0;
    check("stat start_stack is above this frame", start_stack > (unsigned long)&local);
    /* it is where argc was: argv lies just above it */
    check("stat start_stack is below argv", start_stack < (unsigned long)argv && (unsigned long)argv - start_stack <= 64);
    (void)exe_base;
    free(st);
}

static void check_links(const char *dir)
{
    char path[4096], link[4096], real[PATH_MAX];
    ssize_t n;

    n = readlink("/proc/self/exe", link, sizeof link - 1);
    check("readlink /proc/self/exe", n > 0);
    if (n > 0) {
        link[n] = 0;
        printf("exe: %s\n", base_name(link));
        char own[64], link2[4096];
        snprintf(own, sizeof own, "/proc/%d/exe", (int)getpid());
        ssize_t n2 = readlink(own, link2, sizeof link2 - 1);
        check("/proc/<pid>/exe equals /proc/self/exe", n2 == n && !memcmp(link, link2, n));
    }

    n = readlink("/proc/self/cwd", link, sizeof link - 1);
    char cwd[4096];
    check("readlink /proc/self/cwd equals getcwd()", n > 0 && getcwd(cwd, sizeof cwd) && (link[n] = 0, !strcmp(link, cwd)));

    snprintf(path, sizeof path, "%s/file.txt", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    check("open a file in the temp dir", fd >= 0);
    if (fd >= 0) {
        char fdlink[64];
        snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", fd);
        n = readlink(fdlink, link, sizeof link - 1);
        check("readlink /proc/self/fd/N of a file is its path", n > 0 && realpath(path, real) && (link[n] = 0, !strcmp(link, real)));
        /* /proc/self/fd/N opens the guest's file, not the emulator's descriptor N */
        write(fd, "through fd\n", 11);
        int fd2 = open(fdlink, O_RDONLY);
        char buf[32] = {0};
        check("open /proc/self/fd/N reads the file", fd2 >= 0 && read(fd2, buf, sizeof buf - 1) == 11 && !strcmp(buf, "through fd\n"));
        if (fd2 >= 0) close(fd2);
        struct stat a, b;
        check("stat /proc/self/fd/N is the file", stat(fdlink, &a) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);
        close(fd);
        errno = 0;
        check("readlink /proc/self/fd/N of a closed fd fails with ENOENT", readlink(fdlink, link, sizeof link) < 0 && errno == ENOENT);
    }

    int p[2];
    if (pipe(p) == 0) {
        char fdlink[64];
        snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", p[0]);
        n = readlink(fdlink, link, sizeof link - 1);
        if (n > 0) link[n] = 0;
        check("readlink /proc/self/fd/N of a pipe is pipe:[...]", n > 7 && !strncmp(link, "pipe:[", 6) && link[n - 1] == ']');
        close(p[0]);
        close(p[1]);
    }

    /* an open /proc file seeks like a regular file */
    int mfd = open("/proc/self/maps", O_RDONLY);
    check("open /proc/self/maps", mfd >= 0);
    if (mfd >= 0) {
        char a[64] = {0}, b[64] = {0};
        int ok = read(mfd, a, sizeof a - 1) > 0 && lseek(mfd, 0, SEEK_SET) == 0 && read(mfd, b, sizeof b - 1) > 0;
        check("lseek and read again give the same bytes", ok && !strcmp(a, b));
        close(mfd);
    }
    struct stat st;
    check("stat /proc/self/maps: a regular file", stat("/proc/self/maps", &st) == 0 && S_ISREG(st.st_mode));
}

static void check_cpuinfo(void)
{
    char *ci = slurp("/proc/cpuinfo", NULL);
    check("cpuinfo readable", ci != NULL);
    if (!ci) return;
    long blocks = 0;
    for (char *line = strtok(ci, "\n"); line; line = strtok(NULL, "\n"))
        if (!strncmp(line, "processor", 9) && strchr(line, ':')) blocks++;
    check("cpuinfo has one processor line per online CPU", blocks == sysconf(_SC_NPROCESSORS_ONLN));
    free(ci);
}

static int cat(int argc, char **argv)
{
    int status = 0;
    for (int i = 2; i < argc; i++) {
        size_t len = 0;
        char *s = slurp(argv[i], &len);
        if (!s) { perror(argv[i]); status = 1; continue; }
        fwrite(s, 1, len, stdout);
        free(s);
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--cat")) return cat(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *dir = make_tmpdir(argc, argv);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    check_maps(base_name(exe));
    check_auxv();
    check_cmdline(argc, argv);
    check_stat(argv, base_name(exe));
    check_links(dir);
    check_cpuinfo();
    remove_tree(tmp_root);
    printf("failures: %d\n", failures);
    return failures ? 1 : 0;
}
