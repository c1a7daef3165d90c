package io.bnb.conformance;

import io.bnb.conformance.check.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * {@code -Dbnb.conformance.golden=FILE}: the golden tests follow the keys of another file — cases
 * whose keys it lacks are skipped, never failed, and cases it has are derived from it.
 */
class GoldenOverrideTest {

    @org.junit.jupiter.api.Disabled("run only through the launcher of the enclosing test, which deactivates @Disabled")
    static class CpuSuite extends BackendConformance {
        @Override protected String backendName() { return "cpu"; }
    }

    /** Writes a safetensors file holding {@code keys} copied from the bundled golden file. */
    static void writeSubset(Path out, List<String> keys) throws IOException {
        Golden g = Golden.get();
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        List<byte[]> blobs = new ArrayList<>();
        for (String k : keys) {
            byte[] data = g.segment(k).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            if (header.length() > 1) header.append(',');
            header.append('"').append(k).append("\":{\"dtype\":\"").append(g.dtype(k).safetensorsName()).append("\",\"shape\":")
                    .append(Arrays.toString(g.shape(k)).replace(" ", "")).append(",\"data_offsets\":[").append(offset).append(',')
                    .append(offset + data.length).append("]}");
            offset += data.length;
            blobs.add(data);
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            os.write(h);
            for (byte[] b : blobs) os.write(b);
        }
    }

    @Test
    void absentKeysSkipAndPresentKeysDefineTheCases(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("subset.safetensors");
        writeSubset(file, List.of("q8.input_fp32", "q8.dynamic_map_signed", "q8.bs256.q", "q8.bs256.absmax", "q8.bs256.dequant", "int8.x_fp16"));
        Map<String, List<String>> cases = new TreeMap<>();
        Map<String, Set<TestExecutionResult.Status>> status = new TreeMap<>();
        TestExecutionListener l = new TestExecutionListener() {
            private TestPlan plan;

            @Override public void testPlanExecutionStarted(TestPlan p) { plan = p; }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                for (TestIdentifier x = id; x != null; x = plan.getParent(x).orElse(null))
                    if (x.getSource().orElse(null) instanceof MethodSource ms) {
                        if (id.isTest()) cases.computeIfAbsent(ms.getMethodName(), k -> new ArrayList<>()).add(id.getDisplayName());
                        if (id.isTest() || r.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                            status.computeIfAbsent(ms.getMethodName(), k -> new HashSet<>()).add(r.getStatus());
                        return;
                    }
            }
        };
        String old = System.getProperty(Golden.PROPERTY);
        System.setProperty(Golden.PROPERTY, file.toString());
        try {
            var req = LauncherDiscoveryRequestBuilder.request()
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition").selectors(
                    selectMethod(CpuSuite.class, "required_quantizeBlockwise_golden"),
                    selectMethod(CpuSuite.class, "required_quantize4bit_nf4Golden"),
                    selectMethod(CpuSuite.class, "required_int8LinearMatmul_golden"),
                    selectMethod(CpuSuite.class, "required_optimizerUpdate32bit_golden"),
                    selectMethod(CpuSuite.class, "required_int8VectorwiseQuant_golden")).build();
            LauncherFactory.create().execute(req, l);
        } finally {
            if (old == null) System.clearProperty(Golden.PROPERTY); else System.setProperty(Golden.PROPERTY, old);
        }
        assertEquals(List.of("blocksize 256"), cases.get("required_quantizeBlockwise_golden"), "cases come from the file's keys");
        for (String absent : List.of("required_quantize4bit_nf4Golden", "required_int8LinearMatmul_golden",
                "required_optimizerUpdate32bit_golden", "required_int8VectorwiseQuant_golden"))
            assertEquals(Set.of(TestExecutionResult.Status.ABORTED), status.get(absent), absent + " must be skipped: " + status.get(absent));
    }
}
