/* A small register bytecode interpreter with switch dispatch, running three programs: a prime
   sieve, an LCG/xorshift hash loop and an iterative Fibonacci mod 2^32, all inside the VM.
   size = outer repetitions (default 32). */
#include "common.h"

enum op {
  OP_LI,    /* r[a] = imm */
  OP_MOV,   /* r[a] = r[b] */
  OP_ADD,   /* r[a] = r[b] + r[c] */
  OP_SUB,
  OP_MUL,
  OP_AND,
  OP_XOR,
  OP_SHL,   /* r[a] = r[b] << (r[c] & 31) */
  OP_SHR,
  OP_ADDI,  /* r[a] = r[b] + imm */
  OP_LDB,   /* r[a] = mem[r[b]] */
  OP_STB,   /* mem[r[b]] = r[a] */
  OP_BLT,   /* if r[a] < r[b] (unsigned) goto imm */
  OP_BNZ,   /* if r[a] != 0 goto imm */
  OP_JMP,   /* goto imm */
  OP_HALT,
};

typedef struct {
  uint8_t op, a, b, c;
  int32_t imm;
} insn;

#define MEM_SIZE 65536
static uint8_t mem[MEM_SIZE];

static uint32_t run(const insn *code, uint32_t *r) {
  uint32_t pc = 0, steps = 0;
  for (;;) {
    const insn *i = &code[pc++];
    steps++;
    switch (i->op) {
      case OP_LI: r[i->a] = (uint32_t)i->imm; break;
      case OP_MOV: r[i->a] = r[i->b]; break;
      case OP_ADD: r[i->a] = r[i->b] + r[i->c]; break;
      case OP_SUB: r[i->a] = r[i->b] - r[i->c]; break;
      case OP_MUL: r[i->a] = r[i->b] * r[i->c]; break;
      case OP_AND: r[i->a] = r[i->b] & r[i->c]; break;
      case OP_XOR: r[i->a] = r[i->b] ^ r[i->c]; break;
      case OP_SHL: r[i->a] = r[i->b] << (r[i->c] & 31); break;
      case OP_SHR: r[i->a] = r[i->b] >> (r[i->c] & 31); break;
      case OP_ADDI: r[i->a] = r[i->b] + (uint32_t)i->imm; break;
      case OP_LDB: r[i->a] = mem[r[i->b] & (MEM_SIZE - 1)]; break;
      case OP_STB: mem[r[i->b] & (MEM_SIZE - 1)] = (uint8_t)r[i->a]; break;
      case OP_BLT: if (r[i->a] < r[i->b]) pc = (uint32_t)i->imm; break;
      case OP_BNZ: if (r[i->a] != 0) pc = (uint32_t)i->imm; break;
      case OP_JMP: pc = (uint32_t)i->imm; break;
      case OP_HALT: return steps;
      default: return 0;
    }
  }
}

#define I(o, a, b, c, imm) {o, a, b, c, imm}

/* count primes below r1 (<= MEM_SIZE); result in r0 */
static const insn sieve[] = {
  /* 0 */ I(OP_LI, 2, 0, 0, 0),             /* i = 0 */
  /* 1 */ I(OP_LI, 3, 0, 0, 1),             /* one = 1 */
  /* 2 */ I(OP_STB, 3, 2, 0, 0),            /* mem[i] = 1 */
  /* 3 */ I(OP_ADDI, 2, 2, 0, 1),
  /* 4 */ I(OP_BLT, 2, 1, 0, 2),            /* while i < n */
  /* 5 */ I(OP_LI, 0, 0, 0, 0),             /* count = 0 */
  /* 6 */ I(OP_LI, 2, 0, 0, 2),             /* i = 2 */
  /* 7 */ I(OP_LDB, 4, 2, 0, 0),            /* loop: t = mem[i] */
  /* 8 */ I(OP_BNZ, 4, 0, 0, 11),
  /* 9 */ I(OP_ADDI, 2, 2, 0, 1),
  /* 10 */ I(OP_JMP, 0, 0, 0, 17),
  /* 11 */ I(OP_ADDI, 0, 0, 0, 1),          /* prime: count++ */
  /* 12 */ I(OP_ADD, 5, 2, 2, 0),           /* j = 2i */
  /* 13 */ I(OP_LI, 6, 0, 0, 0),
  /* 14 */ I(OP_BLT, 5, 1, 0, 19),          /* if j < n: mark */
  /* 15 */ I(OP_ADDI, 2, 2, 0, 1),
  /* 16 */ I(OP_JMP, 0, 0, 0, 17),
  /* 17 */ I(OP_BLT, 2, 1, 0, 7),           /* next: while i < n */
  /* 18 */ I(OP_HALT, 0, 0, 0, 0),
  /* 19 */ I(OP_STB, 6, 5, 0, 0),           /* mark: mem[j] = 0 */
  /* 20 */ I(OP_ADD, 5, 5, 2, 0),           /* j += i */
  /* 21 */ I(OP_JMP, 0, 0, 0, 14),
};

