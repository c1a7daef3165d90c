public class KG3 {
    static final int N = 1 << 18, T = 128;
    static byte[][] bt = new byte[T][16384];
    static short[] sidx = new short[N];
    static int[] pairs = new int[N / 2];
    static byte[] out = new byte[N];
    static int[] tsel = new int[N / 256];
    static void pairsLoop(byte[] t, int[] index, int from, int n, byte[] o) {
        int mask = t.length - 1;
        for (int j = from; j < from + n; j++) {
            int p = index[j];
            int v = t[p & mask] & 0xff | t[(p >>> 16) & mask] << 8;
            o[2 * j] = (byte) v; o[2 * j + 1] = (byte) (v >> 8);
        }
    }
    static void single(byte[] t, short[] index, int from, int n, byte[] o) {
        int mask = t.length - 1;
        for (int j = from; j < from + n; j++) o[j] = t[index[j] & mask];
    }
    static void runPairs() { for (int b = 0; b < N / 256; b++) pairsLoop(bt[tsel[b]], pairs, b * 128, 128, out); }
    static void runSingle() { for (int b = 0; b < N / 256; b++) single(bt[tsel[b]], sidx, b * 256, 256, out); }
    public static void main(String[] a) {
        java.util.Random r = new java.util.Random(1);
        for (int t = 0; t < T; t++) for (int i = 0; i < 16384; i++) bt[t][i] = (byte) r.nextInt();
        for (int i = 0; i < N; i++) sidx[i] = (short) (4000 + (int) Math.min(1200, Math.abs(r.nextGaussian() * 300)) + (r.nextBoolean() ? 5248 : 0));
        for (int j = 0; j < N / 2; j++) pairs[j] = sidx[2 * j] & 0xffff | sidx[2 * j + 1] << 16;
        for (int b = 0; b < tsel.length; b++) tsel[b] = r.nextInt(T);
        for (int rep = 0; rep < 6; rep++) {
            for (int v = 0; v < 2; v++) {
                long best = Long.MAX_VALUE; long cs = 0;
                for (int it2 = 0; it2 < 200; it2++) {
                    long t0 = System.nanoTime();
                    if (v == 0) runPairs(); else runSingle();
                    best = Math.min(best, System.nanoTime() - t0);
                }
                for (byte x : out) cs += x;
                System.out.printf("%s %.2f c/e  %d%n", v == 0 ? "pairs" : "single", best * 3.65 / N, cs);
            }
        }
    }
}
