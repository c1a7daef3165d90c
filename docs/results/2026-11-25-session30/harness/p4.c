#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define RUN(name, body, cnt) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8"); t=now()-t; printf("%-26s %.2f per cycle @3.65\n", name, 20000000.0*cnt/(t*3.65e9));}
int main(){
  RUN("vpaddw zmm indep", "vpaddw %%zmm30,%%zmm0,%%zmm1\n vpaddw %%zmm30,%%zmm0,%%zmm2\n vpaddw %%zmm30,%%zmm0,%%zmm3\n vpaddw %%zmm30,%%zmm0,%%zmm4\n vpaddw %%zmm30,%%zmm0,%%zmm5\n vpaddw %%zmm30,%%zmm0,%%zmm6\n", 6)
  RUN("vpaddw ymm indep", "vpaddw %%ymm30,%%ymm0,%%ymm1\n vpaddw %%ymm30,%%ymm0,%%ymm2\n vpaddw %%ymm30,%%ymm0,%%ymm3\n vpaddw %%ymm30,%%ymm0,%%ymm4\n vpaddw %%ymm30,%%ymm0,%%ymm5\n vpaddw %%ymm30,%%ymm0,%%ymm6\n", 6)
  RUN("vpandd zmm indep", "vpandd %%zmm30,%%zmm0,%%zmm1\n vpandd %%zmm30,%%zmm0,%%zmm2\n vpandd %%zmm30,%%zmm0,%%zmm3\n vpandd %%zmm30,%%zmm0,%%zmm4\n", 4)
  RUN("vpsraw imm zmm", "vpsraw $15,%%zmm0,%%zmm1\n vpsraw $15,%%zmm0,%%zmm2\n vpsraw $15,%%zmm0,%%zmm3\n vpsraw $15,%%zmm0,%%zmm4\n", 4)
  RUN("perm+add mix zmm", "vpermw %%zmm30,%%zmm0,%%zmm1\n vpaddw %%zmm30,%%zmm0,%%zmm2\n vpaddw %%zmm30,%%zmm0,%%zmm3\n vpermw %%zmm30,%%zmm0,%%zmm4\n vpaddw %%zmm30,%%zmm0,%%zmm5\n vpaddw %%zmm30,%%zmm0,%%zmm6\n", 6)
  RUN("cmp+maskadd zmm", "vpcmpnltw %%zmm30,%%zmm0,%%k1\n vpaddw %%zmm30,%%zmm0,%%zmm2%{%%k1%}\n vpcmpnltw %%zmm30,%%zmm0,%%k2\n vpaddw %%zmm30,%%zmm0,%%zmm3%{%%k2%}\n", 4)
}
