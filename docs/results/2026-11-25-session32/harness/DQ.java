import io.bnb.api.*;
import java.util.*;
public class DQ {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int K = 4096, N = 4096;
    Random r = new Random(1);
    float[] big = new float[N * K]; for (int i = 0; i < big.length; i++) big[i] = (float) r.nextGaussian();
    Quantized w4 = b.quantize4bit(b.upload(big, N, K), 64, QuantType.NF4, DType.U8);
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (String d : System.getProperty("seq", "F32,F16,BF16").split(",")) {
      DType dt = DType.valueOf(d);
      long best = Long.MAX_VALUE, a0 = 0;
      for (int i = 0; i < 40; i++) {
        if (i == 10) a0 = mx.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        try (Tensor o = b.dequantize4bit(w4.data(), w4.absmax(), 64, QuantType.NF4, new long[]{N, K}, dt)) {}
        if (i >= 10) best = Math.min(best, System.nanoTime() - t0);
      }
      System.out.printf("%s: %.0f us, %d KB/call%n", dt, best / 1e3, (mx.getTotalThreadAllocatedBytes() - a0) / 30 / 1000);
    }
  }
}
