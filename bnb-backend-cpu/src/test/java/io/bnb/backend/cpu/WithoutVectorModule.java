package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs the quantization, LLM.int8, 4-bit gemv and Adam (32-bit, 8-bit blockwise) ops through the
 * public API and prints one line per op: its name and a hash of every output byte (gemv: its
 * length). {@link WithoutVectorModuleTest} runs it in a JVM that lacks the jdk.incubator.vector
 * module and compares with the same run in its own JVM.
 */
public final class WithoutVectorModule {
    private WithoutVectorModule() {}

    public static void main(String[] args) {
        System.out.println("simd " + Simd.ENABLED);
        for (String line : run()) System.out.println(line);
    }

    static String[] run() {
        Backend b = Bnb.backend("cpu");
        Random r = new Random(11);
        float[] x = new float[64 * 1000];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] g = new float[600], w = new float[600], v = new float[600];
        for (int i = 0; i < 600; i++) {
            g[i] = (float) r.nextGaussian() * 0.01f;
            w[i] = (float) r.nextGaussian();
            v[i] = 1e-4f * (1 + r.nextFloat());
        }
        byte[] codes = new byte[600];
        r.nextBytes(codes);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Tensor bf = keep(open, b.upload(x, DType.BF16, 64, 1000));
            Tensor f32 = keep(open, b.upload(x, 64, 1000));
            Tensor code = keep(open, b.upload(Codebooks.dynamicSigned(), 256));
            Tensor nf4 = keep(open, b.upload(Codebooks.nf4(), 16));
            Quantized q4 = keep(open, b.quantize4bit(bf, 64, QuantType.NF4, DType.U8));
            Tensor d4 = keep(open, b.dequantize4bit(q4.data(), q4.absmax(), 64, QuantType.NF4, new long[]{64, 1000}, DType.BF16));
            Tensor d4f = keep(open, b.dequantize4bit(q4.data(), q4.absmax(), 64, QuantType.NF4, new long[]{64, 1000}, DType.F32));
            Quantized q8 = keep(open, b.quantizeBlockwise(f32, code, 256));
            Tensor d8 = keep(open, b.dequantizeBlockwise(q8.data(), q8.absmax(), code, 256, DType.BF16));
            Int8Quantized i8 = keep(open, b.int8VectorwiseQuant(bf, 0f));
            Int8DoubleQuantized dq = keep(open, b.int8DoubleQuant(bf, 0f));
            Tensor mm = keep(open, b.int8LinearMatmul(i8.data(), i8.data()));
            Tensor row = keep(open, b.upload(Arrays.copyOf(x, 1000), DType.BF16, 1, 1000));
            Tensor gemv = keep(open, b.gemv4bit(row, q4.data(), new long[]{64, 1000}, q4.absmax(), nf4, 64));
            Tensor gt = keep(open, b.upload(g, 600)), p32 = keep(open, b.upload(w, 600));
            Tensor m32 = keep(open, b.upload(g, 600)), v32 = keep(open, b.upload(v, 600));
            b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, gt, p32, m32, v32, null, Hyper.adam(1e-3f).withStep(3)));
            Tensor p8 = keep(open, b.upload(w, 600)), unsigned = keep(open, b.upload(Codebooks.dynamicUnsigned(), 256));
            Tensor s1 = keep(open, b.upload(codes, DType.U8, 600)), s2 = keep(open, b.upload(codes, DType.U8, 600));
            Tensor a1 = keep(open, b.upload(new float[]{0.01f, 0.02f, 0.03f}, 3)), a2 = keep(open, b.upload(new float[]{1e-4f, 2e-4f, 3e-4f}, 3));
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, gt, p8, s1, s2, code, unsigned, a1, a2,
                    Hyper.adam(1e-3f).withStep(2)));
            return new String[]{
                    "quantize4bit " + hash(b, q4.data(), q4.absmax()),
                    "dequantize4bit.bf16 " + hash(b, d4),
                    "dequantize4bit.f32 " + hash(b, d4f),
                    "quantizeBlockwise " + hash(b, q8.data(), q8.absmax()),
                    "dequantizeBlockwise.bf16 " + hash(b, d8),
                    "int8VectorwiseQuant " + hash(b, i8.data(), i8.rowStats()),
                    "int8DoubleQuant " + hash(b, dq.rowData(), dq.colData(), dq.rowStats(), dq.colStats()),
                    "int8LinearMatmul " + hash(b, mm),
                    // the one-row BF16 gemv rounds differently on the two paths: only that it runs
                    "gemv4bit " + gemv.numel(),
                    "optimizerUpdate32bit " + hash(b, p32, m32, v32),
                    "optimizerUpdate8bitBlockwise " + hash(b, p8, s1, s2, a1, a2)};
        } finally {
            // the test runs this in its own JVM too: give back every tensor made here
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing a tensor", e);
                }
            }
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> open, T t) {
        open.add(t);
        return t;
    }

    private static int hash(Backend b, Tensor... ts) {
        int h = 1;
        for (Tensor t : ts) h = 31 * h + Arrays.hashCode(b.downloadBytes(t));
        return h;
    }
}
