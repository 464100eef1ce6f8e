// std::vector, std::map, std::unordered_map, std::set, std::deque, std::list, std::priority_queue, std::sort.
#include <iostream>
#include <vector>
#include <map>
#include <set>
#include <unordered_map>
#include <deque>
#include <list>
#include <queue>
#include <algorithm>
#include <numeric>
#include <string>
#include <cstdint>

static uint32_t rng = 7;
static uint32_t next() { rng = rng * 1664525u + 1013904223u; return rng >> 8; }

int main()
{
    std::vector<int> v;
    for (int i = 0; i < 100000; i++) v.push_back(static_cast<int>(next() % 100000));
    std::vector<int> w = v;
    std::sort(v.begin(), v.end());
    std::stable_sort(w.begin(), w.end(), [](int a, int b) { return a % 1000 < b % 1000; });
    long long acc = std::accumulate(v.begin(), v.end(), 0LL);
    auto last = std::unique(v.begin(), v.end());
    std::cout << "vector sum=" << acc << " unique=" << (last - v.begin()) << " min=" << v.front() << " w[0..3]=" << w[0] << ',' << w[1] << ',' << w[2] << '\n';
    v.erase(last, v.end());
    std::cout << "binary_search 500: " << std::binary_search(v.begin(), v.end(), 500) << " lower_bound(777) at " << (std::lower_bound(v.begin(), v.end(), 777) - v.begin()) << '\n';
    std::nth_element(w.begin(), w.begin() + 5000, w.end());
    std::partial_sort(w.begin(), w.begin() + 5, w.end(), std::greater<int>());
    std::cout << "top5:";
    for (int i = 0; i < 5; i++) std::cout << ' ' << w[i];
    std::cout << '\n';

    std::map<std::string, int> m;
    const char *words[] = {"delta", "alpha", "charlie", "bravo", "echo", "alpha", "delta", "alpha"};
    for (const char *s : words) m[s]++;
    for (const auto &kv : m) std::cout << kv.first << '=' << kv.second << ' ';
    std::cout << "| lower_bound(b)=" << m.lower_bound("b")->first << " erase(echo)=" << m.erase("echo") << " size=" << m.size() << '\n';

    std::unordered_map<uint64_t, uint64_t> um;
    for (uint64_t i = 0; i < 100000; i++) um[i * 2654435761u % 1000003] += i;
    uint64_t chk = 0;
    for (uint64_t k = 0; k < 1000003; k += 7) { auto it = um.find(k); if (it != um.end()) chk = chk * 31 + it->second; }
    std::cout << "unordered_map size=" << um.size() << " checksum=" << chk << " count(0)=" << um.count(0) << '\n';
    um.clear();
    std::cout << "cleared size=" << um.size() << '\n';

    std::set<int> st(v.begin(), v.begin() + 1000);
    std::multiset<int> ms = {3, 1, 3, 2, 3};
    std::cout << "set size=" << st.size() << " first=" << *st.begin() << " last=" << *st.rbegin() << " multiset count(3)=" << ms.count(3) << '\n';

    std::deque<int> dq;
    for (int i = 0; i < 10; i++) { if (i % 2) dq.push_front(i); else dq.push_back(i); }
    std::cout << "deque:";
    for (int x : dq) std::cout << ' ' << x;
    std::list<int> li(dq.begin(), dq.end());
    li.sort();
    li.remove_if([](int x) { return x % 3 == 0; });
    li.reverse();
    std::cout << " | list:";
    for (int x : li) std::cout << ' ' << x;
    std::priority_queue<int> pq;
    for (int i = 0; i < 20; i++) pq.push(static_cast<int>(next() % 100));
    std::cout << " | pq:";
    while (!pq.empty()) { std::cout << ' ' << pq.top(); pq.pop(); }
    std::cout << '\n';
    std::vector<std::vector<double>> grid(50, std::vector<double>(50));
    for (int i = 0; i < 50; i++) for (int j = 0; j < 50; j++) grid[i][j] = (i * j) % 7 * 0.5;
    double tot = 0;
    for (auto &row : grid) tot += std::accumulate(row.begin(), row.end(), 0.0);
    std::vector<std::string> names = {"pear", "Apple", "fig", "banana", "apple"};
    std::sort(names.begin(), names.end(), [](const std::string &a, const std::string &b) { return a.size() != b.size() ? a.size() < b.size() : a < b; });
    std::cout << "grid total=" << tot << " names:";
    for (auto &n : names) std::cout << ' ' << n;
    std::cout << '\n';
    return 0;
}
