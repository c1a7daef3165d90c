// 32-bit and 8-bit blockwise optimizer steps (spec OPTIMIZERS.md 3, 4, 5) and percentile clipping.
//
// The element rules are the Java reference's (io.bnb.backend.cpu.OptimRules) operation for
// operation: the same fused multiply-adds (the forms that reproduce upstream's contracted CUDA
// arithmetic), the same plain multiplies, IEEE division and square root, and the per-step
// scalars computed once on the host. Everything else is compiled with -fmad=false, so each
// result is bit-identical to the reference. Sums of squares (trust ratio, percentile clipping)
// are taken in double per fixed chunk in element order, then over chunks in chunk order, as the
// reference does, so they match it bit for bit too.
//
// 8-bit: one warp owns one 256-element block (8 consecutive elements per lane): the new block
// maxima are warp reductions and dequantize-update-requantize is a single pass over memory.
#pragma once
#include "common.cuh"
#include "codebuckets.cuh"

// Ordinals of io.bnb.api.OptimizerKind.
enum { OPT_ADAM = 0, OPT_MOMENTUM = 1, OPT_RMSPROP = 2, OPT_LION = 3, OPT_ADAGRAD = 4, OPT_LAMB = 5, OPT_LARS = 6,
       OPT_ADEMAMIX = 7 };

// The per-step scalars (see io.bnb.backend.cuda.OptimizerOps#hyper for their definitions).
struct OptHyper {
    float lr, beta1, beta2, beta3, alpha, eps, wd;
    float c1, c2, c2sq, stepSize, epsC2, decay;
    float gnormScale, maxUnorm, paramNorm;
    int step, skipZeros;
};
#define OPT_HYPER_FLOATS 16

__device__ __forceinline__ float sgn(float x) { return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f); }

__host__ __device__ __forceinline__ bool two_state(int kind) { return kind == OPT_ADAM || kind == OPT_LAMB || kind == OPT_ADEMAMIX; }

// Trust-ratio scale from the squared update norm u (1-state kinds add eps to the limit).
__device__ __forceinline__ float trust_scale(int kind, const OptHyper& h, float u) {
    float norm = sqrtf(u);
    float limit = h.maxUnorm * h.paramNorm;
    if (!two_state(kind)) limit = limit + h.eps;
    return norm > limit ? limit / norm : 1.0f;
}

