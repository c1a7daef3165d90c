import io.bnb.api.*;
import java.util.Random;

/** quantize4bit NF4 bs64 through the API: best and median of 20 calls. */
public class Q4 {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 4096 * 4096;
        DType dt = DType.valueOf(a[0]);
        Random r = new Random(1);
        float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        Tensor in = b.upload(x, dt, 4096, 4096);
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long[] ids = tm.getAllThreadIds();
            long a0 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a0 += Math.max(0, v);
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (Quantized q = b.quantize4bit(in, 64, QuantType.valueOf(a.length > 1 ? a[1] : "NF4"), DType.U8)) {}
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            long a1 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a1 += Math.max(0, v);
            System.out.printf("%s best %.0f med %.0f us, %d B/call%n", dt, t[0] / 1e3, t[10] / 1e3, (a1 - a0) / 20);
        }
    }
}
