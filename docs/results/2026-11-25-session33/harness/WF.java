import java.lang.foreign.*;
public class WF {
  static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
  static void toArray(MemorySegment in, long start, int len, float[] dst) {
    for (int i = 0; i < len; i++) dst[i] = Float.float16ToFloat(in.getAtIndex(I16, start + i));
  }
  static void toSeg(MemorySegment in, long start, int len, MemorySegment dst) {
    for (int i = 0; i < len; i++) dst.setAtIndex(F32, i, Float.float16ToFloat(in.getAtIndex(I16, start + i)));
  }
  public static void main(String[] a) {
    int n = 1 << 20, blk = 4096;
    MemorySegment in = Arena.global().allocate(2L * n, 64), seg = Arena.global().allocate(4L * blk, 64);
    for (int i = 0; i < n; i++) in.setAtIndex(I16, i, Float.floatToFloat16((float) Math.sin(i)));
    float[] arr = new float[blk];
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < 50; it++) for (int b = 0; b < n; b += blk) toArray(in, b, blk, arr);
      long t1 = System.nanoTime();
      for (int it = 0; it < 50; it++) for (int b = 0; b < n; b += blk) toSeg(in, b, blk, seg);
      long t2 = System.nanoTime();
      System.out.printf("array %.3f  segment %.3f  cycles/elem%n", (t1 - t0) * 3.65 / (50.0 * n), (t2 - t1) * 3.65 / (50.0 * n));
    }
  }
}
