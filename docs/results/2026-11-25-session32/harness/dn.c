#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  for (int den=0; den<2; den++){
    __m512 a[8]; for(int i=0;i<8;i++) a[i]=_mm512_set1_ps(den? 1e-40f : 1.5f);
    __m512 s=_mm512_set1_ps(0x1p112f), acc=_mm512_setzero_ps();
    double t=now();
    for(long n=0;n<20000000;n++){ for(int i=0;i<8;i++){ __m512 r=_mm512_mul_ps(a[i],s); acc=_mm512_add_ps(acc,r);} __asm__ volatile("":"+v"(a[0]),"+v"(a[1]),"+v"(a[2]),"+v"(a[3]),"+v"(a[4]),"+v"(a[5]),"+v"(a[6]),"+v"(a[7])); }
    t=now()-t; float o[16]; _mm512_storeu_ps(o,acc);
    printf("%s: %.2f ns per mul (%g)\n", den?"denormal":"normal", t/160000000*1e9, o[0]);
  }
}
