import io.bnb.api.*;
import java.util.Random;

/** int8VectorwiseQuant of a 4096x4096 F32 matrix (threshold args[0]) through the API: best and median of 20 calls. */
public class IQ {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        float thr = Float.parseFloat(a[0]);
        int n = 4096;
        Random r = new Random(1);
        float[] x = new float[n * n]; for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Tensor in = b.upload(x, DType.F32, n, n);
        for (int rep = 0; rep < 4; rep++) {
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (Int8Quantized q = b.int8VectorwiseQuant(in, thr)) {}
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            System.out.printf("int8VQ F32 t=%s best %.0f med %.0f us%n", a[0], t[0] / 1e3, t[10] / 1e3);
        }
    }
}
