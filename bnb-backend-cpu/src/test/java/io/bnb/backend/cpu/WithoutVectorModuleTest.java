package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Vector API module is optional at run time ({@code requires static}): without it every op
 * must still run, on the scalar kernels, with the same bits. A kernel shared by both paths that
 * touched a class using jdk.incubator.vector would fail here with NoClassDefFoundError.
 */
class WithoutVectorModuleTest {
    @Test
    void opsRunWithoutTheModuleAndGiveTheSameBytes() throws Exception {
        String cp = String.join(File.pathSeparator, location(io.bnb.api.Bnb.class), location(CpuBackend.class),
                location(WithoutVectorModule.class));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, WithoutVectorModule.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), out);
        List<String> lines = new ArrayList<>(out.lines().filter(l -> !l.startsWith("WARNING")).toList());
        assertEquals("simd false", lines.remove(0), out);
        assertEquals(List.of(WithoutVectorModule.run()), lines);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
