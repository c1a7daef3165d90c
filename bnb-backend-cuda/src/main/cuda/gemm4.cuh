// 4-bit weight matmuls: gemv_4bit and gemm_4bit (spec OPS.md 4 and 5, KERNELS.md 4).
//
// out[m, n] = sum_k x[m, k] * code[q(n, k)] * scale(n, k) (+ bias[n]), fp32 accumulation.
//
// Four kernels:
//  * k_gemv4 (SIMT): one CTA per R weight rows; its 4 warps split K, every lane streams 16 packed
//    bytes (32 k, one scale) per step with the next step's weights prefetched; up to MB activation
//    rows reuse each looked-up centroid. Within a lane chunk the products x * code are summed
//    unscaled and the chunk sum is scaled once, which saves a multiply per weight. Needs
//    K % 32 == 0. Used for gemv and for 1..4 rows (fp32, or when tensor cores do not apply). One
//    fp16/bf16 row goes to k_gemv4_mma (gemv_mma.cuh) instead where that kernel's grid is one
//    full wave.
//  * k_gemm4_mma (sm80+, fp16/bf16, K % 64 == 0 but not 128, M > 4): tensor cores with the weight as the
//    16x16 "A" operand and 8 activation rows as the "B" operand (so M pads to 8, not 16). Each
//    thread dequantizes the 16 consecutive weights it loads directly into its fragment registers;
//    the k order inside an mma step is permuted identically for both operands, which the dot
//    product does not see. Split-K over grid.y fills the GPU; partial sums go to an fp32 buffer
//    reduced (in a fixed order, so results are deterministic) by k_gemm4_finish.
//  * k_gemm4_pipe (sm80+, fp16/bf16, K % 128 == 0, M > 4): the same tensor-core product with
//    weights, activations and scales staged in shared memory by a 3-deep cp.async pipeline, so
//    the loads of later chunks overlap the math of the current one; 8 warps of one 16-row weight
//    tile each, and split-K sized to one full wave of resident CTAs.
//  * k_gemm4_generic: any K and alignment, one element at a time. Correct, not fast.
#pragma once
#include "common.cuh"
#include "blockwise.cuh"

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
    pdl_wait();
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
    pdl_trigger();
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
    // a * b per half, rounded once (a fused multiply-add of -0 leaves every product as it is)
    static __device__ __forceinline__ uint32_t mul2(uint32_t a, uint32_t b) {
        uint32_t d = 0;
#if __CUDA_ARCH__ >= 800
        asm("fma.rn.bf16x2 %0, %1, %2, %3;" : "=r"(d) : "r"(a), "r"(b), "r"(0x80008000u));
#endif
        return d;
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
    static __device__ __forceinline__ uint32_t mul2(uint32_t a, uint32_t b) {
        uint32_t d;
        asm("mul.rn.f16x2 %0, %1, %2;" : "=r"(d) : "r"(a), "r"(b));
        return d;
    }
    static __device__ __forceinline__ void mma(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
#if __CUDA_ARCH__ >= 800
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
#endif
    }
};

// The code table of the tensor-core kernels, as the two halves of a packed pair: entries 0..15
// hold T(code[n]) in the low 16 bits (the weight of a byte's high nibble, which comes first in k),
// entries 16..31 in the high 16 bits (the low nibble's). One byte's operand pair is then one OR.
template <typename T> __device__ __forceinline__ void fill_pair_table(uint32_t* tab, const float* code) {
    if (threadIdx.x < 16) {
        T v = Fl<T>::put(code[threadIdx.x]);
        uint32_t bits = *reinterpret_cast<const unsigned short*>(&v);
        tab[threadIdx.x] = bits;
        tab[16 + threadIdx.x] = bits << 16;
    }
}

// The four operand pairs of a 32-bit word of packed weights (pair j from byte j), each the codes
// times the block scale s2 (both halves T(scale)) rounded once to T, which equals T(code * scale)
// computed in fp32: a product of two T values is exact in fp32. Every nibble becomes a table byte
// offset (nibble * 4) in place, so one byte_perm per nibble extracts an address.
template <typename T>
__device__ __forceinline__ void dequant_word(const uint32_t* tab, uint32_t word, uint32_t s2, uint32_t (&p)[4]) {
    const uint32_t hi4 = (word >> 2) & 0x3C3C3C3Cu, lo4 = (word << 2) & 0x3C3C3C3Cu;
    const char* tb = reinterpret_cast<const char*>(tab);
#pragma unroll
    for (int j = 0; j < 4; j++) {
        uint32_t a = *reinterpret_cast<const uint32_t*>(tb + __byte_perm(hi4, 0, 0x4440 + j));
        uint32_t b = *reinterpret_cast<const uint32_t*>(tb + 64 + __byte_perm(lo4, 0, 0x4440 + j));
        p[j] = Mma<T>::mul2(a | b, s2);
    }
}

