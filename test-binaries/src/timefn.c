/* Deterministic time functions: gmtime/localtime/mktime/timegm/strftime on fixed times, with TZ
   set by the program to POSIX rules (no zoneinfo files needed). Clocks are only checked for sanity. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

static void show(const char *label, const struct tm *t)
{
    char buf[256];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %U %W %V %G %u %w %y %C %e %I %p %Z %z %s %%", t);
    printf("%s: %s isdst=%d yday=%d gmtoff=%ld\n", label, buf, t->tm_isdst, t->tm_yday, t->tm_gmtoff);
}

int main(void)
{
    static const long long times[] = {0, 1, -1, 86399, 951782400 /* 2000-02-29 */, 1234567890, 2147483647, 2147483648LL,
        -2147483648LL, 4102444800LL /* 2100-01-01 */, 253402300799LL, 1700000000, 1710054000, 1730595600, -62135596800LL};
    setenv("TZ", "UTC0", 1);
    tzset();
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        struct tm tm;
        time_t t = (time_t)times[i];
        if ((long long)t != times[i]) { printf("%lld does not fit in time_t\n", times[i]); continue; }
        if (!gmtime_r(&t, &tm)) { printf("gmtime %lld failed\n", (long long)t); continue; }
        char lbl[40];
        snprintf(lbl, sizeof lbl, "gm %lld", (long long)t);
        show(lbl, &tm);
        time_t back = timegm(&tm);
        struct tm tm2 = tm;
        time_t mk = mktime(&tm2);
        printf("  timegm back=%lld mktime(UTC)=%lld asctime=%s", (long long)back, (long long)mk, asctime(&tm));
    }
    /* local time with a DST rule: US Eastern */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    tzset();
    printf("tzname=%s/%s timezone=%ld daylight=%d\n", tzname[0], tzname[1], timezone, daylight);
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        struct tm tm;
        time_t t = (time_t)times[i];
        if ((long long)t != times[i]) continue;
        if (!localtime_r(&t, &tm)) continue;
        char lbl[40];
        snprintf(lbl, sizeof lbl, "local %lld", (long long)t);
        show(lbl, &tm);
        tm.tm_isdst = -1;
        printf("  mktime back=%lld\n", (long long)mktime(&tm));
    }
    /* mktime normalization */
    setenv("TZ", "UTC0", 1);
    tzset();
    struct tm n = {0};
    n.tm_year = 2023 - 1900; n.tm_mon = 13; n.tm_mday = 35; n.tm_hour = 25; n.tm_min = 61; n.tm_sec = 61; n.tm_isdst = 0;
    time_t nt = mktime(&n);
    show("normalized", &n);
    printf("  = %lld\n", (long long)nt);
    /* strptime round trip */
    struct tm p;
    memset(&p, 0, sizeof p);
    char *end = strptime("2024-02-29T13:45:07", "%Y-%m-%dT%H:%M:%S", &p);
    printf("strptime rest=[%s] %d-%d-%d %d:%d:%d timegm=%lld\n", end ? end : "(null)", p.tm_year + 1900, p.tm_mon + 1, p.tm_mday, p.tm_hour,
           p.tm_min, p.tm_sec, (long long)timegm(&p));
    /* difftime, ctime with fixed values */
    time_t t0 = 1000000000;
    printf("difftime=%.1f ctime=%s", difftime(t0 + 3600, t0), ctime(&t0));
    /* clocks: only sanity, never values */
    struct timespec a, b, r;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec req = {0, 2000000};
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long dns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("monotonic advanced >= 2ms: %s\n", dns >= 2000000 ? "yes" : "no");
    clock_getres(CLOCK_MONOTONIC, &r);
    printf("monotonic res <= 1ms: %s\n", r.tv_sec == 0 && r.tv_nsec <= 1000000 ? "yes" : "no");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("time() after 2020: %s, gettimeofday consistent: %s\n", now > 1577836800 ? "yes" : "no",
           (tv.tv_sec <= now && now - tv.tv_sec < 5) ? "yes" : "no");
    clock_gettime(CLOCK_REALTIME, &a);
    printf("realtime nsec in range: %s\n", a.tv_nsec >= 0 && a.tv_nsec < 1000000000 ? "yes" : "no");
    clock_t c = clock();
    printf("clock() non-negative: %s\n", c >= 0 ? "yes" : "no");
    return 0;
}
