package io.bnb.bench;

import java.util.List;
import java.util.Locale;

/** Plain-text table of benchmark rows, one line per row (so rows can be printed as they come). */
public final class BenchTable {
    private BenchTable() {}

    private static final String FORMAT = "%-28s %-28s %-5s %10s %-7s %7s %9s %11s  %-14s %-4s %-24s %s%n";

    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "OP", "SHAPE", "DTYPE", "VALUE", "UNIT", "xCOPY", "COPY GB/s", "TIME(us)", "TARGET", "MET", "UPSTREAM CPU", "STATUS");
    }

    public static String row(BenchResult r) {
        return String.format(Locale.ROOT, FORMAT, r.op(), r.shape(), r.dtype(), num(r.value(), 3), r.unit(), num(r.copyRatio(), 2), num(r.copyGBps(), 2),
                num(r.us(), 1), r.target(), r.meets() == null ? "" : r.meets() ? "yes" : "NO", r.upstream(),
                r.boxed() ? r.status() + String.format(Locale.ROOT, " (allocated %.1f MB a call: boxed vectors or per-chunk scratch)", r.allocBytes() / 1e6) : r.status());
    }

    public static String render(List<BenchResult> rows) {
        StringBuilder sb = new StringBuilder(header());
        for (BenchResult r : rows) sb.append(row(r));
        return sb.toString();
    }

    static String num(double v, int decimals) {
        if (Double.isNaN(v)) return "-";
        if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
