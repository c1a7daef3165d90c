package io.bnb.cli;

import io.bnb.conformance.run.MatrixRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bnb matrix}: runs the conformance suite here and prints the measured support matrix. */
@Command(name = "matrix", description = {"Run the conformance suite on this machine and print the support matrix (Markdown; JSON with --json).",
        "Exit code 1 when a required test fails."})
public final class MatrixCommand implements Callable<Integer> {
    @Option(names = {"--backend", "-b"}, split = ",", paramLabel = "NAME", description = "backends to run (default: every discovered backend)")
    List<String> backends = new ArrayList<>();

    @Option(names = "--golden", paramLabel = "FILE", description = "golden vectors with the bundled key schema (default: bitsandbytes 0.50.2 on an H100)")
    Path golden;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "write matrix.md and matrix.json there")
    Path reportDir;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the JSON matrix to FILE")
    Path json;

    @Option(names = "--full", description = "upstream's full tensor sizes and iteration counts (slow)")
    boolean full;

    @Override
    public Integer call() throws Exception {
        return MatrixRunner.run(new MatrixRunner.Options(backends, golden, reportDir, json, full, System.out)).exitCode();
    }
}
