// std::ostringstream / istringstream / stringstream with floats, precision, parsing and round trips.
#include <iostream>
#include <sstream>
#include <iomanip>
#include <string>
#include <vector>
#include <limits>
#include <cmath>

int main()
{
    const double vals[] = {0.1, 1.0 / 3, 2.0 / 3, 1e-7, 123456789.125, -0.0, 1e300, 4.9e-324, 0.5, 2.5, 1e16, 3.0e-5};
    for (double v : vals) {
        std::ostringstream os;
        os << v << ' ' << std::setprecision(3) << v << ' ' << std::setprecision(17) << v << ' ' << std::fixed << std::setprecision(2) << v
           << ' ' << std::scientific << std::setprecision(5) << v;
        std::cout << os.str() << '\n';
        std::ostringstream full;
        full << std::setprecision(std::numeric_limits<double>::max_digits10) << v;
        std::istringstream is(full.str());
        double back = 0;
        is >> back;
        std::cout << "  roundtrip " << full.str() << " -> " << (back == v && std::signbit(back) == std::signbit(v) ? "exact" : "DIFFERENT") << '\n';
    }
    float f = 0.1f;
    std::ostringstream fo;
    fo << f << ' ' << std::setprecision(9) << f << ' ' << static_cast<double>(f);
    std::cout << "float: " << fo.str() << '\n';
    std::istringstream in("42 3.5 word -17 0x1f 1e3 nan inf rest of line\nsecond line");
    int i; double d; std::string w; long l; int hx; double e;
    in >> i >> d >> w >> l >> std::hex >> hx >> std::dec >> e;
    std::cout << "parsed " << i << ' ' << d << ' ' << w << ' ' << l << ' ' << hx << ' ' << e << '\n';
    double bad;
    in >> bad;
    std::cout << "nan parse failed=" << in.fail() << '\n';
    in.clear();
    std::string rest;
    std::getline(in, rest);
    std::cout << "rest=[" << rest << "]\n";
    std::getline(in, rest);
    std::cout << "second=[" << rest << "] eof=" << in.eof() << '\n';
    std::stringstream ss;
    for (int k = 0; k < 5; k++) ss << k * 1.25 << ',';
    std::string tok;
    std::vector<double> got;
    while (std::getline(ss, tok, ',')) got.push_back(std::stod(tok));
    double sum = 0;
    for (double g : got) sum += g;
    std::cout << "tokens=" << got.size() << " sum=" << sum << '\n';
    std::ostringstream wide;
    wide << std::setw(12) << std::left << std::setfill('.') << 3.25 << '|' << std::right << std::setw(12) << std::hexfloat << 3.25;
    std::cout << wide.str() << '\n';
    std::ostringstream big;
    for (int k = 0; k < 10000; k++) big << k << ' ' << k * 0.001 << '\n';
    std::string bs = big.str();
    unsigned long h = 0;
    for (unsigned char c : bs) h = h * 131 + c;
    std::cout << "big stream size=" << bs.size() << " hash=" << h << '\n';
    return 0;
}
