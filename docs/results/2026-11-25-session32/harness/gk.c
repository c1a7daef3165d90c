#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define K 4096
#define ROWS 128
static uint8_t *P; static float *X, *SC, SUMS[ROWS]; static uint16_t TAB[32];
// A: current 256-bit
__attribute__((noinline)) void vA(void){
  __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(pk,t), w1=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,4),t),
              w2=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,8),t), w3=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,12),t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// M: A + index masks
__attribute__((noinline)) void vM(void){
  __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000), f=_mm256_set1_epi16(15);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(_mm256_and_si256(pk,f),t), w1=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi16(pk,4),f),t),
              w2=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi16(pk,8),f),t), w3=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi16(pk,12),f),t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// O: M with dword shifts
__attribute__((noinline)) void vO(void){
  __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000), f=_mm256_set1_epi16(15);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(_mm256_and_si256(pk,f),t), w1=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi32(pk,4),f),t),
              w2=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi32(pk,8),f),t), w3=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srli_epi32(pk,12),f),t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// N: M + xmm-count shifts
__attribute__((noinline)) void vN(void){
  __m128i c4=_mm_cvtsi32_si128(4),c8=_mm_cvtsi32_si128(8),c12=_mm_cvtsi32_si128(12); __asm__("":"+x"(c4),"+x"(c8),"+x"(c12)); __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000), f=_mm256_set1_epi16(15);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(_mm256_and_si256(pk,f),t), w1=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srl_epi16(pk,c4),f),t),
              w2=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srl_epi16(pk,c8),f),t), w3=_mm256_permutexvar_epi16(_mm256_and_si256(_mm256_srl_epi16(pk,c12),f),t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// B: 512-bit version, 128 weights/iter
__attribute__((noinline)) void vB(void){
  __m512i t=_mm512_loadu_si512((void*)TAB); __m512i m=_mm512_set1_epi32(0xffff0000);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m512 c0=_mm512_setzero_ps(),c1=c0;
#define ZZ 1
    for(int kk=0;kk<K;kk+=128){ __m512i pk=_mm512_loadu_si512((void*)(p+kk/2));
      __m512i w0=_mm512_permutexvar_epi16(pk,t), w1=_mm512_permutexvar_epi16(_mm512_srli_epi16(pk,4),t),
              w2=_mm512_permutexvar_epi16(_mm512_srli_epi16(pk,8),t), w3=_mm512_permutexvar_epi16(_mm512_srli_epi16(pk,12),t);
      __m512 a0=_mm512_mul_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w0,16)),_mm512_loadu_ps(X+kk));
      __m512 a1=_mm512_mul_ps(_mm512_castsi512_ps(_mm512_and_si512(w0,m)),_mm512_loadu_ps(X+kk+16));
      a0=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w1,16)),_mm512_loadu_ps(X+kk+32),a0);
      a1=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_and_si512(w1,m)),_mm512_loadu_ps(X+kk+48),a1);
      a0=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w2,16)),_mm512_loadu_ps(X+kk+64),a0);
      a1=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_and_si512(w2,m)),_mm512_loadu_ps(X+kk+80),a1);
      a0=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(w3,16)),_mm512_loadu_ps(X+kk+96),a0);
      a1=_mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_and_si512(w3,m)),_mm512_loadu_ps(X+kk+112),a1);
      __m512 s=_mm512_mask_blend_ps(0xff00,_mm512_set1_ps(sc[kk/64]),_mm512_set1_ps(sc[kk/64+1]));
      c0=_mm512_fmadd_ps(a0,s,c0); c1=_mm512_fmadd_ps(a1,s,c1);}
    SUMS[r]=_mm512_reduce_add_ps(_mm512_add_ps(c0,c1));}
}
// C: A without the slli conversions (and instead): measures their cost
__attribute__((noinline)) void vC(void){
  __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000), m2=_mm256_set1_epi32(0x7fff0000);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(pk,t), w1=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,4),t),
              w2=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,8),t), w3=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,12),t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m2)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m2)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m2)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m2)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// D: A with index shifts removed
