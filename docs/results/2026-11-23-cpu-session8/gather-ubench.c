#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec a; clock_gettime(CLOCK_MONOTONIC,&a); return a.tv_sec+a.tv_nsec*1e-9;}
int main(){ static int tab[256]; for(int i=0;i<256;i++) tab[i]=i*3;
 static uint8_t codes[1<<20]; for(int i=0;i<(1<<20);i++) codes[i]=(i*2654435761u)>>24;
 static uint16_t out[1<<20];
 for (int rep=0; rep<3; rep++) {
 double t=now();
 for (int r=0;r<100;r++) for (int i=0;i<(1<<20);i+=8){ __m256i idx=_mm256_cvtepu8_epi32(_mm_loadl_epi64((__m128i*)(codes+i))); __m256i v=_mm256_i32gather_epi32(tab,idx,4);
   __m128i p=_mm_packus_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v,1)); _mm_storeu_si128((__m128i*)(out+i),p);}
 t=now()-t; printf("gather path: %.2f cycles/elem @2.45 (%.2f ns/elem)\n", t*2.45e9/(100.0*(1<<20)), t*1e9/(100.0*(1<<20)));
 t=now();
 for (int r=0;r<100;r++) for (int i=0;i<(1<<20);i++) out[i]=(uint16_t)tab[codes[i]];
 t=now()-t; printf("scalar path: %.2f cycles/elem @2.45 (%.2f ns/elem) %d\n", t*2.45e9/(100.0*(1<<20)), t*1e9/(100.0*(1<<20)), out[77]);
 }
}
