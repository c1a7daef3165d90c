package io.bnb.conformance.run;

import io.bnb.api.Bnb;
import io.bnb.conformance.Providers;
import io.bnb.conformance.SelectedBackendTest;
import io.bnb.conformance.Target;
import io.bnb.conformance.check.Golden;
import io.bnb.conformance.check.Grid;
import io.bnb.conformance.report.*;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.*;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the conformance suite in this JVM through the JUnit Platform launcher, once per requested
 * backend, and writes the support matrix (Markdown and JSON). Used by {@code java -jar
 * bnb-conformance-all.jar} and by {@code bnb matrix}.
 */
public final class MatrixRunner {
    private MatrixRunner() {}

    /**
     * @param backends  backends to run; empty = every discovered backend
     * @param golden    another golden file with the bundled key schema, or null
     * @param reportDir where matrix.md and matrix.json go, or null
     * @param json      an extra path for the JSON, or null
     * @param full      upstream's full sizes and iteration counts
     * @param out       progress and the Markdown matrix
     */
    public record Options(List<String> backends, Path golden, Path reportDir, Path json, boolean full, PrintStream out) {}

    /** The report and the process exit code (1 when a required test failed). */
    public record Result(MatrixReport report, int exitCode) {}

    public static Result run(Options o) throws IOException {
        if (o.golden() != null && !Files.isReadable(o.golden()))
            throw new IllegalArgumentException("golden file " + o.golden() + " is not readable");
        Map<String, String> saved = new HashMap<>();
        for (String k : new String[]{Golden.PROPERTY, Grid.PROPERTY, Providers.BACKEND_PROPERTY}) saved.put(k, System.getProperty(k));
        try {
            if (o.golden() != null) System.setProperty(Golden.PROPERTY, o.golden().toAbsolutePath().toString());
            if (o.full()) System.setProperty(Grid.PROPERTY, "true");
            List<Bnb.BackendInfo> discovered = Bnb.backends();
            List<String> toRun = new ArrayList<>();
            if (o.backends() == null || o.backends().isEmpty()) for (Bnb.BackendInfo i : discovered) toRun.add(i.name());
            else for (String b : o.backends()) toRun.add(b.trim().toLowerCase(Locale.ROOT));

            MatrixListener listener = new MatrixListener();
            Launcher launcher = LauncherFactory.create();
            Map<String, String> devices = new LinkedHashMap<>();
            for (String name : toRun) {
                long t0 = System.nanoTime();
                o.out().println("bnb matrix: running the conformance suite on '" + name + "'...");
                System.setProperty(Providers.BACKEND_PROPERTY, name);
                Target t = Target.of(Providers.named(name));
                if (t.available()) devices.put(name, t.backend().device());
                listener.defaultBackend(name);
                LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(SelectedBackendTest.class))
                        .build();
                launcher.execute(req, listener);
                o.out().printf("bnb matrix: '%s' done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            }

            List<MatrixReport.Column> columns = columns(discovered, toRun, devices);
            Map<String, String> run = new LinkedHashMap<>();
            run.put("Golden vectors", o.golden() == null ? "bundled (bitsandbytes 0.50.2, CUDA 13.0, H100)" : o.golden().toAbsolutePath().toString());
            run.put("Grid", Grid.full() ? "full (upstream sizes and iterations)" : "quick (upstream grids, trimmed sizes; --full for upstream's)");
            run.put("Date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            MatrixReport report = new MatrixReport(MachineInfo.describe(devices), run, columns, listener.results());
            String md = MarkdownWriter.render(report), js = JsonReportWriter.render(report);
            if (o.reportDir() != null) {
                Files.createDirectories(o.reportDir());
                Files.writeString(o.reportDir().resolve("matrix.md"), md);
                Files.writeString(o.reportDir().resolve("matrix.json"), js);
                o.out().println("bnb matrix: wrote " + o.reportDir().resolve("matrix.md") + " and matrix.json");
            }
            if (o.json() != null) {
                if (o.json().toAbsolutePath().getParent() != null) Files.createDirectories(o.json().toAbsolutePath().getParent());
                Files.writeString(o.json(), js);
            }
            o.out().println();
            o.out().print(md);
            return new Result(report, report.requiredFailures() ? 1 : 0);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) System.clearProperty(k); else System.setProperty(k, v);
            });
        }
    }

    /** Discovered backends first (by priority), then the known ones missing from the class path, then unknown requested names. */
    static List<MatrixReport.Column> columns(List<Bnb.BackendInfo> discovered, List<String> ran, Map<String, String> devices) {
        List<MatrixReport.Column> cols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Bnb.BackendInfo i : discovered) {
            if (!seen.add(i.name())) continue;
            cols.add(new MatrixReport.Column(i.name(), i.priority(), true, i.available(), i.reason(), devices.getOrDefault(i.name(), i.reason()), ran.contains(i.name())));
        }
        for (String k : MatrixReport.KNOWN_BACKENDS)
            if (seen.add(k)) cols.add(new MatrixReport.Column(k, 0, false, false, "no provider on the class path", "", ran.contains(k)));
        for (String r : ran)
            if (seen.add(r)) cols.add(new MatrixReport.Column(r, 0, false, false, "no provider named '" + r + "'", "", true));
        return cols;
    }
}
