// int8 x int8 -> int32 GEMM through cuBLASLt, loaded with dlopen on first use so that a missing
// library disables this op only. The toolkit used to build has no cuBLAS headers, so the few
// types, enum values and entry points needed are declared here (values from the public
// cublasLt.h / library_types.h ABI).
//
// Row-major C[M,N] = A[M,K] . B[N,K]^T is the column-major problem C'(N x M) = op(B')(N x K) . A'(K x M)
// with op = transpose ("TN", the layout IMMA kernels require): B' is B's buffer seen as K x N
// (ld K), A' is A's buffer seen as K x M (ld K), C' is C's buffer seen as N x M (ld N).
#pragma once
#include "common.cuh"
#include "int8.cuh"
#include "gemm4.cuh"
#include <dlfcn.h>
#include <map>
#include <tuple>

typedef int lt_status;
typedef void* lt_handle;
typedef void* lt_desc;
typedef void* lt_layout;
typedef void* lt_pref;
struct lt_algo { uint64_t data[8]; };
struct lt_heuristic {
    lt_algo algo;
    size_t workspaceSize;
    lt_status state;
    float wavesCount;
    int reserved[4];
};

enum {
    LT_R_32F = 0,            // cudaDataType CUDA_R_32F
    LT_R_16F = 2,            // CUDA_R_16F
    LT_R_8I = 3,             // CUDA_R_8I
    LT_R_32I = 10,           // CUDA_R_32I
    LT_R_16BF = 14,          // CUDA_R_16BF
    LT_COMPUTE_32F = 68,     // cublasComputeType_t CUBLAS_COMPUTE_32F
    LT_COMPUTE_32I = 72,     // CUBLAS_COMPUTE_32I
    LT_DESC_TRANSA = 3,      // cublasLtMatmulDescAttributes_t
    LT_DESC_TRANSB = 4,
    LT_OP_N = 0,
    LT_OP_T = 1,
    LT_PREF_MAX_WORKSPACE = 1  // cublasLtMatmulPreferenceAttributes_t
};

struct LtPlan {
    lt_desc desc;
    lt_layout la, lb, lc;
    lt_algo algo;
    bool haveAlgo;
};

struct BnbLt {
    void* lib;
    lt_handle handle;
    void* workspace;
    size_t workspaceBytes;
    lt_status (*create)(lt_handle*);
    lt_status (*destroy)(lt_handle);
    lt_status (*descCreate)(lt_desc*, int, int);
    lt_status (*descDestroy)(lt_desc);
    lt_status (*descSet)(lt_desc, int, const void*, size_t);
    lt_status (*layoutCreate)(lt_layout*, int, uint64_t, uint64_t, int64_t);
    lt_status (*layoutDestroy)(lt_layout);
    lt_status (*prefCreate)(lt_pref*);
    lt_status (*prefDestroy)(lt_pref);
    lt_status (*prefSet)(lt_pref, int, const void*, size_t);
    lt_status (*heuristic)(lt_handle, lt_desc, lt_layout, lt_layout, lt_layout, lt_layout, lt_pref, int, lt_heuristic*, int*);
    lt_status (*matmul)(lt_handle, lt_desc, const void*, const void*, lt_layout, const void*, lt_layout, const void*,
                        const void*, lt_layout, void*, lt_layout, const lt_algo*, void*, size_t, cudaStream_t);
    const char* (*statusString)(lt_status);
    std::map<std::tuple<i64, i64, i64, int>, LtPlan> plans;  // (M, N, K, element type)
    std::string loadError;  // non-empty: loading failed, keep reporting it
};

static int lt_fail(BnbLt* lt, lt_status s, const char* what) {
    std::string msg = std::string("cuBLASLt ") + what + " failed: status " + std::to_string(s);
    if (lt && lt->statusString) msg += " (" + std::string(lt->statusString(s)) + ")";
    return bnb_fail(2000 + s, msg);
}

#define LT_CK(lt, call, what) do { lt_status s_ = (call); if (s_ != 0) return lt_fail(lt, s_, what); } while (0)

