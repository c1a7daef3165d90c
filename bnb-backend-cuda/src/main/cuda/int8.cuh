// LLM.int8 building blocks (spec OPS.md 6 and 7): row-wise int8 quantization with outlier
// columns, dequantization, the int32 -> float dequant of a matmul, column-wise quantization for
// int8_double_quant, and the fp16 outlier correction of int8_mixed_scaled_mm.
#pragma once
#include "common.cuh"

#define ROW_THREADS 256

// Loads element i of a float tensor given by its runtime dtype code.
__device__ __forceinline__ float ld_dt(const void* p, int dt, i64 i) {
    if (dt == DT_F32) return static_cast<const float*>(p)[i];
    if (dt == DT_F16) return __half2float(static_cast<const __half*>(p)[i]);
    return __bfloat162float(static_cast<const __nv_bfloat16*>(p)[i]);
}

__device__ __forceinline__ void st_dt(void* p, int dt, i64 i, float v) {
    if (dt == DT_F32) static_cast<float*>(p)[i] = v;
    else if (dt == DT_F16) static_cast<__half*>(p)[i] = __float2half_rn(v);
    else static_cast<__nv_bfloat16*>(p)[i] = __float2bfloat16_rn(v);
}

__device__ __forceinline__ float block_max_256(float v) {
    __shared__ float part[ROW_THREADS / 32];
    v = warp_max(v);
    if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = v;
    __syncthreads();
    float r = (threadIdx.x & 31) < ROW_THREADS / 32 ? part[threadIdx.x & 31] : 0.0f;
    r = warp_max(r);
    __syncthreads();
    return r;
}

// The row scale as the reference computes it: 127 * (1/absmax) in float32 (what CUDA's fast-math
// 127/absmax amounts to; it matches every recorded H100 code, the IEEE quotient does not).
__device__ __forceinline__ float row_scale(float amax) { return 127.0f * __frcp_rn(amax); }

// Round half to even of a float |y| < 2^22 to int8 with the 1.5*2^23 trick (an add, no
// float-to-int conversion instruction); the same rounding the reference does.
__device__ __forceinline__ signed char rne_i8(float y) {
    return (signed char) (__float_as_int(y + 12582912.0f) - 0x4B400000);
}

// Round half to even of x * scale. A scale that overflows (absmax below 127/FLT_MAX, subnormal
// fp32 data) is taken in double, as the reference does.
__device__ __forceinline__ signed char q127(float x, float amax) {
    float scale = row_scale(amax);
    if (isinf(scale)) return (signed char) __float2int_rn((float) ((double) x * (127.0 * (1.0 / (double) amax))));
    return (signed char) __float2int_rn(x * scale);
}

// Outlier columns are marked with the call's generation number (flags[k] == gen), so the flags
// never need clearing between calls; the context clears them only when the counter wraps.

