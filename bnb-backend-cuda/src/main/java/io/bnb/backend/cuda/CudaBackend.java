package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.spi.Checks;
import io.bnb.spi.OpTimer;
import io.bnb.spi.WarmUpCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;

/**
 * One CUDA device. Arguments are validated with {@link Checks} (exactly as the CPU backend does)
 * before anything native runs; the kernels of each op family live in {@link QuantOps},
 * {@link MatmulOps}, {@link Int8Ops} and {@link OptimizerOps}. All work of a backend is ordered on
 * its own stream: downloads and {@link #synchronize()} wait for it. Device memory comes from the
 * stream-ordered pool, so allocating an op's result costs no synchronisation. Every CUDA error
 * surfaces as a {@link NativeException} carrying CUDA's message.
 */
public final class CudaBackend implements Backend, OpTimer {
    final long ctx;
    private final int device;
    private final String description;
    private final int major;
    private final int ltMinRows;
    private final Map<QuantType, Tensor> luts = new EnumMap<>(QuantType.class);
    private volatile String cublasLtError;   // null until probed; "" when loaded
    final QuantOps quant = new QuantOps(this);
    final MatmulOps matmul = new MatmulOps(this);
    final Int8Ops int8 = new Int8Ops(this);
    final OptimizerOps optim = new OptimizerOps(this);

    CudaBackend(int device) {
        String err = NativeLibrary.load();
        if (err != null) throw new BackendUnavailableException("cuda: " + err);
        this.device = device;
        long c = CudaNative.bnb_create(device);
        if (c == 0) throw new NativeException(-1, "cuda: cannot open device " + device + ": " + CudaNative.bnb_last_error());
        this.ctx = c;
        this.major = CudaNative.bnb_info(c, 0);
        int minor = CudaNative.bnb_info(c, 1);
        this.description = CudaNative.bnb_device_name(c) + ", sm_" + major + minor + ", " + CudaNative.bnb_info(c, 2) + " SMs";
        this.ltMinRows = CudaNative.bnb_info(c, 4);
        // the context lives as long as the process: backends are opened once by Bnb and shared
    }

    /** A backend without a device, for argument-validation tests: any native call would fail. */
    private CudaBackend() {
        this.ctx = 0;
        this.device = -1;
        this.major = 0;
        this.description = "detached (no device)";
        this.ltMinRows = Integer.MAX_VALUE;
        this.cublasLtError = "detached backend";
    }

    static CudaBackend detached() { return new CudaBackend(); }

    @Override public String name() { return "cuda"; }
    @Override public String device() { return description; }

    /** Compute capability major version (8 for A100, 9 for H100). */
    int computeMajor() { return major; }

    int smCount() { return CudaNative.bnb_info(ctx, 2); }

    /** Activation rows from which gemm_4bit may go through cuBLASLt (the native side's threshold). */
    int gemm4LtMinRows() { return ltMinRows; }

    // ------------------------------------------------------------------ support

    @Override
    public Support support(Op op) {
        return switch (op) {
            case INT8_LINEAR_MATMUL, INT8_SCALED_MM, INT8_MIXED_SCALED_MM -> cublasLt().isEmpty() ? Support.NATIVE : Support.NONE;
            default -> Support.NATIVE;
        };
    }

    @Override
    public String supportNote(Op op) {
        return switch (op) {
            case INT8_LINEAR_MATMUL, INT8_SCALED_MM, INT8_MIXED_SCALED_MM -> cublasLt();
            default -> "";
        };
    }

    /** Loads cuBLASLt on first use; "" when it works, else why not. */
    String cublasLt() {
        String e = cublasLtError;
        if (e != null) return e;
        synchronized (this) {
            if (cublasLtError == null) {
                String path = System.getProperty("bnb.cuda.cublaslt");
                if (path == null || path.isBlank()) path = System.getenv("BNB_CUBLASLT");
                int rc = CudaNative.bnb_lt_load(ctx, path == null ? "" : path.trim());
                cublasLtError = rc == 0 ? "" : "int8 matmul needs cuBLASLt: " + CudaNative.bnb_last_error();
            }
            return cublasLtError;
        }
    }

    // ------------------------------------------------------------------ native plumbing

    /** Throws the pending native error when {@code rc} is not 0. */
    static void check(int rc) {
        if (rc != 0) throw new NativeException(rc, "CUDA: " + CudaNative.bnb_last_error());
    }

