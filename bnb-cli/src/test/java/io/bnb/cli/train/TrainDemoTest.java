package io.bnb.cli.train;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The train-demo in a small configuration: 8-bit Adam trains as well as 32-bit Adam with a quarter of the state memory. */
class TrainDemoTest {
    static final Backend CPU = Bnb.backend("cpu");

    @Test
    void eightBitAdamMatches32bitLossWithAQuarterOfTheMemory() {
        // 64 -> 128 -> 16: w1 has 8192 weights (8-bit state), w2 2048 and the biases stay below min8bitSize (32-bit).
        var c = new TrainDemo.Config(64, 128, 16, 32, 2048, 512, 64, 200, 50, 0.1, 11);
        long t0 = System.nanoTime();
        TrainDemo.Result r32 = TrainDemo.run(CPU, c, "32", () -> Adam.builder().lr(2e-3).build());
        TrainDemo.Result r8 = TrainDemo.run(CPU, c, "8", () -> Adam.builder().lr(2e-3).bits(8).build());
        System.out.printf("train-demo test: 32-bit %s, 8-bit %s, %.1f s%n", java.util.Arrays.toString(r32.losses()),
                java.util.Arrays.toString(r8.losses()), (System.nanoTime() - t0) / 1e9);

        assertEquals(r32.losses()[0], r8.losses()[0], "same model and data before training");
        assertTrue(r32.finalLoss() < 0.5 * r32.losses()[0], "training reduces the loss: " + r32.finalLoss() + " from " + r32.losses()[0]);
        double rel = Math.abs(r8.finalLoss() - r32.finalLoss()) / r32.finalLoss();
        assertTrue(rel <= 0.02, "8-bit final loss " + r8.finalLoss() + " within 2% of 32-bit " + r32.finalLoss() + " (" + rel + ")");

        var w1_32 = r32.params().get(0);
        var w1_8 = r8.params().get(0);
        assertEquals(8192, w1_8.numel());
        assertEquals(8, w1_8.bits());
        assertEquals(2L * 8192 * 4, w1_32.stateBytes());
        double ratio = (double) w1_8.stateBytes() / w1_32.stateBytes();
        assertTrue(ratio >= 0.25 && ratio <= 0.26, "large tensor: 8-bit state is ~25% of 32-bit: " + ratio);
        for (int i = 1; i < 4; i++) {
            assertEquals(32, r8.params().get(i).bits(), r8.params().get(i).name() + " is below min8bitSize");
            assertEquals(r32.params().get(i).stateBytes(), r8.params().get(i).stateBytes());
        }
        // optimizer total = per-parameter states + the two shared 1 KiB maps
        long perParam = r8.params().stream().mapToLong(TrainDemo.ParamMemory::stateBytes).sum();
        assertEquals(perParam + 2 * 1024, r8.stateBytes());
    }
}
