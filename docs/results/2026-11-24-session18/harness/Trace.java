package diag;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.bench.*;
import java.util.*;

/** Per-call times of one workload from its first call: medians of groups of 25 calls, with the time since start. */
public final class Trace {
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        long start = System.nanoTime();
        for (String id : a) {
            for (Workload w : Workloads.ops()) {
                if (!w.id().equals(id)) continue;
                try (Prepared p = w.setup().apply(b)) {
                    double[] g = new double[25];
                    for (int i = 0; i < 60 * 25; i++) {
                        long t0 = System.nanoTime();
                        AutoCloseable out = p.call();
                        long t1 = System.nanoTime();
                        Prepared.release(out);
                        g[i % 25] = (t1 - t0) / 1e3;
                        if (i % 25 == 24) {
                            double[] s = g.clone(); Arrays.sort(s);
                            System.out.printf(Locale.ROOT, "%s t=%.2fs calls %d-%d: median %.0f us min %.0f max %.0f%n", id, (t1 - start) / 1e9, i - 24, i, s[12], s[0], s[24]);
                        }
                    }
                }
            }
        }
    }
}
