package io.bnb.cli;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.cli.train.TrainDemo;
import io.bnb.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code bnb train-demo}: trains the same small MLP twice, with 32-bit and with 8-bit Adam, and
 * prints both validation-loss curves and the optimizer-state memory of each.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Train a small MLP with Adam 32-bit and Adam 8-bit; print loss curves and optimizer-state memory")
public final class TrainDemoCommand implements Callable<Integer> {
    @Option(names = "--backend", description = "backend to train on (default: cpu)", defaultValue = "cpu")
    String backend;

    @Option(names = "--steps", description = "training steps (default: ${DEFAULT-VALUE})", defaultValue = "400")
    int steps;

    @Option(names = "--hidden", description = "hidden width (default: ${DEFAULT-VALUE})", defaultValue = "256")
    int hidden;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})", defaultValue = "128")
    int batch;

    @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})", defaultValue = "0.001")
    double lr;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})", defaultValue = "7")
    long seed;

    @Override
    public Integer call() {
        Backend b = Bnb.backend(backend);
        TrainDemo.Config s = TrainDemo.Config.standard();
        TrainDemo.Config c = new TrainDemo.Config(s.in(), hidden, s.out(), s.teacherHidden(), s.trainSize(), s.valSize(), batch,
                steps, Math.max(1, steps / 16), s.noise(), seed);
        System.out.printf("train-demo: MLP %d -> %d -> %d (tanh), teacher-student regression (noise variance %.4f),%n"
                        + "  %d train / %d validation samples, batch %d, %d steps, lr %g, backend %s (%s)%n%n",
                c.in(), c.hidden(), c.out(), c.noise() * c.noise(), c.trainSize(), c.valSize(), c.batch(), c.steps(), lr, b.name(), b.device());
        long t0 = System.nanoTime();
        TrainDemo.Result r32 = TrainDemo.run(b, c, "Adam 32-bit", () -> Adam.builder().lr(lr).bits(32).build());
        long t1 = System.nanoTime();
        TrainDemo.Result r8 = TrainDemo.run(b, c, "Adam 8-bit", () -> Adam.builder().lr(lr).bits(8).build());
        long t2 = System.nanoTime();

        System.out.println("validation loss (MSE)");
        System.out.printf("%6s  %12s  %12s%n", "step", r32.label(), r8.label());
        for (int i = 0; i < r32.steps().length; i++)
            System.out.printf("%6d  %12.6f  %12.6f%n", r32.steps()[i], r32.losses()[i], r8.losses()[i]);
        System.out.printf("final: 8-bit / 32-bit loss = %.4f (%+.2f%%); time %.1f s / %.1f s%n%n", r8.finalLoss() / r32.finalLoss(),
                100 * (r8.finalLoss() / r32.finalLoss() - 1), (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        System.out.println("optimizer state memory (bytes)");
        System.out.printf("%-5s %-12s %8s  %12s  %12s  %7s%n", "param", "shape", "elements", "32-bit", "8-bit", "8/32");
        for (int i = 0; i < r32.params().size(); i++) {
            var p32 = r32.params().get(i);
            var p8 = r8.params().get(i);
            System.out.printf("%-5s %-12s %8d  %12d  %12d  %6.1f%%%s%n", p32.name(), Arrays.toString(p32.shape()).replace(" ", ""),
                    p32.numel(), p32.stateBytes(), p8.stateBytes(), 100.0 * p8.stateBytes() / p32.stateBytes(),
                    p8.bits() == 32 ? "  (below min8bitSize: 32-bit state)" : "");
        }
        System.out.printf("%-5s %-12s %8s  %12d  %12d  %6.1f%%%n", "total", "", "", r32.stateBytes(), r8.stateBytes(),
                100.0 * r8.stateBytes() / r32.stateBytes());
        return 0;
    }
}
