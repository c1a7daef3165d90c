package diag;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.bench.*;
import java.util.*;

public final class Diag {
    public static void main(String[] a) {
        Backend b = Bnb.backend("cpu");
        List<String> ids = Arrays.asList(a);
        for (boolean pair : new boolean[]{false, true}) {
            OpBench.Options o = new OpBench.Options(false, 3, 1000, 20, 8000, 64 << 20, ids, pair);
            OpBench ob = new OpBench(b, o);
            for (Workload w : Workloads.ops()) {
                if (!o.selects(w)) continue;
                BenchResult r = ob.measure(w, Double.NaN);
                System.out.printf(Locale.ROOT, "T=%s pair=%s %-32s %10.1f us %10.3f %s%n", System.getProperty("bnb.cpu.threads", "all"), pair, r.id(), r.us(), r.value(), r.unit() + " " + r.status());
            }
        }
    }
}
