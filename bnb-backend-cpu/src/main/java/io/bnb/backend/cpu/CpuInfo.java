package io.bnb.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the platform tells about the processor beyond the vector width the JVM reports: its vendor
 * (Linux's {@code /proc/cpuinfo}, Windows' {@code PROCESSOR_IDENTIFIER}) and, on Linux, whether it
 * has AVX-512 VBMI. The kernels need both because the same code runs at different speeds: AMD's
 * Zen 4 executes 512-bit vectors as two 256-bit halves and reads gathers slowly, so there the
 * 256-bit kernels are faster; and a byte shuffle over 64 or 128 table bytes is one instruction
 * with VBMI, where the Vector API otherwise composes it from many. Unknown reads as "no".
 */
final class CpuInfo {
    private CpuInfo() {}

    private static final List<String> CPUINFO = cpuinfo();

    /** True where the processor is known to be AMD's. */
    static final boolean AMD = vendor().contains("authenticamd");

    /** True where the processor is known to have AVX-512 VBMI (one-instruction byte permutes). */
    static final boolean VBMI = CPUINFO.stream().filter(l -> l.startsWith("flags")).findFirst()
            .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).contains("avx512vbmi")).orElse(false);

    private static String vendor() {
        String win = System.getenv("PROCESSOR_IDENTIFIER");
        if (win != null) return win.toLowerCase(Locale.ROOT); // "..., AuthenticAMD" or "..., GenuineIntel"
        return CPUINFO.stream().filter(l -> l.startsWith("vendor_id")).findFirst().orElse("").toLowerCase(Locale.ROOT);
    }

    /** The lines of {@code /proc/cpuinfo} up to the end of the first processor's entry; none where it cannot be read. */
    private static List<String> cpuinfo() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) return List.of();
        try (Stream<String> lines = Files.lines(info)) {
            return lines.takeWhile(l -> !l.isBlank()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // unknown: the defaults of an unknown processor apply
        }
    }
}
