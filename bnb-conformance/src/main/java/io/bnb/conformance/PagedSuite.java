package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Paged (unified) memory: allocation, prefetch and use by ops (spec OPS.md §10, OPTIMIZERS.md §9). Cell {@code paged}. */
public interface PagedSuite extends SuiteContext {

    @Test @Tag("paged")
    default void required_allocatePaged_zeroFilled() {
        Backend b = backend();
        try (Tensor t = b.allocatePaged(DType.F32, 1000, 3)) {
            Expect.isTrue(t.isPaged(), "allocatePaged returned a tensor that is not paged");
            Expect.shape("paged shape", new long[]{1000, 3}, t.shape());
            Expect.identical("paged memory is zero-filled", new float[3000], b.downloadFloats(t));
        }
        try (Tensor t = b.allocatePaged(DType.U8, 4097)) {
            Expect.bytes("paged U8 memory is zero-filled", new byte[4097], b.downloadBytes(t));
        }
    }

    /** Prefetching to the host and back keeps the contents; data written through copy survives both moves. */
    @Test @Tag("paged")
    default void required_prefetch_keepsContents() {
        Backend b = backend();
        float[] x = Rand.seed(2000).randn(100_000);
        try (Scope s = new Scope()) {
            Tensor t = s.add(b.allocatePaged(DType.F32, x.length));
            b.copyDevice(s.add(b.upload(x, x.length)), t);
            b.prefetch(t, true);
            b.synchronize();
            Expect.identical("after prefetch to host", x, b.downloadFloats(t));
            b.prefetch(t, false);
            b.synchronize();
            Expect.identical("after prefetch to device", x, b.downloadFloats(t));
        }
    }

    /** An optimizer step on paged states gives exactly the step on ordinary states. */
    @Test @Tag("paged")
    default void required_paged_optimizerStepMatchesUnpaged() {
        Backend b = backend();
        int n = 100_000;
        Rand r = Rand.seed(2001);
        float[] p0 = r.normal(n, 0.1), g = r.normal(n, 0.01);
        float[][] out = new float[2][];
        for (int i = 0; i < 2; i++) {
            boolean paged = i == 1;
            try (Scope s = new Scope()) {
                Tensor p = s.add(b.upload(p0, n));
                Tensor s1 = s.add(paged ? b.allocatePaged(DType.F32, n) : b.allocate(DType.F32, n));
                Tensor s2 = s.add(paged ? b.allocatePaged(DType.F32, n) : b.allocate(DType.F32, n));
                for (int t = 1; t <= 3; t++) {
                    if (paged) {
                        b.prefetch(s1, false);
                        b.prefetch(s2, false);
                    }
                    b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, s.add(b.upload(g, n)), p, s1, s2, null, Hyper.adam(1e-3f).withStep(t)));
                }
                b.synchronize();
                out[i] = b.downloadFloats(p);
            }
        }
        Expect.identical("paged vs ordinary states", out[0], out[1]);
    }

    /** A 4-bit quantization reads a paged input like an ordinary one. */
    @Test @Tag("paged")
    default void required_paged_opsReadPagedInputs() {
        Backend b = backend();
        float[] x = Rand.seed(2002).randn(8192);
        try (Scope s = new Scope()) {
            Tensor plain = s.add(b.upload(x, 8192));
            Tensor paged = s.add(b.allocatePaged(DType.F32, 8192));
            b.copyDevice(plain, paged);
            Quantized q1 = s.add(b.quantize4bit(plain, 64, QuantType.NF4, DType.U8));
            Quantized q2 = s.add(b.quantize4bit(paged, 64, QuantType.NF4, DType.U8));
            Expect.bytes("packed from paged input", b.downloadBytes(q1.data()), b.downloadBytes(q2.data()));
        }
    }

    @Test @Tag("paged")
    default void required_prefetch_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor t = s.add(b.upload(new float[]{1, 2, 3}, 3));
            Reject.Snapshot snap = Reject.snapshot(b, t);
            Reject.argument("prefetch of an unpaged tensor", "paged", snap, () -> b.prefetch(t, true));
            Reject.argument("negative dimension", "shape", null, () -> b.allocatePaged(DType.F32, 4, -1));
            Reject.argument("null dtype", "dtype", null, () -> b.allocatePaged(null, 4));
        }
    }
}
