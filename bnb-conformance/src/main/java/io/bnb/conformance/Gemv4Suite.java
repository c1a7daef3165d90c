package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.stream.Stream;

/** gemv_4bit: one activation row against a packed 4-bit weight (spec OPS.md §4, TOLERANCES.md §3). Cell {@code gemv4}. */
public interface Gemv4Suite extends SuiteContext {

    @TestFactory @Tag("gemv4")
    default Stream<DynamicTest> required_gemv4bit_golden() { return Matmul4Checks.golden(this, "gemv"); }

    /**
     * test_gemv_4bit: C2 = gemv against C1 = A·dequantize(W)ᵀ and C3 = A·Wᵀ; mean, relative and max
     * differences C1–C2 under upstream's mean + 7σ bars, and the C2/C1 error ratios against C3, for
     * layers fc1 [4d, d], fc2 [d, 4d], attn [d, d], attn_packed [3d, d], with and without double
     * quantization (d ∈ 128, 256, 512; also 1024 with the full grid).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"F16,NF4", "F16,FP4", "F32,NF4", "F32,FP4", "BF16,NF4", "BF16,FP4"})
    @Tag("gemv4")
    default void required_gemv4bit_errorBounds(DType dt, QuantType t) {
        for (int dim : Grid.full() ? new int[]{128, 256, 512, 1024} : new int[]{128, 256, 512}) gemvErrorBounds(dt, t, dim);
    }

    private void gemvErrorBounds(DType dt, QuantType t, int dim) {
        Backend b = backend();
        String[] kinds = {"fc1", "fc2", "attn", "attn_packed"};
        for (boolean dq : new boolean[]{false, true})
            for (String kind : kinds) {
                double e1 = 0, r1 = 0, m1 = 0, e2 = 0, e3 = 0, r2 = 0, r3 = 0;
                int n = switch (kind) { case "fc1" -> 4 * dim; case "attn_packed" -> 3 * dim; default -> dim; };
                int k = kind.equals("fc2") ? 4 * dim : dim;
                // one weight per layer, fresh activations per iteration; small layers get more iterations
                // because the error ratios average over outputs
                int iters = Math.max(Grid.pick(2, 10), Math.ceilDiv(4096, n));
                Rand r = Rand.seed(1000L * dim + kind.length() + (dq ? 5 : 0) + 100L * t.ordinal());
                float[] w = r.normal(n * k, 1.0 / Math.sqrt(dim));
                float[] wd = Num.round(w, dt);
                try (Scope s = new Scope()) {
                    Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, dt, t, 64, dq);
                    float[] wq = Matmul4Checks.dequantized(b, q, n, k, t, 64, dt);
                    Tensor code = s.add(b.upload(t.code(), 16));
                    for (int it = 0; it < iters; it++) {
                        float[] a = Num.round(r.randn(k), dt);
                        float[] c2;
                        try (Tensor at = b.upload(a, dt, 1, 1, k); Tensor out = b.gemv4bit(at, q.packed(), new long[]{n, k}, q.absmax(), code, 64)) {
                            Expect.shape("output shape", new long[]{1, 1, n}, out.shape());
                            Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                            c2 = b.downloadFloats(out);
                        }
                        float[] c1 = Matmul4Checks.linear(a, wq, null, 1, n, k, dt);
                        float[] c3 = Matmul4Checks.linear(a, wd, null, 1, n, k, dt);
                        double s1 = 0, sr1 = 0, mx = 0, s2 = 0, s3 = 0, sr2 = 0, sr3 = 0;
                        for (int i = 0; i < n; i++) {
                            double d12 = Math.abs(c1[i] - c2[i]);
                            s1 += d12;
                            sr1 += d12 / (Math.abs(c1[i]) + 1e-5);
                            mx = Math.max(mx, d12);
                            double d32 = Math.abs(c3[i] - c2[i]), d31 = Math.abs(c3[i] - c1[i]);
                            s2 += d32;
                            s3 += d31;
                            sr2 += d32 / (Math.abs(c3[i]) + 1e-5);
                            sr3 += d31 / (Math.abs(c3[i]) + 1e-5);
                        }
                        e1 += s1 / n; r1 += sr1 / n; m1 += mx; e2 += s2 / n; e3 += s3 / n; r2 += sr2 / n; r3 += sr3 / n;
                    }
                }
                String what = "dim " + dim + " " + kind + (dq ? " double-quant" : "");
                double sq = Math.sqrt(dim);
                double[] bar = gemvBars(dt, dim);
                Expect.below(what + ": err1", e1 / iters / sq, bar[0]);
                Expect.below(what + ": relerr1", r1 / iters / sq, bar[1]);
                Expect.below(what + ": maxerr1", m1 / iters / sq, bar[2]);
                double absratio = e2 / e3, relratio = r2 / r3;
                double[] rb = switch (dt) {
                    case F16 -> new double[]{0.995, 1.005, 0.992, 1.005};
                    case F32 -> new double[]{0.995, 1.005, 0.995, 1.005};
                    default -> new double[]{0.995, 1.005, 0.96, 1.05};
                };
                Expect.within(what + ": absratio", absratio, rb[0], rb[1]);
                Expect.within(what + ": relratio", relratio, rb[2], rb[3]);
            }
    }

    /** Upstream's bars {err1, relerr1, maxerr1} (TOLERANCES.md §3). */
    private static double[] gemvBars(DType dt, int dim) {
        boolean small = dim <= 512;
        return switch (dt) {
            case F16 -> small ? new double[]{9.61e-05, 2.74e-03, 9.01e-04} : new double[]{3.76e-05, 1.48e-03, 2.95e-04};
            case F32 -> small ? new double[]{3.4e-08, 9.2e-06, 2.0e-07} : new double[]{2.4e-08, 1.62e-06, 1.2e-07};
            default -> small ? new double[]{8.33e-04, 8.48e-02, 7.59e-03} : new double[]{2.06e-04, 5.95e-03, 1.96e-03};
        };
    }

