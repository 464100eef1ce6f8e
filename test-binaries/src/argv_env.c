/* Prints argc, every argv string and every envp string (the harness fixes the environment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    /* argv[0] is the path the runner chose: print only its last component. */
    const char *base = strrchr(argv[0], '/');
    printf("argv[0] basename=%s\n", base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "non-NULL");
    int n = 0;
    for (char **e = envp; *e; e++, n++)
        printf("envp[%d]=[%s]\n", n, *e);
    printf("envc=%d environ==envp: %s\n", n, environ == envp ? "yes" : "no");
    const char *v = getenv("TSEMU_TEST_VAR");
    printf("getenv(TSEMU_TEST_VAR)=%s\n", v ? v : "(null)");
    setenv("NEW_VAR", "new value", 1);
    printf("after setenv: %s\n", getenv("NEW_VAR"));
    unsetenv("NEW_VAR");
    printf("after unsetenv: %s\n", getenv("NEW_VAR") ? "still set" : "gone");
    return 0;
}
