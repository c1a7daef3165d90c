package io.bnb.conformance.report;

import io.bnb.api.*;
import io.bnb.conformance.BackendConformance;
import io.bnb.conformance.Cell;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * A device backend's declared support reaches the matrix: an op it declares NONE runs through the
 * host fallback and its cell is 🐢, paged memory it lacks is ❌ unsupported with its note, a
 * PARTIAL op is 〰️.
 */
class SupportLevelsReportTest {

    /** The CPU backend pretending to be a device that lacks int8_double_quant and paged memory and half-supports gemm_4bit. */
    static Backend fakeDevice(Backend cpu) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "FakeDevice";
                };
            }
            if (m.getName().equals("support")) {
                return switch ((Op) args[0]) {
                    case INT8_DOUBLE_QUANT, PAGED_MEMORY -> Support.NONE;
                    case GEMM_4BIT -> Support.PARTIAL;
                    default -> Support.NATIVE;
                };
            }
            if (m.getName().equals("supportNote")) {
                return switch ((Op) args[0]) {
                    case INT8_DOUBLE_QUANT -> "no double-quant kernel";
                    case PAGED_MEMORY -> "no unified memory on this device";
                    case GEMM_4BIT -> "fused only for M <= 4";
                    default -> "";
                };
            }
            try {
                return m.invoke(cpu, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Disabled("run only through the launcher of the enclosing test, which deactivates @Disabled")
    static class FakeDeviceSuite extends BackendConformance {
        @Override
        protected BackendProvider provider() {
            return new BackendProvider() {
                @Override public String name() { return "fake-device"; }
                @Override public int priority() { return 0; }
                @Override public Availability probe() { return Availability.available("test double"); }
                @Override public Backend open() { return fakeDevice(Bnb.host()); }
            };
        }
    }

    @Test
    void declaredSupportBecomesTheCellSymbol() throws Exception {
        MatrixListener listener = new MatrixListener();
        var request = LauncherDiscoveryRequestBuilder.request()
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition");
        for (String name : new String[]{"required_int8DoubleQuant_outliers", "required_int8DoubleQuant_rejectsBadInput",
                "required_allocatePaged_zeroFilled", "required_prefetch_keepsContents", "required_gemm4bit_shapesAndBias"})
            request.selectors(selectMethod(FakeDeviceSuite.class, FakeDeviceSuite.class.getMethod(name)));
        LauncherFactory.create().execute(request.build(), listener);

        Map<Cell, CellTally> r = listener.results().get("fake-device");
        assertNotNull(r, "results are filed under the provider's name: " + listener.results().keySet());
        CellTally dq = r.get(Cell.INT8_DOUBLE_QUANT), paged = r.get(Cell.PAGED), gemm = r.get(Cell.GEMM4);
        assertEquals(CellStatus.SLOW, dq.status(), "host fallback: " + dq.reason());
        assertEquals(2, dq.requiredPassed(), "the fallback runs the tests, bad input included");
        assertTrue(dq.reason().contains("no double-quant kernel"), dq.reason());
        assertEquals(CellStatus.UNSUPPORTED, paged.status());
        assertEquals(2, paged.requiredSkipped(), "unsupported cells are skipped, not passed");
        assertTrue(paged.reason().contains("no unified memory"), paged.reason());
        assertEquals(CellStatus.PARTIAL, gemm.status());
        assertTrue(gemm.reason().contains("fused only for M <= 4"), gemm.reason());
        assertFalse(listener.requiredFailures());
    }
}
