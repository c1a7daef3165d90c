public class Clock2 {
  public static void main(String[] a) throws Exception {
    Runnable r = () -> {
      for (int rr = 0; rr < 6; rr++) {
        long x = rr; long n = 400_000_000L;
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) { x = (x ^ i) + i; x = (x ^ i) + i; }
        long t = System.nanoTime() - t0;
        if (rr >= 3) System.out.printf("%s %.2f GHz (x=%d)%n", Thread.currentThread().getName(), 4.0 * n / t, x & 1);
      }
    };
    Thread t1 = new Thread(r, "a"), t2 = new Thread(r, "b"); t1.start(); t2.start(); t1.join(); t2.join();
  }
}
