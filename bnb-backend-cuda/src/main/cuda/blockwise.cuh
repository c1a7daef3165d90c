// Blockwise quantization: 8-bit with a 256-entry code, and NF4/FP4 (spec OPS.md 2 and 3).
//
// Work split: every thread owns E consecutive elements (U 16-byte loads); the G = bs/E threads
// of one quantization block reduce the block maximum with shuffles (G <= 32, several blocks per
// CTA) or through shared memory (G > 32, one block per CTA). Loads are 16-byte vectors except
// in the ragged tail. The reciprocal of the maximum is the IEEE one, so codes are exactly the
// ones the Java reference computes.
#pragma once
#include "common.cuh"

// ------------------------------------------------------------------ 4-bit tables

// Float32 midpoints of adjacent NF4 values; x goes to the upper index only when strictly above.
__constant__ float c_nf4_mid[16] = {
    -0.8480964f, -0.6106329f, -0.45999527f, -0.33967942f, -0.2346074f, -0.13791174f, -0.045525018f,
    0.03979015f, 0.12025525f, 0.20352125f, 0.29201376f, 0.38931254f, 0.50166345f, 0.6427869f,
    0.86147845f, 3.0e38f};
// FP4 magnitude thresholds (the upstream CUDA literals, not exact midpoints) and the 3-bit
// patterns of the magnitudes 0, 1/192, 1/6, 1/4, 1/3, 1/2, 2/3, 1 in ascending order.
__constant__ float c_fp4_mid[8] = {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f,
                                   0.4166667f, 0.583333f, 0.8333333f, 3.0e38f};
__constant__ unsigned char c_fp4_bits[8] = {0, 1, 6, 7, 4, 5, 2, 3};

// The 4-bit decision trees with every threshold in registers (selects, no memory reads).
struct Nf4Th { float t[15]; };

__device__ __forceinline__ int nf4_index(const Nf4Th& h, float x) {
    // bisection over the 15 sorted thresholds: the index is the number of thresholds below x
    bool b1 = x > h.t[7];
    bool b2 = x > (b1 ? h.t[11] : h.t[3]);
    bool b3 = x > (b1 ? (b2 ? h.t[13] : h.t[9]) : (b2 ? h.t[5] : h.t[1]));
    int i = (b1 ? 8 : 0) + (b2 ? 4 : 0) + (b3 ? 2 : 0);
    float t4;
    switch (i) {  // compiled to selects
        case 0: t4 = h.t[0]; break;
        case 2: t4 = h.t[2]; break;
        case 4: t4 = h.t[4]; break;
        case 6: t4 = h.t[6]; break;
        case 8: t4 = h.t[8]; break;
        case 10: t4 = h.t[10]; break;
        case 12: t4 = h.t[12]; break;
        default: t4 = h.t[14]; break;
    }
    return i + (x > t4 ? 1 : 0);
}

__device__ __forceinline__ int fp4_index(float x) {
    float a = fabsf(x);
    bool b1 = a > c_fp4_mid[3];
    bool b2 = a > (b1 ? c_fp4_mid[5] : c_fp4_mid[1]);
    bool b3 = a > (b1 ? (b2 ? c_fp4_mid[6] : c_fp4_mid[4]) : (b2 ? c_fp4_mid[2] : c_fp4_mid[0]));
    int r = (b1 ? 4 : 0) + (b2 ? 2 : 0) + (b3 ? 1 : 0);
    // magnitude rank 0..7 -> 3-bit pattern 000 001 110 111 100 101 010 011 (bit 2 flips for ranks 2, 3, 6, 7)
    return (x < 0.0f ? 8 : 0) | (r ^ ((r & 2) << 1));
}

// ------------------------------------------------------------------ quantize

