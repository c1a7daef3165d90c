package io.bnb.cli.train;

import io.bnb.api.Backend;
import io.bnb.api.Tensor;
import io.bnb.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Trains an {@link Mlp} on a {@link TeacherTask} with a given optimizer and records the loss curve and state memory. */
public final class TrainDemo {
    private TrainDemo() {}

    /** Sizes of the run. */
    public record Config(int in, int hidden, int out, int teacherHidden, int trainSize, int valSize, int batch, int steps,
                         int evalEvery, double noise, long seed) {
        /** The default demo: 64→256→16, first layer 16 384 and second 4096 weights (both above min8bitSize). */
        public static Config standard() { return new Config(64, 256, 16, 32, 4096, 1024, 128, 400, 25, 0.1, 7); }
    }

    /** State memory of one parameter. */
    public record ParamMemory(String name, long[] shape, long numel, int bits, long stateBytes) {}

    /** Validation loss at {@code steps[i]} is {@code losses[i]}; {@code steps[0] = 0} is before training. */
    public record Result(String label, int[] steps, double[] losses, long stateBytes, List<ParamMemory> params) {
        public double finalLoss() { return losses[losses.length - 1]; }
    }

    /** Trains a fresh model (same initialisation and batches for every call with the same config). */
    public static Result run(Backend backend, Config c, String label, Supplier<? extends Optimizer> optimizer) {
        TeacherTask task = new TeacherTask(c.in(), c.teacherHidden(), c.out(), c.trainSize(), c.valSize(), c.noise(), c.seed());
        SplittableRandom batches = new SplittableRandom(c.seed() + 1);
        List<Integer> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        try (Mlp model = new Mlp(backend, c.in(), c.hidden(), c.out(), c.seed() + 2); Optimizer opt = optimizer.get()) {
            for (int i = 0; i < 4; i++) opt.add(model.params().get(i), model.grads().get(i));
            steps.add(0);
            losses.add(model.loss(task.valX, task.valY, task.valSize));
            int[] rows = new int[c.batch()];
            for (int step = 1; step <= c.steps(); step++) {
                for (int i = 0; i < rows.length; i++) rows[i] = batches.nextInt(task.trainSize);
                model.lossAndGrad(task.trainX, task.trainY, rows);
                opt.step();
                if (step % c.evalEvery() == 0 || step == c.steps()) {
                    steps.add(step);
                    losses.add(model.loss(task.valX, task.valY, task.valSize));
                }
            }
            List<ParamMemory> mem = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Tensor p = model.params().get(i);
                var st = opt.state(p).orElseThrow();
                mem.add(new ParamMemory(Mlp.names().get(i), p.shape(), p.numel(), st.bits(), st.byteSize()));
            }
            return new Result(label, steps.stream().mapToInt(Integer::intValue).toArray(),
                    losses.stream().mapToDouble(Double::doubleValue).toArray(), opt.stateBytes(), mem);
        }
    }
}
