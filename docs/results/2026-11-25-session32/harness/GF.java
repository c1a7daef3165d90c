import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import static jdk.incubator.vector.VectorOperators.*;

public class GF {
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256, F16 = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256, I16 = IntVector.SPECIES_512;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final int K = 4096;
    static int ROWS = 128;
    static final VectorMask<Float> SECOND = VectorMask.fromLong(F16, 0xFF00L);

    static void vP(float[] xp, MemorySegment p, float[] sums, float[] sc, float[] code) {
      for (int row = 0; row < ROWS; row++) {
        IntVector lo = FloatVector.fromArray(F8, code, 0).reinterpretAsInts(), hi = FloatVector.fromArray(F8, code, 8).reinterpretAsInts();
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F8), c1 = c0;
        for (int kk = 0; kk < K; kk += 64) {
            IntVector d = IntVector.fromMemorySegment(I8, p, p0 + (kk >>> 1), LE);
            FloatVector a0 = d.selectFrom(lo, hi).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
            FloatVector a1 = d.lanewise(LSHR, 4).selectFrom(lo, hi).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
            a0 = d.lanewise(LSHR, 8).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
            a1 = d.lanewise(LSHR, 12).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
            a0 = d.lanewise(LSHR, 16).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
            a1 = d.lanewise(LSHR, 20).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
            a0 = d.lanewise(LSHR, 24).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
            a1 = d.lanewise(LSHR, 28).selectFrom(lo, hi).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
            FloatVector s = FloatVector.broadcast(F8, sc[o + (kk >>> 6)]);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    static void vR(float[] xp, MemorySegment p, float[] sums, float[] sc, float[] code) {
      VectorMask<Float> second = SECOND;
      for (int row = 0; row < ROWS; row++) {
        IntVector t = FloatVector.fromArray(F16, code, 0).reinterpretAsInts();
        long p0 = (long) row * K / 2; int o = row * K / 64;
        FloatVector c0 = FloatVector.zero(F16), c1 = c0;
        for (int kk = 0; kk < K; kk += 128) {
            IntVector d = IntVector.fromMemorySegment(I16, p, p0 + (kk >>> 1), LE);
            FloatVector a0 = d.selectFrom(t).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk));
            FloatVector a1 = d.lanewise(LSHR, 4).selectFrom(t).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk + 16));
            a0 = d.lanewise(LSHR, 8).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 32), a0);
            a1 = d.lanewise(LSHR, 12).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 48), a1);
            a0 = d.lanewise(LSHR, 16).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 64), a0);
            a1 = d.lanewise(LSHR, 20).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 80), a1);
            a0 = d.lanewise(LSHR, 24).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 96), a0);
            a1 = d.lanewise(LSHR, 28).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 112), a1);
            int b = o + (kk >>> 6);
            FloatVector s = FloatVector.broadcast(F16, sc[b]).blend(sc[b + 1], second);
            c0 = a0.fma(s, c0);
            c1 = a1.fma(s, c1);
        }
        sums[row] = c0.add(c1).reduceLanes(ADD);
      }
    }

    public static void main(String[] a) {
        String vs = a[0];
        MemorySegment p = Arena.global().allocate((long) ROWS * K / 2 + 64, 64);
        java.util.Random r = new java.util.Random(1);
        for (long i = 0; i < p.byteSize(); i++) p.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        float[] xp = new float[K]; for (int i = 0; i < K; i++) xp[i] = r.nextFloat();
        float[] sc = new float[ROWS * K / 64 + 2]; java.util.Arrays.fill(sc, 0.01f);
        float[] code = new float[16]; for (int i = 0; i < 16; i++) code[i] = (i - 8) / 8f;
        float[] sums = new float[ROWS];
        for (int rep = 0; rep < 6; rep++) {
          for (char v : vs.toCharArray()) {
            long best = Long.MAX_VALUE;
            for (int it = 0; it < 300; it++) {
                long t0 = System.nanoTime();
                switch (v) { case 'P' -> vP(xp, p, sums, sc, code); case 'R' -> vR(xp, p, sums, sc, code); }
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("v%c: %.2f cycles/64 (%.1f us) %f%n", v, best * 3.65 / (ROWS * K / 64.0), best / 1e3, sums[3]);
          }
        }
    }
}
