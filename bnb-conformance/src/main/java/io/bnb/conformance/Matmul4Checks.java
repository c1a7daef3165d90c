package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** Shared machinery of {@link Gemv4Suite} and {@link Gemm4Suite}. */
final class Matmul4Checks {
    private Matmul4Checks() {}

    /** Bars on |out − expected| / rms(expected) against recorded CUDA output: {max, mean} per dtype. */
    static double[] goldenBar(DType dt) {
        return switch (dt) {
            case F32 -> new double[]{1e-5, 2e-6};
            case F16 -> new double[]{4e-3, 8e-4};
            default -> new double[]{3e-2, 6e-3};
        };
    }

    /** |actual − expected| relative to the rms of expected: max and mean bounded by {@link #goldenBar}. */
    static void closeRms(String what, float[] expected, float[] actual, DType dt) {
        Expect.length(what, expected.length, actual.length);
        double rms = Math.max(Num.rms(expected), 1e-30);
        double[] bar = goldenBar(dt);
        double max = 0, sum = 0;
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]) / rms;
            if (!(d <= max)) { max = d; worst = i; }
            sum += d;
        }
        if (!(max <= bar[0]))
            Expect.fail(what + ": max |error|/rms = " + max + " > " + bar[0] + " at index " + worst + " (got " + actual[worst]
                    + ", expected " + expected[worst] + ", rms " + rms + ")");
        Expect.atMost(what + ": mean |error|/rms", sum / expected.length, bar[1]);
    }

    /** The 4-bit block size that gives {@code blocks} blocks for {@code n} elements. */
    static int blocksizeFor(long n, long blocks) {
        for (int bs : Quant4Suite.BLOCKSIZES) if (Math.ceilDiv(n, bs) == blocks) return bs;
        Expect.fail("no 4-bit block size gives " + blocks + " blocks for " + n + " elements");
        return -1;
    }

    /** Golden gemv/gemm: {@code <kind>.<dt>.x} against the NF4 weight {@code gemv.<dt>.{packed,absmax}}. */
    static Stream<DynamicTest> golden(SuiteContext ctx, String kind) {
        Golden g = Golden.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching(kind + "\\.(\\w+)\\.out")) {
            String d = m.group(1);
            tests.add(Host.test(d, () -> {
                String w = "gemv." + d;
                g.require(kind + "." + d + ".x", w + ".packed", w + ".absmax");
                Backend b = ctx.backend();
                String xk = kind + "." + d + ".x", ok = kind + "." + d + ".out";
                DType dt = g.dtype(xk);
                long k = g.shape(xk)[g.shape(xk).length - 1], n = g.shape(ok)[g.shape(ok).length - 1];
                long[] shapeB = {n, k};
                int bs = blocksizeFor(n * k, g.numel(w + ".absmax"));
                try (Scope s = new Scope()) {
                    Tensor x = s.add(b.upload(g.segment(xk), dt, g.shape(xk)));
                    Tensor packed = s.add(b.upload(g.bytes(w + ".packed"), DType.U8, g.shape(w + ".packed")));
                    Tensor am = s.add(b.upload(g.floats(w + ".absmax"), g.numel(w + ".absmax")));
                    Tensor out = kind.equals("gemv")
                            ? s.add(b.gemv4bit(x, packed, shapeB, am, s.add(b.upload(Codebooks.nf4(), 16)), bs))
                            : s.add(b.gemm4bit(x, packed, shapeB, am, bs, QuantType.NF4, null, null));
                    Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                    Expect.shape("output shape", g.shape(ok), out.shape());
                    closeRms(kind + " " + d, g.floats(ok), b.downloadFloats(out), dt);
                }
            }));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no " + kind + ".*.out keys");
    }

    /** A quantized weight: the packed tensor, its F32 absmax (de-nested when nested) and, when nested, the nested form. */
    record Weight(Tensor packed, Tensor absmax, float[] absmaxHost, Tensor absmax2, NestedAbsmax nested) {}

    /** Quantizes {@code w} [n, k] on the backend; with {@code nested}, also double-quantizes absmax there. */
    static Weight quantize(Backend b, Scope s, float[] w, long n, long k, DType dt, QuantType t, int bs, boolean nested) {
        Quantized q = s.add(b.quantize4bit(s.add(b.upload(w, dt, n, k)), bs, t, DType.U8));
        if (!nested) return new Weight(q.data(), q.absmax(), b.downloadFloats(q.absmax()), null, null);
        float[] am = b.downloadFloats(q.absmax());
        double sum = 0;
        for (float v : am) sum += v;
        float offset = (float) (sum / am.length);
        float[] c = new float[am.length];
        for (int i = 0; i < am.length; i++) c[i] = am[i] - offset;
        float[] dyn = Codebooks.dynamicSigned();
        Tensor code = s.add(b.upload(dyn, 256));
        Quantized q2 = s.add(b.quantizeBlockwise(s.add(b.upload(c, c.length)), code, 256));
        byte[] codes = b.downloadBytes(q2.data());
        float[] am2 = b.downloadFloats(q2.absmax());
        float[] scale = new float[am.length];
        for (int i = 0; i < am.length; i++) scale[i] = dyn[codes[i] & 0xff] * am2[i >> 8] + offset;
        return new Weight(q.data(), s.add(b.upload(scale, scale.length)), scale, q2.absmax(), new NestedAbsmax(q2.data(), code, offset));
    }

    /** The weight the kernels see: {@code code[q]·absmax} rounded to the activation dtype. */
    static float[] dequantized(Backend b, Weight w, long n, long k, QuantType t, int bs, DType dt) {
        int[] codes = Ref4.unpack(b.downloadBytes(w.packed()), (int) (n * k));
        return Num.round(Ref4.dequantize(codes, w.absmaxHost(), bs, t), dt);
    }

    /** {@code A·Wᵀ (+ bias)} with double accumulation, rounded once to {@code dt}. */
    static float[] linear(float[] a, float[] w, float[] bias, int m, int n, int k, DType dt) {
        float[] out = Num.linear(a, w, m, n, k);
        for (int i = 0; i < out.length; i++) out[i] = Num.round(bias == null ? out[i] : out[i] + bias[i % n], dt);
        return out;
    }
}
