// 4-bit weight matmuls: gemv_4bit and gemm_4bit (spec OPS.md 4 and 5, KERNELS.md 4).
//
// out[m, n] = sum_k x[m, k] * code[q(n, k)] * scale(n, k) (+ bias[n]), fp32 accumulation.
//
// Three kernels:
//  * k_gemv4 (SIMT): one CTA per R weight rows; its 4 warps split K, every lane streams 16 packed
//    bytes (32 k, one scale) per step with the next step's weights prefetched; up to MB activation
//    rows reuse each looked-up centroid. Within a lane chunk the products x * code are summed
//    unscaled and the chunk sum is scaled once, which saves a multiply per weight. Needs
//    K % 32 == 0. Used for gemv and for 1..4 rows (fp32, or when tensor cores do not apply).
//  * k_gemm4_mma (sm80+, fp16/bf16, K % 64 == 0, M > 4): tensor cores with the weight as the
//    16x16 "A" operand and 8 activation rows as the "B" operand (so M pads to 8, not 16). Each
//    thread dequantizes the 16 consecutive weights it loads directly into its fragment registers;
//    the k order inside an mma step is permuted identically for both operands, which the dot
//    product does not see. Split-K over grid.y fills the GPU; partial sums go to an fp32 buffer
//    reduced (in a fixed order, so results are deterministic) by k_gemm4_finish.
//  * k_gemm4_generic: any K and alignment, one element at a time. Correct, not fast.
#pragma once
#include "common.cuh"

// Per-block scale: the plain float32 absmax, or the nested (double-quantized) form
// code2[q8[blk]] * absmax2[blk / 256] + offset.
struct Scales {
    const float* absmax;
    const unsigned char* q8;  // null when not nested
    const float* code2;
    float offset;
};

__device__ __forceinline__ float scale_at(const Scales& s, i64 blk) {
    if (s.q8) return __ldg(s.code2 + __ldg(s.q8 + blk)) * __ldg(s.absmax + (blk >> 8)) + s.offset;
    return __ldg(s.absmax + blk);
}

// 8 consecutive activations as floats (16-byte aligned).
template <typename T> __device__ __forceinline__ void load8(const T* p, float (&v)[8]) {
    uint4 raw = __ldg(reinterpret_cast<const uint4*>(p));
    const T* e = reinterpret_cast<const T*>(&raw);
#pragma unroll
    for (int j = 0; j < 8; j++) v[j] = Fl<T>::get(e[j]);
}
template <> __device__ __forceinline__ void load8<float>(const float* p, float (&v)[8]) {
    float4 a = __ldg(reinterpret_cast<const float4*>(p)), b = __ldg(reinterpret_cast<const float4*>(p) + 1);
    v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w; v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}

#define GEMV_WARPS 4