// One element. m is state1 (v for RMSprop/Adagrad), v state2, m2 AdEMAMix's second EMA;
// s the trust-ratio scale; EIGHT selects the 8-bit forms. Returns false when the element was
// skipped (skipZeros) or reset (non-finite gradient, 8-bit two-state): its parameter stays.
template <bool EIGHT>
__device__ __forceinline__ bool opt_rule(int kind, const OptHyper& h, float s, float gr, float& p, float& m, float& v,
                                         float& m2) {
    const bool wd = h.wd > 0.0f;
    switch (kind) {
        case OPT_ADAM:
        case OPT_LAMB: {
            if (EIGHT && !isfinite(gr)) { m = 0.0f; v = 0.0f; return false; }
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr, nb1 = 1.0f - h.beta1, nb2 = 1.0f - h.beta2;
            float mi = EIGHT ? __fmaf_rn(nb1, gg, m * h.beta1) : __fmaf_rn(m, h.beta1, nb1 * gg);
            float vi = EIGHT ? __fmaf_rn(nb2 * gg, gg, v * h.beta2) : __fmaf_rn(v, h.beta2, nb2 * (gg * gg));
            m = mi;
            v = vi;
            float pi = p + (s * h.stepSize) * (mi / (sqrtf(vi) + h.epsC2));
            p = wd ? pi * h.decay : pi;
            return true;
        }
        case OPT_ADEMAMIX: {
            if (EIGHT && !isfinite(gr)) { m = 0.0f; m2 = 0.0f; v = 0.0f; return false; }
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr, nb1 = 1.0f - h.beta1, nb2 = 1.0f - h.beta2, nb3 = 1.0f - h.beta3;
            float a = EIGHT ? __fmaf_rn(nb1, gg, m * h.beta1) : __fmaf_rn(m, h.beta1, nb1 * gg);
            float b = EIGHT ? __fmaf_rn(nb3, gg, m2 * h.beta3) : __fmaf_rn(m2, h.beta3, nb3 * gg);
            float vi = EIGHT ? __fmaf_rn(nb2 * gg, gg, v * h.beta2) : __fmaf_rn(v, h.beta2, (nb2 * gg) * gg);
            m = a;
            m2 = b;
            v = vi;
            float pi = p - h.lr * ((a / h.c1 + h.alpha * b) / (sqrtf(vi) / h.c2 + h.eps));
            p = wd ? pi * h.decay : pi;
            return true;
        }
        case OPT_MOMENTUM:
        case OPT_LARS: {
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr, lrs = h.lr * s;
            if (wd) gg = gg + h.wd * p;
            float mi = h.step == 1 ? gg : __fmaf_rn(m, h.beta1, gg);
            m = mi;
            p = EIGHT ? __fmaf_rn(-lrs, mi, p) : p - lrs * mi;
            return true;
        }
        case OPT_RMSPROP: {
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr, lrs = h.lr * s, nb1 = 1.0f - h.beta1;
            if (wd) gg = gg + h.wd * p;
            float vi = EIGHT ? __fmaf_rn(nb1, gg * gg, m * h.beta1) : __fmaf_rn(m, h.beta1, (nb1 * gg) * gg);
            m = vi;
            float q = gg / (sqrtf(vi) + h.eps);
            p = EIGHT ? __fmaf_rn(-lrs, q, p) : p - lrs * q;
            return true;
        }
        case OPT_ADAGRAD: {
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr;
            if (wd) gg = gg + h.wd * p;
            float vi = __fmaf_rn(gg, gg, m);
            m = vi;
            p = __fmaf_rn(-h.lr, gg / (sqrtf(vi) + h.eps), p);
            return true;
        }
        case OPT_LION: {
            if (h.skipZeros && gr == 0.0f) return false;
            float gg = h.gnormScale * gr, lrs = h.lr * s, nb1 = 1.0f - h.beta1, nb2 = 1.0f - h.beta2;
            float pi = wd ? p * h.decay : p;
            float c = EIGHT ? __fmaf_rn(nb1, gg, m * h.beta1) : __fmaf_rn(m, h.beta1, nb1 * gg);
            p = pi - lrs * sgn(c);
            m = EIGHT ? __fmaf_rn(nb2, gg, m * h.beta2) : __fmaf_rn(m, h.beta2, nb2 * gg);
            return true;
        }
    }
    return false;
}

// The update an element would get (states not written), for the trust ratio.
template <bool EIGHT>
__device__ __forceinline__ float opt_unorm_term(int kind, const OptHyper& h, float gr, float m, float v, bool& skip) {
    skip = h.skipZeros && gr == 0.0f;
    float gg = h.gnormScale * gr, nb1 = 1.0f - h.beta1, nb2 = 1.0f - h.beta2;
    switch (kind) {
        case OPT_ADAM:
        case OPT_LAMB: {
            float mi = EIGHT ? __fmaf_rn(nb1, gg, m * h.beta1) : __fmaf_rn(m, h.beta1, nb1 * gg);
            float vi = EIGHT ? __fmaf_rn(nb2 * gg, gg, v * h.beta2) : __fmaf_rn(v, h.beta2, nb2 * (gg * gg));
            return (mi / h.c1) / (sqrtf(vi / h.c2sq) + h.eps);
        }
        case OPT_MOMENTUM:
        case OPT_LARS: return h.step == 1 ? gg : __fmaf_rn(m, h.beta1, gg);
        case OPT_RMSPROP:
            return gg / (sqrtf(EIGHT ? __fmaf_rn(nb1, gg * gg, m * h.beta1) : __fmaf_rn(m, h.beta1, (nb1 * gg) * gg)) + h.eps);
        case OPT_ADAGRAD: return gg / (sqrtf(__fmaf_rn(gg, gg, m)) + h.eps);
        case OPT_LION: return sgn(EIGHT ? __fmaf_rn(nb1, gg, m * h.beta1) : __fmaf_rn(m, h.beta1, nb1 * gg));
    }
    return 0.0f;
}

