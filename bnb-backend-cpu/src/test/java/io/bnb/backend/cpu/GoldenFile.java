package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.HostArrays;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The golden tensors recorded from upstream bitsandbytes on an H100, read from the test
 * resources. A minimal safetensors reader: bnb-safetensors cannot be a test dependency of this
 * module because it already depends on this module for its own tests (Maven rejects the cycle).
 */
final class GoldenFile {
    record Entry(DType dtype, long[] shape, MemorySegment data) {
        float[] floats() { return HostArrays.toFloats(data, dtype); }
        byte[] bytes() { return data.toArray(ValueLayout.JAVA_BYTE); }
        int[] ints() { return HostArrays.toInts(data, dtype); }
        long[] longs() { return HostArrays.toLongs(data, dtype); }
    }

    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"(\\w+)\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");
    private static GoldenFile dev;

    private final Map<String, Entry> entries = new HashMap<>();

    private GoldenFile(byte[] file) {
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = (int) bb.getLong(0);
        String header = new String(file, 8, headerLen, StandardCharsets.UTF_8);
        MemorySegment all = MemorySegment.ofArray(file);
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            String[] dims = m.group(3).isEmpty() ? new String[0] : m.group(3).split(",");
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) shape[i] = Long.parseLong(dims[i]);
            long from = 8 + headerLen + Long.parseLong(m.group(4)), to = 8 + headerLen + Long.parseLong(m.group(5));
            // copy into a fresh, aligned heap segment of the right element type
            MemorySegment data = MemorySegment.ofArray(new long[(int) ((to - from + 7) / 8)]).asSlice(0, to - from);
            MemorySegment.copy(all, from, data, 0, to - from);
            entries.put(m.group(1), new Entry(DType.fromSafetensors(m.group(2)), shape, data));
        }
    }

    /** golden_dev.safetensors (bitsandbytes 0.50.2, CUDA, H100). */
    static synchronized GoldenFile dev() {
        if (dev == null) {
            try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/golden_dev.safetensors")) {
                if (in == null) throw new IllegalStateException("test resource /golden/golden_dev.safetensors missing");
                dev = new GoldenFile(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dev;
    }

    Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("no golden tensor '" + name + "'");
        return e;
    }

    int size() { return entries.size(); }

    /** Names of all tensors in the file. */
    java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(entries.keySet()); }

    float[] floats(String name) { return get(name).floats(); }

    byte[] bytes(String name) { return get(name).bytes(); }

    /** The tensor as a new tensor of {@code b}. */
    io.bnb.api.Tensor upload(io.bnb.api.Backend b, String name) {
        Entry e = get(name);
        return b.upload(e.data(), e.dtype(), e.shape());
    }
}
