// Exceptions thrown and caught across functions, rethrow, nested, std exceptions, destructors during unwinding,
// noexcept, exception_ptr, catch by base class, function-try-blocks.
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>
#include <memory>
#include <exception>

struct Tracker {
    std::string name;
    explicit Tracker(std::string n) : name(std::move(n)) { std::cout << "  ctor " << name << '\n'; }
    ~Tracker() { std::cout << "  dtor " << name << '\n'; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

static int depth_throw(int n)
{
    Tracker t("level" + std::to_string(n));
    if (n == 0) throw MyError("bottom reached", 42);
    return depth_throw(n - 1) + 1;
}

static void thrower(int kind)
{
    switch (kind) {
    case 0: throw 17;
    case 1: throw 2.5;
    case 2: throw std::string("a std::string");
    case 3: throw std::out_of_range("range");
    case 4: throw MyError("mine", 7);
    case 5: { std::vector<int> v; (void)v.at(3); break; }
    case 6: throw "c string";
    default: break;
    }
}

struct Member {
    Member() { throw std::logic_error("member ctor failed"); }
};
struct Holder {
    Tracker t{"holder-field"};
    Member m;
    Holder() try : m() {
    } catch (const std::exception &e) {
        std::cout << "  function-try-block saw: " << e.what() << '\n';
    }
};

int main()
{
    try {
        depth_throw(3);
    } catch (const MyError &e) {
        std::cout << "caught MyError: " << e.what() << " code=" << e.code << '\n';
    }
    for (int k = 0; k <= 7; k++) {
        try {
            thrower(k);
            std::cout << "kind " << k << ": no throw\n";
        } catch (int i) {
            std::cout << "kind " << k << ": int " << i << '\n';
        } catch (double d) {
            std::cout << "kind " << k << ": double " << d << '\n';
        } catch (const std::string &s) {
            std::cout << "kind " << k << ": string " << s << '\n';
        } catch (const MyError &e) {
            std::cout << "kind " << k << ": MyError " << e.what() << '\n';
        } catch (const std::logic_error &e) {
            std::cout << "kind " << k << ": logic_error " << e.what() << '\n';
        } catch (...) {
            std::cout << "kind " << k << ": something else\n";
        }
    }
    // rethrow and nested
    try {
        try {
            throw std::runtime_error("inner");
        } catch (std::exception &) {
            std::cout << "rethrowing\n";
            throw;
        }
    } catch (const std::runtime_error &e) {
        std::cout << "outer caught " << e.what() << '\n';
    }
    try {
        try {
            throw std::runtime_error("first");
        } catch (...) {
            std::throw_with_nested(std::logic_error("second"));
        }
    } catch (const std::logic_error &e) {
        std::cout << "nested outer: " << e.what();
        try {
            std::rethrow_if_nested(e);
        } catch (const std::runtime_error &in) {
            std::cout << ", inner: " << in.what() << '\n';
        }
    }
    // exception_ptr
    std::exception_ptr ep;
    try {
        throw MyError("stored", 99);
    } catch (...) {
        ep = std::current_exception();
    }
    try {
        std::rethrow_exception(ep);
    } catch (const MyError &e) {
        std::cout << "exception_ptr rethrown: " << e.what() << ' ' << e.code << '\n';
    }
    // unwinding through unique_ptr and a loop
    int caught = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            auto p = std::make_unique<std::vector<int>>(100, i);
            if (i % 3 == 0) throw i;
        } catch (int v) {
            caught += v;
        }
    }
    std::cout << "loop caught sum=" << caught << '\n';
    try {
        Holder h;
    } catch (const std::logic_error &e) {
        std::cout << "Holder construction failed: " << e.what() << '\n';
    }
    try {
        std::vector<int> huge;
        huge.reserve(static_cast<size_t>(-1) / 8);
    } catch (const std::length_error &e) {
        std::cout << "length_error caught\n";
    } catch (const std::bad_alloc &e) {
        std::cout << "bad_alloc caught\n";
    }
    std::cout << "uncaught_exceptions=" << std::uncaught_exceptions() << '\n';
    return 0;
}
