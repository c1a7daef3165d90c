import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import static jdk.incubator.vector.VectorOperators.*;

public class GW {
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final int K = 4096, ROWS = 256;

    static void v0(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row++) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        for (int kk = 0; kk < K; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + (kk >>> 1), LE);
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
            FloatVector s = FloatVector.broadcast(F8, sc[o + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    /** group-indexed loop: every index linear in j */
    static void v3(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row++) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        int groups = K / 64;
        for (int j = 0; j < groups; j++) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + 32L * j, LE);
            int kk = 64 * j;
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
            FloatVector s = FloatVector.broadcast(F8, sc[o + j]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    /** one chain per group */
    static void v4(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row++) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8);
        for (int kk = 0; kk < K; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + (kk >>> 1), LE);
            IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
            IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
            IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
            IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
            FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
            a0 = w0.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
            a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
            a0 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a0);
            a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
            a0 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
            a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
            a0 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a0);
            c0 = a0.fma(FloatVector.broadcast(F8, sc[o + (kk >>> 6)]), c0);
        }
        sums[row] = c0.reduceLanes(ADD);
      }
    }

    /** two-table select: (t, t) */
    static void v1(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row++) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        for (int kk = 0; kk < K; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + (kk >>> 1), LE);
            IntVector w0 = pk.selectFrom(t, t).reinterpretAsInts();
            IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t, t).reinterpretAsInts();
            IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t, t).reinterpretAsInts();
            IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t, t).reinterpretAsInts();
            FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
            FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
            a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
            a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
            a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
            a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
            a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
            a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
            FloatVector s = FloatVector.broadcast(F8, sc[o + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    /** own and(15) before selectFrom */
    static void v2(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row++) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        for (int kk = 0; kk < K; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + (kk >>> 1), LE);
            IntVector w0 = pk.and((short) 15).selectFrom(t).reinterpretAsInts();
            IntVector w1 = pk.lanewise(LSHR, 4).and((short) 15).selectFrom(t).reinterpretAsInts();
            IntVector w2 = pk.lanewise(LSHR, 8).and((short) 15).selectFrom(t).reinterpretAsInts();
            IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
            FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
            FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
            a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
            a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
            a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
            a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
            a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
            a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
            FloatVector s = FloatVector.broadcast(F8, sc[o + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    /** two rows per iteration, sharing the activation loads */
    static void v5(float[] xp, MemorySegment p, float[] sums, float[] sc, short[] table) {
      for (int row = 0; row < ROWS; row += 2) {
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        long p0 = (long) row * K / 2, q0 = p0 + K / 2; int o = row * K / 64, o1 = o + K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0, d0 = c0, d1 = c0;
        for (int kk = 0; kk < K; kk += 64) {
            ShortVector pk = ShortVector.fromMemorySegment(S16, p, p0 + (kk >>> 1), LE);
            ShortVector qk = ShortVector.fromMemorySegment(S16, p, q0 + (kk >>> 1), LE);
            FloatVector x0 = FloatVector.fromArray(F8, xp, kk), x1 = FloatVector.fromArray(F8, xp, kk + 8);
            IntVector w0 = pk.selectFrom(t).reinterpretAsInts(), v0 = qk.selectFrom(t).reinterpretAsInts();
            FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
            FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(x1);
            FloatVector b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
            FloatVector b1 = v0.and(0xffff0000).reinterpretAsFloats().mul(x1);
            x0 = FloatVector.fromArray(F8, xp, kk + 16); x1 = FloatVector.fromArray(F8, xp, kk + 24);
            w0 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts(); v0 = qk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
            a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
            a1 = w0.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
            b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
            b1 = v0.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
            x0 = FloatVector.fromArray(F8, xp, kk + 32); x1 = FloatVector.fromArray(F8, xp, kk + 40);
            w0 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts(); v0 = qk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
            a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
            a1 = w0.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
            b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
            b1 = v0.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
            x0 = FloatVector.fromArray(F8, xp, kk + 48); x1 = FloatVector.fromArray(F8, xp, kk + 56);
            w0 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts(); v0 = qk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
            a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
            a1 = w0.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
            b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
            b1 = v0.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
            FloatVector s = FloatVector.broadcast(F8, sc[o + (kk >>> 6)]), u = FloatVector.broadcast(F8, sc[o1 + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
            d0 = b0.fma(u, d0);
            d1 = b1.fma(u, d1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
        sums[row + 1] = d0.add(d1).reduceLanes(ADD);
      }
    }

    public static void main(String[] a) {
        int variant = Integer.parseInt(a[0]);
        MemorySegment p = Arena.global().allocate((long) ROWS * K / 2, 64);
        java.util.Random r = new java.util.Random(1);
        for (long i = 0; i < p.byteSize(); i++) p.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        float[] xp = new float[K]; for (int i = 0; i < K; i++) xp[i] = r.nextFloat();
        float[] sc = new float[ROWS * K / 64]; java.util.Arrays.fill(sc, 0.01f);
        short[] table = new short[16]; for (int i = 0; i < 16; i++) table[i] = (short) (Float.floatToRawIntBits((i - 8) / 8f) >>> 16);
        float[] sums = new float[ROWS];
        for (int rep = 0; rep < 8; rep++) {
            long best = Long.MAX_VALUE;
            for (int it = 0; it < 300; it++) {
                long t0 = System.nanoTime();
                if (variant == 0) v0(xp, p, sums, sc, table); else if (variant == 1) v1(xp, p, sums, sc, table); else if (variant == 4) v4(xp, p, sums, sc, table); else if (variant == 5) v5(xp, p, sums, sc, table); else if (variant == 3) v3(xp, p, sums, sc, table); else v2(xp, p, sums, sc, table);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("v%d: %.2f cycles/64 (%.1f us) %f%n", variant, best * 3.65 / (ROWS * K / 64.0), best / 1e3, sums[3]);
        }
    }
}
