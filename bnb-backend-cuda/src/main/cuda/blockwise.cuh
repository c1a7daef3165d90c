// Blockwise quantization: 8-bit with a 256-entry code, and NF4/FP4 (spec OPS.md 2 and 3).
//
// Work split: every thread owns E consecutive elements (U 16-byte loads); the G = bs/E threads
// of one quantization block reduce the block maximum with shuffles (G <= 32, several blocks per
// CTA) or through shared memory (G > 32, one block per CTA). Loads are 16-byte vectors except
// in the ragged tail. The reciprocal of the maximum is the IEEE one, so codes are exactly the
// ones the Java reference computes.
#pragma once
#include "common.cuh"
#include "codebuckets.cuh"

// ------------------------------------------------------------------ 4-bit tables

// NF4 thresholds: the float32 midpoints of adjacent NF4 values, -0.8480964 -0.6106329
// -0.45999527 -0.33967942 -0.2346074 -0.13791174 -0.045525018 0.03979015 0.12025525 0.20352125
// 0.29201376 0.38931254 0.50166345 0.6427869 0.86147845; x goes to the upper index only when
// strictly above. FP4 magnitude thresholds: the upstream CUDA literals 0.00260417 0.0859375
// 0.20833333 0.29166667 0.4166667 0.583333 0.8333333 (not exact midpoints; they are canonical).

// The 4-bit decision rules (spec OPS.md 3.2), table-driven. A scaled NF4 value y in [-1, 1] falls in one of 128
// bins of width 1/64; every threshold lies at least 0.0149 bin widths inside a bin and no bin
// holds two, so the code is "thresholds in lower bins" plus one compare with the bin's own
// threshold. FP4 does the same on |y| with 64 bins over [0, 1] (thresholds at least 1/6 bin
// inside). Rounding of y*64 can only move y across a bin edge, never across a threshold, so the
// result is the comparison chain's exactly; NaN lands in bin 0, code 0.
// tab4[b] = {threshold in bin b (or +huge), code if not above | code if above << 8}; built once
// per context into g_tab4 (NF4, FP4) by k_init_tab4, then copied to shared memory per CTA.
__device__ float2 g_tab4[2][128];

__device__ __forceinline__ void tab4_fill(float2* tab, int fp4) {
    const float nf4t[15] = {-0.8480964f, -0.6106329f, -0.45999527f, -0.33967942f, -0.2346074f, -0.13791174f, -0.045525018f,
                            0.03979015f, 0.12025525f, 0.20352125f, 0.29201376f, 0.38931254f, 0.50166345f, 0.6427869f,
                            0.86147845f};
    const float fp4t[7] = {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f};
    for (int b = threadIdx.x; b < 128; b += blockDim.x) {
        float thr = 3.0e38f;
        int below = 0;
        if (!fp4) {
            float lo = b / 64.0f - 1.0f, hi = (b + 1) / 64.0f - 1.0f;
            for (int i = 0; i < 15; i++) {
                if (nf4t[i] < lo) below++;
                else if (nf4t[i] < hi) thr = nf4t[i];
            }
            tab[b] = make_float2(thr, __int_as_float(below | (below + 1) << 8));
        } else if (b < 64) {
            float lo = b / 64.0f, hi = (b + 1) / 64.0f;
            for (int i = 0; i < 7; i++) {
                if (fp4t[i] < lo) below++;
                else if (fp4t[i] < hi) thr = fp4t[i];
            }
            int above = below + 1 > 7 ? 7 : below + 1;
            int pb = below ^ ((below & 2) << 1), pa = above ^ ((above & 2) << 1);
            tab[b] = make_float2(thr, __int_as_float(pb | pa << 8));
        }
    }
}

// bin of v (v = y*64 + 64 for NF4, |y|*64 for FP4), clamped to [0, top]: round-half-even of
// v - 0.5 via the 1.5*2^23 trick (no float-to-int conversion instruction).
__device__ __forceinline__ int bin_of(float v, float top) {
    float c = fminf(fmaxf(v - 0.5f, 0.0f), top);
    return __float_as_int(c + 12582912.0f) - 0x4B400000;
}

