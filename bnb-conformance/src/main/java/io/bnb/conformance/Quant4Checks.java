package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** The checks behind {@link Quant4Suite}, parameterized by quant type. */
final class Quant4Checks {
    private Quant4Checks() {}

    /** Upstream's 200-sample statistics (TOLERANCES.md §2): bs → {abs mean, abs std, rel mean, rel std}. */
    private static double[] stats(QuantType t, int bs) {
        return switch (t) {
            case FP4 -> switch (bs) {
                case 32 -> new double[]{0.088925, 9.1e-05, 0.242443, 0.00033};
                case 64 -> new double[]{0.096543, 0.000111, 0.260125, 0.000379};
                case 128 -> new double[]{0.102969, 0.000134, 0.275817, 0.000433};
                case 256 -> new double[]{0.108684, 0.000182, 0.289831, 0.000497};
                case 512 -> new double[]{0.114115, 0.000234, 0.302881, 0.000583};
                case 1024 -> new double[]{0.119333, 0.00032, 0.315, 0.000757};
                case 2048 -> new double[]{0.124556, 0.000455, 0.326607, 0.000955};
                default -> new double[]{0.129536, 0.000612, 0.337169, 0.001239};
            };
            case NF4 -> switch (bs) {
                case 32 -> new double[]{0.067746, 6.9e-05, 0.189726, 0.000304};
                case 64 -> new double[]{0.072798, 7.4e-05, 0.203339, 0.00034};
                case 128 -> new double[]{0.076831, 9.1e-05, 0.215237, 0.000391};
                case 256 -> new double[]{0.080337, 0.000102, 0.226105, 0.000398};
                case 512 -> new double[]{0.083547, 0.000143, 0.236079, 0.000544};
                case 1024 -> new double[]{0.08661, 0.000187, 0.24537, 0.0006};
                case 2048 -> new double[]{0.089592, 0.000251, 0.254163, 0.000747};
                default -> new double[]{0.092547, 0.00036, 0.262473, 0.000999};
            };
        };
    }

    static DType goldenDtype(String s) {
        return switch (s) {
            case "fp32" -> DType.F32;
            case "fp16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> null;
        };
    }

    private static String name(QuantType t) { return t.upstreamName(); }

    // ------------------------------------------------------------------ goldens

    static Stream<DynamicTest> goldenQuantize(SuiteContext ctx, QuantType t) {
        Golden g = Golden.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching("q4\\." + name(t) + "\\.(\\w+)\\.bs(\\d+)\\.packed")) {
            DType dt = goldenDtype(m.group(1));
            int bs = Integer.parseInt(m.group(2));
            String p = "q4." + name(t) + "." + m.group(1) + ".bs" + bs;
            if (dt != null) tests.add(Host.test(m.group(1) + " bs " + bs, () -> goldenQuantizeCase(ctx, t, "q4.input_fp32", p, dt, bs)));
        }
        for (Matcher m : g.matching("q4odd\\." + name(t) + "\\.bs(\\d+)\\.packed")) {
            int bs = Integer.parseInt(m.group(1));
            String p = "q4odd." + name(t) + ".bs" + bs;
            tests.add(Host.test("odd length, bs " + bs, () -> goldenQuantizeCase(ctx, t, "q4odd.input_fp32", p, DType.F32, bs)));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no q4." + name(t) + ".* keys");
    }

