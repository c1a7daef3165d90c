package io.bnb.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled library carries SASS for every target architecture and PTX for the newest. Read
 * from the ELF's .nv_fatbin section directly (no CUDA tools needed); cross-checked with
 * cuobjdump where it is installed.
 */
class FatbinTest {
    static final Set<Integer> SASS = Set.of(75, 80, 86, 89, 90, 120);

    record Entry(int kind, int arch) {}

    static byte[] library() throws IOException {
        try (InputStream in = FatbinTest.class.getResourceAsStream(NativeLibrary.RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void libraryIsBuiltWhereNvccIs() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")), "no nvcc on this machine");
        assertNotNull(library(), "nvcc is installed but " + NativeLibrary.RESOURCE + " is missing");
    }

    @Test
    void fatbinHasSassForEveryTargetAndPtxForTheNewest() throws IOException {
        byte[] so = library();
        assumeTrue(so != null, "native library not built");
        Set<Integer> sass = new TreeSet<>(), ptx = new TreeSet<>();
        for (Entry e : entries(so)) (e.kind() == 2 ? sass : ptx).add(e.arch());
        assertTrue(sass.containsAll(SASS), "SASS for " + sass);
        assertTrue(ptx.contains(120), "PTX for " + ptx);
    }

    @Test
    void cuobjdumpAgrees() throws Exception {
        byte[] so = library();
        assumeTrue(so != null, "native library not built");
        Path tool = Path.of("/usr/local/cuda/bin/cuobjdump");
        assumeTrue(Files.isExecutable(tool), "no cuobjdump");
        Path tmp = Files.createTempFile("bnbcuda", ".so");
        try {
            Files.write(tmp, so);
            Process p = new ProcessBuilder(tool.toString(), "--list-elf", tmp.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            for (int a : SASS) assertTrue(out.contains("sm_" + a), "cuobjdump --list-elf lacks sm_" + a + ":\n" + out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Every fatbin entry of the ELF shared object's .nv_fatbin section. */
    static java.util.List<Entry> entries(byte[] so) {
        ByteBuffer b = ByteBuffer.wrap(so).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, b.getInt(0), "not an ELF file");
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A)), shnum = Short.toUnsignedInt(b.getShort(0x3C)),
                shstrndx = Short.toUnsignedInt(b.getShort(0x3E));
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        java.util.List<Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            int nameOff = (int) (strOff + b.getInt(sh));
            int end = nameOff;
            while (so[end] != 0) end++;
            if (!new String(so, nameOff, end - nameOff, StandardCharsets.US_ASCII).equals(".nv_fatbin")) continue;
            long off = b.getLong(sh + 0x18), size = b.getLong(sh + 0x20);
            long p = off;
            while (p + 16 <= off + size) {
                if (b.getInt((int) p) != 0xBA55ED50) { p += 8; continue; }   // containers are 8-aligned
                int hs = Short.toUnsignedInt(b.getShort((int) p + 6));
                long fat = b.getLong((int) p + 8);
                long e = p + hs, stop = p + hs + fat;
                while (e < stop) {
                    int kind = Short.toUnsignedInt(b.getShort((int) e));
                    int ehs = b.getInt((int) e + 4);
                    long payload = b.getLong((int) e + 8);
                    out.add(new Entry(kind, b.getInt((int) e + 28)));
                    e += ehs + payload;
                }
                p = stop;
            }
        }
        return out;
    }
}