#define MMA_WARPS 4
#define MMA_ROWS_PER_WARP 32
#define MMA_ROWS_PER_CTA (MMA_WARPS * MMA_ROWS_PER_WARP)

// Stores a warp's accumulator tile (rows nWarp + 16i + g (+8), activation rows mBase + 8j + 2t
// (+1)): without split-K with bias and rounding into out, with split-K as the split's partial sums.
template <typename T, int TI, int MT8>
__device__ __forceinline__ void store_tile(float (&acc)[TI][MT8][4], int nWarp, int mBase, int M, int N, const T* bias,
                                           T* out, float* partial) {
    const int lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
#pragma unroll
    for (int i = 0; i < TI; i++)
#pragma unroll
        for (int j = 0; j < MT8; j++)
#pragma unroll
            for (int c = 0; c < 4; c++) {
                int n = nWarp + 16 * i + g + (c >= 2 ? 8 : 0);
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
}

// Fragment mapping (PTX m16n8k16): lane = 4*g + t. A: a0/a2 hold row g, a1/a3 row g+8; a0/a1 the
// k slots 2t,2t+1 and a2/a3 the slots 2t+8,2t+9. B: b0 slots 2t,2t+1, b1 slots 2t+8,2t+9, column g.
// C: c0,c1 row g columns 2t,2t+1; c2,c3 row g+8. In k-step s of a 64-wide chunk, thread t's slots
// carry the actual k = chunk + 16t + 4s + {0,1} (a0/a1, b0) and + {2,3} (a2/a3, b1).
// The weight rounding follows upstream: the code and the block scale are rounded to T, their
// product to T (the mma operand); products are exact and summed in fp32 by the tensor cores.
// Activations come straight from global memory (L1-cached: the 4 warps of a CTA read the same).
template <typename T, int MT8>
__global__ void __launch_bounds__(MMA_WARPS * 32, MT8 <= 2 ? 6 : MT8 == 4 ? 4 : 1)
k_gemm4_mma(const T* __restrict__ x, int M, const unsigned char* __restrict__ w, Scales sc, const float* __restrict__ code,
            const T* __restrict__ bias, T* __restrict__ out, float* __restrict__ partial, int N, int K, int log2bs,
            int kPerSplit) {
#if __CUDA_ARCH__ >= 800
    __shared__ uint32_t tab[32];
    pdl_wait();
    fill_pair_table<T>(tab, code);
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
                // bytes 2ks, 2ks+1 hold the elements 4ks..4ks+3 (high nibble first)
                const uint32_t s2 = Mma<T>::pack(s[i][h], s[i][h]);
                uint32_t p[2][4];
                dequant_word<T>(tab, pw[i][h].x, s2, p[0]);
                dequant_word<T>(tab, pw[i][h].y, s2, p[1]);
#pragma unroll
                for (int ks = 0; ks < 4; ks++) {
                    af[i][ks][h] = p[ks >> 1][2 * (ks & 1)];
                    af[i][ks][2 + h] = p[ks >> 1][2 * (ks & 1) + 1];
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

    pdl_trigger();
    store_tile<T, 2, MT8>(acc, nBase, mBase, M, N, bias, out, partial);
#else
    __trap();  // the host never launches this below sm80
#endif
}

// cp.async helpers (sm80+): the copies of one commit group complete together; wait_group N waits
// until at most N of this thread's groups are still pending.
__device__ __forceinline__ void cp_async16(void* smem, const void* gmem) {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" ::"r"((uint32_t) __cvta_generic_to_shared(smem)), "l"(gmem));
#endif
}
__device__ __forceinline__ void cp_async_commit() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.commit_group;" ::: "memory");
#endif
}
template <int N> __device__ __forceinline__ void cp_async_wait() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.wait_group %0;" ::"n"(N) : "memory");
#endif
}