// Sorted indices of the columns marked gen, by one CTA. The count comes first: every thread
// loads its run of CF consecutive flags at once (one memory round trip per CF * blockDim columns)
// and a CTA-wide sum gives the count, which goes to count (device) and, when host is not null, to
// mapped pinned host memory as (seq << 32 | count) in one 8-byte store. The host sizes the result
// by it; whatever reads the indices runs after this kernel on the stream, so they need not be
// written first. (Written after them, behind a system fence, the count reached the host about
// 11 us after pass 1 ended instead of about 6; docs/results/2026-11-22-h100-session7.) Then a
// CTA-wide prefix sum places the indices.
#define CF 16
__device__ __forceinline__ void load_flags(const unsigned* __restrict__ flags, i64 K, i64 k0, unsigned (&f)[CF]) {
#pragma unroll
    for (int j = 0; j < CF; j++) f[j] = k0 + j < K ? __ldcg(flags + k0 + j) : 0u;  // L2: other CTAs wrote them
}
__device__ void compact_flags(const unsigned* __restrict__ flags, unsigned gen, i64 K, i64* __restrict__ idx,
                              int* __restrict__ count, unsigned long long* host, unsigned seq) {
    __shared__ int warpSums[32];
    const int lane = threadIdx.x & 31, w = threadIdx.x >> 5, warps = blockDim.x >> 5;
    unsigned f[CF];
    int mine = 0;
    for (i64 c0 = 0; c0 < K; c0 += (i64) CF * blockDim.x) {
        load_flags(flags, K, c0 + (i64) threadIdx.x * CF, f);
#pragma unroll
        for (int j = 0; j < CF; j++) mine += f[j] == gen;
    }
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) mine += __shfl_xor_sync(0xffffffffu, mine, o);
    if (lane == 0) warpSums[w] = mine;
    __syncthreads();
    if (threadIdx.x == 0) {
        int total = 0;
        for (int j = 0; j < warps; j++) total += warpSums[j];
        *count = total;
        if (host) *reinterpret_cast<volatile unsigned long long*>(host) = (unsigned long long) seq << 32 | (unsigned) total;
    }
    __syncthreads();  // warpSums is rewritten below
    int base = 0;
    for (i64 c0 = 0; c0 < K; c0 += (i64) CF * blockDim.x) {
        const i64 k0 = c0 + (i64) threadIdx.x * CF;
        if (K > (i64) CF * blockDim.x) load_flags(flags, K, k0, f);  // one round: f still holds them
        int own = 0;
#pragma unroll
        for (int j = 0; j < CF; j++) own += f[j] == gen;
        int incl = own;  // inclusive prefix over the warp
#pragma unroll
        for (int o = 1; o < 32; o <<= 1) {
            int y = __shfl_up_sync(0xffffffffu, incl, o);
            if (lane >= o) incl += y;
        }
        if (lane == 31) warpSums[w] = incl;
        __syncthreads();
        int before = base, total = base;
        for (int j = 0; j < warps; j++) {
            int c = warpSums[j];
            if (j < w) before += c;
            total += c;
        }
        int at = before + incl - own;
#pragma unroll
        for (int j = 0; j < CF; j++)
            if (f[j] == gen) idx[at++] = k0 + j;
        __syncthreads();  // warpSums is rewritten by the next round
        base = total;
    }
}

// Any K: one CTA per row. Row maximum over the non-outlier elements (|x| < threshold when
// threshold > 0), marks outlier columns, and with threshold 0 also writes the codes.
template <typename T>
__global__ void __launch_bounds__(ROW_THREADS)
k_int8_rows(const T* __restrict__ a, i64 K, float threshold, float* __restrict__ stats,
            unsigned* __restrict__ flags, unsigned gen, signed char* __restrict__ out) {
    const i64 r = blockIdx.x;
    const T* row = a + r * K;
    float m = 0.0f;
    for (i64 k = threadIdx.x; k < K; k += ROW_THREADS) {
        float ax = fabsf(Fl<T>::get(row[k]));
        if (threshold > 0.0f && ax >= threshold) flags[k] = gen;
        else m = fmaxf(m, ax);
    }
    m = block_max_256(m);
    if (threadIdx.x == 0) stats[r] = m;
    if (out == nullptr) return;
    signed char* o = out + r * K;
    for (i64 k = threadIdx.x; k < K; k += ROW_THREADS)
        o[k] = m == 0.0f ? 0 : q127(Fl<T>::get(row[k]), m);
}

// Any K, second pass with a threshold: every element of a marked column is 0. Block 0 also
// lists the marked columns.
template <typename T>
__global__ void k_int8_rows_quant(const T* __restrict__ a, i64 rows, i64 K, const float* __restrict__ stats,
                                  const unsigned* __restrict__ flags, unsigned gen, signed char* __restrict__ out,
                                  i64* __restrict__ idx, int* __restrict__ count, unsigned long long* host, unsigned seq) {
    if (blockIdx.x == 0) compact_flags(flags, gen, K, idx, count, host, seq);
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * K) return;
    i64 r = i / K, k = i - r * K;
    float m = stats[r];
    out[i] = (m == 0.0f || flags[k] == gen) ? 0 : q127(Fl<T>::get(a[i]), m);
}

