package io.bnb.cli;

import io.bnb.api.BackendUnavailableException;
import io.bnb.api.Bnb;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Discovery on the class path (bnb-cli has no module-info, so every jar is in the unnamed module
 * and only META-INF/services counts). The BNB_BACKEND variable and deliberately broken providers
 * need a fresh JVM each: those cases run {@link DiscoveryProbe} in a child JVM.
 */
class ClassPathDiscoveryTest {

    static final List<String> ALL = List.of("cpu", "cuda", "rocm", "xpu", "hpu", "mps");

    @Test
    void everyBackendOnTheClassPathIsDiscoveredAndCpuIsAvailable() {
        assertFalse(Bnb.class.getModule().isNamed(), "bnb-api runs in the unnamed module here");
        List<String> names = Bnb.backends().stream().map(Bnb.BackendInfo::name).toList();
        assertTrue(names.containsAll(ALL), names.toString());
        Bnb.BackendInfo cpu = Bnb.backends().stream().filter(i -> i.name().equals("cpu")).findFirst().orElseThrow();
        assertTrue(cpu.available(), cpu.reason());
        for (Bnb.BackendInfo i : Bnb.backends())
            if (!i.available()) assertFalse(i.reason().isBlank(), i.name() + " is unavailable without a reason");
        assertEquals("cpu", Bnb.backend("cpu").name());
    }

    @Test
    void unavailableBackendCarriesItsReason() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        var e = assertThrows(BackendUnavailableException.class, () -> Bnb.backend("mps"));
        assertTrue(e.getMessage().startsWith("backend 'mps' is not available: Apple Metal needs macOS"), e.getMessage());
    }

    // ------------------------------------------------------------------ child JVMs

    record Run(List<String> lines) {
        String chosen() {
            return lines.stream().filter(l -> l.startsWith("backend=") || l.startsWith("error=")).findFirst().orElseThrow(() -> new AssertionError(lines));
        }

        String info(String name) {
            return lines.stream().filter(l -> l.startsWith("info=" + name + "|")).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + lines));
        }
    }

    static Run child(Map<String, String> env, List<String> extraClassPath, String... jvmArgs) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String extra : extraClassPath) cp = extra + File.pathSeparator + cp; // first, so it is read before the real jars
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", cp, DiscoveryProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("BNB_BACKEND");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed: " + new String(out, StandardCharsets.UTF_8));
        return new Run(new String(out, StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void envVariableSelectsTheBackend() throws Exception {
        assertEquals("backend=cpu", child(Map.of("BNB_BACKEND", "cpu"), List.of()).chosen());
    }

    @Test
    void envVariableNamingAnUnavailableBackendFailsWithItsReason() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        String chosen = child(Map.of("BNB_BACKEND", "mps"), List.of()).chosen();
        assertTrue(chosen.startsWith("error=BackendUnavailableException: backend 'mps' is not available: Apple Metal needs macOS"), chosen);
    }

    @Test
    void envVariableNamingAnUnknownBackendListsTheCandidates() throws Exception {
        String chosen = child(Map.of("BNB_BACKEND", "tpu"), List.of()).chosen();
        assertTrue(chosen.startsWith("error=BackendUnavailableException: no backend named 'tpu'; found: "), chosen);
        for (String n : ALL) assertTrue(chosen.contains(n + " ("), chosen);
    }

    @Test
    void systemPropertyWinsOverTheEnvVariable() throws Exception {
        assertEquals("backend=cpu", child(Map.of("BNB_BACKEND", "tpu"), List.of(), "-Dbnb.backend=cpu").chosen());
    }

    @Test
    void brokenProvidersOnTheClassPathDoNotHideTheCpuBackend() throws Exception {
        Path broken = Path.of(ClassPathDiscoveryTest.class.getResource("/broken-providers").toURI());
        assertTrue(Files.isRegularFile(broken.resolve("META-INF/services/io.bnb.spi.BackendProvider")));
        Run run = child(Map.of("BNB_BACKEND", "cpu"), List.of(broken.toString()));
        assertEquals("backend=cpu", run.chosen());
        assertTrue(run.info("cpu").startsWith("info=cpu|true|"), run.info("cpu"));
        String all = String.join("\n", run.lines());
        assertTrue(all.contains("ThrowsInConstructor could not be instantiated") && all.contains("constructor exploded"), all);
        assertTrue(all.contains("ThrowsInStaticInit") && all.contains("no broken_native in java.library.path"), all);
        assertTrue(all.contains("io.bnb.cli.broken.DoesNotExist not found"), all);
        assertTrue(all.contains("NotAProvider not a subtype"), all);
        assertEquals("info=probethrows|false|probe failed: NoClassDefFoundError: com/vendor/Driver", run.info("probethrows"));
        for (String n : ALL) run.info(n); // every real provider is still listed

        // and with no override the choice is the best available real backend, never a broken one
        String chosen = child(Map.of(), List.of(broken.toString())).chosen();
        assertTrue(chosen.startsWith("backend=") && ALL.contains(chosen.substring("backend=".length())), chosen);
    }
}
