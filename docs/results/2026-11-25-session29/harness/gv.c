#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 4096
#define ROWS 256
int main(int argc,char**argv){
  int variant = argc>1?atoi(argv[1]):0;
  uint8_t*pk=aligned_alloc(64,ROWS*K/2); float*xp0=aligned_alloc(64,K*4+64); float*xp=xp0+(argc>2?atoi(argv[2]):0); float*sc=aligned_alloc(64,ROWS*K/64*4); float sums[ROWS];
  for(int i=0;i<ROWS*K/2;i++)pk[i]=rand(); for(int i=0;i<K;i++)xp[i]=rand()/(float)RAND_MAX; for(int i=0;i<ROWS*K/64;i++)sc[i]=0.01f;
  uint16_t tab[16]; for(int i=0;i<16;i++){float f=(i-8)/8.0f; uint32_t b; __builtin_memcpy(&b,&f,4); tab[i]=b>>16;}
  __m256i t=_mm256_loadu_si256((void*)tab); __m256i hm=_mm256_set1_epi32(0xffff0000);
  double best=1e9; __m128i c4=_mm_cvtsi32_si128(4),c8=_mm_cvtsi32_si128(8),c12=_mm_cvtsi32_si128(12);
  for(int rep=0;rep<200;rep++){
    double t0=now();
    for(int r=0;r<ROWS;r++){
      const uint8_t*p=pk+(size_t)r*K/2; const float*s=sc+(size_t)r*K/64;
      __m256 c0=_mm256_setzero_ps(),c1=c0;
      for(int kk=0;kk<K;kk+=64){
        __m256i q=_mm256_loadu_si256((void*)(p+kk/2));
        __m256i m15=_mm256_set1_epi16(15);
        __m256i i0=q,i1,i2,i3;
        if(variant&2){ i1=_mm256_srl_epi16(q,c4); i2=_mm256_srl_epi16(q,c8); i3=_mm256_srl_epi16(q,c12);} else { i1=_mm256_srli_epi16(q,4); i2=_mm256_srli_epi16(q,8); i3=_mm256_srli_epi16(q,12);}
        if(variant&1){ i0=_mm256_and_si256(i0,m15); i1=_mm256_and_si256(i1,m15); i2=_mm256_and_si256(i2,m15); i3=_mm256_and_si256(i3,m15);}
        __m256i w0=_mm256_permutexvar_epi16(i0,t);
        __m256i w1=_mm256_permutexvar_epi16(i1,t);
        __m256i w2=_mm256_permutexvar_epi16(i2,t);
        __m256i w3=_mm256_permutexvar_epi16(i3,t);
        __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(xp+kk));
        __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,hm)),_mm256_loadu_ps(xp+kk+8));
        a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(xp+kk+16),a0);
        a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,hm)),_mm256_loadu_ps(xp+kk+24),a1);
        a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(xp+kk+32),a0);
        a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,hm)),_mm256_loadu_ps(xp+kk+40),a1);
        a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(xp+kk+48),a0);
        a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,hm)),_mm256_loadu_ps(xp+kk+56),a1);
        __m256 sv=_mm256_broadcast_ss(s+kk/64);
        c0=_mm256_fmadd_ps(a0,sv,c0); c1=_mm256_fmadd_ps(a1,sv,c1);
      }
      __m256 c=_mm256_add_ps(c0,c1); float o[8]; _mm256_storeu_ps(o,c); sums[r]=o[0]+o[1]+o[2]+o[3]+o[4]+o[5]+o[6]+o[7];
    }
    double dt=now()-t0; if(dt<best)best=dt;
  }
  printf("variant %d: %.2f cycles/64 weights at 3.65 GHz (%.1f us) %f\n",variant,best*3.65e9/(ROWS*K/64.0),best*1e6,sums[3]);
}
