/* Deep and branchy recursion: Ackermann, naive Fibonacci, mutual recursion, Hanoi, permutations. */
#include <stdio.h>
#include <stdint.h>

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static uint64_t fib(int n) { return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2); }
static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static unsigned long moves;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    moves++;
    if (n >= 19) printf("move disk %d %d->%d\n", n, from, to);
    hanoi(n - 1, via, to, from);
}

static int perm[10], used[10];
static uint64_t permsum, permcount;
static void permute(int k, int n)
{
    if (k == n) {
        uint64_t v = 0;
        for (int i = 0; i < n; i++) v = v * 10 + (uint64_t)perm[i];
        permsum += v * (permcount % 7 + 1);
        permcount++;
        return;
    }
    for (int i = 0; i < n; i++)
        if (!used[i]) { used[i] = 1; perm[k] = i; permute(k + 1, n); used[i] = 0; }
}

static long depth_sum(long n) { volatile long pad[4] = {n, n, n, n}; return n == 0 ? 0 : pad[2] + depth_sum(n - 1); }

int main(void)
{
    for (unsigned long m = 0; m <= 3; m++)
        for (unsigned long n = 0; n <= 6; n++)
            printf("ack(%lu,%lu)=%lu%s", m, n, ack(m, n), n == 6 ? "\n" : " ");
    printf("ack(2,300)=%lu ack(3,8)=%lu\n", ack(2, 300), ack(3, 8));
    for (int i = 0; i <= 30; i += 3) printf("fib(%d)=%llu ", i, (unsigned long long)fib(i));
    printf("\nfib(32)=%llu\n", (unsigned long long)fib(32));
    printf("is_even(10001)=%d is_odd(77777)=%d\n", is_even(10001), is_odd(77777));
    hanoi(20, 1, 3, 2);
    printf("hanoi moves=%lu\n", moves);
    permute(0, 9);
    printf("permutations=%llu weighted sum=%llu\n", (unsigned long long)permcount, (unsigned long long)permsum);
    printf("depth_sum(100000)=%ld\n", depth_sum(100000));
    return 0;
}
