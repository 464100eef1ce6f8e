/* stdio on files in a temp dir: fopen modes, fprintf/fscanf/fgets/fputs/fread/fwrite, fseek/ftell,
   ungetc, setvbuf, feof/ferror, fmemopen/open_memstream. */
#include "tmpdir.h"
#include <errno.h>

int main(int argc, char **argv)
{
    const char *dir = make_tmpdir(argc, argv);
    if (chdir(dir) != 0) return 1;
    FILE *f = fopen("t.txt", "w");
    for (int i = 0; i < 50; i++) fprintf(f, "line %d: %s %.3f\n", i, i % 2 ? "odd" : "even", i / 7.0);
    fputs("no newline at end", f);
    printf("ftell after write %ld\n", ftell(f));
    fclose(f);
    f = fopen("t.txt", "r");
    char line[128];
    int count = 0; size_t chars = 0;
    while (fgets(line, sizeof line, f)) { count++; chars += strlen(line); if (count % 10 == 1) printf("got: %s", line); }
    printf("\nlines=%d chars=%zu feof=%d ferror=%d\n", count, chars, feof(f) != 0, ferror(f) != 0);
    fseek(f, 0, SEEK_SET);
    int num; char word[16]; double v;
    int got = fscanf(f, "line %d: %15s %lf", &num, word, &v);
    printf("fscanf got=%d num=%d word=%s v=%.3f\n", got, num, word, v);
    fseek(f, -17, SEEK_END);
    printf("after fseek end-17 ftell=%ld getc=%c\n", ftell(f), getc(f));
    int c = fgetc(f);
    ungetc('Z', f);
    printf("fgetc=%c ungetc then getc=%c next=%c\n", c, getc(f), getc(f));
    rewind(f);
    printf("rewind ftell=%ld\n", ftell(f));
    fclose(f);
    /* binary fread/fwrite and "r+" / "a+" */
    f = fopen("bin.dat", "wb+");
    int data[100];
    for (int i = 0; i < 100; i++) data[i] = i * i - 50;
    printf("fwrite=%zu\n", fwrite(data, sizeof data[0], 100, f));
    fseek(f, 40 * (long)sizeof(int), SEEK_SET);
    int rd[5];
    printf("fread=%zu values %d %d %d %d %d\n", fread(rd, sizeof rd[0], 5, f), rd[0], rd[1], rd[2], rd[3], rd[4]);
    fseek(f, 0, SEEK_END);
    printf("fread at eof=%zu feof=%d\n", fread(rd, sizeof rd[0], 5, f), feof(f) != 0);
    clearerr(f);
    fclose(f);
    f = fopen("t.txt", "r+");
    fseek(f, 5, SEEK_SET);
    fputs("XX", f);
    fflush(f);
    fseek(f, 0, SEEK_SET);
    printf("r+ first line: %s", fgets(line, sizeof line, f));
    fclose(f);
    f = fopen("t.txt", "a+");
    fputs("\nappended\n", f);
    fseek(f, 0, SEEK_SET);
    printf("a+ read from start: %s", fgets(line, sizeof line, f));
    fclose(f);
    f = fopen("t.txt", "r");
    fseek(f, -9, SEEK_END);
    printf("tail: %s", fgets(line, sizeof line, f));
    fclose(f);
    /* setvbuf modes, getline, getdelim */
    f = fopen("u.txt", "w");
    setvbuf(f, NULL, _IONBF, 0);
    fprintf(f, "alpha\nbeta gamma\n\ndelta");
    fclose(f);
    f = fopen("u.txt", "r");
    char *lp = NULL; size_t cap = 0; ssize_t len;
    while ((len = getline(&lp, &cap, f)) != -1) printf("getline %zd [%.*s]\n", len, (int)(len && lp[len - 1] == '\n' ? len - 1 : len), lp);
    rewind(f);
    while ((len = getdelim(&lp, &cap, ' ', f)) != -1) printf("getdelim %zd\n", len);
    free(lp);
    fclose(f);
    errno = 0;
    f = fopen("missing/file", "r");
    printf("fopen missing: %s %s\n", f ? "non-null" : "NULL", strerrorname_np(errno));
    /* memory streams */
    char mem[64] = "10 20 thirty";
    FILE *m = fmemopen(mem, strlen(mem), "r");
    int a, b; char w[16];
    printf("fmemopen scan=%d", fscanf(m, "%d %d %15s", &a, &b, w));
    printf(" %d %d %s\n", a, b, w);
    fclose(m);
    char *ms = NULL; size_t msz = 0;
    m = open_memstream(&ms, &msz);
    for (int i = 0; i < 1000; i++) fprintf(m, "%d,", i);
    fclose(m);
    printf("open_memstream size=%zu head=%.20s tail=%s\n", msz, ms, ms + msz - 8);
    free(ms);
    /* sscanf variety */
    char s1[10]; unsigned hx; float fl; char ch;
    int k = sscanf("abc 0x1F 2.5e1 Q rest", "%9s %x %f %c", s1, &hx, &fl, &ch);
    printf("sscanf %d: %s %u %g %c\n", k, s1, hx, fl, ch);
    if (chdir("/") != 0) return 1;
    remove_tree(dir);
    return 0;
}
