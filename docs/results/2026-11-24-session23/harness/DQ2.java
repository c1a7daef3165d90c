import io.bnb.api.*;
import jdk.incubator.vector.*;
public class DQ2 {
    static IntVector pre(IntVector idx, IntVector a, IntVector b) { return idx.selectFrom(a, b); }
    static IntVector pre2(ByteVector bv, int part) { return (IntVector) bv.convertShape(VectorOperators.B2I, IntVector.SPECIES_256, part); }
    public static void main(String[] a) throws Exception {
        String mode = a.length > 0 ? a[0] : "none";
        VectorSpecies<Integer> I = IntVector.SPECIES_256;
        IntVector x = IntVector.fromArray(I, new int[]{1,2,3,4,5,6,7,8}, 0), y = x.add(8), idx = IntVector.fromArray(I, new int[]{0,3,9,15,2,11,5,1}, 0);
        ByteVector bv = ByteVector.fromArray(ByteVector.SPECIES_128, new byte[16], 0);
        long s = 0;
        if (mode.contains("sel")) for (int i = 0; i < 300000; i++) s += pre(idx, x, y).lane(i & 7);
        if (mode.contains("cvt")) for (int i = 0; i < 300000; i++) s += pre2(bv, i & 1).lane(i & 7);
        Thread.sleep(3000);
        Backend b = Bnb.backend("cpu");
        int n = 4096;
        float[] w = new float[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        try (Tensor wt = b.upload(w, n, n); Quantized q = b.quantize4bit(wt, 64, QuantType.NF4, DType.U8)) {
            StringBuilder sb = new StringBuilder(mode + " " + s + ":");
            for (int it = 0; it < 60; it++) {
                long t = System.nanoTime();
                try (Tensor out = b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[]{n, n}, DType.F32)) { b.synchronize(); }
                long us = (System.nanoTime() - t) / 1000;
                if (it % 5 == 4) sb.append(' ').append(us);
            }
            System.out.println(sb);
        }
    }
}
