#include <immintrin.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#define K 4096
#define ROWS 64
static uint8_t W[ROWS*K/2] __attribute__((aligned(64)));
static float X[K] __attribute__((aligned(64)));
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define CAST(v) _mm256_castsi256_ps(v)
__attribute__((noinline)) float rowB(const uint8_t*w,const float*xp,__m256i tl,__m256i th){
  __m256 c0=_mm256_setzero_ps(),c1=c0,c2=c0,c3=c0,d0=c0,d1=c0,d2=c0,d3=c0; __m256i nib=_mm256_set1_epi8(15), z=_mm256_setzero_si256();
  for(int kk=0;kk<K;kk+=64){
    __m256i pk=_mm256_loadu_si256((const __m256i*)(w+kk/2));
    __m256i lo=_mm256_and_si256(pk,nib), hi=_mm256_and_si256(_mm256_srli_epi32(pk,4),nib);
    __m256i lh=_mm256_shuffle_epi8(tl,hi),hh=_mm256_shuffle_epi8(th,hi),ll=_mm256_shuffle_epi8(tl,lo),hl=_mm256_shuffle_epi8(th,lo);
    __m256i h0=_mm256_unpacklo_epi8(lh,hh),h1=_mm256_unpackhi_epi8(lh,hh),l0=_mm256_unpacklo_epi8(ll,hl),l1=_mm256_unpackhi_epi8(ll,hl);
    const float*x=xp+kk;
    c0=_mm256_fmadd_ps(CAST(_mm256_unpacklo_epi16(z,h0)),_mm256_loadu_ps(x),c0);
    c1=_mm256_fmadd_ps(CAST(_mm256_unpackhi_epi16(z,h0)),_mm256_loadu_ps(x+8),c1);
    c2=_mm256_fmadd_ps(CAST(_mm256_unpacklo_epi16(z,h1)),_mm256_loadu_ps(x+16),c2);
    c3=_mm256_fmadd_ps(CAST(_mm256_unpackhi_epi16(z,h1)),_mm256_loadu_ps(x+24),c3);
    d0=_mm256_fmadd_ps(CAST(_mm256_unpacklo_epi16(z,l0)),_mm256_loadu_ps(x+32),d0);
    d1=_mm256_fmadd_ps(CAST(_mm256_unpackhi_epi16(z,l0)),_mm256_loadu_ps(x+40),d1);
    d2=_mm256_fmadd_ps(CAST(_mm256_unpacklo_epi16(z,l1)),_mm256_loadu_ps(x+48),d2);
    d3=_mm256_fmadd_ps(CAST(_mm256_unpackhi_epi16(z,l1)),_mm256_loadu_ps(x+56),d3);
  }
  __m256 s=_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0,d0),_mm256_add_ps(c1,d1)),_mm256_add_ps(_mm256_add_ps(c2,d2),_mm256_add_ps(c3,d3)));
  float r[8]; _mm256_storeu_ps(r,s); float a=0; for(int i=0;i<8;i++)a+=r[i]; return a;
}
__attribute__((noinline)) float rowA(const uint8_t*w,const float*xp,__m256i tl,__m256i th){
  __m256 c0=_mm256_setzero_ps(),c1=c0,c2=c0,c3=c0,d0=c0,d1=c0,d2=c0,d3=c0; __m256i nib=_mm256_set1_epi8(15), up=_mm256_set1_epi32(0xffff0000), odd=_mm256_set1_epi16((short)0xff00);
  for(int kk=0;kk<K;kk+=64){
    __m256i pk=_mm256_loadu_si256((const __m256i*)(w+kk/2));
    __m256i lo=_mm256_and_si256(pk,nib), hi=_mm256_and_si256(_mm256_srli_epi32(pk,4),nib);
    __m256i lh=_mm256_shuffle_epi8(tl,hi),hh=_mm256_shuffle_epi8(th,hi),ll=_mm256_shuffle_epi8(tl,lo),hl=_mm256_shuffle_epi8(th,lo);
    __m256i weH=_mm256_blendv_epi8(lh,_mm256_slli_epi32(hh,8),odd), woH=_mm256_blendv_epi8(_mm256_srli_epi32(lh,8),hh,odd);
    __m256i weL=_mm256_blendv_epi8(ll,_mm256_slli_epi32(hl,8),odd), woL=_mm256_blendv_epi8(_mm256_srli_epi32(ll,8),hl,odd);
    const float*x=xp+kk;
    c0=_mm256_fmadd_ps(CAST(_mm256_slli_epi32(weH,16)),_mm256_loadu_ps(x),c0);
    c1=_mm256_fmadd_ps(CAST(_mm256_slli_epi32(weL,16)),_mm256_loadu_ps(x+8),c1);
    c2=_mm256_fmadd_ps(CAST(_mm256_slli_epi32(woH,16)),_mm256_loadu_ps(x+16),c2);
    c3=_mm256_fmadd_ps(CAST(_mm256_slli_epi32(woL,16)),_mm256_loadu_ps(x+24),c3);
    d0=_mm256_fmadd_ps(CAST(_mm256_and_si256(weH,up)),_mm256_loadu_ps(x+32),d0);
    d1=_mm256_fmadd_ps(CAST(_mm256_and_si256(weL,up)),_mm256_loadu_ps(x+40),d1);
    d2=_mm256_fmadd_ps(CAST(_mm256_and_si256(woH,up)),_mm256_loadu_ps(x+48),d2);
    d3=_mm256_fmadd_ps(CAST(_mm256_and_si256(woL,up)),_mm256_loadu_ps(x+56),d3);
  }
  __m256 s=_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0,d0),_mm256_add_ps(c1,d1)),_mm256_add_ps(_mm256_add_ps(c2,d2),_mm256_add_ps(c3,d3)));
  float r[8]; _mm256_storeu_ps(r,s); float a=0; for(int i=0;i<8;i++)a+=r[i]; return a;
}
typedef float(*F)(const uint8_t*,const float*,__m256i,__m256i);
int main(){
  for(int i=0;i<ROWS*K/2;i++)W[i]=rand(); for(int i=0;i<K;i++)X[i]=rand()/(float)RAND_MAX;
  __m256i tl=_mm256_set1_epi64x(0x0807060504030201LL), th=_mm256_set1_epi64x(0x3f3e3d3c3b3a3938LL);
  F fs[2]={rowA,rowB}; const char*n[2]={"A256 shift/blend","B256 unpack"};
  for(int rep=0;rep<3;rep++) for(int f=0;f<2;f++){
    double t0=now(); float acc=0; int it=200;
    for(int i=0;i<it;i++) for(int r=0;r<ROWS;r++) acc+=fs[f](W+r*K/2,X,tl,th);
    double t=now()-t0; double groups=(double)it*ROWS*K/32;
    printf("%-16s %.2f ns/32w = %.1f cyc@2.4GHz (acc %g)\n",n[f],t/groups*1e9,t/groups*2.4e9,acc);
  }
}