// The common case, rows of K % (16 / sizeof(T)) == 0 up to ROW_VECS vectors per thread: the row
// stays in registers. pass 0: threshold 0, stats and codes in one go. pass 1: stats and outlier
// marks. pass 2: codes, every element of a marked column 0 (reads the stats of pass 1); its
// block 0 also lists the marked columns, hidden behind the other rows' work.
#define ROW_VECS_MAX 4
template <typename T, int ROW_VECS>
__global__ void __launch_bounds__(ROW_THREADS)
k_int8_rows_vec(const T* __restrict__ a, i64 K, float threshold, float* __restrict__ stats,
                unsigned* __restrict__ flags, unsigned gen, signed char* __restrict__ out, int pass,
                i64* __restrict__ idx, int* __restrict__ count, unsigned long long* host, unsigned seq, bool reverse) {
    constexpr int VEC = 16 / sizeof(T);
    // pass 2 can walk the rows backwards: the rows pass 1 read last are the likeliest still in L2
    const i64 r = reverse ? gridDim.x - 1 - blockIdx.x : blockIdx.x;
    pdl_wait();  // launched as a programmatic dependent (pass 2 of pass 1's stats and marks)
    const T* row = a + r * K;
    if (pass == 2 && blockIdx.x == 0) compact_flags(flags, gen, K, idx, count, host, seq);
    float v[ROW_VECS][VEC];
    float m = 0.0f;
#pragma unroll
    for (int u = 0; u < ROW_VECS; u++) {
        i64 k = ((i64) u * ROW_THREADS + threadIdx.x) * VEC;
        if (k >= K) continue;
        // pass 1 reads with the cache (pass 2 reads the row again), the others stream
        uint4 raw = pass == 1 ? __ldg(reinterpret_cast<const uint4*>(row + k)) : __ldcs(reinterpret_cast<const uint4*>(row + k));
        const T* e = reinterpret_cast<const T*>(&raw);
#pragma unroll
        for (int j = 0; j < VEC; j++) v[u][j] = Fl<T>::get(e[j]);
        if constexpr (sizeof(T) == 2) {
            if (pass != 2) {
                // the vector's maximum in packed pairs (exact: it is one of the values); with a
                // threshold it also tells whether any element is an outlier, which is rare, so the
                // per-element marking below runs only then
                using T2 = typename std::conditional<std::is_same<T, __half>::value, __half2, __nv_bfloat162>::type;
                const T2* h = reinterpret_cast<const T2*>(&raw);
                T2 mx = __hmax2(__hmax2(__habs2(h[0]), __habs2(h[1])), __hmax2(__habs2(h[2]), __habs2(h[3])));
                float mv = fmaxf(Fl<T>::get(mx.x), Fl<T>::get(mx.y));
                if (pass == 0 || !(mv >= threshold)) {
                    m = fmaxf(m, mv);
                    continue;
                }
            }
        }
#pragma unroll
        for (int j = 0; j < VEC; j++) {
            float ax = fabsf(v[u][j]);
            if (pass == 1 && ax >= threshold) flags[k + j] = gen;
            else m = fmaxf(m, ax);
        }
    }
    if (pass == 2) {
        m = stats[r];
    } else {
        m = block_max_256(m);
        if (threadIdx.x == 0) stats[r] = m;
        if (pass == 1) return;
    }
    float scale = row_scale(m);
    // the common row (absmax positive, scale finite): a code is the low byte of v * scale + 1.5 * 2^23
    // (rne_i8 without its subtraction, which leaves the low byte alone), four packed per word
    const bool plain = m != 0.0f && !isinf(scale);
#pragma unroll
    for (int u = 0; u < ROW_VECS; u++) {
        i64 k = ((i64) u * ROW_THREADS + threadIdx.x) * VEC;
        if (k >= K) continue;
        uint32_t words[VEC / 4];
        if (plain) {
#pragma unroll
            for (int w = 0; w < VEC / 4; w++) {
                int b[4];
#pragma unroll
                for (int t = 0; t < 4; t++) b[t] = __float_as_int(v[u][4 * w + t] * scale + 12582912.0f);
                words[w] = __byte_perm(__byte_perm(b[0], b[1], 0x0040), __byte_perm(b[2], b[3], 0x0040), 0x5410);
            }
        } else {
#pragma unroll
            for (int w = 0; w < VEC / 4; w++) {
                uint32_t word = 0;
#pragma unroll
                for (int t = 0; t < 4; t++)
                    word |= (uint32_t) (unsigned char) (m == 0.0f ? 0 : q127(v[u][4 * w + t], m)) << (8 * t);
                words[w] = word;
            }
        }
        if (pass == 2) {  // codes of marked columns are 0
#pragma unroll
            for (int j = 0; j < VEC; j += 4) {
                uint4 f = *reinterpret_cast<const uint4*>(flags + k + j);
                uint32_t keep = (f.x == gen ? 0u : 0xffu) | (f.y == gen ? 0u : 0xff00u) | (f.z == gen ? 0u : 0xff0000u)
                                | (f.w == gen ? 0u : 0xff000000u);
                words[j / 4] &= keep;
            }
        }
        if constexpr (VEC == 8) *reinterpret_cast<uint2*>(out + r * K + k) = make_uint2(words[0], words[1]);
        else *reinterpret_cast<uint32_t*>(out + r * K + k) = words[0];
    }
}

