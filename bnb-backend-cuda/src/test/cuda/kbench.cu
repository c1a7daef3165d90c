// Kernel-level timing and A/B checks of the CUDA backend without the JVM (a development tool,
// not part of the build): each tuning switch (BNB_CUDA_* environment variables) is timed against
// the path it replaces, and "same" / "DIFFERS" says whether the outputs are byte-identical.
// Build (from bnb-backend-cuda): nvcc -std=c++17 -O3 -fmad=false -arch=sm_90 -cudart=static
//   -I src/main/cuda src/test/cuda/kbench.cu -o kbench -ldl
// Run next to dynamic_map_signed.hex and dynamic_map_unsigned.hex (spec data): ./kbench [filter]
// (filters: int8, opt8, qblock, gemv, gemm). One line per measurement: name, median device
// microseconds, and a derived figure.
#include "bnb_cuda.h"
#include <vector>
#include <algorithm>
#include <chrono>
#include <functional>

static BnbCtx* C;
static i64 H;
static const char* FILTER = nullptr;

#define CK(x) do { int _rc = (x); if (_rc) { fprintf(stderr, "FAIL %s: %s\n", #x, bnb_err.c_str()); exit(1); } } while (0)
#define CU(x) do { cudaError_t _e = (x); if (_e) { fprintf(stderr, "CUDA %s: %s\n", #x, cudaGetErrorString(_e)); exit(1); } } while (0)

static bool want(const char* name) { return !FILTER || strstr(name, FILTER); }
// switch a tuning variable and make the backend read it again
static void kset(const char* name, const char* value, int) { setenv(name, value, 1); bnb_env_reload(); }
static void kunset(const char* name) { unsetenv(name); bnb_env_reload(); }

// three untimed calls, waited for
static void warm(const std::function<void()>& f) {
    for (int i = 0; i < 3; i++) f();
    CU(cudaStreamSynchronize(C->stream));
}
static double median(std::vector<double> t) {
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

// median device time of f() over reps, after warm-up, with a spin kernel queued first
static double timeit(const std::function<void()>& f, int reps = 30) {
    warm(f);
    std::vector<cudaEvent_t> ev(reps + 1);
    for (auto& e : ev) cudaEventCreate(&e);
    bnb_spin(H, 30000L * reps);
    cudaEventRecord(ev[0], C->stream);
    for (int i = 0; i < reps; i++) { f(); cudaEventRecord(ev[i + 1], C->stream); }
    CU(cudaStreamSynchronize(C->stream));
    std::vector<double> t(reps);
    for (int i = 0; i < reps; i++) { float ms; cudaEventElapsedTime(&ms, ev[i], ev[i + 1]); t[i] = ms * 1000.0; }
    for (auto& e : ev) cudaEventDestroy(e);
    return median(t);
}

// upstream's method (golden/README.md): median over rounds of (device time of `calls` back-to-back
// calls between two events) / calls
static double timebatch(const std::function<void()>& f, int calls = 50, int rounds = 5) {
    warm(f);
    cudaEvent_t a, b;
    cudaEventCreate(&a);
    cudaEventCreate(&b);
    std::vector<double> t(rounds);
    for (int r = 0; r < rounds; r++) {
        bnb_spin(H, 30000L * calls);
        cudaEventRecord(a, C->stream);
        for (int i = 0; i < calls; i++) f();
        cudaEventRecord(b, C->stream);
        CU(cudaStreamSynchronize(C->stream));
        float ms;
        cudaEventElapsedTime(&ms, a, b);
        t[r] = ms * 1000.0 / calls;
    }
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    return median(t);
}


__global__ void k_fill_randn(float* v, i64 n, unsigned seed, float scale) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned x = (unsigned) i * 2654435761u ^ seed, y = (unsigned) (i >> 32) * 40503u + seed * 7919u + 12345u;
    for (int r = 0; r < 3; r++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; y = y * 1664525u + 1013904223u + x; }
    float u1 = ((x >> 8) + 1) * (1.0f / 16777217.0f), u2 = (y >> 8) * (1.0f / 16777216.0f);
    v[i] = sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2) * scale;
}
template <typename T> __global__ void k_cvt(const float* a, T* b, i64 n) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) b[i] = Fl<T>::put(a[i]);
}
__global__ void k_outliers(float* v, i64 n) {  // the Java bench's "every 997th element times 8"
    i64 i = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * 997;
    if (i < n) v[i] *= 8.0f;
}

// naive references for the int8 row quantization
__global__ void k_ref_rows(const __half* a, i64 R, i64 K, float thr, float* stats, int* flags) {
    i64 r = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= R) return;
    float m = 0.0f;
    for (i64 k = 0; k < K; k++) {
        float ax = fabsf(__half2float(a[r * K + k]));
        if (thr > 0.0f && ax >= thr) atomicOr(flags + k, 1);
        else m = fmaxf(m, ax);
    }
    stats[r] = m;
}
__global__ void k_ref_codes(const __half* a, i64 R, i64 K, const float* stats, const int* flags, signed char* out) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= R * K) return;
    i64 r = i / K, k = i % K;
    float m = stats[r];
    out[i] = (m == 0.0f || flags[k]) ? 0 : q127(__half2float(a[i]), m);
}

