import java.util.Arrays;
public class MB {
    // 4 rows of A x 2 rows of B, each output lane i sums k-pairs i, i+P, i+2P, i+3P (q = 2P shorts apart)
    static void k42(short[] a0, short[] a1, short[] a2, short[] a3, short[] b0, short[] b1,
                    int[] o00, int[] o01, int[] o10, int[] o11, int[] o20, int[] o21, int[] o30, int[] o31, int p) {
        int q = 2 * p, r = 4 * p, s = 6 * p;
        for (int i = 0; i < p; i++) {
            o00[i] += ((a0[2*i]*b0[2*i] + a0[2*i+1]*b0[2*i+1]) + (a0[2*i+q]*b0[2*i+q] + a0[2*i+q+1]*b0[2*i+q+1]))
                    + ((a0[2*i+r]*b0[2*i+r] + a0[2*i+r+1]*b0[2*i+r+1]) + (a0[2*i+s]*b0[2*i+s] + a0[2*i+s+1]*b0[2*i+s+1]));
            o01[i] += ((a0[2*i]*b1[2*i] + a0[2*i+1]*b1[2*i+1]) + (a0[2*i+q]*b1[2*i+q] + a0[2*i+q+1]*b1[2*i+q+1]))
                    + ((a0[2*i+r]*b1[2*i+r] + a0[2*i+r+1]*b1[2*i+r+1]) + (a0[2*i+s]*b1[2*i+s] + a0[2*i+s+1]*b1[2*i+s+1]));
            o10[i] += ((a1[2*i]*b0[2*i] + a1[2*i+1]*b0[2*i+1]) + (a1[2*i+q]*b0[2*i+q] + a1[2*i+q+1]*b0[2*i+q+1]))
                    + ((a1[2*i+r]*b0[2*i+r] + a1[2*i+r+1]*b0[2*i+r+1]) + (a1[2*i+s]*b0[2*i+s] + a1[2*i+s+1]*b0[2*i+s+1]));
            o11[i] += ((a1[2*i]*b1[2*i] + a1[2*i+1]*b1[2*i+1]) + (a1[2*i+q]*b1[2*i+q] + a1[2*i+q+1]*b1[2*i+q+1]))
                    + ((a1[2*i+r]*b1[2*i+r] + a1[2*i+r+1]*b1[2*i+r+1]) + (a1[2*i+s]*b1[2*i+s] + a1[2*i+s+1]*b1[2*i+s+1]));
            o20[i] += ((a2[2*i]*b0[2*i] + a2[2*i+1]*b0[2*i+1]) + (a2[2*i+q]*b0[2*i+q] + a2[2*i+q+1]*b0[2*i+q+1]))
                    + ((a2[2*i+r]*b0[2*i+r] + a2[2*i+r+1]*b0[2*i+r+1]) + (a2[2*i+s]*b0[2*i+s] + a2[2*i+s+1]*b0[2*i+s+1]));
            o21[i] += ((a2[2*i]*b1[2*i] + a2[2*i+1]*b1[2*i+1]) + (a2[2*i+q]*b1[2*i+q] + a2[2*i+q+1]*b1[2*i+q+1]))
                    + ((a2[2*i+r]*b1[2*i+r] + a2[2*i+r+1]*b1[2*i+r+1]) + (a2[2*i+s]*b1[2*i+s] + a2[2*i+s+1]*b1[2*i+s+1]));
            o30[i] += ((a3[2*i]*b0[2*i] + a3[2*i+1]*b0[2*i+1]) + (a3[2*i+q]*b0[2*i+q] + a3[2*i+q+1]*b0[2*i+q+1]))
                    + ((a3[2*i+r]*b0[2*i+r] + a3[2*i+r+1]*b0[2*i+r+1]) + (a3[2*i+s]*b0[2*i+s] + a3[2*i+s+1]*b0[2*i+s+1]));
            o31[i] += ((a3[2*i]*b1[2*i] + a3[2*i+1]*b1[2*i+1]) + (a3[2*i+q]*b1[2*i+q] + a3[2*i+q+1]*b1[2*i+q+1]))
                    + ((a3[2*i+r]*b1[2*i+r] + a3[2*i+r+1]*b1[2*i+r+1]) + (a3[2*i+s]*b1[2*i+s] + a3[2*i+s+1]*b1[2*i+s+1]));
        }
    }
    static int sum(int[] o, int p) { int s = 0; for (int i = 0; i < p; i++) s += o[i]; return s; }

    public static void main(String[] x) {
        int K = 4096, N = 4096, M = 16, P = K / 8;
        byte[] A = new byte[M * K], B = new byte[N * K];
        java.util.Random r = new java.util.Random(1);
        r.nextBytes(A); r.nextBytes(B);
        short[][] as = new short[M][K];
        short[] b0 = new short[K], b1 = new short[K];
        int[][] o = new int[8][P];
        int[] C = new int[M * N];
        for (int rep = 0; rep < 20; rep++) {
            long t = System.nanoTime();
            for (int m = 0; m < M; m++) for (int k = 0; k < K; k++) as[m][k] = A[m * K + k];
            long tk = 0;
            for (int n = 0; n < N; n += 2) {
                for (int k = 0; k < K; k++) { b0[k] = B[n * K + k]; b1[k] = B[(n + 1) * K + k]; }
                for (int m = 0; m < M; m += 4) {
                    for (int[] oo : o) Arrays.fill(oo, 0);
                    k42(as[m], as[m+1], as[m+2], as[m+3], b0, b1, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], P);
                    for (int u = 0; u < 4; u++) { C[(m+u) * N + n] = sum(o[2*u], P); C[(m+u) * N + n + 1] = sum(o[2*u+1], P); }
                }
            }
            long d = System.nanoTime() - t;
            int bad = 0;
            for (int c = 0; c < 50; c++) { int mm = (c * 7) % M, nn = (c * 977) % N; int ref = 0; for (int k = 0; k < K; k++) ref += A[mm*K+k] * B[nn*K+k]; if (ref != C[mm*N+nn]) bad++; }
            System.out.printf("%.2f ms  %.3f TOPS one thread  %.1f MAC/cycle@3.2GHz bad=%d%n", d / 1e6, 2.0 * M * N * K / d / 1e3, (double) M * N * K / d / 3.2, bad);
        }
    }
}