// out = A * stats[row] * (1/127) in float32.
__global__ void k_int8_vectorwise_dequant(const signed char* __restrict__ a, const float* __restrict__ stats, i64 K,
                                          i64 n, float* __restrict__ out) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    out[i] = (float) a[i] * stats[i / K] * (1.0f / 127.0f);
}

// half(((A * row) * col) * 6.200012e-05 + bias), then converted to the output dtype.
// grid.y walks the rows (several per CTA row when there are more than 65535), grid.x the columns.
// Four columns per thread (N % 4 == 0): one 16-byte load of int32, one 8-byte store of fp16.
__global__ void k_int8_mm_dequant4(const int* __restrict__ a, const float* __restrict__ rowStats,
                                   const float* __restrict__ colStats, const void* __restrict__ bias, int biasDt, i64 N,
                                   i64 rows, void* __restrict__ out, int outDt) {
    i64 c = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (c >= N) return;
    float4 cs = *reinterpret_cast<const float4*>(colStats + c);
    float bv[4];
#pragma unroll
    for (int j = 0; j < 4; j++) bv[j] = bias ? ld_dt(bias, biasDt, c + j) : 0.0f;
    for (i64 r = blockIdx.y; r < rows; r += gridDim.y) {
        i64 i = r * N + c;
        int4 acc = __ldcs(reinterpret_cast<const int4*>(a + i));
        float rs = rowStats[r];
        float h[4];
        h[0] = __half2float(__float2half_rn(__fmaf_rn((float) acc.x * rs * cs.x, 6.200012e-05f, bv[0])));
        h[1] = __half2float(__float2half_rn(__fmaf_rn((float) acc.y * rs * cs.y, 6.200012e-05f, bv[1])));
        h[2] = __half2float(__float2half_rn(__fmaf_rn((float) acc.z * rs * cs.z, 6.200012e-05f, bv[2])));
        h[3] = __half2float(__float2half_rn(__fmaf_rn((float) acc.w * rs * cs.w, 6.200012e-05f, bv[3])));
        if (outDt == DT_F16) {
            __half2 p0 = __floats2half2_rn(h[0], h[1]), p1 = __floats2half2_rn(h[2], h[3]);
            __stcs(reinterpret_cast<uint2*>(static_cast<__half*>(out) + i),
                   make_uint2(*reinterpret_cast<uint32_t*>(&p0), *reinterpret_cast<uint32_t*>(&p1)));
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++) st_dt(out, outDt, i + j, h[j]);
        }
    }
}

__global__ void k_int8_mm_dequant(const int* __restrict__ a, const float* __restrict__ rowStats,
                                  const float* __restrict__ colStats, const void* __restrict__ bias, int biasDt, i64 N,
                                  i64 rows, void* __restrict__ out, int outDt) {
    i64 c = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= N) return;
    float cs = colStats[c];
    float bv = bias ? ld_dt(bias, biasDt, c) : 0.0f;
    for (i64 r = blockIdx.y; r < rows; r += gridDim.y) {
        i64 i = r * N + c;
        float v = __fmaf_rn((float) __ldcs(a + i) * rowStats[r] * cs, 6.200012e-05f, bv);
        float h = __half2float(__float2half_rn(v));
        if (outDt == DT_F16) static_cast<__half*>(out)[i] = __float2half_rn(h);
        else st_dt(out, outDt, i, h);
    }
}

