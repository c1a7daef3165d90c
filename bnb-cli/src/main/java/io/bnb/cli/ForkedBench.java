package io.bnb.cli;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.bnb.bench.BenchResult;
import io.bnb.bench.Fork;
import io.bnb.bench.OpBench;
import io.bnb.bench.Workload;
import io.bnb.bench.Workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bnb bench --fork}: every workload in a JVM of its own, as JMH forks, each with its own
 * copy reference (the ratio stays a same-run ratio). In one JVM, C2 compiles a kernel with the
 * type profiles of the JDK's segment and vector code that earlier ops left there, and some kernels
 * then run up to 4x slower (dequantize4bit to BF16 after quantize4bit, the 8-bit optimizer after
 * the others); a forked run shows what each kernel does when it is the hot code of its process.
 */
final class ForkedBench {
    private ForkedBench() {}

    /** Runs the selected workloads one JVM each; returns every child's rows (its copy, then its workload). */
    static List<BenchResult> run(String backend, OpBench.Options options, Consumer<BenchResult> onRow) throws IOException {
        List<BenchResult> rows = new ArrayList<>();
        for (Workload w : Workloads.ops()) {
            if (!options.selects(w)) continue;
            List<BenchResult> child = child(backend, options, w.id());
            for (BenchResult r : child) {
                rows.add(r);
                if (!r.isCopy()) onRow.accept(r);
            }
        }
        return rows;
    }

    private static List<BenchResult> child(String backend, OpBench.Options options, String id) throws IOException {
        Path json = Files.createTempFile("bnb-bench-" + id.replaceAll("[^A-Za-z0-9]", "_"), ".json");
        try {
            List<String> cmd = Fork.command(Main.class, "bench", "--backend", backend, "--only", "=" + id, "--json", json.toString());
            if (options.quick()) cmd.add("--quick");
            if (!options.pairCopy()) cmd.add("--copy-once");
            if (options.rounds() > 1) cmd.addAll(List.of("--rounds", Integer.toString(options.rounds())));
            Fork.run(cmd, "bench of " + id);
            return read(Files.readString(json));
        } finally {
            Files.deleteIfExists(json);
        }
    }

    /** Rows from {@code BenchJson}'s format (null numbers are NaN). */
    static List<BenchResult> read(String text) throws IOException {
        try {
            List<BenchResult> rows = new ArrayList<>();
            for (Object o : JsonParser.array().from(text)) {
                JsonObject r = (JsonObject) o;
                rows.add(new BenchResult(r.getString("id"), r.getString("op"), r.getString("shape"), r.getString("dtype"), num(r, "value"),
                        r.getString("unit"), num(r, "copy_ratio"), num(r, "copy_gbps"), num(r, "us"), r.getString("target"),
                        r.isNull("meets_target") ? null : r.getBoolean("meets_target"), r.getString("upstream_cpu"), r.getString("status"),
                        r.getString("timing"), r.has("alloc_bytes_per_call") ? num(r, "alloc_bytes_per_call") : Double.NaN));
            }
            return rows;
        } catch (JsonParserException | ClassCastException e) {
            throw new IOException("unreadable bench output: " + e.getMessage(), e);
        }
    }

    private static double num(JsonObject r, String key) { return r.isNull(key) ? Double.NaN : r.getDouble(key); }
}
