import io.bnb.api.*;
public class GE {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 4096, k = Integer.parseInt(a[1]), bs = Integer.parseInt(a[0]);
        float[] w = new float[n * k], x = new float[k];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
        try (Tensor wt = b.upload(w, n, k); Quantized q = b.quantize4bit(wt, bs, QuantType.NF4, DType.U8); Tensor xt = b.upload(x, DType.BF16, 1, k); Tensor code = b.upload(QuantType.NF4.code(), 16)) {
            long best = Long.MAX_VALUE; float chk = 0;
            for (int it = 0; it < 400; it++) {
                long t = System.nanoTime();
                try (Tensor out = b.gemv4bit(xt, q.data(), new long[]{n, k}, q.absmax(), code, bs)) { b.synchronize(); if (it == 0) chk = b.downloadFloats(out)[5]; }
                long d = System.nanoTime() - t;
                if (it >= 300) best = Math.min(best, d);
            }
            System.out.printf("bs %d k %d: best %d us  (out[5]=%s)%n", bs, k, best / 1000, chk);
        }
    }
}
