#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define O(op,R,d) op " %%" R "30,%%" R "31,%%" R #d "\n"
#define F12(op,R) O(op,R,0) O(op,R,1) O(op,R,2) O(op,R,3) O(op,R,4) O(op,R,5) O(op,R,6) O(op,R,7) O(op,R,8) O(op,R,9) O(op,R,10) O(op,R,11)
#define MIX(a,b,R) O(a,R,0) O(b,R,6) O(a,R,1) O(b,R,7) O(a,R,2) O(b,R,8) O(a,R,3) O(b,R,9) O(a,R,4) O(b,R,10) O(a,R,5) O(b,R,11)
#define RUN(name, body) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11"); t=now()-t; printf("%-22s %.2f instr/cycle@3.65\n", name, 20000000.0*12/t/1e9/3.65);}
#define O2(op,R,d) op " %%" R "30,%%" R #d "\n"
#define MIX2(a,b,R) O(a,R,0) O2(b,R,6) O(a,R,1) O2(b,R,7) O(a,R,2) O2(b,R,8) O(a,R,3) O2(b,R,9) O(a,R,4) O2(b,R,10) O(a,R,5) O2(b,R,11)
#define F12b(op,R) O2(op,R,0) O2(op,R,1) O2(op,R,2) O2(op,R,3) O2(op,R,4) O2(op,R,5) O2(op,R,6) O2(op,R,7) O2(op,R,8) O2(op,R,9) O2(op,R,10) O2(op,R,11)
#define MIX3(a,b,R) O(a,R,0) O(a,R,1) O(a,R,2) O(a,R,3) O(a,R,4) O(a,R,5) O(a,R,6) O(a,R,7) O2(b,R,8) O(a,R,9) O(a,R,10) O(a,R,11)
int main(){
  RUN("ymm fma", F12("vfmadd231ps","ymm"))
  RUN("ymm cvtdq2ps", F12b("vcvtdq2ps","ymm"))
  RUN("ymm fma+cvtdq2ps", MIX2("vfmadd231ps","vcvtdq2ps","ymm"))
  RUN("ymm fma 11 + cvt 1", MIX3("vfmadd231ps","vcvtdq2ps","ymm"))
  RUN("ymm subps", F12("vsubps","ymm"))
  RUN("ymm fma+subps", MIX("vfmadd231ps","vsubps","ymm"))
  RUN("ymm fma+pord", MIX("vfmadd231ps","vpord","ymm"))
  RUN("ymm pmovsxbd", O2("vpmovsxbd","xmm",0) O2("vpmovsxbd","xmm",1) O2("vpmovsxbd","xmm",2) O2("vpmovsxbd","xmm",3) O2("vpmovsxbd","xmm",4) O2("vpmovsxbd","xmm",5) O2("vpmovsxbd","xmm",6) O2("vpmovsxbd","xmm",7) O2("vpmovsxbd","xmm",8) O2("vpmovsxbd","xmm",9) O2("vpmovsxbd","xmm",10) O2("vpmovsxbd","xmm",11))
}
