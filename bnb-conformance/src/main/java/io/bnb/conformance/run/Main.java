package io.bnb.conformance.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar bnb-conformance-<version>-all.jar [--backend NAME]... [--golden FILE]
 * [--report-dir DIR] [--json FILE] [--full]}: runs the conformance suite and prints the support
 * matrix; exit code 1 when a required test failed, 2 on a usage error.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> backends = new ArrayList<>();
        Path golden = null, reportDir = null, json = null;
        boolean full = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (key) {
                    case "--backend", "-b" -> {
                        for (String b : (v != null ? v : value(args, ++i, key)).split(",")) if (!b.isBlank()) backends.add(b.trim());
                    }
                    case "--golden" -> golden = Path.of(v != null ? v : value(args, ++i, key));
                    case "--report-dir" -> reportDir = Path.of(v != null ? v : value(args, ++i, key));
                    case "--json" -> json = Path.of(v != null ? v : value(args, ++i, key));
                    case "--full" -> full = true;
                    case "--help", "-h" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return MatrixRunner.run(new MatrixRunner.Options(backends, golden, reportDir, json, full, out)).exitCode();
        } catch (IllegalArgumentException e) {
            err.println("bnb-conformance: " + e.getMessage());
            err.println(usage());
            return 2;
        } catch (Exception e) {
            err.println("bnb-conformance: " + e);
            return 2;
        }
    }

    private static String value(String[] args, int i, String key) {
        if (i >= args.length) throw new IllegalArgumentException(key + " needs a value");
        return args[i];
    }

    static String usage() {
        return """
                usage: java -jar bnb-conformance-all.jar [--backend NAME[,NAME]]... [--golden FILE] [--report-dir DIR] [--json FILE] [--full]
                  --backend     backends to run (default: every discovered backend)
                  --golden      golden vectors with the bundled key schema (default: bitsandbytes 0.50.2 on an H100)
                  --report-dir  write matrix.md and matrix.json there
                  --json        also write the JSON matrix to FILE
                  --full        upstream's full tensor sizes and iteration counts (slow)
                exit code: 0 all required tests passed, 1 a required test failed, 2 usage error""";
    }
}