// MODE 0: 8-bit code search; MODE 1: NF4; MODE 2: FP4. Each thread task covers E elements of one
// block (G tasks per block); CTAs loop over tasks so the code table is staged once per CTA.
template <typename T, int U>
__global__ void __launch_bounds__(256)
k_quantize_blockwise(const T* __restrict__ a, const float* __restrict__ code, unsigned char* __restrict__ out,
                     float* __restrict__ absmax, i64 n, int log2bs, int log2G, i64 tasks, int mode) {
    constexpr int E = U * 16 / (int) sizeof(T);
    __shared__ float sc[CODE_SMEM_WORDS];
    __shared__ float4 fin[CODE_FIN_WORDS];
    if (mode == 0) {
        code_tab_fill(sc, fin, code);
        __syncthreads();
    }
    CodeTab tab;
    if (mode == 0) tab = code_tab(sc, fin);
    Nf4Th nf;
#pragma unroll
    for (int i = 0; i < 15; i++) nf.t[i] = c_nf4_mid[i];
    const int G = 1 << log2G;
    const i64 bs = (i64) 1 << log2bs;

    // every thread of a CTA runs the same number of iterations: group_max may synchronise
    for (i64 t = (i64) blockIdx.x * blockDim.x + threadIdx.x; t - threadIdx.x < tasks; t += (i64) gridDim.x * blockDim.x) {
        i64 b = t >> log2G;
        int j = (int) (t & (G - 1));
        i64 start = (b << log2bs) + (i64) j * E;
        i64 avail = min(((b + 1) << log2bs), n) - start;
        if (t >= tasks || avail < 0) avail = 0;

        float v[E];
        load_floats<T, E>(a + (avail > 0 ? start : 0), avail, v);
        float m = 0.0f;
#pragma unroll
        for (int k = 0; k < E; k++) m = fmaxf(m, fabsf(v[k]));
        m = group_max(m, G);
        if (avail <= 0) continue;
        if (j == 0) absmax[b] = m;
        float r = __frcp_rn(m);

        if (mode == 0) {
            unsigned char q[E];
#pragma unroll
            for (int k = 0; k < E; k++) q[k] = (unsigned char) code_search_fast(tab, v[k] * r);
            if (avail >= E) {
                if constexpr (E == 4) *reinterpret_cast<uint32_t*>(out + start) = *reinterpret_cast<uint32_t*>(q);
                else if constexpr (E == 8) *reinterpret_cast<uint2*>(out + start) = *reinterpret_cast<uint2*>(q);
                else {
#pragma unroll
                    for (int u = 0; u < E / 16; u++)
                        reinterpret_cast<uint4*>(out + start)[u] = reinterpret_cast<uint4*>(q)[u];
                }
            } else {
                for (int k = 0; k < avail; k++) out[start + k] = q[k];
            }
        } else {
            unsigned char q[E / 2];
#pragma unroll
            for (int k = 0; k < E; k += 2) {
                float x0 = v[k] * r, x1 = v[k + 1] * r;
                int h = mode == 1 ? nf4_index(nf, x0) : fp4_index(x0);
                int l = mode == 1 ? nf4_index(nf, x1) : fp4_index(x1);
                q[k / 2] = (unsigned char) ((h << 4) | l);
            }
            unsigned char* o = out + start / 2;
            if (avail >= E) {
                if constexpr (E == 4) *reinterpret_cast<uint16_t*>(o) = *reinterpret_cast<uint16_t*>(q);
                else if constexpr (E == 8) *reinterpret_cast<uint32_t*>(o) = *reinterpret_cast<uint32_t*>(q);
                else if constexpr (E == 16) *reinterpret_cast<uint2*>(o) = *reinterpret_cast<uint2*>(q);
                else *reinterpret_cast<uint4*>(o) = *reinterpret_cast<uint4*>(q);
            } else {
                // the last byte of an odd-length tensor carries the quantized zero padding
                for (int k = 0; k < (avail + 1) / 2; k++) o[k] = q[k];
            }
        }
    }
}

