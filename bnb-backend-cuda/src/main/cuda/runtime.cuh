// Device, stream, memory and timing entry points. One context per Java backend: its own
// non-blocking stream (every kernel and copy of the backend is ordered on it) and the device's
// stream-ordered memory pool (allocation and release cost no device synchronisation, and freed
// blocks are reused by later allocations on the same stream).
#pragma once
#include "common.cuh"
#include "cublaslt.cuh"

// Number of devices, or minus the CUDA error (message in bnb_last_error) when the runtime cannot
// talk to a driver: this is what a machine without GPU reports.
static int bnb_device_count() {
    int n = 0;
    int rc = bnb_cuda(cudaGetDeviceCount(&n), "cudaGetDeviceCount");
    return rc ? -rc : n;
}

static const char* bnb_last_error() { return bnb_err.c_str(); }

static int bnb_runtime_version() {
    int v = 0;
    cudaRuntimeGetVersion(&v);
    return v;
}

static int bnb_driver_version() {
    int v = 0;
    cudaDriverGetVersion(&v);
    return v;
}

static i64 bnb_create(int device) {
    int rc = bnb_cuda(cudaSetDevice(device), "cudaSetDevice");
    if (rc) return 0;
    BnbCtx* c = new BnbCtx();
    memset(c, 0, sizeof(*c));
    c->device = device;
    cudaDeviceProp prop;
    if (bnb_cuda(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties")
        || bnb_cuda(cudaStreamCreateWithFlags(&c->stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags")) {
        delete c;
        return 0;
    }
    c->major = prop.major;
    c->minor = prop.minor;
    c->smCount = prop.multiProcessorCount;
    int cma = 0;
    cudaDeviceGetAttribute(&cma, cudaDevAttrConcurrentManagedAccess, device);
    c->concurrentManaged = cma;
    snprintf(c->name, sizeof(c->name), "%s", prop.name);
    // the 4-bit coding tables (see blockwise.cuh)
    k_init_tab4<<<1, 128, 0, c->stream>>>();
    if (bnb_cuda(cudaGetLastError(), "init tables") || bnb_cuda(cudaStreamSynchronize(c->stream), "init tables")) {
        cudaStreamDestroy(c->stream);
        delete c;
        return 0;
    }
    // keep freed blocks in the pool instead of returning them to the driver at every sync
    cudaMemPool_t pool;
    if (cudaDeviceGetDefaultMemPool(&pool, device) == cudaSuccess) {
        uint64_t keep = UINT64_MAX;
        cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep);
    }
    return (i64) c;
}

static void bnb_destroy(i64 h) {
    BnbCtx* c = (BnbCtx*) h;
    if (!c) return;
    if (c->device != 0) cudaSetDevice(c->device);
    cudaStreamSynchronize(c->stream);
    lt_release(c);
    if (c->i8flags) cudaFree(c->i8flags);
    if (c->i8count) cudaFree(c->i8count);
    if (c->ws) cudaFree(c->ws);
    if (c->i8host) cudaFreeHost(c->i8host);
    if (c->cb) cudaFree(c->cb);
    for (int i = 0; i < c->eventCount; i++) cudaEventDestroy(c->events[i]);
    free(c->events);
    cudaStreamDestroy(c->stream);
    delete c;
}

// 0 major, 1 minor, 2 SM count, 3 concurrent managed access, 4 the activation rows from which
// gemm_4bit may take the cuBLASLt path.
static int bnb_info(i64 h, int what) {
    BnbCtx* c = (BnbCtx*) h;
    if (!c) return -1;
    switch (what) {
        case 0: return c->major;
        case 1: return c->minor;
        case 2: return c->smCount;
        case 3: return c->concurrentManaged;
        case 4: return gemm4_lt_min_rows();
        default: return -1;
    }
}

static const char* bnb_device_name(i64 h) { return h ? ((BnbCtx*) h)->name : "none"; }

// Free device memory in bytes, or minus the error.
static i64 bnb_mem_free(i64 h) {
    BNB_CTX(h);
    size_t freeB = 0, total = 0;
    int rc = bnb_cuda(cudaMemGetInfo(&freeB, &total), "cudaMemGetInfo");
    return rc ? -rc : (i64) freeB;
}

// Stream-ordered allocation; returns 0 on failure (message in bnb_last_error).
static i64 bnb_alloc(i64 h, i64 bytes, int zero) {
    BnbCtx* ctx = (BnbCtx*) h;
    if (!ctx) { bnb_fail(-1, "no CUDA context"); return 0; }
    if (bnb_enter(ctx)) return 0;
    void* p = nullptr;
    if (bnb_cuda(cudaMallocAsync(&p, (size_t) bytes, ctx->stream), "cudaMallocAsync")) return 0;
    if (zero && bnb_cuda(cudaMemsetAsync(p, 0, (size_t) bytes, ctx->stream), "cudaMemsetAsync")) {
        cudaFreeAsync(p, ctx->stream);
        return 0;
    }
    return (i64) p;
}

// Managed (paged) memory: migrates between host and device, advised to be mapped on the device,
// zero-filled. Refuses requests larger than the free device memory.
static i64 bnb_alloc_managed(i64 h, i64 bytes) {
    BnbCtx* ctx = (BnbCtx*) h;
    if (!ctx) { bnb_fail(-1, "no CUDA context"); return 0; }
    if (bnb_enter(ctx)) return 0;
    size_t freeB = 0, total = 0;
    if (bnb_cuda(cudaMemGetInfo(&freeB, &total), "cudaMemGetInfo")) return 0;
    if ((size_t) bytes > freeB) {
        bnb_fail(2, "paged allocation of " + std::to_string(bytes) + " bytes exceeds the free device memory ("
                        + std::to_string(freeB) + " of " + std::to_string(total) + " bytes)");
        return 0;
    }
    void* p = nullptr;
    if (bnb_cuda(cudaMallocManaged(&p, (size_t) bytes, cudaMemAttachGlobal), "cudaMallocManaged")) return 0;
    cudaMemLocation dev;
    dev.type = cudaMemLocationTypeDevice;
    dev.id = ctx->device;
    // advice is a hint: a device without it still works, so failures are not fatal
    cudaMemAdvise(p, (size_t) bytes, cudaMemAdviseSetAccessedBy, dev);
    cudaGetLastError();
    if (bnb_cuda(cudaMemsetAsync(p, 0, (size_t) bytes, ctx->stream), "cudaMemsetAsync")
        || bnb_cuda(cudaStreamSynchronize(ctx->stream), "cudaStreamSynchronize")) {
        cudaFree(p);
        return 0;
    }
    return (i64) p;
}

static int bnb_free(i64 h, i64 ptr, int managed) {
    BNB_CTX(h);
    if (!ptr) return 0;
    if (managed) {
        BNB_CK(cudaStreamSynchronize(ctx->stream));
        BNB_CK(cudaFree((void*) ptr));
    } else {
        BNB_CK(cudaFreeAsync((void*) ptr, ctx->stream));
    }
    return 0;
}

// Migrates managed memory to the host (toHost) or to the device, ordered on the stream. A GPU
// without concurrent managed access migrates on demand, so there it is a no-op.
static int bnb_prefetch(i64 h, i64 ptr, i64 bytes, int toHost) {
    BNB_CTX(h);
    if (!ptr || bytes == 0 || !ctx->concurrentManaged) return 0;
    cudaMemLocation loc;
    loc.type = toHost ? cudaMemLocationTypeHost : cudaMemLocationTypeDevice;
    loc.id = toHost ? 0 : ctx->device;
    BNB_CK(cudaMemPrefetchAsync((const void*) ptr, (size_t) bytes, loc, 0, ctx->stream));
    return 0;
}

static int bnb_h2d(i64 h, i64 dst, i64 src, i64 bytes) {
    BNB_CTX(h);
    if (bytes == 0) return 0;
    BNB_CK(cudaMemcpyAsync((void*) dst, (const void*) src, (size_t) bytes, cudaMemcpyDefault, ctx->stream));
    BNB_CK(cudaStreamSynchronize(ctx->stream));  // the host buffer may be released after return
    return 0;
}

static int bnb_d2h(i64 h, i64 dst, i64 src, i64 bytes) {
    BNB_CTX(h);
    if (bytes == 0) return 0;
    BNB_CK(cudaMemcpyAsync((void*) dst, (const void*) src, (size_t) bytes, cudaMemcpyDefault, ctx->stream));
    BNB_CK(cudaStreamSynchronize(ctx->stream));
    return 0;
}

static int bnb_d2d(i64 h, i64 dst, i64 src, i64 bytes) {
    BNB_CTX(h);
    if (bytes == 0) return 0;
    BNB_CK(cudaMemcpyAsync((void*) dst, (const void*) src, (size_t) bytes, cudaMemcpyDefault, ctx->stream));
    return 0;
}

static int bnb_memset(i64 h, i64 ptr, i64 bytes) {
    BNB_CTX(h);
    if (bytes == 0) return 0;
    BNB_CK(cudaMemsetAsync((void*) ptr, 0, (size_t) bytes, ctx->stream));
    return 0;
}

static int bnb_sync(i64 h) {
    BNB_CTX(h);
    BNB_CK(cudaStreamSynchronize(ctx->stream));
    return 0;
}

// ------------------------------------------------------------------ timing

static int bnb_event_record(i64 h, int idx) {
    BNB_CTX(h);
    if (idx < 0) return bnb_fail(-1, "negative event index");
    if (idx >= ctx->eventCount) {
        int cap = idx + 64;
        cudaEvent_t* ev = (cudaEvent_t*) realloc(ctx->events, sizeof(cudaEvent_t) * cap);
        if (!ev) return bnb_fail(-1, "out of host memory for events");
        ctx->events = ev;
        for (int i = ctx->eventCount; i < cap; i++) {
            int rc = bnb_cuda(cudaEventCreate(&ctx->events[i]), "cudaEventCreate");
            if (rc) { ctx->eventCount = i; return rc; }
        }
        ctx->eventCount = cap;
    }
    BNB_CK(cudaEventRecord(ctx->events[idx], ctx->stream));
    return 0;
}

// Milliseconds between two recorded events (after bnb_sync), negative on error.
static float bnb_event_ms(i64 h, int from, int to) {
    BnbCtx* ctx = (BnbCtx*) h;
    if (!ctx) { bnb_fail(-1, "no CUDA context"); return -1.0f; }
    if (from < 0 || to < 0 || from >= ctx->eventCount || to >= ctx->eventCount) {
        bnb_fail(-1, "event index out of range");
        return -1.0f;
    }
    float ms = 0.0f;
    if (bnb_cuda(cudaEventElapsedTime(&ms, ctx->events[from], ctx->events[to]), "cudaEventElapsedTime")) return -1.0f;
    return ms;
}

__global__ void k_spin(i64 ns) {
    unsigned long long start;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    for (;;) {
        unsigned long long now;
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
        if ((i64) (now - start) >= ns) break;
    }
}

// Keeps the stream busy for ns nanoseconds so that the host can queue timed work behind it.
static int bnb_spin(i64 h, i64 ns) {
    BNB_CTX(h);
    k_spin<<<1, 1, 0, ctx->stream>>>(ns);
    BNB_LAUNCHED("spin");
    return 0;
}

// A kernel that does nothing: the floor of launch cost, for measuring host-side overhead.
__global__ void k_nop() {}

static int bnb_nop(i64 h) {
    BNB_CTX(h);
    k_nop<<<1, 32, 0, ctx->stream>>>();
    BNB_LAUNCHED("nop");
    return 0;
}
