/* C11 atomics (single-threaded semantics of every operation and width) and a 4-thread stress. */
#include <stdio.h>
#include <stdint.h>
#include <stdatomic.h>
#include <pthread.h>

static _Atomic uint8_t a8 = 250;
static _Atomic uint16_t a16 = 65530;
static _Atomic uint32_t a32 = 0xfffffff0u;
static _Atomic uint64_t a64 = 0xfffffffffffffff0ULL;
static _Atomic int64_t sharedc;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static _Atomic int spin;

static void *stress(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50000; i++) {
        atomic_fetch_add_explicit(&sharedc, 3, memory_order_relaxed);
        atomic_fetch_sub(&sharedc, 1);
        int64_t old = atomic_load(&sharedc), nw;
        do nw = old + 1; while (!atomic_compare_exchange_weak(&sharedc, &old, nw));
        while (atomic_exchange_explicit(&spin, 1, memory_order_acquire)) { }
        atomic_store_explicit(&spin, 0, memory_order_release);
    }
    return NULL;
}

int main(void)
{
    printf("8: add=%u now=%u sub=%u or=%u and=%u xor=%u xchg=%u now=%u\n", atomic_fetch_add(&a8, 10), atomic_load(&a8), atomic_fetch_sub(&a8, 5),
           atomic_fetch_or(&a8, 0x80), atomic_fetch_and(&a8, 0xf3), atomic_fetch_xor(&a8, 0xff), atomic_exchange(&a8, 7), atomic_load(&a8));
    printf("16: add=%u now=%u or=%u and=%u xor=%u\n", atomic_fetch_add(&a16, 10), atomic_load(&a16), atomic_fetch_or(&a16, 0x8000),
           atomic_fetch_and(&a16, 0x0ff0), atomic_fetch_xor(&a16, 0xffff));
    printf("32: add=%x now=%x sub=%x or=%x and=%x xor=%x\n", atomic_fetch_add(&a32, 0x20), atomic_load(&a32), atomic_fetch_sub(&a32, 0x40),
           atomic_fetch_or(&a32, 0x80000000u), atomic_fetch_and(&a32, 0xf0f0f0f0u), atomic_fetch_xor(&a32, 0xffffffffu));
    printf("64: add=%llx now=%llx sub=%llx or=%llx and=%llx xor=%llx\n", (unsigned long long)atomic_fetch_add(&a64, 0x20),
           (unsigned long long)atomic_load(&a64), (unsigned long long)atomic_fetch_sub(&a64, 0x40), (unsigned long long)atomic_fetch_or(&a64, 1ULL << 63),
           (unsigned long long)atomic_fetch_and(&a64, 0xf0f0f0f0f0f0f0f0ULL), (unsigned long long)atomic_fetch_xor(&a64, ~0ULL));
    uint32_t exp32 = 1;
    int ok = atomic_compare_exchange_strong(&a32, &exp32, 5);
    printf("cas32 fail: ok=%d expected now=%x\n", ok, exp32);
    ok = atomic_compare_exchange_strong(&a32, &exp32, 5);
    printf("cas32 success: ok=%d value=%x\n", ok, atomic_load(&a32));
    uint16_t exp16 = atomic_load(&a16);
    ok = atomic_compare_exchange_strong(&a16, &exp16, 0x1234);
    uint8_t exp8 = 99;
    int ok8 = atomic_compare_exchange_strong(&a8, &exp8, 1);
    printf("cas16 ok=%d value=%x cas8 ok=%d expected=%u\n", ok, atomic_load(&a16), ok8, exp8);
    printf("flag: %d %d", atomic_flag_test_and_set(&flag), atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    printf(" %d lockfree64=%d\n", atomic_flag_test_and_set(&flag), (int)atomic_is_lock_free(&a64));
    /* __sync builtins and min/max loops */
    long s = 10;
    printf("sync: %ld %ld %d %ld\n", __sync_fetch_and_add(&s, 5), __sync_add_and_fetch(&s, 5), __sync_bool_compare_and_swap(&s, 20, 30), __sync_val_compare_and_swap(&s, 30, 40));
    atomic_thread_fence(memory_order_seq_cst);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, stress, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("stress counter=%lld expected=%d\n", (long long)atomic_load(&sharedc), 4 * 50000 * 3);
    return 0;
}
