import io.bnb.api.*;
public class DQ {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 4096;
        float[] w = new float[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        String order = a.length > 0 ? a[0] : "f32";
        try (Tensor wt = b.upload(w, n, n); Quantized q = b.quantize4bit(wt, 64, QuantType.NF4, DType.U8)) {
            for (String dt : order.split(",")) {
                DType d = dt.equals("bf16") ? DType.BF16 : DType.F32;
                StringBuilder sb = new StringBuilder(dt + ":");
                for (int it = 0; it < 30; it++) {
                    long t = System.nanoTime();
                    try (Tensor out = b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[]{n, n}, d)) { b.synchronize(); }
                    long us = (System.nanoTime() - t) / 1000;
                    sb.append(' ').append(us);
                }
                System.out.println(sb);
            }
        }
    }
}
