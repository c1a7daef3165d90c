// gemv_4bit on tensor cores (sm80+, fp16/bf16, M = 1, K % 128 == 0), for the shapes where its grid
// is one full wave (N near 8192 rows on an H100).
//
// Why: the SIMT gemv (k_gemv4) spends about 4.75 instructions per 32 weights on table reads, and
// its CTAs each issue all their loads and then compute, so at 8192 x 8192 the weight stream stops
// while they compute. Here a weight byte becomes its bf16/fp16 operand pair with one byte_perm and
// one read of a lane-private pair table, the pair is scaled with one packed multiply, and the
// products go through mma m16n8k16 with the activation in every column of B, so each lane ends up
// with whole row sums. Each warp streams its rows in 128-k chunks, a chunk in flight while the one
// before is used, every load instruction reading 64 contiguous bytes of 8 rows.
//
// Measured on an H100 (docs/results/2026-11-22-h100-session7), batches of 50 calls: 8192 x 8192
// 14.5-14.6 us against 18.1 us for k_gemv4, 8192 x 4096 8.8-8.9 against 10.3-10.5. Where the grid
// is half a wave (4096 rows) or spills into a second one, k_gemv4 is as fast or faster (session 6),
// hence the rule in gemv_mma.
//
// Fragment mapping (lane = 4g + t): a warp owns 16 rows; lane t of a quad loads k 32t..32t+31 of
// a 128-k chunk of rows g and g+8 (16 B each), and in k-step s (of 8) its slots carry the actual
// k = 32t + 4s + {0,1} (a0/a1, b0) and + {2,3} (a2/a3, b1); the same permutation for x.
// Weight rounding as in k_gemm4_pipe: T(T(code) * T(scale)), products summed in fp32.
#pragma once
#include "gemm4.cuh"

// A CTA: GM_GROUPS groups of 16 rows; the GM_WARPS warps of a group split K by interleaved 128-k
// chunks. 1024 threads, one CTA per SM (at most 64 registers; about 120 KB of shared memory at
// K = 8192): one pair table and one prologue per SM. Two CTAs of 512 threads per SM measured
// 0.15-0.2 us slower at 8192 x 8192.
#define GM_GROUPS 4
#define GM_WARPS 8
#define GM_ROWS (16 * GM_GROUPS)
#define GM_THREADS (GM_GROUPS * GM_WARPS * 32)
// Scale blocks of a row that one prologue round stages (a multiple of 32; 130 at K = 8192, bs 64).
#define GM_SROUND 160

// The lane-private pair table: entry e (a weight byte) of lane l at byte 256 e + 4 l holds
// T(code[e >> 4]) | T(code[e & 15]) << 16 (the high nibble comes first in k). Lane l reads only
// bank l, so the reads never conflict, and the stride of 256 lets one byte_perm build the address
// (the upper 128 B of each entry row are unused).
#define GM_TAB_BYTES 65536

// Activations in shared memory: each 128-k chunk as four 64-B segments (lane t's k 32t..32t+31),
// segment t at element 32t + 8(t >> 1) of a 136-element chunk row, so the four segments a warp
// reads at once start on distinct bank quarters.
__device__ __forceinline__ int gmma_xpos(int k) { return (k >> 7) * 136 + ((k >> 5) & 3) * 32 + ((k >> 6) & 1) * 8 + (k & 31); }

// Shared memory of a CTA: the table, the row sums of every warp, the block scales of its rows (SR
// per row) and the activations.
template <typename T> static inline int gmma_smem(int SR, int K) {
    return GM_TAB_BYTES + GM_GROUPS * GM_WARPS * 16 * 4 + GM_ROWS * SR * 4 + (K / 128) * 136 * (int) sizeof(T);
}