// Sum of (double) u^2 over one chunk, in element order: one thread per chunk.
template <typename T>
__global__ void k_unorm32_chunks(int kind, const T* __restrict__ g, const float* __restrict__ s1,
                                 const float* __restrict__ s2, i64 n, int chunk, OptHyper h, double* __restrict__ partial) {
    i64 c = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    i64 from = c * chunk;
    if (from >= n) return;
    i64 to = min(n, from + chunk);
    double sum = 0.0;
    for (i64 i = from; i < to; i++) {
        bool skip;
        float u = opt_unorm_term<false>(kind, h, Fl<T>::get(g[i]), s1[i], s2 ? s2[i] : 0.0f, skip);
        if (!skip) sum += (double) u * (double) u;
    }
    partial[c] = sum;
}

// 8-bit: the same over one 256-block of dequantized states.
template <typename T>
__global__ void k_unorm8_blocks(int kind, const T* __restrict__ g, const unsigned char* __restrict__ s1,
                                const unsigned char* __restrict__ s2, const float* __restrict__ qmap1,
                                const float* __restrict__ qmap2, const float* __restrict__ absmax1,
                                const float* __restrict__ absmax2, i64 n, OptHyper h, double* __restrict__ partial) {
    i64 b = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    i64 from = b * 256;
    if (from >= n) return;
    i64 to = min(n, from + 256);
    float a1 = absmax1[b], a2 = s2 ? absmax2[b] : 0.0f;
    double sum = 0.0;
    for (i64 i = from; i < to; i++) {
        bool skip;
        float m = __ldg(qmap1 + s1[i]) * a1, v = s2 ? __ldg(qmap2 + s2[i]) * a2 : 0.0f;
        float u = opt_unorm_term<true>(kind, h, Fl<T>::get(g[i]), m, v, skip);
        if (!skip) sum += (double) u * (double) u;
    }
    partial[b] = sum;
}

// Adds the chunk sums in chunk order and stores the float total.
__global__ void k_sum_partials(const double* __restrict__ partial, i64 count, float* __restrict__ out, int slots) {
    if (threadIdx.x != 0 || blockIdx.x != 0) return;
    double t = 0.0;
    for (i64 i = 0; i < count; i++) t += partial[i];
    for (int s = 0; s < slots; s++) out[s] = (float) t;
}

#define OPT32_THREADS 256
#define OPT32_ITEMS 4
#define OPT32_CHUNK 2048

template <typename T>
__global__ void __launch_bounds__(OPT32_THREADS)
k_opt32(int kind, const T* __restrict__ g, T* __restrict__ p, float* __restrict__ s1, float* __restrict__ s2, i64 n,
        OptHyper h, const float* __restrict__ unorm) {
    float s = unorm ? trust_scale(kind, h, *unorm) : 1.0f;
    i64 i0 = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * OPT32_ITEMS;
    if (i0 >= n) return;
    const bool ademamix = kind == OPT_ADEMAMIX;
    const bool two = two_state(kind);
    if (i0 + OPT32_ITEMS <= n) {
        float gv[4], pv[4];
        load_floats4(g + i0, gv);
        load_floats4(p + i0, pv);
        float4 m4 = *reinterpret_cast<const float4*>(s1 + i0);
        float4 v4 = two && !ademamix ? *reinterpret_cast<const float4*>(s2 + i0) : make_float4(0, 0, 0, 0);
        if (ademamix) v4 = *reinterpret_cast<const float4*>(s2 + i0);
        float m[4] = {m4.x, m4.y, m4.z, m4.w}, v[4] = {v4.x, v4.y, v4.z, v4.w}, m2[4] = {0, 0, 0, 0};
        // the second half of AdEMAMix's state starts at n, which need not be 16-byte aligned
        if (ademamix)
#pragma unroll
            for (int k = 0; k < 4; k++) m2[k] = s1[n + i0 + k];
#pragma unroll
        for (int k = 0; k < 4; k++) opt_rule<false>(kind, h, s, gv[k], pv[k], m[k], v[k], m2[k]);
        store_floats4(p + i0, pv);
        *reinterpret_cast<float4*>(s1 + i0) = make_float4(m[0], m[1], m[2], m[3]);
        if (two) *reinterpret_cast<float4*>(s2 + i0) = make_float4(v[0], v[1], v[2], v[3]);
        if (ademamix)
#pragma unroll
            for (int k = 0; k < 4; k++) s1[n + i0 + k] = m2[k];
    } else {
        for (i64 i = i0; i < n; i++) {
            float pv = Fl<T>::get(p[i]), m = s1[i], v = two ? s2[i] : 0.0f, m2 = ademamix ? s1[n + i] : 0.0f;
            opt_rule<false>(kind, h, s, Fl<T>::get(g[i]), pv, m, v, m2);
            p[i] = Fl<T>::put(pv);
            s1[i] = m;
            if (two) s2[i] = v;
            if (ademamix) s1[n + i] = m2;
        }
    }
}

