package io.bnb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code bnb matrix} on a backend that cannot run here: exit 0, every cell skipped with the reason, six backends named. */
class MatrixCommandTest {
    @Test
    void matrixForAnUnavailableBackend(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("m.json");
        int code = new CommandLine(new BnbCommand()).execute("matrix", "--backend", "hpu", "--report-dir", dir.resolve("r").toString(),
                "--json", json.toString());
        assertEquals(0, code);
        String md = Files.readString(dir.resolve("r/matrix.md")), js = Files.readString(json);
        for (String b : List.of("cpu", "cuda", "rocm", "xpu", "hpu", "mps")) {
            assertTrue(md.contains("| " + b + " |"), "markdown names " + b);
            assertTrue(js.matches("(?s).*\"name\"\\s*:\\s*\"" + b + "\".*"), "json names " + b);
        }
        assertTrue(md.contains("libSynapse.so"), "the hpu cells carry the provider's reason");
        assertFalse(js.matches("(?s).*\"status\"\\s*:\\s*\"PASS\".*"), "nothing passes on a backend that did not run");
    }
}
