import io.bnb.api.*;
public class O8 {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 16 << 20;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.01f;
    int blocks = n / 256;
    DType t = DType.F32;
    Tensor p = b.upload(v, t, n), g = b.upload(v, t, n);
    Tensor s1 = b.allocate(DType.U8, n), s2 = b.allocate(DType.U8, n), a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
    Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
    Hyper h = Hyper.adam(1e-3f);
    int reps = Integer.getInteger("reps", 60);
    for (int rep = 0; rep < 3; rep++) {
      long[] ts = new long[reps];
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, h));
        b.synchronize();
        ts[i] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(ts);
      System.out.printf("adam8 best %.2f med %.2f ms%n", ts[0] / 1e6, ts[reps / 2] / 1e6);
    }
  }
}
