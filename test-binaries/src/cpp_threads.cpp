// C++ threads: 64 std::threads with a mutex-protected sum, std::async (deferred and async), futures
// carrying values and exceptions, condition_variable hand-off, shared_mutex readers and writers
// (pthread rwlock underneath), atomics, thread_local. Output depends only on the program.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <vector>

static thread_local int tls_counter = 0;

int main()
{
    std::setvbuf(stdout, nullptr, _IONBF, 0);

    // 64 threads, each adding its index 1000 times under a mutex.
    std::mutex mu;
    long sum = 0;
    std::vector<std::thread> pool;
    for (int i = 0; i < 64; i++)
        pool.emplace_back([&, i] {
            for (int j = 0; j < 1000; j++) {
                std::lock_guard<std::mutex> g(mu);
                sum += i;
            }
            tls_counter += i;  // each thread's own copy
        });
    for (auto &t : pool) t.join();
    std::printf("64 threads: sum %ld (expected %ld), main's thread_local %d\n", sum, 1000L * 63 * 64 / 2, tls_counter);

    // std::async: values and exceptions through futures.
    auto sq = std::async(std::launch::async, [](int x) { return x * x; }, 12);
    auto lazy = std::async(std::launch::deferred, [] { return std::string("deferred"); });
    auto bad = std::async(std::launch::async, []() -> int { throw std::runtime_error("from a thread"); });
    std::printf("async %d, %s\n", sq.get(), lazy.get().c_str());
    try {
        bad.get();
    } catch (const std::exception &e) {
        std::printf("caught '%s'\n", e.what());
    }

    // Ping-pong with a condition variable: strict alternation, 1000 rounds.
    std::condition_variable cv;
    int turn = 0, rounds = 0;
    std::thread pong([&] {
        for (int r = 0; r < 1000; r++) {
            std::unique_lock<std::mutex> l(mu);
            cv.wait(l, [&] { return turn == 1; });
            turn = 0;
            rounds++;
            cv.notify_one();
        }
    });
    for (int r = 0; r < 1000; r++) {
        std::unique_lock<std::mutex> l(mu);
        turn = 1;
        cv.notify_one();
        cv.wait(l, [&] { return turn == 0; });
    }
    pong.join();
    std::printf("ping-pong rounds %d\n", rounds);

    // shared_mutex: 8 readers and 2 writers; readers always see a consistent pair.
    std::shared_mutex rw;
    long a = 0, b = 0;
    std::atomic<int> torn{0}, reads{0};
    std::vector<std::thread> rws;
    for (int w = 0; w < 2; w++)
        rws.emplace_back([&] {
            for (int i = 0; i < 2000; i++) {
                std::unique_lock<std::shared_mutex> g(rw);
                a++;
                std::this_thread::yield();
                b++;
            }
        });
    for (int r = 0; r < 8; r++)
        rws.emplace_back([&] {
            for (int i = 0; i < 2000; i++) {
                std::shared_lock<std::shared_mutex> g(rw);
                if (a != b) torn++;
                reads++;
            }
        });
    for (auto &t : rws) t.join();
    std::printf("rwlock: a=%ld b=%ld torn reads %d of %d\n", a, b, torn.load(), reads.load());

    // Atomics: fetch_add from 16 threads, compare_exchange max.
    std::atomic<long> counter{0};
    std::atomic<int> maxv{0};
    std::vector<std::thread> at;
    for (int i = 0; i < 16; i++)
        at.emplace_back([&, i] {
            for (int j = 0; j < 5000; j++) counter.fetch_add(1, std::memory_order_relaxed);
            int cur = maxv.load();
            while (cur < i && !maxv.compare_exchange_weak(cur, i)) {
            }
        });
    for (auto &t : at) t.join();
    std::printf("atomics: counter %ld max %d\n", counter.load(), maxv.load());
    std::printf("hardware_concurrency > 0: %d\n", std::thread::hardware_concurrency() > 0);
    return 0;
}