// One CTA per R weight rows (and MB activation rows); its 4 warps split K: lane l of warp w takes
// the 32-element chunks at (32w + l)*32 + 4096i. Every lane's loads are independent, so a CTA has
// all of its weight bytes in flight at once; the four partial sums meet in shared memory.
template <typename T, int R, int MB>
__global__ void __launch_bounds__(GEMV_WARPS * 32)
k_gemv4(const T* __restrict__ x, int M, const unsigned char* __restrict__ w, Scales sc, const float* __restrict__ code,
        const T* __restrict__ bias, T* __restrict__ out, int N, int K, int log2bs) {
    __shared__ float lut[16];
    __shared__ float red[GEMV_WARPS][R * MB];
    if (threadIdx.x < 16) lut[threadIdx.x] = code[threadIdx.x];
    __syncthreads();
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int n0 = blockIdx.x * R;
    const int m0 = blockIdx.y * MB;
    float acc[R][MB];
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int b = 0; b < MB; b++) acc[r][b] = 0.0f;

    constexpr int STRIDE = GEMV_WARPS * 32 * 32;
    uint4 nw[R];
    float ns[R];
    auto fetch = [&](int kk) {
#pragma unroll
        for (int r = 0; r < R; r++) {
            int n = min(n0 + r, N - 1);  // rows past N compute garbage that is never stored
            i64 e = (i64) n * K + kk;
            nw[r] = __ldcs(reinterpret_cast<const uint4*>(w + (e >> 1)));
            ns[r] = scale_at(sc, e >> log2bs);
        }
    };
    int k0 = (warp * 32 + lane) * 32;
    if (k0 < K) fetch(k0);
    for (; k0 < K; k0 += STRIDE) {
        uint4 wv[R];
        float s[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            wv[r] = nw[r];
            s[r] = ns[r];
        }
        if (k0 + STRIDE < K) fetch(k0 + STRIDE);  // the next weights fly while these are used
        float part[R][MB];
#pragma unroll
        for (int r = 0; r < R; r++)
#pragma unroll
            for (int b = 0; b < MB; b++) part[r][b] = 0.0f;
#pragma unroll
        for (int c = 0; c < 4; c++) {  // 8 k at a time: one 32-bit word of packed weights
            float xv[MB][8];
#pragma unroll
            for (int b = 0; b < MB; b++) {
                int m = min(m0 + b, M - 1);
                load8<T>(x + (i64) m * K + k0 + c * 8, xv[b]);
            }
#pragma unroll
            for (int r = 0; r < R; r++) {
                uint32_t word = (&wv[r].x)[c];
                // every byte's nibbles as byte offsets into the table (nibble * 4), so one
                // byte_perm extracts a table address
                uint32_t hi4 = (word >> 2) & 0x3C3C3C3Cu, lo4 = (word << 2) & 0x3C3C3C3Cu;
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    float hi = *reinterpret_cast<const float*>(reinterpret_cast<const char*>(lut) + __byte_perm(hi4, 0, 0x4440 + j));
                    float lo = *reinterpret_cast<const float*>(reinterpret_cast<const char*>(lut) + __byte_perm(lo4, 0, 0x4440 + j));
#pragma unroll
                    for (int b = 0; b < MB; b++) {
                        part[r][b] = fmaf(xv[b][2 * j], hi, part[r][b]);
                        part[r][b] = fmaf(xv[b][2 * j + 1], lo, part[r][b]);
                    }
                }
            }
        }
#pragma unroll
        for (int r = 0; r < R; r++)
#pragma unroll
            for (int b = 0; b < MB; b++) acc[r][b] = fmaf(part[r][b], s[r], acc[r][b]);
    }
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int b = 0; b < MB; b++) {
            float v = warp_sum(acc[r][b]);
            if (lane == 0) red[warp][r * MB + b] = v;
        }
    __syncthreads();
    if (threadIdx.x < R * MB) {
        int r = threadIdx.x / MB, b = threadIdx.x % MB;
        int n = n0 + r, m = m0 + b;
        if (n < N && m < M) {
            float v = red[0][threadIdx.x];
#pragma unroll
            for (int ww = 1; ww < GEMV_WARPS; ww++) v += red[ww][threadIdx.x];
            if (bias) v += Fl<T>::get(bias[n]);
            out[(i64) m * N + n] = Fl<T>::put(v);
        }
    }
}

template <typename T>
__global__ void __launch_bounds__(GEMV_WARPS * 32)
k_gemm4_generic(const T* __restrict__ x, int M, const unsigned char* __restrict__ w, Scales sc,
                const float* __restrict__ code, const T* __restrict__ bias, T* __restrict__ out, int N, int K, int log2bs) {
    __shared__ float lut[16];
    if (threadIdx.x < 16) lut[threadIdx.x] = code[threadIdx.x];
    __syncthreads();
    const int lane = threadIdx.x & 31;
    const int n = blockIdx.x * GEMV_WARPS + (threadIdx.x >> 5);
    const int m0 = blockIdx.y * 4;
    if (n >= N) return;
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int k = lane; k < K; k += 32) {
        i64 e = (i64) n * K + k;
        unsigned char byte = w[e >> 1];
        float wv = lut[(e & 1) ? (byte & 15) : (byte >> 4)] * scale_at(sc, e >> log2bs);
#pragma unroll
        for (int b = 0; b < 4; b++)
            if (m0 + b < M) acc[b] = fmaf(Fl<T>::get(x[(i64) (m0 + b) * K + k]), wv, acc[b]);
    }
#pragma unroll
    for (int b = 0; b < 4; b++) {
        float v = warp_sum(acc[b]);
        if (lane == 0 && m0 + b < M) {
            if (bias) v += Fl<T>::get(bias[n]);
            out[(i64) (m0 + b) * N + n] = Fl<T>::put(v);
        }
    }
}

