// 32-bit and 8-bit blockwise optimizer steps (spec OPTIMIZERS.md 3, 4, 5).
//
// Every formula is evaluated in float32 exactly as written in the spec, operation by operation
// (no contraction), with bias corrections computed once on the host. 8-bit: one warp owns one
// 256-element quantization block (8 consecutive elements per lane), so the new block maxima are
// warp reductions and the whole dequantize-update-requantize step is a single pass over memory.
#pragma once
#include "common.cuh"

// Ordinals of io.bnb.api.OptimizerKind.
enum { OPT_ADAM = 0, OPT_MOMENTUM = 1, OPT_RMSPROP = 2, OPT_LION = 3, OPT_ADAGRAD = 4, OPT_LAMB = 5, OPT_LARS = 6,
       OPT_ADEMAMIX = 7 };

struct OptHyper {
    float lr, beta1, beta2, beta3, alpha, eps, wd;
    float c1;    // 1 - beta1^step
    float bc2;   // 1 - beta2^step
    float c2;    // sqrt(1 - beta2^step)
    float gnormScale, maxUnorm, paramNorm;
    int step, skipZeros;
};

__device__ __forceinline__ float sgn(float x) { return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f); }

__device__ __forceinline__ bool two_state(int kind) { return kind == OPT_ADAM || kind == OPT_LAMB || kind == OPT_ADEMAMIX; }

// ------------------------------------------------------------------ 32-bit

// The trust-ratio scale from the squared update norm U (2-state vs 1-state rule).
__device__ __forceinline__ float trust_scale(int kind, const OptHyper& h, const float* unorm) {
    if (h.maxUnorm <= 0.0f || unorm == nullptr || kind == OPT_ADAGRAD || kind == OPT_ADEMAMIX) return 1.0f;
    float un = sqrtf(*unorm);
    if (two_state(kind)) {
        float lim = h.maxUnorm * h.paramNorm;
        return un > lim ? lim / un : 1.0f;
    }
    float lim = h.maxUnorm * h.paramNorm + h.eps;
    return un > lim ? lim / un : 1.0f;
}

// One element; m2 is AdEMAMix's second moment (state1's second half).
__device__ __forceinline__ void upd32(int kind, const OptHyper& h, float s, float g, float& p, float& m, float& v,
                                      float& m2) {
    g = h.gnormScale * g;
    switch (kind) {
        case OPT_ADAM:
        case OPT_LAMB:
            if (h.skipZeros && g == 0.0f) return;
            m = h.beta1 * m + (1.0f - h.beta1) * g;
            v = h.beta2 * v + (1.0f - h.beta2) * (g * g);
            p = p + s * (-h.lr * h.c2 / h.c1) * m / (sqrtf(v) + h.eps * h.c2);
            if (h.wd > 0.0f) p = p * (1.0f - h.lr * h.wd);
            return;
        case OPT_ADEMAMIX:
            m = h.beta1 * m + (1.0f - h.beta1) * g;
            m2 = h.beta3 * m2 + (1.0f - h.beta3) * g;
            v = h.beta2 * v + (1.0f - h.beta2) * (g * g);
            p = p - h.lr * (m / h.c1 + h.alpha * m2) / (sqrtf(v) / h.c2 + h.eps);
            if (h.wd > 0.0f) p = p * (1.0f - h.lr * h.wd);
            return;
        case OPT_LION:
            if (h.skipZeros && g == 0.0f) return;
            if (h.wd > 0.0f) p = p * (1.0f - h.lr * h.wd);
            p = p - s * h.lr * sgn(h.beta1 * m + (1.0f - h.beta1) * g);
            m = h.beta2 * m + (1.0f - h.beta2) * g;
            return;
        default:
            break;
    }
    if (h.wd > 0.0f) g = g + h.wd * p;
    if (h.skipZeros && g == 0.0f) return;
    switch (kind) {
        case OPT_MOMENTUM:
        case OPT_LARS:
            m = h.step == 1 ? g : h.beta1 * m + g;
            p = p - s * h.lr * m;
            return;
        case OPT_RMSPROP:
            m = h.beta1 * m + (1.0f - h.beta1) * (g * g);
            p = p - s * h.lr * g / (sqrtf(m) + h.eps);
            return;
        case OPT_ADAGRAD:
            m = m + g * g;
            p = p - h.lr * g / (sqrtf(m) + h.eps);
            return;
    }
}

