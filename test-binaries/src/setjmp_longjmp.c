/* setjmp/longjmp across frames, sigsetjmp/siglongjmp restoring the signal mask, volatile locals. */
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

static void dive(int depth, int target)
{
    char pad[64];
    memset(pad, depth, sizeof pad);
    depth_reached = depth;
    if (depth == target || depth > 1000) longjmp(env, depth * 10 + pad[5]);
    dive(depth + 1, target);
    printf("not reached %d\n", pad[0]);
}

static double fp_work(double x, int jump)
{
    double a = x * 1.5, b = a + 0.25;
    if (jump) longjmp(env, 1);
    return a * b;
}

int main(void)
{
    for (volatile int target = 0; target < 5; target++) {
        volatile int counter = 100;
        int r = setjmp(env);
        if (r == 0) {
            counter++;
            dive(0, target * 7);
        } else {
            printf("target %d: setjmp returned %d, depth %d, counter %d\n", target, r, depth_reached, counter);
        }
    }
    /* longjmp with 0 turns into 1 */
    if (setjmp(env) == 0) longjmp(env, 0);
    else printf("longjmp(0) -> nonzero ok\n");
    /* floating-point callee-saved registers survive */
    volatile double keep = 2.5;
    double f1 = 3.25, f2 = -7.5;
    if (setjmp(env) == 0) {
        printf("fp_work %g\n", fp_work(keep, 0));
        fp_work(keep, 1);
    } else {
        printf("after fp longjmp keep=%g f1=%g f2=%g\n", keep, f1, f2);
    }
    /* sigsetjmp with mask save */
    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (sigsetjmp(senv, 1) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("blocked before siglongjmp: %d\n", sigismember(&cur, SIGUSR1));
        siglongjmp(senv, 5);
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("blocked after siglongjmp (mask restored): %d\n", sigismember(&cur, SIGUSR1));
    /* sigsetjmp without mask save */
    if (sigsetjmp(senv, 0) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(senv, 6);
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("blocked after siglongjmp (no save): %d\n", sigismember(&cur, SIGUSR1));
    /* jump out of a signal handler */
    return 0;
}