// overwrite every 7th value with an edge case: exact code entries and midpoints scaled to the
// block, signed zeros, tiny and subnormal values, and a few huge ones
__global__ void k_edges(float* v, i64 n, const float* code) {
    i64 i = ((i64) blockIdx.x * blockDim.x + threadIdx.x) * 7 + 4096;
    if (i >= n) return;
    unsigned h = (unsigned) i * 2654435761u;
    int c = h % 255;
    switch ((h >> 8) % 8) {
        case 0: v[i] = code[c]; break;
        case 1: v[i] = (code[c] + code[c + 1]) * 0.5f; break;
        case 2: v[i] = -0.0f; break;
        case 3: v[i] = 1e-30f * (float) (h % 1000); break;
        case 4: v[i] = __int_as_float(h & 0x807fffffu); break;  // subnormal
        case 5: v[i] = nextafterf((code[c] + code[c + 1]) * 0.5f, 2.0f); break;
        case 6: v[i] = 1e30f; break;
        default: break;
    }
}
// rescales the data so only 4 columns exceed 6: everything to [-1, 1], then columns 7, 100, 2000, 4000 to 20
__global__ void k_spike_cols(__half* a, i64 R, i64 K) {
    i64 r = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= R) return;
    for (i64 k = 0; k < K; k++) {
        float x = __half2float(a[r * K + k]);
        a[r * K + k] = __float2half(fmaxf(-1.0f, fminf(1.0f, x)));
    }
    a[r * K + 7] = __float2half(20.0f); a[r * K + 100] = __float2half(-20.0f);
    a[r * K + 2000] = __float2half(20.0f); a[r * K + 4000] = __float2half(20.0f);
}
// double-precision reference of gemm_4bit (NF4, plain absmax, bs 64): one thread per output
__global__ void k_ref_gemm4(const __nv_bfloat16* x, int M, const unsigned char* w, const float* am, const float* code,
                            double* ref, int N, int K) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (i64) M * N) return;
    int m = (int) (i / N), n = (int) (i % N);
    double acc = 0;
    for (int k = 0; k < K; k++) {
        i64 e = (i64) n * K + k;
        unsigned char b = w[e >> 1];
        acc += (double) __bfloat162float(x[(i64) m * K + k]) * code[(e & 1) ? (b & 15) : (b >> 4)] * am[e >> 6];
    }
    ref[i] = acc;
}
// calibration: a plain streaming read of n16 uint4 (what a perfect gemv could approach)
__global__ void k_read(const uint4* p, i64 n16, unsigned* sink) {
    unsigned acc = 0;
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < n16; i += (i64) gridDim.x * blockDim.x) {
        uint4 v = __ldcs(p + i);
        acc ^= v.x + v.y + v.z + v.w;
    }
    if (acc == 0x12345678u) *sink = acc;
}
// calibration: 8192 rows of 4096 B read by 4096 warps, 8 KB each: per instruction a warp reads RPI
// rows x (32 / RPI) lanes x LB bytes; D loads in flight per lane
template <int RPI, int LB, int D>
__global__ void __launch_bounds__(512) k_read_rows(const unsigned char* p, unsigned* sink) {
    const int warp = blockIdx.x * 16 + (threadIdx.x >> 5), lane = threadIdx.x & 31;
    constexpr int LPR = 32 / RPI, GROUPS = 8192 / RPI;
    // RPI 1: 8 KB contiguous (two adjacent rows) per warp; else RPI rows, a 1/parts share of each
    const int parts = GROUPS >= 4096 ? 1 : 4096 / GROUPS;
    const int group = warp % (GROUPS >= 4096 ? 4096 : GROUPS), part = warp / (GROUPS >= 4096 ? 4096 : GROUPS);
    const int rowBytes = GROUPS >= 4096 ? 8192 : 4096 / parts;
    const unsigned char* base = GROUPS >= 4096 ? p + (i64) warp * 8192 + lane * LB
                                               : p + (i64) (group * RPI + lane / LPR) * 4096 + part * rowBytes + (lane % LPR) * LB;
    const int step = LPR * LB, steps = rowBytes / step;
    unsigned acc = 0;
    for (int i = 0; i < steps; i += D) {
        uint4 v[D];
#pragma unroll
        for (int d = 0; d < D; d++) {
            if (LB == 16) v[d] = __ldcs(reinterpret_cast<const uint4*>(base + (i64) (i + d) * step));
            else { uint2 u = __ldcs(reinterpret_cast<const uint2*>(base + (i64) (i + d) * step)); v[d] = make_uint4(u.x, u.y, 0, 0); }
        }
#pragma unroll
        for (int d = 0; d < D; d++) acc ^= v[d].x + v[d].y + v[d].z + v[d].w;
    }
    if (acc == 0x12345678u) *sink = acc;
}
template <typename T> static T* dalloc(i64 n) { T* p; CU(cudaMalloc(&p, sizeof(T) * n)); return p; }
static float* randn(i64 n, unsigned seed, float scale) {
    float* p = dalloc<float>(n);
    k_fill_randn<<<div_up(n, 256), 256, 0, C->stream>>>(p, n, seed, scale);
    return p;
}
template <typename T> static T* cvt(const float* a, i64 n) {
    T* b = dalloc<T>(n);
    k_cvt<T><<<div_up(n, 256), 256, 0, C->stream>>>(a, b, n);
    return b;
}
static bool same(const void* a, const void* b, size_t bytes) {
    std::vector<char> x(bytes), y(bytes);
    CU(cudaStreamSynchronize(C->stream));
    CU(cudaMemcpy(x.data(), a, bytes, cudaMemcpyDeviceToHost));
    CU(cudaMemcpy(y.data(), b, bytes, cudaMemcpyDeviceToHost));
    return memcmp(x.data(), y.data(), bytes) == 0;
}
static void report(const char* name, double us, const char* unit, double v) {
    printf("%-58s %10.2f us   %10.1f %s\n", name, us, v, unit);
    fflush(stdout);
}
static float* load_map(const char* file) {  // 256 big-endian hex words, as in spec/data
    FILE* fp = fopen(file, "r");
    if (!fp) { fprintf(stderr, "cannot read %s\n", file); exit(1); }
    std::vector<float> c;
    unsigned v;
    while (c.size() < 256 && fscanf(fp, " 0x%x", &v) == 1) { float f; memcpy(&f, &v, 4); c.push_back(f); }
    fclose(fp);
    if (c.size() != 256) { fprintf(stderr, "%s: %zu entries\n", file, c.size()); exit(1); }
    float* d = dalloc<float>(256);
    CU(cudaMemcpy(d, c.data(), 1024, cudaMemcpyHostToDevice));
    return d;
}
static int table_state(const float* code) {  // state of the context's bucket table for this code
    CU(cudaStreamSynchronize(C->stream));
    for (int i = 0; i < CB_CACHE; i++)
        if (C->cb && C->cbCode[i] == code) { int st; CU(cudaMemcpy(&st, &C->cb[i].state, 4, cudaMemcpyDeviceToHost)); return st; }
    return -1;
}
// writes v to a mapped host word (mode 1: then a system fence), then spins for `spin` clocks
__global__ void k_pub(unsigned long long* w, unsigned long long v, int mode, long long spin) {
    if (threadIdx.x == 0) {
        *(volatile unsigned long long*) w = v;
        if (mode == 1) __threadfence_system();
    }
    long long t0 = clock64();
    while (clock64() - t0 < spin) {}
}
// median host time of reps calls of f (after 3 untimed), each started on an idle stream; the
// stream is synchronised outside the timed part
static double hostcall(const std::function<void()>& f, int reps = 30) {
    std::vector<double> t(reps);
    for (int i = 0; i < reps + 3; i++) {
        CU(cudaStreamSynchronize(C->stream));
        auto t0 = std::chrono::steady_clock::now();
        f();
        if (i >= 3) t[i - 3] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    }
    CU(cudaStreamSynchronize(C->stream));
    return median(t);
}
// host wall time per call, the wait for the stream included
static double hostit(const std::function<void()>& f) {
    return hostcall([&] { f(); CU(cudaStreamSynchronize(C->stream)); });
}
int main(int argc, char** argv) {
    if (argc > 1) FILTER = argv[1];
    H = bnb_create(0);
    if (!H) { fprintf(stderr, "no device: %s\n", bnb_err.c_str()); return 1; }
    C = (BnbCtx*) H;
    printf("device %s sm_%d%d, %d SMs\n", C->name, C->major, C->minor, C->smCount);

    const i64 N64 = 64ll << 20;
    float* big = randn(N64, 1, 1.0f);
    float* big2 = dalloc<float>(N64);
    double copyUs = timeit([&] { cudaMemcpyAsync(big2, big, 4 * N64, cudaMemcpyDeviceToDevice, C->stream); });
    double copyGbs = 8.0 * N64 / copyUs / 1e3;
    report("copy 64Mi f32 d2d", copyUs, "GB/s", copyGbs);

    if (want("pubtest")) {  // experiment: when does the host see a word a running kernel writes to mapped memory?
        unsigned long long *hw, *dw;
        CU(cudaHostAlloc((void**) &hw, 64, cudaHostAllocMapped));
        CU(cudaHostGetDevicePointer((void**) &dw, hw, 0));
        unsigned long long v = 0;
        for (int mode = 0; mode < 2; mode++) {
            char l[96];
            snprintf(l, sizeof l, "pub mode %d: host sees the word after", mode);
            report(l, hostcall([&] {
                k_pub<<<1, 32, 0, C->stream>>>(dw, ++v, mode, 40000);  // publish, then spin about 20 us
                while (*(volatile unsigned long long*) hw != v) {}
            }), "", 0);
            snprintf(l, sizeof l, "pub mode %d: the kernel ends after", mode);
            report(l, hostit([&] { k_pub<<<1, 32, 0, C->stream>>>(dw, ++v, mode, 40000); }), "", 0);
        }
    }
    if (want("i8batch")) {  // experiment: t=6 under upstream's timing method, where the time goes
        const i64 R = 4096, K = 4096, n = R * K;
        float* f = randn(n, 2, 1.0f);
        k_outliers<<<div_up(n / 997 + 1, 256), 256, 0, C->stream>>>(f, n);
        __half* a = cvt<__half>(f, n);
        signed char* out = dalloc<signed char>(n);
        float* st = dalloc<float>(R);
        i64* idx = dalloc<i64>(K);
        int* cnt = dalloc<int>(1);
        i64* cols = dalloc<i64>(K);
        i64 c = bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols);
        unsigned* fl = C->i8flags;
        unsigned gen = C->i8gen;
        // when the host sees the count, from the call's start (pass 1 ends about when the publishing kernel's word is seen)
        unsigned long long* hw = C->i8host;
        unsigned long long* dw = C->i8hostDev;
        unsigned q = 1u << 30;
        auto pass = [&](int p, unsigned long long* host, unsigned seq) {
            launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, p, idx, cnt, host, seq);
        };
        auto seen = [&] { while ((unsigned) (*(volatile unsigned long long*) hw >> 32) != q) {} };
        for (int rep = 0; rep < 3; rep++) {
            report("seen: pass 1, pass 2 (block 0 lists)", hostcall([&] { pass(1, nullptr, 0); pass(2, dw, ++q); seen(); }), "", 0);
            report("seen: pass 1, a publishing kernel", hostcall([&] {
                pass(1, nullptr, 0);
                k_pub<<<1, 32, 0, C->stream>>>(dw, (unsigned long long) ++q << 32, 0, 0);
                seen();
            }), "", 0);
            report("host: t=6 until the count returns", hostcall([&] { bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols); }), "", 0);
            report("host: launch pass 1", hostcall([&] { pass(1, nullptr, 0); }), "", 0);
            report("t=0 batch", timebatch([&] { bnb_int8_vectorwise_quant(H, DT_F16, (i64) a, R, K, 0.0f, (i64) out, (i64) st, 0, 0); }), "", 0);
            report("t=6 batch incl. count wait", timebatch([&] { bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols); }), "outlier cols", (double) c);
            report("t=6 batch, fresh buffers per call (as Java)", timebatch([&] {
                void *o, *s2, *cl;
                cudaMallocAsync(&o, n, C->stream); cudaMallocAsync(&s2, 4 * R, C->stream); cudaMallocAsync(&cl, 8 * K, C->stream);
                bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) o, (i64) s2, (i64) cl);
                cudaFreeAsync(o, C->stream); cudaFreeAsync(s2, C->stream); cudaFreeAsync(cl, C->stream);
            }), "", 0);
            report("  pass 1 + 2 batch, no wait", timebatch([&] { pass(1, nullptr, 0); pass(2, nullptr, 0); }), "", 0);
        }
    }
    if (want("int8")) {
        const i64 R = 4096, K = 4096, n = R * K;
        float* f = randn(n, 2, 1.0f);
        k_outliers<<<div_up(n / 997 + 1, 256), 256, 0, C->stream>>>(f, n);
        __half* a = cvt<__half>(f, n);
        signed char* out = dalloc<signed char>(n);
        signed char* ref = dalloc<signed char>(n);
        float* st = dalloc<float>(R);
        float* rst = dalloc<float>(R);
        int* rflags = dalloc<int>(K);
        i64* idx = dalloc<i64>(K);
        int* cnt = dalloc<int>(1);
        for (float thr : {0.0f, 6.0f}) {
            CU(cudaMemsetAsync(rflags, 0, 4 * K, C->stream));
            k_ref_rows<<<div_up(R, 128), 128, 0, C->stream>>>(a, R, K, thr, rst, rflags);
            k_ref_codes<<<div_up(n, 256), 256, 0, C->stream>>>(a, R, K, rst, rflags, ref);
            {
                CU(cudaMemsetAsync(out, 0x55, n, C->stream));
                CK(bnb_int8_vectorwise_quant(H, DT_F16, (i64) a, R, K, thr, (i64) out, (i64) st, (i64) idx, (i64) cnt));
                bool ok = same(out, ref, n) && same(st, rst, 4 * R);
                int c = 0;
                if (thr > 0) {  // the listed columns are exactly the flagged ones, in order
                    std::vector<int> fl(K);
                    std::vector<i64> ix(K);
                    CU(cudaMemcpy(fl.data(), rflags, 4 * K, cudaMemcpyDeviceToHost));
                    CU(cudaMemcpy(&c, cnt, 4, cudaMemcpyDeviceToHost));
                    CU(cudaMemcpy(ix.data(), idx, 8 * K, cudaMemcpyDeviceToHost));
                    int j = 0;
                    for (int k = 0; k < K; k++) if (fl[k]) { if (j >= c || ix[j] != k) ok = false; j++; }
                    if (j != c) ok = false;
                }
                double t = timeit([&] { bnb_int8_vectorwise_quant(H, DT_F16, (i64) a, R, K, thr, (i64) out, (i64) st, (i64) idx, (i64) cnt); });
                char name[128];
                snprintf(name, sizeof name, "int8 quant t=%d f16 4096^2 (kernels) %s", (int) thr, ok ? "same" : "DIFFERS");
                report(name, t, thr > 0 ? "outlier cols" : "GB/s", thr > 0 ? (double) c : (2.0 * n + n + 4 * R) / t / 1e3);
            }
        }
        unsigned* fl = C->i8flags;
        unsigned gen = C->i8gen;
        for (const char* rev : {"0", "1", "2", "0", "1", "2"}) {
            kset("BNB_CUDA_INT8_REVERSE", rev[0] == '0' ? "0" : "1", 1);
            kset("BNB_CUDA_PDL", rev[0] == '2' ? "1" : "0", 1);
            double t = timeit([&] {
                launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 1, idx, cnt, nullptr, 0);
                launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 2, idx, cnt, nullptr, 0);
            });
            char name[96];
            snprintf(name, sizeof name, "  pass 1 + 2, pass 2 reversed=%c pdl=%c", rev[0] == '0' ? 'n' : 'y', rev[0] == '2' ? 'y' : 'n');
            report(name, t, "", 0);
            i64* cl = dalloc<i64>(K);
            t = timeit([&] { bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cl); });
            snprintf(name, sizeof name, "  event time incl. count wait, same");
            report(name, t, "", 0);
        }
        kunset("BNB_CUDA_INT8_REVERSE");
        kunset("BNB_CUDA_PDL");
        double p1 = timeit([&] { launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 1, idx, cnt, nullptr, 0); });
        report("  pass 1 (stats, marks)", p1, "GB/s", 2.0 * n / p1 / 1e3);
        double p2 = timeit([&] { launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 2, idx, cnt, nullptr, 0); });
        report("  pass 2 (codes, listing)", p2, "GB/s", 3.0 * n / p2 / 1e3);
        double p12 = timeit([&] {
            launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 1, idx, cnt, nullptr, 0);
            launch_rows_vec<__half>(C, a, R, K, 6.0f, st, fl, gen, out, 2, idx, cnt, nullptr, 0);
        });
        report("  pass 1 + 2", p12, "", 0);
        i64* cols = dalloc<i64>(K);
        double hw = hostit([&] {
            bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols);
        });
        report("int8 quant t=6 host wall incl. count wait", hw, "", 0);
        double tn = hostit([&] { bnb_nop(H); });
        report("  empty kernel + sync host wall", tn, "", 0);
        double ev = timeit([&] {
            bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols);
        });
        report("int8 quant t=6 event time incl. count wait", ev, "", 0);
        // few outlier columns (the realistic case): 4 columns with large values
        k_spike_cols<<<div_up(R, 256), 256, 0, C->stream>>>(a, R, K);
        i64 c = 0;
        ev = timeit([&] { c = bnb_int8_quant_outliers(H, DT_F16, (i64) a, R, K, 6.0f, (i64) out, (i64) st, (i64) cols); });
        report("int8 quant t=6 sparse event time incl. wait", ev, "outlier cols", (double) c);
    }

    if (want("opt8")) {
        const i64 n = N64;
        float* g = randn(n, 3, 0.01f);
        float* p = randn(n, 4, 1.0f);
        float* p2 = dalloc<float>(n);
        unsigned char *s1 = dalloc<unsigned char>(n), *s2 = dalloc<unsigned char>(n), *s1b = dalloc<unsigned char>(n), *s2b = dalloc<unsigned char>(n);
        i64 blocks = n / 256;
        float *a1 = dalloc<float>(blocks), *a2 = dalloc<float>(blocks), *a1b = dalloc<float>(blocks), *a2b = dalloc<float>(blocks);
        float* q1 = load_map("dynamic_map_signed.hex");
        float* q2 = load_map("dynamic_map_unsigned.hex");
        CU(cudaMemsetAsync(s1, 127, n, C->stream));  // 0 in the signed map is near the middle
        CU(cudaMemsetAsync(s2, 0, n, C->stream));
        CU(cudaMemsetAsync(a1, 0, 4 * blocks, C->stream));
        CU(cudaMemsetAsync(a2, 0, 4 * blocks, C->stream));
        float hyper[16] = {1e-3f, 0.9f, 0.999f, 0, 0, 1e-8f, 0, 0.1f, 0.001f, 0.0316f, 1e-3f, 1e-8f, 1, 1, 0, 0};
        // a few real steps so that states are non-trivial, then A/B from identical inputs
        for (int i = 0; i < 3; i++) CK(bnb_optimizer_8bit(H, DT_F32, 0, (i64) g, (i64) p, (i64) s1, (i64) s2, (i64) q1, (i64) q2, (i64) a1, (i64) a2, n, hyper, i + 1, 0));
        auto snapshot = [&](float* pp, unsigned char* x1, unsigned char* x2, float* b1, float* b2) {
            cudaMemcpyAsync(pp, p, 4 * n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(x1, s1, n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(x2, s2, n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(b1, a1, 4 * blocks, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(b2, a2, 4 * blocks, cudaMemcpyDeviceToDevice, C->stream);
        };
        float* p3 = dalloc<float>(n);
        unsigned char *s1c = dalloc<unsigned char>(n), *s2c = dalloc<unsigned char>(n);
        float *a1c = dalloc<float>(blocks), *a2c = dalloc<float>(blocks);
        snapshot(p2, s1b, s2b, a1b, a2b);   // start state
        // reference: the bisection search
        kset("BNB_CUDA_OPT8_BUCKETS", "0", 1);
        CK(bnb_optimizer_8bit(H, DT_F32, 0, (i64) g, (i64) p, (i64) s1, (i64) s2, (i64) q1, (i64) q2, (i64) a1, (i64) a2, n, hyper, 4, 0));
        snapshot(p3, s1c, s2c, a1c, a2c);   // reference result
        const char* cfgs[][2] = {{"0", "0"}, {"1", "8"}, {"1", "16"}, {"1", "4"}};
        for (auto& cfg : cfgs) {
            kset("BNB_CUDA_OPT8_BUCKETS", cfg[0], 1);
            kset("BNB_CUDA_OPT8_CTAS_PER_SM", cfg[1], 1);
            // restore start state, one step, compare with the reference
            cudaMemcpyAsync(p, p2, 4 * n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(s1, s1b, n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(s2, s2b, n, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(a1, a1b, 4 * blocks, cudaMemcpyDeviceToDevice, C->stream);
            cudaMemcpyAsync(a2, a2b, 4 * blocks, cudaMemcpyDeviceToDevice, C->stream);
            CK(bnb_optimizer_8bit(H, DT_F32, 0, (i64) g, (i64) p, (i64) s1, (i64) s2, (i64) q1, (i64) q2, (i64) a1, (i64) a2, n, hyper, 4, 0));
            bool ok = same(p, p3, 4 * n) && same(s1, s1c, n) && same(s2, s2c, n) && same(a1, a1c, 4 * blocks) && same(a2, a2c, 4 * blocks);
            double t = timeit([&] { bnb_optimizer_8bit(H, DT_F32, 0, (i64) g, (i64) p, (i64) s1, (i64) s2, (i64) q1, (i64) q2, (i64) a1, (i64) a2, n, hyper, 5, 0); }, 20);
            char name[128];
            snprintf(name, sizeof name, "opt8 adam 64Mi buckets=%s(state %d,%d) ctasPerSm=%s %s", cfg[0], table_state(q1),
                     table_state(q2), cfg[1], ok ? "same" : "DIFFERS");
            report(name, t, "GB/s", 16.0 * n / t / 1e3);
        }
        kunset("BNB_CUDA_OPT8_BUCKETS");
        kunset("BNB_CUDA_OPT8_CTAS_PER_SM");
        cudaFree(g); cudaFree(p); cudaFree(p2); cudaFree(p3);
    }

    if (want("opt8z")) {  // from zeroed states (code 0, absmax 0) as the conformance goldens start, 5 steps
        float* q1 = load_map("dynamic_map_signed.hex");
        float* q2 = load_map("dynamic_map_unsigned.hex");
        for (i64 n : {(i64) 4096, (i64) 4196, (i64) 1 << 20}) {
            i64 blocks = (n + 255) / 256;
            std::vector<std::vector<unsigned char>> res;
            const char* modes[][2] = {{"0", "0"}, {"1", "0"}, {"1", "1"}};
            for (auto& md : modes) {
                kset("BNB_CUDA_OPT8_BUCKETS", md[0], 1);
                kset("BNB_CUDA_OPT8_GENERIC", md[1], 1);
                float* p = randn(n, 11, 1.0f);
                unsigned char *s1 = dalloc<unsigned char>(n), *s2 = dalloc<unsigned char>(n);
                float *a1 = dalloc<float>(blocks), *a2 = dalloc<float>(blocks);
                CU(cudaMemsetAsync(s1, 0, n, C->stream)); CU(cudaMemsetAsync(s2, 0, n, C->stream));
                CU(cudaMemsetAsync(a1, 0, 4 * blocks, C->stream)); CU(cudaMemsetAsync(a2, 0, 4 * blocks, C->stream));
                float hyper[16] = {1e-3f, 0.9f, 0.999f, 0, 0, 1e-8f, 0, 0.1f, 0.001f, 0.0316f, 1e-3f, 1e-8f, 1, 1, 0, 0};
                for (int st = 1; st <= 5; st++) {
                    float* g = randn(n, 20 + st, 0.1f);
                    // the signed code at one address, the unsigned one fresh every step (new addresses,
                    // as uploads give): the table cache must never hand one code's table to the other
                    float* c1 = q1;
                    float* c2 = dalloc<float>(256);
                    CU(cudaMemcpyAsync(c2, q2, 1024, cudaMemcpyDeviceToDevice, C->stream));
                    CK(bnb_optimizer_8bit(H, DT_F32, 0, (i64) g, (i64) p, (i64) s1, (i64) s2, (i64) c1, (i64) c2, (i64) a1, (i64) a2, n, hyper, st, 0));
                    CU(cudaStreamSynchronize(C->stream));
                    cudaFree(g);
                    std::vector<unsigned char> h(2 * n);
                    CU(cudaMemcpy(h.data(), s1, n, cudaMemcpyDeviceToHost));
                    CU(cudaMemcpy(h.data() + n, s2, n, cudaMemcpyDeviceToHost));
                    res.push_back(h);
                }
                cudaFree(p); cudaFree(s1); cudaFree(s2); cudaFree(a1); cudaFree(a2);
            }
            for (int m = 1; m < 3; m++)
                for (int st = 0; st < 5; st++) {
                    auto& A = res[st];
                    auto& B = res[m * 5 + st];
                    int diff = 0, first = -1;
                    for (i64 i = 0; i < 2 * n; i++) if (A[i] != B[i]) { diff++; if (first < 0) first = (int) i; }
                    printf("opt8z n=%lld mode %s/%s step %d: %d codes differ from bisection (first %d: %d vs %d)\n", (long long) n,
                           modes[m][0], modes[m][1], st + 1, diff, first, first >= 0 ? B[first] : 0, first >= 0 ? A[first] : 0);
                }
        }
        kunset("BNB_CUDA_OPT8_BUCKETS");
        kunset("BNB_CUDA_OPT8_GENERIC");
    }

    if (want("qblock")) {
        float* code = load_map("dynamic_map_signed.hex");
        float* ucode = load_map("dynamic_map_unsigned.hex");
        unsigned char* q = dalloc<unsigned char>(N64);
        unsigned char* q0 = dalloc<unsigned char>(N64);
        float* am = dalloc<float>(N64 / 64);
        float* am0 = dalloc<float>(N64 / 64);
        // edge data: an all-zero block (NaN scaled values), huge/tiny magnitudes, exact code values
        float* edge = randn(N64, 9, 1.0f);
        CU(cudaMemsetAsync(edge, 0, 4 * 4096, C->stream));
        k_edges<<<div_up(N64 / 7, 256), 256, 0, C->stream>>>(edge, N64, code);
        for (int bs : {256, 4096, 64}) {
            for (int which = 0; which < 3; which++) {
                const float* in = which == 2 ? edge : big;
                const float* cd = which == 1 ? ucode : code;
                i64 n = which == 2 ? N64 - 3 : N64;  // a ragged tail too
                kset("BNB_CUDA_Q8_BUCKETS", "0", 1);
                CK(bnb_quantize_blockwise(H, DT_F32, (i64) in, (i64) cd, (i64) q0, (i64) am0, n, bs, 0));
                double t0 = timeit([&] { bnb_quantize_blockwise(H, DT_F32, (i64) in, (i64) cd, (i64) q0, (i64) am0, n, bs, 0); });
                kset("BNB_CUDA_Q8_BUCKETS", "1", 1);
                CK(bnb_quantize_blockwise(H, DT_F32, (i64) in, (i64) cd, (i64) q, (i64) am, n, bs, 0));
                bool ok = same(q, q0, n) && same(am, am0, 4 * ((n + bs - 1) / bs));
                double t1 = timeit([&] { bnb_quantize_blockwise(H, DT_F32, (i64) in, (i64) cd, (i64) q, (i64) am, n, bs, 0); });
                char name[128];
                snprintf(name, sizeof name, "quantize_blockwise f32 64Mi bs%d %s bisect", bs, which == 0 ? "signed" : which == 1 ? "unsigned" : "edges");
                report(name, t0, "GB/s", 5.0 * n / t0 / 1e3);
                snprintf(name, sizeof name, "quantize_blockwise f32 64Mi bs%d %s buckets(state %d) %s", bs,
                         which == 0 ? "signed" : which == 1 ? "unsigned" : "edges", table_state(cd), ok ? "same" : "DIFFERS");
                report(name, t1, "GB/s", 5.0 * n / t1 / 1e3);
                if (bs == 64) break;
            }
        }
        for (const char* ps : {"4", "16", "32"}) {
            kset("BNB_CUDA_Q8_CTAS_PER_SM", ps, 1);
            double t = timeit([&] { bnb_quantize_blockwise(H, DT_F32, (i64) big, (i64) code, (i64) q, (i64) am, N64, 4096, 0); });
            char name[96];
            snprintf(name, sizeof name, "quantize_blockwise f32 64Mi bs4096 buckets ctasPerSm=%s", ps);
            report(name, t, "GB/s", 5.0 * N64 / t / 1e3);
        }
        kunset("BNB_CUDA_Q8_CTAS_PER_SM");
        kunset("BNB_CUDA_Q8_BUCKETS");
    }

    if (want("gemv") || want("gemm") || want("tiles")) {
        const int N = 8192, K = 8192;
        float* wf = randn((i64) N * K, 5, 0.02f);
        unsigned char* w = dalloc<unsigned char>((i64) N * K / 2);
        float* am = dalloc<float>((i64) N * K / 64);
        CK(bnb_quantize_blockwise(H, DT_F32, (i64) wf, 0, (i64) w, (i64) am, (i64) N * K, 64, 1));
        std::vector<float> nf4 = {-1.0f, -0.6961928f, -0.5250731f, -0.3949175f, -0.2844414f, -0.1848030f, -0.0910500f, 0.0f,
                                  0.0795803f, 0.1609302f, 0.2461123f, 0.3379152f, 0.4407098f, 0.5626170f, 0.7229568f, 1.0f};
        float* code = dalloc<float>(16);
        CU(cudaMemcpy(code, nf4.data(), 64, cudaMemcpyHostToDevice));
        float* xf = randn(512ll * K, 6, 1.0f);
        __nv_bfloat16* x = cvt<__nv_bfloat16>(xf, 512ll * K);
        __nv_bfloat16* out = dalloc<__nv_bfloat16>(512ll * N);
        double* ref = dalloc<double>(512ll * N);
        // max |out - ref| relative to max |ref| over the first M x n outputs
        auto err = [&](int M, int n) {
            std::vector<__nv_bfloat16> o((size_t) M * n);
            std::vector<double> r((size_t) M * n);
            CU(cudaStreamSynchronize(C->stream));
            CU(cudaMemcpy(o.data(), out, 2ull * M * n, cudaMemcpyDeviceToHost));
            CU(cudaMemcpy(r.data(), ref, 8ull * M * n, cudaMemcpyDeviceToHost));
            double md = 0, mx = 0;
            for (size_t i = 0; i < o.size(); i++) {
                md = std::max(md, fabs((double) __bfloat162float(o[i]) - r[i]));
                mx = std::max(mx, fabs(r[i]));
            }
            return md / mx;
        };
        // the library's gemm_4bit of M rows of x through the weight at ww ([n, k], NF4 bs64)
        auto gemm = [&](const unsigned char* ww, int M, int n, int k) {
            CK(bnb_gemm4bit(H, DT_BF16, (i64) x, M, (i64) ww, (i64) am, 0, 0, 0, (i64) code, 0, (i64) out, n, k, 64));
        };
        auto run = [&](const char* label, int M, int n, int k, int reps) {
            CU(cudaMemset(out, 0, 2ull * M * n));
            double t = timeit([&] { gemm(w, M, n, k); }, reps);
            k_ref_gemm4<<<div_up((i64) M * n, 128), 128, 0, C->stream>>>(x, M, w, am, code, ref, n, k);
            double e = err(M, n);
            char name[128];
            snprintf(name, sizeof name, "%s M=%d %dx%d (err %.1e)", label, M, n, k, e);
            if (M == 1) report(name, t, "GB/s weights", (double) n * k * (0.5 + 4.0 / 64) / t / 1e3);
            else report(name, t, "TFLOPS", 2.0 * M * n * k / t / 1e6);
        };
        if (want("gemv")) {
            for (const char* pdl : {"0", "1", "0", "1"}) {
                kset("BNB_CUDA_PDL", pdl, 1);
                char label[64];
                snprintf(label, sizeof label, "gemv pdl=%s", pdl);
                for (int nn : {4096, 8192}) run(label, 1, nn, nn, 50);
                run(label, 1, 11008, 4096, 50);
            }
            kunset("BNB_CUDA_PDL");
            unsigned* sink = dalloc<unsigned>(1);
            for (int ctas : {132, 264, 528, 1056}) {
                double t = timeit([&] { k_read<<<ctas, 256, 0, C->stream>>>((const uint4*) w, 8192ll * 8192 / 32, sink); }, 50);
                char name[96];
                snprintf(name, sizeof name, "read 32 MiB uint4 ctas=%d", ctas);
                report(name, t, "GB/s", 32.0 * 1048576 / t / 1e3);
            }
            auto rows = [&](const char* name, void (*k)(const unsigned char*, unsigned*)) {
                double t = timeit([&] { k<<<256, 512, 0, C->stream>>>((const unsigned char*) w, sink); }, 50);
                report(name, t, "GB/s", 32.0 * 1048576 / t / 1e3);
            };
            rows("read rows: 8 rows x 32 B per warp load, 4 ahead", k_read_rows<8, 8, 4>);
            rows("read rows: 8 rows x 64 B per warp load, 4 ahead", k_read_rows<8, 16, 4>);
            rows("read rows: 4 rows x 128 B per warp load, 4 ahead", k_read_rows<4, 16, 4>);
            rows("read rows: 1 row x 512 B per warp load, 4 ahead", k_read_rows<1, 16, 4>);
            rows("read rows: 8 rows x 32 B per warp load, 8 ahead", k_read_rows<8, 8, 8>);
            rows("read rows: 1 row x 512 B per warp load, 2 ahead", k_read_rows<1, 16, 2>);
            rows("read rows: 1 row x 512 B per warp load, 1 ahead", k_read_rows<1, 16, 1>);
            report("empty kernel", timeit([&] { bnb_nop(H); }, 50), "", 0);
            // upstream's timing method, and the same with the weights rotated over 4 copies (L2 cold)
            report("empty kernel, batch timing", timebatch([&] { bnb_nop(H); }), "", 0);
            unsigned char* w4 = dalloc<unsigned char>(4ll * N * K / 2);
            for (int c = 0; c < 4; c++) CU(cudaMemcpy(w4 + (i64) c * N * K / 2, w, (i64) N * K / 2, cudaMemcpyDeviceToDevice));
            for (int nn : {4096, 8192}) {
                int rot = 0;
                auto g = [&](const unsigned char* ww) { gemm(ww, 1, nn, nn); };
                char name[96];
                snprintf(name, sizeof name, "gemv %dx%d per-call events", nn, nn);
                double bytes = (double) nn * nn * (0.5 + 4.0 / 64);
                double t = timeit([&] { g(w); }, 50); report(name, t, "GB/s", bytes / t / 1e3);
                snprintf(name, sizeof name, "gemv %dx%d batch of 50", nn, nn);
                t = timebatch([&] { g(w); }); report(name, t, "GB/s", bytes / t / 1e3);
                snprintf(name, sizeof name, "gemv %dx%d batch of 50, 4 weight copies", nn, nn);
                t = timebatch([&] { g(w4 + (i64) (rot++ & 3) * N * K / 2); }); report(name, t, "GB/s", bytes / t / 1e3);
                snprintf(name, sizeof name, "gemv %dx%d per-call, 4 weight copies", nn, nn);
                t = timeit([&] { g(w4 + (i64) (rot++ & 3) * N * K / 2); }, 50); report(name, t, "GB/s", bytes / t / 1e3);
            }
            // the tensor-core gemv forced on (BNB_CUDA_GEMV_MMA=1), off (0) and by the rule (-1), upstream's timing method
            for (int ab = 0; ab < 2; ab++)
                for (auto nk : {std::pair<int, int>{4096, 4096}, {8192, 8192}, {8192, 4096}, {11008, 4096}, {4096, 8192}}) {
                    const int nn = nk.first, kk = nk.second;
                    for (const char* v : {"0", "1", "-1"}) {
                        kset("BNB_CUDA_GEMV_MMA", v, 1);
                        auto lib = [&] { gemm(w, 1, nn, kk); };
                        CU(cudaMemset(out, 0, 2ull * nn));
                        double t = timebatch(lib);
                        k_ref_gemm4<<<div_up((i64) nn, 128), 128, 0, C->stream>>>(x, 1, w, am, code, ref, nn, kk);
                        char l[96];
                        snprintf(l, sizeof l, "gemv %dx%d batch, mma=%s (err %.1e)", nn, kk, v, err(1, nn));
                        report(l, t, "", 0);
                    }
                    kunset("BNB_CUDA_GEMV_MMA");
                }
            // PDL's share, upstream's timing method
            for (int nn : {4096, 8192}) {
                auto lib = [&] { gemm(w, 1, nn, nn); };
                char l[96];
                snprintf(l, sizeof l, "gemv %d^2 batch of 50: PDL", nn);
                report(l, timebatch(lib), "", 0);
                kset("BNB_CUDA_PDL", "0", 1);
                snprintf(l, sizeof l, "gemv %d^2 batch of 50: no PDL", nn);
                report(l, timebatch(lib), "", 0);
                kunset("BNB_CUDA_PDL");
            }
        }
        if (want("tiles")) {
            // the pipelined kernel (default where K % 128 == 0) against the unstaged one
            // (BNB_CUDA_GEMM_CLASSIC=1), and the pipelined kernel's one-wave splits against others
            auto sweep = [&](const char* label, int M, std::initializer_list<const char*> splits) {
                for (const char* sp : splits) {
                    kset("BNB_CUDA_GEMM_SPLITS", sp, 1);
                    char l[96];
                    snprintf(l, sizeof l, "%s splits=%s", label, sp);
                    run(l, M, N, K, 30);
                }
                kunset("BNB_CUDA_GEMM_SPLITS");
            };
            for (int M : {8, 16, 32, 64, 100}) {
                run("pipelined (default)", M, N, K, 30);
                kset("BNB_CUDA_GEMM_CLASSIC", "1", 1);
                run("unstaged", M, N, K, 30);
                kunset("BNB_CUDA_GEMM_CLASSIC");
            }
            sweep("pipelined", 16, {"4", "6", "8", "12"});
            sweep("pipelined", 64, {"4", "6", "8"});
        }
        if (want("gemm")) {
            const char* ltPath = getenv("BNB_CUBLASLT");
            if (bnb_lt_load(H, ltPath ? ltPath : "")) printf("cuBLASLt: %s\n", bnb_err.c_str());
            for (int M : {64, 128, 256, 512}) {
                kset("BNB_CUDA_GEMM_LT_MIN_M", "100000", 1);
                run("gemm fused", M, N, K, 20);
                kset("BNB_CUDA_GEMM_LT_MIN_M", "1", 1);
                run("gemm weight to T + cuBLASLt", M, N, K, 20);
            }
            kunset("BNB_CUDA_GEMM_LT_MIN_M");
            for (const char* pdl : {"0", "1", "0", "1"}) {
                kset("BNB_CUDA_PDL", pdl, 1);
                char label[64];
                snprintf(label, sizeof label, "gemm pdl=%s", pdl);
                for (int M : {16, 64, 256}) run(label, M, N, K, 30);
            }
            kunset("BNB_CUDA_PDL");
            for (const char* sp : {"6", "8", "11", "14", "16", "22"}) {
                kset("BNB_CUDA_GEMM_SPLITS", sp, 1);
                char label[64];
                snprintf(label, sizeof label, "gemm splits=%s", sp);
                run(label, 16, N, K, 30);
            }
            kunset("BNB_CUDA_GEMM_SPLITS");
        }
    }
    CU(cudaStreamSynchronize(C->stream));
    printf("done\n");
    return 0;
}