    /** test_gemv_eye_4bit: an identity weight is lossless, so gemv returns A. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"F32,NF4", "F16,NF4", "BF16,NF4", "F32,FP4", "F16,FP4", "BF16,FP4"})
    @Tag("gemv4")
    default void required_gemv4bit_identity(DType dt, QuantType t) {
        Backend b = backend();
        Rand r = Rand.seed(1101);
        for (int rep = 0; rep < Grid.pick(2, 4); rep++) {
            int dim = 64 * r.nextInt(1, Grid.pick(1024, 8192) / 64 + 1);
            float[] eye = new float[dim * dim];
            for (int i = 0; i < dim; i++) eye[i * dim + i] = 1f;
            float[] a = Num.round(r.normal(dim, 0.1), dt);
            try (Scope s = new Scope()) {
                Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, eye, dim, dim, dt, t, 64, false);
                Tensor out = s.add(b.gemv4bit(s.add(b.upload(a, dt, 1, 1, dim)), q.packed(), new long[]{dim, dim}, q.absmax(),
                        s.add(b.upload(t.code(), 16)), 64));
                double[] tol = switch (dt) { case F32 -> new double[]{1e-5, 1.3e-6}; case F16 -> new double[]{1e-5, 1e-3}; default -> new double[]{1e-5, 1.6e-2}; };
                Expect.close("identity gemv (dim " + dim + ")", a, b.downloadFloats(out), tol[0], tol[1]);
            }
        }
    }

    /** The kernel uses the 16-entry code it is given (a custom code works, OPS.md §4). */
    @Test @Tag("gemv4")
    default void required_gemv4bit_customCode() {
        Backend b = backend();
        int n = 96, k = 256, bs = 64;
        Rand r = Rand.seed(1102);
        float[] w = r.randn(n * k), a = r.randn(k);
        float[] custom = new float[16];
        for (int i = 0; i < 16; i++) custom[i] = (i - 7.5f) / 7.5f * (i % 2 == 0 ? 1f : 0.5f);
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, DType.F32, QuantType.NF4, bs, false);
            Tensor out = s.add(b.gemv4bit(s.add(b.upload(a, DType.F32, 1, k)), q.packed(), new long[]{n, k}, q.absmax(),
                    s.add(b.upload(custom, 16)), bs));
            int[] codes = Ref4.unpack(b.downloadBytes(q.packed()), n * k);
            float[] wq = new float[n * k];
            for (int i = 0; i < wq.length; i++) wq[i] = custom[codes[i]] * q.absmaxHost()[i / bs];
            Matmul4Checks.closeRms("gemv with a custom code", Matmul4Checks.linear(a, wq, null, 1, n, k, DType.F32), b.downloadFloats(out), DType.F32);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("gemv4")
    default void required_gemv4bit_matchesReference(DType dt) {
        requireNotReference();
        Backend b = backend(), ref = reference();
        int n = 320, k = 512;
        Rand r = Rand.seed(1103);
        float[] w = r.randn(n * k), a = Num.round(r.randn(k), dt);
        for (QuantType t : QuantType.values()) {
            try (Scope s = new Scope()) {
                Matmul4Checks.Weight q = Matmul4Checks.quantize(ref, s, w, n, k, dt, t, 128, false);
                float[] expected = ref.downloadFloats(s.add(ref.gemv4bit(s.add(ref.upload(a, dt, 1, k)), q.packed(), new long[]{n, k},
                        q.absmax(), s.add(ref.upload(t.code(), 16)), 128)));
                Tensor out = s.add(b.gemv4bit(s.add(b.upload(a, dt, 1, k)), s.add(Host.u8(b, ref.downloadBytes(q.packed()), q.packed().shape())),
                        new long[]{n, k}, s.add(b.upload(q.absmaxHost(), q.absmaxHost().length)), s.add(b.upload(t.code(), 16)), 128));
                Matmul4Checks.closeRms("gemv vs CPU (" + t + ")", expected, b.downloadFloats(out), dt);
            }
        }
    }

