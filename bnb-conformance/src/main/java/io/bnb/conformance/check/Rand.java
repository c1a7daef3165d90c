package io.bnb.conformance.check;

import java.util.SplittableRandom;

/**
 * Seeded test data. Upstream seeds torch's generator; its streams cannot be reproduced here, so
 * statistical bars are applied to fresh data of the same distribution and size.
 */
public final class Rand {
    private final SplittableRandom r;

    private Rand(long seed) { r = new SplittableRandom(seed); }

    public static Rand seed(long seed) { return new Rand(seed); }

    /** N(0, 1) values. */
    public float[] randn(int n) { return normal(n, 1.0); }

    /** N(0, std²) values. */
    public float[] normal(int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (gaussian() * std);
        return out;
    }

    /** Uniform in [0, 1). */
    public float[] rand(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) r.nextDouble();
        return out;
    }

    /** Uniform integers in [lo, hi). */
    public byte[] int8(int n, int lo, int hi) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) r.nextInt(lo, hi);
        return out;
    }

    public int nextInt(int lo, int hi) { return r.nextInt(lo, hi); }

    public double nextDouble() { return r.nextDouble(); }

    /** Xavier/Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), as torch.nn.init.xavier_uniform_. */
    public float[] xavierUniform(int fanOut, int fanIn) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] out = new float[fanOut * fanIn];
        for (int i = 0; i < out.length; i++) out[i] = (float) ((2 * r.nextDouble() - 1) * a);
        return out;
    }

    private double gaussian() { return r.nextGaussian(); }
}
