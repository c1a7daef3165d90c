package io.bnb.bench;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OpBench} without the CLI, for machines that only get the bench jars:
 * {@code java -cp ... io.bnb.bench.OpBenchMain [--backend NAME] [--quick] [--rounds N] [--json FILE] [ID...]}
 * ({@code --rounds} as in {@code bnb bench}).
 */
public final class OpBenchMain {
    private OpBenchMain() {}

    public static void main(String[] args) throws IOException {
        String name = null;
        boolean quick = false;
        Path json = null;
        int rounds = 1;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> name = args[++i];
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> only.add(args[i]);
            }
        }
        Backend b = name == null ? Bnb.backend() : Bnb.backend(name);
        System.out.println("backend: " + b.name() + " (" + b.device() + ")");
        System.out.print(BenchTable.header());
        OpBench.Options o = (quick ? OpBench.Options.quickRun() : OpBench.Options.full()).only(only).rounds(rounds);
        List<BenchResult> rows = new OpBench(b, o).run(r -> System.out.print(BenchTable.row(r)));
        if (json != null) Files.writeString(json, BenchJson.write(rows, b.name(), b.device()));
    }
}
