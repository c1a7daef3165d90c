package io.bnb.bench;

import java.util.List;
import java.util.Locale;

/**
 * Benchmark rows as a JSON array of objects with {@code op, shape, dtype, value, unit, copy_ratio, us}
 * plus {@code copy_gbps (the reference of copy_ratio), id, target, meets_target, upstream_cpu, status, timing, backend, device}. Numbers
 * that were not measured are {@code null}. Written by hand so the harness stays dependency-free.
 */
public final class BenchJson {
    private BenchJson() {}

    public static String write(List<BenchResult> rows, String backend, String device) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            BenchResult r = rows.get(i);
            sb.append("  {");
            field(sb, "op", r.op()).append(", ");
            field(sb, "shape", r.shape()).append(", ");
            field(sb, "dtype", r.dtype()).append(", ");
            number(sb, "value", r.value()).append(", ");
            field(sb, "unit", r.unit()).append(", ");
            number(sb, "copy_ratio", r.copyRatio()).append(", ");
            number(sb, "copy_gbps", r.copyGBps()).append(", ");
            number(sb, "us", r.us()).append(", ");
            field(sb, "id", r.id()).append(", ");
            field(sb, "target", r.target()).append(", ");
            sb.append("\"meets_target\": ").append(r.meets() == null ? "null" : r.meets().toString()).append(", ");
            field(sb, "upstream_cpu", r.upstream()).append(", ");
            field(sb, "status", r.status()).append(", ");
            field(sb, "timing", r.timing()).append(", ");
            number(sb, "alloc_bytes_per_call", r.allocBytes()).append(", ");
            field(sb, "backend", backend).append(", ");
            field(sb, "device", device);
            sb.append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        return sb.append("]\n").toString();
    }

    private static StringBuilder field(StringBuilder sb, String k, String v) {
        return sb.append('"').append(k).append("\": ").append(v == null ? "null" : quote(v));
    }

    private static StringBuilder number(StringBuilder sb, String k, double v) {
        sb.append('"').append(k).append("\": ");
        return Double.isFinite(v) ? sb.append(String.format(Locale.ROOT, "%.6g", v)) : sb.append("null");
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }
}