// ------------------------------------------------------------------ 8-bit blockwise

#define OPT8_WARPS 8

// Nearest code of x / newMax, then (signed states) the sign fix: a code whose sign bit differs
// from the value's moves one step toward the value (+1 if x > 0, else -1, wrapping modulo 256).
// BUCKETS: the table search, or, when the table is not usable, the plain bisection over the padded
// code (slow, but it keeps no pivots in registers); else the register-pivot bisection.
template <bool BUCKETS>
__device__ __forceinline__ unsigned char requant(const CodeTab& t, const float* sc, const CbShared* b, int nanCode,
                                                 bool useB, float x, float newMax, bool isSigned) {
    float y = x / newMax;
    int c;
    if constexpr (BUCKETS) c = useB ? cb_index(b, nanCode, y) : code_search(sc, y);
    else c = code_search_fast(t, y);
    if (isSigned && signbit(sc[code_slot(c)]) != signbit(x)) c += x > 0.0f ? 1 : -1;
    return (unsigned char) (c & 255);
}

// KIND >= 0 compiles one optimizer's rule only (fewer registers: no spills for Adam); -1 takes
// the kind at run time.
template <typename T, int MINB, bool BUCKETS, int KIND>
__global__ void __launch_bounds__(OPT8_WARPS * 32, MINB)
k_opt8(int kindArg, const T* __restrict__ g, T* __restrict__ p, unsigned char* __restrict__ s1,
       unsigned char* __restrict__ s2, const float* __restrict__ qmap1, const float* __restrict__ qmap2,
       float* __restrict__ absmax1, float* __restrict__ absmax2, i64 n, OptHyper h, const float* __restrict__ unorm,
       const CodeBuckets* __restrict__ cb1, const CodeBuckets* __restrict__ cb2) {
    const int kind = KIND >= 0 ? KIND : kindArg;
    __shared__ float q1[CODE_SMEM_WORDS];
    __shared__ float q2[CODE_SMEM_WORDS];
    __shared__ float4 f1[BUCKETS ? 1 : CODE_FIN_WORDS];
    __shared__ float4 f2[BUCKETS ? 1 : CODE_FIN_WORDS];
    __shared__ CbSmem<BUCKETS> b1, b2;
    const bool ademamix = kind == OPT_ADEMAMIX;
    const bool two = two_state(kind);
    // the bucket search when both tables are usable (one decision for the CTA)
    bool useB = false;
    int nan1 = 0, nan2 = 0;
    if constexpr (BUCKETS) {
        useB = cb1->state == 1 && (!two || cb2->state == 1);
        nan1 = cb1->nanCode;
        nan2 = two ? cb2->nanCode : 0;
        for (int i = threadIdx.x; i < 256; i += blockDim.x) {
            q1[code_slot(i)] = qmap1[i];
            if (two) q2[code_slot(i)] = qmap2[i];
        }
        if (useB) {
            cb_fill(&b1.s, cb1);
            if (two) cb_fill(&b2.s, cb2);
        }
    } else {
        code_tab_fill(q1, f1, qmap1);
        if (two) code_tab_fill(q2, f2, qmap2);
    }
    __syncthreads();
    CodeTab t1, t2;
    if constexpr (!BUCKETS) {
        t1 = code_tab(q1, f1);
        if (two) t2 = code_tab(q2, f2);
    }
    const CbShared* bs1 = nullptr;
    const CbShared* bs2 = nullptr;
    if constexpr (BUCKETS) {
        bs1 = &b1.s;
        bs2 = &b2.s;
    }
    const float s = unorm ? trust_scale(kind, h, *unorm) : 1.0f;

    const i64 blocks = (n + 255) / 256;
    const int lane = threadIdx.x & 31;
    // CTAs stay resident and their warps walk the blocks: the code tables are staged once per CTA
    for (i64 b = (i64) blockIdx.x * OPT8_WARPS + (threadIdx.x >> 5); b < blocks; b += (i64) gridDim.x * OPT8_WARPS) {
    const i64 i0 = b * 256 + lane * 8;
    const int cnt = (int) max((i64) 0, min((i64) 8, n - i0));

    float gv[8], pv[8];
    unsigned char c1[8], c2[8], c3[8];
    if (cnt == 8) {
        load_floats<T, 8>(g + i0, 8, gv);
        load_floats<T, 8>(p + i0, 8, pv);
        *reinterpret_cast<uint2*>(c1) = *reinterpret_cast<const uint2*>(s1 + i0);
        if (two) *reinterpret_cast<uint2*>(c2) = *reinterpret_cast<const uint2*>(s2 + i0);
        if (ademamix)
#pragma unroll
            for (int k = 0; k < 8; k++) c3[k] = s1[n + i0 + k];  // offset n: not 8-byte aligned in general
    } else {
#pragma unroll
        for (int k = 0; k < 8; k++) {
            bool ok = k < cnt;
            gv[k] = ok ? Fl<T>::get(g[i0 + k]) : 0.0f;
            pv[k] = ok ? Fl<T>::get(p[i0 + k]) : 0.0f;
            c1[k] = ok ? s1[i0 + k] : 0;
            c2[k] = ok && two ? s2[i0 + k] : 0;
            c3[k] = ok && ademamix ? s1[n + i0 + k] : 0;
        }
    }
    const float a1 = absmax1[b];
    const float a2 = two ? absmax2[b] : 0.0f;
    const float a3 = ademamix ? absmax1[blocks + b] : 0.0f;

    float m[8], v[8], m2[8];
    float mx1 = 0.0f, mx2 = 0.0f, mx3 = 0.0f;
#pragma unroll
    for (int k = 0; k < 8; k++) {
        m[k] = q1[code_slot(c1[k])] * a1;
        v[k] = two ? q2[code_slot(c2[k])] * a2 : 0.0f;
        m2[k] = ademamix ? q1[code_slot(c3[k])] * a3 : 0.0f;
        if (k < cnt) {
            opt_rule<true>(kind, h, s, gv[k], pv[k], m[k], v[k], m2[k]);
            mx1 = fmaxf(mx1, fabsf(m[k]));
            mx2 = fmaxf(mx2, fabsf(v[k]));
            mx3 = fmaxf(mx3, fabsf(m2[k]));
        }
    }
    mx1 = warp_max(mx1);
    if (two) mx2 = warp_max(mx2);
    if (ademamix) mx3 = warp_max(mx3);
    if (lane == 0) {
        absmax1[b] = mx1;
        if (two) absmax2[b] = mx2;
        if (ademamix) absmax1[blocks + b] = mx3;
    }
#pragma unroll
    for (int k = 0; k < 8; k++) {
        c1[k] = requant<BUCKETS>(t1, q1, bs1, nan1, useB, m[k], mx1, true);
        if (two) c2[k] = requant<BUCKETS>(t2, q2, bs2, nan2, useB, v[k], mx2, false);
        if (ademamix) c3[k] = requant<BUCKETS>(t1, q1, bs1, nan1, useB, m2[k], mx3, true);
    }
    if (cnt == 8) {
        store_floats<T, 8>(p + i0, pv);
        *reinterpret_cast<uint2*>(s1 + i0) = *reinterpret_cast<uint2*>(c1);
        if (two) *reinterpret_cast<uint2*>(s2 + i0) = *reinterpret_cast<uint2*>(c2);
        if (ademamix)
#pragma unroll
            for (int k = 0; k < 8; k++) s1[n + i0 + k] = c3[k];
    } else {
        for (int k = 0; k < cnt; k++) {
            p[i0 + k] = Fl<T>::put(pv[k]);
            s1[i0 + k] = c1[k];
            if (two) s2[i0 + k] = c2[k];
            if (ademamix) s1[n + i0 + k] = c3[k];
        }
    }
    }
}