// Column maxima for int8_double_quant (outliers excluded); colStats must start at 0.
// Non-negative floats order like their bit patterns, so an integer atomicMax is exact.
template <typename T>
__global__ void k_col_max(const T* __restrict__ a, i64 rows, i64 K, float threshold, int rowsPerCta,
                          float* __restrict__ colStats) {
    i64 k = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= K) return;
    i64 r0 = (i64) blockIdx.y * rowsPerCta, r1 = min(rows, r0 + rowsPerCta);
    float m = 0.0f;
    for (i64 r = r0; r < r1; r++) {
        float ax = fabsf(Fl<T>::get(a[r * K + k]));
        if (!(threshold > 0.0f && ax >= threshold)) m = fmaxf(m, ax);
    }
    atomicMax(reinterpret_cast<int*>(colStats) + k, __float_as_int(m));
}

template <typename T>
__global__ void k_col_quant(const T* __restrict__ a, i64 rows, i64 K, float threshold,
                            const float* __restrict__ colStats, signed char* __restrict__ out) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * K) return;
    float x = Fl<T>::get(a[i]);
    float cs = colStats[i % K];
    bool outlier = threshold > 0.0f && fabsf(x) >= threshold;
    if (outlier || cs == 0.0f) {
        out[i] = 0;
        return;
    }
    // upstream multiplies in the input dtype, then divides: round_T(x * 127) / colStat; a
    // product that overflows T is kept finite (taken in double)
    float prod = Fl<T>::get(Fl<T>::put(x * 127.0f));
    float y = isinf(prod) && isfinite(x) ? (float) ((double) x * 127.0 / (double) cs) : prod / cs;
    out[i] = (signed char) __float2int_rn(y);
}

// subA[r, j] = A[r, cols[j]]
template <typename T>
__global__ void k_gather_cols(const T* __restrict__ a, i64 rows, i64 K, const void* __restrict__ cols, int cols64,
                              i64 C, T* __restrict__ subA) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * C) return;
    i64 r = i / C, j = i - r * C;
    i64 c = cols64 ? static_cast<const i64*>(cols)[j] : static_cast<const int*>(cols)[j];
    subA[i] = a[r * K + c];
}

// A double rounded to float with round-to-odd, so that a following rounding to fp16/bf16 equals
// rounding the double directly (no double-rounding ties).
__device__ __forceinline__ float round_to_odd(double v) {
    float f = (float) v;
    if ((double) f != v && (__float_as_uint(f) & 1u) == 0 && !isnan(f)) f = (double) f > v ? nextafterf(f, -INFINITY) : nextafterf(f, INFINITY);
    return f;
}

// out[r, n] = T(out[r, n] + sum_j subA[r, j] * T(CB[n, cols[j]] * SCB[n] / 127)): products exact
// in double, summed in column order in double, rounded once (through round-to-odd) to T.
template <typename T>
__global__ void k_outlier_addmm(T* __restrict__ out, const T* __restrict__ subA, const signed char* __restrict__ cb,
                                const float* __restrict__ scb, const void* __restrict__ cols, int cols64, i64 C,
                                i64 rows, i64 N, i64 K) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * N) return;
    i64 r = i / N, n = i - r * N;
    double acc = Fl<T>::get(out[i]);
    for (i64 j = 0; j < C; j++) {
        i64 c = cols64 ? static_cast<const i64*>(cols)[j] : static_cast<const int*>(cols)[j];
        float wv = Fl<T>::get(Fl<T>::put((float) cb[n * K + c] * scb[n] * (1.0f / 127.0f)));
        acc += (double) Fl<T>::get(subA[r * C + j]) * (double) wv;
    }
    out[i] = Fl<T>::put(round_to_odd(acc));
}

// Exact int32 A[M, K] . B[N, K]^T for shapes cuBLASLt's IMMA path cannot take (K % 4 != 0).
__global__ void k_int8_matmul_naive(const signed char* __restrict__ a, const signed char* __restrict__ b,
                                    int* __restrict__ c, i64 M, i64 N, i64 K) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= M * N) return;
    i64 m = i / N, n = i - m * N;
    const signed char* ar = a + m * K;
    const signed char* br = b + n * K;
    int acc = 0;
    for (i64 k = 0; k < K; k++) acc += (int) ar[k] * (int) br[k];
    c[i] = acc;
}

