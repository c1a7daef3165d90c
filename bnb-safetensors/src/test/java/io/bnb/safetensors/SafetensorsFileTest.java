package io.bnb.safetensors;

import io.bnb.api.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    /** A raw file: little-endian header length, the header text, then {@code data}. */
    static Path raw(Path p, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(p, b.array());
        return p;
    }

    private String fails(String header, byte[] data) throws IOException {
        Path p = raw(dir.resolve("bad.safetensors"), header, data);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().startsWith(p.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAValidFileZeroCopy() throws IOException {
        byte[] data = new byte[12];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).put((byte) 7).put((byte) 8).put((byte) 9).put((byte) 10);
        Path p = raw(dir.resolve("ok.safetensors"), "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[8,12]}}", data);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(List.of("a", "b"), List.copyOf(f.names()));
            assertArrayEquals(new float[]{1.5f, -2f}, f.get("a").floats());
            assertArrayEquals(new long[]{2, 2}, f.get("b").shape());
            assertEquals(9, f.get("b").data().get(ValueLayout.JAVA_BYTE, 2));
            assertTrue(f.get("a").data().isReadOnly());
            assertTrue(f.get("a").data().isNative(), "a view of the mapping, not a copy");
            assertEquals("pt", f.metadata().get("format"));
        }
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[]{1, 2, 3});
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(tiny)).getMessage().contains("truncated"));
        // header length says more than the file has
        Path p = dir.resolve("cut.safetensors");
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(100).put("{\"a\":1}    ".getBytes());
        Files.write(p, b.array());
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p)).getMessage().contains("truncated"));
        // data cut short
        String m = fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10]);
        assertTrue(m.contains("truncated") && m.contains("'a'"), m);
    }

    @Test
    void rejectsBadHeaders() throws IOException {
        assertTrue(fails("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]).contains("unknown dtype 'F64'"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]).contains("needs 8"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]).contains("shape"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]).contains("end < begin"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]).contains("data_offsets"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", new byte[4]).contains("not valid JSON"));
        assertTrue(fails("[1,2]", new byte[0]).contains("'{'"));
        assertTrue(fails("{\"__metadata__\":{\"x\":1}}", new byte[0]).contains("__metadata__"));
        assertTrue(fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", new byte[4]).contains("overflow"));
    }

    @Test
    void rejectsOverlapsGapsAndTrailingBytes() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertTrue(fails(overlap, new byte[8]).contains("overlaps"));
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertTrue(fails(gap, new byte[12]).contains("gap"));
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertTrue(fails(ok, new byte[6]).contains("trailing"));
    }

    @Test
    void mapsFilesBeyondTwoGigabytes() throws IOException {
        long n = (1L << 31) + 24;
        String header = "{\"small\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"big\":{\"dtype\":\"U8\",\"shape\":[" + n + "],\"data_offsets\":[8," + (8 + n) + "]}}";
        Path p = raw(dir.resolve("big.safetensors"), header, new byte[8]);
        long dataStart = 8 + header.getBytes(StandardCharsets.UTF_8).length;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(dataStart + 8 + n); // sparse: no real disk space used
            f.seek(dataStart + 8 + n - 1);
            f.write(42);
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            var big = f.get("big");
            assertEquals(n, big.data().byteSize());
            assertEquals(42, big.data().get(ValueLayout.JAVA_BYTE, n - 1));
            assertEquals(0, big.data().get(ValueLayout.JAVA_BYTE, (1L << 31) + 3));
            assertEquals(DType.U8, big.dtype());
        }
    }
}
