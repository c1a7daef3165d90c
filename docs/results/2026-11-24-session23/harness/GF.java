import io.bnb.api.*;
public class GF {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = Integer.parseInt(a[0]), k = 4096, bs = 64;
        String pre = a.length > 1 ? a[1] : "none";
        java.util.Random r = new java.util.Random(1);
        if (pre.equals("smallq")) {
            float[] w = new float[64 * k];
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            try (Tensor wt = b.upload(w, 64, k); Quantized q = b.quantize4bit(wt, 64, QuantType.NF4, DType.U8)) { }
        }
        byte[] p = new byte[n * k / 2];
        float[] am = new float[n * k / bs], x = new float[k];
        r.nextBytes(p);
        for (int i = 0; i < am.length; i++) am[i] = 0.5f + r.nextFloat();
        for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
        try (Tensor pt = b.upload(p, DType.U8, p.length); Tensor at = b.upload(am, am.length); Tensor xt = b.upload(x, DType.BF16, 1, k);
             Tensor code = b.upload(QuantType.NF4.code(), 16)) {
            StringBuilder sb = new StringBuilder(pre + ":");
            for (int it = 0; it < 600; it++) {
                long t = System.nanoTime();
                try (Tensor out = b.gemv4bit(xt, pt, new long[]{n, k}, at, code, bs)) { b.synchronize(); }
                long us = (System.nanoTime() - t) / 1000;
                if (it % 50 == 49) sb.append(' ').append(us);
            }
            System.out.println(sb);
        }
    }
}