// ------------------------------------------------------------------ percentile clipping

// Sum of (double) g^2 per chunk, in element order: one thread per chunk.
template <typename T>
__global__ void k_sumsq_chunks(const T* __restrict__ g, i64 n, int chunk, double* __restrict__ partial) {
    i64 c = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    i64 from = c * chunk;
    if (from >= n) return;
    i64 to = min(n, from + chunk);
    double sum = 0.0;
    for (i64 i = from; i < to; i++) {
        float x = Fl<T>::get(g[i]);
        sum += (double) x * (double) x;
    }
    partial[c] = sum;
}

// ------------------------------------------------------------------ C API

static OptHyper opt_hyper(const float* f, int step, int skipZeros) {
    OptHyper h;
    h.lr = f[0]; h.beta1 = f[1]; h.beta2 = f[2]; h.beta3 = f[3]; h.alpha = f[4]; h.eps = f[5]; h.wd = f[6];
    h.c1 = f[7]; h.c2 = f[8]; h.c2sq = f[9]; h.stepSize = f[10]; h.epsC2 = f[11]; h.decay = f[12];
    h.gnormScale = f[13]; h.maxUnorm = f[14]; h.paramNorm = f[15];
    h.step = step; h.skipZeros = skipZeros;
    return h;
}

// hyper: OPT_HYPER_FLOATS floats in OptHyper's order. With maxUnorm > 0 (not AdEMAMix) the
// squared update norm is written to unorm (F32[1]); Adagrad records it without being scaled.
static int bnb_optimizer_32bit(i64 h, int dtype, int kind, i64 g, i64 p, i64 s1, i64 s2, i64 unorm, i64 n,
                               const float* hyper, int step, int skipZeros) {
    BNB_CTX(h);
    if (n == 0) return 0;
    OptHyper hp = opt_hyper(hyper, step, skipZeros);
    bool trust = hp.maxUnorm > 0.0f && unorm != 0 && kind != OPT_ADEMAMIX;
    BNB_FLOAT_TYPES(dtype, T, {
        if (trust) {
            i64 chunks = (n + OPT32_CHUNK - 1) / OPT32_CHUNK;
            double* partial;
            BNB_CK(cudaMallocAsync((void**) &partial, sizeof(double) * chunks, ctx->stream));
            k_unorm32_chunks<T><<<div_up(chunks, 128), 128, 0, ctx->stream>>>(
                kind, (const T*) g, (const float*) s1, two_state(kind) ? (const float*) s2 : nullptr, n, OPT32_CHUNK, hp, partial);
            BNB_LAUNCHED("optimizer_update_32bit (update norm)");
            k_sum_partials<<<1, 32, 0, ctx->stream>>>(partial, chunks, (float*) unorm, 1);
            BNB_LAUNCHED("optimizer_update_32bit (update norm sum)");
            BNB_CK(cudaFreeAsync(partial, ctx->stream));
        }
        k_opt32<T><<<div_up(div_up(n, OPT32_ITEMS), OPT32_THREADS), OPT32_THREADS, 0, ctx->stream>>>(
            kind, (const T*) g, (T*) p, (float*) s1, (float*) s2, n, hp,
            trust && kind != OPT_ADAGRAD ? (const float*) unorm : nullptr);
        BNB_LAUNCHED("optimizer_update_32bit");
    });
    return 0;
}

