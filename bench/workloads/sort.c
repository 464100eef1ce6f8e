/* Quicksort (median of three, insertion sort for small ranges) and top-down merge sort of the same
   pseudo-random 32-bit integers; both results are checked sorted and equal.
   size = number of elements in thousands (default 1024). */
#include "common.h"

static void insertion(int32_t *a, long lo, long hi) {
  for (long i = lo + 1; i <= hi; i++) {
    int32_t v = a[i];
    long j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(int32_t *a, long lo, long hi) {
  while (hi - lo > 16) {
    long mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) { int32_t t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
    if (a[hi] < a[lo]) { int32_t t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
    if (a[hi] < a[mid]) { int32_t t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
    int32_t pivot = a[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        int32_t t = a[i]; a[i] = a[j]; a[j] = t;
        i++;
        j--;
      }
    }
    /* recurse into the smaller side, loop on the larger */
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  insertion(a, lo, hi);
}

static void merge_sort(int32_t *a, int32_t *tmp, long n) {
  if (n <= 1) return;
  long h = n / 2;
  merge_sort(a, tmp, h);
  merge_sort(a + h, tmp, n - h);
  long i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, (size_t)n * sizeof *a);
}

int main(int argc, char **argv) {
  long n = bench_size(argc, argv, 1024) * 1000;
  int32_t *q = xmalloc((size_t)n * sizeof *q), *m = xmalloc((size_t)n * sizeof *m), *tmp = xmalloc((size_t)n * sizeof *tmp);
  uint32_t s = 0xBADC0DEu;
  for (long i = 0; i < n; i++) {
    /* a quarter of the values come from a small range so there are many duplicates */
    uint32_t r = rng_next(&s);
    q[i] = m[i] = (r & 3) ? (int32_t)r : (int32_t)(r % 1000);
  }
  quicksort(q, 0, n - 1);
  merge_sort(m, tmp, n);
  int ok = 1;
  uint32_t sum = 0;
  for (long i = 0; i < n; i++) {
    if (q[i] != m[i] || (i && q[i - 1] > q[i])) ok = 0;
    sum = sum * 31u + (uint32_t)q[i];
  }
  printf("sort %ld %08x %d %d %s\n", n / 1000, (unsigned)sum, (int)q[0], (int)q[n - 1], ok ? "sorted-ok" : "sorted-FAIL");
  free(q); free(m); free(tmp);
  return ok ? 0 : 1;
}
