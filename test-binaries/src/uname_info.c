/* uname(): only the fields that do not depend on the host kernel; plus sysconf values that are fixed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    int r = uname(&u);
    printf("uname=%d sysname=%s machine=%s\n", r, u.sysname, u.machine);
    printf("release non-empty=%d version non-empty=%d\n", u.release[0] != 0, u.version[0] != 0);
    printf("pagesize=%ld\n", sysconf(_SC_PAGESIZE));
    printf("getpagesize==sysconf: %d\n", getpagesize() == sysconf(_SC_PAGESIZE));
    printf("pid positive=%d ppid positive=%d uid==euid=%d gid==egid=%d\n", getpid() > 0, getppid() > 0, getuid() == geteuid(), getgid() == getegid());
    printf("isatty(0)=%d isatty(1)=%d\n", isatty(0), isatty(1));
    return 0;
}
