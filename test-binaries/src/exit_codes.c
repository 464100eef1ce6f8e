/* Exits in the way named by argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "ret0";
    atexit(bye);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "exit3")) exit(3);
    if (!strcmp(mode, "ret42")) return 42;
    if (!strcmp(mode, "exit255")) exit(255);
    if (!strcmp(mode, "exit256")) exit(256);   /* status is taken mod 256 -> 0 */
    if (!strcmp(mode, "exitneg")) exit(-1);    /* -> 255 */
    if (!strcmp(mode, "_exit7")) { fflush(stdout); _exit(7); }
    if (!strcmp(mode, "_exit_unflushed")) _exit(9); /* buffered stdout is lost */
    return 0;
}
