package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * percentile_clipping, removed upstream in 0.50 and kept here as a helper (spec OPS.md §9, the
 * 0.49.2 behaviour). Cell {@code percentile-clipping}.
 */
public interface ClippingSuite extends SuiteContext {

    /** Step 1 fills all 100 slots with Σg²; later steps write slot step % 100; scale = clip/current when current > clip. */
    @Test @Tag("percentile-clipping")
    default void required_percentileClipping_ringBuffer() {
        Backend b = backend();
        Rand r = Rand.seed(1900);
        float[] ring = new float[100];
        try (Scope s = new Scope()) {
            Tensor vec = s.add(b.allocate(DType.F32, 100));
            for (int step = 1; step <= 130; step++) {
                double scale = step % 10 == 0 ? 10.0 : 1.0; // every tenth gradient is large
                float[] g = r.normal(500, scale);
                double sum = 0;
                for (float v : g) sum += (double) v * v;
                if (step == 1) Arrays.fill(ring, (float) sum);
                else ring[step % 100] = (float) sum;
                int pct = 5;
                ClipResult c = b.percentileClipping(s.add(b.upload(g, 500)), vec, step, pct);
                float[] sorted = ring.clone();
                Arrays.sort(sorted);
                double current = Math.sqrt(ring[step % 100]), clip = Math.sqrt(sorted[pct]);
                double want = current > clip ? clip / current : 1.0;
                String at = "step " + step + ": ";
                Expect.close(at + "gnorm_vec", ring, b.downloadFloats(vec), 0, 1e-5);
                Expect.close(at + "gnorm", new float[]{(float) current}, new float[]{c.gnorm()}, 0, 1e-5);
                Expect.close(at + "clip value", new float[]{(float) clip}, new float[]{c.clipValue()}, 0, 1e-5);
                Expect.close(at + "gnorm scale", new float[]{(float) want}, new float[]{c.gnormScale()}, 0, 1e-5);
            }
        }
    }

    @Test @Tag("percentile-clipping")
    default void required_percentileClipping_halfPrecisionGradient() {
        Backend b = backend();
        float[] g = Num.round(Rand.seed(1901).randn(1000), DType.F16);
        double sum = 0;
        for (float v : g) sum += (double) v * v;
        try (Scope s = new Scope()) {
            Tensor vec = s.add(b.allocate(DType.F32, 100));
            ClipResult c = b.percentileClipping(s.add(b.upload(g, DType.F16, 1000)), vec, 1, 50);
            Expect.close("gnorm of an F16 gradient", new float[]{(float) Math.sqrt(sum)}, new float[]{c.gnorm()}, 0, 1e-5);
            Expect.isTrue(c.gnormScale() == 1f, "scale " + c.gnormScale() + " at step 1, expected 1");
        }
    }

    @Test @Tag("percentile-clipping")
    default void required_percentileClipping_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(1902);
        try (Scope s = new Scope()) {
            Tensor vb = s.add(b.allocate(DType.F32, 100)), vr = s.add(ref.allocate(DType.F32, 100));
            for (int step = 1; step <= 12; step++) {
                float[] g = r.normal(300, step);
                ClipResult cb = b.percentileClipping(s.add(b.upload(g, 300)), vb, step, 10);
                ClipResult cr = ref.percentileClipping(s.add(ref.upload(g, 300)), vr, step, 10);
                Expect.close("step " + step + " scale vs CPU", new float[]{cr.gnormScale()}, new float[]{cb.gnormScale()}, 0, 1e-5);
            }
            Expect.close("gnorm_vec vs CPU", ref.downloadFloats(vr), b.downloadFloats(vb), 0, 1e-5);
        }
    }

    @Test @Tag("percentile-clipping")
    default void required_percentileClipping_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor g = s.add(b.upload(Rand.seed(1903).randn(64), 64));
            Tensor vec = s.add(b.upload(Rand.seed(1904).rand(100), 100));
            Reject.Snapshot snap = Reject.snapshot(b, g, vec);
            Tensor v99 = s.add(b.upload(new float[99], 99));
            Reject.argument("99-slot gnormVec", "gnormVec", snap, () -> b.percentileClipping(g, v99, 2, 5));
            Reject.argument("percentile 100", "percentile", snap, () -> b.percentileClipping(g, vec, 2, 100));
            Reject.argument("percentile -1", "percentile", snap, () -> b.percentileClipping(g, vec, 2, -1));
            Reject.argument("step 0", "step", snap, () -> b.percentileClipping(g, vec, 0, 5));
            Tensor gi = s.add(Host.i8(b, new byte[64], 64));
            Reject.argument("I8 gradient", "grad", snap, () -> b.percentileClipping(gi, vec, 2, 5));
        }
    }
}