// The tensor-core gemm with a STAGES-deep cp.async pipeline over 128-k chunks (sm80+, K % 128 == 0).
// k_gemm4_mma waits a full DRAM latency every 64 k; here the weights and the CTA's activation
// slice of the next STAGES-1 chunks are in flight while a chunk is multiplied. 8 warps of one
// 16-row weight tile each (twice the warps of 2-tile warps, for the same registers per SM: the
// dependent mma and shared-memory reads need them in flight). Every copy is 16 B: a lane owns 32
// consecutive k of each of its 2 weight rows, and in k-step s (of 8) its fragment slots carry the
// actual k = 32t + 4s + {0,1} (a0/a1, b0) and + {2,3} (a2/a3, b1), the same permutation for both
// operands. The block scales of the CTA's whole k range are staged in shared memory once. Weight
// rounding and fp32 accumulation as in k_gemm4_mma.
// Shared memory: STAGES x (weights [2 slots][256 threads] x 16 B + activations [8*MT8 rows] x 288 B)
// + scales [128 rows][SR]. An activation row is 16 pieces of 16 B stored at piece p ^ (p >> 3 & 1),
// which with the 288-B row stride keeps each quarter-warp's fragment reads on distinct banks.
#define PIPE_XSTRIDE 288
#define PIPE_SR_MAX 34
#define PIPE_STAGES 3
#define PIPE_THREADS (MMA_ROWS_PER_CTA / 16 * 32)
template <int MT8> __host__ __device__ constexpr int pipe_stage_bytes() { return MMA_ROWS_PER_CTA * 64 + 8 * MT8 * PIPE_XSTRIDE; }

