// Uncaught exception -> std::terminate -> abort (SIGABRT). argv[1] selects the way:
// "uncaught" (default), "noexcept" (throw through a noexcept function), "handler" (custom terminate handler
// that prints and exits 3), "dtor" (RAII destructors are not guaranteed to run: none print here).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>

#pragma GCC diagnostic ignored "-Wterminate"
static void noexcept_fn() noexcept { throw std::runtime_error("through noexcept"); }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "uncaught";
    std::printf("mode %s\n", mode);
    std::fflush(stdout);
    if (!std::strcmp(mode, "handler")) {
        std::set_terminate([] {
            std::printf("custom terminate handler, current exception: %s\n", std::current_exception() ? "yes" : "no");
            std::fflush(stdout);
            std::_Exit(3);
        });
        throw std::logic_error("to handler");
    }
    if (!std::strcmp(mode, "noexcept")) noexcept_fn();
    if (!std::strcmp(mode, "terminate")) std::terminate();
    throw std::runtime_error("nobody catches this");
}