// Loads cuBLASLt (once per context). path: the library to open (null/empty: libcublasLt.so.13).
static int bnb_lt_load(i64 h, const char* path) {
    BNB_CTX(h);
    if (ctx->lt) return ctx->lt->loadError.empty() ? 0 : bnb_fail(1000, ctx->lt->loadError);
    BnbLt* lt = new BnbLt();
    ctx->lt = lt;
    std::string lib = path && *path ? path : "libcublasLt.so.13";
    lt->lib = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lt->lib) {
        const char* e = dlerror();
        lt->loadError = "cannot load " + lib + ": " + (e ? e : "dlopen failed")
                        + " (set -Dbnb.cuda.cublaslt or BNB_CUBLASLT to the library's path)";
        return bnb_fail(1000, lt->loadError);
    }
    struct { void** slot; const char* name; } syms[] = {
        {(void**) &lt->create, "cublasLtCreate"}, {(void**) &lt->destroy, "cublasLtDestroy"},
        {(void**) &lt->descCreate, "cublasLtMatmulDescCreate"}, {(void**) &lt->descDestroy, "cublasLtMatmulDescDestroy"},
        {(void**) &lt->descSet, "cublasLtMatmulDescSetAttribute"},
        {(void**) &lt->layoutCreate, "cublasLtMatrixLayoutCreate"}, {(void**) &lt->layoutDestroy, "cublasLtMatrixLayoutDestroy"},
        {(void**) &lt->prefCreate, "cublasLtMatmulPreferenceCreate"}, {(void**) &lt->prefDestroy, "cublasLtMatmulPreferenceDestroy"},
        {(void**) &lt->prefSet, "cublasLtMatmulPreferenceSetAttribute"},
        {(void**) &lt->heuristic, "cublasLtMatmulAlgoGetHeuristic"}, {(void**) &lt->matmul, "cublasLtMatmul"},
        {(void**) &lt->statusString, "cublasLtGetStatusString"},
    };
    for (auto& s : syms) {
        *s.slot = dlsym(lt->lib, s.name);
        if (!*s.slot) {
            lt->loadError = lib + " lacks " + s.name;
            return bnb_fail(1001, lt->loadError);
        }
    }
    lt_status st = lt->create(&lt->handle);
    if (st != 0) {
        lt->loadError = "cublasLtCreate failed: status " + std::to_string(st);
        return bnb_fail(2000 + st, lt->loadError);
    }
    lt->workspaceBytes = 32u << 20;
    cudaError_t e = cudaMalloc(&lt->workspace, lt->workspaceBytes);
    if (e != cudaSuccess) {
        lt->workspace = nullptr;
        lt->workspaceBytes = 0;
    }
    return 0;
}

static void lt_release(BnbCtx* ctx) {
    BnbLt* lt = ctx->lt;
    if (!lt) return;
    if (lt->handle) {
        for (auto& kv : lt->plans) {
            lt->layoutDestroy(kv.second.la);
            lt->layoutDestroy(kv.second.lb);
            lt->layoutDestroy(kv.second.lc);
            lt->descDestroy(kv.second.desc);
        }
        lt->destroy(lt->handle);
    }
    if (lt->workspace) cudaFree(lt->workspace);
    // the library stays loaded: other contexts of this process may still use it
    delete lt;
    ctx->lt = nullptr;
}

// The plan of C[M,N] = A[M,K] . B[N,K]^T for element type `in` (LT_R_8I: int32 result, computed in
// int32; LT_R_16F / LT_R_16BF: result of the same type, computed in fp32).
static int lt_plan(BnbLt* lt, i64 M, i64 N, i64 K, int in, LtPlan** out) {
    auto key = std::make_tuple(M, N, K, in);
    auto it = lt->plans.find(key);
    if (it != lt->plans.end()) {
        *out = &it->second;
        return 0;
    }
    const bool ints = in == LT_R_8I;
    const int res = ints ? LT_R_32I : in;
    LtPlan p{};
    LT_CK(lt, lt->descCreate(&p.desc, ints ? LT_COMPUTE_32I : LT_COMPUTE_32F, ints ? LT_R_32I : LT_R_32F), "MatmulDescCreate");
    int opT = LT_OP_T, opN = LT_OP_N;
    LT_CK(lt, lt->descSet(p.desc, LT_DESC_TRANSA, &opT, sizeof(opT)), "MatmulDescSetAttribute(TRANSA)");
    LT_CK(lt, lt->descSet(p.desc, LT_DESC_TRANSB, &opN, sizeof(opN)), "MatmulDescSetAttribute(TRANSB)");
    LT_CK(lt, lt->layoutCreate(&p.la, in, (uint64_t) K, (uint64_t) N, K), "MatrixLayoutCreate(B)");
    LT_CK(lt, lt->layoutCreate(&p.lb, in, (uint64_t) K, (uint64_t) M, K), "MatrixLayoutCreate(A)");
    LT_CK(lt, lt->layoutCreate(&p.lc, res, (uint64_t) N, (uint64_t) M, N), "MatrixLayoutCreate(C)");
    lt_pref pref;
    LT_CK(lt, lt->prefCreate(&pref), "MatmulPreferenceCreate");
    uint64_t ws = lt->workspaceBytes;
    lt->prefSet(pref, LT_PREF_MAX_WORKSPACE, &ws, sizeof(ws));
    // room for a larger result struct in newer libraries
    alignas(16) unsigned char buf[4 * sizeof(lt_heuristic)];
    memset(buf, 0, sizeof(buf));
    int found = 0;
    lt_status st = lt->heuristic(lt->handle, p.desc, p.la, p.lb, p.lc, p.lc, pref, 1, (lt_heuristic*) buf, &found);
    lt->prefDestroy(pref);
    if (st == 0 && found > 0) {
        memcpy(&p.algo, buf, sizeof(p.algo));
        p.haveAlgo = true;
    }
    auto ins = lt->plans.emplace(key, p);
    *out = &ins.first->second;
    return 0;
}