template <typename T, int MT8, int STAGES>
__global__ void __launch_bounds__(PIPE_THREADS)
k_gemm4_pipe(const T* __restrict__ x, int M, const unsigned char* __restrict__ w, Scales sc, const float* __restrict__ code,
             const T* __restrict__ bias, T* __restrict__ out, float* __restrict__ partial, int N, int K, int log2bs,
             int kPerSplit, int SR) {
#if __CUDA_ARCH__ >= 800
    extern __shared__ __align__(16) unsigned char smem[];
    __shared__ uint32_t tab[32];
    pdl_wait();
    fill_pair_table<T>(tab, code);
    constexpr int NT = PIPE_THREADS;
    constexpr int SB = pipe_stage_bytes<MT8>();
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, t = lane & 3;
    const int zTiles = (M + 8 * MT8 - 1) / (8 * MT8);
    const int nCta = (blockIdx.x / zTiles) * MMA_ROWS_PER_CTA;
    const int mBase = (blockIdx.x % zTiles) * 8 * MT8;
    const int kBegin = blockIdx.y * kPerSplit;
    const int kEnd = min(K, kBegin + kPerSplit);
    const int chunks = (kEnd - kBegin) / 128;
    float* scl = reinterpret_cast<float*>(smem + STAGES * SB);

    i64 rowOff[2];  // slot h: CTA row 16 warp + 8h + g (clamped; never stored)
#pragma unroll
    for (int h = 0; h < 2; h++) rowOff[h] = (i64) min(nCta + 16 * warp + 8 * h + g, N - 1) * K;

    auto issue = [&](int stage, int k0) {
        unsigned char* base = smem + stage * SB;
        uint4* ws = reinterpret_cast<uint4*>(base);
        unsigned char* xs = base + 2 * NT * 16;
#pragma unroll
        for (int h = 0; h < 2; h++) cp_async16(ws + h * NT + tid, w + ((rowOff[h] + k0 + 32 * t) >> 1));
#pragma unroll
        for (int p = tid; p < 8 * MT8 * 16; p += NT) {  // 16 pieces of 16 B per activation row
            int row = p >> 4, piece = p & 15;
            const T* src = x + (i64) min(mBase + row, M - 1) * K + k0 + piece * 8;
            cp_async16(xs + row * PIPE_XSTRIDE + ((piece ^ ((piece >> 3) & 1)) << 4), src);
        }
    };
#pragma unroll
    for (int st = 0; st < STAGES - 1; st++) {
        if (st < chunks) issue(st, kBegin + 128 * st);
        cp_async_commit();
    }
    // the scales of the CTA's k range, rounded like the weights, while the first chunks fly
    for (int i = tid; i < MMA_ROWS_PER_CTA * SR; i += NT) {
        int rr = i / SR, j = i - rr * SR;
        i64 e0 = (i64) min(nCta + rr, N - 1) * K + kBegin;
        i64 blk = (e0 >> log2bs) + j, last = ((i64) N * K - 1) >> log2bs;
        scl[i] = blk <= last ? Fl<T>::get(Fl<T>::put(scale_at(sc, blk))) : 0.0f;
    }
    int slot0[2];   // this lane's rows: their first scale slot
    i64 blk0[2];    // and the block it holds
#pragma unroll
    for (int q = 0; q < 2; q++) {
        slot0[q] = (16 * warp + 8 * q + g) * SR;
        blk0[q] = (rowOff[q] + kBegin) >> log2bs;
    }

    float acc[1][MT8][4];
#pragma unroll
    for (int j = 0; j < MT8; j++)
#pragma unroll
        for (int c = 0; c < 4; c++) acc[0][j][c] = 0.0f;

    for (int c = 0; c < chunks; c++) {
        cp_async_wait<STAGES - 2>();
        __syncthreads();  // chunk c (and the scales) visible to every thread; the slot of c-1 is free
        if (c + STAGES - 1 < chunks) issue((c + STAGES - 1) % STAGES, kBegin + 128 * (c + STAGES - 1));
        cp_async_commit();
        const unsigned char* base = smem + (c % STAGES) * SB;
        const uint4* ws = reinterpret_cast<const uint4*>(base);
        const unsigned char* xs = base + 2 * NT * 16;
        const i64 kk = kBegin + 128 * c + 32 * t;
        uint4 pw[2];
        float sv[2];
#pragma unroll
        for (int q = 0; q < 2; q++) {
            pw[q] = ws[q * NT + tid];
            sv[q] = scl[slot0[q] + (int) (((rowOff[q] + kk) >> log2bs) - blk0[q])];
        }
#pragma unroll
        for (int sp = 0; sp < 4; sp++) {  // k-steps 2sp, 2sp+1: one 32-bit word of each weight row
            uint32_t af[2][4];  // k-step 2sp + ss
#pragma unroll
            for (int h = 0; h < 2; h++) {
                uint32_t p[4];
                dequant_word<T>(tab, (&pw[h].x)[sp], Mma<T>::pack(sv[h], sv[h]), p);
                af[0][h] = p[0];
                af[0][2 + h] = p[1];
                af[1][h] = p[2];
                af[1][2 + h] = p[3];
            }
            const int piece = 4 * t + sp, phys = piece ^ ((piece >> 3) & 1);
#pragma unroll
            for (int j = 0; j < MT8; j++) {
                uint4 xv = *reinterpret_cast<const uint4*>(xs + (8 * j + g) * PIPE_XSTRIDE + (phys << 4));
                Mma<T>::mma(acc[0][j], af[0], xv.x, xv.y);
                Mma<T>::mma(acc[0][j], af[1], xv.z, xv.w);
            }
        }
    }
    cp_async_wait<0>();
    pdl_trigger();
    store_tile<T, 1, MT8>(acc, nCta + 16 * warp, mBase, M, N, bias, out, partial);
#else
    __trap();
#endif
}

// Adds the splits' partial sums in split order; V consecutive outputs per thread (4 where N % 4 == 0
// and out is aligned for a 4-element store, which quarters the load instructions; else 1).
template <typename T, int V>
__global__ void k_gemm4_finish(const float* __restrict__ partial, int splits, const T* __restrict__ bias,
                               T* __restrict__ out, int M, int N) {
    pdl_wait();
    i64 i = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * V;
    i64 total = (i64) M * N;
    if (i >= total) return;
    float v[V];
#pragma unroll
    for (int c = 0; c < V; c++) v[c] = 0.0f;
    for (int s = 0; s < splits; s++) {
        if constexpr (V == 4) {
            float4 p = __ldcs(reinterpret_cast<const float4*>(partial + s * total + i));
            v[0] += p.x; v[1] += p.y; v[2] += p.z; v[3] += p.w;
        } else {
            v[0] += partial[s * total + i];
        }
    }
    if (bias)
#pragma unroll
        for (int c = 0; c < V; c++) v[c] += Fl<T>::get(bias[(i + c) % N]);
    if constexpr (V == 4) store_floats4<T>(out + i, v);
    else out[i] = Fl<T>::put(v[0]);
}

