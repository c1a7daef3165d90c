#include <stdio.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec a;clock_gettime(CLOCK_MONOTONIC,&a);return a.tv_sec+a.tv_nsec*1e-9;}
#define FM8 f0=_mm256_fmadd_ps(f0,g,g);f1=_mm256_fmadd_ps(f1,g,g);f2=_mm256_fmadd_ps(f2,g,g);f3=_mm256_fmadd_ps(f3,g,g);f4=_mm256_fmadd_ps(f4,g,g);f5=_mm256_fmadd_ps(f5,g,g);f6=_mm256_fmadd_ps(f6,g,g);f7=_mm256_fmadd_ps(f7,g,g);
#define BAR __asm__ volatile("":"+x"(f0),"+x"(f1),"+x"(f2),"+x"(f3),"+x"(f4),"+x"(f5),"+x"(f6),"+x"(f7),"+x"(c),"+x"(ci));
int main(){ long n=200000000L; 
 __m256 f0=_mm256_set1_ps(1),f1=f0,f2=f0,f3=f0,f4=f0,f5=f0,f6=f0,f7=f0,g=_mm256_set1_ps(0.5f), c=f0; __m256i ci=_mm256_set1_epi32(5), mg=_mm256_set1_epi32(0x4B000080); __m256 mf=_mm256_set1_ps(8388736.f);
 __m128i src=_mm_set1_epi32(0x01020304);
 for(int rep=0;rep<2;rep++){
 double t=now(); for(long i=0;i<n;i++){ FM8 BAR } t=now()-t; printf("8 fma: %.2f cycles/iter\n", t*3.2e9/n);
 t=now(); for(long i=0;i<n;i++){ FM8 c=_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(src)); BAR } t=now()-t; printf("8 fma + pmovsx+cvt: %.2f cycles/iter\n", t*3.2e9/n);
 t=now(); for(long i=0;i<n;i++){ FM8 c=_mm256_sub_ps(_mm256_castsi256_ps(_mm256_add_epi32(_mm256_cvtepi8_epi32(src),mg)),mf); BAR } t=now()-t; printf("8 fma + pmovsx+add+sub: %.2f cycles/iter\n", t*3.2e9/n);
 t=now(); for(long i=0;i<n;i++){ FM8 ci=_mm256_cvtepi8_epi32(src); BAR } t=now()-t; printf("8 fma + pmovsx: %.2f cycles/iter\n", t*3.2e9/n);
 }
}
