package io.bnb.bench;

/**
 * One row of a benchmark run.
 *
 * @param value     in {@code unit}; NaN when the op did not run
 * @param copyRatio value divided by {@code copyGBps} (GB/s rows only, else NaN)
 * @param copyGBps  the copy bandwidth the ratio is taken against: that of copy calls interleaved
 *                  with this op's calls, or the run's copy row (NaN when there is none)
 * @param us        median microseconds per call (NaN when the op did not run)
 * @param target    the issue-3 target as text ("" when none)
 * @param meets     whether the target is met (null without a target or a measurement)
 * @param upstream  upstream bitsandbytes on this machine kind's CPU ("" when not measured)
 * @param status    "ok", "ok (host fallback)", "not implemented", "unsupported: ..." or "error: ..."
 * @param allocBytes heap bytes allocated per timed call, by all threads (NaN when not measured). A
 *                  compiled kernel allocates its scratch at most; tens of megabytes per call mean the
 *                  JIT left it boxing its vectors, and the time measures that, not the kernel.
 */
public record BenchResult(String id, String op, String shape, String dtype, double value, String unit, double copyRatio, double copyGBps,
                          double us,
                          String target, Boolean meets, String upstream, String status, String timing, double allocBytes) {

    /** A row without an allocation figure. */
    public BenchResult(String id, String op, String shape, String dtype, double value, String unit, double copyRatio, double copyGBps,
                       double us, String target, Boolean meets, String upstream, String status, String timing) {
        this(id, op, shape, dtype, value, unit, copyRatio, copyGBps, us, target, meets, upstream, status, timing, Double.NaN);
    }

    /** Allocation per call from which a row is flagged as boxed ({@link BenchTable}). */
    public static final double BOXED_BYTES = 16 << 20;

    /**
     * Whether the timed calls allocated at least {@link #BOXED_BYTES} each. A boxed 4096x4096
     * kernel allocates about 100 MB a call; the scratch buffers some kernels take per call (gemm4bit,
     * int8LinearMatmul) stay below 2 MB.
     */
    public boolean boxed() { return allocBytes >= BOXED_BYTES; }

    public boolean ran() { return !Double.isNaN(us); }

    /** Whether this is the copy reference row (one per run, or one per JVM when forked), not a workload. */
    public boolean isCopy() { return Workloads.COPY_ID.equals(id); }
}