template <typename T, int R>
static void launch_gemv(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                        const T* bias, T* out, int N, int K, int log2bs) {
    dim3 grid(div_up(N, R), M == 1 ? 1 : div_up(M, 4));
    if (M == 1) launch_pdl(ctx, k_gemv4<T, R, 1>, grid, GEMV_WARPS * 32, 0, x, M, w, sc, code, bias, out, N, K, log2bs);
    else if constexpr (R <= 4) launch_pdl(ctx, k_gemv4<T, R, 4>, grid, GEMV_WARPS * 32, 0, x, M, w, sc, code, bias, out, N, K, log2bs);
}

// Split-K over grid.y: partial sums go to an fp32 buffer that k_gemm4_finish adds in split order.
// The buffer is the context's workspace, kept between calls (kernels on the context's stream run
// in order, so one buffer serves every call): no pool allocation in the stream between the two
// kernels, which would stop the second from launching early.
static int split_buffer(BnbCtx* ctx, int splits, int M, int N, float*& partial) {
    partial = nullptr;
    if (splits <= 1) return 0;
    size_t bytes = sizeof(float) * (size_t) splits * M * N;
    if (ctx->wsBytes < bytes) {
        if (ctx->ws) BNB_CK(cudaFreeAsync(ctx->ws, ctx->stream));
        ctx->ws = nullptr;
        ctx->wsBytes = 0;
        BNB_CK(cudaMallocAsync(&ctx->ws, bytes, ctx->stream));
        ctx->wsBytes = bytes;
    }
    partial = (float*) ctx->ws;
    return 0;
}

template <typename T>
static int finish_splits(BnbCtx* ctx, float* partial, int splits, const T* bias, T* out, int M, int N) {
    if (splits <= 1) return 0;
    if (N % 4 == 0 && reinterpret_cast<uintptr_t>(out) % (4 * sizeof(T)) == 0)
        launch_pdl(ctx, k_gemm4_finish<T, 4>, dim3(div_up((i64) M * N / 4, 256)), 256, 0, (const float*) partial, splits, bias, out, M, N);
    else
        launch_pdl(ctx, k_gemm4_finish<T, 1>, dim3(div_up((i64) M * N, 256)), 256, 0, (const float*) partial, splits, bias, out, M, N);
    BNB_LAUNCHED("gemm_4bit (split-k sum)");
    return 0;
}

// Splits of `chunks` k-chunks for about `perSm` CTAs per SM (at most that many where `wave`: one
// full wave of resident CTAs; BNB_CUDA_GEMM_SPLITS overrides), with at least `minPer` chunks per
// split and at least `minSplits` splits; returns the chunks per split.
static int split_k(BnbCtx* ctx, int chunks, int base, double perSm, bool wave, int minPer, int minSplits, int& splits) {
    splits = env_int("BNB_CUDA_GEMM_SPLITS", 0);
    if (splits <= 0) splits = (int) (perSm * ctx->smCount / base + (wave ? 0.0 : 0.999));
    splits = max(max(1, minSplits), min(splits, max(1, chunks / minPer)));
    splits = min(splits, chunks);
    int per = (chunks + splits - 1) / splits;
    splits = (chunks + per - 1) / per;
    return per;
}

// The pipelined kernel with split-K sized to one full wave: as many splits as fit beside the
// N tiles in the CTAs the GPU keeps resident (measured on H100 at 8192 x 8192: M=16 34.3 us at 8
// splits, M=64 57 us at 4; a second wave, or more splits, cost 5-15 %).
template <typename T, int MT8>
static int launch_pipe(BnbCtx* ctx, dim3 grid, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                       const T* bias, T* out, int N, int K, int log2bs) {
    auto kernel = k_gemm4_pipe<T, MT8, PIPE_STAGES>;
    const int most = PIPE_STAGES * pipe_stage_bytes<MT8>() + MMA_ROWS_PER_CTA * PIPE_SR_MAX * 4;
    static int resident[64];
    int perSm;
    if (int rc = resident_ctas(ctx, resident, kernel, PIPE_THREADS, most, perSm)) return rc;
    const int minSplits = (int) div_up(K, (i64) (PIPE_SR_MAX - 2) << log2bs);  // the staged scales fit
    int splits;
    int per = split_k(ctx, K / 128, (int) grid.x, perSm, true, 2, minSplits, splits);
    const int kPer = per * 128, SR = ((kPer - 1) >> log2bs) + 2;
    grid.y = splits;
    float* partial;
    if (int rc = split_buffer(ctx, splits, M, N, partial)) return rc;
    const int bytes = PIPE_STAGES * pipe_stage_bytes<MT8>() + MMA_ROWS_PER_CTA * SR * 4;
    launch_pdl(ctx, kernel, grid, PIPE_THREADS, bytes, x, M, w, sc, code, bias, out, partial, N, K, log2bs, kPer, SR);
    BNB_LAUNCHED("gemm_4bit (tensor cores, pipelined)");
    return finish_splits<T>(ctx, partial, splits, bias, out, M, N);
}

