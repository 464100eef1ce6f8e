// The ARMv8.0 CRC32 and Cryptographic Extension instructions through arm_acle.h / arm_neon.h
// (cortex-a53 has both): CRC32B/H/W/X and CRC32C*, AES-128 encryption and decryption of the
// FIPS-197 example, SHA-1 and SHA-256 of short messages, PMULL/PMULL2 on 64-bit lanes, each
// checked against a plain C version and printed (compare with qemu-aarch64).
#include <arm_acle.h>
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *name, const void *p, int n) {
  const uint8_t *b = p;
  printf("%-16s", name);
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
  putchar('\n');
}

/* --- CRC32 --- */
static uint32_t crc_sw(uint32_t poly, uint32_t c, const uint8_t *p, size_t n) {
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ poly : c >> 1;
  }
  return c;
}
static uint32_t crc_hw(int castagnoli, uint32_t c, const uint8_t *p, size_t n) {
  // mixed widths on purpose: a byte, a halfword and a word to reach 8-byte alignment, then doublewords
  if (n && ((uintptr_t)p & 1)) { c = castagnoli ? __crc32cb(c, *p) : __crc32b(c, *p); p++; n--; }
  if (n >= 2 && ((uintptr_t)p & 2)) { uint16_t v; memcpy(&v, p, 2); c = castagnoli ? __crc32ch(c, v) : __crc32h(c, v); p += 2; n -= 2; }
  if (n >= 4 && ((uintptr_t)p & 4)) { uint32_t v; memcpy(&v, p, 4); c = castagnoli ? __crc32cw(c, v) : __crc32w(c, v); p += 4; n -= 4; }
  for (; n >= 8; p += 8, n -= 8) { uint64_t v; memcpy(&v, p, 8); c = castagnoli ? __crc32cd(c, v) : __crc32d(c, v); }
  for (; n; p++, n--) c = castagnoli ? __crc32cb(c, *p) : __crc32b(c, *p);
  return c;
}

/* --- AES --- */
static const uint8_t SBOX[256] = {
  0x63,0x7c,0x77,0x7b,0xf2,0x6b,0x6f,0xc5,0x30,0x01,0x67,0x2b,0xfe,0xd7,0xab,0x76,0xca,0x82,0xc9,0x7d,0xfa,0x59,0x47,0xf0,0xad,0xd4,0xa2,0xaf,0x9c,0xa4,0x72,0xc0,
  0xb7,0xfd,0x93,0x26,0x36,0x3f,0xf7,0xcc,0x34,0xa5,0xe5,0xf1,0x71,0xd8,0x31,0x15,0x04,0xc7,0x23,0xc3,0x18,0x96,0x05,0x9a,0x07,0x12,0x80,0xe2,0xeb,0x27,0xb2,0x75,
  0x09,0x83,0x2c,0x1a,0x1b,0x6e,0x5a,0xa0,0x52,0x3b,0xd6,0xb3,0x29,0xe3,0x2f,0x84,0x53,0xd1,0x00,0xed,0x20,0xfc,0xb1,0x5b,0x6a,0xcb,0xbe,0x39,0x4a,0x4c,0x58,0xcf,
  0xd0,0xef,0xaa,0xfb,0x43,0x4d,0x33,0x85,0x45,0xf9,0x02,0x7f,0x50,0x3c,0x9f,0xa8,0x51,0xa3,0x40,0x8f,0x92,0x9d,0x38,0xf5,0xbc,0xb6,0xda,0x21,0x10,0xff,0xf3,0xd2,
  0xcd,0x0c,0x13,0xec,0x5f,0x97,0x44,0x17,0xc4,0xa7,0x7e,0x3d,0x64,0x5d,0x19,0x73,0x60,0x81,0x4f,0xdc,0x22,0x2a,0x90,0x88,0x46,0xee,0xb8,0x14,0xde,0x5e,0x0b,0xdb,
  0xe0,0x32,0x3a,0x0a,0x49,0x06,0x24,0x5c,0xc2,0xd3,0xac,0x62,0x91,0x95,0xe4,0x79,0xe7,0xc8,0x37,0x6d,0x8d,0xd5,0x4e,0xa9,0x6c,0x56,0xf4,0xea,0x65,0x7a,0xae,0x08,
  0xba,0x78,0x25,0x2e,0x1c,0xa6,0xb4,0xc6,0xe8,0xdd,0x74,0x1f,0x4b,0xbd,0x8b,0x8a,0x70,0x3e,0xb5,0x66,0x48,0x03,0xf6,0x0e,0x61,0x35,0x57,0xb9,0x86,0xc1,0x1d,0x9e,
  0xe1,0xf8,0x98,0x11,0x69,0xd9,0x8e,0x94,0x9b,0x1e,0x87,0xe9,0xce,0x55,0x28,0xdf,0x8c,0xa1,0x89,0x0d,0xbf,0xe6,0x42,0x68,0x41,0x99,0x2d,0x0f,0xb0,0x54,0xbb,0x16,
};
static void aes128_expand(const uint8_t key[16], uint8_t rk[11][16]) {
  static const uint8_t RCON[10] = { 1, 2, 4, 8, 16, 32, 64, 128, 0x1b, 0x36 };
  memcpy(rk[0], key, 16);
  for (int r = 1; r <= 10; r++) {
    const uint8_t *p = rk[r - 1];
    uint8_t t[4] = { SBOX[p[13]] ^ RCON[r - 1], SBOX[p[14]], SBOX[p[15]], SBOX[p[12]] };
    for (int i = 0; i < 16; i++) rk[r][i] = p[i] ^ (i < 4 ? t[i] : rk[r][i - 4]);
  }
}
static uint8x16_t aes128_encrypt(uint8x16_t s, uint8_t rk[11][16]) {
  for (int r = 0; r < 9; r++) s = vaesmcq_u8(vaeseq_u8(s, vld1q_u8(rk[r])));
  s = vaeseq_u8(s, vld1q_u8(rk[9]));
  return veorq_u8(s, vld1q_u8(rk[10]));
}
static uint8x16_t aes128_decrypt(uint8x16_t s, uint8_t rk[11][16]) {
  // equivalent inverse cipher: inner round keys go through InvMixColumns
  s = vaesdq_u8(s, vld1q_u8(rk[10]));
  for (int r = 9; r >= 1; r--) s = vaesdq_u8(vaesimcq_u8(s), vaesimcq_u8(vld1q_u8(rk[r])));
  return veorq_u8(s, vld1q_u8(rk[0]));
}

