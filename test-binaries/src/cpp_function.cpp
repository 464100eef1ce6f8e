// std::function, lambdas with captures, std::bind, function pointers, generic lambdas, recursion via std::function,
// std::optional/variant/tuple/any visits.
#include <iostream>
#include <functional>
#include <vector>
#include <map>
#include <string>
#include <algorithm>
#include <optional>
#include <variant>
#include <tuple>
#include <memory>

static int add(int a, int b) { return a + b; }
struct Mul { int k; int operator()(int x) const { return x * k; } };

int main()
{
    std::vector<std::function<int(int)>> fs;
    int base = 10;
    fs.push_back([](int x) { return x + 1; });
    fs.push_back([base](int x) { return x + base; });
    fs.push_back([&base](int x) { return x * base; });
    fs.push_back(Mul{3});
    fs.push_back(std::bind(add, std::placeholders::_1, 100));
    base = 20;
    for (size_t i = 0; i < fs.size(); i++) std::cout << "f" << i << "(5)=" << fs[i](5) << ' ';
    std::cout << '\n';
    int counter = 0;
    auto inc = [&counter]() mutable { return ++counter; };
    inc(); inc();
    auto gen = [n = 0]() mutable { return n++; };
    gen(); gen();
    std::cout << "counter=" << counter << " gen=" << gen() << '\n';
    std::function<long(int)> fact = [&fact](int n) -> long { return n <= 1 ? 1 : n * fact(n - 1); };
    std::cout << "fact(20)=" << fact(20) << '\n';
    auto generic = [](auto a, auto b) { return a + b; };
    std::cout << "generic: " << generic(1, 2) << ' ' << generic(1.5, 2.25) << ' ' << generic(std::string("x"), std::string("y")) << '\n';
    std::map<std::string, std::function<double(double, double)>> ops = {
        {"+", std::plus<double>()}, {"-", std::minus<double>()}, {"*", [](double a, double b) { return a * b; }}, {"/", std::divides<double>()}};
    for (auto &kv : ops) std::cout << "7" << kv.first << "2=" << kv.second(7, 2) << ' ';
    std::cout << '\n';
    std::vector<int> v = {5, 3, 9, 1, 7};
    int threshold = 4;
    std::cout << "count_if>4: " << std::count_if(v.begin(), v.end(), [threshold](int x) { return x > threshold; });
    std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });
    std::cout << " sorted desc:";
    std::for_each(v.begin(), v.end(), [](int x) { std::cout << ' ' << x; });
    std::cout << '\n';
    std::function<void()> empty;
    try {
        empty();
    } catch (const std::bad_function_call &) {
        std::cout << "bad_function_call caught\n";
    }
    auto sp = std::make_shared<int>(77);
    std::function<int()> holds = [sp] { return *sp; };
    std::cout << "use_count=" << sp.use_count() << " value=" << holds() << '\n';
    int (*fp)(int, int) = add;
    std::cout << "fn ptr=" << fp(2, 3) << " invoke=" << std::invoke(add, 4, 5) << '\n';
    std::optional<int> o;
    std::cout << "optional: " << o.has_value() << ' ' << o.value_or(-1);
    o = 5;
    std::cout << ' ' << *o << '\n';
    using V = std::variant<int, double, std::string>;
    std::vector<V> vs = {1, 2.5, std::string("three")};
    for (auto &x : vs) std::visit([](auto &&val) { std::cout << "visit " << val << "; "; }, x);
    std::cout << "index=" << vs[2].index() << '\n';
    auto tup = std::make_tuple(1, 'c', 3.5, std::string("s"));
    auto [a, b, c, d] = tup;
    std::cout << "tuple " << a << b << c << d << " size=" << std::tuple_size<decltype(tup)>::value << '\n';
    return 0;
}
