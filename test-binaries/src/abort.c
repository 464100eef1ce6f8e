/* abort(): the process dies of SIGABRT; stdout written before is flushed by hand. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
