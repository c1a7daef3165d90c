package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.util.*;
/** Key-table blocks in input order against grouped by absmax mantissa: 512 blocks of 256 (L2-resident input). */
public class KO {
  public static void main(String[] x) throws Exception {
    int bs = Integer.parseInt(x[0]), n = 1 << 17, nb = n / bs;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L * n, 64), out = ar.allocate(n, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = nc.bf16Keys();
    Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
    float[] spare = new float[bs], m = new float[nb];
    for (int b = 0; b < nb; b++) m[b] = Vec.absmaxBf16(in, (long) b * bs, bs, spare);
    Integer[] order = new Integer[nb]; for (int b = 0; b < nb; b++) order[b] = b;
    Arrays.sort(order, Comparator.comparingInt(b -> Float.floatToRawIntBits(m[b]) >>> 16 & 0x7f));
    int distinct = (int) java.util.stream.IntStream.range(0, nb).map(b -> Float.floatToRawIntBits(m[b]) >>> 16 & 0x7f).distinct().count();
    System.out.println("distinct mantissas " + distinct);
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b++) keys.block(in, (long) b * bs, bs, m[b], w, out);
      long t1 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int j = 0; j < nb; j++) { int b = order[j]; keys.block(in, (long) b * bs, bs, m[b], w, out); }
      long t2 = System.nanoTime();
      long t3 = System.nanoTime(); float s = 0;
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b++) s += Vec.absmaxBf16(in, (long) b * bs, bs, spare);
      long t4 = System.nanoTime();
      System.out.printf("absmax %.2f c/elem (%s) ", (t4-t3)*3.65/(20.0*n), s > 0);
      System.out.printf("input order %.2f c/elem, grouped by mantissa %.2f c/elem%n", (t1-t0)*3.65/(20.0*n), (t2-t1)*3.65/(20.0*n));
    }
  }
}
