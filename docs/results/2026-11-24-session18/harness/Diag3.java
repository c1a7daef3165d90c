package diag;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.bench.*;
import java.util.*;

public final class Diag3 {
    public static void main(String[] a) {
        Backend b = Bnb.backend("cpu");
        long wm = Long.parseLong(a[1]);
        OpBench.Options o = new OpBench.Options(false, 3, wm, 20, 8000, 64 << 20, List.of(a[0]), false);
        OpBench ob = new OpBench(b, o);
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 4; rep++)
            for (Workload w : Workloads.ops()) {
                if (!o.selects(w)) continue;
                BenchResult r = ob.measure(w, 1.0);
                System.out.printf(Locale.ROOT, "t=%.1fs %s %.1f us%n", (System.nanoTime() - t0) / 1e9, r.id(), r.us());
            }
    }
}
