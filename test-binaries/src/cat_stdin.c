/* cat-like: copies stdin to stdout with read(2)/write(2) (or stdio with argv[1]=="stdio"), then counts. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ctype.h>

int main(int argc, char **argv)
{
    unsigned long bytes = 0, lines = 0, words = 0, sum = 0;
    int inword = 0;
    if (argc > 1 && !strcmp(argv[1], "stdio")) {
        int c;
        while ((c = getchar()) != EOF) {
            putchar(c);
            bytes++; sum = sum * 31 + (unsigned)c;
            if (c == '\n') lines++;
            if (isspace(c)) inword = 0; else if (!inword) { inword = 1; words++; }
        }
    } else {
        char buf[7];  /* small on purpose: many short reads */
        ssize_t n;
        while ((n = read(0, buf, sizeof buf)) > 0) {
            ssize_t off = 0;
            while (off < n) { ssize_t w = write(1, buf + off, (size_t)(n - off)); if (w <= 0) return 2; off += w; }
            for (ssize_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)buf[i];
                bytes++; sum = sum * 31 + c;
                if (c == '\n') lines++;
                if (isspace(c)) inword = 0; else if (!inword) { inword = 1; words++; }
            }
        }
        if (n < 0) { perror("read"); return 3; }
    }
    printf("\n-- %lu bytes, %lu lines, %lu words, hash %lx\n", bytes, lines, words, sum);
    /* stdin at EOF stays at EOF */
    char c;
    printf("read after EOF: %zd\n", read(0, &c, 1));
    return 0;
}