/* --- SHA-256 and SHA-1 --- */
static const uint32_t K256[64] = {
  0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
  0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
  0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
  0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2,
};
static void sha256_block(uint32_t st[8], const uint8_t blk[64]) {
  uint32x4_t abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4);
  uint32x4_t m[4];
  for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
  uint32x4_t a0 = abcd, e0 = efgh;
  for (int i = 0; i < 16; i++) {
    uint32x4_t wk = vaddq_u32(m[i & 3], vld1q_u32(K256 + 4 * i));
    uint32x4_t prev = abcd;
    abcd = vsha256hq_u32(abcd, efgh, wk);
    efgh = vsha256h2q_u32(efgh, prev, wk);
    if (i < 12) m[i & 3] = vsha256su1q_u32(vsha256su0q_u32(m[i & 3], m[(i + 1) & 3]), m[(i + 2) & 3], m[(i + 3) & 3]);
  }
  vst1q_u32(st, vaddq_u32(abcd, a0));
  vst1q_u32(st + 4, vaddq_u32(efgh, e0));
}
static void sha1_block(uint32_t st[5], const uint8_t blk[64]) {
  uint32x4_t abcd = vld1q_u32(st), abcd0 = abcd;
  uint32_t e = st[4], e0 = e;
  uint32x4_t m[4];
  for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
  static const uint32_t K[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
  for (int i = 0; i < 20; i++) {
    uint32x4_t wk = vaddq_u32(m[i & 3], vdupq_n_u32(K[i / 5]));
    uint32_t ne = vsha1h_u32(vgetq_lane_u32(abcd, 0));
    if (i < 5) abcd = vsha1cq_u32(abcd, e, wk);
    else if (i < 10 || i >= 15) abcd = vsha1pq_u32(abcd, e, wk);
    else abcd = vsha1mq_u32(abcd, e, wk);
    e = ne;
    if (i < 16) m[i & 3] = vsha1su1q_u32(vsha1su0q_u32(m[i & 3], m[(i + 1) & 3], m[(i + 2) & 3]), m[(i + 3) & 3]);
  }
  vst1q_u32(st, vaddq_u32(abcd, abcd0));
  st[4] = e + e0;
}
/* One-block messages (< 56 bytes) only. */
static void pad(uint8_t blk[64], const char *msg) {
  size_t n = strlen(msg);
  memset(blk, 0, 64);
  memcpy(blk, msg, n);
  blk[n] = 0x80;
  uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i++) blk[63 - i] = (uint8_t)(bits >> (8 * i));
}

