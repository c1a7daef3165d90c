package io.bnb.cli;

import io.bnb.bench.FirstCalls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bnb bench --first-calls}: each selected workload's first calls in two fresh JVMs, one
 * cold and one after {@code Backend.warmUp()}, beside the steady time of the same process.
 */
final class FirstCallBench {
    private FirstCallBench() {}

    static int run(String backend, List<String> ids) throws IOException {
        System.out.println("first calls in a fresh JVM per row, in ms: cold, then after Backend.warmUp() (its own time last);"
                + " steady = median of the next " + FirstCalls.STEADY + " calls in the same JVM");
        System.out.printf(Locale.ROOT, "%-30s %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %9s%n", "workload", "cold 1st", "2nd", "3rd", "steady",
                "warm 1st", "2nd", "3rd", "steady", "1st/std", "warmUp");
        for (String id : ids) {
            FirstCalls.workload(id); // a clear error for an unknown id before any JVM starts
            FirstCalls.Result cold = child(backend, id, false), warm = child(backend, id, true);
            System.out.printf(Locale.ROOT, "%-30s %9.1f %8.1f %8.1f %8.2f | %9.1f %8.1f %8.1f %8.2f | %7.0fx %9.0f%n", id,
                    cold.firstMillis()[0], cold.firstMillis()[1], cold.firstMillis()[2], cold.steadyMillis(),
                    warm.firstMillis()[0], warm.firstMillis()[1], warm.firstMillis()[2], warm.steadyMillis(),
                    cold.firstMillis()[0] / cold.steadyMillis(), warm.warmUpMillis());
        }
        return 0;
    }

    private static FirstCalls.Result child(String backend, String id, boolean warm) throws IOException {
        List<String> cmd = new ArrayList<>(ForkedBench.bnbCommand("bench", "--backend", backend, "--first-calls-child", id));
        if (warm) cmd.add("--warm");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0) throw new IOException("first calls of " + id + " failed (exit " + rc + "):\n" + out);
            for (String line : out.split("\n")) if (line.startsWith("FIRSTCALL ")) return FirstCalls.Result.parse(line);
            throw new IOException("first calls of " + id + " printed no result:\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + id + " ran", e);
        }
    }
}