// The would-be update u of an element (states not written), for the trust ratio.
__device__ __forceinline__ float unorm_term(int kind, const OptHyper& h, float g, float p, float m, float v) {
    g = h.gnormScale * g;
    if (kind == OPT_ADAM || kind == OPT_LAMB) {
        if (h.skipZeros && g == 0.0f) return 0.0f;
        float mn = h.beta1 * m + (1.0f - h.beta1) * g;
        float vn = h.beta2 * v + (1.0f - h.beta2) * (g * g);
        return (mn / h.c1) / (sqrtf(vn / h.bc2) + h.eps);
    }
    if (kind == OPT_MOMENTUM || kind == OPT_LARS) {
        float gd = h.wd > 0.0f ? g + h.wd * p : g;
        if (h.skipZeros && gd == 0.0f) return 0.0f;
        return h.step == 1 ? g : h.beta1 * m + g;  // the momentum without the decay term
    }
    if (h.wd > 0.0f) g = g + h.wd * p;
    if (h.skipZeros && g == 0.0f) return 0.0f;
    float vn = kind == OPT_RMSPROP ? h.beta1 * m + (1.0f - h.beta1) * (g * g) : m + g * g;
    return g / (sqrtf(vn) + h.eps);
}

#define OPT32_THREADS 256
#define OPT32_ITEMS 4

template <typename T>
__global__ void __launch_bounds__(OPT32_THREADS)
k_opt32(int kind, const T* __restrict__ g, T* __restrict__ p, float* __restrict__ s1, float* __restrict__ s2, i64 n,
        OptHyper h, const float* __restrict__ unorm) {
    float s = trust_scale(kind, h, unorm);
    i64 i0 = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * OPT32_ITEMS;
    if (i0 >= n) return;
    const bool ademamix = kind == OPT_ADEMAMIX;
    const bool two = two_state(kind);
    if (i0 + OPT32_ITEMS <= n) {
        float gv[4], pv[4];
        load_floats4(g + i0, gv);
        load_floats4(p + i0, pv);
        float4 m = *reinterpret_cast<float4*>(s1 + i0);
        float4 v = two ? *reinterpret_cast<float4*>(s2 + i0) : make_float4(0, 0, 0, 0);
        // the second half of AdEMAMix's state starts at n, which need not be 16-byte aligned
        float4 m2 = ademamix ? make_float4(s1[n + i0], s1[n + i0 + 1], s1[n + i0 + 2], s1[n + i0 + 3]) : make_float4(0, 0, 0, 0);
        upd32(kind, h, s, gv[0], pv[0], m.x, v.x, m2.x);
        upd32(kind, h, s, gv[1], pv[1], m.y, v.y, m2.y);
        upd32(kind, h, s, gv[2], pv[2], m.z, v.z, m2.z);
        upd32(kind, h, s, gv[3], pv[3], m.w, v.w, m2.w);
        store_floats4(p + i0, pv);
        *reinterpret_cast<float4*>(s1 + i0) = m;
        if (two) *reinterpret_cast<float4*>(s2 + i0) = v;
        if (ademamix) {
            s1[n + i0] = m2.x;
            s1[n + i0 + 1] = m2.y;
            s1[n + i0 + 2] = m2.z;
            s1[n + i0 + 3] = m2.w;
        }
    } else {
        for (i64 i = i0; i < n; i++) {
            float pv = Fl<T>::get(p[i]), m = s1[i], v = two ? s2[i] : 0.0f, m2 = ademamix ? s1[n + i] : 0.0f;
            upd32(kind, h, s, Fl<T>::get(g[i]), pv, m, v, m2);
            p[i] = Fl<T>::put(pv);
            s1[i] = m;
            if (two) s2[i] = v;
            if (ademamix) s1[n + i] = m2;
        }
    }
}

