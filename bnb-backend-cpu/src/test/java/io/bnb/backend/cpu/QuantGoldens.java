package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.api.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.*;

/**
 * The upstream goldens (bitsandbytes 0.50.2 on an H100) from the test resources. A small
 * self-contained safetensors reader: bnb-safetensors already depends on this module for its own
 * tests, so depending back on it (even in test scope) is a reactor cycle Maven rejects.
 */
final class QuantGoldens {
    record Entry(DType dtype, long[] shape, MemorySegment data) {
        float[] floats() { return HostArrays.toFloats(data, dtype); }

        byte[] bytes() { return data.toArray(ValueLayout.JAVA_BYTE); }

        long numel() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private static QuantGoldens dev;

    private final Map<String, Entry> entries;

    private QuantGoldens(Map<String, Entry> entries) { this.entries = entries; }

    static synchronized QuantGoldens dev() {
        if (dev == null) dev = load("/golden/golden_dev.safetensors");
        return dev;
    }

    Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new NoSuchElementException("golden has no tensor '" + name + "'");
        return e;
    }

    Set<String> names() { return entries.keySet(); }

    float[] floats(String name) { return get(name).floats(); }

    byte[] bytes(String name) { return get(name).bytes(); }

    Tensor upload(Backend b, String name) {
        Entry e = get(name);
        return b.upload(e.data(), e.dtype(), e.shape());
    }

    private static QuantGoldens load(String resource) {
        byte[] all;
        try (InputStream in = QuantGoldens.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            all = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MemorySegment file = MemorySegment.ofArray(all);
        long headerLen = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
        String json = new String(all, 8, Math.toIntExact(headerLen), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) new Json(json).value();
        Map<String, Entry> entries = new TreeMap<>();
        long base = 8 + headerLen;
        for (var kv : header.entrySet()) {
            if (kv.getKey().equals("__metadata__")) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) kv.getValue();
            List<?> shapeList = (List<?>) info.get("shape");
            long[] shape = shapeList.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
            List<?> offs = (List<?>) info.get("data_offsets");
            long from = ((Number) offs.get(0)).longValue(), to = ((Number) offs.get(1)).longValue();
            // copy into a native, aligned segment so tensors built from it behave like real ones
            MemorySegment data = java.lang.foreign.Arena.global().allocate(Math.max(1, to - from), 64).asSlice(0, to - from);
            MemorySegment.copy(file, base + from, data, 0, to - from);
            entries.put(kv.getKey(), new Entry(DType.fromSafetensors((String) info.get("dtype")), shape, data));
        }
        return new QuantGoldens(entries);
    }

    /** Just enough JSON for a safetensors header: objects, arrays, strings, integers. */
    private static final class Json {
        private final String s;
        private int p;

        Json(String s) { this.s = s; }

        Object value() {
            skip();
            char c = s.charAt(p);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                p++;
                skip();
                if (s.charAt(p) == '}') { p++; return m; }
                while (true) {
                    skip();
                    String k = (String) value();
                    skip();
                    expect(':');
                    m.put(k, value());
                    skip();
                    if (s.charAt(p) == ',') { p++; continue; }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                p++;
                skip();
                if (s.charAt(p) == ']') { p++; return l; }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(p) == ',') { p++; continue; }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                p++;
                while (s.charAt(p) != '"') {
                    char ch = s.charAt(p++);
                    if (ch == '\\') ch = s.charAt(p++);
                    b.append(ch);
                }
                p++;
                return b.toString();
            }
            int start = p;
            while (p < s.length() && "-+0123456789.eE".indexOf(s.charAt(p)) >= 0) p++;
            return Long.parseLong(s.substring(start, p));
        }

        private void skip() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }

        private void expect(char c) {
            if (s.charAt(p) != c) throw new IllegalStateException("bad safetensors header at " + p + ": expected " + c);
            p++;
        }
    }
}
