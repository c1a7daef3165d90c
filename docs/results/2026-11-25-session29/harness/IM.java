import io.bnb.api.*;
import java.util.Random;

/** int8LinearMatmul M=16 4096x4096 and gemm4bit M=16 through the API: best and median of 30 calls. */
public class IM {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int m = 16, n = 4096, k = 4096;
        Random r = new Random(1);
        byte[] av = new byte[m * k], bv = new byte[n * k];
        for (int i = 0; i < av.length; i++) av[i] = (byte) (r.nextInt(255) - 127);
        for (int i = 0; i < bv.length; i++) bv[i] = (byte) (r.nextInt(255) - 127);
        Tensor ta = b.upload(av, DType.I8, m, k), tb = b.upload(bv, DType.I8, n, k);
        for (int rep = 0; rep < 4; rep++) {
            long[] t = new long[30];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (Tensor c = b.int8LinearMatmul(ta, tb)) {}
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            System.out.printf("int8 best %.0f med %.0f us (%.3f TOPS best)%n", t[0] / 1e3, t[15] / 1e3, 2.0 * m * n * k / t[0] / 1e3);
        }
    }
}
