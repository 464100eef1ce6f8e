// AdvSIMD through arm_neon.h intrinsics, A64 forms included (across-lanes reductions, pairwise
// ops on 64-bit lanes, TBL/TBX over 2-4 registers, ZIP/UZP/TRN, saturating and rounding narrows,
// float conversions with every rounding, FMA, polynomial multiply, LD2-LD4/ST2-ST4); prints results
// as hex and FPSR.QC (compare with qemu-aarch64).
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t buf[512];
static void dump(const char *name, const void *p, int n) {
  const uint8_t *b = p;
  printf("%-12s", name);
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
  putchar('\n');
}
#define D(name, v) do { __typeof__(v) t_ = (v); dump(name, &t_, sizeof t_); } while (0)
static uint64_t get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void set_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" : : "r"(v)); }

int main(void) {
  for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (uint8_t)(i * 37 + 11 + (i >> 4));
  for (int round = 0; round < 4; round++) {
    const uint8_t *p = buf + round * 16;
    uint8x16_t a = vld1q_u8(p), b = vld1q_u8(p + 48);
    int8x16_t sa = vreinterpretq_s8_u8(a), sb = vreinterpretq_s8_u8(b);
    int16x8_t s = vreinterpretq_s16_u8(a), t = vreinterpretq_s16_u8(b);
    int32x4_t w = vreinterpretq_s32_u8(a), z = vreinterpretq_s32_u8(b);
    int64x2_t q = vreinterpretq_s64_u8(a), r = vreinterpretq_s64_u8(b);
    printf("round %d\n", round);
    set_fpsr(0);
    // integer arithmetic, saturating, halving
    D("add.2d", vaddq_s64(q, r));
    D("sub.2d", vsubq_s64(q, r));
    D("uqadd.16b", vqaddq_u8(a, b));
    D("sqsub.8h", vqsubq_s16(s, t));
    D("sqadd.2d", vqaddq_s64(q, r));
    D("suqadd", vuqaddq_s8(sa, a));
    D("usqadd", vsqaddq_u8(a, sb));
    D("shadd.16b", vhaddq_s8(sa, sb));
    D("urhadd.8h", vrhaddq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
    D("sabd.4s", vabdq_s32(w, z));
    D("uaba.16b", vabaq_u8(a, b, vrev64q_u8(a)));
    D("abs.2d", vabsq_s64(q));
    D("sqabs.8h", vqabsq_s16(s));
    D("sqneg.4s", vqnegq_s32(w));
    D("neg.2d", vnegq_s64(q));
    D("mul.8h", vmulq_s16(s, t));
    D("mla.4s", vmlaq_s32(w, z, w));
    D("mls.lane", vmlsq_laneq_s32(w, z, w, 3));
    D("sqdmulh.8h", vqdmulhq_s16(s, t));
    D("sqrdmulh.4s", vqrdmulhq_s32(w, z));
    D("umull2.8h", vmull_high_u8(a, b));
    D("smlal.4s", vmlal_s16(w, vget_low_s16(s), vget_high_s16(t)));
    D("sqdmull2", vqdmull_high_s32(w, z));
    D("sqdmlal.lane", vqdmlal_laneq_s16(w, vget_low_s16(s), t, 5));
    D("pmul.16b", vmulq_p8(vreinterpretq_p8_u8(a), vreinterpretq_p8_u8(b)));
    D("pmull.8h", vmull_p8(vget_low_p8(vreinterpretq_p8_u8(a)), vget_low_p8(vreinterpretq_p8_u8(b))));
    // compare, select, bitwise
    D("cmgt.2d", vcgtq_s64(q, r));
    D("cmhi.8h", vcgtq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
    D("cmeq0.16b", vceqzq_s8(vandq_s8(sa, vdupq_n_s8(7))));
    D("cmtst.4s", vtstq_s32(w, z));
    D("bsl", vbslq_u8(vcgtq_u8(a, b), a, b));
    D("bic/orn", veorq_u8(vbicq_u8(a, b), vornq_u8(a, b)));
    D("cls.8h", vclsq_s16(s));
    D("clz.4s", vclzq_s32(w));
    D("cnt.16b", vcntq_u8(a));
    D("rbit.16b", vrbitq_u8(a));
    D("rev16/32", vrev32q_u16(vreinterpretq_u16_u8(vrev16q_u8(a))));
    // shifts
    D("sshl.2d", vshlq_s64(q, vreinterpretq_s64_u8(vandq_u8(b, vdupq_n_u8(0xbf)))));
    D("uqrshl.4s", vqrshlq_u32(vreinterpretq_u32_s32(w), vreinterpretq_s32_u8(vandq_u8(b, vdupq_n_u8(0x9f)))));
    D("sshr.16b", vshrq_n_s8(sa, 3));
    D("ushr.2d", vshrq_n_u64(vreinterpretq_u64_u8(a), 63));
    D("ursra.4s", vrsraq_n_u32(vreinterpretq_u32_s32(w), vreinterpretq_u32_s32(z), 7));
    D("sli.8h", vsliq_n_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b), 5));
    D("sri.2d", vsriq_n_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b), 17));
    D("sqshlu.16b", vqshluq_n_s8(sa, 2));
    D("shrn2", vshrn_high_n_s32(vshrn_n_s32(w, 5), z, 11));
    D("sqrshrun", vqrshrun_n_s16(s, 4));
    D("uqshrn.2d", vqshrn_n_u64(vreinterpretq_u64_u8(a), 20));
    D("sshll2", vshll_high_n_s8(sa, 3));
    D("xtn/sqxtn", vcombine_s16(vmovn_s32(w), vqmovn_s32(z)));
    D("uqxtn.2d", vqmovn_u64(vreinterpretq_u64_u8(b)));
    D("sqxtun2", vqmovun_high_s16(vqmovun_s16(s), t));
    D("uxtl2", vmovl_high_u8(a));
    // across lanes and pairwise
    D("addv.16b", vaddvq_u8(a));
    D("saddlv.8h", vaddlvq_s16(s));
    D("umaxv.4s", vmaxvq_u32(vreinterpretq_u32_s32(w)));
    D("sminv.16b", vminvq_s8(sa));
    D("addp.2d", vpaddq_s64(q, r));
    D("addp.d", vpaddd_s64(q));
    D("uaddlp.16b", vpaddlq_u8(a));
    D("sadalp.8h", vpadalq_s16(w, s));
    D("smaxp.4s", vpmaxq_s32(w, z));
    // permutes and tables
    D("zip1.16b", vzip1q_u8(a, b));
    D("zip2.8h", vzip2q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
    D("uzp1.4s", vuzp1q_s32(w, z));
    D("uzp2.2d", vuzp2q_s64(q, r));
    D("trn1.16b", vtrn1q_u8(a, b));
    D("trn2.4s", vtrn2q_s32(w, z));
    D("ext.16b#5", vextq_u8(a, b, 5));
    D("dup.lane", vdupq_laneq_u16(vreinterpretq_u16_u8(b), 6));
    D("ins.lane", vcopyq_laneq_s32(w, 1, z, 3));
    uint8x16_t idx = vandq_u8(b, vdupq_n_u8(0x3f));
    uint8x16x2_t t2 = { { a, b } };
    uint8x16x3_t t3 = { { a, b, vrev64q_u8(b) } };
    uint8x16x4_t t4 = { { a, b, vrev64q_u8(a), vrev64q_u8(b) } };
    D("tbl1", vqtbl1q_u8(a, vandq_u8(b, vdupq_n_u8(0x1f))));
    D("tbl2", vqtbl2q_u8(t2, idx));
    D("tbl3", vqtbl3q_u8(t3, idx));
    D("tbl4", vqtbl4q_u8(t4, vandq_u8(b, vdupq_n_u8(0x7f))));
    D("tbx2", vqtbx2q_u8(a, t2, vandq_u8(b, vdupq_n_u8(0x3f))));
    D("tbx1.8b", vqtbx1_u8(vget_low_u8(b), a, vget_high_u8(b)));
    printf("fpsr.qc     %d\n", (int)(get_fpsr() >> 27 & 1));
  }

  // structure loads and stores
  uint8x16x3_t l3 = vld3q_u8(buf + 5);
  uint16x8x4_t l4 = vld4q_u16((const uint16_t *)(buf + 64));
  uint32x4x2_t l2 = vld2q_u32((const uint32_t *)(buf + 200));
  D("ld3.16b", l3);
  D("ld4.8h", l4);
  D("ld2.4s", l2);
  D("ld1r", vld1q_dup_u32((const uint32_t *)(buf + 12)));
  D("ld3r", vld3q_dup_u16((const uint16_t *)(buf + 30)));
  D("ld2.lane", vld2q_lane_u8(buf + 100, (uint8x16x2_t){ { vld1q_u8(buf), vld1q_u8(buf + 16) } }, 9));
  D("ld1x3", vld1q_u8_x3(buf + 7));
  uint8_t out[64] = { 0 };
  vst4q_u8(out, (uint8x16x4_t){ { vld1q_u8(buf), vld1q_u8(buf + 16), vld1q_u8(buf + 32), vld1q_u8(buf + 48) } });
  dump("st4.16b", out, 64);
  memset(out, 0, sizeof out);
  vst3_lane_u16((uint16_t *)(out + 2), (uint16x4x3_t){ { vld1_u16((const uint16_t *)buf), vld1_u16((const uint16_t *)(buf + 8)), vld1_u16((const uint16_t *)(buf + 16)) } }, 2);
  vst2q_u64((uint64_t *)(out + 16), (uint64x2x2_t){ { vld1q_u64((const uint64_t *)(buf + 32)), vld1q_u64((const uint64_t *)(buf + 80)) } });
  dump("st3l/st2.2d", out, 64);

  // floating point lanes
  float fin[16];
  double din[8];
  for (int i = 0; i < 16; i++) fin[i] = (float)(i * 7 - 50) / 8.0f + (i & 1 ? 0.5f : 0.25f);
  for (int i = 0; i < 8; i++) din[i] = (double)(i * 13 - 40) / 3.0;
  fin[3] = 1e30f; fin[6] = -0.0f; fin[9] = 3e9f; fin[12] = -2.5f;
  din[2] = 1e300; din[5] = -2.5;
  for (int k = 0; k < 16; k += 4) {
    float32x4_t f = vld1q_f32(fin + k), g = vld1q_f32(fin + ((k + 4) & 15));
    float64x2_t d = vld1q_f64(din + (k >> 1)), e = vld1q_f64(din + ((k >> 1) + 2) % 8);
    printf("floats %d\n", k);
    set_fpsr(0);
    D("fadd.4s", vaddq_f32(f, g));
    D("fmul.2d", vmulq_f64(d, e));
    D("fdiv.4s", vdivq_f32(f, g));
    D("fsqrt.2d", vsqrtq_f64(vabsq_f64(d)));
    D("fma.4s", vfmaq_f32(f, g, f));
    D("fms.lane", vfmsq_laneq_f64(d, e, d, 1));
    D("fmax/fmin", vcombine_f32(vget_low_f32(vmaxq_f32(f, g)), vget_high_f32(vminq_f32(f, g))));
    D("fmaxnmv", vmaxnmvq_f32(f));
    D("fminp.2d", vpminq_f64(d, e));
    D("faddp.4s", vpaddq_f32(f, g));
    D("fabd.2d", vabdq_f64(d, e));
    D("fcmge", vcgeq_f32(f, g));
    D("facgt.2d", vcagtq_f64(d, e));
    D("frintn", vrndnq_f32(f));
    D("frintm/p", vcombine_f32(vget_low_f32(vrndmq_f32(f)), vget_high_f32(vrndpq_f32(f))));
    D("frinta.2d", vrndaq_f64(d));
    D("frintz.2d", vrndq_f64(d));
    D("fcvtzs.4s", vcvtq_s32_f32(f));
    D("fcvtzu.4s", vcvtq_u32_f32(f));
    D("fcvtns.2d", vcvtnq_s64_f64(d));
    D("fcvtas.4s", vcvtaq_s32_f32(f));
    D("fcvtmu.2d", vcvtmq_u64_f64(d));
    D("fcvtps.4s", vcvtpq_s32_f32(f));
    D("fcvtzs#8", vcvtq_n_s32_f32(f, 8));
    D("scvtf.2d", vcvtq_f64_s64(vcvtq_s64_f64(d)));
    D("ucvtf#4", vcvtq_n_f32_u32(vreinterpretq_u32_f32(f), 4));
    D("fcvtn/l", vcvt_f64_f32(vcvt_f32_f64(d)));
    D("fcvtxn", vcvtx_f32_f64(e));
    D("frecpe", vrecpeq_f32(f));
    D("frsqrte.2d", vrsqrteq_f64(vabsq_f64(d)));
    D("frecps", vrecpsq_f32(f, g));
    D("fneg/fabs", vcombine_f64(vget_low_f64(vnegq_f64(d)), vget_high_f64(vabsq_f64(e))));
    printf("fpsr        %08x\n", (unsigned)get_fpsr());
  }
  return 0;
}
