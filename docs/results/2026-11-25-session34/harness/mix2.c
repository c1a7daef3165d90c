#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define F(d) "vfmadd231ps %%zmm30,%%zmm31,%%zmm" #d "\n"
#define M(d) "vpmullw %%zmm30,%%zmm31,%%zmm" #d "\n"
#define P(d) "vpaddd %%zmm30,%%zmm" #d ",%%zmm" #d "\n"
#define S(d) "vpsrad $16,%%zmm30,%%zmm" #d "\n"
#define X(d) "vpxord %%zmm30,%%zmm31,%%zmm" #d "\n"
#define MA(d) "vpmaddwd %%zmm30,%%zmm31,%%zmm" #d "\n"
#define RUN(name, n_ins, body) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11","xmm12","xmm13","xmm14","xmm15","xmm16","xmm17","xmm18","xmm19","xmm20","xmm21","xmm22","xmm23"); t=now()-t; printf("%-28s %.2f instr/cycle@3.65\n", name, 20000000.0*n_ins/t/1e9/3.65);}
int main(){
  RUN("warm fma x12", 12, F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11))
  RUN("zmm fma x12", 12, F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11))
  RUN("zmm pmullw x12", 12, M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11))
  RUN("zmm pmaddwd x12", 12, MA(0) MA(1) MA(2) MA(3) MA(4) MA(5) MA(6) MA(7) MA(8) MA(9) MA(10) MA(11))
  RUN("zmm paddd x12", 12, P(0) P(1) P(2) P(3) P(4) P(5) P(6) P(7) P(8) P(9) P(10) P(11))
  RUN("zmm psrad x12", 12, S(0) S(1) S(2) S(3) S(4) S(5) S(6) S(7) S(8) S(9) S(10) S(11))
  RUN("zmm fma6+pmullw6", 12, F(0) M(12) F(1) M(13) F(2) M(14) F(3) M(15) F(4) M(16) F(5) M(17))
  RUN("zmm fma6+paddd6", 12, F(0) P(12) F(1) P(13) F(2) P(14) F(3) P(15) F(4) P(16) F(5) P(17))
  RUN("zmm fma8+mul1 srad1 add2", 12, F(0) F(1) M(12) F(2) F(3) S(13) F(4) F(5) P(14) F(6) F(7) P(15))
}
