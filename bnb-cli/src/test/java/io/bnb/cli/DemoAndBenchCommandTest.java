package io.bnb.cli;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.abort;

/** {@code bnb demo} and {@code bnb bench} end to end on small sizes, through picocli as the launcher runs them. */
class DemoAndBenchCommandTest {

    record Out(int code, String stdout, String stderr) {}

    static synchronized Out run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new BnbCommand()).execute(args);
            return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in\n" + text);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void demoReportsExactMemoryAndASmallError() {
        Out o = run("demo", "--rows", "256", "--cols", "256", "--backend", "cpu");
        if (o.code() == 1 && o.stderr().contains("not implemented")) abort("4-bit ops not on the CPU backend yet: " + o.stderr());
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        // 65536 weights, NF4 blocks of 64 (1024 blocks), nested blocks of 256 (4): packed 32768 + U8 absmax 1024
        // + nested F32 absmax 16 + code tables (16 + 256 floats) 1088 + offset 4
        long expected = 32768 + 1024 + 16 + 1088 + 4;
        assertEquals(expected, (long) number(o.stdout(), "NF4 \\+ double quant, total\\s+([\\d,]+)"));
        assertEquals(8.0 * expected / 65536, number(o.stdout(), "NF4 \\+ double quant, total\\s+[\\d,]+\\s+([\\d.]+)"), 1e-3);
        assertEquals(262144, (long) number(o.stdout(), "fp32 weights\\s+([\\d,]+)"));
        double rel = number(o.stdout(), "relative \\(Frobenius\\) ([\\d.]+)");
        // NF4 on Gaussian weights: about 10% relative error; far off means a broken round trip
        assertTrue(rel > 0.02 && rel < 0.2, "relative error " + rel);
        assertTrue(o.stdout().contains("backend:  cpu"), o.stdout());
        // warm rounds go on for about two seconds, within their bounds (a small matrix reaches the most)
        double rounds = number(o.stdout(), "time, warm \\(best of (\\d+) more rounds");
        assertTrue(rounds >= DemoCommand.MIN_ROUNDS && rounds <= DemoCommand.MAX_ROUNDS, "warm rounds " + rounds);
    }

    @Test
    void demoRejectsBadArguments() {
        Out o = run("demo", "--rows", "0");
        assertNotEquals(0, o.code());
        assertTrue(o.stderr().contains("--rows and --cols must be positive"), o.stderr());
        o = run("demo", "--backend", "no-such-backend");
        assertEquals(2, o.code());
        assertTrue(o.stderr().contains("no backend named 'no-such-backend'"), o.stderr());
    }

    @Test
    void benchQuickWritesJsonWithACopyRowAndOneRowPerSelectedWorkload(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Out o = run("bench", "--backend", "cpu", "--quick", "--only", "percentile_clipping", "--json", json.toString());
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        JsonArray rows = JsonParser.array().from(Files.readString(json));
        assertEquals(2, rows.size(), rows.toString());
        JsonObject copy = rows.getObject(0);
        assertEquals("copy", copy.getString("op"));
        assertEquals("GB/s", copy.getString("unit"));
        assertTrue(copy.getDouble("value") > 0);
        assertEquals(1.0, copy.getDouble("copy_ratio"), 1e-9);
        JsonObject op = rows.getObject(1);
        assertEquals("percentileClipping", op.getString("op"));
        for (String k : new String[]{"shape", "dtype", "value", "unit", "copy_ratio", "copy_gbps", "us"}) assertTrue(op.containsKey(k), k);
        assertEquals("ok", op.getString("status"));
        // the reference is the copies interleaved with the op's calls, not the copy row
        assertTrue(op.getDouble("copy_gbps") > 0);
        assertEquals(op.getDouble("value") / op.getDouble("copy_gbps"), op.getDouble("copy_ratio"), 1e-4 * op.getDouble("copy_ratio"));
        assertTrue(op.getString("timing").contains("each call followed by a timed copy"), op.getString("timing"));
        assertTrue(o.stdout().contains("targets met"), o.stdout());
    }

    @Test
    void benchCopyOnceTakesRatiosAgainstTheCopyRow(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Out o = run("bench", "--backend", "cpu", "--quick", "--copy-once", "--only", "percentile_clipping", "--json", json.toString());
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        JsonArray rows = JsonParser.array().from(Files.readString(json));
        JsonObject copy = rows.getObject(0), op = rows.getObject(1);
        assertEquals(copy.getDouble("value"), op.getDouble("copy_gbps"), 1e-4 * copy.getDouble("value"));
        assertEquals(op.getDouble("value") / copy.getDouble("value"), op.getDouble("copy_ratio"), 1e-4 * op.getDouble("copy_ratio"));
        assertTrue(o.stdout().contains("this run's copy row"), o.stdout());
    }

    @Test
    void benchRoundsReportTheBestRoundAndListEveryRound(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Out o = run("bench", "--backend", "cpu", "--quick", "--rounds", "3", "--only", "percentile_clipping", "--json", json.toString());
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        JsonObject op = JsonParser.array().from(Files.readString(json)).getObject(1);
        Matcher m = Pattern.compile("best of 3 rounds \\(round medians ([0-9]+) ([0-9]+) ([0-9]+) us\\)").matcher(op.getString("timing"));
        assertTrue(m.find(), op.getString("timing"));
        double lowest = Math.min(Double.parseDouble(m.group(1)), Math.min(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
        assertEquals(lowest, op.getDouble("us"), 0.5 + 1e-3 * lowest);
        assertTrue(o.stdout().contains("best of 3 rounds"), o.stdout());

        Out bad = run("bench", "--backend", "cpu", "--quick", "--rounds", "0", "--only", "percentile_clipping");
        assertEquals(2, bad.code());
        assertTrue(bad.stderr().contains("--rounds must be at least 1"), bad.stderr());
    }

    @Test
    void benchForkRunsEachWorkloadInItsOwnJvmWithItsOwnCopy(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Out o = run("bench", "--backend", "cpu", "--quick", "--fork", "--only", "=percentile_clipping,=int8_vectorwise_dequant",
                "--json", json.toString());
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        JsonArray rows = JsonParser.array().from(Files.readString(json));
        assertEquals(4, rows.size(), rows.toString()); // each child: its copy, then its workload
        for (int i = 0; i < 4; i += 2) {
            JsonObject copy = rows.getObject(i), op = rows.getObject(i + 1);
            assertEquals("copy", copy.getString("id"));
            assertTrue(copy.getDouble("value") > 0);
            assertEquals("ok", op.getString("status"));
            assertEquals(op.getDouble("value") / op.getDouble("copy_gbps"), op.getDouble("copy_ratio"), 1e-4 * op.getDouble("copy_ratio"));
        }
        // in the bench's workload order, not the filter's
        assertEquals("int8_vectorwise_dequant", rows.getObject(1).getString("id"));
        assertEquals("percentile_clipping", rows.getObject(3).getString("id"));
        assertTrue(o.stdout().contains("copy per JVM:"), o.stdout());
        assertTrue(o.stdout().contains("2 of 2 workloads measured"), o.stdout());
    }

    @Test
    void benchListsWorkloads() {
        Out o = run("bench", "--list");
        assertEquals(0, o.code());
        assertTrue(o.stdout().lines().anyMatch("gemv_4bit.11008"::equals), o.stdout());
    }
}
