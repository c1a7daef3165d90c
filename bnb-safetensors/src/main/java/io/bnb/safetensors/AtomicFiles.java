package io.bnb.safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

/** Small files written the same all-or-nothing way as {@link SafetensorsWriter}: a hidden temp file in the target's directory, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            move(tmp, abs);
            tmp = null;
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Renames atomically where the file system can (replacing an existing file). */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
