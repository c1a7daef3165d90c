package io.bnb.bench.jmh;

import io.bnb.bench.BenchJson;
import io.bnb.bench.BenchResult;
import io.bnb.bench.BenchTable;
import io.bnb.bench.Workload;
import io.bnb.bench.Workloads;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Runs {@link OpsBenchmark} under JMH and prints every workload in GB/s (TOPS, GFLOP/s) with its
 * ratio to the copy bandwidth JMH measured in the same run, beside the issue-3 targets.
 * <pre>
 * java -cp "bnb-bench/target/bnb-bench-0.1.0-SNAPSHOT.jar:bnb-bench/target/lib/*" io.bnb.bench.jmh.JmhMain [--quick] [--backend cpu] [--json FILE] [ID...]
 * </pre>
 */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        String backend = "cpu";
        Path json = null;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--backend" -> backend = args[++i];
                case "--json" -> json = Path.of(args[++i]);
                default -> only.add(args[i]);
            }
        }
        List<String> ids = new ArrayList<>();
        for (String id : Workloads.ids()) if (id.equals(Workloads.COPY_ID) || only.isEmpty() || only.stream().anyMatch(id::contains)) ids.add(id);
        int copyFloats = quick ? 16 << 20 : 64 << 20;

        ChainedOptionsBuilder opt = new OptionsBuilder().include(OpsBenchmark.class.getName() + ".op")
                .param("workload", ids.toArray(String[]::new)).param("backend", backend).param("copyFloats", String.valueOf(copyFloats));
        if (quick) opt = opt.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(500));
        Collection<RunResult> results = new Runner(opt.build()).run();

        Map<String, Double> usById = new HashMap<>();
        for (RunResult r : results) usById.put(r.getParams().getParam("workload"), r.getPrimaryResult().getScore());
        Double copyUs = usById.get(Workloads.COPY_ID);
        double copyGBps = copyUs == null ? Double.NaN : Workloads.copy(copyFloats).value(copyUs);

        List<BenchResult> rows = new ArrayList<>();
        for (String id : ids) {
            Workload w = Workloads.byId(id, copyFloats);
            Double us = usById.get(id);
            if (us == null) {
                rows.add(new BenchResult(id, w.name(), w.shape(), w.dtype(), Double.NaN, w.unit().label, Double.NaN, Double.NaN, Double.NaN,
                        w.target() == null ? "" : w.target().text(w.unit()), null, w.upstream(), "failed under JMH (see its log)", "jmh"));
                continue;
            }
            double value = w.value(us);
            double ratio = w.unit() == Workload.Unit.GBPS ? value / copyGBps : Double.NaN;
            Boolean meets = w.target() == null ? null : w.target().ratioToCopy() ? Boolean.valueOf(ratio >= w.target().min()) : Boolean.valueOf(value >= w.target().min());
            rows.add(new BenchResult(id, w.name(), w.shape(), w.dtype(), value, w.unit().label, ratio, copyGBps, us,
                    w.target() == null ? "" : w.target().text(w.unit()), meets, w.upstream(), "ok", "jmh avgt"));
        }
        System.out.println();
        System.out.print(BenchTable.render(rows));
        if (json != null) Files.writeString(json, BenchJson.write(rows, backend, "jmh"));
    }
}
