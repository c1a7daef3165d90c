#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define D(d) "vdivps %%ymm14,%%ymm15,%%ymm" #d "\n"
#define RUN(name, n_ins, body) { long n=20000000; double t=now(); __asm__ volatile("vbroadcastss %1,%%ymm14\n vbroadcastss %2,%%ymm15\n 1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) : "m"(a), "m"(b) : "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm14","xmm15"); t=now()-t; printf("%-28s %.2f cycles/instr@3.65\n", name, t*3.65e9/(20000000.0*n_ins));}
int main(){ float a=3.0f, b=0.7f;
  RUN("vdivps ymm x8", 8, D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7))
  RUN("vdivps ymm x8", 8, D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7))
}
