/* gemv inner loop, one 4096-weight row at a time, data in L1/L2, one thread.
 * Build: gcc -O2 -mavx2 -mfma gemv-ceiling-128.c            (8 accumulators)
 *        gcc -O2 -mavx2 -mfma -DFOUR_ACC gemv-ceiling-128.c (4, as the Java kernel has) */
#ifdef FOUR_ACC
#define D0 c0
#define D1 c1
#define D2 c2
#define D3 c3
#else
#define D0 d0
#define D1 d1
#define D2 d2
#define D3 d3
#endif
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
// A: current java scheme
__attribute__((noinline)) float rowA(const uint8_t*w,const float*xp,__m128i tl,__m128i th){
  __m128 c0=_mm_setzero_ps(),c1=c0,c2=c0,c3=c0,d0=c0,d1=c0,d2=c0,d3=c0; __m128i nib=_mm_set1_epi8(15), up=_mm_set1_epi32(0xffff0000), odd=_mm_set1_epi16((short)0xff00);
  for(int kk=0;kk<K;kk+=32){
    __m128i pk=_mm_loadu_si128((const __m128i*)(w+kk/2));
    __m128i lo=_mm_and_si128(pk,nib), hi=_mm_and_si128(_mm_srli_epi32(pk,4),nib);
    __m128i lh=_mm_shuffle_epi8(tl,hi),hh=_mm_shuffle_epi8(th,hi),ll=_mm_shuffle_epi8(tl,lo),hl=_mm_shuffle_epi8(th,lo);
    __m128i weH=_mm_blendv_epi8(lh,_mm_slli_epi32(hh,8),odd), woH=_mm_blendv_epi8(_mm_srli_epi32(lh,8),hh,odd);
    __m128i weL=_mm_blendv_epi8(ll,_mm_slli_epi32(hl,8),odd), woL=_mm_blendv_epi8(_mm_srli_epi32(ll,8),hl,odd);
    const float*x=xp+kk;
    c0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(weH,16)),_mm_loadu_ps(x),c0);
    c1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(weL,16)),_mm_loadu_ps(x+4),c1);
    c2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(woH,16)),_mm_loadu_ps(x+8),c2);
    c3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(woL,16)),_mm_loadu_ps(x+12),c3);
    D0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(weH,up)),_mm_loadu_ps(x+16),D0);
    D1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(weL,up)),_mm_loadu_ps(x+20),D1);
    D2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(woH,up)),_mm_loadu_ps(x+24),D2);
    D3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(woL,up)),_mm_loadu_ps(x+28),D3);
  }
  __m128 s=_mm_add_ps(_mm_add_ps(_mm_add_ps(c0,d0),_mm_add_ps(c1,d1)),_mm_add_ps(_mm_add_ps(c2,d2),_mm_add_ps(c3,d3))); float r[4]; _mm_storeu_ps(r,s); return r[0]+r[1]+r[2]+r[3];
}
// B: unpack scheme
__attribute__((noinline)) float rowB(const uint8_t*w,const float*xp,__m128i tl,__m128i th){
  __m128 c0=_mm_setzero_ps(),c1=c0,c2=c0,c3=c0,d0=c0,d1=c0,d2=c0,d3=c0; __m128i nib=_mm_set1_epi8(15), z=_mm_setzero_si128();
  for(int kk=0;kk<K;kk+=32){
    __m128i pk=_mm_loadu_si128((const __m128i*)(w+kk/2));
    __m128i lo=_mm_and_si128(pk,nib), hi=_mm_and_si128(_mm_srli_epi32(pk,4),nib);
    __m128i lh=_mm_shuffle_epi8(tl,hi),hh=_mm_shuffle_epi8(th,hi),ll=_mm_shuffle_epi8(tl,lo),hl=_mm_shuffle_epi8(th,lo);
    __m128i h0=_mm_unpacklo_epi8(lh,hh),h1=_mm_unpackhi_epi8(lh,hh),l0=_mm_unpacklo_epi8(ll,hl),l1=_mm_unpackhi_epi8(ll,hl);
    const float*x=xp+kk;
    c0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpacklo_epi16(z,h0)),_mm_loadu_ps(x),c0);
    c1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpackhi_epi16(z,h0)),_mm_loadu_ps(x+4),c1);
    c2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpacklo_epi16(z,h1)),_mm_loadu_ps(x+8),c2);
    c3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpackhi_epi16(z,h1)),_mm_loadu_ps(x+12),c3);
    D0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpacklo_epi16(z,l0)),_mm_loadu_ps(x+16),D0);
    D1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpackhi_epi16(z,l0)),_mm_loadu_ps(x+20),D1);
    D2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpacklo_epi16(z,l1)),_mm_loadu_ps(x+24),D2);
    D3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_unpackhi_epi16(z,l1)),_mm_loadu_ps(x+28),D3);
  }
  __m128 s=_mm_add_ps(_mm_add_ps(_mm_add_ps(c0,d0),_mm_add_ps(c1,d1)),_mm_add_ps(_mm_add_ps(c2,d2),_mm_add_ps(c3,d3))); float r[4]; _mm_storeu_ps(r,s); return r[0]+r[1]+r[2]+r[3];
}
// C: pshufb tables placing bytes into high halves directly (index vectors via pshufb placement)
// D: fp32 table via two pshufb planes? skip. E: pmovzx-based: word->int zero-extend then shift; (like java ZERO_EXTEND)
__attribute__((noinline)) float rowE(const uint8_t*w,const float*xp,__m128i tl,__m128i th){
  __m128 c0=_mm_setzero_ps(),c1=c0,c2=c0,c3=c0,d0=c0,d1=c0,d2=c0,d3=c0; __m128i nib=_mm_set1_epi8(15);
  for(int kk=0;kk<K;kk+=32){
    __m128i pk=_mm_loadu_si128((const __m128i*)(w+kk/2));
    __m128i lo=_mm_and_si128(pk,nib), hi=_mm_and_si128(_mm_srli_epi32(pk,4),nib);
    // index vector with idx at odd byte of each word (others 0x80) -> pshufb yields byte at high position
    __m128i lh=_mm_shuffle_epi8(tl,hi),hh=_mm_shuffle_epi8(th,hi),ll=_mm_shuffle_epi8(tl,lo),hl=_mm_shuffle_epi8(th,lo);
    __m128i h0=_mm_unpacklo_epi8(lh,hh),h1=_mm_unpackhi_epi8(lh,hh),l0=_mm_unpacklo_epi8(ll,hl),l1=_mm_unpackhi_epi8(ll,hl);
    const float*x=xp+kk;
    c0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(h0,16)),_mm_loadu_ps(x),c0);
    c1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(h0,_mm_set1_epi32(0xffff0000))),_mm_loadu_ps(x+4),c1);
    c2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(h1,16)),_mm_loadu_ps(x+8),c2);
    c3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(h1,_mm_set1_epi32(0xffff0000))),_mm_loadu_ps(x+12),c3);
    D0=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(l0,16)),_mm_loadu_ps(x+16),D0);
    D1=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(l0,_mm_set1_epi32(0xffff0000))),_mm_loadu_ps(x+20),D1);
    D2=_mm_fmadd_ps(_mm_castsi128_ps(_mm_slli_epi32(l1,16)),_mm_loadu_ps(x+24),D2);
    D3=_mm_fmadd_ps(_mm_castsi128_ps(_mm_and_si128(l1,_mm_set1_epi32(0xffff0000))),_mm_loadu_ps(x+28),D3);
  }
  __m128 s=_mm_add_ps(_mm_add_ps(_mm_add_ps(c0,d0),_mm_add_ps(c1,d1)),_mm_add_ps(_mm_add_ps(c2,d2),_mm_add_ps(c3,d3))); float r[4]; _mm_storeu_ps(r,s); return r[0]+r[1]+r[2]+r[3];
}
typedef float(*F)(const uint8_t*,const float*,__m128i,__m128i);
int main(){
  for(int i=0;i<ROWS*K/2;i++)W[i]=rand(); for(int i=0;i<K;i++)X[i]=rand()/(float)RAND_MAX;
  __m128i tl=_mm_setr_epi8(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16), th=_mm_setr_epi8(0x3f,0xbf,0x3e,0xbe,0x3d,0x3c,0x3b,0x3a,0x39,0x38,0x37,0x36,0x35,0x34,0x33,0x32);
  F fs[3]={rowA,rowB,rowE}; const char*n[3]={"A shift/blend","B unpack","E unpack+shift"};
  for(int rep=0;rep<3;rep++) for(int f=0;f<3;f++){
    double t0=now(); float acc=0; int it=200;
    for(int i=0;i<it;i++) for(int r=0;r<ROWS;r++) acc+=fs[f](W+r*K/2,X,tl,th);
    double t=now()-t0; double groups=(double)it*ROWS*K/32;
    printf("%-16s %.2f ns/32w = %.1f cyc@2.4GHz (acc %g)\n",n[f],t/groups*1e9,t/groups*2.4e9,acc);
  }
}
