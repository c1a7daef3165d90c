import io.bnb.api.*;
import java.util.Random;

public class GA {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 4096, k = 4096;
        Random r = new Random(1);
        byte[] p = new byte[n * k / 2]; r.nextBytes(p);
        float[] am = new float[n * k / 64]; for (int i = 0; i < am.length; i++) am[i] = 0.01f + r.nextFloat() * 0.05f;
        float[] x = new float[k]; for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
        Tensor packed = b.upload(p, DType.U8, n * k / 2, 1);
        Tensor absmax = b.upload(am, am.length);
        Tensor row = b.upload(x, DType.BF16, 1, 1, k);
        Tensor code = b.upload(Codebooks.nf4(), 16);
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 20; rep++) {
            long[] ids = tm.getAllThreadIds();
            long a0 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a0 += Math.max(0, v);
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) try (Tensor out = b.gemv4bit(row, packed, new long[]{n, k}, absmax, code, 64)) {}
            long t1 = System.nanoTime();
            long a1 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) a1 += Math.max(0, v);
            System.out.printf("%.1f us/call, %d B/call (threads at start)%n", (t1 - t0) / 200e3, (a1 - a0) / 200);
        }
    }
}
