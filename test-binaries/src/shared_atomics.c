/* Read-modify-writes on MAP_SHARED memory from several processes at once: C11 atomic adds on
   8-, 16-, 32- (and, where lock-free, 64-) bit counters, a compare-exchange loop, a
   PTHREAD_PROCESS_SHARED mutex and a process-shared semaphore guarding plain counters. Every total
   is exact only if each atomic operation is atomic across processes (LL/SC, exclusives, AMOs and
   CAS of separate emulator processes on the same host pages); a lost update shows as a short count. */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 3
#ifndef ROUNDS
#define ROUNDS 100000
#endif
#ifndef LOCKED_ROUNDS
#define LOCKED_ROUNDS 5000
#endif

struct shared {
    atomic_int ready, go;
    atomic_int add32;
    _Atomic uint16_t add16;
    _Atomic uint8_t add8;
    atomic_uint cas_loop;
#if ATOMIC_LLONG_LOCK_FREE == 2
    atomic_llong add64;
#endif
    pthread_mutex_t mutex;
    long under_mutex;
    sem_t sem;
    long under_sem;
};

static void work(struct shared *s)
{
    atomic_fetch_add(&s->ready, 1);
    while (!atomic_load(&s->go)) sched_yield();
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add(&s->add32, 1);
        atomic_fetch_add(&s->add16, 1);
        atomic_fetch_add(&s->add8, 1);
        unsigned old = atomic_load(&s->cas_loop);
        while (!atomic_compare_exchange_weak(&s->cas_loop, &old, old + 3)) {}
#if ATOMIC_LLONG_LOCK_FREE == 2
        atomic_fetch_add(&s->add64, 0x100000001LL);
#endif
    }
    for (int i = 0; i < LOCKED_ROUNDS; i++) {
        pthread_mutex_lock(&s->mutex);
        s->under_mutex++;
        pthread_mutex_unlock(&s->mutex);
        while (sem_wait(&s->sem) != 0) {}
        s->under_sem++;
        sem_post(&s->sem);
    }
}

int main(void)
{
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED) return 1;
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->mutex, &ma);
    sem_init(&s->sem, 1, 1);

    pid_t kids[WORKERS];
    for (int k = 0; k < WORKERS; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            work(s);
            _exit(0);
        }
    }
    /* All children start their loops together, so they run at the same time on a multi-core host. */
    while (atomic_load(&s->ready) < WORKERS) usleep(1000);
    atomic_store(&s->go, 1);
    int clean = 1;
    for (int k = 0; k < WORKERS; k++) {
        int st;
        if (waitpid(kids[k], &st, 0) != kids[k] || !WIFEXITED(st) || WEXITSTATUS(st) != 0) clean = 0;
    }
    long n = (long)WORKERS * ROUNDS;
    printf("children exited cleanly: %d\n", clean);
    printf("add32 %d of %ld\n", atomic_load(&s->add32), n);
    printf("add16 %u of %ld\n", (unsigned)atomic_load(&s->add16), n % 65536);
    printf("add8 %u of %ld\n", (unsigned)atomic_load(&s->add8), n % 256);
    printf("cas loop %u of %ld\n", atomic_load(&s->cas_loop), 3 * n);
#if ATOMIC_LLONG_LOCK_FREE == 2
    printf("add64 %llx of %llx\n", (unsigned long long)atomic_load(&s->add64), (unsigned long long)n * 0x100000001ULL);
#endif
    printf("under a process-shared mutex %ld of %ld\n", s->under_mutex, (long)WORKERS * LOCKED_ROUNDS);
    printf("under a process-shared semaphore %ld of %ld\n", s->under_sem, (long)WORKERS * LOCKED_ROUNDS);
    return 0;
}
