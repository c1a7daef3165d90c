package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.spi.Checks;

import java.lang.foreign.MemorySegment;

/**
 * The pure-Java backend. Validation is shared ({@link Checks}); each op family lives in its own
 * kernel class. Every op is NATIVE here: this backend is the reference the others are held to.
 */
public final class CpuBackend implements Backend {

    /** gemv_4bit / gemm_4bit arithmetic: fast (default) or CUDA-exact, from {@code -Dbnb.cpu.gemv}. */
    private final FourBitMatmul.Mode matmul4Mode;

    CpuBackend() { this(FourBitMatmul.Mode.fromProperty()); }

    /** A backend with the given 4-bit matmul mode (tests that compare bit for bit with CUDA use EXACT). */
    CpuBackend(FourBitMatmul.Mode matmul4Mode) { this.matmul4Mode = matmul4Mode; }

    FourBitMatmul.Mode matmul4Mode() { return matmul4Mode; }

    @Override public String name() { return "cpu"; }

    @Override
    public String device() {
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (Simd.ENABLED ? Simd.bits() + "-bit SIMD" : "scalar");
    }

    @Override public Support support(Op op) { return Support.NATIVE; }

    // ------------------------------------------------------------------ memory

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        return new CpuTensor(this, dtype, shape, false);
    }

    /** An output tensor whose every element the calling kernel writes (not zero-filled when reused). */
    Tensor output(DType dtype, long... shape) {
        return new CpuTensor(this, dtype, shape, false, false);
    }

    /** On the CPU paged memory is ordinary host memory. */
    @Override
    public Tensor allocatePaged(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        return new CpuTensor(this, dtype, shape, true);
    }

    @Override
    public Tensor upload(MemorySegment src, DType dtype, long... shape) {
        Checks.notNull(src, "src");
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        if (src.byteSize() < bytes)
            throw new IllegalArgumentException("src holds " + src.byteSize() + " bytes, " + dtype + Shapes.str(shape) + " needs " + bytes);
        CpuTensor t = new CpuTensor(this, dtype, shape, false, false);
        MemorySegment.copy(src, 0, t.seg(), 0, bytes);
        return t;
    }

    @Override
    public void download(Tensor src, MemorySegment dst) {
        Checks.tensor(this, src, "src");
        Checks.notNull(dst, "dst");
        if (dst.byteSize() < src.byteSize())
            throw new IllegalArgumentException("dst holds " + dst.byteSize() + " bytes, src needs " + src.byteSize());
        MemorySegment.copy(seg(src), 0, dst, 0, src.byteSize());
    }

    @Override
    public void copyDevice(Tensor src, Tensor dst) {
        Checks.tensor(this, src, "src");
        Checks.tensor(this, dst, "dst");
        if (src.byteSize() != dst.byteSize())
            throw new IllegalArgumentException("copy: src has " + src.byteSize() + " bytes, dst " + dst.byteSize());
        MemorySegment.copy(seg(src), 0, seg(dst), 0, src.byteSize());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.tensor(this, dst, "dst");
        if (src.dtype() != dst.dtype() || src.numel() != dst.numel())
            throw new IllegalArgumentException("copy: src " + src.dtype() + Shapes.str(src.shape()) + " and dst "
                    + dst.dtype() + Shapes.str(dst.shape()) + " differ in dtype or size");
        src.backend().download(src, seg(dst));
    }

    @Override
    public void prefetch(Tensor paged, boolean toHost) {
        Checks.tensor(this, paged, "paged");
        if (!paged.isPaged()) throw new IllegalArgumentException("paged: tensor was not allocated with allocatePaged");
    }

    @Override public void synchronize() {}

    /** See {@link Warmup}: the inference kernels, once per JVM. */
    @Override public void warmUp() { Warmup.once(this); }

    /** The segment of a CPU tensor (argument already validated). */
    static MemorySegment seg(Tensor t) { return ((CpuTensor) t).seg(); }

    // ------------------------------------------------------------------ 8-bit blockwise

    @Override
    public Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize) {
        Checks.quantizeBlockwise(this, a, code, blocksize);
        return Blockwise8Kernels.quantize(this, a, code, blocksize);
    }

    @Override
    public Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        Checks.dequantizeBlockwise(this, a, absmax, code, blocksize, dtype);
        return Blockwise8Kernels.dequantize(this, a, absmax, code, blocksize, dtype);
    }

    // ------------------------------------------------------------------ 4-bit

    @Override
    public Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage) {
        Checks.quantize4bit(this, a, blocksize, quantType, quantStorage);
        return FourBitKernels.quantize(this, a, blocksize, quantType, quantStorage);
    }

    @Override
    public Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        Checks.dequantize4bit(this, packed, absmax, blocksize, quantType, shape, dtype);
        return FourBitKernels.dequantize(this, packed, absmax, blocksize, quantType, shape, dtype);
    }

    @Override
    public Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        Checks.gemv4bit(this, a, packed, shapeB, absmax, code, blocksize);
        return FourBitMatmul.gemv(this, a, packed, shapeB, absmax, code, blocksize);
    }

    @Override
    public Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                           Tensor bias, NestedAbsmax nested) {
        Checks.gemm4bit(this, a, packed, shapeB, absmax, blocksize, quantType, bias, nested);
        return FourBitMatmul.gemm(this, a, packed, shapeB, absmax, blocksize, quantType, bias, nested);
    }

    // ------------------------------------------------------------------ LLM.int8

    @Override
    public Int8Quantized int8VectorwiseQuant(Tensor a, float threshold) {
        Checks.int8VectorwiseQuant(this, a, threshold);
        return Int8Kernels.vectorwiseQuant(this, a, threshold);
    }

    @Override
    public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) {
        Checks.int8VectorwiseDequant(this, a, stats);
        return Int8Kernels.vectorwiseDequant(this, a, stats);
    }

    @Override
    public Tensor int8LinearMatmul(Tensor a, Tensor b) {
        Checks.int8LinearMatmul(this, a, b);
        return Int8Kernels.linearMatmul(this, a, b);
    }

    @Override
    public Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        Checks.int8MmDequant(this, a, rowStats, colStats, dtype, bias);
        return Int8Kernels.mmDequant(this, a, rowStats, colStats, dtype == null ? DType.F16 : dtype, bias);
    }

    @Override
    public Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold) {
        Checks.int8DoubleQuant(this, a, threshold);
        return Int8Kernels.doubleQuant(this, a, threshold);
    }

    @Override
    public Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) {
        Checks.int8LinearMatmul(this, a, b);
        try (Tensor acc = Int8Kernels.linearMatmul(this, a, b)) {
            Checks.int8MmDequant(this, acc, rowStats, colStats, dtype, bias);
            return Int8Kernels.mmDequant(this, acc, rowStats, colStats, dtype == null ? DType.F16 : dtype, bias);
        }
    }

    @Override
    public MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        Checks.int8MixedScaledMm(this, a, ca, cb, sca, scb, outlierCols, bias);
        return Int8Kernels.mixedScaledMm(this, a, ca, cb, sca, scb, outlierCols, bias);
    }

    // ------------------------------------------------------------------ optimizers

    @Override
    public void optimizerUpdate32bit(Optimizer32bitStep step) {
        Checks.optimizer32bit(this, step);
        OptimizerKernels.update32bit(step);
    }

    @Override
    public void optimizerUpdate8bitBlockwise(Optimizer8bitStep step) {
        Checks.optimizer8bit(this, step);
        OptimizerKernels.update8bitBlockwise(step);
    }

    @Override
    public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        Checks.percentileClipping(this, grad, gnormVec, step, percentile);
        return OptimizerKernels.percentileClipping(grad, gnormVec, step, percentile);
    }

    @Override
    public String toString() { return "CpuBackend[" + device() + "]"; }
}
