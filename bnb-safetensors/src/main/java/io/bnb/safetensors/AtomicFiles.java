package io.bnb.safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

/** Small files written the same all-or-nothing way as {@link SafetensorsWriter}: a hidden temp file in the target's directory, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Gives a freshly created temp file or directory the permissions an ordinary new file would
     * have ({@code rw-r--r--} / {@code rwxr-xr-x}) instead of the owner-only ones temp files get,
     * so that the renamed result is readable like any other output.
     */
    public static void publish(Path p) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            publish(tmp);
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