/* r1 iterations of x = x*1103515245 + 12345; h ^= x >> 7; h = (h << 5) ^ (h >> 27) ^ x; result r0 */
static const insn hashloop[] = {
  /* 0 */ I(OP_LI, 0, 0, 0, 0x1234567),     /* h */
  /* 1 */ I(OP_LI, 2, 0, 0, 1),             /* x */
  /* 2 */ I(OP_LI, 3, 0, 0, 1103515245),
  /* 3 */ I(OP_LI, 4, 0, 0, 7),
  /* 4 */ I(OP_LI, 5, 0, 0, 5),
  /* 5 */ I(OP_LI, 6, 0, 0, 27),
  /* 6 */ I(OP_MUL, 2, 2, 3, 0),            /* loop */
  /* 7 */ I(OP_ADDI, 2, 2, 0, 12345),
  /* 8 */ I(OP_SHR, 7, 2, 4, 0),
  /* 9 */ I(OP_XOR, 0, 0, 7, 0),
  /* 10 */ I(OP_SHL, 7, 0, 5, 0),
  /* 11 */ I(OP_SHR, 8, 0, 6, 0),
  /* 12 */ I(OP_XOR, 0, 7, 8, 0),
  /* 13 */ I(OP_XOR, 0, 0, 2, 0),
  /* 14 */ I(OP_ADDI, 1, 1, 0, -1),
  /* 15 */ I(OP_BNZ, 1, 0, 0, 6),
  /* 16 */ I(OP_HALT, 0, 0, 0, 0),
};

/* fib(r1) mod 2^32, iteratively; result r0 */
static const insn fib[] = {
  /* 0 */ I(OP_LI, 0, 0, 0, 0),
  /* 1 */ I(OP_LI, 2, 0, 0, 1),
  /* 2 */ I(OP_ADD, 3, 0, 2, 0),            /* loop: t = a + b */
  /* 3 */ I(OP_MOV, 0, 2, 0, 0),
  /* 4 */ I(OP_MOV, 2, 3, 0, 0),
  /* 5 */ I(OP_ADDI, 1, 1, 0, -1),
  /* 6 */ I(OP_BNZ, 1, 0, 0, 2),
  /* 7 */ I(OP_HALT, 0, 0, 0, 0),
};

int main(int argc, char **argv) {
  long reps = bench_size(argc, argv, 32);
  uint32_t r[16];
  uint32_t acc = 0, total_steps = 0;
  for (long k = 0; k < reps; k++) {
    memset(r, 0, sizeof r);
    r[1] = 60000 + (uint32_t)(k % 5000);
    total_steps += run(sieve, r);
    acc = acc * 33u + r[0];
    memset(r, 0, sizeof r);
    r[1] = 100000 + (uint32_t)k;
    total_steps += run(hashloop, r);
    acc = acc * 33u + r[0];
    memset(r, 0, sizeof r);
    r[1] = 50000 + (uint32_t)k;
    total_steps += run(fib, r);
    acc = acc * 33u + r[0];
  }
  printf("interp %ld %08x %u\n", reps, (unsigned)acc, (unsigned)total_steps);
  return 0;
}
