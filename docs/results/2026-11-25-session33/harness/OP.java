import io.bnb.api.*;
public class OP {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 16 << 20;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.01f;
    int blocks = n / 256;
    for (String d : x[0].split(",")) {
      DType t = DType.valueOf(d);
      Tensor p = b.upload(v, t, n), g = b.upload(v, t, n);
      Tensor m32 = b.allocate(DType.F32, n), v32 = b.allocate(DType.F32, n);
      Tensor s1 = b.allocate(DType.U8, n), s2 = b.allocate(DType.U8, n), a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
      Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
      Hyper h = Hyper.adam(1e-3f);
      long b32 = Long.MAX_VALUE, b8 = Long.MAX_VALUE;
      for (int i = 0; i < 12; i++) {
        long t0 = System.nanoTime();
        b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, m32, v32, null, h));
        long t1 = System.nanoTime();
        b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, h));
        long t2 = System.nanoTime();
        b32 = Math.min(b32, t1 - t0); b8 = Math.min(b8, t2 - t1);
      }
      System.out.printf("%s adam32 %.0f us  adam8 %.0f us%n", d, b32 / 1e3, b8 / 1e3);
    }
  }
}