template <typename T, int MT8>
static int launch_mma(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                      const T* bias, T* out, int N, int K, int log2bs) {
    const unsigned zTiles = div_up(M, 8 * MT8);
    dim3 grid(div_up(N, MMA_ROWS_PER_CTA) * zTiles, 1, 1);
    int splits;
    float* partial = nullptr;
    if (K % 128 == 0 && env_int("BNB_CUDA_GEMM_CLASSIC", 0) == 0) return launch_pipe<T, MT8>(ctx, grid, x, M, w, sc, code, bias, out, N, K, log2bs);
    // CTAs per SM to aim for: fewer for the wide tiles, whose partial sums cost more traffic
    // (measured on H100 at 8192 x 8192: M=16 best near 5, M=64 near 2.5); at least 256 k per split
    int per = split_k(ctx, K / 64, (int) grid.x, MT8 >= 8 ? 2.5 : MT8 >= 4 ? 3.5 : 5.0, false, 4, 1, splits);
    grid.y = splits;
    if (int rc = split_buffer(ctx, splits, M, N, partial)) return rc;
    launch_pdl(ctx, k_gemm4_mma<T, MT8>, grid, MMA_WARPS * 32, 0, x, M, w, sc, code, bias, out, partial, N, K, log2bs, per * 64);
    BNB_LAUNCHED("gemm_4bit (tensor cores)");
    return finish_splits<T>(ctx, partial, splits, bias, out, M, N);
}

// From this many activation rows gemm_4bit may take the cuBLASLt path (Java asks through bnb_info,
// so that it loads cuBLASLt before such calls).
static int gemm4_lt_min_rows() { return env_int("BNB_CUDA_GEMM_LT_MIN_M", 128); }

// Defined with the cuBLASLt glue (cublaslt.cuh): many activation rows through a T weight;
// BNB_NOT_APPLICABLE when that path does not apply.
template <typename T>
static int gemm4_lt(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code, const T* bias, T* out,
                    int N, int K, int log2bs);

// Defined in gemv_mma.cuh: one activation row on tensor cores; BNB_NOT_APPLICABLE when that path
// does not apply.
template <typename T>
static int gemv_mma(BnbCtx* ctx, const T* x, const unsigned char* w, Scales sc, const float* code, const T* bias, T* out,
                    int N, int K, int log2bs);

template <typename T>
static int gemm4_dispatch(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code,
                          const T* bias, T* out, int N, int K, int bs) {
    int log2bs = log2i(bs);
    bool mmaOk = !std::is_same<T, float>::value && ctx->major >= 8 && K >= 64 && K % 64 == 0 && M > 4
                 && env_int("BNB_CUDA_GEMM_NO_MMA", 0) == 0;
    if (mmaOk && M >= gemm4_lt_min_rows()) {
        int rc = gemm4_lt<T>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        if (rc != BNB_NOT_APPLICABLE) return rc;
    }
    if (mmaOk) {
        if constexpr (!std::is_same<T, float>::value) {
            // widest activation tile in 8-row units: 64 rows where the pipelined kernel applies
            // (K % 128 == 0); else 32 rows, which the unstaged kernel runs faster than 64 (fewer
            // registers, more CTAs per SM; the M tiles of a weight slice share it through L2)
            int cap = env_int("BNB_CUDA_GEMM_MT8", K % 128 == 0 ? 8 : 4);
            if (M <= 8 || cap <= 1) return launch_mma<T, 1>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            if (M <= 16 || cap <= 2) return launch_mma<T, 2>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            if (M <= 32 || cap <= 4) return launch_mma<T, 4>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
            return launch_mma<T, 8>(ctx, x, M, w, sc, code, bias, out, N, K, log2bs);
        }
    }
    if (M == 1) {
        int rc = gemv_mma<T>(ctx, x, w, sc, code, bias, out, N, K, log2bs);
        if (rc != BNB_NOT_APPLICABLE) return rc;
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