template <typename T>
static int launch_quantize_blockwise(BnbCtx* ctx, const T* a, const float* code, unsigned char* out, float* absmax,
                                     i64 n, int bs, int mode) {
    if (n == 0) return 0;
    constexpr int VEC = 16 / sizeof(T);
    // Large blocks take four vectors per thread: fewer, fuller threads and shorter reductions.
    bool wide = bs / VEC >= 256;
    int E = (wide ? 4 : 1) * VEC;
    int G = bs / E;
    i64 tasks = ((n + bs - 1) / bs) * (i64) G;
    int cta = G <= 32 ? 256 : G;
    i64 ctas = (tasks + cta - 1) / cta;
    // enough CTAs to fill the GPU several times over; each loops over the rest
    unsigned grid = (unsigned) min(ctas, (i64) ctx->smCount * (2048 / cta) * 4);
    int log2bs = log2i(bs), log2G = log2i(G);
    if (wide) k_quantize_blockwise<T, 4><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, log2bs, log2G, tasks, mode);
    else k_quantize_blockwise<T, 1><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, log2bs, log2G, tasks, mode);
    BNB_LAUNCHED("quantize_blockwise");
    return 0;
}

// ------------------------------------------------------------------ dequantize

// Dequantization: a warp handles DQ_UNITS units of 32 lanes; a unit is 8 codes (8-bit) or 4
// packed bytes = 8 values (4-bit), one per lane, so every load and store instruction of a warp
// touches one contiguous stretch. Block sizes (>= 64 for 8-bit, >= 32 for 4-bit) keep the 8
// values of a unit inside one block: one scale per unit.
#define DQ_UNITS 4
#define DQ_THREADS 256

template <typename T>
__device__ __forceinline__ void store8(T* p, const float (&v)[8]) { store_floats<T, 8>(p, v); }

template <typename T>
__global__ void __launch_bounds__(DQ_THREADS)
k_dequantize_8bit(const unsigned char* __restrict__ q, const float* __restrict__ absmax, const float* __restrict__ code,
                  T* __restrict__ out, i64 n, int log2bs) {
    __shared__ float sc[256];
    for (int i = threadIdx.x; i < 256; i += blockDim.x) sc[i] = code[i];
    __syncthreads();
    const int lane = threadIdx.x & 31;
    const i64 warp = (i64) blockIdx.x * (DQ_THREADS / 32) + (threadIdx.x >> 5);
    uint2 raw[DQ_UNITS];
    i64 e0[DQ_UNITS];
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        e0[u] = ((warp * DQ_UNITS + u) * 32 + lane) * 8;
        if (e0[u] + 8 <= n) raw[u] = __ldcs(reinterpret_cast<const uint2*>(q + e0[u]));
    }
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        if (e0[u] >= n) continue;
        float s = __ldg(absmax + (e0[u] >> log2bs));
        if (e0[u] + 8 <= n) {
            const unsigned char* c = reinterpret_cast<const unsigned char*>(&raw[u]);
            float v[8];
#pragma unroll
            for (int k = 0; k < 8; k++) v[k] = sc[c[k]] * s;
            store8<T>(out + e0[u], v);
        } else {
            for (i64 i = e0[u]; i < n; i++) out[i] = Fl<T>::put(sc[q[i]] * s);
        }
    }
}

// Dequantization tables as float32 bit patterns: NF4, then FP4 as the CUDA kernels decode it
// (magnitude times sign, so code 0b1000 is -0.0).
__constant__ unsigned int c_lut4[2][16] = {
    {0xbf800000u, 0xbf3239b1u, 0xbf066b30u, 0xbeca32a0u, 0xbe91a24du, 0xbe3d353fu, 0xbdba7871u, 0x00000000u,
     0x3da2faffu, 0x3e24cae3u, 0x3e7c04ddu, 0x3ead033au, 0x3ee1a4b8u, 0x3f1007abu, 0x3f3913b3u, 0x3f800000u},
    {0x00000000u, 0x3baaaaabu, 0x3f2aaaabu, 0x3f800000u, 0x3eaaaaabu, 0x3f000000u, 0x3e2aaaabu, 0x3e800000u,
     0x80000000u, 0xbbaaaaabu, 0xbf2aaaabu, 0xbf800000u, 0xbeaaaaabu, 0xbf000000u, 0xbe2aaaabu, 0xbe800000u}};

