package io.bnb.safetensors;

import io.bnb.api.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesPythonLayoutAndReadsBack() throws IOException {
        Path out = dir.resolve("m.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(out)) {
            w.metadata("format", "pt");
            w.add("z.u8", DType.U8, new long[]{3}, new byte[]{1, 2, 3});
            w.add("a.bf16", DType.BF16, new long[]{1, 2}, new byte[]{0, 0x3f, (byte) 0x80, 0x3f});
            w.add("m.f32", DType.F32, new long[]{2}, MemorySegment.ofArray(new float[]{1f, -3.5f}));
            w.add("s.i64", DType.I64, new long[0], MemorySegment.ofArray(new long[]{-5}));
            w.add("e.empty", DType.F32, new long[]{0, 4}, new byte[0]);
            assertTrue(Files.notExists(out), "nothing at the target before commit");
            w.commit();
        }
        assertEquals(List.of("m.safetensors"), listing(), "no scratch files remain");
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix"))
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "readable like an ordinary file");
        byte[] all = Files.readAllBytes(out);
        long hlen = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, hlen % 8);
        String header = new String(all, 8, (int) hlen, StandardCharsets.UTF_8);
        // the exact text Python's safetensors writes: metadata first, widest dtype first, then by name
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},\"s.i64\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"e.empty\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[8,8]},"
                + "\"m.f32\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a.bf16\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[16,20]},"
                + "\"z.u8\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[20,23]}}", header.stripTrailing());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertArrayEquals(new float[]{1f, -3.5f}, f.get("m.f32").floats());
            assertArrayEquals(new float[]{0.5f, 1f}, f.get("a.bf16").floats());
            assertArrayEquals(new byte[]{1, 2, 3}, f.get("z.u8").bytes());
            assertArrayEquals(new long[]{-5}, f.get("s.i64").longs());
            assertEquals(0, f.get("e.empty").numel());
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        Path out = dir.resolve("x.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(out)) {
            w.add("a", DType.U8, new long[]{1}, new byte[]{1});
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void failedAddAbortsAndKeepsAnExistingTarget() throws IOException {
        Path out = dir.resolve("x.safetensors");
        Files.writeString(out, "old");
        try (SafetensorsWriter w = SafetensorsWriter.create(out)) {
            w.add("a", DType.U8, new long[]{1}, new byte[]{1});
            assertThrows(IllegalArgumentException.class, () -> w.add("a", DType.U8, new long[]{1}, new byte[]{1}), "duplicate");
            assertThrows(IllegalArgumentException.class, () -> w.add("b", DType.F32, new long[]{2}, new byte[4]), "size");
            assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", DType.U8, new long[]{1}, new byte[1]));
        }
        assertEquals(List.of("x.safetensors"), listing());
        assertEquals("old", Files.readString(out));
    }

    @Test
    void writerIsSingleUse() throws IOException {
        Path out = dir.resolve("x.safetensors");
        SafetensorsWriter w = SafetensorsWriter.create(out);
        w.commit();
        assertThrows(IllegalStateException.class, () -> w.add("a", DType.U8, new long[]{1}, new byte[]{1}));
        w.close();
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertTrue(f.names().isEmpty());
        }
    }

    @Test
    void missingDirectoryIsAClearError() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> SafetensorsWriter.create(dir.resolve("nope/x.safetensors")));
    }
}
