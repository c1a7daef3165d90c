import io.bnb.api.*;
public class DQ4 {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 4096;
        byte[] p = new byte[n * n / 2];
        float[] am = new float[n * n / 64];
        java.util.Random r = new java.util.Random(1);
        r.nextBytes(p);
        for (int i = 0; i < am.length; i++) am[i] = 0.5f + r.nextFloat();
        int iters = a.length > 0 ? Integer.parseInt(a[0]) : 200;
        String pre = a.length > 1 ? a[1] : "none";
        if (pre.equals("warm")) b.warmUp();
        else if (!pre.equals("none")) {
            int pn = pre.equals("bigq") ? n : 64;
            float[] w = new float[pn * n];
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            try (Tensor wt = b.upload(w, pn, n); Quantized q = b.quantize4bit(wt, 64, QuantType.NF4, DType.U8)) { }
        }
        try (Tensor pt = b.upload(p, DType.U8, p.length); Tensor at = b.upload(am, am.length)) {
            StringBuilder sb = new StringBuilder("direct " + pre + ":");
            for (int it = 0; it < iters; it++) {
                long t = System.nanoTime();
                try (Tensor out = b.dequantize4bit(pt, at, 64, QuantType.NF4, new long[]{n, n}, DType.F32)) { b.synchronize(); }
                long us = (System.nanoTime() - t) / 1000;
                if (it % 10 == 9 || it < 5) sb.append(' ').append(us);
            }
            System.out.println(sb);
        }
    }
}
