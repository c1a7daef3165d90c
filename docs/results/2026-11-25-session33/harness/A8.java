import io.bnb.api.*;
public class A8 {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 16 << 20, blocks = n / 256;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.01f;
    Tensor p = b.upload(v, DType.F32, n), g = b.upload(v, DType.F32, n);
    Tensor s1 = b.allocate(DType.U8, n), s2 = b.allocate(DType.U8, n), a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
    Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
    Hyper h = Hyper.adam(1e-3f);
    long end = System.nanoTime() + Long.parseLong(x[0]) * 1_000_000_000L; int calls = 0; long best = Long.MAX_VALUE;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, h.withStep(calls + 1)));
      best = Math.min(best, System.nanoTime() - t0); calls++;
    }
    System.out.printf("adam8 best %.0f us over %d calls%n", best / 1e3, calls);
  }
}