// ------------------------------------------------------------------ tensor cores

template <typename T> struct Mma;
template <> struct Mma<__nv_bfloat16> {
    static __device__ __forceinline__ uint32_t pack(float lo, float hi) {
        __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
        return *reinterpret_cast<uint32_t*>(&v);
    }
    static __device__ __forceinline__ void mma(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
#if __CUDA_ARCH__ >= 800
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
#endif
    }
};
template <> struct Mma<__half> {
    static __device__ __forceinline__ uint32_t pack(float lo, float hi) {
        __half2 v = __floats2half2_rn(lo, hi);
        return *reinterpret_cast<uint32_t*>(&v);
    }
    static __device__ __forceinline__ void mma(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
#if __CUDA_ARCH__ >= 800
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
#endif
    }
};

#define MMA_WARPS 4
#define MMA_ROWS_PER_WARP 32
#define MMA_ROWS_PER_CTA (MMA_WARPS * MMA_ROWS_PER_WARP)

// Fragment mapping (PTX m16n8k16): lane = 4*g + t. A: a0/a2 hold row g, a1/a3 row g+8; a0/a1 the
// k slots 2t,2t+1 and a2/a3 the slots 2t+8,2t+9. B: b0 slots 2t,2t+1, b1 slots 2t+8,2t+9, column g.
// C: c0,c1 row g columns 2t,2t+1; c2,c3 row g+8. In k-step s of a 64-wide chunk, thread t's slots
// carry the actual k = chunk + 16t + 4s + {0,1} (a0/a1, b0) and + {2,3} (a2/a3, b1).
// The weight rounding follows upstream: the code and the block scale are rounded to T, their
// product to T (the mma operand); products are exact and summed in fp32 by the tensor cores.
// Activations come straight from global memory (L1-cached: the 4 warps of a CTA read the same).
template <typename T, int MT8>
__global__ void __launch_bounds__(MMA_WARPS * 32)
k_gemm4_mma(const T* __restrict__ x, int M, const unsigned char* __restrict__ w, Scales sc, const float* __restrict__ code,
            const T* __restrict__ bias, T* __restrict__ out, float* __restrict__ partial, int N, int K, int log2bs,
            int kPerSplit) {
#if __CUDA_ARCH__ >= 800
    __shared__ float lut[16];
    if (threadIdx.x < 16) lut[threadIdx.x] = Fl<T>::get(Fl<T>::put(code[threadIdx.x]));
    __syncthreads();
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    // the M tiles of one weight slice are neighbours in launch order, so the slice is read from
    // DRAM once and from L2 by the others
    const int zTiles = (M + 8 * MT8 - 1) / (8 * MT8);
    const int nBase = (blockIdx.x / zTiles) * MMA_ROWS_PER_CTA + warp * MMA_ROWS_PER_WARP;
    const int mBase = (blockIdx.x % zTiles) * 8 * MT8;
    const int kBegin = blockIdx.y * kPerSplit;
    const int kEnd = min(K, kBegin + kPerSplit);

    float acc[2][MT8][4];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < MT8; j++)
#pragma unroll
            for (int c = 0; c < 4; c++) acc[i][j][c] = 0.0f;

    // weight rows of this thread: tile i, half h -> nBase + 16i + 8h + g (clamped; never stored)
    i64 rowOff[2][2];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int h = 0; h < 2; h++) rowOff[i][h] = (i64) min(nBase + 16 * i + 8 * h + g, N - 1) * K + 16 * t;
    const T* xrow[MT8];
