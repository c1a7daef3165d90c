import jdk.incubator.vector.*;
import java.lang.foreign.*;
public class TB {
  public static void main(String[] s) {
    float[] b = new float[12 * BC.ROW + 64], dst = new float[20000]; int[] idst = new int[20000], ib = new int[b.length];
    float[] out2 = new float[192];
    MemorySegment seg = Arena.global().allocate(16*4096*4, 64);
    int K = 4096; byte[] bbytes = new byte[4 * b.length], dbytes = new byte[80000]; MemorySegment bseg = Arena.global().allocate(4L * b.length, 64), dseg = Arena.global().allocate(80000, 64);
    for (int rep = 0; rep < 8; rep++) {
      for (String v : new String[]{"t10", "t10n"}) {
        long t0 = System.nanoTime(); int n = 300;
        for (int i = 0; i < n; i++) {
          for (int k0 = 0; k0 < K; k0 += 1024) {
            switch (v) {
              case "t5" -> BC.t5(seg, (long) k0 * 64, b, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, dst, 0);
              case "t6" -> BC.t6(seg, (long) k0 * 64, b, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, dst, 0);
              case "t8" -> BC.t8(seg, (long) k0 * 64, b, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, idst, 0);
              case "t11" -> BC.t11(seg, (long) k0 * 64, bseg, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, idst, 0);
              case "t12" -> BC.t12(seg, (long) k0 * 64, ib, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, dseg, 0);
              case "t13" -> BC.t13(seg, (long) k0 * 64, bbytes, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, idst, 0);
              case "t14" -> BC.t14(seg, (long) k0 * 64, ib, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, dbytes, 0);
              case "t15" -> BC.t15(seg, (long) k0 * 64, b, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, idst, 0);
              case "t10n" -> BC.t10(seg, (long) k0 * 64, ib, 16 + k0, 1024, out2, k0 > 0, seg, 0, 0, dst, 0);
              case "t10" -> BC.t10(seg, (long) k0 * 64, ib, 16 + k0, 1024, out2, k0 > 0, seg, 0, 768, dst, 0);
            }
          }
        }
        double ns = (System.nanoTime() - t0) / (double) n / K;
        if (rep > 4) System.out.printf("%s %.2f cycles/step = %.2f MAC/cycle%n", v, ns * 3.65, 192 / (ns * 3.65));
      }
    }
  }
}