    private static void goldenQuantizeCase(SuiteContext ctx, QuantType t, String inputKey, String p, DType dt, int bs) {
        Golden g = Golden.get();
        g.require(inputKey, p + ".absmax");
        Backend b = ctx.backend();
        float[] x = Num.round(g.floats(inputKey), dt);
        long[] shape = g.shape(inputKey);
        try (Scope s = new Scope()) {
            Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, shape)), bs, t, DType.U8));
            Expect.shape("packed shape", new long[]{(x.length + 1) / 2, 1}, q.data().shape());
            float[] am = g.floats(p + ".absmax");
            Expect.identical("absmax", am, b.downloadFloats(q.absmax()));
            Codes4.expectPacked("packed", g.bytes(p + ".packed"), b.downloadBytes(q.data()), x, am, bs, t);
        }
    }

    static Stream<DynamicTest> goldenDequantize(SuiteContext ctx, QuantType t) {
        Golden g = Golden.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (String prefix : new String[]{"q4", "q4odd"}) {
            for (Matcher m : g.matching(prefix.replace(".", "\\.") + "\\." + name(t) + "\\.(?:(\\w+)\\.)?bs(\\d+)\\.dequant")) {
                int bs = Integer.parseInt(m.group(2));
                String p = m.group(0).substring(0, m.group(0).length() - ".dequant".length());
                tests.add(Host.test(p, () -> {
                    g.require(p + ".packed", p + ".absmax");
                    Backend b = ctx.backend();
                    String dq = p + ".dequant";
                    try (Scope s = new Scope()) {
                        Tensor packed = s.add(b.upload(g.bytes(p + ".packed"), DType.U8, g.shape(p + ".packed")));
                        Tensor am = s.add(b.upload(g.floats(p + ".absmax"), g.numel(p + ".absmax")));
                        Tensor out = s.add(b.dequantize4bit(packed, am, bs, t, g.shape(dq), g.dtype(dq)));
                        Expect.isTrue(out.dtype() == g.dtype(dq), "output dtype " + out.dtype() + ", expected " + g.dtype(dq));
                        Expect.shape("output shape", g.shape(dq), out.shape());
                        Expect.identical("dequantized", g.floats(dq), b.downloadFloats(out));
                    }
                }));
            }
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no q4." + name(t) + ".*.dequant keys");
    }

    static void goldenDoubleQuant(SuiteContext ctx) {
        Golden g = Golden.get();
        g.require("dq.input_fp32", "dq.packed", "dq.nested_absmax_u8", "dq.offset", "dq.state2_absmax", "dq.state2_code", "dq.dequant");
        Backend b = ctx.backend();
        float[] x = g.floats("dq.input_fp32");
        long[] shape = g.shape("dq.input_fp32");
        int blocks = (int) g.numel("dq.nested_absmax_u8");
        int bs = -1;
        for (int c : Quant4Suite.BLOCKSIZES) if (Math.ceilDiv(x.length, c) == blocks) { bs = c; break; }
        Expect.isTrue(bs > 0, "no 4-bit block size gives " + blocks + " blocks for " + x.length + " elements");
        float offset = g.floats("dq.offset")[0];
        float[] code2 = g.floats("dq.state2_code");
        try (Scope s = new Scope()) {
            Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, DType.F32, shape)), bs, QuantType.NF4, DType.U8));
            float[] am = b.downloadFloats(q.absmax());
            Codes4.expectPacked("packed", g.bytes("dq.packed"), b.downloadBytes(q.data()), x, am, bs, QuantType.NF4);
            double sum = 0;
            for (float v : am) sum += v;
            float mean = (float) (sum / am.length);
            Expect.atMost("|mean(absmax) - golden offset| in ulps", Math.abs(mean - offset) / Math.ulp(offset), 4);
            // second stage with the recorded offset: summation order may move the mean by an ulp (spec data/README.md)
            float[] centred = new float[am.length];
            for (int i = 0; i < am.length; i++) centred[i] = am[i] - offset;
            Quantized nested = s.add(b.quantizeBlockwise(s.add(b.upload(centred, centred.length)), s.add(b.upload(code2, 256)), 256));
            float[] am2 = g.floats("dq.state2_absmax");
            Expect.identical("second-level absmax", am2, b.downloadFloats(nested.absmax()));
            Codes8.expectCodes("nested absmax codes", Host.unsigned(g.bytes("dq.nested_absmax_u8")),
                    Host.unsigned(b.downloadBytes(nested.data())), centred, code2, am2, 256);
            // dequantize the golden bytes through the golden nested state
            byte[] u = g.bytes("dq.nested_absmax_u8");
            float[] scale = new float[u.length];
            for (int i = 0; i < u.length; i++) scale[i] = code2[u[i] & 0xff] * am2[i / 256] + offset;
            Tensor out = s.add(b.dequantize4bit(s.add(b.upload(g.bytes("dq.packed"), DType.U8, g.shape("dq.packed"))),
                    s.add(b.upload(scale, scale.length)), bs, QuantType.NF4, g.shape("dq.dequant"), g.dtype("dq.dequant")));
            Expect.identical("dequantized", g.floats("dq.dequant"), b.downloadFloats(out));
        }
    }

    // ------------------------------------------------------------------ properties

    static void rule(SuiteContext ctx, QuantType t, DType dt) {
        Backend b = ctx.backend();
        Rand r = Rand.seed(401 + t.ordinal());
        for (int bs : Quant4Suite.BLOCKSIZES) {
            int n = 2 * bs + 1; // odd: a tail block and a padding nibble
            float[] x = r.normal(n, 2.0);
            for (int i = 0; i < Math.min(bs, 40); i++) x[i] = (i % 4 == 0 ? 1e-8f : -1e-8f) * i; // tiny values, zeros and -0
            x[bs] = -0.0f;
            x = Num.round(x, dt);
            try (Scope s = new Scope()) {
                Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, n)), bs, t, DType.U8));
                Expect.isTrue(q.data().dtype() == DType.U8, "packed dtype " + q.data().dtype());
                Expect.shape("packed shape", new long[]{(n + 1) / 2, 1}, q.data().shape());
                Expect.shape("absmax shape", new long[]{Math.ceilDiv(n, bs)}, q.absmax().shape());
                float[] am = Ref4.absmax(x, bs);
                Expect.identical("absmax (bs " + bs + ")", am, b.downloadFloats(q.absmax()));
                Codes4.expectPacked("packed (" + dt + ", bs " + bs + ")", Ref4.pack(Ref4.codes(x, bs, t), t),
                        b.downloadBytes(q.data()), x, am, bs, t);
            }
        }
        // an all-zero block dequantizes to zeros
        float[] z = new float[256];
        for (int i = 128; i < 256; i++) z[i] = i - 200;
        try (Scope s = new Scope()) {
            Quantized q = s.add(b.quantize4bit(s.add(b.upload(z, dt, 256)), 64, t, DType.U8));
            float[] y = b.downloadFloats(s.add(b.dequantize4bit(q.data(), q.absmax(), 64, t, new long[]{256}, dt)));
            for (int i = 0; i < 128; i++) Expect.isTrue(y[i] == 0f, "element " + i + " of an all-zero block dequantized to " + y[i]);
        }
    }

    static void formula(SuiteContext ctx, QuantType t, DType dt) {
        Backend b = ctx.backend();
        Rand r = Rand.seed(402 + t.ordinal());
        for (int bs : Quant4Suite.BLOCKSIZES) {
            long[] shape = {3, bs / 2 + 5};
            int n = (int) (shape[0] * shape[1]);
            byte[] packed = r.int8((n + 1) / 2, 0, 256);
            float[] am = r.rand(Math.ceilDiv(n, bs));
            for (int i = 0; i < am.length; i++) am[i] = am[i] * 8 + 0.01f;
            float[] expected = Num.round(Ref4.dequantize(Ref4.unpack(packed, n), am, bs, t), dt);
            try (Scope s = new Scope()) {
                Tensor out = s.add(b.dequantize4bit(s.add(Host.u8(b, packed, packed.length, 1)), s.add(b.upload(am, am.length)), bs, t, shape, dt));
                Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                Expect.shape("output shape", shape, out.shape());
                Expect.identical("dequantized (bs " + bs + ")", expected, b.downloadFloats(out));
            }
        }
    }

    static void unchangedByWarmUp(SuiteContext ctx) {
        Backend b = ctx.backend();
        float[] x = Num.round(Rand.seed(409).randn(64 * 4096), DType.BF16);
        float[] before = roundTrip(b, x, QuantType.NF4, DType.BF16, 64, false);
        b.warmUp();
        b.warmUp();
        Expect.identical("NF4 BF16 round trip after warmUp()", before, roundTrip(b, x, QuantType.NF4, DType.BF16, 64, false));
    }

    static void errorBounds(SuiteContext ctx, QuantType t, DType dt, int bs) {
        float[] x = Num.round(Rand.seed(403L * bs + t.ordinal()).randn(1024 * 1024), dt);
        float[] y = roundTrip(ctx.backend(), x, t, dt, bs, false);
        double[] st = stats(t, bs);
        double abs = Num.meanAbs(x, y), rel = Num.meanRel(x, y, 1e-8);
        Expect.within("mean abs error (" + name(t) + ", " + dt + ", bs " + bs + ")", abs, st[0] - 7 * st[1], st[0] + 7 * st[1]);
        Expect.within("mean rel error (" + name(t) + ", " + dt + ", bs " + bs + ")", rel, st[2] - 7 * st[3], st[2] + 7 * st[3]);
    }

    static void compressedStats(SuiteContext ctx, QuantType t, DType dt, int bs) {
        int n = Grid.pick(256 * 1024, 1024 * 1024);
        float[] x = Num.round(Rand.seed(404L * bs + t.ordinal()).randn(n), dt);
        for (boolean nested : new boolean[]{false, true}) {
            float[] y = roundTrip(ctx.backend(), x, t, dt, bs, nested);
            Expect.below((nested ? "double-quantized" : "plain") + " mean abs error", Num.meanAbs(x, y), 0.11);
            Expect.below((nested ? "double-quantized" : "plain") + " mean rel error", Num.meanRel(x, y, 1e-15), 0.28);
        }
    }

    /** quantize → (optionally nest and de-nest absmax with the backend's blockwise ops) → dequantize. */
    static float[] roundTrip(Backend b, float[] x, QuantType t, DType dt, int bs, boolean nested) {
        try (Scope s = new Scope()) {
            Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, 1024, x.length / 1024)), bs, t, DType.U8));
            Tensor am = q.absmax();
            if (nested) am = s.add(denest(b, s, b.downloadFloats(am)));
            Tensor y = s.add(b.dequantize4bit(q.data(), am, bs, t, new long[]{1024, x.length / 1024}, dt));
            Expect.isTrue(y.dtype() == dt, "round-trip dtype " + y.dtype() + ", expected " + dt);
            return b.downloadFloats(y);
        }
    }

    /** Double quantization of absmax (offset = mean, block 256, signed dynamic map) and back, on the backend. */
    static Tensor denest(Backend b, Scope s, float[] am) {
        double sum = 0;
        for (float v : am) sum += v;
        float offset = (float) (sum / am.length);
        float[] c = new float[am.length];
        for (int i = 0; i < am.length; i++) c[i] = am[i] - offset;
        Tensor code = s.add(b.upload(Codebooks.dynamicSigned(), 256));
        Quantized q = s.add(b.quantizeBlockwise(s.add(b.upload(c, c.length)), code, 256));
        float[] d = b.downloadFloats(s.add(b.dequantizeBlockwise(q.data(), q.absmax(), code, 256, DType.F32)));
        for (int i = 0; i < d.length; i++) d[i] += offset;
        return b.upload(d, d.length);
    }

    static void storage(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend();
        int n = 4096;
        float[] x = Rand.seed(405).randn(n);
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(x, DType.F32, 64, 64));
            Quantized base = s.add(b.quantize4bit(a, 64, t, DType.U8));
            byte[] bytes = b.downloadBytes(base.data());
            float[] y = b.downloadFloats(s.add(b.dequantize4bit(base.data(), base.absmax(), 64, t, new long[]{64, 64}, DType.F32)));
            for (DType st : new DType[]{DType.F16, DType.BF16, DType.F32}) {
                Quantized q = s.add(b.quantize4bit(a, 64, t, st));
                Expect.isTrue(q.data().dtype() == st, "packed dtype " + q.data().dtype() + ", expected " + st);
                Expect.shape("packed shape (" + st + ")", new long[]{(n + 1) / (2L * st.byteSize()), 1}, q.data().shape());
                Expect.bytes("packed bytes (" + st + " storage)", bytes, b.downloadBytes(q.data()));
                Expect.identical("absmax (" + st + " storage)", b.downloadFloats(base.absmax()), b.downloadFloats(q.absmax()));
                Tensor out = s.add(b.dequantize4bit(q.data(), q.absmax(), 64, t, new long[]{64, 64}, DType.F32));
                Expect.identical("dequantized from " + st + " storage", y, b.downloadFloats(out));
            }
        }
    }

    static void notDivisible(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend();
        for (int bs : new int[]{64, 128, 256})
            for (DType dt : Quant4Suite.FLOATS) {
                long[] shape = {7, bs - 1};
                float[] x = Num.round(Rand.seed(406 + bs).randn(7 * (bs - 1)), dt);
                try (Scope s = new Scope()) {
                    Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, shape)), bs, t, DType.U8));
                    Tensor y = s.add(b.dequantize4bit(q.data(), q.absmax(), bs, t, shape, dt));
                    Expect.shape("round-trip shape", shape, y.shape());
                    Expect.isTrue(y.dtype() == dt, "round-trip dtype " + y.dtype() + ", expected " + dt);
                    float[] v = b.downloadFloats(y);
                    Expect.isTrue(Num.allFinite(v), "round trip of shape (7, " + (bs - 1) + ") produced non-finite values");
                    Expect.below("mean abs error", Num.meanAbs(x, v), 0.2);
                }
            }
    }

    static void lossless(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend();
        Rand r = Rand.seed(407);
        for (int dim : new int[]{64, 65}) {
            float[] x = new float[10 * dim];
            for (int i = 0; i < x.length; i++) x[i] = r.nextInt(0, 2) == 0 ? -1f : 1f;
            for (int i = 3; i < x.length; i += 17) x[i] = 0f;
            for (DType dt : Quant4Suite.FLOATS) {
                try (Scope s = new Scope()) {
                    Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, 10, dim)), 64, t, DType.U8));
                    Tensor y = s.add(b.dequantize4bit(q.data(), q.absmax(), 64, t, new long[]{10, dim}, dt));
                    Expect.identical("round trip of {-1, 0, +1} (" + dt + ", dim " + dim + ")", x, b.downloadFloats(y));
                }
            }
        }
    }

    static void matchesReference(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend(), ref = ctx.reference();
        for (DType dt : Quant4Suite.FLOATS)
            for (int bs : new int[]{32, 64, 256, 4096}) {
                int n = 3 * bs + 7;
                float[] x = Num.round(Rand.seed(408 + bs).normal(n, 1.5), dt);
                try (Scope s = new Scope()) {
                    Quantized q = s.add(b.quantize4bit(s.add(b.upload(x, dt, n)), bs, t, DType.U8));
                    Quantized e = s.add(ref.quantize4bit(s.add(ref.upload(x, dt, n)), bs, t, DType.U8));
                    float[] am = ref.downloadFloats(e.absmax());
                    Expect.identical("absmax (" + dt + ", bs " + bs + ")", am, b.downloadFloats(q.absmax()));
                    Codes4.expectPacked("packed (" + dt + ", bs " + bs + ")", ref.downloadBytes(e.data()), b.downloadBytes(q.data()), x, am, bs, t);
                    float[] yr = ref.downloadFloats(s.add(ref.dequantize4bit(e.data(), e.absmax(), bs, t, new long[]{n}, dt)));
                    Tensor packedOnB = s.add(Host.u8(b, ref.downloadBytes(e.data()), (n + 1) / 2, 1));
                    float[] yb = b.downloadFloats(s.add(b.dequantize4bit(packedOnB, s.add(b.upload(am, am.length)), bs, t, new long[]{n}, dt)));
                    Expect.identical("dequantized (" + dt + ", bs " + bs + ")", yr, yb);
                }
            }
    }

    // ------------------------------------------------------------------ bad input

    static void rejectsQuantize(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(Rand.seed(409).randn(256), 256));
            Reject.Snapshot snap = Reject.snapshot(b, a);
            for (int bs : new int[]{16, 48, 0, 8192})
                Reject.argument("blocksize " + bs, "blocksize", snap, () -> b.quantize4bit(a, bs, t, DType.U8));
            Reject.argument("null quantType", "quantType", snap, () -> b.quantize4bit(a, 64, null, DType.U8));
            Reject.argument("null quantStorage", "quantStorage", snap, () -> b.quantize4bit(a, 64, t, null));
            Tensor odd = s.add(b.upload(new float[6], 6));
            Reject.argument("F16 storage of 3 bytes", "quantStorage", snap, () -> b.quantize4bit(odd, 64, t, DType.F16));
            Tensor ints = s.add(Host.i8(b, new byte[256], 256));
            Reject.argument("I8 input", "A", snap, () -> b.quantize4bit(ints, 64, t, DType.U8));
            Tensor closed = b.upload(new float[64], 64);
            closed.close();
            Reject.state("closed input", "A", snap, () -> b.quantize4bit(closed, 64, t, DType.U8));
        }
    }

    static void rejectsDequantize(SuiteContext ctx, QuantType t) {
        Backend b = ctx.backend();
        try (Scope s = new Scope()) {
            Tensor packed = s.add(Host.u8(b, Rand.seed(410).int8(128, 0, 256), 128, 1));
            Tensor am = s.add(b.upload(new float[]{1, 2, 3, 4}, 4));
            Reject.Snapshot snap = Reject.snapshot(b, packed, am);
            long[] shape = {256};
            Tensor am3 = s.add(b.upload(new float[]{1, 2, 3}, 3));
            Reject.argument("3 absmax for 4 blocks", "absmax", snap, () -> b.dequantize4bit(packed, am3, 64, t, shape, DType.F32));
            Tensor am16 = s.add(b.upload(new float[]{1, 2, 3, 4}, DType.F16, 4));
            Reject.argument("F16 absmax", "absmax", snap, () -> b.dequantize4bit(packed, am16, 64, t, shape, DType.F32));
            Reject.argument("shape needing 129 bytes", "A", snap, () -> b.dequantize4bit(packed, am, 64, t, new long[]{258}, DType.F32));
            Reject.argument("I32 output", "dtype", snap, () -> b.dequantize4bit(packed, am, 64, t, shape, DType.I32));
            Reject.argument("blocksize 100", "blocksize", snap, () -> b.dequantize4bit(packed, am, 100, t, shape, DType.F32));
            Reject.argument("null shape", "shape", snap, () -> b.dequantize4bit(packed, am, 64, t, null, DType.F32));
            Reject.argument("negative dimension", "shape", snap, () -> b.dequantize4bit(packed, am, 64, t, new long[]{-256}, DType.F32));
            Reject.argument("null quantType", "quantType", snap, () -> b.dequantize4bit(packed, am, 64, null, shape, DType.F32));
        }
    }
}