#pragma unroll
    for (int j = 0; j < MT8; j++) xrow[j] = x + (i64) min(mBase + 8 * j + g, M - 1) * K + 16 * t;

    uint2 pw[2][2];
    float s[2][2];
    auto fetch = [&](int k0) {
#pragma unroll
        for (int i = 0; i < 2; i++)
#pragma unroll
            for (int h = 0; h < 2; h++) {
                i64 e = rowOff[i][h] + k0;
                pw[i][h] = __ldcs(reinterpret_cast<const uint2*>(w + (e >> 1)));
                s[i][h] = Fl<T>::get(Fl<T>::put(scale_at(sc, e >> log2bs)));
            }
    };
    if (kBegin < kEnd) fetch(kBegin);
    for (int k0 = kBegin; k0 < kEnd; k0 += 64) {
        uint32_t af[2][4][4];
#pragma unroll
        for (int i = 0; i < 2; i++)
#pragma unroll
            for (int h = 0; h < 2; h++) {
                const uint32_t words[2] = {pw[i][h].x, pw[i][h].y};
#pragma unroll
                for (int ks = 0; ks < 4; ks++) {
                    // bytes 2ks, 2ks+1 hold the elements 4ks..4ks+3 (high nibble first)
                    uint32_t wd = words[ks >> 1] >> (16 * (ks & 1));
                    uint32_t b0 = wd & 0xffu, b1 = (wd >> 8) & 0xffu;
                    af[i][ks][h] = Mma<T>::pack(lut[b0 >> 4] * s[i][h], lut[b0 & 15u] * s[i][h]);
                    af[i][ks][2 + h] = Mma<T>::pack(lut[b1 >> 4] * s[i][h], lut[b1 & 15u] * s[i][h]);
                }
            }
        if (k0 + 64 < kEnd) fetch(k0 + 64);  // next chunk's weights fly while this one computes
#pragma unroll
        for (int j = 0; j < MT8; j++) {
            uint4 xa = __ldg(reinterpret_cast<const uint4*>(xrow[j] + k0));
            uint4 xb = __ldg(reinterpret_cast<const uint4*>(xrow[j] + k0) + 1);
            const uint32_t xw[8] = {xa.x, xa.y, xa.z, xa.w, xb.x, xb.y, xb.z, xb.w};
#pragma unroll
            for (int ks = 0; ks < 4; ks++)
#pragma unroll
                for (int i = 0; i < 2; i++) Mma<T>::mma(acc[i][j], af[i][ks], xw[2 * ks], xw[2 * ks + 1]);
        }
    }

#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < MT8; j++)
#pragma unroll
            for (int c = 0; c < 4; c++) {
                int n = nBase + 16 * i + g + (c >= 2 ? 8 : 0);
                int m = mBase + 8 * j + 2 * t + (c & 1);
                if (n >= N || m >= M) continue;
                if (partial) {
                    partial[((i64) blockIdx.y * M + m) * N + n] = acc[i][j][c];
                } else {
                    float v = acc[i][j][c];
                    if (bias) v += Fl<T>::get(bias[n]);
                    out[(i64) m * N + n] = Fl<T>::put(v);
                }
            }
#else
    __trap();  // the host never launches this below sm80
#endif
}

template <typename T>
__global__ void k_gemm4_finish(const float* __restrict__ partial, int splits, const T* __restrict__ bias,
                               T* __restrict__ out, int M, int N) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    i64 total = (i64) M * N;
    if (i >= total) return;
    float v = 0.0f;
    for (int s = 0; s < splits; s++) v += partial[s * total + i];
    if (bias) v += Fl<T>::get(bias[i % N]);
    out[i] = Fl<T>::put(v);
}

template <typename T, int R>
static void launch_gemv(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                        const T* bias, T* out, int N, int K, int log2bs) {
    dim3 grid(div_up(N, R), M == 1 ? 1 : div_up(M, 4));
    if (M == 1) k_gemv4<T, R, 1><<<grid, GEMV_WARPS * 32, 0, ctx->stream>>>(x, M, w, sc, code, bias, out, N, K, log2bs);
    else if constexpr (R <= 4) k_gemv4<T, R, 4><<<grid, GEMV_WARPS * 32, 0, ctx->stream>>>(x, M, w, sc, code, bias, out, N, K, log2bs);
}

