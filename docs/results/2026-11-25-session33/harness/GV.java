import io.bnb.api.*;
import java.lang.foreign.*;
public class GV {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = Integer.parseInt(x[0]), K = 4096; long numel = (long) n * K; int blocks = (int) (numel / 64);
    java.util.Random r = new java.util.Random(1);
    byte[] pk = new byte[(int) (numel / 2)]; r.nextBytes(pk);
    float[] am = new float[blocks]; for (int i = 0; i < blocks; i++) am[i] = 0.01f + 0.07f * r.nextFloat();
    float[] row = new float[K]; for (int i = 0; i < K; i++) row[i] = (float) r.nextGaussian();
    float[] nf4 = {-1.0f, -0.6961928f, -0.5250731f, -0.3949175f, -0.2844414f, -0.1847734f, -0.0910500f, 0f, 0.0795803f, 0.1609302f, 0.2461123f, 0.3379152f, 0.4407098f, 0.5626170f, 0.7229568f, 1.0f};
    Tensor packed = b.upload(MemorySegment.ofArray(pk), DType.U8, numel / 2, 1);
    Tensor absmax = b.upload(MemorySegment.ofArray(am), DType.F32, blocks);
    Tensor a16 = b.upload(row, DType.valueOf(System.getProperty("dt", "BF16")), 1, 1, K);
    Tensor code = b.upload(MemorySegment.ofArray(nf4), DType.F32, 16);
    boolean cold = x.length > 1 && x[1].equals("cold");
    MemorySegment c1 = Arena.global().allocate(256L << 20, 64), c2 = Arena.global().allocate(256L << 20, 64); c1.fill((byte) 1);
    for (int rep = 0; rep < 5; rep++) {
      long best = Long.MAX_VALUE; long[] ts = new long[cold ? 30 : 200];
      for (int it = 0; it < (cold ? 30 : 200); it++) {
        if (cold) MemorySegment.copy(c1, 0, c2, 0, c1.byteSize());
        long t0 = System.nanoTime();
        Tensor o = b.gemv4bit(a16, packed, new long[]{n, K}, absmax, code, 64);
        b.synchronize();
        ts[it] = System.nanoTime() - t0; best = Math.min(best, ts[it]);
        o.close();
      }
      java.util.Arrays.sort(ts); System.out.printf("n=%d best %.1f med %.1f us%n", n, best / 1e3, ts[ts.length/2] / 1e3);
    }
  }
}