// Per-CTA partial sums of u^2 (fixed order, so the total is reproducible run to run).
template <typename T>
__global__ void __launch_bounds__(OPT32_THREADS)
k_unorm_partial(int kind, const T* __restrict__ g, const T* __restrict__ p, const float* __restrict__ s1,
                const float* __restrict__ s2, i64 n, OptHyper h, float* __restrict__ partial) {
    __shared__ float part[OPT32_THREADS / 32];
    float acc = 0.0f;
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (i64) gridDim.x * blockDim.x) {
        float u = unorm_term(kind, h, Fl<T>::get(g[i]), Fl<T>::get(p[i]), s1[i], s2 ? s2[i] : 0.0f);
        acc += u * u;
    }
    acc = warp_sum(acc);
    if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = acc;
    __syncthreads();
    if (threadIdx.x == 0) {
        float t = 0.0f;
        for (int w = 0; w < OPT32_THREADS / 32; w++) t += part[w];
        partial[blockIdx.x] = t;
    }
}

__global__ void k_sum_partials(const float* __restrict__ partial, int count, float* __restrict__ out) {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
        float t = 0.0f;
        for (int i = 0; i < count; i++) t += partial[i];
        *out = t;
    }
}

// ------------------------------------------------------------------ 8-bit blockwise

#define OPT8_WARPS 8

// Nearest code, then the sign fix of signed states: a code whose sign differs from the value's
// moves one step toward the value (uint8 wrap-around included, as upstream).
__device__ __forceinline__ unsigned char requant_signed(const float* sc, float x, float newMax) {
    int c = code_search(sc, x / newMax);
    if (signbit(sc[code_slot(c)]) != signbit(x)) c += x > 0.0f ? 1 : -1;
    return (unsigned char) (c & 255);
}

