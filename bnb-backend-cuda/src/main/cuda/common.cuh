// Shared pieces of the CUDA backend: the per-backend context, error reporting, dtype helpers
// and the reductions/searches that several kernel families use.
//
// Numerics: the library is compiled with -fmad=false and without --use_fast_math, so every
// float operation is a single IEEE operation (no contraction, correctly rounded division,
// reciprocal and square root). Kernels that must agree bit for bit with the Java reference
// therefore only need to perform the same operations in the same order. Matmul kernels use
// explicit fmaf() where contraction is wanted.
#pragma once
#include <climits>

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <string>
#include <stdlib.h>
#include <type_traits>
#include <atomic>

typedef long long i64;

// ------------------------------------------------------------------ context

struct BnbLt;  // cuBLASLt state, see cublaslt.cuh
struct CodeBuckets;  // 8-bit search tables, see codebuckets.cuh
#define CB_CACHE 4   // tables cached per context

struct BnbCtx {
    int device;
    cudaStream_t stream;
    int major, minor;       // compute capability
    int smCount;
    int concurrentManaged;  // cudaDevAttrConcurrentManagedAccess
    cudaEvent_t* events;    // timing events, grown on demand
    int eventCount;
    BnbLt* lt;              // null until the first int8 matmul
    char name[256];
    // scratch of int8 row quantization with outliers: column flags, their indices, the count
    unsigned* i8flags;      // generation marks, see int8_scratch
    unsigned i8gen;
    int* i8count;
    i64 i8cap;
    unsigned long long* i8host;     // mapped pinned: (seq << 32 | count) of the last outlier listing
    unsigned long long* i8hostDev;  // its device address
    unsigned i8seq;
    CodeBuckets* cb;        // cached 8-bit search tables (CB_CACHE of them), null until first use
    const float* cbCode[CB_CACHE]; // the code address each cached table was last built for
    int cbNext;
    void* ws;               // gemm_4bit split-K workspace (stream-ordered pool memory), grown on demand
    size_t wsBytes;
};

// ------------------------------------------------------------------ errors

// The message of the last failure on this thread; read by Java right after a non-zero return.
static thread_local std::string bnb_err;

static inline int bnb_fail(int code, const std::string& msg) {
    bnb_err = msg;
    return code == 0 ? -1 : code;
}

static inline int bnb_cuda(cudaError_t e, const char* where) {
    if (e == cudaSuccess) return 0;
    bnb_err = std::string(cudaGetErrorString(e)) + " (" + cudaGetErrorName(e) + ", code " + std::to_string((int) e) + ") in " + where;
    return (int) e;
}

#define BNB_CK(call) do { int rc_ = bnb_cuda((call), #call); if (rc_) return rc_; } while (0)
// Returned by an optional path (gemm4_lt, gemv_mma) that does not apply to a call, so that the
// dispatcher takes the next one. Apart from every error code: CUDA's are positive (1 is
// cudaErrorInvalidValue, which a failed launch returns), bnb_fail's are small negative numbers.
#define BNB_NOT_APPLICABLE INT_MIN
// After a kernel launch: reports bad launch configurations (and earlier asynchronous errors).
#define BNB_LAUNCHED(what) do { int rc_ = bnb_cuda(cudaGetLastError(), what); if (rc_) return rc_; } while (0)

// Selects the backend's device on the calling thread (cheap; only needed when it is not 0).
static inline int bnb_enter(BnbCtx* c) {
    if (c->device != 0) BNB_CK(cudaSetDevice(c->device));
    return 0;
}

#define BNB_CTX(h) BnbCtx* ctx = (BnbCtx*) (h); \
    { if (!ctx) return bnb_fail(-1, "no CUDA context"); int rc_ = bnb_enter(ctx); if (rc_) return rc_; }

// ------------------------------------------------------------------ dtypes

// Java's DType codes for the float types (see CudaNative).
enum { DT_F32 = 0, DT_F16 = 1, DT_BF16 = 2 };

template <typename T> struct Fl;
template <> struct Fl<float> {
    static __device__ __forceinline__ float get(float v) { return v; }
    static __device__ __forceinline__ float put(float v) { return v; }
};
template <> struct Fl<__half> {
    static __device__ __forceinline__ float get(__half v) { return __half2float(v); }
    static __device__ __forceinline__ __half put(float v) { return __float2half_rn(v); }
};
template <> struct Fl<__nv_bfloat16> {
    static __device__ __forceinline__ float get(__nv_bfloat16 v) { return __bfloat162float(v); }
    static __device__ __forceinline__ __nv_bfloat16 put(float v) { return __float2bfloat16_rn(v); }
};

