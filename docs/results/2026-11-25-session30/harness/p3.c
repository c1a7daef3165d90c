#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define R8(op) op op op op op op op op
#define RUN(name, body, cnt) { long n=20000000; double t=now(); __asm__ volatile("1:\n" body "dec %0\n jnz 1b\n" : "+r"(n) :: "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11"); t=now()-t; printf("%-22s %.2f cycles each @3.65\n", name, t*3.65e9/(20000000.0*cnt));}
int main(){
  RUN("vpermw zmm indep", "vpermw %%zmm30,%%zmm0,%%zmm1\n vpermw %%zmm30,%%zmm0,%%zmm2\n vpermw %%zmm30,%%zmm0,%%zmm3\n vpermw %%zmm30,%%zmm0,%%zmm4\n", 4)
  RUN("vpermw zmm dep", "vpermw %%zmm30,%%zmm1,%%zmm1\n vpermw %%zmm30,%%zmm1,%%zmm1\n vpermw %%zmm30,%%zmm1,%%zmm1\n vpermw %%zmm30,%%zmm1,%%zmm1\n", 4)
  RUN("vpermi2w zmm indep", "vpermi2w %%zmm30,%%zmm29,%%zmm1\n vpermi2w %%zmm30,%%zmm29,%%zmm2\n vpermi2w %%zmm30,%%zmm29,%%zmm3\n vpermi2w %%zmm30,%%zmm29,%%zmm4\n", 4)
  RUN("vpermb zmm indep", "vpermb %%zmm30,%%zmm0,%%zmm1\n vpermb %%zmm30,%%zmm0,%%zmm2\n vpermb %%zmm30,%%zmm0,%%zmm3\n vpermb %%zmm30,%%zmm0,%%zmm4\n", 4)
  RUN("vpermd zmm indep", "vpermd %%zmm30,%%zmm0,%%zmm1\n vpermd %%zmm30,%%zmm0,%%zmm2\n vpermd %%zmm30,%%zmm0,%%zmm3\n vpermd %%zmm30,%%zmm0,%%zmm4\n", 4)
  RUN("vpermi2b zmm indep", "vpermi2b %%zmm30,%%zmm29,%%zmm1\n vpermi2b %%zmm30,%%zmm29,%%zmm2\n vpermi2b %%zmm30,%%zmm29,%%zmm3\n vpermi2b %%zmm30,%%zmm29,%%zmm4\n", 4)
  RUN("vpcmpw k indep", "vpcmpnltw %%zmm30,%%zmm0,%%k1\n vpcmpnltw %%zmm30,%%zmm2,%%k2\n vpcmpnltw %%zmm30,%%zmm3,%%k1\n vpcmpnltw %%zmm30,%%zmm4,%%k2\n", 4)
  RUN("vpermw ymm indep", "vpermw %%ymm30,%%ymm0,%%ymm1\n vpermw %%ymm30,%%ymm0,%%ymm2\n vpermw %%ymm30,%%ymm0,%%ymm3\n vpermw %%ymm30,%%ymm0,%%ymm4\n", 4)
}
