package io.bnb.spi;

import io.bnb.api.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The calls behind {@link Backend#warmUp()}: every inference op (4-bit quantize, dequantize, gemv
 * and gemm; 8-bit blockwise quantize and dequantize; int8 row quantization; int8 matmul with its
 * dequantization) in BF16, F16 and F32, on weights of {@code rows x k} from N(0, 1), and Adam's
 * 32-bit and 8-bit blockwise steps on that many F32 parameters, with inputs made once. Built here so that every backend warms up the same ops; a JIT-compiled backend runs
 * them until compiled, a device backend once (to load its kernels and libraries). Ops the backend
 * declares {@link Support#NONE} are left out. Closing frees the inputs.
 */
public final class WarmUpCalls implements AutoCloseable {

    /** One op call; it frees what it makes. */
    public record Call(String name, Runnable run) {}

    private final Backend b;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();

    private WarmUpCalls(Backend b) { this.b = b; }

    /**
     * The calls for weights of {@code rows x k} ({@code k} a multiple of 256; gemm takes 4
     * and 16 activation rows, int8 matmul 16). Fails only as the backend's own ops fail.
     */
    public static WarmUpCalls create(Backend b, int rows, int k) {
        if (rows < 1 || k < 256 || k % 256 != 0) throw new IllegalArgumentException("rows must be >= 1 and k a positive multiple of 256, got " + rows + " x " + k);
        WarmUpCalls w = new WarmUpCalls(b);
        try {
            w.build(rows, k);
            return w;
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
    }

    public List<Call> calls() { return List.copyOf(calls); }

    /** Runs every call once and waits for the backend. */
    public void runEach() {
        for (Call c : calls) c.run().run();
        b.synchronize();
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                // inputs this class made; a failure to free one must not hide the others
            }
        }
        owned.clear();
    }

    private boolean has(Op op) { return b.support(op) != Support.NONE; }

    private void build(int rows, int k) {
        SplittableRandom r = new SplittableRandom(1);
        float[] w = new float[rows * k], xs = new float[16 * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
        long[] shapeW = {rows, k};
        int bs4 = 64, bs8 = 256;
        Tensor code8 = keep(b.upload(Codebooks.dynamicSigned(), DType.F32, 256)); // also Adam's first-state code
        Tensor nf4 = keep(b.upload(Codebooks.nf4(), DType.F32, 16));
        for (DType d : new DType[] {DType.BF16, DType.F16, DType.F32}) {
            Tensor wd = keep(b.upload(w, d, rows, k));
            String s = " " + d;
            if (has(Op.QUANTIZE_4BIT)) {
                Quantized q4 = keep(b.quantize4bit(wd, bs4, QuantType.NF4, DType.U8));
                add("quantize4bit" + s, () -> b.quantize4bit(wd, bs4, QuantType.NF4, DType.U8).close());
                if (has(Op.DEQUANTIZE_4BIT))
                    add("dequantize4bit" + s, () -> b.dequantize4bit(q4.data(), q4.absmax(), bs4, QuantType.NF4, shapeW, d).close());
                if (has(Op.GEMV_4BIT)) {
                    Tensor x1 = keep(b.upload(Arrays.copyOf(xs, k), d, 1, k));
                    add("gemv4bit" + s, () -> b.gemv4bit(x1, q4.data(), shapeW, q4.absmax(), nf4, bs4).close());
                }
                if (has(Op.GEMM_4BIT)) {
                    // a few rows and a batch: a backend may tile them differently (the CPU one does)
                    Tensor x4 = keep(b.upload(Arrays.copyOf(xs, 4 * k), d, 4, k));
                    add("gemm4bit" + s, () -> b.gemm4bit(x4, q4.data(), shapeW, q4.absmax(), bs4, QuantType.NF4, null, null).close());
                    Tensor x16 = keep(b.upload(xs, d, 16, k));
                    add("gemm4bit x16" + s, () -> b.gemm4bit(x16, q4.data(), shapeW, q4.absmax(), bs4, QuantType.NF4, null, null).close());
                }
            }
            if (has(Op.QUANTIZE_BLOCKWISE)) {
                Quantized q8 = keep(b.quantizeBlockwise(wd, code8, bs8));
                add("quantizeBlockwise" + s, () -> b.quantizeBlockwise(wd, code8, bs8).close());
                if (has(Op.DEQUANTIZE_BLOCKWISE))
                    add("dequantizeBlockwise" + s, () -> b.dequantizeBlockwise(q8.data(), q8.absmax(), code8, bs8, d).close());
            }
            if (has(Op.INT8_VECTORWISE_QUANT)) add("int8VectorwiseQuant" + s, () -> b.int8VectorwiseQuant(wd, 0f).close());
        }
        int params = rows * k;
        boolean adam32 = has(Op.OPTIMIZER_UPDATE_32BIT), adam8 = has(Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE) && params % Optimizer8bitStep.BLOCKSIZE == 0;
        Tensor grad = adam32 || adam8 ? keep(b.upload(w, params)) : null; // read only: one for both steps
        if (adam32) {
            Tensor p = keep(b.upload(w, params));
            Tensor s1 = keep(b.allocate(DType.F32, params)), s2 = keep(b.allocate(DType.F32, params));
            Optimizer32bitStep step = new Optimizer32bitStep(OptimizerKind.ADAM, grad, p, s1, s2, null, Hyper.adam(1e-4f));
            add("optimizerUpdate32bit adam", () -> b.optimizerUpdate32bit(step));
        }
        if (adam8) {
            int blocks = params / Optimizer8bitStep.BLOCKSIZE;
            Tensor p = keep(b.upload(w, params));
            Tensor s1 = keep(b.allocate(DType.U8, params)), s2 = keep(b.allocate(DType.U8, params));
            Tensor q2 = keep(b.upload(Codebooks.dynamicUnsigned(), 256));
            Tensor a1 = keep(b.allocate(DType.F32, blocks)), a2 = keep(b.allocate(DType.F32, blocks));
            Optimizer8bitStep step = new Optimizer8bitStep(OptimizerKind.ADAM, grad, p, s1, s2, code8, q2, a1, a2, Hyper.adam(1e-4f));
            add("optimizerUpdate8bitBlockwise adam", () -> b.optimizerUpdate8bitBlockwise(step));
        }
        if (has(Op.INT8_VECTORWISE_QUANT) && has(Op.INT8_LINEAR_MATMUL) && has(Op.INT8_MM_DEQUANT)) {
            Int8Quantized a8, w8;
            try (Tensor xb = b.upload(xs, DType.BF16, 16, k); Tensor wb = b.upload(w, DType.BF16, rows, k)) {
                a8 = keep(b.int8VectorwiseQuant(xb, 0f));
                w8 = keep(b.int8VectorwiseQuant(wb, 0f));
            }
            add("int8LinearMatmul", () -> {
                try (Tensor acc = b.int8LinearMatmul(a8.data(), w8.data())) {
                    b.int8MmDequant(acc, a8.rowStats(), w8.rowStats(), DType.BF16, null).close();
                }
            });
        }
    }

    private void add(String name, Runnable run) { calls.add(new Call(name, run)); }

    private <T extends AutoCloseable> T keep(T t) {
        owned.add(t);
        return t;
    }
}
