package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The suite can fail: a backend that is the CPU reference except that quantize4bit writes the two
 * nibbles of every byte in the wrong order is run through the 4-bit suite with the JUnit launcher,
 * and named required tests must fail while the ones that never look at its packing still pass.
 */
class WrongBackendIsCaughtTest {

    /** The CPU backend with quantize4bit's nibble order flipped (lower index in the LOW nibble). */
    static Backend flippedNibbles(Backend cpu) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "FlippedNibbles[" + cpu + "]";
                };
            }
            if (m.getName().equals("name")) return "cpu-flipped-nibbles";
            Object r;
            try {
                r = m.invoke(cpu, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (!m.getName().equals("quantize4bit")) return r;
            Quantized q = (Quantized) r;
            byte[] b = cpu.downloadBytes(q.data());
            for (int i = 0; i < b.length; i++) b[i] = (byte) ((b[i] & 0x0f) << 4 | (b[i] >> 4) & 0x0f);
            Tensor flipped = cpu.upload(b, DType.U8, (long) b.length).viewAs(q.data().dtype(), q.data().shape());
            q.data().close();
            return new Quantized(flipped, q.absmax());
        });
    }

    /** The 4-bit suite against the flipped backend (run only through the launcher below; surefire skips nested classes). */
    @org.junit.jupiter.api.Disabled("run only through the launcher of the enclosing test, which deactivates @Disabled")
    static class FlippedQuant4 extends Quant4Conformance {
        @Override
        protected BackendProvider provider() {
            return new BackendProvider() {
                @Override public String name() { return "cpu-flipped-nibbles"; }
                @Override public int priority() { return 0; }
                @Override public Availability probe() { return Availability.available("test double"); }
                @Override public Backend open() { return flippedNibbles(Bnb.host()); }
            };
        }
    }

    /** The method of the suite named {@code name}, parameters included (for a method selector). */
    private static java.lang.reflect.Method method(String name) {
        for (java.lang.reflect.Method m : Quant4Suite.class.getMethods()) if (m.getName().equals(name)) return m;
        throw new IllegalArgumentException("no test method " + name);
    }

    @Test
    void namedRequiredTestsCatchFlippedNibbles() {
        Map<String, List<TestExecutionResult.Status>> byMethod = new TreeMap<>();
        TestExecutionListener collect = new TestExecutionListener() {
            private TestPlan plan;

            @Override public void testPlanExecutionStarted(TestPlan p) { plan = p; }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                for (TestIdentifier x = id; x != null; x = plan.getParent(x).orElse(null))
                    if (x.getSource().orElse(null) instanceof MethodSource ms) {
                        byMethod.computeIfAbsent(ms.getMethodName(), k -> new ArrayList<>()).add(result.getStatus());
                        return;
                    }
            }
        };
        List<String> mustFail = List.of("required_quantize4bit_nf4Golden", "required_quantize4bit_fp4Golden",
                "required_quantize4bit_nf4Rule", "required_quantize4bit_fp4Rule",
                "required_quantize4bit_nf4MatchesReference", "required_quantize4bit_fp4MatchesReference",
                "required_quantize4bit_nf4DoubleQuantGolden", "required_quantize4bit_nf4Lossless", "required_quantize4bit_fp4Lossless");
        List<String> mustPass = List.of("required_dequantize4bit_nf4Golden", "required_dequantize4bit_fp4Formula",
                "required_quantize4bit_nf4RejectsBadInput", "required_dequantize4bit_fp4RejectsBadInput", "required_quantize4bit_nf4Storage");
        var request = LauncherDiscoveryRequestBuilder.request()
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition");
        for (String m : mustFail) request.selectors(selectMethod(FlippedQuant4.class, method(m)));
        for (String m : mustPass) request.selectors(selectMethod(FlippedQuant4.class, method(m)));
        LauncherFactory.create().execute(request.build(), collect);

        for (String caught : mustFail)
            assertTrue(byMethod.getOrDefault(caught, List.of()).contains(TestExecutionResult.Status.FAILED),
                    caught + " did not catch the flipped nibble order: " + byMethod.get(caught));
        // checks that never read the backend's own packing still pass: the failures above are specific
        for (String passes : mustPass)
            assertEquals(Set.of(TestExecutionResult.Status.SUCCESSFUL), new HashSet<>(byMethod.getOrDefault(passes, List.of())),
                    passes + " should pass on the flipped backend: " + byMethod.get(passes));
    }
}
