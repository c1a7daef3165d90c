package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.spi.HostFallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input is rejected before anything native runs. The backend here has no device context
 * (and the tensors no memory): a call that got past validation would fail with a
 * NativeException or an UnsatisfiedLinkError, never with the argument error asserted.
 */
class ValidationTest {
    final CudaBackend b = CudaBackend.detached();

    CudaTensor t(DType d, long... shape) { return new CudaTensor(b, d, shape, 0, false); }

    static void rejects(Class<? extends RuntimeException> type, String mention, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mention), "message should mention '" + mention + "': " + e.getMessage());
    }

    static void rejects(String mention, Executable call) { rejects(IllegalArgumentException.class, mention, call); }

    @Test
    void quantizeBlockwise() {
        Tensor code = t(DType.F32, 256);
        rejects("A must have dtype", () -> b.quantizeBlockwise(t(DType.I8, 64), code, 64));
        rejects("code must have 256 elements", () -> b.quantizeBlockwise(t(DType.F32, 64), t(DType.F32, 16), 64));
        rejects("blocksize must be one of 64", () -> b.quantizeBlockwise(t(DType.F32, 64), code, 32));
        rejects("A must not be null", () -> b.quantizeBlockwise(null, code, 64));
        CudaTensor closed = t(DType.F32, 64);
        closed.close();
        rejects(IllegalStateException.class, "A is closed", () -> b.quantizeBlockwise(closed, code, 64));
    }

    @Test
    void dequantizeBlockwise() {
        rejects("absmax must have 2 elements",
                () -> b.dequantizeBlockwise(t(DType.U8, 100), t(DType.F32, 3), t(DType.F32, 256), 64, DType.F32));
        rejects("dtype must be F32, F16 or BF16",
                () -> b.dequantizeBlockwise(t(DType.U8, 64), t(DType.F32, 1), t(DType.F32, 256), 64, DType.I32));
    }

    @Test
    void fourBit() {
        rejects("blocksize must be one of 32", () -> b.quantize4bit(t(DType.BF16, 64), 48, QuantType.NF4, DType.U8));
        rejects("quantType must not be null", () -> b.quantize4bit(t(DType.BF16, 64), 64, null, DType.U8));
        rejects("quantStorage F32", () -> b.quantize4bit(t(DType.BF16, 6), 64, QuantType.NF4, DType.F32));
        rejects("A holds 10 bytes", () -> b.dequantize4bit(t(DType.U8, 10), t(DType.F32, 1), 64, QuantType.NF4, new long[]{64}, DType.F16));
        rejects("shape [-1] has a negative dimension",
                () -> b.dequantize4bit(t(DType.U8, 10), t(DType.F32, 1), 64, QuantType.NF4, new long[]{-1}, DType.F16));
    }

    @Test
    void gemvAndGemm() {
        Tensor w = t(DType.U8, 64 * 32 / 2), am = t(DType.F32, 32), code = t(DType.F32, 16);
        long[] shape = {64, 32};
        rejects("exactly one row", () -> b.gemv4bit(t(DType.F16, 2, 32), w, shape, am, code, 64));
        rejects("A's last dimension must equal shapeB[1] = 32", () -> b.gemv4bit(t(DType.F16, 1, 31), w, shape, am, code, 64));
        rejects("code must have 16 elements", () -> b.gemv4bit(t(DType.F16, 1, 32), w, shape, am, t(DType.F32, 15), 64));
        rejects("shapeB must be 2-D", () -> b.gemm4bit(t(DType.F16, 3, 32), w, new long[]{2048}, am, 64, QuantType.NF4, null, null));
        rejects("bias must have A's dtype", () -> b.gemm4bit(t(DType.F16, 3, 32), w, shape, am, 64, QuantType.NF4, t(DType.F32, 64), null));
        rejects("absmax must have 1 elements", () -> b.gemm4bit(t(DType.F16, 3, 32), w, shape, am, 64, QuantType.NF4, null,
                new NestedAbsmax(t(DType.U8, 32), t(DType.F32, 256), 0f)));
        rejects("B holds", () -> b.gemm4bit(t(DType.F16, 3, 32), t(DType.U8, 10), shape, am, 64, QuantType.NF4, null, null));
    }

    @Test
    void int8() {
        rejects("threshold must be finite and >= 0", () -> b.int8VectorwiseQuant(t(DType.F16, 4, 8), -1f));
        rejects("A must have dtype", () -> b.int8VectorwiseQuant(t(DType.I32, 4, 8), 0f));
        rejects("stats must have 4 elements", () -> b.int8VectorwiseDequant(t(DType.I8, 4, 8), t(DType.F32, 3)));
        rejects("inner dimensions differ", () -> b.int8LinearMatmul(t(DType.I8, 4, 8), t(DType.I8, 5, 9)));
        rejects("B must be 2-D", () -> b.int8LinearMatmul(t(DType.I8, 4, 8), t(DType.I8, 8)));
        rejects("A must not be empty", () -> b.int8LinearMatmul(t(DType.I8, 0, 8), t(DType.I8, 5, 8)));
        rejects("colStats must have 5 elements",
                () -> b.int8MmDequant(t(DType.I32, 4, 5), t(DType.F32, 4), t(DType.F32, 4), null, null));
        rejects("A must be at least 2-D", () -> b.int8DoubleQuant(t(DType.F16, 8), 0f));
        rejects("SCB must have 5 elements", () -> b.int8MixedScaledMm(t(DType.F16, 4, 8), t(DType.I8, 4, 8), t(DType.I8, 5, 8),
                t(DType.F32, 4), t(DType.F32, 4), null, null));
    }

    @Test
    void optimizers() {
        Tensor g = t(DType.F32, 300), p = t(DType.F32, 300), s1 = t(DType.F32, 300), s2 = t(DType.F32, 300);
        Hyper h = Hyper.adam(1e-3f);
        rejects("state2 must not be null", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, null, null, h)));
        rejects("the same tensor was passed twice",
                () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s1, null, h)));
        rejects("grad must have param's dtype", () -> b.optimizerUpdate32bit(
                new Optimizer32bitStep(OptimizerKind.MOMENTUM, t(DType.F16, 300), p, s1, null, null, h)));
        rejects("unormVec must not be null", () -> b.optimizerUpdate32bit(
                new Optimizer32bitStep(OptimizerKind.LAMB, g, p, s1, s2, null, h.withTrust(1f, 1f))));
        Tensor q1 = t(DType.U8, 300), q2 = t(DType.U8, 300), map = t(DType.F32, 256);
        rejects("absmax1 must have 2 elements", () -> b.optimizerUpdate8bitBlockwise(
                new Optimizer8bitStep(OptimizerKind.ADAM, g, p, q1, q2, map, map, t(DType.F32, 3), t(DType.F32, 2), h)));
        rejects("state1 must have dtype U8", () -> b.optimizerUpdate8bitBlockwise(
                new Optimizer8bitStep(OptimizerKind.MOMENTUM, g, p, s1, null, map, null, t(DType.F32, 2), null, h)));
    }

    @Test
    void percentileClippingAndMixedShapes() {
        rejects("percentile must be in 0..99", () -> b.percentileClipping(t(DType.F32, 4), t(DType.F32, 100), 1, 100));
        rejects("gnormVec must have 100 elements", () -> b.percentileClipping(t(DType.F32, 4), t(DType.F32, 99), 1, 5));
        rejects("step must be >= 1", () -> b.percentileClipping(t(DType.F32, 4), t(DType.F32, 100), 0, 5));
    }

    @Test
    void foreignTensorsAreRefused() {
        Backend cpu = Bnb.backend("cpu");
        try (Tensor host = cpu.allocate(DType.F32, 64)) {
            rejects("belongs to backend 'cpu'", () -> b.quantizeBlockwise(host, t(DType.F32, 256), 64));
            rejects("belongs to backend 'cpu'", () -> b.download(host, java.lang.foreign.MemorySegment.ofArray(new byte[256])));
        }
    }

    @Test
    void memoryArguments() {
        rejects("shape [2, -3] has a negative dimension", () -> b.allocate(DType.F32, 2, -3));
        rejects("dtype must not be null", () -> b.allocate(null, 2));
        rejects("src holds 4 bytes", () -> b.upload(java.lang.foreign.MemorySegment.ofArray(new byte[4]), DType.F32, 2));
        rejects("dst holds 4 bytes", () -> b.download(t(DType.F32, 2), java.lang.foreign.MemorySegment.ofArray(new byte[4])));
        rejects("not allocated with allocatePaged", () -> b.prefetch(t(DType.F32, 2), true));
        rejects("copy: src has 8 bytes", () -> b.copyDevice(t(DType.F32, 2), t(DType.F32, 3)));
    }

    @Test
    void supportMatrixAndHostFallback() {
        assertEquals(Support.NATIVE, b.support(Op.QUANTIZE_4BIT));
        assertEquals(Support.NATIVE, b.support(Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE));
        assertEquals(Support.NATIVE, b.support(Op.PAGED_MEMORY));
        assertEquals(Support.NATIVE, b.support(Op.PERCENTILE_CLIPPING));
        assertEquals("", b.supportNote(Op.PERCENTILE_CLIPPING));
        // without cuBLASLt the int8 GEMM family goes to the host, with the reason
        assertEquals(Support.NONE, b.support(Op.INT8_LINEAR_MATMUL));
        Backend wrapped = HostFallback.wrap(b, () -> Bnb.backend("cpu"));
        assertEquals(Support.SLOW, wrapped.support(Op.INT8_LINEAR_MATMUL));
        assertTrue(wrapped.supportNote(Op.INT8_LINEAR_MATMUL).contains("host"), wrapped.supportNote(Op.INT8_LINEAR_MATMUL));
        assertEquals(Support.NATIVE, wrapped.support(Op.GEMM_4BIT));
        // the int8 GEMM ops say why they are unavailable when called directly
        var e = assertThrows(UnsupportedOpException.class, () -> b.int8LinearMatmul(t(DType.I8, 2, 4), t(DType.I8, 3, 4)));
        assertEquals(Op.INT8_LINEAR_MATMUL, e.op());
        assertTrue(e.getMessage().contains("detached"), e.getMessage());
    }
}
