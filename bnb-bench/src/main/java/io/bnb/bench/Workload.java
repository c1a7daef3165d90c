package io.bnb.bench;

import io.bnb.api.Backend;
import io.bnb.api.Op;

import java.util.function.Function;

/**
 * One benchmark case: an op at one shape, how much work one call does, and the issue-3 target and
 * upstream CPU figure to print beside the measurement.
 *
 * @param id       stable identifier (JMH parameter, {@code --only} filter)
 * @param name     the op's Java name ({@code quantize4bit}) or {@code copy}
 * @param op       the op, for the backend's support declaration (null for copy)
 * @param amount   bytes read + written (GB/s), weight bytes (gemv), or operations (TOPS, GFLOP/s) per call
 * @param target   the issue-3 target, or null
 * @param upstream upstream bitsandbytes on this machine kind's CPU, as text ("" when not measured)
 * @param cacheWarm host-timed: each timed call follows an untimed call of the same op, so its inputs
 *                  come from the cache as in back-to-back calls (how upstream's figures were taken),
 *                  not from DRAM after the copy that follows every call (see {@link #warmCache})
 */
public record Workload(String id, String name, Op op, String shape, String dtype, Unit unit, double amount,
                       Target target, String upstream, Function<Backend, Prepared> setup, boolean cacheWarm) {

    /** A workload timed cold: after the previous call's paired copy, its inputs come from DRAM. */
    public Workload(String id, String name, Op op, String shape, String dtype, Unit unit, double amount,
                    Target target, String upstream, Function<Backend, Prepared> setup) {
        this(id, name, op, shape, dtype, unit, amount, target, upstream, setup, false);
    }

    /**
     * This workload with its inputs in the cache: id {@code <id>.warm}. Host-timed ops are otherwise
     * measured cold, because the copy timed after each call (for the ratio) evicts the last-level
     * cache; an op whose inputs fit there (gemv's 9.4 MB at 4096x4096 in a 32 MB L3) then reads
     * them from DRAM, as an LLM layer does, while upstream's back-to-back timing read them cached.
     */
    public Workload warmCache() {
        return new Workload(id + ".warm", name, op, shape + " (cached)", dtype, unit, amount, target, upstream, setup, true);
    }

    public enum Unit {
        GBPS("GB/s", 1e9), TOPS("TOPS", 1e12), GFLOPS("GFLOP/s", 1e9);

        public final String label;
        final double scale;

        Unit(String label, double scale) {
            this.label = label;
            this.scale = scale;
        }
    }

    /** A minimum: a ratio to the same run's copy bandwidth, or an absolute value in the row's unit. */
    public record Target(double min, boolean ratioToCopy) {
        public static Target copyRatio(double min) { return new Target(min, true); }
        public static Target absolute(double min) { return new Target(min, false); }

        public String text(Unit unit) {
            return ratioToCopy ? ">=" + min + "x copy" : ">=" + min + " " + unit.label;
        }
    }

    /** The row's value for a call that took {@code micros}. */
    public double value(double micros) { return amount / (micros * 1e-6) / unit.scale; }
}