// ------------------------------------------------------------------ C API

template <typename T>
static void launch_rows_vec(BnbCtx* ctx, const T* a, i64 rows, i64 K, float threshold, float* stats, unsigned* flags,
                            unsigned gen, signed char* out, int pass, i64* idx, int* count, unsigned long long* host,
                            unsigned seq) {
    constexpr int VEC = 16 / sizeof(T);
    // as few vectors per thread as the row needs: fewer registers, more rows in flight
    i64 nv = (K / VEC + ROW_THREADS - 1) / ROW_THREADS;
    const bool reverse = pass == 2 && env_int("BNB_CUDA_INT8_REVERSE", 1) != 0;
#define I8_ROWS_LAUNCH(V) \
    launch_pdl(ctx, k_int8_rows_vec<T, V>, dim3((unsigned) rows), ROW_THREADS, 0, a, K, threshold, stats, flags, gen, out, pass, idx, \
               count, host, seq, reverse)
    if (nv <= 1) I8_ROWS_LAUNCH(1);
    else if (nv <= 2) I8_ROWS_LAUNCH(2);
    else I8_ROWS_LAUNCH(4);
#undef I8_ROWS_LAUNCH
}

// Row-wise quantization. With a threshold the outlier columns are marked in the context's scratch
// (see int8_scratch), idx (K int64) receives their sorted indices and countDev their number.
static int int8_scratch(BnbCtx* ctx, i64 K);
static int int8_next_gen(BnbCtx* ctx);
static int int8_rows_quant(i64 h, int dtype, i64 a, i64 rows, i64 K, float threshold, i64 out, i64 stats, i64 idx,
                           i64 countDev, unsigned long long* host, unsigned seq) {
    BNB_CTX(h);
    bool thr = threshold > 0.0f;
    if (thr && (idx == 0 || countDev == 0)) return bnb_fail(-1, "int8_vectorwise_quant: a threshold needs idx and count");
    if (rows == 0) {
        if (thr) BNB_CK(cudaMemsetAsync((void*) countDev, 0, sizeof(int), ctx->stream));
        return 0;
    }
    unsigned* flags = nullptr;
    unsigned gen = 0;
    if (thr) {
        if (int rc = int8_scratch(ctx, K)) return rc;
        if (int rc = int8_next_gen(ctx)) return rc;
        flags = ctx->i8flags;
        gen = ctx->i8gen;
    }
    BNB_FLOAT_TYPES(dtype, T, {
        constexpr int VEC = 16 / sizeof(T);
        if (K % VEC == 0 && K <= (i64) ROW_VECS_MAX * ROW_THREADS * VEC) {
            auto run = [&](int pass) {
                launch_rows_vec<T>(ctx, (const T*) a, rows, K, threshold, (float*) stats, flags, gen,
                                                (signed char*) out, pass, (i64*) idx, (int*) countDev, host, seq);
            };
            // with a threshold: stats and marks, then the codes in a second pass over the input,
            // whose first CTA lists the marked columns at once, so the host learns their number
            // while the pass still runs. (Codes in the first pass and the marked columns cleared
            // after it read the input once, but the count then comes only after the first pass:
            // measured 3-4 us slower per call including the wait on the H100.)
            run(thr ? 1 : 0);
            BNB_LAUNCHED("int8_vectorwise_quant (rows)");
            if (thr) {
                run(2);
                BNB_LAUNCHED("int8_vectorwise_quant (codes)");
            }
            break;
        }
        k_int8_rows<T><<<(unsigned) rows, ROW_THREADS, 0, ctx->stream>>>(
            (const T*) a, K, threshold, (float*) stats, flags, gen, thr ? nullptr : (signed char*) out);
        BNB_LAUNCHED("int8_vectorwise_quant (rows)");
        if (thr) {
            k_int8_rows_quant<T><<<div_up(rows * K, 256), 256, 0, ctx->stream>>>(
                (const T*) a, rows, K, (const float*) stats, flags, gen, (signed char*) out, (i64*) idx, (int*) countDev,
                host, seq);
            BNB_LAUNCHED("int8_vectorwise_quant (codes)");
        }
    });
    return 0;
}

