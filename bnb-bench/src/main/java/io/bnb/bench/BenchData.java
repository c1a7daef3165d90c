package io.bnb.bench;

import java.util.SplittableRandom;

/**
 * Seeded inputs shared by all workloads: one standard-normal float array grown on demand, and
 * random bytes. Memory-bound ops do not care which normal numbers they get, so every workload
 * reuses (a prefix of) the same array instead of paying for its own generation.
 */
final class BenchData {
    private BenchData() {}

    private static float[] normal = new float[0];
    private static byte[] bytes = new byte[0];

    /** {@code n} N(0, sd) floats (a fresh array, safe to modify). */
    static synchronized float[] normal(int n, float sd) {
        if (normal.length < n) {
            float[] grown = new float[n];
            System.arraycopy(normal, 0, grown, 0, normal.length);
            SplittableRandom r = new SplittableRandom(0x5eed + normal.length);
            for (int i = normal.length; i < n; i++) grown[i] = (float) r.nextGaussian();
            normal = grown;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = normal[i] * sd;
        return out;
    }

    /** {@code n} uniformly random bytes (a fresh array). */
    static synchronized byte[] bytes(int n) {
        if (bytes.length < n) {
            byte[] grown = new byte[n];
            new SplittableRandom(0xb17e5 + n).nextBytes(grown);
            bytes = grown;
        }
        return java.util.Arrays.copyOf(bytes, n);
    }

    /** {@code n} floats in [lo, hi). */
    static float[] uniform(int n, float lo, float hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * (float) r.nextDouble();
        return out;
    }
}
