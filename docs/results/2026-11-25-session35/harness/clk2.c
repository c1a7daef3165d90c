#include <stdio.h>
#include <time.h>
#include <immintrin.h>
int main(){ struct timespec a,b; long n=500000000L; __m256 x=_mm256_set1_ps(1.0f), y=_mm256_set1_ps(0.999f);
 clock_gettime(CLOCK_MONOTONIC,&a);
 for(long i=0;i<n;i++){ x=_mm256_fmadd_ps(x,y,y); __asm__ volatile("" : "+x"(x)); }
 clock_gettime(CLOCK_MONOTONIC,&b); double s=(b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)*1e-9; printf("%.3f GHz if fma lat 4 (%f)\n", 4*n/s/1e9, x[0]); }
