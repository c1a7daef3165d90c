package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.conformance.check.Golden;
import io.bnb.spi.Availability;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared pieces of the tests that need a GPU: they skip (with the reason) everywhere else. */
final class Gpu {
    private Gpu() {}

    /** The CUDA backend as users get it (host-fallback wrapper included); skips without a GPU. */
    static Backend cuda() {
        Availability a = new CudaProvider().probe();
        assumeTrue(a.available(), "no usable CUDA device: " + a.reason());
        return Bnb.backend("cuda");
    }

    static Backend cpu() { return Bnb.backend("cpu"); }

    /** The upstream goldens: the file the conformance jar bundles (bitsandbytes 0.50.2 on an H100). */
    static Golden golden() { return Golden.get(); }

    static Tensor up(Backend b, String key) {
        Golden g = golden();
        return b.upload(g.segment(key), g.dtype(key), g.shape(key));
    }

    static float[] floats(String key) { return golden().floats(key); }

    static byte[] bytes(String key) { return golden().bytes(key); }

    /** Runs a CPU-backend op, skipping the test while that op is not implemented there yet. */
    static <T> T onCpu(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (UnsupportedOperationException e) {
            abort("CPU reference not available yet: " + e.getMessage());
            return null;
        }
    }

    static float[] randn(long seed, int n, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: deterministic normal samples without java.util.Random's synchronisation
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2)) * scale;
        }
        return v;
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** The raw bits of a float tensor's values after rounding to its dtype. */
    static int[] bits(float[] v) {
        int[] o = new int[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Float.floatToRawIntBits(v[i]);
        return o;
    }
}
