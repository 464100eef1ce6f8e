/* POSIX threads: create/join with return values, mutex, condition variable, barrier, TLS, once. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <pthread.h>
#include <semaphore.h>

enum { NT = 4, ITER = 20000 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread long tls_val = 5;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_barrier_t bar;
static long order_log[NT * 3];
static int order_n;

static sem_t done;
static volatile int detached_flag;
static void *detached(void *arg) { (void)arg; detached_flag = 1234; sem_post(&done); return NULL; }
static void *forever(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    sem_post(&done);
    for (;;) pthread_cond_wait(&cv, &mu);
    return NULL;
}

static void init_once(void) { once_runs++; }

static void *worker(void *arg)
{
    long id = (long)(intptr_t)arg;
    pthread_once(&once, init_once);
    tls_val += id;
    for (int i = 0; i < ITER; i++) { pthread_mutex_lock(&mu); counter++; pthread_mutex_unlock(&mu); }
    pthread_barrier_wait(&bar);
    /* take turns in id order using the condition variable */
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&mu);
        while (turn % NT != id) pthread_cond_wait(&cv, &mu);
        order_log[order_n++] = id * 10 + round;
        turn++;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    return (void *)(intptr_t)(tls_val * 100 + id);
}

int main(void)
{
    pthread_t th[NT];
    pthread_barrier_init(&bar, NULL, NT);
    for (long i = 0; i < NT; i++) pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
    long retsum = 0;
    for (int i = 0; i < NT; i++) { void *r; pthread_join(th[i], &r); printf("thread %d returned %ld\n", i, (long)(intptr_t)r); retsum += (long)(intptr_t)r; }
    printf("counter=%ld expected=%d once_runs=%d main tls=%ld\n", counter, NT * ITER, once_runs, tls_val);
    printf("turn order:");
    for (int i = 0; i < order_n; i++) printf(" %ld", order_log[i]);
    printf("\n");
    pthread_barrier_destroy(&bar);
    /* detached thread signalling completion */
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&at, 256 * 1024);
    turn = 0;
    pthread_t d;
    sem_init(&done, 0, 0);
    pthread_create(&d, &at, detached, NULL);
    pthread_attr_destroy(&at);
    sem_wait(&done);
    printf("detached thread posted, flag=%d\n", detached_flag);
    /* a thread still running (blocked forever) when main returns must not keep the process alive */
    pthread_t blocker;
    pthread_create(&blocker, NULL, forever, NULL);
    sem_wait(&done);
    printf("exiting with a blocked thread, retsum=%ld\n", retsum);
    return 0;
}
