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
        for (int rep = 0; rep < 5; rep++) {
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (Quantized q = b.quantize4bit(in, 64, QuantType.NF4, DType.U8)) {}
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            System.out.printf("%s best %.0f med %.0f us%n", dt, t[0] / 1e3, t[10] / 1e3);
        }
    }
}
