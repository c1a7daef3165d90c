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

// Bisection over the 15 sorted thresholds: the index is the number of thresholds below x.
__device__ __forceinline__ int nf4_index(const float* th, float x) {
    int i = x > th[7] ? 8 : 0;
    i += x > th[i + 3] ? 4 : 0;
    i += x > th[i + 1] ? 2 : 0;
    i += x > th[i] ? 1 : 0;
    return i;
}

__device__ __forceinline__ int fp4_index(const float* th, const unsigned char* bits, float x) {
    float a = fabsf(x);
    int r = a > th[3] ? 4 : 0;
    r += a > th[r + 1] ? 2 : 0;
    r += a > th[r] ? 1 : 0;
    return (x < 0.0f ? 8 : 0) | bits[r];
}

// ------------------------------------------------------------------ quantize

// MODE 0: 8-bit code search; MODE 1: NF4; MODE 2: FP4.
template <typename T, int U>
__global__ void k_quantize_blockwise(const T* __restrict__ a, const float* __restrict__ code,
                                     unsigned char* __restrict__ out, float* __restrict__ absmax,
                                     i64 n, int bs, int G, int mode) {
    constexpr int E = U * 16 / (int) sizeof(T);
    __shared__ float sc[CODE_SMEM_WORDS];
    __shared__ float th[16];
    __shared__ unsigned char bits[8];
    if (mode == 0) {
        load_code_smem(sc, code);
    } else if (threadIdx.x < 16) {
        th[threadIdx.x] = mode == 1 ? c_nf4_mid[threadIdx.x] : c_fp4_mid[threadIdx.x & 7];
        if (threadIdx.x < 8) bits[threadIdx.x] = c_fp4_bits[threadIdx.x];
    }
    __syncthreads();

    i64 t = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    i64 b = t / G;
    int j = (int) (t % G);
    i64 start = b * bs + (i64) j * E;
    i64 blockEnd = min((b + 1) * (i64) bs, n);
    i64 avail = blockEnd - start;  // may be <= 0 for threads past the data; they still reduce
    if (avail < 0) avail = 0;

    float v[E];
    load_floats<T, E>(a + (avail > 0 ? start : 0), avail, v);
    float m = 0.0f;
#pragma unroll
    for (int k = 0; k < E; k++) m = fmaxf(m, fabsf(v[k]));
    m = group_max(m, G);
    if (avail <= 0) return;
    if (j == 0) absmax[b] = m;
    float r = __frcp_rn(m);

    if (mode == 0) {
        unsigned char q[E];
#pragma unroll
        for (int k = 0; k < E; k++) q[k] = (unsigned char) code_search(sc, v[k] * r);
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
            int h = mode == 1 ? nf4_index(th, x0) : fp4_index(th, bits, x0);
            int l = mode == 1 ? nf4_index(th, x1) : fp4_index(th, bits, x1);
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

template <typename T>
static int launch_quantize_blockwise(BnbCtx* ctx, const T* a, const float* code, unsigned char* out, float* absmax,
                                     i64 n, int bs, int mode) {
    if (n == 0) return 0;
    constexpr int VEC = 16 / sizeof(T);
    // Large blocks take four vectors per thread: fewer, fuller threads and shorter reductions.
    bool wide = bs / VEC >= 256;
    int E = (wide ? 4 : 1) * VEC;
    int G = bs / E;
    i64 threads = ((n + bs - 1) / bs) * (i64) G;
    int cta = G <= 32 ? 256 : G;
    unsigned grid = div_up(threads, cta);
    if (wide) k_quantize_blockwise<T, 4><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, bs, G, mode);
    else k_quantize_blockwise<T, 1><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, bs, G, mode);
    BNB_LAUNCHED("quantize_blockwise");
    return 0;
}

// ------------------------------------------------------------------ dequantize

// 8-bit: each thread turns 8 codes into 8 values (block size >= 64, so one scale per thread).
template <typename T>
__global__ void k_dequantize_8bit(const unsigned char* __restrict__ q, const float* __restrict__ absmax,
                                  const float* __restrict__ code, T* __restrict__ out, i64 n, int log2bs) {
    __shared__ float sc[256];
    for (int i = threadIdx.x; i < 256; i += blockDim.x) sc[i] = code[i];
    __syncthreads();
    i64 i0 = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * 8;
    if (i0 >= n) return;
    float s = __ldg(absmax + (i0 >> log2bs));
    if (i0 + 8 <= n) {
        uint2 raw = __ldcs(reinterpret_cast<const uint2*>(q + i0));
        const unsigned char* c = reinterpret_cast<const unsigned char*>(&raw);
        T o[8];
#pragma unroll
        for (int k = 0; k < 8; k++) o[k] = Fl<T>::put(sc[c[k]] * s);
#pragma unroll
        for (int u = 0; u < 8 * (int) sizeof(T) / 16; u++)
            __stcs(reinterpret_cast<uint4*>(out + i0) + u, reinterpret_cast<uint4*>(o)[u]);
    } else {
        for (i64 i = i0; i < n; i++) out[i] = Fl<T>::put(sc[q[i]] * s);
    }
}

