package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.spi.HostFallback;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A device backend that declares {@link Support#NONE} gets those ops run by the CPU backend through
 * {@link HostFallback}: byte-identical results, device-owned outputs, in-place arguments written
 * back, SLOW reported, the device never asked. Ops the CPU backend does not implement yet are
 * skipped (aborted), not passed.
 */
class HostFallbackTest {
    final CpuBackend cpu = new CpuBackend();
    final FakeDeviceBackend device = new FakeDeviceBackend("dev", Support.NONE).declare(Support.NATIVE, Op.GEMM_4BIT);
    final Backend wrapped = HostFallback.wrap(device, () -> cpu);
    final SplittableRandom rnd = new SplittableRandom(2024);

    float[] normal(int n, double sd) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) (rnd.nextGaussian() * sd);
        return f;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    float[] positive(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) (0.1 + rnd.nextDouble());
        return f;
    }

    /** Runs {@code op} on the CPU directly; aborts the test when the CPU kernel is not implemented yet. */
    static <T> T cpuOrSkip(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (UnsupportedOperationException e) {
            if (String.valueOf(e.getMessage()).contains("not implemented")) abort("CPU kernel not there yet: " + e.getMessage());
            throw e;
        }
    }

    /** Inputs described once, uploaded to both backends. */
    record Input(Object data, DType dtype, long[] shape) {
        Tensor on(Backend b) {
            return data instanceof float[] f ? b.upload(f, dtype, shape) : b.upload((byte[]) data, dtype, shape);
        }
    }

    static Input f(float[] d, DType t, long... shape) { return new Input(d, t, shape); }
    static Input b(byte[] d, DType t, long... shape) { return new Input(d, t, shape); }

    /** Runs {@code op} on the CPU and through the wrapped device; returns both results' tensors as bytes, pairwise. */
    void assertSameResult(List<Input> inputs, Function<Backend, Function<List<Tensor>, List<Tensor>>> op, Op which) {
        List<Tensor> cpuIn = inputs.stream().map(i -> i.on(cpu)).toList();
        List<Tensor> cpuOut = cpuOrSkip(() -> op.apply(cpu).apply(cpuIn));
        List<Tensor> devIn = inputs.stream().map(i -> i.on(wrapped)).toList();
        List<Tensor> devOut = op.apply(wrapped).apply(devIn);
        assertEquals(cpuOut.size(), devOut.size());
        for (int i = 0; i < cpuOut.size(); i++) {
            Tensor c = cpuOut.get(i), d = devOut.get(i);
            if (c == null) {
                assertNull(d, "output " + i);
                continue;
            }
            assertEquals("dev", d.backend().name(), "output " + i + " lives on the device");
            assertEquals(c.dtype(), d.dtype(), "output " + i + " dtype");
            assertArrayEquals(c.shape(), d.shape(), "output " + i + " shape");
            assertArrayEquals(cpu.downloadBytes(c), wrapped.downloadBytes(d), "output " + i + " bytes");
        }
        // inputs too: in-place ops mutate them, the others must leave them alone
        for (int i = 0; i < inputs.size(); i++)
            assertArrayEquals(cpu.downloadBytes(cpuIn.get(i)), wrapped.downloadBytes(devIn.get(i)), "argument " + i + " after the op");
        assertEquals(Support.SLOW, wrapped.support(which));
        assertTrue(device.deviceCalls.isEmpty(), "device ran " + device.deviceCalls);
    }

    @Test
    void supportIsReportedSlowAndNativeOpsStillGoToTheDevice() {
        for (Op op : Op.values()) {
            Support want = op == Op.GEMM_4BIT ? Support.NATIVE : op == Op.PAGED_MEMORY ? Support.NONE : Support.SLOW;
            assertEquals(want, wrapped.support(op), op.toString());
        }
        Tensor a = wrapped.upload(new float[64], DType.F32, 1, 64);
        var e = assertThrows(UnsupportedOperationException.class,
                () -> wrapped.gemm4bit(a, a, new long[]{1, 64}, a, 64, QuantType.NF4, null, null));
        assertTrue(e.getMessage().contains("fake device 'dev' ran gemm4bit"), e.getMessage());
    }

    @Test
    void quantizeBlockwise() {
        assertSameResult(List.of(f(normal(2100, 1), DType.F32, 3, 700), f(Codebooks.dynamicSigned(), DType.F32, 256)),
                b -> in -> { Quantized q = b.quantizeBlockwise(in.get(0), in.get(1), 256); return List.of(q.data(), q.absmax()); },
                Op.QUANTIZE_BLOCKWISE);
    }

    @Test
    void dequantizeBlockwise() {
        assertSameResult(List.of(b(randomBytes(1000), DType.U8, 1000), f(positive(8), DType.F32, 8), f(Codebooks.dynamicSigned(), DType.F32, 256)),
                b -> in -> List.of(b.dequantizeBlockwise(in.get(0), in.get(1), in.get(2), 128, DType.BF16)),
                Op.DEQUANTIZE_BLOCKWISE);
    }

    @Test
    void quantize4bit() {
        assertSameResult(List.of(f(normal(5 * 301, 0.02), DType.BF16, 5, 301)),
                b -> in -> { Quantized q = b.quantize4bit(in.get(0), 64, QuantType.NF4, DType.U8); return List.of(q.data(), q.absmax()); },
                Op.QUANTIZE_4BIT);
    }

    @Test
    void dequantize4bit() {
        assertSameResult(List.of(b(randomBytes(151), DType.U8, 151, 1), f(positive(5), DType.F32, 5)),
                b -> in -> List.of(b.dequantize4bit(in.get(0), in.get(1), 64, QuantType.FP4, new long[]{7, 43}, DType.F16)),
                Op.DEQUANTIZE_4BIT);
    }

    @Test
    void gemv4bit() {
        assertSameResult(List.of(f(normal(128, 1), DType.BF16, 1, 1, 128), b(randomBytes(64 * 128 / 2), DType.U8, 64 * 128 / 2, 1),
                        f(positive(128), DType.F32, 128), f(Codebooks.nf4(), DType.F32, 16)),
                b -> in -> List.of(b.gemv4bit(in.get(0), in.get(1), new long[]{64, 128}, in.get(2), in.get(3), 64)),
                Op.GEMV_4BIT);
    }

    @Test
    void int8VectorwiseQuantWithOutliers() {
        float[] a = normal(6 * 16, 1);
        a[2 * 16 + 3] = 7.5f;
        a[4 * 16 + 9] = -6.25f;
        assertSameResult(List.of(f(a, DType.F16, 6, 16)),
                b -> in -> { Int8Quantized q = b.int8VectorwiseQuant(in.get(0), 6f); return List.of(q.data(), q.rowStats(), q.outlierCols()); },
                Op.INT8_VECTORWISE_QUANT);
    }

    @Test
    void int8LinearMatmul() {
        assertSameResult(List.of(b(randomBytes(4 * 32), DType.I8, 4, 32), b(randomBytes(8 * 32), DType.I8, 8, 32)),
                b -> in -> List.of(b.int8LinearMatmul(in.get(0), in.get(1))),
                Op.INT8_LINEAR_MATMUL);
    }

    @Test
    void optimizerUpdate32bitWritesParamAndStatesBack() {
        int n = 1000;
        assertSameResult(List.of(f(normal(n, 0.01), DType.F32, n), f(normal(n, 1), DType.F32, n),
                        f(normal(n, 0.001), DType.F32, n), f(positive(n), DType.F32, n)),
                b -> in -> {
                    b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, in.get(0), in.get(1), in.get(2), in.get(3), null,
                            Hyper.adam(1e-3f).withStep(3).withWeightDecay(0.01f)));
                    return List.of();
                },
                Op.OPTIMIZER_UPDATE_32BIT);
    }

    @Test
    void optimizerUpdate8bitBlockwiseWritesParamStatesAndAbsmaxBack() {
        int n = 600, blocks = 3;
        assertSameResult(List.of(f(normal(n, 0.01), DType.F32, n), f(normal(n, 1), DType.F32, n),
                        b(randomBytes(n), DType.U8, n), b(randomBytes(n), DType.U8, n),
                        f(Codebooks.dynamicSigned(), DType.F32, 256), f(Codebooks.dynamicUnsigned(), DType.F32, 256),
                        f(positive(blocks), DType.F32, blocks), f(positive(blocks), DType.F32, blocks)),
                b -> in -> {
                    b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, in.get(0), in.get(1), in.get(2), in.get(3),
                            in.get(4), in.get(5), in.get(6), in.get(7), Hyper.adam(1e-3f).withStep(2)));
                    return List.of();
                },
                Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE);
    }

    @Test
    void percentileClippingRecordsTheNormOnTheDevice() {
        float[] grad = normal(1000, 1);
        Tensor cg = cpu.upload(grad, 1000), cv = cpu.allocate(DType.F32, 100);
        ClipResult want = cpuOrSkip(() -> cpu.percentileClipping(cg, cv, 1, 95));
        Tensor dg = wrapped.upload(grad, 1000), dv = wrapped.allocate(DType.F32, 100);
        ClipResult got = wrapped.percentileClipping(dg, dv, 1, 95);
        assertEquals(want, got);
        assertArrayEquals(cpu.downloadBytes(cv), wrapped.downloadBytes(dv), "gnormVec written back");
        assertTrue(device.deviceCalls.isEmpty());
    }
}