static int bnb_optimizer_8bit(i64 h, int dtype, int kind, i64 g, i64 p, i64 s1, i64 s2, i64 qmap1, i64 qmap2,
                              i64 absmax1, i64 absmax2, i64 n, const float* hyper, int step, int skipZeros) {
    BNB_CTX(h);
    if (n == 0) return 0;
    OptHyper hp = opt_hyper(hyper, step, skipZeros);
    bool trust = hp.maxUnorm > 0.0f && kind != OPT_ADEMAMIX && kind != OPT_ADAGRAD;
    i64 blocks = (n + 255) / 256;
    bool two = two_state(kind);
    BNB_FLOAT_TYPES(dtype, T, {
        float* unorm = nullptr;
        if (trust) {
            double* partial;
            BNB_CK(cudaMallocAsync((void**) &partial, sizeof(double) * blocks + 16, ctx->stream));
            unorm = (float*) (partial + blocks);
            k_unorm8_blocks<T><<<div_up(blocks, 128), 128, 0, ctx->stream>>>(
                kind, (const T*) g, (const unsigned char*) s1, two ? (const unsigned char*) s2 : nullptr, (const float*) qmap1,
                (const float*) qmap2, (const float*) absmax1, (const float*) absmax2, n, hp, partial);
            BNB_LAUNCHED("optimizer_update_8bit_blockwise (update norm)");
            k_sum_partials<<<1, 32, 0, ctx->stream>>>(partial, blocks, unorm, 1);
            BNB_LAUNCHED("optimizer_update_8bit_blockwise (update norm sum)");
        }
        const CodeBuckets *cb1 = nullptr, *cb2 = nullptr;
        int buckets = env_int("BNB_CUDA_OPT8_BUCKETS", 1);
        std::unique_lock<std::mutex> hold(cb_mutex, std::defer_lock);
        if (buckets) hold.lock();
        if (buckets) {
            if (int rc = code_buckets(ctx, (const float*) qmap1, &cb1)) return rc;
            if (two) if (int rc = code_buckets(ctx, (const float*) qmap2, &cb2, cb1)) return rc;
        }
        // with tables to stage, CTAs stay resident and loop over the blocks
        int perSm = env_int("BNB_CUDA_OPT8_CTAS_PER_SM", buckets ? 8 : 0);  // 0: one block per warp, no loop
        unsigned grid = div_up(blocks, OPT8_WARPS);
        if (perSm > 0) grid = (unsigned) min((i64) grid, (i64) ctx->smCount * perSm);
        auto launch = [&](auto kernel) {
            kernel<<<grid, OPT8_WARPS * 32, 0, ctx->stream>>>(
                kind, (const T*) g, (T*) p, (unsigned char*) s1, (unsigned char*) s2, (const float*) qmap1,
                (const float*) qmap2, (float*) absmax1, (float*) absmax2, n, hp, unorm, cb1, cb2);
        };
        if (!buckets) launch(k_opt8<T, 3, false, -1>);
        else if (kind == OPT_ADAM && !env_int("BNB_CUDA_OPT8_GENERIC", 0)) launch(k_opt8<T, 4, true, OPT_ADAM>);
        else launch(k_opt8<T, 3, true, -1>);
        BNB_LAUNCHED("optimizer_update_8bit_blockwise");
        if (trust) BNB_CK(cudaFreeAsync((void*) (((double*) unorm) - blocks), ctx->stream));
    });
    return 0;
}

