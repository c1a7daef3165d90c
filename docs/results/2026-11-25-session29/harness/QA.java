import io.bnb.api.*;
import java.util.Random;

/** Allocation and time per call of quantizeBlockwise and dequantizeBlockwise through the API. */
public class QA {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = Integer.parseInt(a[0]) << 20, bs = Integer.parseInt(a[1]);
        DType dt = DType.valueOf(a[2]);
        Random r = new Random(1);
        float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        Tensor in = b.upload(x, dt, n);
        Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 6; rep++) {
            long[] ids = tm.getAllThreadIds();
            long a0 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a0 += Math.max(0, v);
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) try (Quantized q = b.quantizeBlockwise(in, code, bs); Tensor d = b.dequantizeBlockwise(q.data(), q.absmax(), code, bs, dt)) {}
            long t1 = System.nanoTime();
            long a1 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a1 += Math.max(0, v);
            System.out.printf("%s %dMi bs%d: %.0f us per pair, %d B per pair%n", dt, n >> 20, bs, (t1 - t0) / 20e3, (a1 - a0) / 20);
        }
    }
}
