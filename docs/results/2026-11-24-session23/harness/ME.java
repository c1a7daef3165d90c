public class ME {
    static void t2q(short[] a0, short[] a1, short[] b0, short[] b1, int[] o, int p) {
        for (int i = 0; i < p; i++) { int v = o[i] + (a0[2*i]*b0[2*i] + a0[2*i+1]*b0[2*i+1]); o[i] = v + (a1[2*i]*b1[2*i] + a1[2*i+1]*b1[2*i+1]); }
    }
    static void t4q(short[] a0, short[] a1, short[] a2, short[] a3, short[] b0, short[] b1, short[] b2, short[] b3, int[] o, int p) {
        for (int i = 0; i < p; i++) {
            int v = o[i] + (a0[2*i]*b0[2*i] + a0[2*i+1]*b0[2*i+1]);
            v += (a1[2*i]*b1[2*i] + a1[2*i+1]*b1[2*i+1]);
            v += (a2[2*i]*b2[2*i] + a2[2*i+1]*b2[2*i+1]);
            o[i] = v + (a3[2*i]*b3[2*i] + a3[2*i+1]*b3[2*i+1]);
        }
    }
    static void t1x2(short[] a, short[] b0, short[] b1, int[] o0, int[] o1, int p) {
        for (int i = 0; i < p; i++) { o0[i] += a[2*i]*b0[2*i] + a[2*i+1]*b0[2*i+1]; o1[i] += a[2*i]*b1[2*i] + a[2*i+1]*b1[2*i+1]; }
    }
    static void t1y2(short[] a0, short[] a1, short[] b, int[] o0, int[] o1, int p) {
        for (int i = 0; i < p; i++) { o0[i] += a0[2*i]*b[2*i] + a0[2*i+1]*b[2*i+1]; o1[i] += a1[2*i]*b[2*i] + a1[2*i+1]*b[2*i+1]; }
    }
    public static void main(String[] x) {
        int L = 1024;
        java.util.Random r = new java.util.Random(1);
        short[][] s = new short[8][]; for (int i = 0; i < 8; i++) s[i] = MD.rnd(r, L);
        int[][] o = new int[4][L / 2];
        int p = L / 2;
        MD.time("t1", L, () -> MC.t1(s[0], s[1], o[0], p));
        MD.time("t2q", 2L * L, () -> t2q(s[0], s[1], s[2], s[3], o[0], p));
        MD.time("t4q", 4L * L, () -> t4q(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], o[0], p));
        MD.time("t1x2", 2L * L, () -> t1x2(s[0], s[1], s[2], o[0], o[1], p));
        MD.time("t1y2", 2L * L, () -> t1y2(s[0], s[1], s[2], o[0], o[1], p));
    }
}