// C[M,N] int32 = A[M,K] int8 . B[N,K]^T int8. Requires bnb_lt_load to have succeeded.
static int bnb_int8_linear_matmul(i64 h, i64 a, i64 b, i64 c, i64 M, i64 N, i64 K) {
    BNB_CTX(h);
    if (M == 0 || N == 0) return 0;
    if (K == 0) {
        BNB_CK(cudaMemsetAsync((void*) c, 0, sizeof(int) * (size_t) (M * N), ctx->stream));
        return 0;
    }
    bool immaShape = K % 4 == 0 && env_int("BNB_CUDA_INT8_NAIVE", 0) == 0;
    if (!immaShape || !ctx->lt || !ctx->lt->loadError.empty()) {
        if (immaShape) return bnb_fail(1000, ctx->lt ? ctx->lt->loadError : "cuBLASLt is not loaded");
        k_int8_matmul_naive<<<div_up(M * N, 256), 256, 0, ctx->stream>>>((const signed char*) a, (const signed char*) b,
                                                                       (int*) c, M, N, K);
        BNB_LAUNCHED("int8_linear_matmul (exact fallback)");
        return 0;
    }
    BnbLt* lt = ctx->lt;
    LtPlan* p;
    int rc = lt_plan(lt, M, N, K, LT_R_8I, &p);
    if (rc) return rc;
    if (!p->haveAlgo) {  // no IMMA algorithm for this shape: stay exact with the plain kernel
        k_int8_matmul_naive<<<div_up(M * N, 256), 256, 0, ctx->stream>>>((const signed char*) a, (const signed char*) b,
                                                                       (int*) c, M, N, K);
        BNB_LAUNCHED("int8_linear_matmul (exact fallback)");
        return 0;
    }
    int32_t alpha = 1, beta = 0;
    LT_CK(lt, lt->matmul(lt->handle, p->desc, &alpha, (const void*) b, p->la, (const void*) a, p->lb, &beta,
                         (const void*) c, p->lc, (void*) c, p->lc, &p->algo, lt->workspace,
                         lt->workspaceBytes, ctx->stream),
          "Matmul");
    return 0;
}

// ------------------------------------------------------------------ gemm_4bit for many rows

template <typename T>
__global__ void k_add_bias(T* __restrict__ out, const T* __restrict__ bias, i64 total, int N) {
    const i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < total) out[i] = Fl<T>::put(Fl<T>::get(out[i]) + Fl<T>::get(bias[i % N]));
}

// Many activation rows (prefill): dequantize the weight to T once and multiply with cuBLASLt
// (fp32 accumulation), as upstream does through torch for such shapes; the fused kernels would
// dequantize every weight once per activation tile. Returns BNB_NOT_APPLICABLE (nothing done)
// where this path does not apply: cuBLASLt not loaded, shapes it needs not met, no memory for the weight.
template <typename T>
static int gemm4_lt(BnbCtx* ctx, const T* x, int M, const unsigned char* w, Scales sc, const float* code, const T* bias, T* out,
                    int N, int K, int log2bs) {
    if constexpr (std::is_same<T, float>::value) {
        return BNB_NOT_APPLICABLE;
    } else {
        BnbLt* lt = ctx->lt;
        if (!lt || !lt->loadError.empty() || K % 32 != 0 || log2bs < 1) return BNB_NOT_APPLICABLE;
        LtPlan* p;
        if (int rc = lt_plan(lt, M, N, K, std::is_same<T, __half>::value ? LT_R_16F : LT_R_16BF, &p)) return rc;
        if (!p->haveAlgo) return BNB_NOT_APPLICABLE;
        const i64 n = (i64) N * K;
        T* wt = nullptr;
        if (cudaMallocAsync((void**) &wt, sizeof(T) * (size_t) n, ctx->stream) != cudaSuccess) {
            cudaGetLastError();  // out of memory for the weight: the fused kernels need none
            return BNB_NOT_APPLICABLE;
        }
        // the weight in T: code * scale in fp32, rounded once (dequantize_4bit's kernel and arithmetic)
        launch_pdl(ctx, k_dequantize<T, true>, dim3(dq_grid<T>(n)), DQ_THREADS, 0, w, sc, code, 0, wt, n, log2bs);
        BNB_LAUNCHED("gemm_4bit (weight to T)");
        float alpha = 1.0f, beta = 0.0f;
        lt_status st = lt->matmul(lt->handle, p->desc, &alpha, (const void*) wt, p->la, (const void*) x, p->lb, &beta,
                                  (const void*) out, p->lc, (void*) out, p->lc, &p->algo, lt->workspace, lt->workspaceBytes,
                                  ctx->stream);
        BNB_CK(cudaFreeAsync(wt, ctx->stream));
        if (st != 0) return lt_fail(lt, st, "Matmul");
        if (bias) {  // added after the product's rounding to T: one rounding more than the fused kernels
            k_add_bias<T><<<div_up((i64) M * N, 256), 256, 0, ctx->stream>>>(out, bias, (i64) M * N, N);
            BNB_LAUNCHED("gemm_4bit (bias)");
        }
        return 0;
    }
}
