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
 */
public record Workload(String id, String name, Op op, String shape, String dtype, Unit unit, double amount,
                       Target target, String upstream, Function<Backend, Prepared> setup) {

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
