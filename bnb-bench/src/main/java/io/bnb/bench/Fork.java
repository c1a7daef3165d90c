package io.bnb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child JVM like this one (same java, JVM options and class path) for a measurement of its own. */
public final class Fork {
    private Fork() {}

    /** The command that runs {@code main} with {@code args} in such a child. */
    public static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code cmd} and returns its output (stdout and stderr); a non-zero exit fails with that output. */
    public static String run(List<String> cmd, String what) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0) throw new IOException(what + " in its own JVM failed (exit " + rc + "):\n" + out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what + " ran", e);
        }
    }
}
