package io.bnb.spi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Cheap checks a provider's probe() can make without loading native code. */
public final class NativeProbe {
    private NativeProbe() {}

    /** The first of {@code names} found in the usual library directories or LD_LIBRARY_PATH, or null. */
    public static Path findLibrary(String... names) {
        List<String> dirs = new java.util.ArrayList<>(List.of("/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib",
                "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/opt/rocm/lib",
                "/usr/lib/habanalabs", "/usr/local/cuda/lib64"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(0, d);
        for (String dir : dirs)
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.exists(p)) return p;
            }
        return null;
    }

    public static boolean isLinux() { return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"); }

    public static boolean isMac() { return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac"); }

    /** The "os-arch" platform string used for native resources (JavaCPP style: linux-x86_64). */
    public static String platform() {
        String os = isLinux() ? "linux" : isMac() ? "macosx" : System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
        String arch = System.getProperty("os.arch", "");
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return os + "-" + arch;
    }
}