__global__ void k_init_tab4() {
    tab4_fill(g_tab4[0], 0);
    tab4_fill(g_tab4[1], 1);
}

__device__ __forceinline__ int nf4_code_tab(const float2* tab, float y) {
    float2 e = tab[bin_of(__fmaf_rn(y, 64.0f, 64.0f), 127.0f)];
    return (__float_as_int(e.y) >> (y > e.x ? 8 : 0)) & 0xff;
}

__device__ __forceinline__ int fp4_code_tab(const float2* tab, float y) {
    float a = fabsf(y);
    float2 e = tab[bin_of(a * 64.0f, 63.0f)];
    return ((int) (y < 0.0f) << 3) | ((__float_as_int(e.y) >> (a > e.x ? 8 : 0)) & 0xff);
}

// ------------------------------------------------------------------ quantize

// mode 0: 8-bit code search; 1: NF4; 2: FP4. One thread task covers E elements of one block (G
// tasks per block). Codes are packed into 32-bit words in registers and stored as vectors.
// BUCKETS (8-bit only): the bucket-table search when the table is usable; CTAs then loop over the
// tasks so that each stages the table once.
template <typename T, int U, bool BUCKETS>
__global__ void __launch_bounds__(256)
k_quantize_blockwise(const T* __restrict__ a, const float* __restrict__ code, unsigned char* __restrict__ out,
                     float* __restrict__ absmax, i64 n, int log2bs, int log2G, i64 tasks, int mode,
                     const CodeBuckets* __restrict__ cb) {
    constexpr int E = U * 16 / (int) sizeof(T);
    __shared__ float sc[CODE_SMEM_WORDS];
    __shared__ float4 fin[CODE_FIN_WORDS];
    __shared__ float2 tab4[128];
    __shared__ CbSmem<BUCKETS> cbm;
    CodeTab tab;
    bool useB = false;
    int nanCode = 0;
    if constexpr (BUCKETS) {
        useB = cb->state == 1;
        nanCode = cb->nanCode;
        if (useB) cb_fill(&cbm.s, cb);
    }
    if (mode == 0 && !useB) code_tab_fill(sc, fin, code);
    else if (mode != 0) for (int i = threadIdx.x; i < 128; i += blockDim.x) tab4[i] = g_tab4[mode - 1][i];  // CTAs may be 32 wide
    __syncthreads();
    if (mode == 0 && !useB) tab = code_tab(sc, fin);
    const int G = 1 << log2G;
    for (i64 t0 = (i64) blockIdx.x * blockDim.x; t0 < tasks; t0 += (i64) gridDim.x * blockDim.x) {
    const i64 t = t0 + threadIdx.x;
    const i64 b = t >> log2G;
    const int j = (int) (t & (G - 1));
    const i64 start = (b << log2bs) + (i64) j * E;
    i64 avail = min(((b + 1) << log2bs), n) - start;
    if (t >= tasks || avail < 0) avail = 0;

    float v[E];
    load_floats<T, E>(a + (avail > 0 ? start : 0), avail, v);
    float m = 0.0f;
#pragma unroll
    for (int k = 0; k < E; k++) m = fmaxf(m, fabsf(v[k]));
    m = group_max(m, G);  // every thread of the CTA takes part (G > 32 synchronises)
    if (avail <= 0) continue;
    if (j == 0) absmax[b] = m;
    const float r = __frcp_rn(m);

    if (mode == 0) {
        constexpr int W = E / 4;  // 32-bit words of codes
        uint32_t q[W];
#pragma unroll
        for (int w = 0; w < W; w++) {
            uint32_t word = 0;
#pragma unroll
            for (int k = 0; k < 4; k++) {
                float x = v[4 * w + k] * r;
                int c;
                if constexpr (BUCKETS) c = useB ? cb_index(&cbm.s, nanCode, x) : code_search_fast(tab, x);
                else c = code_search_fast(tab, x);
                word |= (uint32_t) c << (8 * k);
            }
            q[w] = word;
        }
        unsigned char* o = out + start;
        if (avail >= E) {
            if constexpr (W == 1) *reinterpret_cast<uint32_t*>(o) = q[0];
            else if constexpr (W == 2) *reinterpret_cast<uint2*>(o) = make_uint2(q[0], q[1]);
            else {
#pragma unroll
                for (int u = 0; u < W / 4; u++)
                    reinterpret_cast<uint4*>(o)[u] = make_uint4(q[4 * u], q[4 * u + 1], q[4 * u + 2], q[4 * u + 3]);
            }
        } else {
#pragma unroll
            for (int w = 0; w < W; w++)
#pragma unroll
                for (int kk = 0; kk < 4; kk++)
                    if (4 * w + kk < avail) o[4 * w + kk] = (unsigned char) (q[w] >> (8 * kk));
        }
    } else {
        constexpr int NB = E / 2;                   // packed bytes
        constexpr int W = NB >= 4 ? NB / 4 : 1;     // 32-bit words (a 2-byte half word for E = 4)
        uint32_t q[W];
#pragma unroll
        for (int w = 0; w < W; w++) {
            uint32_t word = 0;
#pragma unroll
            for (int k = 0; k < (NB >= 4 ? 4 : NB); k++) {
                float x0 = v[8 * w + 2 * k] * r, x1 = v[8 * w + 2 * k + 1] * r;
                int h = mode == 1 ? nf4_code_tab(tab4, x0) : fp4_code_tab(tab4, x0);
                int l = mode == 1 ? nf4_code_tab(tab4, x1) : fp4_code_tab(tab4, x1);
                word |= (uint32_t) ((h << 4) | l) << (8 * k);
            }
            q[w] = word;
        }
        unsigned char* o = out + start / 2;
        if (avail >= E) {
            if constexpr (NB == 2) *reinterpret_cast<uint16_t*>(o) = (uint16_t) q[0];
            else if constexpr (W == 1) *reinterpret_cast<uint32_t*>(o) = q[0];
            else if constexpr (W == 2) *reinterpret_cast<uint2*>(o) = make_uint2(q[0], q[1]);
            else *reinterpret_cast<uint4*>(o) = make_uint4(q[0], q[1], q[2], q[3]);
        } else {
            // the last byte of an odd-length tensor carries the quantized zero padding
            const i64 nb = (avail + 1) / 2;
#pragma unroll
            for (int w = 0; w < W; w++)
#pragma unroll
                for (int kk = 0; kk < 4; kk++)
                    if (4 * w + kk < nb) o[4 * w + kk] = (unsigned char) (q[w] >> (8 * kk));
        }
    }
    }
}

