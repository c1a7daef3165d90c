package io.bnb.backend.cpu;

import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static jdk.incubator.vector.VectorOperators.*;

/** Cold gemv (after a 256 MiB copy) on the backend's workers: one row stream per chunk against two far apart. */
public class GC {
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;

    static float row(float[] xp, int k, MemorySegment packed, long f0, float[] scales, short[] tab) {
        ShortVector t = ShortVector.fromArray(S16, tab, 0);
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        int o = (int) (f0 >>> 6);
        long p0 = f0 >>> 1;
        for (int kk = 0; kk < k; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
            IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
            IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
            IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
            IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
            FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
            FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
            a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
            a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
            a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
            a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
            a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
            a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
            FloatVector s = FloatVector.broadcast(F8, scales[o + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        return c0.add(c1).reduceLanes(ADD);
    }

    static void one(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] out) {
        for (int r = r0; r < r1; r++) out[r] = row(xp, k, packed, (long) r * k, scales, tab);
    }

    /** Rows r0.. and mid.. alternately: two sequential streams. */
    static void two(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] out) {
        int half = (r1 - r0) / 2, mid = r0 + half;
        for (int i = 0; i < half; i++) {
            out[r0 + i] = row(xp, k, packed, (long) (r0 + i) * k, scales, tab);
            out[mid + i] = row(xp, k, packed, (long) (mid + i) * k, scales, tab);
        }
        for (int r = r0 + 2 * half; r < r1; r++) out[r] = row(xp, k, packed, (long) r * k, scales, tab);
    }

    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), k = 4096;
        java.util.Random rnd = new java.util.Random(1);
        MemorySegment packed = Arena.global().allocate((long) n * k / 2, 64);
        for (long i = 0; i < packed.byteSize(); i += 8) packed.set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
        float[] scales = new float[n * k / 64]; for (int i = 0; i < scales.length; i++) scales[i] = rnd.nextFloat();
        float[] x = new float[k]; for (int i = 0; i < k; i++) x[i] = (float) rnd.nextGaussian();
        float[] xp = FourBitGemvBf16.permuteWords(x, k, 8);
        short[] tab = FourBitGemvBf16.tables(FourBitCodes.dequantLut(io.bnb.api.QuantType.NF4));
        MemorySegment src = Arena.global().allocate(256L << 20, 64), dst = Arena.global().allocate(256L << 20, 64);
        src.fill((byte) 1);
        float[] out = new float[n];
        long chunk = 1 << 20;
        int grain = Integer.parseInt(a[1]);
        for (int round = 0; round < 30; round++) {
            long[] t = new long[4];
            for (int v = 0; v < 2; v++) {
                long c0 = System.nanoTime();
                Parallel.forRange((256L << 20) / chunk, 1, 1, (lo, hi) -> MemorySegment.copy(src, lo * chunk, dst, lo * chunk, (hi - lo) * chunk));
                long c1 = System.nanoTime();
                if (v == 0) Parallel.forRange(n / grain, 1, 1, (lo, hi) -> one(xp, k, packed, (int) lo * grain, (int) hi * grain, scales, tab, out));
                else Parallel.forRange(n / grain, 1, 1, (lo, hi) -> two(xp, k, packed, (int) lo * grain, (int) hi * grain, scales, tab, out));
                long c2 = System.nanoTime();
                t[2 * v] = c1 - c0; t[2 * v + 1] = c2 - c1;
            }
            double w = n * (double) k / 2 + 4.0 * n * k / 64;
            if (round >= 5) System.out.printf("one %.0f us (%.2f of copy)   two %.0f us (%.2f of copy)%n", t[1] / 1e3, w / t[1] / (2.0 * (256L << 20) / t[0]), t[3] / 1e3, w / t[3] / (2.0 * (256L << 20) / t[2]));
        }
    }
}
