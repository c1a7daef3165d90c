package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.util.Arrays;
import java.util.Random;

/**
 * Runs the quantization, LLM.int8 and 4-bit gemv ops through the public API and prints one line
 * per op: its name and a hash of every output byte (gemv: its length). {@link WithoutVectorModuleTest} runs it in a JVM that lacks the
 * jdk.incubator.vector module and compares with the same run in its own JVM.
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
        try (Tensor bf = b.upload(x, DType.BF16, 64, 1000); Tensor f32 = b.upload(x, 64, 1000);
             Tensor code = b.upload(Codebooks.dynamicSigned(), 256)) {
            Quantized q4 = b.quantize4bit(bf, 64, QuantType.NF4, DType.U8);
            Tensor d4 = b.dequantize4bit(q4.data(), q4.absmax(), 64, QuantType.NF4, new long[]{64, 1000}, DType.BF16);
            Tensor d4f = b.dequantize4bit(q4.data(), q4.absmax(), 64, QuantType.NF4, new long[]{64, 1000}, DType.F32);
            Quantized q8 = b.quantizeBlockwise(f32, code, 256);
            Tensor d8 = b.dequantizeBlockwise(q8.data(), q8.absmax(), code, 256, DType.BF16);
            Int8Quantized i8 = b.int8VectorwiseQuant(bf, 0f);
            Int8DoubleQuantized dq = b.int8DoubleQuant(bf, 0f);
            Tensor mm = b.int8LinearMatmul(i8.data(), i8.data());
            Tensor row = b.upload(java.util.Arrays.copyOf(x, 1000), DType.BF16, 1, 1000);
            Tensor gemv = b.gemv4bit(row, q4.data(), new long[]{64, 1000}, q4.absmax(), b.upload(Codebooks.nf4(), 16), 64);
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
                    "gemv4bit " + gemv.numel()};
        }
    }

    private static int hash(Backend b, Tensor... ts) {
        int h = 1;
        for (Tensor t : ts) h = 31 * h + Arrays.hashCode(b.downloadBytes(t));
        return h;
    }
}