// 16 bytes of weights, streamed (evict-first), with the L2 asked to fetch the whole 128-B line:
// the warps of a group read a row's consecutive 64-B pieces at about the same time.
__device__ __forceinline__ uint4 gmma_load(const unsigned char* p) {
    uint4 v;
    asm volatile("ld.global.cs.L2::128B.v4.u32 {%0, %1, %2, %3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "l"(p));
    return v;
}

template <typename T>
__global__ void __launch_bounds__(GM_THREADS, 1)
k_gemv4_mma(const T* __restrict__ x, const unsigned char* __restrict__ w, Scales sc, const float* __restrict__ code,
            const T* __restrict__ bias, T* __restrict__ out, int N, int K, int log2bs, int SR) {
#if __CUDA_ARCH__ >= 800
    constexpr int NW = GM_GROUPS * GM_WARPS;
    extern __shared__ __align__(16) unsigned char smem[];
    unsigned char* tab = smem;
    float* red = reinterpret_cast<float*>(smem + GM_TAB_BYTES);  // [NW][16]
    float* scl = red + NW * 16;                                   // [GM_ROWS][SR]
    T* xs = reinterpret_cast<T*>(scl + GM_ROWS * SR);             // chunk rows of 136
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, t = lane & 3;
    const int grp = warp / GM_WARPS, kw = warp - grp * GM_WARPS;
    const int nCta = blockIdx.x * GM_ROWS, n0 = nCta + 16 * grp;
    const int chunks = K >> 7;
    pdl_wait();

    // this lane's rows: g and g + 8 of its group (clamped; rows past N are never stored)
    const unsigned char* rp[2];
#pragma unroll
    for (int h = 0; h < 2; h++) rp[h] = w + (((i64) min(n0 + 8 * h + g, N - 1) * K + 32 * t) >> 1);
    uint4 wq[2];
    auto fetch = [&](int ch) {
#pragma unroll
        for (int h = 0; h < 2; h++) wq[h] = gmma_load(rp[h] + 64 * (i64) ch);
    };
    if (kw < chunks) fetch(kw);
    // While the first weights fly: the table, the rows' scales and the activations. Every load of
    // a round is issued before any of its stores, so the prologue waits one memory latency per
    // round: one round wherever a row has at most GM_SROUND scale blocks and K <= 8 * GM_THREADS
    // (K = 8192 with blocks of 64). Loops of separate loads and stores here waited up to six
    // latencies at K = 8192 and cost 0.9 us of 15.4 (docs/results/2026-11-22-h100-session7).
    static_assert(GM_ROWS == 2 * NW && GM_THREADS >= 256, "the prologue gives each warp two rows and each of 256 threads a table entry");
    const int rounds = max((SR + GM_SROUND - 1) / GM_SROUND, (K / 8 + GM_THREADS - 1) / GM_THREADS);
    for (int rd = 0; rd < rounds; rd++) {
        float chi = 0.0f, clo = 0.0f;
        if (rd == 0 && tid < 256) chi = __ldg(code + (tid >> 4)), clo = __ldg(code + (tid & 15));
        const int xi = tid + rd * GM_THREADS;
        uint4 xq = make_uint4(0, 0, 0, 0);
        if (xi < K / 8) xq = __ldg(reinterpret_cast<const uint4*>(x) + xi);
        float v[2][GM_SROUND / 32];
#pragma unroll
        for (int h = 0; h < 2; h++) {
            const i64 e = (i64) min(nCta + warp + NW * h, N - 1) * K, first = e >> log2bs, last = (e + K - 1) >> log2bs;
#pragma unroll
            for (int u = 0; u < GM_SROUND / 32; u++) {
                const int j = rd * GM_SROUND + 32 * u + lane;
                v[h][u] = j < SR && first + j <= last ? scale_at(sc, first + j) : 0.0f;
            }
        }
        if (rd == 0 && tid < 256) {  // table entry tid: the high nibble's value first
            T hi = Fl<T>::put(chi), lo = Fl<T>::put(clo);
            const uint32_t pair = (uint32_t) *reinterpret_cast<const unsigned short*>(&hi)
                                  | (uint32_t) *reinterpret_cast<const unsigned short*>(&lo) << 16;
            const uint4 q = make_uint4(pair, pair, pair, pair);
#pragma unroll
            for (int j = 0; j < 8; j++) reinterpret_cast<uint4*>(tab + 256 * tid)[(j + tid) & 7] = q;
        }
#pragma unroll
        for (int h = 0; h < 2; h++)
#pragma unroll
            for (int u = 0; u < GM_SROUND / 32; u++) {
                const int j = rd * GM_SROUND + 32 * u + lane;
                if (j < SR) scl[(warp + NW * h) * SR + j] = Fl<T>::get(Fl<T>::put(v[h][u]));
            }
        if (xi < K / 8) *reinterpret_cast<uint4*>(xs + gmma_xpos(8 * xi)) = xq;
    }
    __syncthreads();

    const float* srow[2];
    i64 e0[2];
#pragma unroll
    for (int h = 0; h < 2; h++) {
        e0[h] = (i64) min(n0 + 8 * h + g, N - 1) * K;
        srow[h] = scl + (16 * grp + 8 * h + g) * SR - (e0[h] >> log2bs);
        e0[h] += 32 * t;
    }
    const uint32_t lane4 = lane * 4;
    float c[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int ch = kw; ch < chunks; ch += GM_WARPS) {
        uint4 wv[2];
        uint32_t s2[2];
#pragma unroll
        for (int h = 0; h < 2; h++) {
            wv[h] = wq[h];
            const float sv = srow[h][(e0[h] + 128 * ch) >> log2bs];
            s2[h] = Mma<T>::pack(sv, sv);
        }
        if (ch + GM_WARPS < chunks) fetch(ch + GM_WARPS);  // the next weights fly while these are used
        const T* xc = xs + ch * 136 + t * 32 + (t >> 1) * 8;
#pragma unroll
        for (int q = 0; q < 4; q++) {  // 32-bit word q of each row: k-steps 2q, 2q+1
            const uint4 xv = *reinterpret_cast<const uint4*>(xc + 8 * q);  // x[32t + 8q .. + 7]
            uint32_t p[2][4];
#pragma unroll
            for (int h = 0; h < 2; h++) {
                const uint32_t word = (&wv[h].x)[q];
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    const uint32_t a = __byte_perm(word, lane4, 0x5504 | (j << 4));  // bytes [lane4, byte j, 0, 0]
                    p[h][j] = Mma<T>::mul2(*reinterpret_cast<const uint32_t*>(tab + a), s2[h]);
                }
            }
            const uint32_t a0[4] = {p[0][0], p[1][0], p[0][1], p[1][1]}, a1[4] = {p[0][2], p[1][2], p[0][3], p[1][3]};
            Mma<T>::mma(c, a0, xv.x, xv.y);
            Mma<T>::mma(c, a1, xv.z, xv.w);
        }
    }
    pdl_trigger();
    if (t == 0) {
        red[warp * 16 + g] = c[0];  // every column of the product is the same row sum
        red[warp * 16 + g + 8] = c[2];
    }
    __syncthreads();
    if (tid < GM_ROWS) {
        const int gr = tid / 16, r = tid - gr * 16, n = nCta + tid;
        if (n < N) {
            float v = 0.0f;
#pragma unroll
            for (int kk = 0; kk < GM_WARPS; kk++) v += red[(gr * GM_WARPS + kk) * 16 + r];
            if (bias) v += Fl<T>::get(bias[n]);
            out[n] = Fl<T>::put(v);
        }
    }
#else
    __trap();  // the host never launches this below sm80
#endif
}

