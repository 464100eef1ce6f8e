/* Startup cost: the smallest static program that prints a line. */
#include <stdio.h>
int main(void) {
  puts("Hello, world!");
  return 0;
}