// Dequantization tables as float32 bit patterns: NF4, then FP4 as the CUDA kernels decode it
// (magnitude times sign, so code 0b1000 is -0.0).
__constant__ unsigned int c_lut4[2][16] = {
    {0xbf800000u, 0xbf3239b1u, 0xbf066b30u, 0xbeca32a0u, 0xbe91a24du, 0xbe3d353fu, 0xbdba7871u, 0x00000000u,
     0x3da2faffu, 0x3e24cae3u, 0x3e7c04ddu, 0x3ead033au, 0x3ee1a4b8u, 0x3f1007abu, 0x3f3913b3u, 0x3f800000u},
    {0x00000000u, 0x3baaaaabu, 0x3f2aaaabu, 0x3f800000u, 0x3eaaaaabu, 0x3f000000u, 0x3e2aaaabu, 0x3e800000u,
     0x80000000u, 0xbbaaaaabu, 0xbf2aaaabu, 0xbf800000u, 0xbeaaaaabu, 0xbf000000u, 0xbe2aaaabu, 0xbe800000u}};

// 4-bit: each thread turns 8 packed bytes into 16 values (block size >= 32: one scale).
// fp4: 0 for NF4, 1 for FP4.
template <typename T>
__global__ void k_dequantize_4bit(const unsigned char* __restrict__ q, const float* __restrict__ absmax, int fp4,
                                  T* __restrict__ out, i64 n, int log2bs) {
    __shared__ float sl[16];
    if (threadIdx.x < 16) sl[threadIdx.x] = __uint_as_float(c_lut4[fp4][threadIdx.x]);
    __syncthreads();
    i64 e0 = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * 16;
    if (e0 >= n) return;
    float s = __ldg(absmax + (e0 >> log2bs));
    if (e0 + 16 <= n) {
        uint2 raw = __ldcs(reinterpret_cast<const uint2*>(q + e0 / 2));
        const unsigned char* c = reinterpret_cast<const unsigned char*>(&raw);
        T o[16];
#pragma unroll
        for (int k = 0; k < 8; k++) {
            o[2 * k] = Fl<T>::put(sl[c[k] >> 4] * s);
            o[2 * k + 1] = Fl<T>::put(sl[c[k] & 15] * s);
        }
#pragma unroll
        for (int u = 0; u < 16 * (int) sizeof(T) / 16; u++)
            __stcs(reinterpret_cast<uint4*>(out + e0) + u, reinterpret_cast<uint4*>(o)[u]);
    } else {
        for (i64 i = e0; i < n; i++) {
            unsigned char c = q[i >> 1];
            out[i] = Fl<T>::put(sl[(i & 1) ? (c & 15) : (c >> 4)] * s);
        }
    }
}

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
    unsigned grid = div_up(div_up(n, 8), 256);
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize_8bit<T><<<grid, 256, 0, ctx->stream>>>((const unsigned char*) q, (const float*) absmax,
                                                           (const float*) code, (T*) out, n, log2i(bs));
    });
    BNB_LAUNCHED("dequantize_blockwise");
    return 0;
}

static int bnb_dequantize_4bit(i64 h, int dtype, i64 q, i64 absmax, int fp4, i64 out, i64 n, int bs) {
    BNB_CTX(h);
    if (n == 0) return 0;
    unsigned grid = div_up(div_up(n, 16), 256);
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize_4bit<T><<<grid, 256, 0, ctx->stream>>>((const unsigned char*) q, (const float*) absmax, fp4 ? 1 : 0,
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
    k_dequantize_8bit<float><<<div_up(div_up(n, 8), 256), 256, 0, ctx->stream>>>(
        (const unsigned char*) q, (const float*) absmax, (const float*) code, (float*) out, n, log2i(bs));
    BNB_LAUNCHED("bench");
    BNB_CK(cudaFreeAsync(out, ctx->stream));
    return 0;
}

// Benchmark hook: a JNI round trip that does nothing.
static int bnb_jni_nop(i64 h) { return h == 0 ? 1 : 0; }
