#include <stdio.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec a;clock_gettime(CLOCK_MONOTONIC,&a);return a.tv_sec+a.tv_nsec*1e-9;}
int main(){ long n=200000000L; 
 __m256i a0=_mm256_set1_epi16(3),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0,b=_mm256_set1_epi16(1);
 double t=now();
 for(long i=0;i<n;i++){ a0=_mm256_madd_epi16(a0,b);a1=_mm256_madd_epi16(a1,b);a2=_mm256_madd_epi16(a2,b);a3=_mm256_madd_epi16(a3,b);
  a4=_mm256_madd_epi16(a4,b);a5=_mm256_madd_epi16(a5,b);a6=_mm256_madd_epi16(a6,b);a7=_mm256_madd_epi16(a7,b);
  __asm__ volatile("":"+x"(a0),"+x"(a1),"+x"(a2),"+x"(a3),"+x"(a4),"+x"(a5),"+x"(a6),"+x"(a7));}
 t=now()-t; printf("vpmaddwd: %.2f per cycle @3.2GHz\n", 8.0*n/t/3.2e9);
 __m256 f0=_mm256_set1_ps(1),f1=f0,f2=f0,f3=f0,f4=f0,f5=f0,f6=f0,f7=f0,g=_mm256_set1_ps(0.5f);
 t=now();
 for(long i=0;i<n;i++){ f0=_mm256_fmadd_ps(f0,g,g);f1=_mm256_fmadd_ps(f1,g,g);f2=_mm256_fmadd_ps(f2,g,g);f3=_mm256_fmadd_ps(f3,g,g);
  f4=_mm256_fmadd_ps(f4,g,g);f5=_mm256_fmadd_ps(f5,g,g);f6=_mm256_fmadd_ps(f6,g,g);f7=_mm256_fmadd_ps(f7,g,g);
  __asm__ volatile("":"+x"(f0),"+x"(f1),"+x"(f2),"+x"(f3),"+x"(f4),"+x"(f5),"+x"(f6),"+x"(f7));}
 t=now()-t; printf("vfmadd: %.2f per cycle @3.2GHz\n", 8.0*n/t/3.2e9);
 a0=_mm256_set1_epi16(3),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0;
 t=now();
 for(long i=0;i<n;i++){ a0=_mm256_mullo_epi16(a0,b);a1=_mm256_mullo_epi16(a1,b);a2=_mm256_mullo_epi16(a2,b);a3=_mm256_mullo_epi16(a3,b);
  a4=_mm256_mullo_epi16(a4,b);a5=_mm256_mullo_epi16(a5,b);a6=_mm256_mullo_epi16(a6,b);a7=_mm256_mullo_epi16(a7,b);
  __asm__ volatile("":"+x"(a0),"+x"(a1),"+x"(a2),"+x"(a3),"+x"(a4),"+x"(a5),"+x"(a6),"+x"(a7));}
 t=now()-t; printf("vpmullw: %.2f per cycle @3.2GHz (%d)\n", 8.0*n/t/3.2e9, _mm256_extract_epi32(a0,0)+_mm256_extract_epi32(a7,0));
}
