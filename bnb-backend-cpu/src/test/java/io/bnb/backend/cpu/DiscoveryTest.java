package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.api.Bnb;
import io.bnb.spi.BackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Discovery on the module path: surefire runs this module's tests inside the named module
 * io.bnb.backend.cpu, so Bnb finds the CPU provider through module-info's {@code provides}.
 * (bnb-cli's tests do the same on the class path, through META-INF/services.)
 */
class DiscoveryTest {

    @AfterEach
    void clearOverride() { System.clearProperty("bnb.backend"); }

    static void assumeNoEnvOverride() {
        String env = System.getenv("BNB_BACKEND");
        assumeTrue(env == null || env.isBlank(), "BNB_BACKEND is set");
    }

    @Test
    void runsOnTheModulePath() {
        assertEquals("io.bnb.backend.cpu", DiscoveryTest.class.getModule().getName());
        assertEquals("io.bnb.api", Bnb.class.getModule().getName());
        assertTrue(Bnb.class.getModule().getDescriptor().uses().contains(BackendProvider.class.getName()));
    }

    @Test
    void moduleLayerServiceLoaderSeesTheProviderDeclaration() {
        DiscoveryTest.class.getModule().addUses(BackendProvider.class); // this module provides, it does not use
        List<ServiceLoader.Provider<BackendProvider>> found = ServiceLoader.load(ModuleLayer.boot(), BackendProvider.class).stream().toList();
        assertTrue(found.stream().anyMatch(p -> p.type() == CpuProvider.class && p.type().getModule().getName().equals("io.bnb.backend.cpu")),
                found.toString());
    }

    @Test
    void bnbListsCpuAsAvailable() {
        Bnb.BackendInfo cpu = Bnb.backends().stream().filter(i -> i.name().equals("cpu")).findFirst().orElseThrow();
        assertTrue(cpu.available(), cpu.reason());
        assertEquals(10, cpu.priority());
        assertEquals(CpuProvider.class.getName(), cpu.provider());
        assertTrue(cpu.reason().contains("cores"), cpu.reason());
        assertEquals(1, Bnb.backends().stream().filter(i -> i.name().equals("cpu")).count(), "found once, not once per loader");
    }

    @Test
    void defaultAndNamedSelection() {
        assumeNoEnvOverride();
        Backend b = Bnb.backend();
        assertEquals("cpu", b.name());
        assertInstanceOf(CpuBackend.class, b, "the CPU backend is not wrapped for host fallback");
        assertSame(b, Bnb.backend("cpu"));
        assertSame(b, Bnb.host());
    }

    @Test
    void propertyOverride() {
        assumeNoEnvOverride();
        System.setProperty("bnb.backend", "cpu");
        assertEquals("cpu", Bnb.backend().name());
        System.setProperty("bnb.backend", "cuda"); // not on this module path at all
        var e = assertThrows(BackendUnavailableException.class, Bnb::backend);
        assertEquals("no backend named 'cuda'; found: cpu (available)", e.getMessage());
    }
}
