#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define ROW ((1<<14)+16)
#define K 4096
#ifndef NB
#define NB 12
#endif
float out[16*NB];
__attribute__((noinline)) void tile(const float* a, const float* b, int len, int widen, const int8_t* s, float* dst){
  __m512 c[NB];
#pragma GCC unroll 16
  for(int j=0;j<NB;j++) c[j]=_mm512_setzero_ps();
  for(int x=0;x<len;x++){
    if (widen && (x&3)!=3) { __m512 w=_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i*)(s+8*x)))); _mm512_storeu_ps(dst+8*x,w);}
    __m512 a0=_mm512_load_ps(a+16*x);
#pragma GCC unroll 16
    for(int j=0;j<NB;j++) c[j]=_mm512_fmadd_ps(a0,_mm512_set1_ps(b[x+j*ROW]),c[j]);
  }
#pragma GCC unroll 16
  for(int j=0;j<NB;j++) _mm512_storeu_ps(out+16*j,c[j]);
}
int main(int argc,char**argv){
  int widen=argc>1?atoi(argv[1]):1;
  float*at=aligned_alloc(64,16*K*4), *bp=aligned_alloc(64,NB*ROW*4+64), *nx=aligned_alloc(64,NB*ROW*4+64); int8_t*src=aligned_alloc(64,NB*K*700);
  for(int i=0;i<16*K;i++) at[i]=i%7; for(int i=0;i<NB*ROW;i++) bp[i]=i%5; memset(src,1,NB*K*700);
  for(int rep=0;rep<5;rep++){
    double t=now(); long steps=0;
    for(int g=0; g<4096/NB/2; g++){ tile(at,bp,K, widen, src+(long)(g%600)*NB*K, nx); steps+=K; float*tmp=bp;bp=nx;nx=tmp;}
    t=now()-t;
    printf("NB=%d widen=%d: %.2f MAC/cycle@3.65, %.2f cycles per 96 MAC\n", NB, widen, steps*NB*16.0/t/3.65e9, t*3.65e9/steps/(NB*16/96.0));
  }
}
