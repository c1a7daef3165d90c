// The 8-bit nearest-code search (spec OPS.md 2.2) by bucket table: two shared-memory reads per
// value instead of a seven-level bisection. Same results as code_search, bit for bit.
//
// For a sorted code the rule's result is a non-decreasing step function of x: the number of
// thresholds t[k] (k = 1..255) that x exceeds, t[k] being the largest float whose code is below
// k. A bucket is picked by the value's float bits (sign, clamped exponent, 7 mantissa bits); it
// stores the code of its lowest member k0, and one compare with t[k0+1] decides between k0 and the
// code past the run of equal thresholds there. The builder (one small kernel, run on the stream
// before the kernels that use the table) finds every t[k] by bisection over all floats with the
// rule itself, so no midpoint or tie is re-derived by hand, and marks the table unusable when a
// bucket would hold two different thresholds or the code is not sorted; the kernels then fall
// back to code_search_fast. Tables are cached per context and rebuilt only when the code's
// contents change (the builder compares them on the device, so no host copy or wait is needed).
#pragma once
#include "common.cuh"
#include <mutex>

#define CB_ELO 97                        // exponents below 2^(CB_ELO - 127) share slot 0
#define CB_SLOTS 33                      // slot 0: below; 1..31: exponents 97..127 ([2^-30, 2)); 32: >= 2, inf, NaN
#define CB_PER_SIGN (CB_SLOTS * 128)
#define CB_BUCKETS (2 * CB_PER_SIGN)     // bytes

struct alignas(16) CodeBuckets {
    float code[256];                     // the code the table was built from
    float2 next[256];                    // {t[k+1] (t[256] = +inf), code past the run of equal thresholds, as int bits}
    unsigned char bucket[CB_BUCKETS];    // k0 of each bucket
    int state;                           // 0 not built, 1 usable, 2 not usable (fall back to the bisection)
    int nanCode;                         // the rule's code for NaN (an all-zero block gives 0 * inf)
};

__device__ __forceinline__ int cb_key(float x) {
    unsigned b = __float_as_uint(x);
    int e = min(max((int) ((b >> 23) & 255u) - (CB_ELO - 1), 0), CB_SLOTS - 1);
    return (int) (b >> 31) * CB_PER_SIGN + (e << 7) + (int) ((b >> 16) & 127u);
}

// Shared-memory copy of a usable table, filled by all threads of a CTA.
struct alignas(16) CbShared {
    unsigned char bucket[CB_BUCKETS];
    float2 next[256];
};

// A CbShared only where a kernel variant uses one (shared memory is declared statically).
template <bool B> struct CbSmem { CbShared s; };
template <> struct CbSmem<false> {};

__device__ __forceinline__ void cb_fill(CbShared* s, const CodeBuckets* __restrict__ t) {
    const uint4* src = reinterpret_cast<const uint4*>(t->bucket);
    uint4* dst = reinterpret_cast<uint4*>(s->bucket);
    for (int i = threadIdx.x; i < CB_BUCKETS / 16; i += blockDim.x) dst[i] = __ldg(src + i);
    for (int i = threadIdx.x; i < 256; i += blockDim.x) s->next[i] = t->next[i];
}

__device__ __forceinline__ int cb_index(const CbShared* s, int nanCode, float x) {
    int k0 = s->bucket[cb_key(x)];
    float2 t = s->next[k0];
    int k = x > t.x ? __float_as_int(t.y) : k0;
    return x != x ? nanCode : k;
}

// The rule on a plain (unpadded) array; the builder's reference.
__device__ int cb_rule(const float* c, float x) {
    int p = 127, lower = 0, upper = 255;
    for (int step = 64; step > 0; step >>= 1) {
        if (x > c[p]) { lower = p; p += step; }
        else { upper = p; p -= step; }
    }
    float v = c[p];
    if (x > v) return x > (c[upper] + v) * 0.5f ? upper : p;
    return x < (c[lower] + v) * 0.5f ? lower : p;
}

// Floats in total order as integers (-0 just below +0) and back.
__device__ __forceinline__ i64 cb_order(float f) { int b = __float_as_int(f); return b >= 0 ? b : b ^ 0x7fffffff; }
__device__ __forceinline__ float cb_float(i64 k) { int b = (int) k; return __int_as_float(b >= 0 ? b : b ^ 0x7fffffff); }

__device__ __forceinline__ int cb_count(const float* thr, float v) {
    int k = 0;
    for (int step = 128; step > 0; step >>= 1) if (v > thr[k + step - 1]) k += step;
    return k;
}

