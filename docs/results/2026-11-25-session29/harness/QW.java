import io.bnb.api.*;
import java.util.Random;

public class QW {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = Integer.parseInt(a[0]) << 20, bs = Integer.parseInt(a[1]);
        DType dt = DType.valueOf(a[2]);
        Random r = new Random(1);
        float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        Tensor in = b.upload(x, dt, n);
        Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
        byte[] big = new byte[64 << 20];
        for (int rep = 0; rep < 12; rep++) {
            long best = Long.MAX_VALUE, sum = 0;
            for (int i = 0; i < 10; i++) {
                if (a.length > 3) java.util.Arrays.fill(big, (byte) i); // evict caches like the bench's copy
                long t0 = System.nanoTime();
                try (Quantized q = b.quantizeBlockwise(in, code, bs)) {}
                long t = System.nanoTime() - t0; best = Math.min(best, t); sum += t;
            }
            System.out.printf("%s %dMi bs%d: best %.0f us, mean %.0f us%n", dt, n >> 20, bs, best / 1e3, sum / 10e3);
        }
    }
}
