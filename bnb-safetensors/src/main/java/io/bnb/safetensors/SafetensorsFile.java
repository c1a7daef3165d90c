package io.bnb.safetensors;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.bnb.api.DType;
import io.bnb.api.Shapes;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.*;

/**
 * A memory-mapped safetensors file: 8-byte little-endian header length, a JSON header, raw
 * little-endian tensor data. Tensor views are zero-copy slices of the mapping and stay valid until
 * {@link #close()}. The header is validated strictly (dtype, shape, offsets in range and not
 * overlapping) before any tensor is handed out.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** One tensor: dtype, shape and a read-only view of its bytes. */
    public record Entry(String name, DType dtype, long[] shape, MemorySegment data) {
        public long numel() { return Shapes.numel(shape); }

        public float[] floats() { return io.bnb.api.HostArrays.toFloats(data, dtype); }

        public byte[] bytes() { return data.toArray(ValueLayout.JAVA_BYTE); }
    }

    private static final long MAX_HEADER = 100L << 20;

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

    /** Maps and validates a file; throws {@link IOException} naming the file and the problem. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new IOException(path + ": truncated safetensors file (" + size + " bytes, no header length)");
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long hlen = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
            if (hlen <= 0 || hlen > MAX_HEADER || 8 + hlen > size)
                throw new IOException(path + ": bad header length " + hlen + " for a file of " + size + " bytes (truncated or not safetensors)");
            String json = new String(all.asSlice(8, hlen).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            MemorySegment data = all.asSlice(8 + hlen);
            var parsed = parseHeader(path, json, data);
            return new SafetensorsFile(path, arena, parsed.entries, parsed.metadata);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private record Header(Map<String, Entry> entries, Map<String, String> metadata) {}

    private static Header parseHeader(Path path, String json, MemorySegment data) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.object().from(json);
        } catch (JsonParserException e) {
            throw new IOException(path + ": header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (var e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof JsonObject m)) throw new IOException(path + ": __metadata__ must be an object");
                for (var me : m.entrySet()) meta.put(me.getKey(), String.valueOf(me.getValue()));
                continue;
            }
            if (!(e.getValue() instanceof JsonObject t)) throw new IOException(path + ": entry '" + name + "' is not an object");
            DType dtype;
            try {
                dtype = DType.fromSafetensors(t.getString("dtype"));
            } catch (IllegalArgumentException ex) {
                throw new IOException(path + ": tensor '" + name + "': " + ex.getMessage());
            }
            var shapeArr = t.getArray("shape");
            var offs = t.getArray("data_offsets");
            if (shapeArr == null || offs == null || offs.size() != 2)
                throw new IOException(path + ": tensor '" + name + "' needs 'shape' and two 'data_offsets'");
            long[] shape = new long[shapeArr.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeArr.get(i) instanceof Number n) || n.longValue() < 0)
                    throw new IOException(path + ": tensor '" + name + "' has a bad shape " + shapeArr);
                shape[i] = ((Number) shapeArr.get(i)).longValue();
            }
            long begin = ((Number) offs.get(0)).longValue(), end = ((Number) offs.get(1)).longValue();
            long expected;
            try {
                expected = Math.multiplyExact(Shapes.numel(shape), dtype.byteSize());
            } catch (ArithmeticException ex) {
                throw new IOException(path + ": tensor '" + name + "' shape overflows");
            }
            if (begin < 0 || end < begin || end > data.byteSize())
                throw new IOException(path + ": tensor '" + name + "' offsets [" + begin + ", " + end + ") out of range (data is "
                        + data.byteSize() + " bytes; file truncated?)");
            if (end - begin != expected)
                throw new IOException(path + ": tensor '" + name + "' has " + (end - begin) + " bytes, " + dtype + Shapes.str(shape) + " needs " + expected);
            ranges.add(new long[]{begin, end});
            entries.put(name, new Entry(name, dtype, shape, data.asSlice(begin, end - begin).asReadOnly()));
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < ranges.size(); i++)
            if (ranges.get(i)[0] < ranges.get(i - 1)[1] && ranges.get(i)[1] > ranges.get(i)[0])
                throw new IOException(path + ": tensor data ranges overlap at byte " + ranges.get(i)[0]);
        return new Header(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(meta));
    }

    public Path path() { return path; }

    /** Tensor names in header order. */
    public Set<String> names() { return entries.keySet(); }

    public boolean contains(String name) { return entries.containsKey(name); }

    /** The named tensor; throws naming the file if absent. */
    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new NoSuchElementException(path + ": no tensor named '" + name + "'");
        return e;
    }

    public Map<String, String> metadata() { return metadata; }

    @Override
    public void close() { arena.close(); }
}
