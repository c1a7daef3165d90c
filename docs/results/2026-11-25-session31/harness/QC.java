import io.bnb.api.*;
import java.util.Random;
/** Codes and absmax of BF16 quantizeBlockwise, printed as a hash, for comparing two jars; plus timing. */
public class QC {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 16 << 20;
        Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
        Random r = new Random(7);
        float[] v = new float[n];
        // mixed data: normal, some zeros, tiny values, wide-ranging block scales
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            int blk = i >> 8;
            double scale = Math.pow(2, (blk % 37) - 18);
            v[i] = (float) (g * scale);
            if (r.nextInt(50) == 0) v[i] = 0f;
            if (r.nextInt(200) == 0) v[i] = (float) (g * scale * 1e-9);
        }
        Tensor t = b.upload(v, DType.BF16, n);
        for (int bs : new int[]{256, 4096, 64, 512}) {
            try (Quantized q = b.quantizeBlockwise(t, code, bs)) {
                byte[] c = b.downloadBytes(q.data());
                long h = java.util.Arrays.hashCode(c);
                float[] am = b.downloadFloats(q.absmax());
                System.out.printf("bs%d codes %08x absmax %08x%n", bs, h, java.util.Arrays.hashCode(am));
            }
        }
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        Tensor tn = b.upload(v, DType.BF16, n);
        Tensor s = b.allocate(DType.F32, 64L << 20), d = b.allocate(DType.F32, 64L << 20);
        for (int rep = 0; rep < 3; rep++) for (int bs : new int[]{256, 4096}) {
            long[] tt = new long[15];
            for (int i = 0; i < tt.length; i++) {
                b.copyDevice(s, d);
                long t0 = System.nanoTime();
                try (Quantized q = b.quantizeBlockwise(tn, code, bs)) {}
                tt[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(tt);
            System.out.printf("bs%-5d best %6.0f med %6.0f us%n", bs, tt[0] / 1e3, tt[7] / 1e3);
        }
    }
}
