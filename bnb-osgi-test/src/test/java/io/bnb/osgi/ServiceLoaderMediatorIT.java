package io.bnb.osgi;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The published bundles in a real OSGi framework: Felix 7 with SPI Fly (the OSGi ServiceLoader
 * Mediator) and ASM. The api bundle cannot see the cpu bundle's classes, so when the plain
 * {@code ServiceLoader.load(BackendProvider.class)} inside {@code Bnb} finds the CPU provider,
 * it is SPI Fly's weaving plus the bnd-generated capabilities that made it so.
 */
class ServiceLoaderMediatorIT {
    static Framework felix;
    static Bundle api, cpu;

    static Path bundleDir() {
        return Path.of(System.getProperty("bnb.osgi.bundles", "target/osgi-bundles"));
    }

    static Path jar(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(bundleDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + bundleDir()));
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, System.getProperty("bnb.osgi.storage", "target/felix-cache"));
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // no system-packages extra: Felix exports the boot layer's packages, jdk.incubator.vector included when the JVM has it
        felix = new FrameworkFactory().newFramework(config);
        felix.start();
        BundleContext ctx = felix.getBundleContext();

        // Infrastructure first: SPI Fly must be active before the consumer's classes are loaded (that is when it weaves).
        List<Bundle> infra = new ArrayList<>();
        for (String p : List.of("asm-9", "asm-commons-", "asm-util-", "asm-tree-", "asm-analysis-", "org.apache.aries.spifly.dynamic.bundle-"))
            infra.add(ctx.installBundle(jar(p).toUri().toString()));
        for (Bundle b : infra) if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();

        api = ctx.installBundle(jar("bnb-api-").toUri().toString());
        cpu = ctx.installBundle(jar("bnb-backend-cpu-").toUri().toString());
        api.start();
        cpu.start();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    @Test
    void bundlesResolveAndStart() {
        for (Bundle b : felix.getBundleContext().getBundles())
            assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is not active");
        assertEquals("io.bnb.api", api.getSymbolicName());
        assertEquals("io.bnb.backend.cpu", cpu.getSymbolicName());
    }

    @Test
    void manifestsCarryTheServiceLoaderMediatorCapabilities() {
        String req = api.getHeaders().get(Constants.REQUIRE_CAPABILITY);
        assertTrue(req.contains("(osgi.extender=osgi.serviceloader.processor)"), req);
        assertTrue(req.contains("(osgi.serviceloader=io.bnb.spi.BackendProvider)"), req);
        String prov = cpu.getHeaders().get(Constants.PROVIDE_CAPABILITY);
        assertTrue(prov.contains("osgi.serviceloader=\"io.bnb.spi.BackendProvider\"") && prov.contains("io.bnb.backend.cpu.CpuProvider"), prov);
        assertTrue(cpu.getHeaders().get(Constants.REQUIRE_CAPABILITY).contains("(osgi.extender=osgi.serviceloader.registrar)"));
    }

    @Test
    void apiBundleCannotSeeCpuClassesDirectly() {
        assertThrows(ClassNotFoundException.class, () -> api.loadClass("io.bnb.backend.cpu.CpuProvider"));
    }

    @Test
    void plainServiceLoaderInsideTheApiBundleFindsTheCpuBackend() throws Exception {
        Class<?> bnb = api.loadClass("io.bnb.api.Bnb");
        List<?> infos = (List<?>) bnb.getMethod("backends").invoke(null);
        Object cpuInfo = infos.stream().filter(i -> "cpu".equals(call(i, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("cpu not discovered inside OSGi: " + infos));
        assertEquals(Boolean.TRUE, call(cpuInfo, "available"), String.valueOf(call(cpuInfo, "reason")));
        assertEquals("io.bnb.backend.cpu.CpuProvider", call(cpuInfo, "provider"));

        Object backend = bnb.getMethod("backend").invoke(null);
        assertEquals("cpu", call(backend, "name"));
        assertSame(cpu, org.osgi.framework.FrameworkUtil.getBundle(backend.getClass()), "the backend comes from the cpu bundle");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent())
            assertTrue(String.valueOf(call(backend, "device")).contains("-bit SIMD"),
                    "the optional jdk.incubator.vector import is wired: " + call(backend, "device"));
        Method upload = backend.getClass().getMethod("upload", float[].class, long[].class);
        Object t = upload.invoke(backend, new float[]{1.5f, -2f, 0.25f}, new long[]{3});
        Method download = backend.getClass().getMethod("downloadFloats", api.loadClass("io.bnb.api.Tensor"));
        assertArrayEquals(new float[]{1.5f, -2f, 0.25f}, (float[]) download.invoke(backend, t));

        // a 4-bit round trip through the bundle: +-1 and 0 are NF4 codes, so it is exact
        float[] w = new float[64];
        w[0] = 1f;
        w[1] = -1f;
        Object weight = upload.invoke(backend, w, new long[]{64});
        Class<?> quantType = api.loadClass("io.bnb.api.QuantType"), dtype = api.loadClass("io.bnb.api.DType"), tensor = api.loadClass("io.bnb.api.Tensor");
        Object nf4 = enumValue(quantType, "NF4"), u8 = enumValue(dtype, "U8"), f32 = enumValue(dtype, "F32");
        Object q = backend.getClass().getMethod("quantize4bit", tensor, int.class, quantType, dtype).invoke(backend, weight, 64, nf4, u8);
        Object back = backend.getClass().getMethod("dequantize4bit", tensor, tensor, int.class, quantType, long[].class, dtype)
                .invoke(backend, call(q, "data"), call(q, "absmax"), 64, nf4, new long[]{64}, f32);
        assertArrayEquals(w, (float[]) download.invoke(backend, back));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(method + " on " + target, e);
        }
    }
}
