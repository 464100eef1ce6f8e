// iostream formatting: manipulators, widths, fills, bases, bool, char, floats, std::cerr/clog, cin-free.
#include <iostream>
#include <iomanip>
#include <string>
#include <cstdint>
#include <limits>

int main()
{
    std::cout << "Hello from iostream" << std::endl;
    std::cout << 42 << ' ' << -7 << ' ' << 3.5 << ' ' << 'c' << ' ' << true << ' ' << std::boolalpha << false << std::noboolalpha << '\n';
    std::cout << std::hex << 255 << ' ' << std::showbase << 255 << ' ' << std::uppercase << 255 << std::nouppercase << ' ' << std::oct << 8
              << std::dec << std::noshowbase << ' ' << 1234567 << '\n';
    std::cout << '[' << std::setw(10) << "right" << "][" << std::left << std::setw(10) << "left" << std::right << "]["
              << std::setfill('*') << std::setw(8) << 42 << std::setfill(' ') << "][" << std::internal << std::setw(8) << -42 << std::right << "]\n";
    const double vals[] = {0.0, 1.0 / 3.0, 123456.789, 1e-10, 1e20, -2.5, std::numeric_limits<double>::infinity(), 5e-324};
    for (double v : vals) {
        std::cout << v << " | " << std::fixed << std::setprecision(4) << v << " | " << std::scientific << v << " | "
                  << std::defaultfloat << std::setprecision(17) << v << " | " << std::hexfloat << v << std::defaultfloat << std::setprecision(6) << '\n';
    }
    std::cout << std::showpos << 5 << ' ' << 0 << ' ' << 2.5 << std::noshowpos << ' ' << std::showpoint << 2.0 << std::noshowpoint << '\n';
    std::cout << std::numeric_limits<int64_t>::min() << ' ' << std::numeric_limits<uint64_t>::max() << ' '
              << static_cast<int>(std::numeric_limits<int8_t>::min()) << ' ' << std::numeric_limits<float>::max() << '\n';
    std::string s = "string object";
    std::cout << s << " size=" << s.size() << '\n';
    const char *cs = "c-string";
    std::cout << cs << ' ' << static_cast<const void *>(nullptr) << '\n';
    std::cerr << "to cerr" << std::endl;
    std::clog << "to clog" << std::endl;
    std::cout.write("write()\n", 8);
    std::cout.put('p').put('\n');
    std::cout << std::flush;
    std::cout.setf(std::ios::fixed, std::ios::floatfield);
    std::cout.precision(2);
    std::cout << 1.005 << ' ' << 2.675 << ' ' << 1e6 << std::endl;
    return 0;
}
