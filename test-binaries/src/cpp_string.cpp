// std::string: construction, SSO boundary, append/insert/erase/replace/find/substr/compare, conversions.
#include <iostream>
#include <string>
#include <string_view>
#include <algorithm>
#include <cctype>

int main()
{
    std::string s;
    for (int i = 0; i < 40; i++) {
        s += static_cast<char>('a' + i % 26);
        if (i % 7 == 0 || i == 15 || i == 16) std::cout << i << ": [" << s << "] size=" << s.size() << '\n';
    }
    std::string t = s.substr(5, 10);
    std::cout << "substr=" << t << " find(k)=" << s.find('k') << " rfind(a)=" << s.rfind('a') << " find(xyz)=" << s.find("xyz")
              << " npos? " << (s.find("zzz") == std::string::npos) << '\n';
    t.insert(3, "---");
    t.erase(0, 1);
    t.replace(2, 3, "REPLACED");
    std::cout << "edited=" << t << '\n';
    std::string u = t;
    std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
    std::reverse(u.begin(), u.end());
    std::cout << "upper reversed=" << u << " compare=" << (t.compare(u) > 0) << (t < u) << (t == t) << '\n';
    std::cout << "to_string: " << std::to_string(-123) << ' ' << std::to_string(3.5) << ' ' << std::to_string(18446744073709551615ULL) << '\n';
    std::cout << "stoi=" << std::stoi("  -42abc") << " stol(hex)=" << std::stol("ff", nullptr, 16) << " stod=" << std::stod("2.5e3")
              << " stoull=" << std::stoull("12345678901234567890") << '\n';
    try {
        (void)std::stoi("notanumber");
    } catch (const std::invalid_argument &e) {
        std::cout << "invalid_argument caught: " << e.what() << '\n';
    }
    try {
        (void)std::stoi("99999999999999");
    } catch (const std::out_of_range &e) {
        std::cout << "out_of_range caught: " << e.what() << '\n';
    }
    try {
        (void)s.at(1000);
    } catch (const std::out_of_range &e) {
        std::cout << "at() out_of_range caught\n";
    }
    std::string_view sv(s);
    sv.remove_prefix(3);
    sv.remove_suffix(30);
    std::cout << "string_view=" << sv << " starts=" << (sv.substr(0, 2) == "de") << '\n';
    std::string big(100000, 'x');
    big[50000] = 'y';
    std::cout << "big find y=" << big.find('y') << " count x=" << std::count(big.begin(), big.end(), 'x') << '\n';
    std::string joined;
    for (int i = 0; i < 5; i++) joined += std::string(i, '#') + "|";
    std::cout << joined << ' ' << joined.length() << '\n';
    std::u16string w = u"wide";
    std::cout << "u16 size=" << w.size() << '\n';
    s.clear();
    s.shrink_to_fit();
    std::cout << "cleared empty=" << s.empty() << '\n';
    return 0;
}
