public class VN {
    static void pairs(short[] a, short[] b, int[] out, int n) {
        for (int i = 0; i < n; i++) out[i] += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
    }
    static void inv(short[] a, short s0, short s1, int[] out, int n) {
        for (int i = 0; i < n; i++) out[i] += a[2 * i] * s0 + a[2 * i + 1] * s1;
    }
    static void plain(int[] a, int s0, int[] out, int n) {
        for (int i = 0; i < n; i++) out[i] += a[i] * s0;
    }
    public static void main(String[] x) {
        int n = 1024, R = 200000;
        short[] a = new short[2 * n], b = new short[2 * n]; int[] out = new int[n]; int[] ai = new int[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 2 * n; i++) { a[i] = (short) (r.nextInt(256) - 128); b[i] = (short) (r.nextInt(256) - 128); }
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < R; k++) pairs(a, b, out, n);
            long t1 = System.nanoTime();
            for (int k = 0; k < R; k++) inv(a, (short) 3, (short) -7, out, n);
            long t2 = System.nanoTime();
            for (int k = 0; k < R; k++) plain(ai, 5, out, n);
            long t3 = System.nanoTime();
            System.out.printf("pairs %.2f MAC/cyc  inv %.2f MAC/cyc  plain int mul-add %.2f /cyc %d%n", 2.0 * n * R / ((t1 - t0) * 3.67), 2.0 * n * R / ((t2 - t1) * 3.67), 1.0 * n * R / ((t3 - t2) * 3.67), out[5]);
        }
    }
}
