import jdk.incubator.vector.*;
public class NC {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256; static final VectorSpecies<Integer> I = IntVector.SPECIES_256; static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  static final float[] NT = {-0.8480964004993439f, -0.6106329262256622f, -0.4599952697753906f, -0.33967943489551544f, -0.23460740596055984f, -0.13791173323988914f, -0.045525018125772476f, 0.03979014977812767f, 0.1202552504837513f, 0.2035212516784668f, 0.2920137718319893f, 0.3893125355243683f, 0.5016634166240692f, 0.6427869200706482f, 0.8614784181118011f};
  static FloatVector t(float v) { return FloatVector.broadcast(F, v); }
  static final FloatVector N3 = t(NT[3]), N7 = t(NT[7]), N11 = t(NT[11]);
  static IntVector bits(float... t) { int[] b = new int[t.length]; for (int i = 0; i < t.length; i++) b[i] = Float.floatToRawIntBits(t[i]); return IntVector.fromArray(I, b, 0); }
  static final IntVector T3 = bits(NT[1], 0f, NT[5], 0f, NT[9], 0f, NT[13], 0f);
  static final IntVector T4 = bits(NT[0], NT[2], NT[4], NT[6], NT[8], NT[10], NT[12], NT[14]);
  static final IntVector T2 = bits(NT[3], 0, 0, 0, NT[11], 0, 0, 0);
  static final IntVector I0 = IntVector.zero(I), I1 = IntVector.broadcast(I, 1), I2 = IntVector.broadcast(I, 2), I4 = IntVector.broadcast(I, 4);
  static IntVector nf4(FloatVector v) {
    VectorMask<Float> m8 = v.compare(VectorOperators.GT, N7);
    IntVector h = I0.blend(I4, m8.cast(I));
    VectorMask<Float> m4 = v.compare(VectorOperators.GT, N3.blend(N11, m8));
    h = h.or(I0.blend(I2, m4.cast(I)));
    VectorMask<Float> m2 = v.compare(VectorOperators.GT, h.selectFrom(T3).reinterpretAsFloats());
    h = h.or(I0.blend(I1, m2.cast(I)));
    VectorMask<Float> m1 = v.compare(VectorOperators.GT, h.selectFrom(T4).reinterpretAsFloats());
    return h.lanewise(VectorOperators.LSHL, 1).or(I0.blend(I1, m1.cast(I)));
  }
  // sign-of-difference: bit = (t - v) < 0 (exact for non-NaN v; thresholds nonzero)
  static IntVector gt(FloatVector t, FloatVector v) { return t.sub(v).reinterpretAsInts().lanewise(VectorOperators.LSHR, 31); }
  static IntVector nf4s(FloatVector v) {
    IntVector h = gt(N7, v).lanewise(VectorOperators.LSHL, 2);                       // 0 or 4
    h = h.or(gt(h.selectFrom(T2).reinterpretAsFloats(), v).lanewise(VectorOperators.LSHL, 1));
    h = h.or(gt(h.selectFrom(T3).reinterpretAsFloats(), v));
    return h.lanewise(VectorOperators.LSHL, 1).or(gt(h.selectFrom(T4).reinterpretAsFloats(), v));
  }
  static IntVector mv(VectorMask<Float> m) { return m.cast(I).toVector().reinterpretAsInts(); }
  static IntVector nf4t(FloatVector v) {
    VectorMask<Float> m8 = v.compare(VectorOperators.GT, N7);
    IntVector h = mv(m8).and(4);
    VectorMask<Float> m4 = v.compare(VectorOperators.GT, N3.blend(N11, m8));
    h = h.or(mv(m4).and(2));
    VectorMask<Float> m2 = v.compare(VectorOperators.GT, h.selectFrom(T3).reinterpretAsFloats());
    h = h.sub(mv(m2));
    VectorMask<Float> m1 = v.compare(VectorOperators.GT, h.selectFrom(T4).reinterpretAsFloats());
    return h.lanewise(VectorOperators.LSHL, 1).sub(mv(m1));
  }
  static int codes(float[] buf, int from, int end, float r, byte[] codes, int mode) {
    int j = from;
    for (; j + 8 <= end; j += 8) {
      FloatVector v = FloatVector.fromArray(F, buf, j).mul(r);
      (mode == 2 ? nf4t(v) : mode == 1 ? nf4s(v) : nf4(v)).convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(codes, j);
    }
    return j;
  }
  public static void main(String[] a) {
    int n = 256; float[] buf = new float[n]; byte[] c1 = new byte[n], c2 = new byte[n];
    java.util.Random r = new java.util.Random(5);
    for (int rep = 0; rep < 8; rep++) {
      for (int i = 0; i < n; i++) buf[i] = (float) r.nextGaussian();
      for (int i = 0; i < 8; i++) buf[i] = NT[i] * 2.5f; buf[8] = 0f; buf[9] = -0f; buf[10] = NT[7] * 2.5f;
      codes(buf, 0, n, 0.4f, c1, 0); codes(buf, 0, n, 0.4f, c2, 2);
      if (!java.util.Arrays.equals(c1, c2)) throw new AssertionError("differ");
      for (String v : a) {
        int s = v.equals("s") ? 1 : v.equals("t") ? 2 : 0;
        long t0 = System.nanoTime(); int it = 200000;
        for (int i = 0; i < it; i++) codes(buf, 0, n, 0.4f, c1, s);
        double cyc = (System.nanoTime() - t0) * 3.2 / it / n;
        if (rep > 5) System.out.printf("%s %.3f cycles/elem%n", v, cyc);
      }
    }
  }
}
