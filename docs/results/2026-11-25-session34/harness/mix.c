#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define F(d) "vfmadd231ps %%zmm30,%%zmm31,%%zmm" #d "\n"
#define A(d) "vaddps %%zmm30,%%zmm31,%%zmm" #d "\n"
#define FY(d) "vfmadd231ps %%ymm30,%%ymm31,%%ymm" #d "\n"
#define AY(d) "vaddps %%ymm30,%%ymm31,%%ymm" #d "\n"
#define RUN(name, n_ins, body) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11","xmm12","xmm13","xmm14","xmm15","xmm16","xmm17","xmm18","xmm19","xmm20","xmm21","xmm22","xmm23"); t=now()-t; printf("%-28s %.2f instr/cycle@3.65\n", name, 20000000.0*n_ins/t/1e9/3.65);}
int main(){
  RUN("zmm fma x12", 12, F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11))
  RUN("zmm add x12", 12, A(0) A(1) A(2) A(3) A(4) A(5) A(6) A(7) A(8) A(9) A(10) A(11))
  RUN("zmm fma4+add8", 12, F(0) A(12) A(13) F(1) A(14) A(15) F(2) A(16) A(17) F(3) A(18) A(19))
  RUN("zmm fma8+add4", 12, F(0) F(1) A(12) F(2) F(3) A(13) F(4) F(5) A(14) F(6) F(7) A(15))
  RUN("zmm fma6+add6", 12, F(0) A(12) F(1) A(13) F(2) A(14) F(3) A(15) F(4) A(16) F(5) A(17))
  RUN("ymm fma6+add6", 12, FY(0) AY(12) FY(1) AY(13) FY(2) AY(14) FY(3) AY(15) FY(4) AY(16) FY(5) AY(17))
  RUN("ymm fma x12", 12, FY(0) FY(1) FY(2) FY(3) FY(4) FY(5) FY(6) FY(7) FY(8) FY(9) FY(10) FY(11))
  RUN("ymm fma8+add4", 12, FY(0) FY(1) AY(12) FY(2) FY(3) AY(13) FY(4) FY(5) AY(14) FY(6) FY(7) AY(15))
}
