#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <sys/mman.h>
static void* huge(size_t n){ if(!getenv("HUGE")) return aligned_alloc(64,(n+63)/64*64); size_t H=2<<20; char*p=mmap(0,n+H,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0); char*q=(char*)(((uintptr_t)p+H-1)&~(H-1)); madvise(q,n,MADV_HUGEPAGE); return q+ (getenv("OFF")?atoi(getenv("OFF")):0);}
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define ROW ((1<<14)+16)
#define K 4096
static float *at, *bp, *nx; static int8_t *src;
float out[96];
__attribute__((noinline)) void tile(const float* a, const float* b, int len, int widen, const int8_t* s, float* dst){
  __m256 c0=_mm256_setzero_ps(),c1=c0,c2=c0,c3=c0,c4=c0,c5=c0,c6=c0,c7=c0,c8=c0,c9=c0,c10=c0,c11=c0;
  for(int x=0;x<len;x++){
    if (widen) { __m256 w=_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i*)(s+8*x)))); _mm256_storeu_ps(dst+8*x,w);}
    __m256 a0=_mm256_load_ps(a+16*x), a1=_mm256_load_ps(a+16*x+8), w;
#define J(j,p,q) w=_mm256_castsi256_ps(_mm256_set1_epi32(*(const int*)(b+x+j*ROW))); p=_mm256_fmadd_ps(a0,w,p); q=_mm256_fmadd_ps(a1,w,q);
    J(0,c0,c1) J(1,c2,c3) J(2,c4,c5) J(3,c6,c7) J(4,c8,c9) J(5,c10,c11)
  }
  __m256 cs[12]={c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11};
  for(int i=0;i<12;i++) _mm256_storeu_ps(out+8*i,cs[i]);
}
int main(int argc,char**argv){
  int widen=argc>1?atoi(argv[1]):1;
  at=huge(16*K*4); bp=huge(6*ROW*4+64); nx=huge(6*ROW*4+64); src=aligned_alloc(64,6*K*1024);
  for(int i=0;i<16*K;i++) at[i]=i%7; for(int i=0;i<6*ROW;i++) bp[i]=i%5; memset(src,1,6*K*1024);
  fprintf(stderr,"at %lx bp %lx nx %lx src %lx\n",(long)at&0xfffff,(long)bp&0xfffff,(long)nx&0xfffff,(long)src&0xfffff);
  { char b[256]; FILE*f=fopen("/proc/self/smaps_rollup","r"); while(fgets(b,256,f)) if(strstr(b,"AnonHuge")) fputs(b,stderr); fclose(f);}
  // one thread: 4096 columns / 6 per group; K=4096 per group
  for(int rep=0;rep<(getenv("REPS")?atoi(getenv("REPS")):5);rep++){
    double t=now(); long steps=0;
    int KB=getenv("KB")?atoi(getenv("KB")):K;
    for(int k0=0;k0<K;k0+=KB) for(int g=0; g<683; g++){ tile(at+16*k0,bp+k0,KB, widen, src+(g%1024)*6*K % (6*K*1000)+8*k0, nx+k0*8); steps+=KB; float*tmp=bp;bp=nx;nx=tmp;}
    t=now()-t;
    printf("widen=%d: %.2f ms, %.2f MAC/cycle@3.65, %.2f cycles/step\n", widen, t*1e3, steps*12.0*8/t/3.65e9, t*3.65e9/steps);
  }
}
