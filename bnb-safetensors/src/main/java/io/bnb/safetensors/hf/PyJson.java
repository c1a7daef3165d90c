package io.bnb.safetensors.hf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Python's {@code json.dumps} does, so files we produce are byte-identical to
 * what bitsandbytes and transformers write: {@link #dumps} uses the default separators
 * {@code ", "} and {@code ": "} on one line (bitsandbytes' packed quant state), {@link #dumpsIndented}
 * is {@code json.dumps(obj, indent=2, sort_keys=True)} (transformers' config.json). Strings are
 * escaped with {@code ensure_ascii=True}; floats use {@link PyFloat#json}.
 */
public final class PyJson {
    private PyJson() {}

    /** {@code json.dumps(value)}: keys in map iteration order. */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0, false);
        return sb.toString();
    }

    /** {@code json.dumps(value, indent=2, sort_keys=True)}. */
    public static String dumpsIndented(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 2, 0, true);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, int level, boolean sortKeys) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b ? "true" : "false");
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Short s -> sb.append(s);
            case Byte b -> sb.append(b);
            case BigInteger b -> sb.append(b);
            case Double d -> sb.append(PyFloat.json(d));
            case Float f -> sb.append(PyFloat.json(f));
            case BigDecimal d -> sb.append(PyFloat.json(d.doubleValue()));
            case Number n -> sb.append(PyFloat.json(n.doubleValue()));
            case Map<?, ?> m -> object(sb, m, indent, level, sortKeys);
            case List<?> l -> array(sb, l, indent, level, sortKeys);
            case long[] a -> { List<Object> l = new ArrayList<>(); for (long x : a) l.add(x); array(sb, l, indent, level, sortKeys); }
            case int[] a -> { List<Object> l = new ArrayList<>(); for (int x : a) l.add(x); array(sb, l, indent, level, sortKeys); }
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int indent, int level, boolean sortKeys) {
        if (m.isEmpty()) { sb.append("{}"); return; }
        List<Map.Entry<?, ?>> es = new ArrayList<>(m.entrySet());
        for (var e : es)
            if (!(e.getKey() instanceof String)) throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
        if (sortKeys) es.sort((a, b) -> ((String) a.getKey()).compareTo((String) b.getKey()));
        sb.append('{');
        boolean first = true;
        for (var e : es) {
            if (!first) sb.append(indent < 0 ? ", " : ",");
            first = false;
            newline(sb, indent, level + 1);
            string(sb, (String) e.getKey());
            sb.append(": ");
            write(sb, e.getValue(), indent, level + 1, sortKeys);
        }
        newline(sb, indent, level);
        sb.append('}');
    }

    private static void array(StringBuilder sb, List<?> l, int indent, int level, boolean sortKeys) {
        if (l.isEmpty()) { sb.append("[]"); return; }
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(indent < 0 ? ", " : ",");
            newline(sb, indent, level + 1);
            write(sb, l.get(i), indent, level + 1, sortKeys);
        }
        newline(sb, indent, level);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent < 0) return;
        sb.append('\n').append(" ".repeat(indent * level));
    }

    /** Python's ensure_ascii string escaping (code points above the BMP come out as surrogate pairs, as Java chars already are). */
    static void string(StringBuilder sb, String s) { io.bnb.safetensors.JsonText.string(sb, s, true); }
}
