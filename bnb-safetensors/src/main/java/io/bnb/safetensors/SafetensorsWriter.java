package io.bnb.safetensors;

import io.bnb.api.DType;
import io.bnb.api.Shapes;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

/**
 * Writes a safetensors file without holding the model in memory, and never leaves a partial file
 * behind. Tensors are appended one by one to a scratch file next to the target; {@link #commit()}
 * then writes the header and copies the data (kernel-side {@code transferTo}) into a second
 * scratch file in the layout Python's safetensors produces — tensors sorted by dtype (widest first)
 * then name, header padded with spaces to a multiple of 8 — syncs it and atomically renames it onto
 * the target. Closing without a commit, or any failure, deletes both scratch files.
 */
public final class SafetensorsWriter implements AutoCloseable {
    private record Pending(String name, DType dtype, long[] shape, long bodyOffset, long bytes) {}

    private final Path target;
    private final Path body;
    private final FileChannel bodyCh;
    private final Map<String, Pending> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long bodySize;
    private boolean done;

    private SafetensorsWriter(Path target, Path body, FileChannel bodyCh) {
        this.target = target;
        this.body = body;
        this.bodyCh = bodyCh;
    }

    /** Starts a file that will appear at {@code target} on {@link #commit()} (replacing any file there). */
    public static SafetensorsWriter create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        if (Files.isDirectory(abs)) throw new FileAlreadyExistsException(abs.toString(), null, "is a directory");
        Path body = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
        try {
            return new SafetensorsWriter(abs, body, FileChannel.open(body, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            Files.deleteIfExists(body);
            throw e;
        }
    }

    /** Adds a {@code __metadata__} entry (string to string, as the format requires). */
    public SafetensorsWriter metadata(String key, String value) {
        Objects.requireNonNull(key, "metadata key");
        Objects.requireNonNull(value, "metadata value");
        open();
        metadata.put(key, value);
        return this;
    }

    /** Appends a tensor; {@code data} must hold exactly numel × dtype size little-endian bytes. */
    public void add(String name, DType dtype, long[] shape, MemorySegment data) throws IOException {
        open();
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name must be a non-empty string");
        if (name.equals("__metadata__")) throw new IllegalArgumentException("name '__metadata__' is reserved");
        Objects.requireNonNull(dtype, "dtype");
        if (shape == null) throw new IllegalArgumentException("shape of '" + name + "' must not be null");
        if (tensors.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' was already added");
        long bytes = Math.multiplyExact(Shapes.numel(shape), dtype.byteSize());
        if (data.byteSize() != bytes)
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + Shapes.str(shape) + " needs " + bytes + " bytes, data has " + data.byteSize());
        long off = bodySize;
        try {
            for (long done = 0; done < bytes; ) {
                long n = Math.min(CHUNK, bytes - done);
                ByteBuffer buf = chunk(data.asSlice(done, n));
                while (buf.hasRemaining()) bodyCh.write(buf, off + done + buf.position());
                done += n;
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        bodySize += bytes;
        tensors.put(name, new Pending(name, dtype, shape.clone(), off, bytes));
    }

    /** Bytes handed to the channel at once (ByteBuffers are int-indexed; tensors may exceed 2 GiB). */
    private static final long CHUNK = 64L << 20;
    private ByteBuffer scratch;

    /** A ByteBuffer over the slice: zero-copy where the segment allows it (native, byte[]), else copied. */
    private ByteBuffer chunk(MemorySegment slice) {
        try {
            return slice.asByteBuffer();
        } catch (UnsupportedOperationException notBytes) {
            if (scratch == null || scratch.capacity() < slice.byteSize()) scratch = ByteBuffer.allocateDirect((int) CHUNK);
            scratch.clear().limit((int) slice.byteSize());
            MemorySegment.ofBuffer(scratch).copyFrom(slice);
            return scratch;
        }
    }

    /** Appends a tensor from a byte array. */
    public void add(String name, DType dtype, long[] shape, byte[] data) throws IOException {
        add(name, dtype, shape, MemorySegment.ofArray(data));
    }

    /** Number of tensors added so far. */
    public int size() { return tensors.size(); }

    /** Writes header and data into place and renames the result onto the target. */
    public void commit() throws IOException {
        open();
        Path out = null;
        try {
            bodyCh.force(false);
            List<Pending> order = new ArrayList<>(tensors.values());
            order.sort(Comparator.comparingInt((Pending p) -> -rank(p.dtype)).thenComparing(Pending::name));
            byte[] header = header(order);
            out = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                for (Pending p : order) {
                    long pos = p.bodyOffset, left = p.bytes;
                    while (left > 0) {
                        long n = bodyCh.transferTo(pos, left, ch);
                        if (n <= 0) throw new IOException("could not copy tensor '" + p.name + "' from " + body);
                        pos += n;
                        left -= n;
                    }
                }
                ch.force(true);
            }
            AtomicFiles.publish(out);
            try {
                Files.move(out, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(out, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out = null;
            done = true;
        } finally {
            if (out != null) Files.deleteIfExists(out);
            if (!done) abort();
        }
        closeBody();
    }

    /** Order of Python safetensors' dtype enum (wider and later types sort first when written). */
    private static int rank(DType d) {
        return switch (d) {
            case U8 -> 1;
            case I8 -> 2;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case I64 -> 13;
        };
    }

    private byte[] header(List<Pending> order) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            boolean first = true;
            for (var e : metadata.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                JsonText.string(sb, e.getKey());
                sb.append(':');
                JsonText.string(sb, e.getValue());
            }
            sb.append('}');
        }
        long pos = 0;
        for (Pending p : order) {
            if (sb.length() > 1) sb.append(',');
            JsonText.string(sb, p.name);
            sb.append(":{\"dtype\":\"").append(p.dtype.safetensorsName()).append("\",\"shape\":[");
            for (int i = 0; i < p.shape.length; i++) sb.append(i > 0 ? "," : "").append(p.shape[i]);
            sb.append("],\"data_offsets\":[").append(pos).append(',').append(pos + p.bytes).append("]}");
            pos += p.bytes;
        }
        sb.append('}');
        byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private void open() {
        if (done) throw new IllegalStateException("writer for " + target + " is already committed or closed");
    }

    private void abort() {
        done = true;
        closeBody();
        try {
            Files.deleteIfExists(body);
        } catch (IOException ignored) {
            // best effort: the scratch file is hidden and named after the target
        }
    }

    private void closeBody() {
        try {
            bodyCh.close();
            Files.deleteIfExists(body);
        } catch (IOException ignored) {
            // nothing useful to do; the data already reached its final place or is being discarded
        }
    }

    /** Discards everything unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (!done) abort();
    }
}