// The binding (Java calls it without a threshold; bnb_int8_quant_outliers is the threshold form).
static int bnb_int8_vectorwise_quant(i64 h, int dtype, i64 a, i64 rows, i64 K, float threshold, i64 out, i64 stats,
                                     i64 idx, i64 countDev) {
    return int8_rows_quant(h, dtype, a, rows, K, threshold, out, stats, idx, countDev, nullptr, 0);
}

static int bnb_int8_vectorwise_dequant(i64 h, i64 a, i64 stats, i64 K, i64 n, i64 out) {
    BNB_CTX(h);
    if (n == 0) return 0;
    k_int8_vectorwise_dequant<<<div_up(n, 256), 256, 0, ctx->stream>>>((const signed char*) a, (const float*) stats,
                                                                       K, n, (float*) out);
    BNB_LAUNCHED("int8_vectorwise_dequant");
    return 0;
}

static int bnb_int8_mm_dequant(i64 h, i64 a, i64 rowStats, i64 colStats, i64 bias, int biasDt, i64 N, i64 n, i64 out,
                               int outDt) {
    BNB_CTX(h);
    if (n == 0) return 0;
    i64 rows = n / N;
    if (N % 4 == 0) {
        dim3 grid(div_up(N / 4, 128), (unsigned) min(rows, (i64) 65535));
        k_int8_mm_dequant4<<<grid, 128, 0, ctx->stream>>>((const int*) a, (const float*) rowStats, (const float*) colStats,
                                                          (const void*) bias, biasDt, N, rows, (void*) out, outDt);
    } else {
        dim3 grid(div_up(N, 256), (unsigned) min(rows, (i64) 65535));
        k_int8_mm_dequant<<<grid, 256, 0, ctx->stream>>>((const int*) a, (const float*) rowStats, (const float*) colStats,
                                                         (const void*) bias, biasDt, N, rows, (void*) out, outDt);
    }
    BNB_LAUNCHED("int8_mm_dequant");
    return 0;
}

static int bnb_int8_col_quant(i64 h, int dtype, i64 a, i64 rows, i64 K, float threshold, i64 colStats, i64 out) {
    BNB_CTX(h);
    if (rows * K == 0) {
        if (K > 0) BNB_CK(cudaMemsetAsync((void*) colStats, 0, sizeof(float) * (size_t) K, ctx->stream));
        return 0;
    }
    BNB_CK(cudaMemsetAsync((void*) colStats, 0, sizeof(float) * (size_t) K, ctx->stream));
    int rowsPerCta = 256;
    dim3 grid(div_up(K, 256), div_up(rows, rowsPerCta));
    BNB_FLOAT_TYPES(dtype, T, {
        k_col_max<T><<<grid, 256, 0, ctx->stream>>>((const T*) a, rows, K, threshold, rowsPerCta, (float*) colStats);
        BNB_LAUNCHED("int8_double_quant (column max)");
        k_col_quant<T><<<div_up(rows * K, 256), 256, 0, ctx->stream>>>((const T*) a, rows, K, threshold,
                                                                      (const float*) colStats, (signed char*) out);
        BNB_LAUNCHED("int8_double_quant (column codes)");
    });
    return 0;
}

// Outlier part of int8_mixed_scaled_mm: gathers subA and adds subA . dequant(CB[:, cols])^T to out.
static int bnb_int8_outliers(i64 h, int dtype, i64 a, i64 rows, i64 K, i64 cols, int cols64, i64 C, i64 cb, i64 scb,
                             i64 N, i64 subA, i64 out) {
    BNB_CTX(h);
    if (rows == 0 || C == 0) return 0;
    BNB_FLOAT_TYPES(dtype, T, {
        k_gather_cols<T><<<div_up(rows * C, 256), 256, 0, ctx->stream>>>((const T*) a, rows, K, (const void*) cols,
                                                                        cols64, C, (T*) subA);
        BNB_LAUNCHED("int8_mixed_scaled_mm (gather)");
        if (N > 0) {
            k_outlier_addmm<T><<<div_up(rows * N, 256), 256, 0, ctx->stream>>>(
                (T*) out, (const T*) subA, (const signed char*) cb, (const float*) scb, (const void*) cols, cols64, C,
                rows, N, K);
            BNB_LAUNCHED("int8_mixed_scaled_mm (outlier matmul)");
        }
    });
    return 0;
}

