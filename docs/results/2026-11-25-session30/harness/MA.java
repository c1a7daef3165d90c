public class MA {
    static int dot(short[] a, short[] b, int n) {
        int s = 0;
        for (int i = 0; i < n; i += 2) s += a[i] * b[i] + a[i + 1] * b[i + 1];
        return s;
    }
    static void dot4(short[] a0, short[] a1, short[] a2, short[] a3, short[] b, int n, int[] out) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i += 2) {
            int b0 = b[i], b1 = b[i + 1];
            s0 += a0[i] * b0 + a0[i + 1] * b1;
            s1 += a1[i] * b0 + a1[i + 1] * b1;
            s2 += a2[i] * b0 + a2[i + 1] * b1;
            s3 += a3[i] * b0 + a3[i + 1] * b1;
        }
        out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
    }
    static void arr(short[] a, short[] b, int[] out, int n) {
        for (int i = 0; i < n; i++) out[i] += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
    }
    public static void main(String[] x) {
        int n = 4096;
        java.util.Random r = new java.util.Random(1);
        short[][] a = new short[4][n]; short[] b = new short[n];
        for (short[] aa : a) for (int i = 0; i < n; i++) aa[i] = (short) (r.nextInt(256) - 128);
        for (int i = 0; i < n; i++) b[i] = (short) (r.nextInt(256) - 128);
        int[] out = new int[4]; int[] o2 = new int[n / 2];
        long ref = 0; for (int i = 0; i < n; i++) ref += a[0][i] * b[i];
        for (int rep = 0; rep < 5; rep++) {
            long t = System.nanoTime(); int s = 0;
            for (int it = 0; it < 20000; it++) s += dot(a[0], b, n);
            long t1 = System.nanoTime();
            for (int it = 0; it < 20000; it++) dot4(a[0], a[1], a[2], a[3], b, n, out);
            long t2 = System.nanoTime();
            for (int it = 0; it < 20000; it++) arr(a[0], b, o2, n / 2);
            long t3 = System.nanoTime();
            System.out.printf("dot %.3f ns/MAC (%d==%d)  dot4 %.3f ns/MAC  arr %.3f%n", (t1 - t) / (20000.0 * n), s / 20000, ref, (t2 - t1) / (20000.0 * n * 4), (t3-t2)/(20000.0*n));
        }
    }
}
