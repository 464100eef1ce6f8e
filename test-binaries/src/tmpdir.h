/* Shared helper: make a private temp dir under argv[1], $TMPDIR or "." and remove it afterwards. */
#ifndef TSEMU_TMPDIR_H
#define TSEMU_TMPDIR_H
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>

static char tmp_root[4096];

static const char *make_tmpdir(int argc, char **argv)
{
    const char *base = argc > 1 ? argv[1] : getenv("TMPDIR");
    if (!base || !*base) base = ".";
    snprintf(tmp_root, sizeof tmp_root, "%s/tsemu-test-XXXXXX", base);
    if (!mkdtemp(tmp_root)) { perror("mkdtemp"); exit(100); }
    return tmp_root;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}
#endif
