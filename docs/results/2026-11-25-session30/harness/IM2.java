import io.bnb.api.*;
import java.util.Random;
public class IM2 {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int m = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]);
        Random r = new Random(1);
        byte[] av = new byte[m * k], bv = new byte[n * k]; r.nextBytes(av); r.nextBytes(bv);
        Tensor ta = b.upload(av, DType.I8, m, k), tb = b.upload(bv, DType.I8, n, k);
        long[] ref = new long[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { long s = 0; for (int q = 0; q < k; q++) s += av[i * k + q] * bv[j * k + q]; ref[i * n + j] = s; }
        byte[] big = new byte[64 << 20];
        for (int rep = 0; rep < 8; rep++) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                java.util.Arrays.fill(big, (byte) i);
                long t0 = System.nanoTime();
                try (Tensor c = b.int8LinearMatmul(ta, tb)) {
                    long t = System.nanoTime() - t0; best = Math.min(best, t);
                    if (rep == 0 && i == 0) { int[] cv = b.downloadInts(c); int bad = 0; for (int q = 0; q < ref.length; q++) if (cv[q] != ref[q]) bad++; System.out.println("mismatches " + bad); }
                }
            }
            System.out.printf("m%d %dx%d: best %.0f us = %.3f TOPS%n", m, n, k, best / 1e3, 2.0 * m * n * k / best / 1e3);
        }
    }
}
