/* CRC-32 (reflected, polynomial 0xEDB88320) with a 256-entry table, one byte per step.
   size = number of passes over a 1 MiB generated buffer (default 160). */
#include "common.h"

#define BUF_SIZE (1u << 20)

int main(int argc, char **argv) {
  long passes = bench_size(argc, argv, 160);
  static uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint8_t *buf = xmalloc(BUF_SIZE);
  uint32_t s = 0x12345678u;
  for (uint32_t i = 0; i < BUF_SIZE; i++) buf[i] = (uint8_t)(rng_next(&s) >> 24);
  uint32_t acc = 0;
  for (long p = 0; p < passes; p++) {
    uint32_t crc = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < BUF_SIZE; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
    crc ^= 0xFFFFFFFFu;
    acc = (acc * 31u) ^ crc;
    buf[(uint32_t)p * 7919u % BUF_SIZE] ^= (uint8_t)crc; /* each pass sees different data */
  }
  printf("crc32 %ld %08x\n", passes, (unsigned)acc);
  free(buf);
  return 0;
}
