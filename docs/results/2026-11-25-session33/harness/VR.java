public class VR {
  static int dot(short[] a, short[] b, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[2*i]*b[2*i] + a[2*i+1]*b[2*i+1];
    return s;
  }
  static int dotB(byte[] a, byte[] b, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[i]*b[i];
    return s;
  }
  static int dotS(short[] a, short[] b, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[i]*b[i];
    return s;
  }
  public static void main(String[] x) {
    int K = 4096, N = 256;
    java.util.Random r = new java.util.Random(1);
    short[] a = new short[K]; short[][] b = new short[N][K];
    byte[] ab = new byte[K]; byte[][] bb = new byte[N][K];
    for (int i = 0; i < K; i++) { a[i] = (short) (r.nextInt(255) - 127); ab[i] = (byte) a[i]; }
    for (short[] row : b) for (int i = 0; i < K; i++) row[i] = (short) (r.nextInt(255) - 127);
    for (int j = 0; j < N; j++) for (int i = 0; i < K; i++) bb[j][i] = (byte) b[j][i];
    for (int rep = 0; rep < 6; rep++) {
      long t0 = System.nanoTime(); long sink = 0;
      for (int it = 0; it < 200; it++) for (int j = 0; j < N; j++) sink += dot(a, b[j], K / 2);
      long t1 = System.nanoTime();
      for (int it = 0; it < 200; it++) for (int j = 0; j < N; j++) sink += dotS(a, b[j], K);
      long t2 = System.nanoTime();
      for (int it = 0; it < 200; it++) for (int j = 0; j < N; j++) sink += dotB(ab, bb[j], K);
      long t3 = System.nanoTime();
      double macs = 200.0 * N * K;
      System.out.printf("pair %.2f  short %.2f  byte %.2f MAC/ns  %d%n", macs / (t1 - t0), macs / (t2 - t1), macs / (t3 - t2), sink);
    }
  }
}
