package io.bnb.api;

import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.HostFallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.*;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Discovery and selection through the package-private {@code Bnb.rediscover} hook: iterators that
 * fail the way ServiceLoader's do, providers that throw, the -Dbnb.backend override and the
 * messages of unavailable backends. (Real ServiceLoader files: bnb-cli's class-path tests.)
 */
class BnbDiscoveryTest {

    /**
     * Discovery drops a provider whose class it has seen (the same provider through two loaders), so
     * each instance here is created as its own anonymous subclass: {@code new TestProvider(...) {}}.
     */
    static class TestProvider implements BackendProvider {
        final String name;
        final int priority;
        final Supplier<Availability> probe;
        final Supplier<Backend> open;
        int opened;

        TestProvider(String name, int priority, Supplier<Availability> probe, Supplier<Backend> open) {
            this.name = name;
            this.priority = priority;
            this.probe = probe;
            this.open = open;
        }

        @Override public String name() { return name; }
        @Override public int priority() { return priority; }
        @Override public Availability probe() { return probe.get(); }

        @Override
        public Backend open() {
            opened++;
            return open.get();
        }
    }

    /** Yields the given items; a Throwable item is thrown from next(), as ServiceLoader does for a bad entry. */
    static Iterator<BackendProvider> source(Object... items) {
        return new Iterator<>() {
            int i;

            @Override public boolean hasNext() { return i < items.length; }

            @Override
            public BackendProvider next() {
                Object o = items[i++];
                if (o instanceof Error e) throw e;
                if (o instanceof RuntimeException e) throw e;
                return (BackendProvider) o;
            }
        };
    }

    static void discover(Object... items) {
        Bnb.rediscover(List.of(source(items)));
    }

    static Bnb.BackendInfo info(String name) {
        return Bnb.backends().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no backend " + name + " in " + Bnb.backends()));
    }

    String savedProperty;

    @BeforeEach
    void saveProperty() {
        savedProperty = System.getProperty("bnb.backend");
        System.clearProperty("bnb.backend");
    }

    @AfterEach
    void restore() {
        if (savedProperty == null) System.clearProperty("bnb.backend");
        else System.setProperty("bnb.backend", savedProperty);
        Bnb.rediscover(null); // back to real discovery
    }

    static void assumeNoEnvOverride() {
        assumeTrue(System.getenv("BNB_BACKEND") == null || System.getenv("BNB_BACKEND").isBlank(), "BNB_BACKEND is set in this environment");
    }

    @Test
    void brokenEntriesAndThrowingProvidersDoNotHideTheGoodOne() {
        assumeNoEnvOverride();
        TestProvider good = new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {};
        TestProvider probeThrows = new TestProvider("gpu1", 100, () -> { throw new UnsatisfiedLinkError("libgpu1.so: cannot open"); }, () -> fail("opened")) {};
        TestProvider probeNull = new TestProvider("gpu2", 90, () -> null, () -> fail("opened")) {};
        BackendProvider nameThrows = new BackendProvider() {
            @Override public String name() { throw new IllegalStateException("no name today"); }
            @Override public int priority() { return 80; }
            @Override public Availability probe() { return Availability.available("x"); }
            @Override public Backend open() { throw new AssertionError("opened"); }
        };
        discover(new ServiceConfigurationError("io.bnb.spi.BackendProvider: Provider com.example.Missing not found"),
                probeThrows,
                new ServiceConfigurationError("io.bnb.spi.BackendProvider: Provider com.example.Boom could not be instantiated",
                        new ExceptionInInitializerError("static init failed")),
                probeNull, nameThrows, good);

        assertTrue(info("cpu").available());
        Bnb.BackendInfo g1 = info("gpu1");
        assertFalse(g1.available());
        assertTrue(g1.reason().contains("probe failed") && g1.reason().contains("libgpu1.so: cannot open"), g1.reason());
        assertTrue(info("gpu2").reason().contains("probe() returned null"), info("gpu2").reason());
        List<String> reasons = Bnb.backends().stream().map(Bnb.BackendInfo::reason).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("com.example.Missing not found")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("com.example.Boom") && r.contains("static init failed")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("no name today")), reasons.toString());

        Backend b = Bnb.backend();
        assertEquals("cpu", b.name(), "the only available backend is chosen despite higher-priority broken ones");
        assertEquals(1, good.opened);
    }

    @Test
    void anIteratorThatKeepsFailingStillEnds() {
        Iterator<BackendProvider> stuck = new Iterator<>() {
            @Override public boolean hasNext() { return true; }
            @Override public BackendProvider next() { throw new ServiceConfigurationError("same bad entry"); }
        };
        Bnb.rediscover(List.of(stuck, source(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {})));
        assertTrue(info("cpu").available());
        assertEquals(1, Bnb.backends().stream().filter(i -> i.reason().contains("same bad entry")).count(), "a repeated failure is recorded once");
    }

    @Test
    void hasNextThrowingIsRecordedToo() {
        Iterator<BackendProvider> bad = new Iterator<>() {
            boolean thrown;
            @Override public boolean hasNext() {
                if (!thrown) { thrown = true; throw new ServiceConfigurationError("cannot read META-INF/services"); }
                return false;
            }
            @Override public BackendProvider next() { throw new NoSuchElementException(); }
        };
        Bnb.rediscover(List.of(bad, source(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {})));
        assertTrue(info("cpu").available());
        assertTrue(Bnb.backends().stream().anyMatch(i -> i.reason().contains("cannot read META-INF/services")));
    }

    @Test
    void highestPriorityAvailableWinsAndDuplicatesAreDropped() {
        assumeNoEnvOverride();
        TestProvider cpu = new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {};
        TestProvider fast = new TestProvider("fast", 50, () -> Availability.available("ok"), () -> new FakeBackend("fast")) {};
        TestProvider off = new TestProvider("faster", 100, () -> Availability.unavailable("no device"), () -> fail("opened")) {};
        Bnb.rediscover(List.of(source(cpu, off, fast), source(cpu, fast))); // both loaders see the same providers
        assertEquals(List.of("faster", "fast", "cpu"), Bnb.backends().stream().map(Bnb.BackendInfo::name).toList());
        Backend b = Bnb.backend();
        assertEquals("fast", b.name());
        assertSame(b, Bnb.backend(), "opened once and cached");
        assertEquals(1, fast.opened);
    }

    @Test
    void nonCpuBackendsAreWrappedForHostFallbackCpuIsNot() {
        assumeNoEnvOverride();
        FakeBackend raw = new FakeBackend("dev");
        Bnb.rediscover(List.of(source(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {},
                new TestProvider("dev", 50, () -> Availability.available("ok"), () -> raw) {})));
        Backend dev = Bnb.backend("dev");
        assertNotSame(raw, dev);
        assertSame(raw, HostFallback.unwrap(dev));
        Backend cpu = Bnb.backend("cpu");
        assertSame(cpu, HostFallback.unwrap(cpu));
        assertSame(cpu, Bnb.host());
    }

    @Test
    void propertyOverrideSelectsByNameCaseInsensitively() {
        assumeNoEnvOverride();
        discover(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {}, new TestProvider("fast", 50, () -> Availability.available("ok"), () -> new FakeBackend("fast")) {});
        System.setProperty("bnb.backend", " CPU ");
        assertEquals("cpu", Bnb.backend().name());
        System.setProperty("bnb.backend", "  ");
        assertEquals("fast", Bnb.backend().name(), "a blank override means no override");
    }

    @Test
    void overrideNamingAnUnavailableBackendFailsWithItsReason() {
        assumeNoEnvOverride();
        discover(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {},
                new TestProvider("cuda", 100, () -> Availability.unavailable("no NVIDIA driver (libcuda.so.1 not found)"), () -> fail("opened")) {});
        System.setProperty("bnb.backend", "cuda");
        var e = assertThrows(BackendUnavailableException.class, Bnb::backend);
        assertEquals("backend 'cuda' is not available: no NVIDIA driver (libcuda.so.1 not found)", e.getMessage());
        e = assertThrows(BackendUnavailableException.class, () -> Bnb.backend("cuda"));
        assertTrue(e.getMessage().contains("libcuda.so.1 not found"), e.getMessage());
    }

    @Test
    void overrideNamingAnUnknownBackendListsWhatWasFound() {
        assumeNoEnvOverride();
        discover(new TestProvider("cpu", 10, () -> Availability.available("ok"), () -> new FakeBackend("cpu")) {},
                new TestProvider("cuda", 100, () -> Availability.unavailable("no driver"), () -> fail("opened")) {});
        System.setProperty("bnb.backend", "tpu");
        var e = assertThrows(BackendUnavailableException.class, Bnb::backend);
        assertTrue(e.getMessage().startsWith("no backend named 'tpu'"), e.getMessage());
        assertTrue(e.getMessage().contains("cuda (no driver)") && e.getMessage().contains("cpu (available)"), e.getMessage());
    }

    @Test
    void openFailureBecomesBackendUnavailableWithCause() {
        assumeNoEnvOverride();
        discover(new TestProvider("dev", 50, () -> Availability.available("ok"), () -> { throw new UnsatisfiedLinkError("libdev.so: undefined symbol foo"); }) {});
        var e = assertThrows(BackendUnavailableException.class, Bnb::backend);
        assertTrue(e.getMessage().contains("backend 'dev' failed to open") && e.getMessage().contains("undefined symbol foo"), e.getMessage());
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());
    }

    @Test
    void nothingAvailableSaysSo() {
        assumeNoEnvOverride();
        discover();
        var e = assertThrows(BackendUnavailableException.class, Bnb::backend);
        assertEquals("no bnb backend is available; found: no providers on the class or module path", e.getMessage());
        assertTrue(Bnb.backends().isEmpty());
    }

    @Test
    void nullNameIsRejected() {
        assertThrows(NullPointerException.class, () -> Bnb.backend(null));
    }
}