__attribute__((noinline)) void vD(void){
  __m256i t=_mm256_loadu_si256((void*)TAB); __m256i m=_mm256_set1_epi32(0xffff0000);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2)); __m256i pk1=_mm256_loadu_si256((void*)(p+kk/2+8192)),pk2=_mm256_loadu_si256((void*)(p+kk/2+16384)),pk3=_mm256_loadu_si256((void*)(p+kk/2+32768));
      __m256i w0=_mm256_permutexvar_epi16(pk,t), w1=_mm256_permutexvar_epi16(pk1,t),
              w2=_mm256_permutexvar_epi16(pk2,t), w3=_mm256_permutexvar_epi16(pk3,t);
      __m256 a0=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w0,16)),_mm256_loadu_ps(X+kk));
      __m256 a1=_mm256_mul_ps(_mm256_castsi256_ps(_mm256_and_si256(w0,m)),_mm256_loadu_ps(X+kk+8));
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w1,16)),_mm256_loadu_ps(X+kk+16),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w1,m)),_mm256_loadu_ps(X+kk+24),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w2,16)),_mm256_loadu_ps(X+kk+32),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w2,m)),_mm256_loadu_ps(X+kk+40),a1);
      a0=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(w3,16)),_mm256_loadu_ps(X+kk+48),a0);
      a1=_mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_and_si256(w3,m)),_mm256_loadu_ps(X+kk+56),a1);
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
// E: bf16 dot (vdpbf16ps) reference: activations as bf16 pairs
__attribute__((noinline)) void vE(void){
  __m256i t=_mm256_loadu_si256((void*)TAB);
  for(int r=0;r<ROWS;r++){ const uint8_t*p=P+(size_t)r*K/2; const float*sc=SC+r*K/64;
    __m256 c0=_mm256_setzero_ps(),c1=c0;
    for(int kk=0;kk<K;kk+=64){ __m256i pk=_mm256_loadu_si256((void*)(p+kk/2));
      __m256i w0=_mm256_permutexvar_epi16(pk,t), w1=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,4),t),
              w2=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,8),t), w3=_mm256_permutexvar_epi16(_mm256_srli_epi16(pk,12),t);
      __m256 a0=_mm256_dpbf16_ps(_mm256_setzero_ps(),(__m256bh)w0,(__m256bh)_mm256_loadu_si256((void*)(X+kk)));
      __m256 a1=_mm256_dpbf16_ps(_mm256_setzero_ps(),(__m256bh)w1,(__m256bh)_mm256_loadu_si256((void*)(X+kk+8)));
      a0=_mm256_dpbf16_ps(a0,(__m256bh)w2,(__m256bh)_mm256_loadu_si256((void*)(X+kk+16)));
      a1=_mm256_dpbf16_ps(a1,(__m256bh)w3,(__m256bh)_mm256_loadu_si256((void*)(X+kk+24)));
      __m256 s=_mm256_broadcast_ss(sc+kk/64); c0=_mm256_fmadd_ps(a0,s,c0); c1=_mm256_fmadd_ps(a1,s,c1);}
    {__m512 z=_mm512_castps256_ps512(_mm256_add_ps(c0,c1)); SUMS[r]=_mm512_reduce_add_ps(z);}}
}
int main(int argc,char**argv){
  P=aligned_alloc(64,(size_t)ROWS*K/2+65536); X=aligned_alloc(64,K*4); SC=aligned_alloc(64,ROWS*K/64*4);
  for(size_t i=0;i<(size_t)ROWS*K/2+65536;i++)P[i]=rand(); for(int i=0;i<K;i++)X[i]=rand()/1e9f; for(int i=0;i<ROWS*K/64;i++)SC[i]=1.0f;
  for(int i=0;i<32;i++)TAB[i]=0x3f80+i;
  void (*f[])(void)={vA,vM,vN,vO}; const char*nm[]={"A cur256","M +mask","N +xmmshift","O dword shifts"};
  for(int rep=0;rep<3;rep++) for(int v=0;v<4;v++){ double best=1e9; for(int i=0;i<200;i++){double t=now(); f[v](); t=now()-t; if(t<best)best=t;}
    float cs=0; for(int i=0;i<ROWS;i++)cs+=SUMS[i]; printf("%s %.2f c/64 (@3.65) %g\n",nm[v],best*3.65e9/((double)ROWS*K/64),cs); }
}