// Row quantization with outliers in one call: codes, row stats, and the sorted outlier columns
// written to cols (room for K int64). Returns their number, or minus an error code. Waits for the
// count (the caller's result shape depends on it), which the kernels publish before they end, so
// nothing is left to queue after it and the GPU does not idle while the host reacts.
static i64 bnb_int8_quant_outliers(i64 h, int dtype, i64 a, i64 rows, i64 K, float threshold, i64 out, i64 stats,
                                   i64 cols) {
    BnbCtx* ctx = (BnbCtx*) h;
    if (!ctx) return -bnb_fail(-1, "no CUDA context");
    if (int rc = bnb_enter(ctx)) return -rc;
    if (int rc = int8_scratch(ctx, K)) return -rc;  // allocates i8count before it is passed on
    if (++ctx->i8seq == 0) ctx->i8seq = 1;
    const unsigned seq = ctx->i8seq;
    int rc = int8_rows_quant(h, dtype, a, rows, K, threshold, out, stats, cols, (i64) ctx->i8count,
                             ctx->i8hostDev, seq);
    if (rc) return -rc;
    // The listing kernel publishes the count early (see compact_flags): spin on it, and check the
    // stream now and then, so that a failed kernel or a path without early publication still ends.
    volatile unsigned long long* word = ctx->i8host;
    for (unsigned long it = 1;; it++) {
        unsigned long long v = *word;
        if ((unsigned) (v >> 32) == seq) return (i64) (unsigned) v;
        if ((it & 16383) == 0) {  // a query costs a driver call: rarely
            cudaError_t q = cudaStreamQuery(ctx->stream);
            if (q == cudaErrorNotReady) continue;
            if ((rc = bnb_cuda(q, "int8_vectorwise_quant"))) return -rc;
            v = *word;
            if ((unsigned) (v >> 32) == seq) return (i64) (unsigned) v;
            int c = 0;  // not published (no rows): the device count
            if ((rc = bnb_cuda(cudaMemcpy(&c, ctx->i8count, sizeof(int), cudaMemcpyDeviceToHost), "cudaMemcpy"))) return -rc;
            return c;
        }
    }
}

// The outlier scratch for K columns: generation-marked flags (zeroed when allocated and when the
// generation counter wraps, see int8_next_gen), the device count and a mapped pinned host word the
// count is published to.
static int int8_scratch(BnbCtx* ctx, i64 K) {
    if (!ctx->i8host) {
        if (int rc = bnb_cuda(cudaHostAlloc((void**) &ctx->i8host, sizeof(unsigned long long), cudaHostAllocMapped),
                              "cudaHostAlloc")) return rc;
        *ctx->i8host = 0;
        if (int rc = bnb_cuda(cudaHostGetDevicePointer((void**) &ctx->i8hostDev, ctx->i8host, 0), "cudaHostGetDevicePointer")) return rc;
        if (int rc = bnb_cuda(cudaMalloc((void**) &ctx->i8count, sizeof(int)), "cudaMalloc")) return rc;
    }
    i64 cap = K < 1 ? 1 : K;
    if (ctx->i8cap < cap) {
        cudaStreamSynchronize(ctx->stream);
        if (ctx->i8flags) cudaFree(ctx->i8flags);
        ctx->i8flags = nullptr;
        ctx->i8cap = 0;
        i64 want = cap + cap / 2;
        if (int rc = bnb_cuda(cudaMalloc((void**) &ctx->i8flags, sizeof(unsigned) * (size_t) want), "cudaMalloc")) return rc;
        if (int rc = bnb_cuda(cudaMemsetAsync(ctx->i8flags, 0, sizeof(unsigned) * (size_t) want, ctx->stream), "cudaMemsetAsync")) return rc;
        ctx->i8cap = want;
        ctx->i8gen = 0;
    }
    return 0;
}

// The generation of a new marking pass.
static int int8_next_gen(BnbCtx* ctx) {
    if (++ctx->i8gen == 0) {
        BNB_CK(cudaMemsetAsync(ctx->i8flags, 0, sizeof(unsigned) * (size_t) ctx->i8cap, ctx->stream));
        ctx->i8gen = 1;
    }
    return 0;
}

