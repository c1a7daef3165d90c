package io.bnb.bench;

import io.bnb.api.Backend;
import io.bnb.api.Support;
import io.bnb.api.UnsupportedOpException;
import io.bnb.spi.HostFallback;
import io.bnb.spi.OpTimer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The op benchmark harness without JMH (no forks), for any backend: warm-up, then the median of
 * repeated calls. A backend that implements {@link OpTimer} (after {@link HostFallback#unwrap})
 * is timed with its device events; otherwise wall-clock time around the call and
 * {@code synchronize()}. The copy bandwidth is measured first; every GB/s row is also reported as
 * a ratio to a copy bandwidth: with {@link Options#pairCopy} (host-timed backends) to copy calls
 * interleaved with the op's own timed calls, otherwise to that first copy row. A missing op
 * becomes a "not implemented" row, never a failed run.
 */
public final class OpBench {

    /**
     * @param quick        fewer repetitions, a smaller copy buffer, and a time budget per op
     * @param warmup       untimed calls before timing (at least)
     * @param warmupMillis host-timed backends also keep warming up until this much time has passed:
     *                     on a 2-core machine the JIT compiles the Vector API kernels on the same
     *                     cores the op runs on, and three calls were measured to leave them
     *                     half-compiled (2x slower medians); after it, they go on while calls still
     *                     get faster (OpBench.settled), for at most five times as long
     * @param only         ids or op names to run (substring match); empty runs all
     * @param pairCopy     host-timed ops alternate each timed call with a timed copy of
     *                     {@code copyFloats}, and their ratio is taken against the median of those
     *                     copies: on a shared machine whose speed drifts by 2x over minutes, a copy
     *                     measured once at the start of a run is a poor reference for an op timed a
     *                     minute later, while the two medians of interleaved calls see the same machine
     * @param rounds       host-timed ops repeat their timed calls in this many rounds after one warm-up
     *                     and report the round with the lowest median (with that round's copies): on a
     *                     shared machine that takes a core away for seconds at a time, one round
     *                     measures the neighbours as much as the op; every round's median is in the row's
     *                     timing text
     */
    public record Options(boolean quick, int warmup, long warmupMillis, int reps, long budgetMillis, int copyFloats,
                          List<String> only, boolean pairCopy, int rounds) {
        public Options {
            if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }

        /** Options without repeated rounds. */
        public Options(boolean quick, int warmup, long warmupMillis, int reps, long budgetMillis, int copyFloats, List<String> only,
                       boolean pairCopy) {
            this(quick, warmup, warmupMillis, reps, budgetMillis, copyFloats, only, pairCopy, 1);
        }

        public static Options full() { return new Options(false, 3, 2_000, 10, 20_000, 64 << 20, List.of(), true); }
        public static Options quickRun() { return new Options(true, 1, 0, 2, 1_000, 16 << 20, List.of(), true); }

        public Options only(List<String> filter) {
            return new Options(quick, warmup, warmupMillis, reps, budgetMillis, copyFloats, List.copyOf(filter), pairCopy, rounds);
        }

        /** The same options with {@link #pairCopy} set to {@code pair}. */
        public Options pairCopy(boolean pair) {
            return new Options(quick, warmup, warmupMillis, reps, budgetMillis, copyFloats, only, pair, rounds);
        }

        /** The same options with {@code n} {@link #rounds}. */
        public Options rounds(int n) {
            return new Options(quick, warmup, warmupMillis, reps, budgetMillis, copyFloats, only, pairCopy, n);
        }

        /** Whether {@code w} is selected: no filter, an entry its id contains or its op's name, or "=" and its exact id. */
        public boolean selects(Workload w) {
            if (only.isEmpty()) return true;
            for (String f : only)
                if (f.startsWith("=") ? w.id().equals(f.substring(1)) : w.id().contains(f) || w.name().equalsIgnoreCase(f)) return true;
            return false;
        }
    }

    private final Backend backend;
    private final Options options;

    public OpBench(Backend backend, Options options) {
        this.backend = backend;
        this.options = options;
    }

    /** Runs copy and then every selected workload; {@code onRow} sees each row as soon as it is measured. */
    public List<BenchResult> run(Consumer<BenchResult> onRow) {
        List<BenchResult> rows = new ArrayList<>();
        BenchResult copy = measure(Workloads.copy(options.copyFloats()), Double.NaN);
        rows.add(copy);
        onRow.accept(copy);
        double copyGBps = copy.ran() ? copy.value() : Double.NaN;
        for (Workload w : Workloads.ops()) {
            if (!options.selects(w)) continue;
            BenchResult r = measure(w, copyGBps);
            rows.add(r);
            onRow.accept(r);
        }
        return rows;
    }

    /**
     * Measures one workload against the run's copy bandwidth {@code copyGBps} (NaN for the copy row
     * itself), or against its own interleaved copies when {@link Options#pairCopy} applies.
     */
    public BenchResult measure(Workload w, double copyGBps) {
        Support support = w.op() == null ? Support.NATIVE : backend.support(w.op());
        if (support == Support.NONE)
            return notRun(w, "unsupported: " + backend.supportNote(w.op()));
        Prepared p;
        try {
            p = w.setup().apply(backend);
        } catch (RuntimeException | OutOfMemoryError e) {
            return notRun(w, "error: setup failed: " + e);
        }
        try (p) {
            boolean device = support != Support.SLOW && HostFallback.unwrap(backend) instanceof OpTimer;
            boolean paired = !device && options.pairCopy() && w.op() != null;
            double[] us;
            double ref = copyGBps, alloc = Double.NaN;
            String rounds = "";
            if (device) us = deviceTimes(p);
            else {
                Workload copy = Workloads.copy(options.copyFloats());
                try (Prepared c = paired ? copy.setup().apply(backend) : null) {
                    List<double[][]> all = wallClockRounds(p, c, w.cacheWarm());
                    double[][] best = all.get(0);
                    for (double[][] t : all) if (median(t[0]) < median(best[0])) best = t;
                    us = best[0];
                    alloc = best[2][0];
                    if (paired) ref = copy.value(median(best[1]));
                    if (all.size() > 1) rounds = roundsText(all);
                }
            }
            double median = median(us);
            double value = w.value(median);
            double ratio = w.unit() == Workload.Unit.GBPS
                    ? (Double.isNaN(ref) ? (w.op() == null ? 1.0 : Double.NaN) : value / ref) : Double.NaN;
            Boolean meets = null;
            if (w.target() != null) // if/else, not ?: — a conditional mixing null and boolean unboxes the null
                if (!w.target().ratioToCopy()) meets = value >= w.target().min();
                else if (!Double.isNaN(ratio)) meets = ratio >= w.target().min();
            String status = support == Support.SLOW ? "ok (host fallback)" : "ok";
            return new BenchResult(w.id(), w.name(), w.shape(), w.dtype(), value, w.unit().label, ratio, w.op() == null ? value : ref, median,
                    w.target() == null ? "" : w.target().text(w.unit()), meets, w.upstream(), status,
                    (device ? "device events" : "wall clock") + ", median of " + us.length + (paired ? ", each call followed by a timed copy" : "")
                            + (w.cacheWarm() && !device ? ", each after an untimed call (inputs cached)" : "")
                            + rounds, alloc);
        } catch (UnsupportedOperationException e) {
            return notRun(w, "not implemented");
        } catch (UnsupportedOpException e) {
            return notRun(w, "unsupported: " + e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            return notRun(w, "error: " + e);
        }
    }

    private BenchResult notRun(Workload w, String status) {
        return new BenchResult(w.id(), w.name(), w.shape(), w.dtype(), Double.NaN, w.unit().label, Double.NaN, Double.NaN, Double.NaN,
                w.target() == null ? "" : w.target().text(w.unit()), null, w.upstream(), status, "");
    }

    /** Warm-up calls in each of the two windows that {@link #settled} compares. */
    static final int SETTLE_WINDOW = 3;
    /** The warm-up goes on while calls keep getting faster, up to this many times {@code warmupMillis}. */
    static final int SETTLE_LIMIT = 5;

    /** ", best of N rounds (round medians a, b, ... us)". */
    private static String roundsText(List<double[][]> all) {
        StringBuilder b = new StringBuilder(", best of " + all.size() + " rounds (round medians");
        for (double[][] t : all) b.append(String.format(java.util.Locale.ROOT, " %.0f", median(t[0])));
        return b.append(" us)").toString();
    }

    /** One warm-up, then {@link Options#rounds} rounds of {@link #wallClockTimes}. */
    private List<double[][]> wallClockRounds(Prepared p, Prepared copy, boolean cacheWarm) {
        warmUp(p, copy);
        List<double[][]> all = new ArrayList<>();
        for (int r = 0; r < options.rounds(); r++) all.add(wallClockTimes(p, copy, cacheWarm));
        return all;
    }

    private void warmUp(Prepared p, Prepared copy) {
        long start = System.nanoTime();
        long warmEnd = start + options.warmupMillis() * 1_000_000L;
        long settleEnd = start + SETTLE_LIMIT * options.warmupMillis() * 1_000_000L;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < options.warmup() || System.nanoTime() < warmEnd || (System.nanoTime() < settleEnd && !settled(warm)); i++)
            warm.add(time(p));
        if (copy != null) for (int i = 0; i < options.warmup(); i++) time(copy);
    }

    /**
     * One round of timed calls after the warm-up: op times in microseconds ({@code [0]}) and, with a
     * {@code copy}, the time of the copy call that followed each op call ({@code [1]}). With
     * {@code cacheWarm} an untimed call precedes each timed one (see {@link Workload#cacheWarm}).
     */
    private double[][] wallClockTimes(Prepared p, Prepared copy, boolean cacheWarm) {
        long budgetEnd = System.nanoTime() + options.budgetMillis() * 1_000_000L;
        double[] us = new double[options.reps()], copyUs = new double[copy == null ? 0 : options.reps()];
        int n = 0;
        long alloc = 0;
        while (n < us.length) {
            if (cacheWarm) time(p);
            long a0 = allocatedBytes();
            us[n] = time(p) / 1e3;
            alloc += allocatedBytes() - a0;
            if (copy != null) copyUs[n] = time(copy) / 1e3;
            n++;
            if (System.nanoTime() > budgetEnd) break; // slow op: fewer samples rather than a run nobody waits for
        }
        double perCall = ALLOCATION == null || n == 0 ? Double.NaN : (double) alloc / n;
        return new double[][]{Arrays.copyOf(us, n), Arrays.copyOf(copyUs, Math.min(n, copyUs.length)), {perCall}};
    }

    /** The JVM's per-thread allocation counters, where it keeps them (HotSpot does). */
    private static final com.sun.management.ThreadMXBean ALLOCATION = allocationCounters();

    private static com.sun.management.ThreadMXBean allocationCounters() {
        try {
            return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                    && t.isThreadAllocatedMemoryEnabled() ? t : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Heap bytes allocated so far by all live threads (0 where not counted). */
    private static long allocatedBytes() { return ALLOCATION == null ? 0 : ALLOCATION.getTotalThreadAllocatedBytes(); }

    /** Nanoseconds of one call up to {@code synchronize()}; freeing its result is not timed. */
    private double time(Prepared p) {
        long t0 = System.nanoTime();
        AutoCloseable out = p.call();
        backend.synchronize();
        long t1 = System.nanoTime();
        Prepared.release(out);
        return t1 - t0;
    }

    private double[] deviceTimes(Prepared p) {
        OpTimer timer = (OpTimer) HostFallback.unwrap(backend);
        List<AutoCloseable> outs = new ArrayList<>();
        try {
            return timer.timeMicros(() -> outs.add(p.call()), options.warmup(), options.reps());
        } finally {
            for (AutoCloseable o : outs) Prepared.release(o);
        }
    }

    /**
     * Whether the last warm-up calls stopped getting faster: the median of the last
     * {@link #SETTLE_WINDOW} calls is at least 90% of the median of the window before. On a 2-core
     * machine C2 can still be compiling (or recompiling after a deoptimization) a Vector API kernel
     * when a fixed warm-up ends, and C1 code of such a kernel is 10-100x slower: timed calls then
     * measure the JIT, not the kernel (seen as 4-10x slower gemv medians in some full runs).
     */
    static boolean settled(List<Double> times) {
        int n = times.size();
        if (n < 2 * SETTLE_WINDOW) return false;
        double[] last = new double[SETTLE_WINDOW], before = new double[SETTLE_WINDOW];
        for (int i = 0; i < SETTLE_WINDOW; i++) {
            last[i] = times.get(n - SETTLE_WINDOW + i);
            before[i] = times.get(n - 2 * SETTLE_WINDOW + i);
        }
        return median(last) >= 0.9 * median(before);
    }

    static double median(double[] v) {
        if (v.length == 0) throw new IllegalStateException("no timings");
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
