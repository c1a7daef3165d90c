#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define O(op,R,d) op " %%" R "30,%%" R "31,%%" R #d "\n"
#define F12(op,R) O(op,R,0) O(op,R,1) O(op,R,2) O(op,R,3) O(op,R,4) O(op,R,5) O(op,R,6) O(op,R,7) O(op,R,8) O(op,R,9) O(op,R,10) O(op,R,11)
#define MIX(a,b,R) O(a,R,0) O(b,R,6) O(a,R,1) O(b,R,7) O(a,R,2) O(b,R,8) O(a,R,3) O(b,R,9) O(a,R,4) O(b,R,10) O(a,R,5) O(b,R,11)
#define RUN(name, body) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11"); t=now()-t; printf("%-22s %.2f instr/cycle@3.65\n", name, 20000000.0*12/t/1e9/3.65);}
int main(){
  RUN("zmm fma", F12("vfmadd231ps","zmm"))
  RUN("zmm pmullw", F12("vpmullw","zmm"))
  RUN("ymm pmullw", F12("vpmullw","ymm"))
  RUN("zmm pmaddwd", F12("vpmaddwd","zmm"))
  RUN("zmm pmaddubsw", F12("vpmaddubsw","zmm"))
  RUN("zmm vpdpwssd", F12("vpdpwssd","zmm"))
  RUN("zmm vpdpbusd", F12("vpdpbusd","zmm"))
  RUN("zmm fma+pmullw", MIX("vfmadd231ps","vpmullw","zmm"))
  RUN("zmm fma+paddw", MIX("vfmadd231ps","vpaddw","zmm"))
  RUN("zmm pmullw+paddw", MIX("vpmullw","vpaddw","zmm"))
  RUN("zmm fma+pmaddwd", MIX("vfmadd231ps","vpmaddwd","zmm"))
}
