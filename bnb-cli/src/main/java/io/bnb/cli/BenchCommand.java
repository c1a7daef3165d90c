package io.bnb.cli;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.api.Bnb;
import io.bnb.bench.BenchJson;
import io.bnb.bench.BenchResult;
import io.bnb.bench.BenchTable;
import io.bnb.bench.OpBench;
import io.bnb.bench.Workloads;
import io.bnb.spi.HostFallback;
import io.bnb.spi.OpTimer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code bnb bench}: every op at LLM shapes on one backend, in GB/s (TOPS, GFLOP/s) and as a ratio
 * to the copy bandwidth measured in the same run, beside the issue-3 targets and upstream's CPU figures.
 */
@Command(name = "bench", description = "Benchmark every op at LLM shapes: GB/s and ratio to the same run's copy bandwidth")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME", description = "backend to measure (default: the one Bnb.backend() selects)")
    String backend;

    @Option(names = "--quick", description = "1 warm-up, 2 timed calls, 1 s budget per op, 64 MiB copy reference")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the rows as JSON")
    Path json;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "run only workloads whose id contains one of these (or whose op is named so)")
    List<String> only = List.of();

    @Option(names = "--copy-once", description = "take every ratio against the run's copy row, not against copies interleaved with each op's calls")
    boolean copyOnce;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "time every host-timed op in N rounds after one warm-up and report the round with the lowest median"
                    + " (a shared machine can lose a core for seconds; every round's median is in the JSON's timing)")
    int rounds;

    @Option(names = "--list", description = "list the workload ids and exit")
    boolean list;

    @Option(names = "--fork", description = "measure every workload in a JVM of its own with its own copy reference, as JMH forks"
            + " (a shared JVM compiles some kernels with the profiles other ops left; see the README)")
    boolean fork;

    @Option(names = "--first-calls", description = "time each op's first calls in fresh JVMs, cold and after Backend.warmUp()"
            + " (default ops: the inference ones at 4096x4096; --only picks workload ids)")
    boolean firstCalls;

    @Override
    public Integer call() throws IOException {
        if (list) {
            Workloads.ids().forEach(System.out::println);
            return 0;
        }
        Backend b;
        try {
            b = backend == null ? Bnb.backend() : Bnb.backend(backend);
        } catch (BackendUnavailableException e) {
            System.err.println("bnb bench: " + e.getMessage());
            return 2;
        }
        if (firstCalls) {
            try {
                io.bnb.bench.FirstCallsMain.table(b.name(), only.isEmpty() ? io.bnb.bench.FirstCalls.DEFAULT_IDS : only);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("bnb bench: " + e.getMessage());
                return 2;
            }
        }
        if ("cuda".equals(b.name())) return cudaBench();
        if (rounds < 1) {
            System.err.println("bnb bench: --rounds must be at least 1, got " + rounds);
            return 2;
        }
        OpBench.Options options = (quick ? OpBench.Options.quickRun() : OpBench.Options.full()).only(only).pairCopy(!copyOnce).rounds(rounds);
        System.out.println("backend: " + b.name() + " (" + b.device() + ")");
        System.out.println("timing: " + (HostFallback.unwrap(b) instanceof OpTimer ? "device events" : "wall clock around synchronize()")
                + ", " + (quick ? "quick" : "full") + " run (warm-up " + options.warmup() + " calls"
                + (options.warmupMillis() > 0 ? " and at least " + options.warmupMillis() + " ms" : "") + ", median of up to " + options.reps()
                + (rounds > 1 ? ", best of " + rounds + " rounds" : "") + ")");
        boolean paired = options.pairCopy() && !(HostFallback.unwrap(b) instanceof OpTimer);
        System.out.println("upstream CPU figures: bitsandbytes on this machine kind's CPU (copy 44 GB/s); targets are ratios to copy GB/s, "
                + (paired ? "the median of copies timed after each of the op's calls" : "this run's copy row"));
        if (fork) System.out.println("fork: every workload in its own JVM, with its own copy row (range at the end)");
        System.out.print(BenchTable.header());
        Consumer<BenchResult> print = r -> {
            System.out.print(BenchTable.row(r));
            System.out.flush();
        };
        List<BenchResult> rows = fork ? ForkedBench.run(b.name(), options, print) : new OpBench(b, options).run(print);
        // the copy reference rows (one per JVM) are not workloads
        List<BenchResult> ops = rows.stream().filter(r -> !r.isCopy()).toList();
        long measured = ops.stream().filter(BenchResult::ran).count();
        long withTarget = ops.stream().filter(r -> r.meets() != null).count();
        long met = ops.stream().filter(r -> Boolean.TRUE.equals(r.meets())).count();
        long missing = ops.stream().filter(r -> r.status().equals("not implemented")).count();
        System.out.printf("%d of %d workloads measured (%d not implemented); targets met: %d of %d%n",
                measured, ops.size(), missing, met, withTarget);
        if (fork) {
            var gbps = rows.stream().filter(r -> r.isCopy() && r.ran()).mapToDouble(BenchResult::value).summaryStatistics();
            if (gbps.getCount() > 0) System.out.printf("copy per JVM: %.2f-%.2f GB/s%n", gbps.getMin(), gbps.getMax());
        }
        if (json != null) {
            Files.writeString(json, BenchJson.write(rows, b.name(), b.device()));
            System.out.println("wrote " + json);
        }
        return 0;
    }

    /**
     * On CUDA the GPU harness runs instead: the shapes of upstream's H100 table, CUDA-event
     * timing (median of rounds x reps), a same-run device-to-device copy, upstream's figure per row.
     */
    private Integer cudaBench() throws IOException {
        List<String> args = new java.util.ArrayList<>();
        args.add("--out");
        args.add(String.valueOf(json != null ? json : Path.of("cuda-bench.json")));
        if (quick) args.addAll(List.of("--reps", "10", "--rounds", "2"));
        if (only.size() == 1) args.addAll(List.of("--only", only.get(0)));
        io.bnb.backend.cuda.bench.CudaBench.main(args.toArray(String[]::new));
        return 0;
    }
}
