import io.bnb.api.*;
import java.util.*;
import java.util.function.*;
/** Every op in each float dtype, warm, best of N: a survey for dtype paths much slower than the others. */
public class SV {
  static Backend b = Bnb.backend("cpu");
  static double best(Supplier<AutoCloseable> op, int n) throws Exception {
    long best = Long.MAX_VALUE;
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 8; i++) { AutoCloseable c = op.get(); b.synchronize(); if (c != null) c.close(); }
    long a0 = mx.getTotalThreadAllocatedBytes();
    for (int i = 0; i < n; i++) { long t0 = System.nanoTime(); AutoCloseable c = op.get(); b.synchronize(); best = Math.min(best, System.nanoTime() - t0); if (c != null) c.close(); }
    long al = (mx.getTotalThreadAllocatedBytes() - a0) / n;
    if (al > 1_000_000) System.out.print(" [" + al / 1000 + " KB/call]"); else System.out.print(" [-]");
    return best / 1e3;
  }
  public static void main(String[] x) throws Exception {
    int K = 4096, N = 4096, V = 16 << 20, M = 16;
    Random r = new Random(1);
    float[] big = new float[N * K]; for (int i = 0; i < big.length; i++) big[i] = (float) r.nextGaussian();
    Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
    float[] nf4 = QuantType.NF4.code();
    Tensor nf4t = b.upload(nf4, 16);
    Quantized w4 = b.quantize4bit(b.upload(big, N, K), 64, QuantType.NF4, DType.U8);
    for (DType dt : Arrays.stream(System.getProperty("dts", "F32,F16,BF16").split(",")).map(DType::valueOf).toArray(DType[]::new)) {
      Tensor a = b.upload(big, dt, N, K);
      Quantized q8 = b.quantizeBlockwise(a, code, 256);
      Tensor row = b.upload(Arrays.copyOf(big, K), dt, 1, K), rows = b.upload(Arrays.copyOf(big, M * K), dt, M, K);
      StringBuilder sb = new StringBuilder(dt + ":");
      sb.append(String.format(" qbw %.0f", best(() -> b.quantizeBlockwise(a, code, 256), 15)));
      sb.append(String.format(" dqbw %.0f", best(() -> b.dequantizeBlockwise(q8.data(), q8.absmax(), code, 256, dt), 15)));
      sb.append(String.format(" q4 %.0f", best(() -> b.quantize4bit(a, 64, QuantType.NF4, DType.U8), 15)));
      sb.append(String.format(" dq4 %.0f", best(() -> b.dequantize4bit(w4.data(), w4.absmax(), 64, QuantType.NF4, new long[]{N, K}, dt), 15)));
      sb.append(String.format(" gemv %.0f", best(() -> b.gemv4bit(row, w4.data(), new long[]{N, K}, w4.absmax(), nf4t, 64), 40)));
      sb.append(String.format(" gemm16 %.0f", best(() -> b.gemm4bit(rows, w4.data(), new long[]{N, K}, w4.absmax(), 64, QuantType.NF4, null, null), 15)));
      sb.append(String.format(" i8q %.0f", best(() -> b.int8VectorwiseQuant(a, 0f), 15)));
      sb.append(String.format(" i8q6 %.0f", best(() -> b.int8VectorwiseQuant(a, 6f), 15)));
      sb.append(String.format(" i8dq %.0f", best(() -> b.int8DoubleQuant(a, 0f), 15)));
      System.out.println(sb + "  (us)");
      a.close(); row.close(); rows.close();
    }
  }
}
