// Unaligned loads and stores on MIPS32: gcc turns packed-struct fields and memcpy of 4/8 bytes at
// unknown alignment into LWL/LWR and SWL/SWR pairs; the inline asm below also checks what one
// LWL or LWR alone merges into a register (the half it leaves alone differs with endianness).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct __attribute__((packed)) rec {
  char tag;
  int32_t i;
  int16_t s;
  int64_t ll;
  uint32_t u;
};

static uint8_t buf[64];

static uint32_t load32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static void store32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static uint32_t lwl_only(const uint8_t *p, uint32_t old) {
  __asm__ volatile("lwl %0, 0(%1)" : "+r"(old) : "r"(p) : "memory");
  return old;
}
static uint32_t lwr_only(const uint8_t *p, uint32_t old) {
  __asm__ volatile("lwr %0, 0(%1)" : "+r"(old) : "r"(p) : "memory");
  return old;
}
static void swl_only(uint8_t *p, uint32_t v) { __asm__ volatile("swl %1, 0(%0)" : : "r"(p), "r"(v) : "memory"); }
static void swr_only(uint8_t *p, uint32_t v) { __asm__ volatile("swr %1, 0(%0)" : : "r"(p), "r"(v) : "memory"); }

static void reset(void) {
  for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(0x10 + i * 3);
}

static void dump(const char *label) {
  printf("%-10s", label);
  for (int i = 0; i < 16; i++) printf(" %02x", buf[i]);
  printf("\n");
}

int main(void) {
  reset();
  // memcpy loads at every offset within a word pair
  for (int off = 0; off < 8; off++) {
    printf("load32 +%d = %08x  load64 +%d = %016llx\n", off, load32(buf + off), off, (unsigned long long)load64(buf + off));
  }
  // lone LWL / LWR: which bytes of the old register value survive
  for (int off = 0; off < 4; off++) {
    printf("lwl +%d: %08x  lwr +%d: %08x\n", off, lwl_only(buf + 8 + off, 0xa1b2c3d4u), off, lwr_only(buf + 8 + off, 0xa1b2c3d4u));
  }
  // lone SWL / SWR: which bytes of memory are written
  for (int off = 0; off < 4; off++) {
    char label[16];
    reset();
    swl_only(buf + 4 + off, 0xdeadbeefu);
    snprintf(label, sizeof label, "swl +%d", off);
    dump(label);
    reset();
    swr_only(buf + 4 + off, 0xdeadbeefu);
    snprintf(label, sizeof label, "swr +%d", off);
    dump(label);
  }
  // memcpy stores at every offset
  for (int off = 1; off < 4; off++) {
    char label[16];
    reset();
    store32(buf + off, 0xcafef00du);
    snprintf(label, sizeof label, "store +%d", off);
    dump(label);
  }
  // packed struct fields at odd offsets: round trip and byte image
  static struct rec r[3];
  for (int k = 0; k < 3; k++) {
    r[k].tag = (char)('a' + k);
    r[k].i = -123456789 * (k + 1);
    r[k].s = (int16_t)(-1234 * (k + 1));
    r[k].ll = -1234567890123456789LL / (k + 1);
    r[k].u = 0x89abcdefu >> k;
  }
  int64_t sum = 0;
  for (int k = 0; k < 3; k++) sum += r[k].i + r[k].s + r[k].ll + r[k].u;
  printf("packed sum %lld size %u\n", (long long)sum, (unsigned)sizeof r);
  const uint8_t *bytes = (const uint8_t *)r;
  for (unsigned i = 0; i < sizeof r; i++) printf("%02x%s", bytes[i], i % 19 == 18 ? "\n" : "");
  // a checksum over unaligned words of a longer buffer
  uint8_t big[1027];
  for (unsigned i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 131 + 7);
  uint32_t h = 2166136261u;
  for (unsigned i = 1; i + 4 <= sizeof big; i += 3) h = (h ^ load32(big + i)) * 16777619u;
  printf("hash %08x\n", h);
  return 0;
}
