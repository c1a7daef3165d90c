package io.bnb.bench;

import io.bnb.api.Bnb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link FirstCalls} in fresh JVMs: each workload in two children, one cold and one after
 * {@code Backend.warmUp()}, printed as a table. {@code bnb bench --first-calls} calls {@link #table};
 * where there is no CLI (a GPU machine with a bare JRE) run this class:
 * {@code java -cp ... io.bnb.bench.FirstCallsMain --backend cuda [ID ...]}.
 */
public final class FirstCallsMain {
    private FirstCallsMain() {}

    public static void main(String[] args) throws IOException {
        String backend = null, child = null;
        boolean warm = false;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> backend = args[++i];
                case "--child" -> child = args[++i];
                case "--warm" -> warm = true;
                default -> ids.add(args[i]);
            }
        }
        if (backend == null) throw new IllegalArgumentException("--backend NAME is required");
        if (child != null) {
            System.out.println(FirstCalls.measure(Bnb.backend(backend), FirstCalls.workload(child), warm).line());
            return;
        }
        table(backend, ids.isEmpty() ? FirstCalls.DEFAULT_IDS : ids);
    }

    /** Prints one row per workload id, each measured in two children of this JVM's java and class path. */
    public static void table(String backend, List<String> ids) throws IOException {
        for (String id : ids) FirstCalls.workload(id); // a clear error for an unknown id before any JVM starts
        System.out.println("first calls in a fresh JVM per row, in ms: cold, then after Backend.warmUp() (its own time last);"
                + " steady = median of the next " + FirstCalls.STEADY + " calls in the same JVM");
        System.out.printf(Locale.ROOT, "%-30s %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %9s%n", "workload", "cold 1st", "2nd", "3rd", "steady",
                "warm 1st", "2nd", "3rd", "steady", "1st/std", "warmUp");
        for (String id : ids) {
            FirstCalls.Result cold = child(backend, id, false), warm = child(backend, id, true);
            System.out.printf(Locale.ROOT, "%-30s %9.1f %8.1f %8.1f %8.2f | %9.1f %8.1f %8.1f %8.2f | %7.0fx %9.0f%n", id,
                    cold.firstMillis()[0], cold.firstMillis()[1], cold.firstMillis()[2], cold.steadyMillis(),
                    warm.firstMillis()[0], warm.firstMillis()[1], warm.firstMillis()[2], warm.steadyMillis(),
                    cold.firstMillis()[0] / cold.steadyMillis(), warm.warmUpMillis());
            System.out.flush();
        }
    }

    private static FirstCalls.Result child(String backend, String id, boolean warm) throws IOException {
        List<String> cmd = Fork.command(FirstCallsMain.class, "--backend", backend, "--child", id);
        if (warm) cmd.add("--warm");
        String out = Fork.run(cmd, "first calls of " + id);
        for (String line : out.split("\n")) if (line.startsWith("FIRSTCALL ")) return FirstCalls.Result.parse(line);
        throw new IOException("first calls of " + id + " printed no result:\n" + out);
    }
}
