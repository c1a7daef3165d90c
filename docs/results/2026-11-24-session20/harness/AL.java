package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
public class AL {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static float run(float[] a, float[] b, float[] c, int o, int len) {
    // c = a * b + c  (load, load, load, store) like the optimizer rules
    for (int i = 0; i < len; i += 8) FloatVector.fromArray(F, a, o + i).fma(FloatVector.fromArray(F, b, o + i), FloatVector.fromArray(F, c, o + i)).intoArray(c, o + i);
    return c[o];
  }
  public static void main(String[] x) {
    float[] a = new float[300], b = new float[300], c = new float[300];
    for (int i = 0; i < 300; i++) { a[i] = 1f; b[i] = 1e-9f; }
    float s = 0;
    for (int it = 0; it < 6; it++) {
      StringBuilder sb = new StringBuilder();
      for (int o = 0; o < 8; o++) {
        long t = System.nanoTime();
        for (int r = 0; r < 200000; r++) s += run(a, b, c, o, 256);
        sb.append(String.format(" o%d %.1f", o, (System.nanoTime() - t) / 1e6));
      }
      if (it >= 3) System.out.println(sb);
    }
    System.out.println(s);
  }
}
