/* hello world through stdio and through write(2), plus stderr. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    printf("Hello, world!\n");
    printf("%s %d %u %x %c %5.2f|%-6s|%06d\n", "fmt", -17, 42u, 0xbeefu, 'Z', 3.14159, "ab", 123);
    fflush(stdout);
    const char msg[] = "hello via write(2)\n";
    ssize_t n = write(1, msg, strlen(msg));
    printf("write returned %zd\n", n);
    fprintf(stderr, "hello on stderr\n");
    puts("puts line");
    fputs("fputs no newline", stdout);
    putchar('\n');
    return 0;
}