template <typename T>
static int launch_quantize_blockwise(BnbCtx* ctx, const T* a, const float* code, unsigned char* out, float* absmax,
                                     i64 n, int bs, int mode) {
    if (n == 0) return 0;
    constexpr int VEC = 16 / sizeof(T);
    // four 16-byte vectors per thread (every block size holds at least that many elements): four
    // loads in flight per thread and fewer CTAs to set up
    const bool wide = true;
    int E = 4 * VEC;
    int G = bs / E;
    i64 tasks = ((n + bs - 1) / bs) * (i64) G;
    int cta = G <= 32 ? 256 : G;
    unsigned grid = div_up(tasks, cta);
    int log2bs = log2i(bs), log2G = log2i(G);
    (void) wide;
    if (mode == 0 && env_int("BNB_CUDA_Q8_BUCKETS", 1)) {
        std::lock_guard<std::mutex> hold(cb_mutex);
        const CodeBuckets* cb;
        if (int rc = code_buckets(ctx, code, &cb)) return rc;
        // a few resident rounds of CTAs, each staging the table once
        grid = (unsigned) min((i64) grid, (i64) ctx->smCount * env_int("BNB_CUDA_Q8_CTAS_PER_SM", 8));
        k_quantize_blockwise<T, 4, true><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, log2bs, log2G, tasks, mode, cb);
    } else {
        k_quantize_blockwise<T, 4, false><<<grid, cta, 0, ctx->stream>>>(a, code, out, absmax, n, log2bs, log2G, tasks, mode, nullptr);
    }
    BNB_LAUNCHED("quantize_blockwise");
    return 0;
}