template <typename T> __device__ __forceinline__ float ld_f(const T* p) { return Fl<T>::get(*p); }
template <typename T> __device__ __forceinline__ void st_f(T* p, float v) { *p = Fl<T>::put(v); }

// Loads E elements of T starting at p (16-byte aligned when full) as floats; missing ones are 0.
template <typename T, int E>
__device__ __forceinline__ void load_floats(const T* __restrict__ p, i64 avail, float (&v)[E]) {
    if (avail >= E) {
        constexpr int VEC = 16 / sizeof(T);
        static_assert(E % VEC == 0, "E must be a multiple of the 16-byte vector");
#pragma unroll
        for (int u = 0; u < E / VEC; u++) {
            uint4 raw = __ldcs(reinterpret_cast<const uint4*>(p) + u);
            const T* t = reinterpret_cast<const T*>(&raw);
#pragma unroll
            for (int j = 0; j < VEC; j++) v[u * VEC + j] = Fl<T>::get(t[j]);
        }
    } else {
#pragma unroll
        for (int j = 0; j < E; j++) v[j] = j < avail ? Fl<T>::get(p[j]) : 0.0f;
    }
}

// Stores E floats as T at p (16-byte aligned, E * sizeof(T) a multiple of 16).
template <typename T, int E>
__device__ __forceinline__ void store_floats(T* __restrict__ p, const float (&v)[E]) {
    constexpr int VEC = 16 / sizeof(T);
    static_assert(E % VEC == 0, "E must be a multiple of the 16-byte vector");
#pragma unroll
    for (int u = 0; u < E / VEC; u++) {
        T t[VEC];
#pragma unroll
        for (int j = 0; j < VEC; j++) t[j] = Fl<T>::put(v[u * VEC + j]);
        reinterpret_cast<uint4*>(p)[u] = *reinterpret_cast<uint4*>(t);
    }
}

// V floats as T packed into one 16-byte word (V * sizeof(T) == 16), built in registers.
__device__ __forceinline__ uint32_t pack2(float lo, float hi, __half*) {
    __half2 h = __floats2half2_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&h);
}
__device__ __forceinline__ uint32_t pack2(float lo, float hi, __nv_bfloat16*) {
    __nv_bfloat162 h = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&h);
}
template <typename T, int V>
__device__ __forceinline__ uint4 pack_floats(const float (&v)[V]) {
    static_assert(V * sizeof(T) == 16, "one 16-byte word");
    if constexpr (V == 4) {
        return make_uint4(__float_as_uint(v[0]), __float_as_uint(v[1]), __float_as_uint(v[2]), __float_as_uint(v[3]));
    } else {
        return make_uint4(pack2(v[0], v[1], (T*) nullptr), pack2(v[2], v[3], (T*) nullptr), pack2(v[4], v[5], (T*) nullptr),
                          pack2(v[6], v[7], (T*) nullptr));
    }
}

// Four consecutive elements (16-byte aligned for float, 8-byte for the 16-bit types).
template <typename T> __device__ __forceinline__ void load_floats4(const T* p, float (&v)[4]) {
    uint2 raw = *reinterpret_cast<const uint2*>(p);
    const T* t = reinterpret_cast<const T*>(&raw);
#pragma unroll
    for (int j = 0; j < 4; j++) v[j] = Fl<T>::get(t[j]);
}
template <> __device__ __forceinline__ void load_floats4<float>(const float* p, float (&v)[4]) {
    float4 a = *reinterpret_cast<const float4*>(p);
    v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
}
template <typename T> __device__ __forceinline__ void store_floats4(T* p, const float (&v)[4]) {
    T t[4];
#pragma unroll
    for (int j = 0; j < 4; j++) t[j] = Fl<T>::put(v[j]);
    *reinterpret_cast<uint2*>(p) = *reinterpret_cast<uint2*>(t);
}
template <> __device__ __forceinline__ void store_floats4<float>(float* p, const float (&v)[4]) {
    *reinterpret_cast<float4*>(p) = make_float4(v[0], v[1], v[2], v[3]);
}

// Dispatches a runtime float dtype code to a typedef T.
#define BNB_FLOAT_TYPES(dt, T, ...)                                                   \
    switch (dt) {                                                                     \
        case DT_F32: { typedef float T; __VA_ARGS__; } break;                         \
        case DT_F16: { typedef __half T; __VA_ARGS__; } break;                        \
        case DT_BF16: { typedef __nv_bfloat16 T; __VA_ARGS__; } break;                \
        default: return bnb_fail(-1, "unsupported float dtype code " + std::to_string(dt)); \
    }

