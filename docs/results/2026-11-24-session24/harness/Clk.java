public class Clk {
    static double run(long n) { double s = 1.0; for (long i = 0; i < n; i++) s = Math.fma(s, 0.9999999, 1e-9); return s; }
    public static void main(String[] a) {
        long n = 400_000_000L;
        for (int r = 0; r < 5; r++) { long t = System.nanoTime(); double s = run(n); long dt = System.nanoTime() - t; System.out.printf("%.2f GHz (fma latency 4) %f%n", 4.0 * n / dt, s); }
    }
}