/* --- carry-less multiply --- */
static void clmul64(uint64_t a, uint64_t b, uint64_t out[2]) {
  out[0] = out[1] = 0;
  for (int i = 0; i < 64; i++)
    if (b >> i & 1) { out[0] ^= a << i; if (i) out[1] ^= a >> (64 - i); }
}

int main(void) {
  static uint8_t data[1000];
  for (int i = 0; i < (int)sizeof data; i++) data[i] = (uint8_t)(i * 131 + (i >> 3));
  int ok = 1;
  for (int off = 0; off < 8; off++) {
    size_t n = sizeof data - 8 - (size_t)off * 37;
    uint32_t a = crc_hw(0, 0xffffffffu, data + off, n) ^ 0xffffffffu, b = crc_sw(0xedb88320u, 0xffffffffu, data + off, n) ^ 0xffffffffu;
    uint32_t c = crc_hw(1, 0xffffffffu, data + off, n) ^ 0xffffffffu, d = crc_sw(0x82f63b78u, 0xffffffffu, data + off, n) ^ 0xffffffffu;
    printf("crc32 off=%d n=%zu: %08x %08x crc32c: %08x %08x\n", off, n, a, b, c, d);
    ok &= a == b && c == d;
  }
  printf("crc32(\"123456789\") = %08x, crc32c = %08x\n", crc_hw(0, ~0u, (const uint8_t *)"123456789", 9) ^ ~0u, crc_hw(1, ~0u, (const uint8_t *)"123456789", 9) ^ ~0u);

  static const uint8_t key[16] = { 0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x08,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f };
  static const uint8_t pt[16] = { 0x00,0x11,0x22,0x33,0x44,0x55,0x66,0x77,0x88,0x99,0xaa,0xbb,0xcc,0xdd,0xee,0xff };
  uint8_t rk[11][16];
  aes128_expand(key, rk);
  uint8_t ct[16], back[16];
  vst1q_u8(ct, aes128_encrypt(vld1q_u8(pt), rk));
  vst1q_u8(back, aes128_decrypt(vld1q_u8(ct), rk));
  hex("aes128 enc", ct, 16);
  hex("aes128 dec", back, 16);
  ok &= memcmp(back, pt, 16) == 0;
  uint8x16_t s = vld1q_u8(data);
  for (int i = 0; i < 50; i++) s = aes128_encrypt(veorq_u8(s, vld1q_u8(data + 16 * (i % 60))), rk);
  hex("aes cbc-ish", &s, 16);
  uint8x16_t x = vld1q_u8(data + 300);
  uint8_t t[16];
  vst1q_u8(t, vaeseq_u8(x, vld1q_u8(data + 500))); hex("aese", t, 16);
  vst1q_u8(t, vaesdq_u8(x, vld1q_u8(data + 500))); hex("aesd", t, 16);
  vst1q_u8(t, vaesmcq_u8(x)); hex("aesmc", t, 16);
  vst1q_u8(t, vaesimcq_u8(x)); hex("aesimc", t, 16);

  const char *msgs[] = { "", "abc", "The quick brown fox jumps over the lazy dog" };
  for (int i = 0; i < 3; i++) {
    uint8_t blk[64];
    pad(blk, msgs[i]);
    uint32_t h256[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint32_t h1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    sha256_block(h256, blk);
    sha1_block(h1, blk);
    printf("sha256(\"%s\") = ", msgs[i]);
    for (int k = 0; k < 8; k++) printf("%08x", h256[k]);
    printf("\nsha1(\"%s\") = ", msgs[i]);
    for (int k = 0; k < 5; k++) printf("%08x", h1[k]);
    putchar('\n');
  }

  for (int i = 0; i < 6; i++) {
    uint64_t a, b;
    memcpy(&a, data + 16 * i, 8);
    memcpy(&b, data + 16 * i + 200, 8);
    poly128_t p = vmull_p64((poly64_t)a, (poly64_t)b);
    uint64_t sw[2], hw[2];
    clmul64(a, b, sw);
    memcpy(hw, &p, 16);
    poly64x2_t va = vreinterpretq_p64_u8(vld1q_u8(data + 16 * i)), vb = vreinterpretq_p64_u8(vld1q_u8(data + 16 * i + 200));
    poly128_t p2 = vmull_high_p64(va, vb);
    printf("pmull %016llx%016llx %s\n", (unsigned long long)hw[1], (unsigned long long)hw[0], hw[0] == sw[0] && hw[1] == sw[1] ? "ok" : "BAD");
    hex("pmull2", &p2, 16);
    ok &= hw[0] == sw[0] && hw[1] == sw[1];
  }
  printf("%s\n", ok ? "all match" : "MISMATCH");
  return ok ? 0 : 1;
}
