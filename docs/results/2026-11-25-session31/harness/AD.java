import io.bnb.api.*;
import java.util.Random;
/** 8-bit blockwise Adam, 16 Mi params, each step after a 256 MiB copy: best and median of 15 steps, 3 rounds. */
public class AD {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 16 << 20, blocks = n / 256;
        Random r = new Random(1);
        float[] gv = new float[n], pv = new float[n];
        for (int i = 0; i < n; i++) { gv[i] = (float) r.nextGaussian() * 0.01f; pv[i] = (float) r.nextGaussian() * 0.02f; }
        Tensor g = b.upload(gv, n), p = b.upload(pv, n), s1 = b.allocate(DType.U8, n), s2 = b.allocate(DType.U8, n);
        Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
        Tensor a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
        Optimizer8bitStep step = new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-4f));
        Tensor cs = b.allocate(DType.F32, 64L << 20), cd = b.allocate(DType.F32, 64L << 20);
        StringBuilder out = new StringBuilder();
        for (int rep = 0; rep < 3; rep++) {
            long[] t = new long[15];
            for (int i = 0; i < t.length; i++) {
                b.copyDevice(cs, cd);
                long t0 = System.nanoTime();
                b.optimizerUpdate8bitBlockwise(step);
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            out.append(String.format("best %5.1f med %5.1f ms | ", t[0] / 1e6, t[7] / 1e6));
        }
        System.out.println(out);
    }
}
