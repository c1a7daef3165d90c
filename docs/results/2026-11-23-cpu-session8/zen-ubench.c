#include <stdio.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec a; clock_gettime(CLOCK_MONOTONIC,&a); return a.tv_sec+a.tv_nsec*1e-9;}
#define N 100000000L
int main(){ double t; int oi[8];
 { __m256i x0=_mm256_set1_epi32(3),x1=x0,x2=x0,x3=x0,x4=x0,x5=x0,x6=x0,x7=x0, s=_mm256_setr_epi32(0,1,0,1,0,1,0,0); t=now();
   for(long i=0;i<N;i++){x0=_mm256_srlv_epi32(x0,s);x1=_mm256_srlv_epi32(x1,s);x2=_mm256_srlv_epi32(x2,s);x3=_mm256_srlv_epi32(x3,s);x4=_mm256_srlv_epi32(x4,s);x5=_mm256_srlv_epi32(x5,s);x6=_mm256_srlv_epi32(x6,s);x7=_mm256_srlv_epi32(x7,s);__asm__ volatile("" : "+x"(x0),"+x"(x1),"+x"(x2),"+x"(x3),"+x"(x4),"+x"(x5),"+x"(x6),"+x"(x7));}
   t=now()-t; _mm256_storeu_si256((__m256i*)oi,_mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(x0,x1),_mm256_add_epi32(x2,x3)),_mm256_add_epi32(_mm256_add_epi32(x4,x5),_mm256_add_epi32(x6,x7))));
   printf("ymm vpsrlvd: %.2f /cycle (%d)\n", 8.0*N/t/2.45e9, oi[0]); }
 { __m256i x0=_mm256_set1_epi32(3),x1=x0,x2=x0,x3=x0,x4=x0,x5=x0,x6=x0,x7=x0, s=_mm256_setr_epi32(0,-1,0,-1,0,-1,0,0), y=_mm256_set1_epi32(5); t=now();
   for(long i=0;i<N;i++){x0=_mm256_blendv_epi8(x0,y,s);x1=_mm256_blendv_epi8(x1,y,s);x2=_mm256_blendv_epi8(x2,y,s);x3=_mm256_blendv_epi8(x3,y,s);x4=_mm256_blendv_epi8(x4,y,s);x5=_mm256_blendv_epi8(x5,y,s);x6=_mm256_blendv_epi8(x6,y,s);x7=_mm256_blendv_epi8(x7,y,s);__asm__ volatile("" : "+x"(x0),"+x"(x1),"+x"(x2),"+x"(x3),"+x"(x4),"+x"(x5),"+x"(x6),"+x"(x7));}
   t=now()-t; _mm256_storeu_si256((__m256i*)oi,_mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(x0,x1),_mm256_add_epi32(x2,x3)),_mm256_add_epi32(_mm256_add_epi32(x4,x5),_mm256_add_epi32(x6,x7))));
   printf("ymm vpblendvb: %.2f /cycle (%d)\n", 8.0*N/t/2.45e9, oi[0]); }
 { __m256i x0=_mm256_set1_epi32(3),x1=x0,x2=x0,x3=x0,x4=x0,x5=x0,x6=x0,x7=x0, tb=_mm256_setr_epi32(1,2,3,4,5,6,7,0); t=now();
   for(long i=0;i<N;i++){x0=_mm256_permutevar8x32_epi32(tb,x0);x1=_mm256_permutevar8x32_epi32(tb,x1);x2=_mm256_permutevar8x32_epi32(tb,x2);x3=_mm256_permutevar8x32_epi32(tb,x3);x4=_mm256_permutevar8x32_epi32(tb,x4);x5=_mm256_permutevar8x32_epi32(tb,x5);x6=_mm256_permutevar8x32_epi32(tb,x6);x7=_mm256_permutevar8x32_epi32(tb,x7);__asm__ volatile("" : "+x"(x0),"+x"(x1),"+x"(x2),"+x"(x3),"+x"(x4),"+x"(x5),"+x"(x6),"+x"(x7));}
   t=now()-t; _mm256_storeu_si256((__m256i*)oi,_mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(x0,x1),_mm256_add_epi32(x2,x3)),_mm256_add_epi32(_mm256_add_epi32(x4,x5),_mm256_add_epi32(x6,x7))));
   printf("ymm vpermd: %.2f /cycle (%d)\n", 8.0*N/t/2.45e9, oi[0]); }
 { __m256i x0=_mm256_set1_epi8(3),x1=x0,x2=x0,x3=x0,x4=x0,x5=x0,x6=x0,x7=x0; __m256i tb=_mm256_setr_epi8(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0); t=now();
   for(long i=0;i<N;i++){x0=_mm256_shuffle_epi8(tb,x0);x1=_mm256_shuffle_epi8(tb,x1);x2=_mm256_shuffle_epi8(tb,x2);x3=_mm256_shuffle_epi8(tb,x3);x4=_mm256_shuffle_epi8(tb,x4);x5=_mm256_shuffle_epi8(tb,x5);x6=_mm256_shuffle_epi8(tb,x6);x7=_mm256_shuffle_epi8(tb,x7);__asm__ volatile("" : "+x"(x0),"+x"(x1),"+x"(x2),"+x"(x3),"+x"(x4),"+x"(x5),"+x"(x6),"+x"(x7));}
   t=now()-t; _mm256_storeu_si256((__m256i*)oi,_mm256_add_epi8(_mm256_add_epi8(_mm256_add_epi8(x0,x1),_mm256_add_epi8(x2,x3)),_mm256_add_epi8(_mm256_add_epi8(x4,x5),_mm256_add_epi8(x6,x7))));
   printf("ymm pshufb: %.2f /cycle (%d)\n", 8.0*N/t/2.45e9, oi[0]); }
 { __m256 x0=_mm256_set1_ps(1),x1=x0,x2=x0,x3=x0,x4=x0,x5=x0,x6=x0,x7=x0,x8=x0,x9=x0,m=_mm256_set1_ps(.9999f),c=_mm256_set1_ps(1e-4f); t=now(); float o[8];
   for(long i=0;i<N;i++){x0=_mm256_fmadd_ps(x0,m,c);x1=_mm256_fmadd_ps(x1,m,c);x2=_mm256_fmadd_ps(x2,m,c);x3=_mm256_fmadd_ps(x3,m,c);x4=_mm256_fmadd_ps(x4,m,c);x5=_mm256_fmadd_ps(x5,m,c);x6=_mm256_fmadd_ps(x6,m,c);x7=_mm256_fmadd_ps(x7,m,c);x8=_mm256_fmadd_ps(x8,m,c);x9=_mm256_fmadd_ps(x9,m,c);__asm__ volatile("" : "+x"(x0),"+x"(x1),"+x"(x2),"+x"(x3),"+x"(x4),"+x"(x5),"+x"(x6),"+x"(x7),"+x"(x8),"+x"(x9));}
   t=now()-t; _mm256_storeu_ps(o,_mm256_add_ps(x0,x9));
   printf("ymm fma: %.2f /cycle (%f)\n", 10.0*N/t/2.45e9, o[0]); }
}
