/* getcwd/chdir/fchdir and relative path resolution, printed relative to a private temp dir. */
#include "tmpdir.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

static char root[PATH_MAX];

static void show(const char *label)
{
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) { printf("%s: getcwd failed %s\n", label, strerrorname_np(errno)); return; }
    size_t rl = strlen(root);
    if (strncmp(buf, root, rl) == 0) printf("%s: <root>%s\n", label, buf + rl);
    else printf("%s: outside root\n", label);
}

int main(int argc, char **argv)
{
    const char *dir = make_tmpdir(argc, argv);
    if (!realpath(dir, root)) { perror("realpath"); return 1; }
    printf("chdir root: %d\n", chdir(dir));
    show("start");
    mkdir("one", 0755); mkdir("one/two", 0755); mkdir("one/two/three", 0755);
    printf("chdir one/two/three: %d\n", chdir("one/two/three"));
    show("deep");
    printf("chdir ../..: %d\n", chdir("../.."));
    show("up two");
    printf("chdir ./two/./three/../three: %d\n", chdir("./two/./three/../three"));
    show("dots");
    errno = 0;
    printf("chdir missing: %d %s\n", chdir("missing"), strerrorname_np(errno));
    show("unchanged");
    int fd = open("..", O_RDONLY | O_DIRECTORY);
    printf("fchdir: %d\n", fchdir(fd));
    close(fd);
    show("fchdir ..");
    char small[4];
    errno = 0;
    printf("getcwd small buffer: %s %s\n", getcwd(small, sizeof small) ? "ok" : "NULL", strerrorname_np(errno));
    char *dyn = getcwd(NULL, 0);
    printf("getcwd(NULL,0) ends with /one/two: %d\n", dyn && strlen(dyn) >= 8 && !strcmp(dyn + strlen(dyn) - 8, "/one/two"));
    free(dyn);
    symlink("one/two", "../../lnk");
    printf("chdir via symlink: %d\n", chdir("../../lnk/three"));
    show("via symlink");
    char rp[PATH_MAX];
    if (realpath("../../../lnk/three/..", rp)) printf("realpath: <root>%s\n", strncmp(rp, root, strlen(root)) ? "?" : rp + strlen(root));
    else printf("realpath failed: %s\n", strerrorname_np(errno));
    errno = 0;
    printf("realpath missing: %s %s\n", realpath("../nothing/here", rp) ? "found?" : "NULL", strerrorname_np(errno));
    printf("chdir /: %d\n", chdir("/"));
    char buf[16];
    printf("cwd at /: %s\n", getcwd(buf, sizeof buf));
    remove_tree(dir);
    return 0;
}
