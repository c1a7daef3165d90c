package io.bnb.conformance.run;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The runner against a backend that cannot run here: everything skipped with the reason, all six backends named. */
class MatrixRunnerTest {

    @Test
    void unavailableBackendIsSkippedWithReasonAndAllSixAreNamed(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Path json = dir.resolve("extra/m.json");
        int code = Main.run(new String[]{"--backend", "rocm", "--report-dir", dir.toString(), "--json", json.toString()},
                new PrintStream(buf, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, "skips are not failures");
        String md = Files.readString(dir.resolve("matrix.md"));
        for (String b : List.of("cpu", "cuda", "rocm", "xpu", "hpu", "mps")) assertTrue(md.contains("| " + b + " |"), "markdown names " + b);
        assertTrue(md.contains("LLM.int8()") && md.contains("QLoRA 4-bit") && md.contains("8-bit optimizers"));
        assertTrue(md.contains("| Java |") && md.contains("| OS |") && md.contains("| CPU |") && md.contains("| Driver |") && md.contains("| Accelerator |"));

        JsonObject root = JsonParser.object().from(Files.readString(json));
        assertEquals(Files.readString(dir.resolve("matrix.json")), Files.readString(json));
        List<String> names = new ArrayList<>();
        for (Object o : root.getArray("backends")) names.add(((JsonObject) o).getString("name"));
        assertTrue(names.containsAll(List.of("cpu", "cuda", "rocm", "xpu", "hpu", "mps")), names.toString());
        JsonArray cells = root.getArray("cells");
        assertTrue(cells.size() >= 12);
        for (Object o : cells) {
            JsonObject rocm = ((JsonObject) o).getObject("results").getObject("rocm");
            assertEquals("NOT_RUN", rocm.getString("status"), ((JsonObject) o).getString("cell"));
            assertEquals(0, rocm.getObject("required").getInt("passed"), "nothing passes by default");
            assertTrue(rocm.getObject("required").getInt("skipped") > 0, "tests were skipped, not absent");
            assertFalse(rocm.getString("reason").isBlank(), "a skip carries its reason");
        }
        assertFalse(root.getBoolean("requiredFailures"));
    }

    @Test
    void usageErrors() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Main.run(new String[]{"--bogus"}, sink, sink));
        assertEquals(2, Main.run(new String[]{"--backend"}, sink, sink));
        assertEquals(2, Main.run(new String[]{"--golden", "/nonexistent/file.safetensors"}, sink, sink));
        assertEquals(0, Main.run(new String[]{"--help"}, sink, sink));
    }
}
