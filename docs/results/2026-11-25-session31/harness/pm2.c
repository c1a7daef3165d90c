#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define RUN(name, body, per) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11","k1","k2","k3","k4"); t=now()-t; printf("%-22s %.2f instr/cycle@3.65\n", name, 20000000.0*per/t/1e9/3.65);}
#define P(d) "vmovdqa64 %%zmm31,%%zmm" #d "\n vpermi2b %%zmm29,%%zmm30,%%zmm" #d "\n"
#define C(k) "vpcmpeqb %%zmm31,%%zmm30,%%k" #k "\n"
#define B(d,k) "vpblendmb %%zmm30,%%zmm" #d ",%%zmm" #d "%{%%k" #k "%}\n"
#define T(d) "vpermt2b %%zmm29,%%zmm31,%%zmm" #d "\n"
int main(){
  RUN("vpermi2b+mov", P(0) P(1) P(2) P(3) P(4) P(5), 6)
  RUN("vpermt2b", T(0) T(1) T(2) T(3) T(4) T(5), 6)
  RUN("vpcmpeqb->k", C(1) C(2) C(3) C(4), 4)
  RUN("vpblendmb", B(0,1) B(1,2) B(2,3) B(3,4) B(4,1) B(5,2), 6)
  RUN("combo t2b+cmp+blend", T(0) C(1) B(6,1) T(1) C(2) B(7,2) T(2) C(3) B(8,3) T(3) C(4) B(9,4), 4)
}