    static long ptr(Tensor t) { return t == null ? 0 : ((CudaTensor) t).ptr(); }

    /** DType code of the float types as the native side numbers them. */
    static int code(DType d) {
        return switch (d) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 2;
            default -> throw new IllegalArgumentException("not a float dtype: " + d);
        };
    }

    /** An uninitialised tensor (for op results that are fully overwritten). */
    CudaTensor empty(DType dtype, long... shape) {
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        return new CudaTensor(this, dtype, shape, bytes > 0 ? alloc(bytes) : 0, false);
    }

    /** Stream-ordered device memory (bytes > 0); released by the tensor that takes it, or {@link #release}. */
    long alloc(long bytes) {
        long p = CudaNative.bnb_alloc(ctx, bytes, 0);
        if (p == 0) throw new NativeException(2, "CUDA: cannot allocate " + bytes + " bytes: " + CudaNative.bnb_last_error());
        return p;
    }

    void release(long p, boolean paged) {
        if (ctx == 0) return;
        check(CudaNative.bnb_free(ctx, p, paged ? 1 : 0));
    }

    /** The 16-entry float table of a 4-bit type, uploaded once. */
    synchronized Tensor lut(QuantType t) {
        return luts.computeIfAbsent(t, q -> upload(q.code(), DType.F32, 16));
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        long p = 0;
        if (bytes > 0) {
            p = CudaNative.bnb_alloc(ctx, bytes, 1);
            if (p == 0) throw new NativeException(2, "CUDA: cannot allocate " + bytes + " bytes: " + CudaNative.bnb_last_error());
        }
        return new CudaTensor(this, dtype, shape, p, false);
    }

    @Override
    public Tensor allocatePaged(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        long p = 0;
        if (bytes > 0) {
            p = CudaNative.bnb_alloc_managed(ctx, bytes);
            if (p == 0) throw new NativeException(2, "CUDA: " + CudaNative.bnb_last_error());
        }
        return new CudaTensor(this, dtype, shape, p, true);
    }

    @Override
    public Tensor upload(MemorySegment src, DType dtype, long... shape) {
        Checks.notNull(src, "src");
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        if (src.byteSize() < bytes)
            throw new IllegalArgumentException("src holds " + src.byteSize() + " bytes, " + dtype + Shapes.str(shape) + " needs " + bytes);
        CudaTensor t = empty(dtype, shape);
        try {
            if (bytes > 0) copyIn(t.ptr(), src, bytes);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private void copyIn(long dst, MemorySegment src, long bytes) {
        if (src.isNative()) {
            check(CudaNative.bnb_h2d(ctx, dst, src.address(), bytes));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(bytes, 64);
            MemorySegment.copy(src, 0, tmp, 0, bytes);
            check(CudaNative.bnb_h2d(ctx, dst, tmp.address(), bytes));
        }
    }

    @Override
    public void download(Tensor src, MemorySegment dst) {
        Checks.tensor(this, src, "src");
        Checks.notNull(dst, "dst");
        long bytes = src.byteSize();
        if (dst.byteSize() < bytes)
            throw new IllegalArgumentException("dst holds " + dst.byteSize() + " bytes, src needs " + bytes);
        if (bytes == 0) {
            synchronize();
            return;
        }
        if (dst.isReadOnly()) throw new IllegalArgumentException("dst is read-only");
        if (dst.isNative()) {
            check(CudaNative.bnb_d2h(ctx, dst.address(), ptr(src), bytes));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(bytes, 64);
            check(CudaNative.bnb_d2h(ctx, tmp.address(), ptr(src), bytes));
            MemorySegment.copy(tmp, 0, dst, 0, bytes);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.notNull(src, "src");
        Checks.tensor(this, dst, "dst");
        if (src.dtype() != dst.dtype() || src.numel() != dst.numel())
            throw new IllegalArgumentException("copy: src " + src.dtype() + Shapes.str(src.shape()) + " and dst "
                    + dst.dtype() + Shapes.str(dst.shape()) + " differ in dtype or size");
        if (src.backend() == this) {
            copyDevice(src, dst);
            return;
        }
        var host = src.hostSegment();
        if (host.isPresent()) {  // a host tensor: straight from its memory
            if (dst.byteSize() > 0) copyIn(ptr(dst), host.get(), dst.byteSize());
            return;
        }
        Backend.super.copy(src, dst);
    }

    @Override
    public void copyDevice(Tensor src, Tensor dst) {
        Checks.tensor(this, src, "src");
        Checks.tensor(this, dst, "dst");
        if (src.byteSize() != dst.byteSize())
            throw new IllegalArgumentException("copy: src has " + src.byteSize() + " bytes, dst " + dst.byteSize());
        check(CudaNative.bnb_d2d(ctx, ptr(dst), ptr(src), src.byteSize()));
    }

    @Override
    public void prefetch(Tensor paged, boolean toHost) {
        Checks.tensor(this, paged, "paged");
        if (!paged.isPaged()) throw new IllegalArgumentException("paged: tensor was not allocated with allocatePaged");
        check(CudaNative.bnb_prefetch(ctx, ptr(paged), paged.byteSize(), toHost ? 1 : 0));
    }

    @Override
    public void synchronize() {
        check(CudaNative.bnb_sync(ctx));
    }

    private volatile boolean warm;

    /**
     * Runs every call of {@link WarmUpCalls} once (weights 64 x 4096): the driver loads each
     * kernel at its first launch and cuBLASLt at the first int8 matmul, and the Java side of each op
     * gets past the interpreter. Once per backend; later calls return at once.
     */
    @Override
    public void warmUp() {
        if (warm) return;
        synchronized (this) {
            if (warm) return;
            try (WarmUpCalls w = WarmUpCalls.create(this, 64, 4096)) {
                w.runEach();
            }
            warm = true;
        }
    }

    /** Free device memory in bytes. */
    public long freeMemory() {
        long f = CudaNative.bnb_mem_free(ctx);
        if (f < 0) check((int) -f);
        return f;
    }

    // ------------------------------------------------------------------ 8-bit blockwise

    @Override
    public Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize) {
        Checks.quantizeBlockwise(this, a, code, blocksize);
        return quant.quantize8(a, code, blocksize);
    }

    @Override
    public Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        Checks.dequantizeBlockwise(this, a, absmax, code, blocksize, dtype);
        return quant.dequantize8(a, absmax, code, blocksize, dtype);
    }

    // ------------------------------------------------------------------ 4-bit

    @Override
    public Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage) {
        Checks.quantize4bit(this, a, blocksize, quantType, quantStorage);
        return quant.quantize4(a, blocksize, quantType, quantStorage);
    }

    @Override
    public Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        Checks.dequantize4bit(this, packed, absmax, blocksize, quantType, shape, dtype);
        return quant.dequantize4(packed, absmax, blocksize, quantType, shape, dtype);
    }

    @Override
    public Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        Checks.gemv4bit(this, a, packed, shapeB, absmax, code, blocksize);
        return matmul.gemv(a, packed, shapeB, absmax, code, blocksize);
    }

    @Override
    public Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                           Tensor bias, NestedAbsmax nested) {
        Checks.gemm4bit(this, a, packed, shapeB, absmax, blocksize, quantType, bias, nested);
        return matmul.gemm(a, packed, shapeB, absmax, blocksize, quantType, bias, nested);
    }

    // ------------------------------------------------------------------ LLM.int8

    @Override
    public Int8Quantized int8VectorwiseQuant(Tensor a, float threshold) {
        Checks.int8VectorwiseQuant(this, a, threshold);
        return int8.vectorwiseQuant(a, threshold);
    }

    @Override
    public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) {
        Checks.int8VectorwiseDequant(this, a, stats);
        return int8.vectorwiseDequant(a, stats);
    }

    @Override
    public Tensor int8LinearMatmul(Tensor a, Tensor b) {
        Checks.int8LinearMatmul(this, a, b);
        requireCublasLt(Op.INT8_LINEAR_MATMUL);
        return int8.linearMatmul(a, b);
    }

    @Override
    public Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        Checks.int8MmDequant(this, a, rowStats, colStats, dtype, bias);
        return int8.mmDequant(a, rowStats, colStats, dtype == null ? DType.F16 : dtype, bias);
    }

    @Override
    public Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold) {
        Checks.int8DoubleQuant(this, a, threshold);
        return int8.doubleQuant(a, threshold);
    }

    @Override
    public Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) {
        Checks.int8LinearMatmul(this, a, b);
        requireCublasLt(Op.INT8_SCALED_MM);
        return int8.scaledMm(a, b, rowStats, colStats, bias, dtype);
    }

    @Override
    public MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        Checks.int8MixedScaledMm(this, a, ca, cb, sca, scb, outlierCols, bias);
        requireCublasLt(Op.INT8_MIXED_SCALED_MM);
        return int8.mixedScaledMm(a, ca, cb, sca, scb, outlierCols, bias);
    }

    private void requireCublasLt(Op op) {
        String e = cublasLt();
        if (!e.isEmpty()) throw new UnsupportedOpException(op, e);
    }

    // ------------------------------------------------------------------ optimizers

    @Override
    public void optimizerUpdate32bit(Optimizer32bitStep step) {
        Checks.optimizer32bit(this, step);
        optim.update32(step);
    }

    @Override
    public void optimizerUpdate8bitBlockwise(Optimizer8bitStep step) {
        Checks.optimizer8bit(this, step);
        optim.update8(step);
    }

    @Override
    public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        Checks.percentileClipping(this, grad, gnormVec, step, percentile);
        return optim.percentileClipping(grad, gnormVec, step, percentile);
    }

    // ------------------------------------------------------------------ timing

    /**
     * Times {@code work} with CUDA events on this backend's stream. Before the timed reps a spin
     * kernel keeps the GPU busy so the host can queue them back to back; each rep's time is then
     * the device time between its two events (plus any host gap the work itself forces, such as
     * a download).
     */
    @Override
    public double[] timeMicros(Runnable work, int warmup, int reps) {
        warmUpBehindSpin(work, warmup, reps, "reps");
        check(CudaNative.bnb_event_record(ctx, 0));
        for (int i = 1; i <= reps; i++) {
            work.run();
            check(CudaNative.bnb_event_record(ctx, i));
        }
        synchronize();
        double[] us = new double[reps];
        for (int i = 0; i < reps; i++) {
            float ms = CudaNative.bnb_event_ms(ctx, i, i + 1);
            if (ms < 0) check(-1);
            us[i] = ms * 1000.0;
        }
        return us;
    }

    /**
     * Times {@code calls} back-to-back runs of {@code work} between two CUDA events (queued behind a
     * spin kernel, as {@link #timeMicros}) and returns the mean device time per call in
     * microseconds: the method of upstream's reference figures ("median of 5 x 50 calls"). Unlike
     * {@link #timeMicros} it has no event between calls, which costs about 1.8 us per call on an H100.
     */
    public double timeBatchMicros(Runnable work, int warmup, int calls) {
        warmUpBehindSpin(work, warmup, calls, "calls");
        check(CudaNative.bnb_event_record(ctx, 0));
        for (int i = 0; i < calls; i++) work.run();
        check(CudaNative.bnb_event_record(ctx, 1));
        synchronize();
        float ms = CudaNative.bnb_event_ms(ctx, 0, 1);
        if (ms < 0) check(-1);
        return ms * 1000.0 / calls;
    }

    /**
     * Runs the untimed warm-up, waits for it, then queues a spin kernel long enough (30 us per
     * timed call, at most 20 ms) for the host to queue the timed calls behind it back to back.
     */
    private void warmUpBehindSpin(Runnable work, int warmup, int calls, String name) {
        if (calls < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + calls);
        for (int i = 0; i < warmup; i++) work.run();
        synchronize();
        check(CudaNative.bnb_spin(ctx, Math.min(20_000_000L, 30_000L * calls)));
    }

    /** Benchmark hook: launches an empty kernel. */
    public void launchEmptyKernel() {
        check(CudaNative.bnb_nop(ctx));
    }

    /** Benchmark hook: a JNI call that does nothing. */
    public void jniNop() {
        check(CudaNative.bnb_jni_nop(ctx));
    }

    /**
     * Benchmark hook: the native work of {@code dequantizeBlockwise(q, absmax, code, bs, F32)}
     * (allocate, launch, release) in one JNI call, without validation or Java objects.
     */
    public void benchNativeFloor(Tensor q, Tensor absmax, Tensor code, int bs) {
        check(CudaNative.bnb_bench_native_floor(ctx, ptr(q), ptr(absmax), ptr(code), q.numel(), bs));
    }

    @Override
    public String toString() { return "CudaBackend[" + description + "]"; }
}