#define GM_SMEM_MAX (200 * 1024)

// M = 1 on tensor cores where it applies: fp16/bf16 on sm80+, K % 128 == 0, 16-byte aligned x and
// w, shared memory within what the device allows a block (and GM_SMEM_MAX). It is chosen
// automatically only where it was measured faster: sm90, K >= 4096, and a grid of 90 % to 100 % of
// one wave. Returns BNB_NOT_APPLICABLE when it does not apply (the caller then takes k_gemv4).
// BNB_CUDA_GEMV_MMA=0 turns it off; 1 takes it wherever it can run (for tests and measurements).
template <typename T>
static int gemv_mma(BnbCtx* ctx, const T* x, const unsigned char* w, Scales sc, const float* code, const T* bias, T* out,
                    int N, int K, int log2bs) {
    if constexpr (std::is_same<T, float>::value) return BNB_NOT_APPLICABLE;
    else {
        const int mode = env_int("BNB_CUDA_GEMV_MMA", -1);
        if (mode == 0 || ctx->major < 8 || (mode != 1 && (ctx->major != 9 || K < 4096)) || K % 128 != 0
            || reinterpret_cast<uintptr_t>(x) % 16 != 0 || reinterpret_cast<uintptr_t>(w) % 16 != 0)
            return BNB_NOT_APPLICABLE;
        // per device ordinal, asked once: the shared memory a block may have, and CTAs per SM at it
        static int allowed[64], resident[64];
        int& most = allowed[ctx->device & 63];
        if (most == 0) {
            int optin = 0;
            BNB_CK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, ctx->device));
            most = min(optin, GM_SMEM_MAX);
        }
        int perSm;
        if (int rc = resident_ctas(ctx, resident, k_gemv4_mma<T>, GM_THREADS, most, perSm)) return rc;
        const int SR = (int) (((i64) K - 1) >> log2bs) + 2;  // scale blocks a row can touch
        const int bytes = gmma_smem<T>(SR, K);
        if (bytes > most) return BNB_NOT_APPLICABLE;
        const i64 ctas = div_up(N, GM_ROWS), wave = (i64) perSm * ctx->smCount;
        if (mode != 1 && (ctas > wave || 10 * ctas < 9 * wave)) return BNB_NOT_APPLICABLE;
        launch_pdl(ctx, k_gemv4_mma<T>, dim3((unsigned) ctas), GM_THREADS, bytes, x, w, sc, code, bias, out, N, K, log2bs, SR);
        BNB_LAUNCHED("gemv_4bit (tensor cores)");
        return 0;
    }
}
