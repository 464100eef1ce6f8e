// Virtual dispatch, multiple and virtual inheritance, dynamic_cast, typeid, pure virtuals, templates
// (class/function/variadic/specialization/constexpr), CRTP.
#include <iostream>
#include <memory>
#include <vector>
#include <typeinfo>
#include <string>
#include <cmath>

struct Shape {
    virtual ~Shape() { std::cout << "~Shape\n"; }
    virtual double area() const = 0;
    virtual std::string name() const { return "shape"; }
};
struct Circle : Shape {
    double r;
    explicit Circle(double r_) : r(r_) {}
    double area() const override { return 3.141592653589793 * r * r; }
    std::string name() const override { return "circle"; }
    ~Circle() override { std::cout << "~Circle "; }
};
struct Rect : Shape {
    double w, h;
    Rect(double w_, double h_) : w(w_), h(h_) {}
    double area() const override { return w * h; }
    std::string name() const override { return "rect"; }
};
struct Square final : Rect {
    explicit Square(double s) : Rect(s, s) {}
    std::string name() const override { return "square(" + Rect::name() + ")"; }
};

struct Base { int b = 1; virtual int id() const { return b; } virtual ~Base() = default; };
struct Left : virtual Base { int l = 10; int id() const override { return l + b; } };
struct Right : virtual Base { int r = 100; };
struct Diamond : Left, Right { int d = 1000; int id() const override { return d + l + r + b; } };

template <typename T> T sum(const std::vector<T> &v) { T s{}; for (const T &x : v) s += x; return s; }
template <typename... Args> auto total(Args... a) { return (a + ... + 0); }
template <typename T> struct Describe { static const char *what() { return "generic"; } };
template <> struct Describe<int> { static const char *what() { return "int"; } };
template <typename T> struct Describe<T *> { static const char *what() { return "pointer"; } };
template <int N> struct Fact { static constexpr long long value = N * Fact<N - 1>::value; };
template <> struct Fact<0> { static constexpr long long value = 1; };
constexpr int cfib(int n) { return n < 2 ? n : cfib(n - 1) + cfib(n - 2); }

template <typename D> struct Counter {
    int count() const { return static_cast<const D *>(this)->items() * 2; }
};
struct Box : Counter<Box> { int items() const { return 21; } };

int main()
{
    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.push_back(std::make_unique<Circle>(1.5));
    shapes.push_back(std::make_unique<Rect>(2, 3.5));
    shapes.push_back(std::make_unique<Square>(4));
    double tot = 0;
    for (const auto &s : shapes) {
        std::cout << s->name() << " area=" << s->area() << " is Rect: " << (dynamic_cast<Rect *>(s.get()) != nullptr)
                  << " typeid=" << (typeid(*s) == typeid(Square) ? "Square" : typeid(*s) == typeid(Circle) ? "Circle" : "other") << '\n';
        tot += s->area();
    }
    std::cout << "total area=" << tot << '\n';
    shapes.clear();
    Diamond dm;
    Base *bp = &dm;
    Left *lp = &dm;
    Right *rp = &dm;
    std::cout << "diamond id via Base=" << bp->id() << " via Left=" << lp->id() << " Right::r=" << rp->r
              << " cross-cast Right->Left ok=" << (dynamic_cast<Left *>(rp) == lp) << '\n';
    std::cout << "sum<int>=" << sum(std::vector<int>{1, 2, 3}) << " sum<double>=" << sum(std::vector<double>{0.5, 0.25})
              << " sum<string>=" << sum(std::vector<std::string>{"a", "b", "c"}) << " total=" << total(1, 2, 3, 4, 5) << '\n';
    std::cout << Describe<double>::what() << ' ' << Describe<int>::what() << ' ' << Describe<char *>::what() << " 15!=" << Fact<15>::value
              << " cfib(20)=" << cfib(20) << " crtp=" << Box().count() << '\n';
    // virtual call in a hot loop through an array of base pointers
    Circle c(1); Rect r(1, 2); Square sq(3);
    Shape *arr[3] = {&c, &r, &sq};
    double acc = 0;
    for (int i = 0; i < 300000; i++) acc += arr[i % 3]->area();
    std::cout << "loop acc=" << acc << '\n';
    return 0;
}
