import io.bnb.api.*;
import java.util.Random;

/** 8-bit blockwise Adam on 16 Mi parameters through the API: best and median of 20 steps. */
public class O8 {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        int n = 16 << 20, blocks = n / 256;
        Random r = new Random(1);
        float[] gv = new float[n], pv = new float[n];
        for (int i = 0; i < n; i++) { gv[i] = (float) r.nextGaussian() * 0.01f; pv[i] = (float) r.nextGaussian() * 0.02f; }
        Tensor g = b.upload(gv, n), p = b.upload(pv, n);
        Tensor s1 = b.allocate(DType.U8, n), s2 = b.allocate(DType.U8, n);
        Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
        Tensor a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
        Optimizer8bitStep step = new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-4f));
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long[] ids = tm.getAllThreadIds();
            long al0 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) al0 += Math.max(0, v);
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                b.optimizerUpdate8bitBlockwise(step);
                t[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(t);
            long al1 = 0; for (long v : tm.getThreadAllocatedBytes(ids)) al1 += Math.max(0, v);
            System.out.printf("adam8 best %.0f med %.0f us, %d B/step%n", t[0] / 1e3, t[10] / 1e3, (al1 - al0) / 20);
        }
    }
}
