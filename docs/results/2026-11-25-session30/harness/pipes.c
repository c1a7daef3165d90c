#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define N 100000000L
int main(){
  __m512 a[12]; __m256 y[12]; for(int i=0;i<12;i++){a[i]=_mm512_set1_ps(1.0f+i*1e-7f); y[i]=_mm256_set1_ps(1.0f+i*1e-7f);}
  __m512 m=_mm512_set1_ps(0.9999999f), c=_mm512_set1_ps(1e-7f); __m256 ym=_mm256_set1_ps(0.9999999f), yc=_mm256_set1_ps(1e-7f);
  double t;
  #define RUN(name, body, ops) t=now(); for(long i=0;i<N/10;i++){ body; __asm__ volatile("" ::: "memory"); } t=now()-t; printf("%-14s %.2f ops/ns -> %.2f per cycle@3.65\n", name, (N/10.0)*ops/t/1e9, (N/10.0)*ops/t/1e9/3.65);
  RUN("zmm fma", for(int j=0;j<12;j++) a[j]=_mm512_fmadd_ps(a[j],m,c); __asm__ volatile(""::"v"(a[0]),"v"(a[1]),"v"(a[2]),"v"(a[3]),"v"(a[4]),"v"(a[5]),"v"(a[6]),"v"(a[7]),"v"(a[8]),"v"(a[9]),"v"(a[10]),"v"(a[11])), 12)
  RUN("zmm add", for(int j=0;j<12;j++) a[j]=_mm512_add_ps(a[j],c); __asm__ volatile(""::"v"(a[0]),"v"(a[1]),"v"(a[2]),"v"(a[3]),"v"(a[4]),"v"(a[5]),"v"(a[6]),"v"(a[7]),"v"(a[8]),"v"(a[9]),"v"(a[10]),"v"(a[11])), 12)
  RUN("zmm 6fma+6add", for(int j=0;j<6;j++){ a[j]=_mm512_fmadd_ps(a[j],m,c); a[j+6]=_mm512_add_ps(a[j+6],c);} __asm__ volatile(""::"v"(a[0]),"v"(a[1]),"v"(a[2]),"v"(a[3]),"v"(a[4]),"v"(a[5]),"v"(a[6]),"v"(a[7]),"v"(a[8]),"v"(a[9]),"v"(a[10]),"v"(a[11])), 12)
  RUN("ymm fma", for(int j=0;j<12;j++) y[j]=_mm256_fmadd_ps(y[j],ym,yc); __asm__ volatile(""::"v"(y[0]),"v"(y[1]),"v"(y[2]),"v"(y[3]),"v"(y[4]),"v"(y[5]),"v"(y[6]),"v"(y[7]),"v"(y[8]),"v"(y[9]),"v"(y[10]),"v"(y[11])), 12)
  RUN("ymm add", for(int j=0;j<12;j++) y[j]=_mm256_add_ps(y[j],yc); __asm__ volatile(""::"v"(y[0]),"v"(y[1]),"v"(y[2]),"v"(y[3]),"v"(y[4]),"v"(y[5]),"v"(y[6]),"v"(y[7]),"v"(y[8]),"v"(y[9]),"v"(y[10]),"v"(y[11])), 12)
  RUN("ymm 6fma+6add", for(int j=0;j<6;j++){ y[j]=_mm256_fmadd_ps(y[j],ym,yc); y[j+6]=_mm256_add_ps(y[j+6],yc);} __asm__ volatile(""::"v"(y[0]),"v"(y[1]),"v"(y[2]),"v"(y[3]),"v"(y[4]),"v"(y[5]),"v"(y[6]),"v"(y[7]),"v"(y[8]),"v"(y[9]),"v"(y[10]),"v"(y[11])), 12)
  float s=0; for(int i=0;i<12;i++){s+=a[i][0]+y[i][0];} printf("%f\n",s);
}