// One CTA of 1024 threads. Leaves the table alone when it was built from the same code.
__global__ void __launch_bounds__(1024) k_code_buckets(const float* __restrict__ code, CodeBuckets* __restrict__ t) {
    __shared__ float c[256];
    __shared__ float thr[256];
    __shared__ int same, bad;
    if (threadIdx.x == 0) { same = t->state != 0; bad = 0; }
    __syncthreads();
    if (threadIdx.x < 256) {
        c[threadIdx.x] = code[threadIdx.x];
        if (__float_as_int(c[threadIdx.x]) != __float_as_int(t->code[threadIdx.x])) same = 0;
    }
    __syncthreads();
    if (same) return;
    if (threadIdx.x < 255 && !(c[threadIdx.x] <= c[threadIdx.x + 1])) bad = 1;  // also catches NaN
    const float inf = __int_as_float(0x7f800000);
    const int k = threadIdx.x;  // t[k] for k = 1..255, stored at thr[k - 1]
    if (k >= 1 && k < 256) {
        float th;
        if (cb_rule(c, -inf) >= k) th = -inf;
        else if (cb_rule(c, inf) < k) th = inf;
        else {
            i64 lo = cb_order(-inf), hi = cb_order(inf);
            while (hi - lo > 1) {
                i64 mid = (lo + hi) >> 1;
                if (cb_rule(c, cb_float(mid)) < k) lo = mid;
                else hi = mid;
            }
            th = cb_float(lo);
        }
        thr[k - 1] = th;
    }
    if (k == 0) thr[255] = inf;
    __syncthreads();
    for (int b = threadIdx.x; b < CB_BUCKETS; b += blockDim.x) {
        int sign = b / CB_PER_SIGN, rest = b % CB_PER_SIGN, slot = rest >> 7, m = rest & 127;
        unsigned eLo = slot == 0 ? 0u : (unsigned) (slot + CB_ELO - 1);
        unsigned magLo = eLo << 23 | (unsigned) m << 16;
        unsigned magHi = slot == 0 ? ((unsigned) (CB_ELO - 1) << 23 | (unsigned) m << 16 | 0xffffu)
                       : slot == CB_SLOTS - 1 ? 0x7f800000u : (eLo << 23 | (unsigned) m << 16 | 0xffffu);
        float lo = __uint_as_float(magLo), hi = __uint_as_float(magHi);
        if (sign) { float x = -hi; hi = -lo; lo = x; }
        int k0 = cb_count(thr, lo), k1 = cb_count(thr, hi);
        for (int j = k0 + 1; j < k1; j++) if (__float_as_int(thr[j]) != __float_as_int(thr[k0])) bad = 1;
        t->bucket[b] = (unsigned char) k0;
    }
    if (threadIdx.x < 256) {
        int j = threadIdx.x, r = j + 1;
        while (r < 256 && __float_as_int(thr[r]) == __float_as_int(thr[j])) r++;
        t->next[j] = make_float2(thr[j], __int_as_float(j == 255 ? 255 : r));
        t->code[j] = c[j];
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        t->nanCode = cb_rule(c, __int_as_float(0x7fc00000));
        __threadfence();
        t->state = bad ? 2 : 1;
    }
}

// Held from code_buckets until the kernel that reads the table is queued: the stream then runs
// each builder right before its user, even when several host threads share a context.
static std::mutex cb_mutex;

// The context's table for this code (device pointer), queued for (re)building on the stream.
// Slots are picked by the code's address; the builder itself checks the contents. keep: a table
// an earlier call of the same operation already took (never evicted here), or null. Call with
// cb_mutex held.
static int code_buckets(BnbCtx* ctx, const float* code, const CodeBuckets** out, const CodeBuckets* keep = nullptr) {
    if (!ctx->cb) {
        BNB_CK(cudaMalloc((void**) &ctx->cb, sizeof(CodeBuckets) * CB_CACHE));
        BNB_CK(cudaMemsetAsync(ctx->cb, 0, sizeof(CodeBuckets) * CB_CACHE, ctx->stream));
    }
    int slot = -1;
    for (int i = 0; i < CB_CACHE; i++) if (ctx->cbCode[i] == code && ctx->cb + i != keep) slot = i;
    if (slot < 0) {
        do {
            slot = ctx->cbNext;
            ctx->cbNext = (ctx->cbNext + 1) % CB_CACHE;
        } while (ctx->cb + slot == keep);
        ctx->cbCode[slot] = code;
    }
    CodeBuckets* t = ctx->cb + slot;
    k_code_buckets<<<1, 1024, 0, ctx->stream>>>(code, t);
    BNB_CK(cudaGetLastError());
    *out = t;
    return 0;
}
