// Order of static constructors and destructors, function-local statics, atexit interleaving.
#include <cstdio>
#include <cstdlib>
#include <string>

struct Noisy {
    const char *name;
    explicit Noisy(const char *n) : name(n) { std::printf("construct %s\n", name); }
    ~Noisy() { std::printf("destroy %s\n", name); }
};

static Noisy g1("global1");
static void at1() { std::printf("atexit 1\n"); }
static Noisy g2("global2");

static Noisy &local()
{
    static Noisy l("function-local");
    return l;
}

__attribute__((constructor(200))) static void early() { std::printf("constructor attr 200\n"); }
__attribute__((constructor)) static void plain_ctor() { std::printf("constructor attr default\n"); }
__attribute__((destructor)) static void plain_dtor() { std::printf("destructor attr\n"); }

struct WithStatic { static std::string s; };
std::string WithStatic::s = "static member " + std::to_string(42);

static int computed = [] { std::printf("lambda initializer\n"); return 7; }();

int main(int argc, char **argv)
{
    std::printf("main start, computed=%d, %s\n", computed, WithStatic::s.c_str());
    std::atexit(at1);
    local();
    std::printf("local again: %s\n", local().name);
    static Noisy inmain("static-in-main");
    std::atexit([] { std::printf("atexit 2 (lambda)\n"); });
    thread_local Noisy tl("thread_local");
    std::printf("main end\n");
    if (argc > 1) std::exit(std::atoi(argv[1]));
    return 0;
}