// ------------------------------------------------------------------ dequantize

// Per-block scale: the plain float32 absmax, or the nested (double-quantized) form
// code2[q8[blk]] * absmax2[blk / 256] + offset.
struct Scales {
    const float* absmax;
    const unsigned char* q8;  // null when not nested
    const float* code2;
    float offset;
    static Scales plain(const float* absmax) { return Scales{absmax, nullptr, nullptr, 0.0f}; }
};

__device__ __forceinline__ float scale_at(const Scales& s, i64 blk) {
    if (s.q8) return __ldg(s.code2 + __ldg(s.q8 + blk)) * __ldg(s.absmax + (blk >> 8)) + s.offset;
    return __ldg(s.absmax + blk);
}

// Dequantization: a warp handles DQ_UNITS units; in a unit every lane produces V = 16/sizeof(T)
// values (one 16-byte store), so each store instruction of a warp writes 512 contiguous bytes and
// each load reads V codes (8-bit) or V/2 packed bytes (4-bit) per lane. Block sizes (>= 64 for
// 8-bit, >= 32 for 4-bit) keep a unit's values inside one block: one scale per unit.
#define DQ_UNITS 4
#define DQ_THREADS 256

template <int BYTES> struct Raw;
template <> struct Raw<2> { typedef uint16_t type; };
template <> struct Raw<4> { typedef uint32_t type; };
template <> struct Raw<8> { typedef uint2 type; };

__device__ __forceinline__ uint32_t raw_byte(uint16_t r, int k) { return (r >> (8 * k)) & 0xffu; }
__device__ __forceinline__ uint32_t raw_byte(uint32_t r, int k) { return (r >> (8 * k)) & 0xffu; }
__device__ __forceinline__ uint32_t raw_byte(uint2 r, int k) { return ((k < 4 ? r.x : r.y) >> (8 * (k & 3))) & 0xffu; }

// Dequantization tables as float32 bit patterns: NF4, then FP4 as the CUDA kernels decode it
// (magnitude times sign, so code 0b1000 is -0.0).
__constant__ unsigned int c_lut4[2][16] = {
    {0xbf800000u, 0xbf3239b1u, 0xbf066b30u, 0xbeca32a0u, 0xbe91a24du, 0xbe3d353fu, 0xbdba7871u, 0x00000000u,
     0x3da2faffu, 0x3e24cae3u, 0x3e7c04ddu, 0x3ead033au, 0x3ee1a4b8u, 0x3f1007abu, 0x3f3913b3u, 0x3f800000u},
    {0x00000000u, 0x3baaaaabu, 0x3f2aaaabu, 0x3f800000u, 0x3eaaaaabu, 0x3f000000u, 0x3e2aaaabu, 0x3e800000u,
     0x80000000u, 0xbbaaaaabu, 0xbf2aaaabu, 0xbf800000u, 0xbeaaaaabu, 0xbf000000u, 0xbe2aaaabu, 0xbe800000u}};