template <typename T>
__global__ void __launch_bounds__(OPT8_WARPS * 32)
k_opt8(int kind, const T* __restrict__ g, T* __restrict__ p, unsigned char* __restrict__ s1,
       unsigned char* __restrict__ s2, const float* __restrict__ qmap1, const float* __restrict__ qmap2,
       float* __restrict__ absmax1, float* __restrict__ absmax2, i64 n, OptHyper h) {
    __shared__ float q1[CODE_SMEM_WORDS];
    __shared__ float q2[CODE_SMEM_WORDS];
    const bool ademamix = kind == OPT_ADEMAMIX;
    const bool adam = kind == OPT_ADAM || kind == OPT_LAMB;
    const bool two = adam || ademamix;
    load_code_smem(q1, qmap1);
    if (two) load_code_smem(q2, qmap2);
    __syncthreads();

    const i64 blocks = (n + 255) / 256;
    const i64 b = (i64) blockIdx.x * OPT8_WARPS + (threadIdx.x >> 5);
    if (b >= blocks) return;
    const int lane = threadIdx.x & 31;
    const i64 i0 = b * 256 + lane * 8;
    const int cnt = (int) max((i64) 0, min((i64) 8, n - i0));

    float gv[8], pv[8];
    unsigned char c1[8], c2[8], c3[8];
    if (cnt == 8) {
        load_floats<T, 8>(g + i0, 8, gv);
        load_floats<T, 8>(p + i0, 8, pv);
        *reinterpret_cast<uint2*>(c1) = *reinterpret_cast<const uint2*>(s1 + i0);
        if (two && !ademamix) *reinterpret_cast<uint2*>(c2) = *reinterpret_cast<const uint2*>(s2 + i0);
        if (ademamix) {
            *reinterpret_cast<uint2*>(c2) = *reinterpret_cast<const uint2*>(s2 + i0);
#pragma unroll
            for (int k = 0; k < 8; k++) c3[k] = s1[n + i0 + k];  // offset n: not 8-byte aligned in general
        }
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

    float m[8], v[8], m2[8], d[8];
    bool act[8];  // element takes part in the parameter update
    float mx1 = 0.0f, mx2 = 0.0f, mx3 = 0.0f;
#pragma unroll
    for (int k = 0; k < 8; k++) {
        float gg = h.gnormScale * gv[k];
        v[k] = 0.0f;
        m2[k] = 0.0f;
        d[k] = 0.0f;
        if (two) {
            act[k] = isfinite(gv[k]);
            if (act[k]) {  // a non-finite gradient resets the element's states
                m[k] = q1[code_slot(c1[k])] * a1;
                v[k] = q2[code_slot(c2[k])] * a2;
                if (ademamix) m2[k] = q1[code_slot(c3[k])] * a3;
                v[k] = h.beta2 * v[k] + (1.0f - h.beta2) * (gg * gg);
                m[k] = h.beta1 * m[k] + (1.0f - h.beta1) * gg;
                if (ademamix) m2[k] = h.beta3 * m2[k] + (1.0f - h.beta3) * gg;
            } else {
                m[k] = 0.0f;
            }
        } else {
            act[k] = !(h.skipZeros && gv[k] == 0.0f);
            if (act[k] && h.wd > 0.0f) {
                if (kind == OPT_LION) pv[k] = pv[k] * (1.0f - h.lr * h.wd);
                else gg = gg + h.wd * pv[k];
            }
            m[k] = q1[code_slot(c1[k])] * a1;
            if (act[k]) {
                switch (kind) {
                    case OPT_MOMENTUM:
                    case OPT_LARS: m[k] = h.step == 1 ? gg : h.beta1 * m[k] + gg; break;
                    case OPT_LION:
                        d[k] = h.lr * sgn(h.beta1 * m[k] + (1.0f - h.beta1) * gg);
                        m[k] = h.beta2 * m[k] + (1.0f - h.beta2) * gg;
                        break;
                    case OPT_RMSPROP: m[k] = h.beta1 * m[k] + (1.0f - h.beta1) * (gg * gg); break;
                    case OPT_ADAGRAD: m[k] = m[k] + gg * gg; break;
                }
                v[k] = gg;  // the numerator of RMSprop/Adagrad (scaled, decayed gradient)
            }
        }
        if (k >= cnt) {
            m[k] = 0.0f;
            if (two) v[k] = 0.0f;
            m2[k] = 0.0f;
        }
        mx1 = fmaxf(mx1, fabsf(m[k]));
        if (two) mx2 = fmaxf(mx2, fabsf(v[k]));
        mx3 = fmaxf(mx3, fabsf(m2[k]));
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
        if (act[k]) {
            if (adam) {
                pv[k] = pv[k] + (-h.lr * h.c2 / h.c1) * m[k] / (sqrtf(v[k]) + h.c2 * h.eps);
            } else if (ademamix) {
                pv[k] = pv[k] - h.lr * (m[k] / h.c1 + h.alpha * m2[k]) / (sqrtf(v[k]) / h.c2 + h.eps);
            } else if (kind == OPT_MOMENTUM || kind == OPT_LARS) {
                pv[k] = pv[k] - h.lr * m[k];
            } else if (kind == OPT_LION) {
                pv[k] = pv[k] - d[k];
            } else {
                pv[k] = pv[k] - h.lr * v[k] / (sqrtf(m[k]) + h.eps);
            }
            if (two && h.wd > 0.0f) pv[k] = pv[k] * (1.0f - h.lr * h.wd);
        }
        c1[k] = requant_signed(q1, m[k], mx1);
        if (two && !ademamix) c2[k] = (unsigned char) code_search(q2, v[k] / mx2);
        if (ademamix) {
            c2[k] = (unsigned char) code_search(q2, v[k] / mx2);
            c3[k] = requant_signed(q1, m2[k], mx3);
        }
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

// ------------------------------------------------------------------ C API

static OptHyper opt_hyper(const float* f, int step, int skipZeros) {
    OptHyper h;
    h.lr = f[0]; h.beta1 = f[1]; h.beta2 = f[2]; h.beta3 = f[3]; h.alpha = f[4]; h.eps = f[5]; h.wd = f[6];
    h.c1 = f[7]; h.bc2 = f[8]; h.c2 = f[9]; h.gnormScale = f[10]; h.maxUnorm = f[11]; h.paramNorm = f[12];
    h.step = step; h.skipZeros = skipZeros;
    return h;
}

// hyper: 13 floats {lr, beta1, beta2, beta3, alpha, eps, wd, c1, bc2, c2, gnormScale, maxUnorm, paramNorm}.
// unorm (F32[1]) is written with the squared update norm when maxUnorm > 0.
static int bnb_optimizer_32bit(i64 h, int dtype, int kind, i64 g, i64 p, i64 s1, i64 s2, i64 unorm, i64 n,
                               const float* hyper, int step, int skipZeros) {
    BNB_CTX(h);
    if (n == 0) return 0;
    OptHyper hp = opt_hyper(hyper, step, skipZeros);
    bool trust = hp.maxUnorm > 0.0f && unorm != 0 && kind != OPT_ADAGRAD && kind != OPT_ADEMAMIX && kind != OPT_LION;
    BNB_FLOAT_TYPES(dtype, T, {
        if (trust) {
            int parts = (int) min((i64) 4 * ctx->smCount, (i64) div_up(n, OPT32_THREADS));
            float* partial;
            BNB_CK(cudaMallocAsync((void**) &partial, sizeof(float) * parts, ctx->stream));
            k_unorm_partial<T><<<parts, OPT32_THREADS, 0, ctx->stream>>>(kind, (const T*) g, (const T*) p,
                                                                         (const float*) s1, (const float*) s2, n, hp, partial);
            BNB_LAUNCHED("optimizer_update_32bit (update norm)");
            k_sum_partials<<<1, 32, 0, ctx->stream>>>(partial, parts, (float*) unorm);
            BNB_LAUNCHED("optimizer_update_32bit (update norm sum)");
            BNB_CK(cudaFreeAsync(partial, ctx->stream));
        }
        k_opt32<T><<<div_up(div_up(n, OPT32_ITEMS), OPT32_THREADS), OPT32_THREADS, 0, ctx->stream>>>(
            kind, (const T*) g, (T*) p, (float*) s1, (float*) s2, n, hp, trust ? (const float*) unorm : nullptr);
        BNB_LAUNCHED("optimizer_update_32bit");
    });
    return 0;
}

static int bnb_optimizer_8bit(i64 h, int dtype, int kind, i64 g, i64 p, i64 s1, i64 s2, i64 qmap1, i64 qmap2,
                              i64 absmax1, i64 absmax2, i64 n, const float* hyper, int step, int skipZeros) {
    BNB_CTX(h);
    if (n == 0) return 0;
    OptHyper hp = opt_hyper(hyper, step, skipZeros);
    unsigned grid = div_up(div_up(n, 256), OPT8_WARPS);
    BNB_FLOAT_TYPES(dtype, T, {
        k_opt8<T><<<grid, OPT8_WARPS * 32, 0, ctx->stream>>>(kind, (const T*) g, (T*) p, (unsigned char*) s1,
                                                             (unsigned char*) s2, (const float*) qmap1,
                                                             (const float*) qmap2, (float*) absmax1, (float*) absmax2, n, hp);
    });
    BNB_LAUNCHED("optimizer_update_8bit_blockwise");
    return 0;
}