template <typename T, int MT8>
static int launch_mma(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                      const T* bias, T* out, int N, int K, int log2bs) {
    const unsigned zTiles = div_up(M, 8 * MT8);
    dim3 grid(div_up(N, MMA_ROWS_PER_CTA) * zTiles, 1, 1);
    int chunks = K / 64;
    int base = (int) grid.x;
    int splits = env_int("BNB_CUDA_GEMM_SPLITS", 0);
    // CTAs per SM to aim for: fewer for the wide tiles, whose partial sums cost more traffic
    // (measured on H100 at 8192 x 8192: M=16 best near 5, M=64 near 2.5)
    if (splits <= 0) splits = (int) ((MT8 >= 8 ? 2.5 : MT8 >= 4 ? 3.5 : 5.0) * ctx->smCount / base + 0.999);
    splits = max(1, min(splits, chunks / 4 > 0 ? chunks / 4 : 1));    // at least 256 k per split
    int per = (chunks + splits - 1) / splits;
    splits = (chunks + per - 1) / per;
    grid.y = splits;
    float* partial = nullptr;
    if (splits > 1) BNB_CK(cudaMallocAsync((void**) &partial, sizeof(float) * (size_t) splits * M * N, ctx->stream));
    k_gemm4_mma<T, MT8><<<grid, MMA_WARPS * 32, 0, ctx->stream>>>(x, M, w, sc, code, bias, out, partial, N, K, log2bs, per * 64);
    BNB_LAUNCHED("gemm_4bit (tensor cores)");
    if (splits > 1) {
        k_gemm4_finish<T><<<div_up((i64) M * N, 256), 256, 0, ctx->stream>>>(partial, splits, bias, out, M, N);
        BNB_LAUNCHED("gemm_4bit (split-k sum)");
        BNB_CK(cudaFreeAsync(partial, ctx->stream));
    }
    return 0;
}

template <typename T>
static int gemm4_dispatch(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                          const T* bias, T* out, int N, int K, int bs) {
    int log2bs = log2i(bs);
    bool mmaOk = !std::is_same<T, float>::value && ctx->major >= 8 && K >= 64 && K % 64 == 0 && M > 4
                 && env_int("BNB_CUDA_GEMM_NO_MMA", 0) == 0;
    if (mmaOk) {
        if constexpr (!std::is_same<T, float>::value) {
            // widest activation tile in 8-row units: 32 rows, measured faster on H100 than 64 rows
            // (fewer registers, more CTAs per SM; the M tiles of a weight slice share it through L2)
            int cap = env_int("BNB_CUDA_GEMM_MT8", 4);
            if (M <= 8 || cap <= 1) return launch_mma<T, 1>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            if (M <= 16 || cap <= 2) return launch_mma<T, 2>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            if (M <= 32 || cap <= 4) return launch_mma<T, 4>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            return launch_mma<T, 8>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        }
    }
    if (K % 32 == 0) {
        // fewer rows per warp when that is what keeps every SM busy
        int rows = env_int("BNB_CUDA_GEMV_ROWS", 0);
        if (rows != 2 && rows != 4 && rows != 8)
            rows = M == 1 && (i64) N / 8 >= (i64) ctx->smCount * 2 ? 8 : (i64) N / 4 >= (i64) ctx->smCount * 4 ? 4 : 2;
        if (rows == 8 && M == 1) launch_gemv<T, 8>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        else if (rows >= 4) launch_gemv<T, 4>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        else launch_gemv<T, 2>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        BNB_LAUNCHED("gemm_4bit (simt)");
        return 0;
    }
    dim3 grid(div_up(N, GEMV_WARPS), div_up(M, 4));
    k_gemm4_generic<T><<<grid, GEMV_WARPS * 32, 0, ctx->stream>>>(x, M, w, sc, code, bias, out, N, K, log2bs);
    BNB_LAUNCHED("gemm_4bit (generic)");
    return 0;
}

// ------------------------------------------------------------------ C API

// gemv_4bit and gemm_4bit: x [M, K], packed weight of [N, K], out [M, N]. q8/code2 are 0 unless
// the absmax is nested; bias may be 0; code is the 16-entry float table on the device.
static int bnb_gemm4bit(i64 h, int dtype, i64 x, int M, i64 w, i64 absmax, i64 q8, i64 code2, float offset, i64 code,
                        i64 bias, i64 out, int N, int K, int bs) {
    BNB_CTX(h);
    if (M == 0 || N == 0) return 0;
    Scales sc{(const float*) absmax, (const unsigned char*) q8, (const float*) code2, offset};
    BNB_FLOAT_TYPES(dtype, T, {
        return gemm4_dispatch<T>(ctx, (const T*) x, M, (const unsigned char*) w, sc, (const float*) code,
                                 (const T*) bias, (T*) out, N, K, bs);
    });
    return 0;
}