// Percentile clipping, device part: the squared gradient norm (double per 4096-chunk, then over
// chunks) stored as float into gnormVec: all 100 slots at step 1, else slot step % 100.
static int bnb_gnorm_record(i64 h, int dtype, i64 g, i64 n, i64 gnormVec, int step) {
    BNB_CTX(h);
    const int chunk = 4096;
    i64 chunks = max((i64) 1, (n + chunk - 1) / chunk);
    double* partial;
    BNB_CK(cudaMallocAsync((void**) &partial, sizeof(double) * chunks, ctx->stream));
    BNB_CK(cudaMemsetAsync(partial, 0, sizeof(double) * chunks, ctx->stream));
    BNB_FLOAT_TYPES(dtype, T, {
        if (n > 0) k_sumsq_chunks<T><<<div_up(chunks, 128), 128, 0, ctx->stream>>>((const T*) g, n, chunk, partial);
    });
    BNB_LAUNCHED("percentile_clipping (norm)");
    float* slot = (float*) gnormVec + (step == 1 ? 0 : step % 100);
    k_sum_partials<<<1, 32, 0, ctx->stream>>>(partial, chunks, slot, step == 1 ? 100 : 1);
    BNB_LAUNCHED("percentile_clipping (sum)");
    BNB_CK(cudaFreeAsync(partial, ctx->stream));
    return 0;
}
