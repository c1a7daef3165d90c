import java.lang.foreign.*;
import java.lang.invoke.VarHandle;
public class HF {
  static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  static void widen(MemorySegment in, long start, int len, float[] dst, int off) {
    for (int i = 0; i < len; i++) dst[off + i] = Float.float16ToFloat(in.get(I16, (start + i) << 1));
  }
  static void widenArr(short[] in, int len, float[] dst) {
    for (int i = 0; i < len; i++) dst[i] = Float.float16ToFloat(in[i]);
  }
  public static void main(String[] a) {
    int n = 4096; MemorySegment seg = Arena.global().allocate(2L * n, 64); short[] sa = new short[n];
    for (int i = 0; i < n; i++) { seg.setAtIndex(I16, i, Float.floatToFloat16(i * 0.01f)); sa[i] = Float.floatToFloat16(i*0.01f); }
    float[] d = new float[n];
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) widen(seg, 0, n, d, 0);
      double c1 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) widenArr(sa, n, d);
      double c2 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      if (rep > 7) System.out.printf("segment %.3f cycles/elem, array %.3f%n", c1, c2);
    }
  }
}
