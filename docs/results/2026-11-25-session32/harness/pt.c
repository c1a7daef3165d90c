#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define RUN(name, body, per) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11","xmm12","xmm13","xmm14","xmm15","k1","k2","k3"); t=now()-t; printf("%-22s %.2f instr/cycle@3.65\n", name, 20000000.0*per/t/1e9/3.65);}
#define X6(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11)
#define PW_Y(d) "vpermw %%ymm30,%%ymm31,%%ymm" #d "\n"
#define PW_Z(d) "vpermw %%zmm30,%%zmm31,%%zmm" #d "\n"
#define PB_Y(d) "vpermb %%ymm30,%%ymm31,%%ymm" #d "\n"
#define PB_Z(d) "vpermb %%zmm30,%%zmm31,%%zmm" #d "\n"
#define PD_Y(d) "vpermd %%ymm30,%%ymm31,%%ymm" #d "\n"
#define PD_Z(d) "vpermps %%zmm30,%%zmm31,%%zmm" #d "\n"
#define SB_Y(d) "vpshufb %%ymm30,%%ymm31,%%ymm" #d "\n"
#define SB_Z(d) "vpshufb %%zmm30,%%zmm31,%%zmm" #d "\n"
#define SR_Y(d) "vpsrlw $4,%%ymm31,%%ymm" #d "\n"
#define SL_Y(d) "vpslld $16,%%ymm31,%%ymm" #d "\n"
#define FM_Y(d) "vfmadd231ps %%ymm30,%%ymm31,%%ymm" #d "\n"
#define FM_Z(d) "vfmadd231ps %%zmm30,%%zmm31,%%zmm" #d "\n"
#define MS_Z(d) "vpmultishiftqb %%zmm30,%%zmm31,%%zmm" #d "\n"
#define PW2_Z(d) "vpermi2w %%zmm30,%%zmm31,%%zmm" #d "\n"
#define AN_Y(d) "vpandd %%ymm30,%%ymm31,%%ymm" #d "\n"
#define ML_Y(d) "vpmulld %%ymm30,%%ymm31,%%ymm" #d "\n"
#define MH_Y(d) "vpmulhuw %%ymm30,%%ymm31,%%ymm" #d "\n"
#define AD_Y(d) "vaddps %%ymm30,%%ymm31,%%ymm" #d "\n"
#define SRX_Y(d) "vpsrlw %%xmm29,%%ymm31,%%ymm" #d "\n"
int main(){
  RUN("vpsrlw ymm,xmm", X6(SRX_Y), 12)
  RUN("srx+fma", SRX_Y(0) FM_Y(1) FM_Y(2) SRX_Y(3) FM_Y(4) FM_Y(5) SRX_Y(6) FM_Y(7) FM_Y(8) SRX_Y(9) FM_Y(10) FM_Y(11), 12)
  RUN("sr+fma", SR_Y(0) FM_Y(1) FM_Y(2) SR_Y(3) FM_Y(4) FM_Y(5) SR_Y(6) FM_Y(7) FM_Y(8) SR_Y(9) FM_Y(10) FM_Y(11), 12)

  RUN("vpmulld ymm", X6(ML_Y), 12) RUN("vpmulhuw ymm", X6(MH_Y), 12) RUN("vaddps", X6(AD_Y), 12)
  RUN("mulld+fma", ML_Y(0) FM_Y(1) FM_Y(2) ML_Y(3) FM_Y(4) FM_Y(5) ML_Y(6) FM_Y(7) FM_Y(8) ML_Y(9) FM_Y(10) FM_Y(11), 12)
  RUN("mulld+pw", ML_Y(0) PW_Y(1) ML_Y(2) PW_Y(3) ML_Y(4) PW_Y(5) ML_Y(6) PW_Y(7) ML_Y(8) PW_Y(9) ML_Y(10) PW_Y(11), 12)
  RUN("mulhuw+fma", MH_Y(0) FM_Y(1) FM_Y(2) MH_Y(3) FM_Y(4) FM_Y(5) MH_Y(6) FM_Y(7) FM_Y(8) MH_Y(9) FM_Y(10) FM_Y(11), 12)
  RUN("add+fma", AD_Y(0) FM_Y(1) FM_Y(2) AD_Y(3) FM_Y(4) FM_Y(5) AD_Y(6) FM_Y(7) FM_Y(8) AD_Y(9) FM_Y(10) FM_Y(11), 12)
  RUN("add+pw+fma", AD_Y(0) FM_Y(1) PW_Y(2) AD_Y(3) FM_Y(4) PW_Y(5) AD_Y(6) FM_Y(7) PW_Y(8) AD_Y(9) FM_Y(10) PW_Y(11), 12)

  RUN("vpermw ymm", X6(PW_Y), 12) RUN("vpermw zmm", X6(PW_Z), 12)
  RUN("vpermb ymm", X6(PB_Y), 12) RUN("vpermb zmm", X6(PB_Z), 12)
  RUN("vpermd ymm", X6(PD_Y), 12) RUN("vpermps zmm", X6(PD_Z), 12)
  RUN("vpshufb ymm", X6(SB_Y), 12) RUN("vpshufb zmm", X6(SB_Z), 12)
  RUN("vpsrlw ymm", X6(SR_Y), 12) RUN("vpslld ymm", X6(SL_Y), 12)
  RUN("fma ymm", X6(FM_Y), 12) RUN("fma zmm", X6(FM_Z), 12)
  RUN("vpmultishiftqb zmm", X6(MS_Z), 12) RUN("vpermi2w zmm", X6(PW2_Z), 12)
  RUN("pw+sr+fma ymm", PW_Y(0) SR_Y(1) FM_Y(2) PW_Y(3) SL_Y(4) FM_Y(5) PW_Y(6) SR_Y(7) FM_Y(8) PW_Y(9) SL_Y(10) FM_Y(11), 12)
  RUN("2pw+2sh+3fma ymm", PW_Y(0) SR_Y(1) FM_Y(2) FM_Y(3) PW_Y(4) SL_Y(5) FM_Y(6) FM_Y(7) FM_Y(8) FM_Y(9) FM_Y(10) FM_Y(11), 12)
  RUN("vpand ymm", X6(AN_Y), 12)
  RUN("pw+fma ymm", PW_Y(0) FM_Y(1) PW_Y(2) FM_Y(3) PW_Y(4) FM_Y(5) PW_Y(6) FM_Y(7) PW_Y(8) FM_Y(9) PW_Y(10) FM_Y(11), 12)
  RUN("pb+fma ymm", PB_Y(0) FM_Y(1) PB_Y(2) FM_Y(3) PB_Y(4) FM_Y(5) PB_Y(6) FM_Y(7) PB_Y(8) FM_Y(9) PB_Y(10) FM_Y(11), 12)
  RUN("pd+fma ymm", PD_Y(0) FM_Y(1) PD_Y(2) FM_Y(3) PD_Y(4) FM_Y(5) PD_Y(6) FM_Y(7) PD_Y(8) FM_Y(9) PD_Y(10) FM_Y(11), 12)
  RUN("sb+fma ymm", SB_Y(0) FM_Y(1) SB_Y(2) FM_Y(3) SB_Y(4) FM_Y(5) SB_Y(6) FM_Y(7) SB_Y(8) FM_Y(9) SB_Y(10) FM_Y(11), 12)
}