    @Test @Tag("gemv4")
    default void required_gemv4bit_rejectsBadInput() {
        Backend b = backend();
        int n = 64, k = 128;
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, Rand.seed(1104).randn(n * k), n, k, DType.F16, QuantType.NF4, 64, false);
            Tensor a = s.add(b.upload(Rand.seed(1105).randn(k), DType.F16, 1, k));
            Tensor code = s.add(b.upload(Codebooks.nf4(), 16));
            long[] shapeB = {n, k};
            Reject.Snapshot snap = Reject.snapshot(b, a, q.packed(), q.absmax(), code);
            Tensor two = s.add(b.upload(new float[2 * k], DType.F16, 2, k));
            Reject.argument("two activation rows", "A", snap, () -> b.gemv4bit(two, q.packed(), shapeB, q.absmax(), code, 64));
            Tensor wrongK = s.add(b.upload(new float[k / 2], DType.F16, 1, k / 2));
            Reject.argument("A with K/2 columns", "A", snap, () -> b.gemv4bit(wrongK, q.packed(), shapeB, q.absmax(), code, 64));
            Tensor ints = s.add(Host.i8(b, new byte[k], 1, k));
            Reject.argument("I8 activations", "A", snap, () -> b.gemv4bit(ints, q.packed(), shapeB, q.absmax(), code, 64));
            Tensor code15 = s.add(b.upload(new float[15], 15));
            Reject.argument("15-entry code", "code", snap, () -> b.gemv4bit(a, q.packed(), shapeB, q.absmax(), code15, 64));
            Reject.argument("3-D shapeB", "shapeB", snap, () -> b.gemv4bit(a, q.packed(), new long[]{1, n, k}, q.absmax(), code, 64));
            Reject.argument("blocksize 100", "blocksize", snap, () -> b.gemv4bit(a, q.packed(), shapeB, q.absmax(), code, 100));
            Tensor am = s.add(b.upload(new float[7], 7));
            Reject.argument("7 absmax values", "absmax", snap, () -> b.gemv4bit(a, q.packed(), shapeB, am, code, 64));
            Tensor small = s.add(Host.u8(b, new byte[10], 10, 1));
            Reject.argument("10-byte weight", "B", snap, () -> b.gemv4bit(a, small, shapeB, q.absmax(), code, 64));
        }
    }
}