// FOUR: 4-bit packed input (lut = 16 entries: `code`, or the built-in NF4/FP4 table `fp4` where
// code is null), else 8-bit codes (lut = 256 entries of `code`). Also turns a 4-bit weight into T
// for the cuBLASLt gemm path, with plain or nested scales.
template <typename T, bool FOUR>
__global__ void __launch_bounds__(DQ_THREADS)
k_dequantize(const unsigned char* __restrict__ q, Scales sc, const float* __restrict__ code, int fp4,
             T* __restrict__ out, i64 n, int log2bs) {
    constexpr int V = 16 / sizeof(T);            // values per lane per unit
    constexpr int IN = FOUR ? V / 2 : V;         // input bytes per lane per unit
    typedef typename Raw<IN>::type R;
    __shared__ float lut[FOUR ? 16 : 256];
    pdl_wait();
    if (FOUR) {
        if (threadIdx.x < 16) lut[threadIdx.x] = code ? code[threadIdx.x] : __uint_as_float(c_lut4[fp4][threadIdx.x]);
    } else {
        for (int i = threadIdx.x; i < 256; i += blockDim.x) lut[i] = code[i];
    }
    __syncthreads();
    const int lane = threadIdx.x & 31;
    const i64 warp = (i64) blockIdx.x * (DQ_THREADS / 32) + (threadIdx.x >> 5);
    R raw[DQ_UNITS];
    i64 e0[DQ_UNITS];
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        e0[u] = ((warp * DQ_UNITS + u) * 32 + lane) * V;
        if (e0[u] + V <= n) raw[u] = __ldcs(reinterpret_cast<const R*>(q + (FOUR ? e0[u] / 2 : e0[u])));
    }
#pragma unroll
    for (int u = 0; u < DQ_UNITS; u++) {
        if (e0[u] >= n) continue;
        float s = scale_at(sc, e0[u] >> log2bs);
        if (e0[u] + V <= n) {
            float v[V];
#pragma unroll
            for (int k = 0; k < IN; k++) {
                uint32_t byte = raw_byte(raw[u], k);
                if (FOUR) {
                    v[2 * k] = lut[byte >> 4] * s;
                    v[2 * k + 1] = lut[byte & 15u] * s;
                } else {
                    v[k] = lut[byte] * s;
                }
            }
            __stcs(reinterpret_cast<uint4*>(out + e0[u]), pack_floats<T, V>(v));
        } else {
            for (i64 i = e0[u]; i < n; i++) {
                unsigned c = FOUR ? ((i & 1) ? (q[i >> 1] & 15) : (q[i >> 1] >> 4)) : q[i];
                out[i] = Fl<T>::put(lut[c] * s);
            }
        }
    }
}

template <typename T>
static unsigned dq_grid(i64 n) { return div_up(div_up(n, 16 / sizeof(T)), DQ_UNITS * DQ_THREADS); }

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
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize<T, false><<<dq_grid<T>(n), DQ_THREADS, 0, ctx->stream>>>(
            (const unsigned char*) q, Scales::plain((const float*) absmax), (const float*) code, 0, (T*) out, n, log2i(bs));
    });
    BNB_LAUNCHED("dequantize_blockwise");
    return 0;
}

static int bnb_dequantize_4bit(i64 h, int dtype, i64 q, i64 absmax, int fp4, i64 out, i64 n, int bs) {
    BNB_CTX(h);
    if (n == 0) return 0;
    BNB_FLOAT_TYPES(dtype, T, {
        k_dequantize<T, true><<<dq_grid<T>(n), DQ_THREADS, 0, ctx->stream>>>(
            (const unsigned char*) q, Scales::plain((const float*) absmax), nullptr, fp4 ? 1 : 0, (T*) out, n, log2i(bs));
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
    k_dequantize<float, false><<<dq_grid<float>(n), DQ_THREADS, 0, ctx->stream>>>(
        (const unsigned char*) q, Scales::plain((const float*) absmax), (const float*) code, 0, (float*) out, n, log2i(bs));
    BNB_LAUNCHED("bench");
    BNB_CK(cudaFreeAsync(out, ctx->stream));
    return 0;
}

// Benchmark hook: a JNI round trip that does nothing.
static int bnb_jni_nop(i64 h) { return h == 0 ? 1 : 0; }
