package io.bnb.safetensors;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.api.Shapes;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.*;

/**
 * A memory-mapped safetensors file: 8-byte little-endian header length, a JSON header, raw
 * little-endian tensor data. Tensor views are zero-copy read-only slices of the mapping (any size,
 * files beyond 2 GiB included) and stay valid until {@link #close()}. The header is validated
 * strictly before any tensor is handed out, with the rules of the reference implementation: known
 * dtypes, non-negative shapes whose byte size matches the offsets, and data ranges that tile the
 * data section exactly (no overlap, no gap, nothing past the end, no trailing bytes).
 */
public final class SafetensorsFile implements TensorSource, AutoCloseable {
    /** One tensor: dtype, shape and a read-only view of its bytes. */
    public record Entry(String name, DType dtype, long[] shape, MemorySegment data) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() { return shape.clone(); }

        public long numel() { return Shapes.numel(shape); }

        public int rank() { return shape.length; }

        /** F32/F16/BF16 data widened to floats. */
        public float[] floats() { return HostArrays.toFloats(data, dtype); }

        public byte[] bytes() { return data.toArray(ValueLayout.JAVA_BYTE); }

        /** I64 or I32 data as longs. */
        public long[] longs() { return HostArrays.toLongs(data, dtype); }
    }

    /** Largest header accepted (the reference implementation's limit). */
    static final long MAX_HEADER = 100L << 20;
    static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, Map<String, Entry> entries, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Maps and validates a file; throws {@link SafetensorsFormatException} naming the file and the problem. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new SafetensorsFormatException(path, "truncated: " + size + " bytes, no 8-byte header length");
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long hlen = all.get(LE_LONG, 0);
            if (hlen < 2 || hlen > MAX_HEADER)
                throw new SafetensorsFormatException(path, "header length " + hlen + " is out of range [2, " + MAX_HEADER + "] (not a safetensors file?)");
            if (8 + hlen > size)
                throw new SafetensorsFormatException(path, "truncated: header needs " + (8 + hlen) + " bytes, the file has " + size);
            String json = utf8(path, all.asSlice(8, hlen).toArray(ValueLayout.JAVA_BYTE));
            if (!json.startsWith("{")) throw new SafetensorsFormatException(path, "header does not start with '{' (not a safetensors file?)");
            MemorySegment data = all.asSlice(8 + hlen);
            Header h = parseHeader(path, json, data);
            return new SafetensorsFile(path, arena, h.entries, h.metadata);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static String utf8(Path path, byte[] b) throws SafetensorsFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(path, "header is not valid UTF-8");
        }
    }

    private record Header(Map<String, Entry> entries, Map<String, String> metadata) {}

    private static Header parseHeader(Path path, String json, MemorySegment data) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.object().from(json);
        } catch (JsonParserException e) {
            throw new SafetensorsFormatException(path, "header is not valid JSON: " + e.getMessage());
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<Entry> byOffset = new ArrayList<>();
        Map<String, long[]> offsets = new HashMap<>();
        for (var e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof JsonObject m)) throw new SafetensorsFormatException(path, "__metadata__ must be an object of strings");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s))
                        throw new SafetensorsFormatException(path, "__metadata__ value of '" + me.getKey() + "' must be a string");
                    meta.put(me.getKey(), s);
                }
                continue;
            }
            if (!(e.getValue() instanceof JsonObject t)) throw new SafetensorsFormatException(path, "tensor '" + name + "' is not a JSON object");
            DType dtype = dtype(path, name, t.get("dtype"));
            long[] shape = longs(path, name, "shape", t.get("shape"), -1);
            long[] offs = longs(path, name, "data_offsets", t.get("data_offsets"), 2);
            long begin = offs[0], end = offs[1];
            long expected;
            try {
                expected = Math.multiplyExact(Shapes.numel(shape), dtype.byteSize());
            } catch (ArithmeticException ex) {
                throw new SafetensorsFormatException(path, "tensor '" + name + "' shape " + Shapes.str(shape) + " overflows");
            }
            if (end < begin) throw new SafetensorsFormatException(path, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] with end < begin");
            if (end > data.byteSize())
                throw new SafetensorsFormatException(path, "truncated: tensor '" + name + "' ends at data byte " + end + " but the data section has "
                        + data.byteSize() + " bytes");
            if (end - begin != expected)
                throw new SafetensorsFormatException(path, "tensor '" + name + "' has " + (end - begin) + " bytes, " + dtype + Shapes.str(shape) + " needs " + expected);
            Entry en = new Entry(name, dtype, shape, data.asSlice(begin, end - begin).asReadOnly());
            entries.put(name, en);
            byOffset.add(en);
            offsets.put(name, offs);
        }
        byOffset.sort(Comparator.comparingLong((Entry en) -> offsets.get(en.name())[0]).thenComparingLong(en -> offsets.get(en.name())[1]));
        long pos = 0;
        String prev = null;
        for (Entry en : byOffset) {
            long[] o = offsets.get(en.name());
            if (o[0] < pos)
                throw new SafetensorsFormatException(path, "tensor '" + en.name() + "' [" + o[0] + ", " + o[1] + ") overlaps tensor '" + prev + "' (ends at " + pos + ")");
            if (o[0] > pos)
                throw new SafetensorsFormatException(path, "gap in the data section: bytes [" + pos + ", " + o[0] + ") belong to no tensor (before '" + en.name() + "')");
            pos = o[1];
            prev = en.name();
        }
        if (pos != data.byteSize())
            throw new SafetensorsFormatException(path, "data section has " + data.byteSize() + " bytes but the tensors cover " + pos + " (trailing bytes)");
        return new Header(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(meta));
    }

    private static DType dtype(Path path, String name, Object v) throws SafetensorsFormatException {
        if (!(v instanceof String s)) throw new SafetensorsFormatException(path, "tensor '" + name + "' has no string 'dtype'");
        try {
            return DType.fromSafetensors(s);
        } catch (IllegalArgumentException ex) {
            throw new SafetensorsFormatException(path, "tensor '" + name + "': " + ex.getMessage());
        }
    }

    private static long[] longs(Path path, String name, String key, Object v, int expectedLen) throws SafetensorsFormatException {
        if (!(v instanceof JsonArray arr) || (expectedLen >= 0 && arr.size() != expectedLen))
            throw new SafetensorsFormatException(path, "tensor '" + name + "' needs '" + key + "' as an array" + (expectedLen >= 0 ? " of " + expectedLen + " integers" : "") + ", got " + v);
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = arr.get(i);
            if (!(x instanceof Integer || x instanceof Long) || ((Number) x).longValue() < 0)
                throw new SafetensorsFormatException(path, "tensor '" + name + "' has a bad '" + key + "' " + arr + " (non-negative integers expected)");
            out[i] = ((Number) x).longValue();
        }
        return out;
    }

    public Path path() { return path; }

    @Override
    public Set<String> names() { return entries.keySet(); }

    @Override
    public boolean contains(String name) { return entries.containsKey(name); }

    @Override
    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new NoSuchElementException(path + ": no tensor named '" + name + "'");
        return e;
    }

    public Map<String, String> metadata() { return metadata; }

    @Override
    public void close() { arena.close(); }
}
