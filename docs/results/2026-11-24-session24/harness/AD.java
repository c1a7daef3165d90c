package io.bnb.backend.cpu;
import io.bnb.api.*;
public class AD {
    public static void main(String[] a) throws Exception {
        int len = 256;
        float[] p = new float[len], g = new float[len], m = new float[len], v = new float[len];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < len; i++) { p[i] = r.nextFloat(); g[i] = r.nextFloat() - 0.5f; m[i] = 0.01f; v[i] = 0.01f; }
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Object k = StepConsts.of(Hyper.adam(1e-3f).withStep(3), 1f);
        for (String phase : a[0].split(",")) {
            boolean eight = phase.equals("8");
            for (int rep = 0; rep < 5; rep++) {
                long b0 = mx.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
                for (int it = 0; it < 200000; it++) OptimRulesVec.adam(p, g, m, v, len, (StepConsts) k, eight);
                long t1 = System.nanoTime(), b1 = mx.getCurrentThreadAllocatedBytes();
                System.out.printf("eight=%s  %.1f ns/call  %.0f bytes/call%n", eight, (t1 - t0) / 2e5, (b1 - b0) / 2e5);
            }
        }
    }
}
