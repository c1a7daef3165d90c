import io.bnb.api.*;
import java.lang.foreign.*;
public class GO {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = Integer.parseInt(x[0]), K = 4096; long numel = (long) n * K; int blocks = (int) (numel / 64);
    java.util.Random r = new java.util.Random(1);
    byte[] pk = new byte[(int) (numel / 2)]; r.nextBytes(pk);
    float[] am = new float[blocks]; for (int i = 0; i < blocks; i++) am[i] = 0.01f + 0.07f * r.nextFloat();
    float[] row = new float[K]; for (int i = 0; i < K; i++) row[i] = (float) r.nextGaussian();
    Tensor packed = b.upload(MemorySegment.ofArray(pk), DType.U8, numel / 2, 1);
    Tensor absmax = b.upload(MemorySegment.ofArray(am), DType.F32, blocks);
    Tensor a16 = b.upload(row, DType.BF16, 1, 1, K);
    Tensor code = b.upload(MemorySegment.ofArray(Codebooks.nf4()), DType.F32, 16);
    long end = System.nanoTime() + Long.parseLong(x[1]) * 1_000_000_000L; long calls = 0, t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      Tensor o = b.gemv4bit(a16, packed, new long[]{n, K}, absmax, code, 64);
      b.synchronize(); o.close(); calls++;
    }
    System.out.printf("n=%d %.1f us/call%n", n, (System.nanoTime() - t0) / 1e3 / calls);
  }
}