// ------------------------------------------------------------------ reductions

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// Max over a group of G consecutive threads (G a power of two). G <= 32 uses shuffles inside
// the warp; larger groups are a whole CTA of G threads and use shared memory. Every thread of
// the CTA must call it; all threads of the group receive the result.
__device__ __forceinline__ float group_max(float v, int G) {
    if (G <= 32) {
        for (int o = G >> 1; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
        return v;
    }
    __shared__ float part[32];
    v = warp_max(v);
    int w = threadIdx.x >> 5;
    if ((threadIdx.x & 31) == 0) part[w] = v;
    __syncthreads();
    float r = (threadIdx.x & 31) < (G >> 5) ? part[threadIdx.x & 31] : 0.0f;
    r = warp_max(r);
    __syncthreads();  // part[] may be reused by the caller's next reduction
    return r;
}

// ------------------------------------------------------------------ 8-bit code search

// The 256-entry code is kept in shared memory with one pad word every 32 entries: the pivots
// of one search level are congruent modulo 32, and the padding puts them in distinct banks.
__device__ __forceinline__ int code_slot(int i) { return i + (i >> 5); }
#define CODE_SMEM_WORDS (256 + 8)

// The rule (reference form; the kernels use code_search_fast, which computes the same index).
// Nearest code index of x in a sorted 256-entry code: a 7-level bisection from index 127
// (steps 64..1) brackets x between the final pivot's neighbours, then the float32 midpoints
// decide. An exact tie lands on the final pivot, which is always the even index of the pair.
// NaN (all-zero block) compares false everywhere and yields index 0. (spec OPS.md 2.2)
__device__ __forceinline__ int code_search(const float* sc, float x) {
    int p = 127, lower = 0, upper = 255;
#pragma unroll
    for (int step = 64; step > 0; step >>= 1) {
        if (x > sc[code_slot(p)]) { lower = p; p += step; }
        else { upper = p; p -= step; }
    }
    float v = sc[code_slot(p)];
    if (x > v) {
        float mid = (sc[code_slot(upper)] + v) * 0.5f;
        return x > mid ? upper : p;
    }
    float mid = (sc[code_slot(lower)] + v) * 0.5f;
    return x < mid ? lower : p;
}

// Selects that stay selects: the compiler otherwise turns nested conditionals into branches,
// which diverge on data-dependent comparisons. Inline PTX is opaque to that rewrite.
__device__ __forceinline__ float fsel(bool p, float a, float b) {
    float r;
    asm("{ .reg .pred q; setp.ne.u32 q, %3, 0; selp.f32 %0, %1, %2, q; }" : "=f"(r) : "f"(a), "f"(b), "r"((unsigned) p));
    return r;
}
__device__ __forceinline__ int isel(bool p, int a, int b) {
    int r;
    asm("{ .reg .pred q; setp.ne.u32 q, %3, 0; selp.s32 %0, %1, %2, q; }" : "=r"(r) : "r"(a), "r"(b), "r"((unsigned) p));
    return r;
}

// The same search, faster: the first three levels' pivots (127; 63, 191; 31, 95, 159, 223) sit
// in registers and are picked with selects, levels 4-7 read the padded table, and the final
// decision reads {code[p-1], code[p], code[p+1]} as one 16-byte word. The bracket of the final
// (even) pivot p is always (max(p-1, 0), p+1), so this is code_search exactly.
struct CodeTab {
    const float* sc;     // padded code (code_slot)
    const float4* fin;   // fin[p/2] = {code[max(p-1,0)], code[p], code[p+1], 0}
    float c127, c63, c191, c31, c95, c159, c223;
};

#define CODE_FIN_WORDS 128

__device__ __forceinline__ void code_tab_fill(float* sc, float4* fin, const float* __restrict__ code) {
    for (int i = threadIdx.x; i < 256; i += blockDim.x) sc[code_slot(i)] = code[i];
    for (int i = threadIdx.x; i < 128; i += blockDim.x) {
        int p = 2 * i;
        fin[i] = make_float4(code[p == 0 ? 0 : p - 1], code[p], code[p + 1], 0.0f);
    }
}

// After code_tab_fill and a __syncthreads.
__device__ __forceinline__ CodeTab code_tab(const float* sc, const float4* fin) {
    CodeTab t;
    t.sc = sc;
    t.fin = fin;
    t.c127 = sc[code_slot(127)];
    t.c63 = sc[code_slot(63)];
    t.c191 = sc[code_slot(191)];
    t.c31 = sc[code_slot(31)];
    t.c95 = sc[code_slot(95)];
    t.c159 = sc[code_slot(159)];
    t.c223 = sc[code_slot(223)];
    return t;
}

__device__ __forceinline__ int code_search_fast(const CodeTab& t, float x) {
    bool b1 = x > t.c127;
    bool b2 = x > fsel(b1, t.c191, t.c63);
    bool b3 = x > fsel(b1, fsel(b2, t.c223, t.c159), fsel(b2, t.c95, t.c31));
    int p = 127 + isel(b1, 64, -64) + isel(b2, 32, -32) + isel(b3, 16, -16);
#pragma unroll
    for (int step = 8; step > 0; step >>= 1) p += isel(x > t.sc[code_slot(p)], step, -step);
    float4 f = t.fin[p >> 1];
    // x above code[p]: the midpoint with code[p+1] decides, else the one with code[max(p-1, 0)];
    // a value on the midpoint keeps p
    bool up = x > f.y;
    float mid = (fsel(up, f.z, f.x) + f.y) * 0.5f;
    int step = isel(up, (int) (x > mid), -(int) (x < mid));
    return max(p + step, 0);
}

static inline unsigned div_up(i64 a, i64 b) { return (unsigned) ((a + b - 1) / b); }

static inline int log2i(i64 v) { int l = 0; while ((1LL << l) < v) l++; return l; }

// Tuning switches (BNB_CUDA_*) from the environment. Each call site reads its variable once and
// keeps it, because getenv on every op cost host time on the hot path (up to eight per gemm_4bit
// call); bnb_env_reload() makes every site read again (kbench flips switches between timings).
static std::atomic<int> g_envGen{1};
static inline void bnb_env_reload() { g_envGen.fetch_add(1, std::memory_order_relaxed); }
struct EnvSlot {
    std::atomic<int> gen{0};  // the generation `value` was read in
    std::atomic<int> value{0};
    std::atomic<bool> set{false};
};
static inline int env_slot(EnvSlot& s, const char* name, int dflt) {
    const int g = g_envGen.load(std::memory_order_relaxed);
    if (s.gen.load(std::memory_order_acquire) != g) {
        const char* v = getenv(name);
        s.value.store(v && *v ? atoi(v) : 0, std::memory_order_relaxed);
        s.set.store(v && *v, std::memory_order_relaxed);
        s.gen.store(g, std::memory_order_release);
    }
    return s.set.load(std::memory_order_relaxed) ? s.value.load(std::memory_order_relaxed) : dflt;
}
#define env_int(name, dflt) ([&]() -> int { static EnvSlot slot_; return env_slot(slot_, name, dflt); }())

// Programmatic dependent launch (sm90+): a kernel launched by launch_pdl may start while the
// previous kernel in the stream finishes; it must call pdl_wait() before it reads anything an
// earlier kernel writes (the wait returns once that kernel completed and its memory is visible;
// a no-op when the kernel was launched normally). pdl_trigger() lets the next such kernel
// launch early once every CTA of this one has passed it.
__device__ __forceinline__ void pdl_wait() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}
__device__ __forceinline__ void pdl_trigger() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

