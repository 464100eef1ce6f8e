// NEON through arm_neon.h intrinsics: integer lanes (saturating, halving, widening, narrowing,
// shifts, permutes, table lookups), float lanes and estimates, loads/stores of 1-4 structures;
// prints results and FPSCR.QC as hex (compare with qemu-arm).
#include <arm_neon.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint8_t buf[256];
static void dump(const char *name, const void *p, int n) {
  const uint8_t *b = p;
  printf("%-10s", name);
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
  putchar('\n');
}
#define D(name, v) do { __typeof__(v) t_ = (v); dump(name, &t_, sizeof t_); } while (0)
static uint32_t get_fpscr(void) { uint32_t v; __asm__ volatile("vmrs %0, fpscr" : "=r"(v)); return v; }
static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }

int main(void) {
  for (int i = 0; i < 256; i++) buf[i] = (uint8_t)(i * 37 + 11);
  for (int round = 0; round < 4; round++) {
    const uint8_t *p = buf + round * 16;
    uint8x16_t a = vld1q_u8(p), b = vld1q_u8(p + 48);
    int16x8_t s = vreinterpretq_s16_u8(a), t = vreinterpretq_s16_u8(b);
    int32x4_t w = vreinterpretq_s32_u8(a), z = vreinterpretq_s32_u8(b);
    set_fpscr(0);
    D("qadd.u8", vqaddq_u8(a, b));
    D("qsub.s16", vqsubq_s16(s, t));
    D("hadd.s8", vhaddq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b)));
    D("rhadd.u16", vrhaddq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
    D("abd.s32", vabdq_s32(w, z));
    D("max.u8", vmaxq_u8(a, b));
    D("min.s16", vminq_s16(s, t));
    D("mul.i16", vmulq_s16(s, t));
    D("mla.i32", vmlaq_s32(w, z, w));
    D("qdmulh", vqdmulhq_s16(s, t));
    D("qrdmulh", vqrdmulhq_s32(w, z));
    D("mull.u8", vmull_u8(vget_low_u8(a), vget_high_u8(b)));
    D("mlal.s16", vmlal_s16(w, vget_low_s16(s), vget_high_s16(t)));
    D("qdmull", vqdmull_s32(vget_low_s32(w), vget_high_s32(z)));
    D("movn", vmovn_s32(w));
    D("qmovn.s32", vqmovn_s32(w));
    D("qmovun", vqmovun_s16(s));
    D("movl.u8", vmovl_u8(vget_low_u8(a)));
    D("shl.reg", vshlq_s16(s, vreinterpretq_s16_u8(vandq_u8(b, vdupq_n_u8(0x8f)))));
    D("qrshl", vqrshlq_u32(vreinterpretq_u32_s32(w), vreinterpretq_s32_u8(vandq_u8(b, vdupq_n_u8(0x9f)))));
    D("shr.s8", vshrq_n_s8(vreinterpretq_s8_u8(a), 3));
    D("rsra.u32", vrsraq_n_u32(vreinterpretq_u32_s32(w), vreinterpretq_u32_s32(z), 7));
    D("sli", vsliq_n_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b), 5));
    D("sri", vsriq_n_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b), 9));
    D("qshlu", vqshluq_n_s16(s, 4));
    D("qrshrn", vqrshrn_n_s32(w, 9));
    D("qshrun", vqshrun_n_s16(s, 2));
    D("shll", vshll_n_u8(vget_high_u8(a), 8));
    D("cnt", vcntq_u8(a));
    D("clz.u16", vclzq_u16(vreinterpretq_u16_u8(a)));
    D("cls.s32", vclsq_s32(w));
    D("rev64.16", vrev64q_u16(vreinterpretq_u16_u8(a)));
    D("ext", vextq_u8(a, b, 5));
    uint8x16x2_t zp = vzipq_u8(a, b);
    D("zip", zp);
    uint16x8x2_t uz = vuzpq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b));
    D("uzp", uz);
    uint32x4x2_t tr = vtrnq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b));
    D("trn", tr);
    uint8x8x2_t tab = {{vget_low_u8(a), vget_high_u8(a)}};
    D("tbl2", vtbl2_u8(tab, vand_u8(vget_low_u8(b), vdup_n_u8(0x1f))));
    D("tbx1", vtbx1_u8(vget_low_u8(b), vget_high_u8(a), vand_u8(vget_high_u8(b), vdup_n_u8(0x0f))));
    D("paddl", vpaddlq_u8(a));
    D("padal", vpadalq_s16(w, s));
    D("pmax", vpmax_s8(vget_low_s8(vreinterpretq_s8_u8(a)), vget_high_s8(vreinterpretq_s8_u8(b))));
    D("ceq", vceqq_u8(a, vrev16q_u8(a)));
    D("cgt0", vcgtq_s16(s, vdupq_n_s16(0)));
    D("tst", vtstq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)));
    D("bsl", vbslq_u8(a, b, vmvnq_u8(b)));
    D("qabs", vqabsq_s8(vreinterpretq_s8_u8(a)));
    D("qneg", vqnegq_s32(w));
    D("dup.lane", vdupq_lane_u16(vget_low_u16(vreinterpretq_u16_u8(b)), 3));
    D("mul.lane", vmulq_lane_s16(s, vget_low_s16(t), 2));
    printf("QC %d\n", (get_fpscr() >> 27) & 1);
    // floats
    float32x4_t f = vcvtq_n_f32_s32(w, 16), g = vcvtq_f32_u32(vreinterpretq_u32_s32(z));
    D("cvt.fix", f);
    D("cvt.u", g);
    D("fadd", vaddq_f32(f, g));
    D("fmul", vmulq_f32(f, g));
    D("fmla", vmlaq_f32(f, g, f));
    D("fabd", vabdq_f32(f, g));
    D("fmax", vmaxq_f32(f, g));
    D("fpadd", vpadd_f32(vget_low_f32(f), vget_high_f32(g)));
    D("fcge", vcgeq_f32(f, g));
    D("facgt", vcagtq_f32(f, g));
    D("recpe", vrecpeq_f32(f));
    D("recps", vrecpsq_f32(f, g));
    D("rsqrte", vrsqrteq_f32(vabsq_f32(f)));
    D("rsqrts", vrsqrtsq_f32(f, g));
    D("tofix", vcvtq_n_s32_f32(f, 3));
    D("tou", vcvtq_u32_f32(g));
    D("recpe.u", vrecpeq_u32(vreinterpretq_u32_s32(w)));
    // structure loads/stores
    uint8x8x3_t l3 = vld3_u8(p);
    D("ld3", l3);
    uint16x4x4_t l4 = vld4_u16((const uint16_t *)(p + 2));
    D("ld4", l4);
    uint32x2x2_t l2 = vld2_lane_u32((const uint32_t *)(p + 4), vld2_u32((const uint32_t *)(p + 20)), 1);
    D("ld2lane", l2);
    uint8x8_t dupl = vld1_dup_u8(p + 7);
    D("ld1dup", dupl);
    uint8_t out[64];
    memset(out, 0, sizeof out);
    vst4_u8(out, (uint8x8x4_t){{vget_low_u8(a), vget_high_u8(a), vget_low_u8(b), vget_high_u8(b)}});
    dump("st4", out, 32);
    vst3q_lane_u16((uint16_t *)(out + 1), (uint16x8x3_t){{vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b), vreinterpretq_u16_u8(a)}}, 5);
    dump("st3lane", out, 40);
  }
  return 0;
}
