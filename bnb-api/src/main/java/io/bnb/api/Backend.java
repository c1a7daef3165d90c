package io.bnb.api;

import java.lang.foreign.MemorySegment;

/**
 * One device: its memory and its ops. Op names mirror upstream's {@code bitsandbytes::} registry.
 * Every op validates its arguments (dtype, shape, block size, closed or foreign tensors) before
 * touching memory and throws {@link IllegalArgumentException} / {@link IllegalStateException}
 * naming the argument. Ops returning tensors allocate them on this backend; the caller owns
 * (and closes) them. Obtain instances through {@link Bnb}.
 */
public interface Backend {

    /** Short name: "cpu", "cuda", ... */
    String name();

    /** Human description of the device ("NVIDIA H100 80GB HBM3, sm_90", "x86_64, 2 cores, AVX-512"). */
    String device();

    /** How this backend runs {@code op}. */
    Support support(Op op);

    /** Why an op is not NATIVE ("" when it is). */
    default String supportNote(Op op) { return ""; }

    // ---------------------------------------------------------------- memory

    /** Allocates a zero-filled tensor. */
    Tensor allocate(DType dtype, long... shape);

    /** Allocates device-visible, host-migratable memory (CUDA managed memory); zero-filled. */
    Tensor allocatePaged(DType dtype, long... shape);

    /** Copies {@code src} (at least numel*size bytes, little-endian) into a new tensor. */
    Tensor upload(MemorySegment src, DType dtype, long... shape);

    /** Copies a tensor's bytes into {@code dst} (waits for pending work on the tensor). */
    void download(Tensor src, MemorySegment dst);

    /** Copies {@code src} (any backend) into {@code dst} of this backend; same dtype and numel. */
    default void copy(Tensor src, Tensor dst) {
        if (src.dtype() != dst.dtype() || src.numel() != dst.numel())
            throw new IllegalArgumentException("copy: src " + src.dtype() + Shapes.str(src.shape()) + " and dst "
                    + dst.dtype() + Shapes.str(dst.shape()) + " differ in dtype or size");
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(Math.max(1, src.byteSize()), 64);
            src.backend().download(src, tmp);
            try (Tensor t = upload(tmp, dst.dtype(), dst.shape())) {
                copyDevice(t, dst);
            }
        }
    }

    /** Copies between two tensors of this backend (same dtype and numel). */
    void copyDevice(Tensor src, Tensor dst);

    /** Migrates paged memory to the host ({@code toHost}) or to the device. */
    void prefetch(Tensor paged, boolean toHost);

    /** Waits until all queued work of this backend is done. */
    void synchronize();

    /**
     * Gets this backend's inference kernels and Adam's steps ready, so that their first
     * full-size calls run at steady speed ({@link io.bnb.spi.WarmUpCalls} lists them): the CPU
     * backend runs them on small inputs until the JIT has compiled them (seconds of CPU; a cold
     * 4096x4096 gemv4bit otherwise takes ~2 s against 8 ms warm). Results
     * never depend on it. Blocking, callable from any thread and more than once (later calls
     * return at once); call it on a background thread while weights load to keep it off the
     * critical path. Backends with nothing to prepare return at once (the default).
     */
    default void warmUp() {}

    // ---------------------------------------------------------------- 8-bit blockwise

    /** 8-bit blockwise quantization with a sorted 256-entry F32 code; data is U8, same shape as {@code a}. */
    Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize);

    /** Dequantizes U8 codes to {@code dtype} (F32/F16/BF16), same shape as {@code a}. */
    Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype);

    // ---------------------------------------------------------------- 4-bit

    /**
     * NF4/FP4 quantization; packed data has shape {@code [(n+1)/(2*itemsize), 1]} in dtype
     * {@code quantStorage} (the bytes never change; high nibble = lower index).
     */
    Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage);

    /** Dequantizes packed 4-bit data (any storage dtype, read as bytes) into {@code shape}/{@code dtype}. */
    Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype);

    /** {@code out[.., N] = A[.., K] · W[N,K]^T} for a single activation row, W packed 4-bit with a 16-entry {@code code}. */
    Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize);

    /**
     * Fused 4-bit GEMM {@code A[.., K] · W[N,K]^T + bias} for any number of rows. {@code absmax} is the
     * first-level F32 absmax, or with {@code nested != null} the second-level absmax. {@code bias} may be null.
     */
    Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                    Tensor bias, NestedAbsmax nested);

    // ---------------------------------------------------------------- LLM.int8

    /** Row-wise int8 quantization with optional outlier threshold (0 disables). */
    Int8Quantized int8VectorwiseQuant(Tensor a, float threshold);

    /** {@code A * stats[:,None] / 127} in F32. */
    Tensor int8VectorwiseDequant(Tensor a, Tensor stats);

    /** {@code A[.., K] · B[N, K]^T} with exact int32 accumulation. */
    Tensor int8LinearMatmul(Tensor a, Tensor b);

    /** {@code A * row * col / 127² + bias} rounded through fp16 then to {@code dtype} (F16 when null). */
    Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias);

    /** Row and column int8 quantization with outlier handling. */
    Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold);

    /** {@code int8MmDequant(int8LinearMatmul(a, b), ...)}. */
    Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype);

    /** LLM.int8 with the outlier columns computed in 16-bit; {@code outlierCols} and {@code bias} may be null. */
    MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias);

    // ---------------------------------------------------------------- optimizers

    /** One 32-bit optimizer step, in place. */
    void optimizerUpdate32bit(Optimizer32bitStep step);

    /** One 8-bit blockwise optimizer step (block 256), in place. */
    void optimizerUpdate8bitBlockwise(Optimizer8bitStep step);

    /**
     * Percentile clipping (removed upstream in 0.50, kept as a helper): records the squared
     * gradient norm into the F32[100] ring buffer {@code gnormVec} and returns the scale.
     */
    ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile);

    // ---------------------------------------------------------------- host conveniences

    /** Uploads floats, converted to {@code dtype} (F32, F16 or BF16, round-to-nearest-even). */
    default Tensor upload(float[] data, DType dtype, long... shape) {
        return upload(HostArrays.fromFloats(data, dtype), dtype, shape);
    }

    /** Uploads floats as F32. */
    default Tensor upload(float[] data, long... shape) { return upload(data, DType.F32, shape); }

    /** Uploads raw bytes as U8 or I8. */
    default Tensor upload(byte[] data, DType dtype, long... shape) {
        return upload(MemorySegment.ofArray(data), dtype, shape);
    }

    /** Downloads any F32/F16/BF16 tensor widened to floats (exact). */
    default float[] downloadFloats(Tensor t) { return HostArrays.toFloats(downloadSegment(t), t.dtype()); }

    /** Downloads the raw bytes of a tensor. */
    default byte[] downloadBytes(Tensor t) { return downloadSegment(t).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE); }

    /** Downloads an I32 tensor. */
    default int[] downloadInts(Tensor t) { return HostArrays.toInts(downloadSegment(t), t.dtype()); }

    /** Downloads an I64 (or I32) tensor. */
    default long[] downloadLongs(Tensor t) { return HostArrays.toLongs(downloadSegment(t), t.dtype()); }

    private MemorySegment downloadSegment(Tensor t) {
        MemorySegment heap = MemorySegment.ofArray(new byte[Math.toIntExact(t.byteSize())]);
        download(t, heap);
        return heap;
    }
}
