package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.api.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Test helpers: host arrays in and out of CPU tensors, seeded random data. */
final class Tensors {
    /** Skips the calling test where the vector kernels are not in use (no Vector API module, or the scalar switch). */
    static void assumeVectorApi() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.ENABLED && Vec.USABLE, "the vector kernels are not in use here");
    }

    private Tensors() {}

    /** Shuffles {@code v} in place (Fisher-Yates), so that test values meet different lanes and neighbours. */
    static void shuffle(float[] v, RandomGenerator r) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }

    /** Mean absolute error and mean relative error (|x - y| / (|x| + 1e-8)) of a round trip {@code x -> y}, as upstream's tests take them. */
    static double[] meanErrors(float[] x, float[] y) {
        double abs = 0, rel = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.abs(x[i] - y[i]);
            abs += e;
            rel += e / (Math.abs(x[i]) + 1e-8);
        }
        return new double[] {abs / x.length, rel / x.length};
    }

    static Tensor floats(Backend b, float[] v, DType t, long... shape) { return b.upload(HostArrays.fromFloats(v, t), t, shape); }

    static Tensor bytes(Backend b, byte[] v, DType t, long... shape) { return b.upload(MemorySegment.ofArray(v.clone()), t, shape); }

    static Tensor ints(Backend b, int[] v, long... shape) { return b.upload(MemorySegment.ofArray(v.clone()), DType.I32, shape); }

    static Tensor longs(Backend b, long[] v, long... shape) { return b.upload(MemorySegment.ofArray(v.clone()), DType.I64, shape); }

    static float[] floats(Tensor t) { return HostArrays.toFloats(t.hostSegment().orElseThrow(), t.dtype()); }

    static byte[] bytes(Tensor t) { return t.hostSegment().orElseThrow().toArray(ValueLayout.JAVA_BYTE); }

    static int[] ints(Tensor t) { return HostArrays.toInts(t.hostSegment().orElseThrow(), t.dtype()); }

    static long[] longs(Tensor t) { return HostArrays.toLongs(t.hostSegment().orElseThrow(), t.dtype()); }

    /** N(0, sd) values rounded to {@code t}. */
    static float[] randn(SplittableRandom r, int n, float sd, DType t) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = FloatLanes.round((float) (gauss(r) * sd), t);
        return v;
    }

    static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    static byte[] randomInt8(SplittableRandom r, int n) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) v[i] = (byte) r.nextInt(-128, 128);
        return v;
    }
}
