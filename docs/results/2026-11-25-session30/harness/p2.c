#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define F12(op,R) op " %%" R "30,%%" R "31,%%" R "0\n" op " %%" R "30,%%" R "31,%%" R "1\n" op " %%" R "30,%%" R "31,%%" R "2\n" op " %%" R "30,%%" R "31,%%" R "3\n" op " %%" R "30,%%" R "31,%%" R "4\n" op " %%" R "30,%%" R "31,%%" R "5\n" op " %%" R "30,%%" R "31,%%" R "6\n" op " %%" R "30,%%" R "31,%%" R "7\n" op " %%" R "30,%%" R "31,%%" R "8\n" op " %%" R "30,%%" R "31,%%" R "9\n" op " %%" R "30,%%" R "31,%%" R "10\n" op " %%" R "30,%%" R "31,%%" R "11\n"
#define M6(R) "vfmadd231ps %%" R "30,%%" R "31,%%" R "0\n vaddps %%" R "30,%%" R "6,%%" R "6\n vfmadd231ps %%" R "30,%%" R "31,%%" R "1\n vaddps %%" R "30,%%" R "7,%%" R "7\n vfmadd231ps %%" R "30,%%" R "31,%%" R "2\n vaddps %%" R "30,%%" R "8,%%" R "8\n vfmadd231ps %%" R "30,%%" R "31,%%" R "3\n vaddps %%" R "30,%%" R "9,%%" R "9\n vfmadd231ps %%" R "30,%%" R "31,%%" R "4\n vaddps %%" R "30,%%" R "10,%%" R "10\n vfmadd231ps %%" R "30,%%" R "31,%%" R "5\n vaddps %%" R "30,%%" R "11,%%" R "11\n"
#define RUN(name, body) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11"); t=now()-t; printf("%-16s %.2f instr/cycle@3.65\n", name, 20000000.0*12/t/1e9/3.65);}
int main(){
  RUN("zmm fma", F12("vfmadd231ps","zmm"))
  RUN("zmm add", F12("vaddps","zmm"))
  RUN("zmm mul", F12("vmulps","zmm"))
  RUN("zmm 6fma6add", M6("zmm"))
  RUN("ymm fma", F12("vfmadd231ps","ymm"))
  RUN("ymm add", F12("vaddps","ymm"))
  RUN("ymm 6fma6add", M6("ymm"))
}
