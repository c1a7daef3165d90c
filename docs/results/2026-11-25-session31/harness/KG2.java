import jdk.incubator.vector.*;
public class KG2 {
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final int N = 1 << 18, T = 128;
    static byte[][] bt = new byte[T][16384];
    static int[][] it = new int[T][16384];
    static int[] idx = new int[N];       // element indices 0..16383
    static int[] pairs = new int[N / 2]; // two per int
    static byte[] out = new byte[N];
    static int[] tsel = new int[N / 256];
    static void scalar() {
        for (int b = 0; b < N / 256; b++) {
            byte[] t = bt[tsel[b]]; int mask = t.length - 1;
            for (int j = b * 128; j < b * 128 + 128; j++) {
                int p = pairs[j];
                out[2 * j] = t[p & mask]; out[2 * j + 1] = t[(p >>> 16) & mask];
            }
        }
    }
    static void gatherInt() {
        for (int b = 0; b < N / 256; b++) {
            int[] t = it[tsel[b]];
            for (int j = b * 256; j < b * 256 + 256; j += 16) {
                IntVector v = IntVector.fromArray(I16, t, 0, idx, j);
                v.convertShape(VectorOperators.I2B, B16, 0).reinterpretAsBytes().intoArray(out, j);
            }
        }
    }
    static void gatherByte() {
        for (int b = 0; b < N / 256; b++) {
            byte[] t = bt[tsel[b]];
            for (int j = b * 256; j < b * 256 + 256; j += 16) {
                ByteVector.fromArray(B16, t, 0, idx, j).intoArray(out, j);
            }
        }
    }
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256, B64 = ByteVector.SPECIES_512;
    static void gatherByte32() {
        for (int b = 0; b < N / 256; b++) {
            byte[] t = bt[tsel[b]];
            for (int j = b * 256; j < b * 256 + 256; j += 32) ByteVector.fromArray(B32, t, 0, idx, j).intoArray(out, j);
        }
    }
    static void gatherByte64() {
        for (int b = 0; b < N / 256; b++) {
            byte[] t = bt[tsel[b]];
            for (int j = b * 256; j < b * 256 + 256; j += 64) ByteVector.fromArray(B64, t, 0, idx, j).intoArray(out, j);
        }
    }
    public static void main(String[] a) {
        java.util.Random r = new java.util.Random(1);
        for (int t = 0; t < T; t++) for (int i = 0; i < 16384; i++) { bt[t][i] = (byte) r.nextInt(); it[t][i] = bt[t][i]; }
        for (int i = 0; i < N; i++) idx[i] = 4000 + (int) Math.min(1200, Math.abs(r.nextGaussian() * 300)) + (r.nextBoolean() ? 5248 : 0);
        for (int j = 0; j < N / 2; j++) pairs[j] = idx[2 * j] | idx[2 * j + 1] << 16;
        for (int b = 0; b < tsel.length; b++) tsel[b] = r.nextInt(T);
        for (int rep = 0; rep < 5; rep++) {
            for (int v = 0; v < 5; v++) {
                long best = Long.MAX_VALUE; long cs = 0;
                for (int it2 = 0; it2 < 200; it2++) {
                    long t0 = System.nanoTime();
                    if (v == 0) scalar(); else if (v == 1) gatherInt(); else if (v == 2) gatherByte(); else if (v == 3) gatherByte32(); else gatherByte64();
                    best = Math.min(best, System.nanoTime() - t0);
                }
                for (byte x : out) cs += x;
                System.out.printf("%s %.2f c/e  %d%n", new String[]{"scalar", "gatherInt", "gatherByte", "gatherByte32", "gatherByte64"}[v], best * 3.65 / N, cs);
            }
        }
    }
}
