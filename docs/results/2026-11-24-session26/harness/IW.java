package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
public class IW {
  static final VectorSpecies<Byte> B = ByteVector.SPECIES_64; static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256; static final boolean SMALL = Boolean.getBoolean("small");
  public static void main(String[] x) throws Exception {
    int n = 4096, k = 4096;
    MemorySegment b = Arena.global().allocate((long) n*k, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    float[] bp = new float[6*k];
    double best1 = 1e9, best2 = 1e9;
    for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      for (int j = 0; j < n; j++) widen1(b, (long) (SMALL ? j % 48 : j) * k, k, bp, (j % 6) * k);
      long t1 = System.nanoTime();
      for (int j = 0; j < n; j++) widen2(b, (long) (SMALL ? j % 48 : j) * k, k, bp, (j % 6) * k);
      long t2 = System.nanoTime();
      if (rep > 5) { best1 = Math.min(best1, t1 - t0); best2 = Math.min(best2, t2 - t1); }
    }
    System.out.printf("widen 16 Mi: current %.2f ms (%.2f c/elem), 32-byte loads %.2f ms%n", best1/1e6, best1*3.67/n/k, best2/1e6);
  }
  static void widen1(MemorySegment s, long src, int len, float[] dst, int off) {
    s = Segments.nativeSegment(s);
    for (int x = 0; x < len; x += 8)
      ByteVector.fromMemorySegment(B, s, src + x, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x);
  }
  static void widen2(MemorySegment s, long src, int len, float[] dst, int off) {
    s = Segments.nativeSegment(s);
    for (int x = 0; x < len; x += 32) {
      ByteVector v = ByteVector.fromMemorySegment(B32, s, src + x, java.nio.ByteOrder.LITTLE_ENDIAN);
      v.convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x);
      v.convertShape(VectorOperators.B2F, F, 1).reinterpretAsFloats().intoArray(dst, off + x + 8);
      v.convertShape(VectorOperators.B2F, F, 2).reinterpretAsFloats().intoArray(dst, off + x + 16);
      v.convertShape(VectorOperators.B2F, F, 3).reinterpretAsFloats().intoArray(dst, off + x + 24);
    }
  }
}
