import io.bnb.api.*;
import java.util.Random;

public class QT {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 16 << 20;
        Random r = new Random(1);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        float[] pw = v.clone();
        // every block's absmax a power of two (mantissa 0) for bs 256 and 4096
        for (int i = 0; i < n; i++) pw[i] = Math.max(-2.9f, Math.min(2.9f, pw[i])); for (int i = 0; i < n; i += 256) pw[i] = 3f;
        Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
        Tensor tn = b.upload(v, DType.BF16, n), tp = b.upload(pw, DType.BF16, n);
        Tensor s = b.allocate(DType.F32, 64L << 20), d = b.allocate(DType.F32, 64L << 20);
        boolean flush = a.length > 0 && a[0].equals("flush");
        for (int rep = 0; rep < 2; rep++) {
            for (int bs : new int[]{256}) for (int which = 0; which < 2; which++) {
                Tensor in = which == 0 ? tn : tp;
                long[] t = new long[15];
                for (int i = 0; i < t.length; i++) {
                    if (flush) b.copyDevice(s, d);
                    long t0 = System.nanoTime();
                    try (Quantized q = b.quantizeBlockwise(in, code, bs)) {}
                    t[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(t);
                System.out.printf("bs%-5d %-7s best %6.0f med %6.0f us%n", bs, which == 0 ? "normal" : "pow2", t[0] / 1e3, t[7] / 1e3);
            }
        }
    }
}
