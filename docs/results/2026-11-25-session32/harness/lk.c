#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define KB 16
#define NC 1024
static int32_t *P; static int8_t *B; static int32_t *C;
__attribute__((noinline)) void lookup_only(void){
  for(int n=0;n<NC;n++){ __m512i acc=_mm512_load_si512(C+n*16); const int8_t*b=B+n*KB;
    for(int kk=0;kk<KB;kk++) acc=_mm512_add_epi32(acc,_mm512_load_si512(P+((kk*256)+(uint8_t)b[kk])*16));
    _mm512_store_si512(C+n*16,acc);}
}
__attribute__((noinline)) void lookup_only2(void){ // two columns interleaved
  for(int n=0;n<NC;n+=2){ __m512i a0=_mm512_load_si512(C+n*16),a1=_mm512_load_si512(C+n*16+16); const int8_t*b=B+n*KB;
    for(int kk=0;kk<KB;kk++){ a0=_mm512_add_epi32(a0,_mm512_load_si512(P+((kk*256)+(uint8_t)b[kk])*16));
      a1=_mm512_add_epi32(a1,_mm512_load_si512(P+((kk*256)+(uint8_t)b[kk+KB])*16));}
    _mm512_store_si512(C+n*16,a0);_mm512_store_si512(C+n*16+16,a1);}
}
// 256-bit int32 tables (8 lanes), for comparison of load width
int main(){
  P=aligned_alloc(64,(size_t)KB*256*16*4); B=aligned_alloc(64,NC*KB); C=aligned_alloc(64,NC*16*4);
  for(size_t i=0;i<(size_t)KB*256*16;i++)P[i]=i; for(int i=0;i<NC*KB;i++)B[i]=rand(); for(int i=0;i<NC*16;i++)C[i]=0;
  void (*f[])(void)={lookup_only,lookup_only2}; const char*nm[]={"lookup","lookup x2"};
  for(int rep=0;rep<3;rep++) for(int v=0;v<2;v++){ double best=1e9; for(int i=0;i<2000;i++){double t=now(); f[v](); t=now()-t; if(t<best)best=t;}
    printf("%s %.2f MAC/cycle (@3.65) %d\n",nm[v],(double)NC*KB*16/(best*3.65e9),C[5]); }
}