// The CTAs of `kernel` an SM keeps resident with `threads` threads and `smem` bytes of dynamic
// shared memory, after allowing the kernel that much; asked once per device ordinal (`cache`, one
// per kernel instance: 0 = not asked yet). Returns 0 or the CUDA error.
template <typename... P>
static int resident_ctas(BnbCtx* ctx, int (&cache)[64], void (*kernel)(P...), int threads, int smem, int& ctas) {
    int& c = cache[ctx->device & 63];
    if (c == 0) {
        BNB_CK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
        int n = 0;
        BNB_CK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, kernel, threads, smem));
        c = n > 1 ? n : 1;
    }
    ctas = c;
    return 0;
}

template <typename... P, typename... A>
static void launch_pdl(BnbCtx* ctx, void (*kernel)(P...), dim3 grid, dim3 block, size_t smem, A... args) {
    cudaLaunchConfig_t cfg = {};
    cfg.gridDim = grid;
    cfg.blockDim = block;
    cfg.dynamicSmemBytes = smem;
    cfg.stream = ctx->stream;
    cudaLaunchAttribute at[1];
    at[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    at[0].val.programmaticStreamSerializationAllowed = 1;
    cfg.attrs = at;
    cfg.numAttrs = ctx->major >= 9 && env_int("BNB_CUDA_PDL", 1) != 0 ? 1 : 0;
    cudaLaunchKernelEx(&cfg, kernel, ((P) args)...);  // errors surface through BNB_LAUNCHED
}
