package diag;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.bench.*;
import java.util.*;

/** Per-call times of one workload for a while; prints groups of 25 calls whose median is over 1.4x the best group median. */
public final class Trace2 {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        long start = System.nanoTime();
        long until = start + Long.parseLong(a[1]) * 1_000_000_000L;
        for (Workload w : Workloads.ops()) {
            if (!w.id().equals(a[0])) continue;
            try (Prepared p = w.setup().apply(b)) {
                double[] g = new double[25];
                double best = Double.MAX_VALUE;
                int slow = 0, groups = 0;
                for (long i = 0; System.nanoTime() < until; i++) {
                    long t0 = System.nanoTime();
                    AutoCloseable out = p.call();
                    long t1 = System.nanoTime();
                    Prepared.release(out);
                    g[(int) (i % 25)] = (t1 - t0) / 1e3;
                    if (i % 25 == 24) {
                        double[] s = g.clone(); Arrays.sort(s);
                        groups++;
                        best = Math.min(best, s[12]);
                        if (i > 500 && s[12] > 1.4 * best) { slow++; System.out.printf(Locale.ROOT, "SLOW t=%.3fs calls %d: median %.0f us (best %.0f)%n", (t1 - start) / 1e9, i, s[12], best); }
                    }
                }
                System.out.printf(Locale.ROOT, "%d of %d groups slow, best median %.0f us%n", slow, groups, best);
            }
        }
    }
}