// fp4: 0 for NF4, 1 for FP4.
template <typename T>
__global__ void __launch_bounds__(DQ_THREADS)
k_dequantize_4bit(const unsigned char* __restrict__ q, const float* __restrict__ absmax, int fp4, T* __restrict__ out,
                  i64 n, int log2bs) {
    __shared__ float sl[16];
    if (threadIdx.x < 16) sl[threadIdx.x] = __uint_as_float(c_lut4[fp4][threadIdx.x]);
    __syncthreads();
    const int lane = threadIdx.x & 31;
    const i64 warp = (i64) blockIdx.x * (DQ_THREADS / 32) + (threadIdx.x >> 5);
    uint32_t raw[DQ_UNITS];
    i64 e0[DQ_UNITS];
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        e0[u] = ((warp * DQ_UNITS + u) * 32 + lane) * 8;
        if (e0[u] + 8 <= n) raw[u] = __ldcs(reinterpret_cast<const unsigned int*>(q + e0[u] / 2));
    }
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        if (e0[u] >= n) continue;
        float s = __ldg(absmax + (e0[u] >> log2bs));
        if (e0[u] + 8 <= n) {
            float v[8];
#pragma unroll
            for (int k = 0; k < 4; k++) {
                uint32_t byte = (raw[u] >> (8 * k)) & 0xffu;
                v[2 * k] = sl[byte >> 4] * s;
                v[2 * k + 1] = sl[byte & 15u] * s;
            }
            store8<T>(out + e0[u], v);
        } else {
            for (i64 i = e0[u]; i < n; i++) {
                unsigned char c = q[i >> 1];
                out[i] = Fl<T>::put(sl[(i & 1) ? (c & 15) : (c >> 4)] * s);
            }
        }
    }
}

static unsigned dq_grid(i64 n) { return div_up(div_up(n, 8), DQ_UNITS * DQ_THREADS); }

// ------------------------------------------------------------------ C API

static int bnb_quantize_blockwise(i64 h, int dtype, i64 a, i64 code, i64 out, i64 absmax, i64 n, int bs, int mode) {
    BNB_CTX(h);
    BNB_FLOAT_TYPES(dtype, T, {
        return launch_quantize_blockwise<T>(ctx, (const T*) a, (const float*) code, (unsigned char*) out,
                                            (float*) absmax, n, bs, mode);
    });
    return 0;
}

static int bnb_dequantize_8bit(i64 h, int dtype, i64 q, i64 absmax, i64 code, i64 out, i64 n, int bs) {
    BNB_CTX(h);
    if (n == 0) return 0;
    unsigned grid = dq_grid(n);
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize_8bit<T><<<grid, DQ_THREADS, 0, ctx->stream>>>((const unsigned char*) q, (const float*) absmax,
                                                           (const float*) code, (T*) out, n, log2i(bs));
    });
    BNB_LAUNCHED("dequantize_blockwise");
    return 0;
}

static int bnb_dequantize_4bit(i64 h, int dtype, i64 q, i64 absmax, int fp4, i64 out, i64 n, int bs) {
    BNB_CTX(h);
    if (n == 0) return 0;
    unsigned grid = dq_grid(n);
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize_4bit<T><<<grid, DQ_THREADS, 0, ctx->stream>>>((const unsigned char*) q, (const float*) absmax, fp4 ? 1 : 0,
                                                           (T*) out, n, log2i(bs));
    });
    BNB_LAUNCHED("dequantize_4bit");
    return 0;
}

// Benchmark hook: the native work of one small dequantize_blockwise call (allocate the result,
// launch, release) in a single JNI call, to separate the Java layer's cost from CUDA's.
static int bnb_bench_native_floor(i64 h, i64 q, i64 absmax, i64 code, i64 n, int bs) {
    BNB_CTX(h);
    void* out = nullptr;
    BNB_CK(cudaMallocAsync(&out, sizeof(float) * (size_t) n, ctx->stream));
    k_dequantize_8bit<float><<<dq_grid(n), DQ_THREADS, 0, ctx->stream>>>(
        (const unsigned char*) q, (const float*) absmax, (const float*) code, (float*) out, n, log2i(bs));
    BNB_LAUNCHED("bench");
    BNB_CK(cudaFreeAsync(out, ctx->stream));
    return 0;
}

// Benchmark hook: a JNI round trip that does nothing.
static int bnb_jni_nop(i64 h) { return h == 0 ? 1 : 0; }
