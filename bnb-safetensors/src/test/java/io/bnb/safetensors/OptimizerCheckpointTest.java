package io.bnb.safetensors;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.optim.AdEMAMix;
import io.bnb.optim.Adam;
import io.bnb.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Optimizer state through a safetensors file: save, restore into a fresh optimizer, continue bit-identically. */
class OptimizerCheckpointTest {
    static final Backend CPU = Bnb.backend("cpu");
    static final int N = 6000;

    static float[] randn(long seed, int n, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (std * r.nextGaussian());
        return a;
    }

    static void steps(Optimizer opt, Tensor g, int from, int to) {
        for (int s = from; s < to; s++) {
            try (Tensor t = CPU.upload(randn(s, N, 0.01), N)) {
                CPU.copyDevice(t, g);
            }
            opt.step();
        }
    }

    static void resumeIsBitIdentical(Supplier<Optimizer> factory, Path file) throws IOException {
        float[] p0 = randn(99, N, 0.1);
        try (Optimizer a = factory.get(); Tensor pa = CPU.upload(p0, N); Tensor ga = CPU.allocate(DType.F32, N)) {
            a.add(pa, ga);
            steps(a, ga, 0, 3);
            OptimizerCheckpoint.save(a, file);
            try (Optimizer b = factory.get(); Tensor pb = CPU.upload(CPU.downloadFloats(pa), N); Tensor gb = CPU.allocate(DType.F32, N)) {
                b.add(pb, gb);
                OptimizerCheckpoint.load(b, file);
                steps(a, ga, 3, 6);
                steps(b, gb, 3, 6);
                assertArrayEquals(CPU.downloadBytes(pa), CPU.downloadBytes(pb), "parameters after resume");
                var sa = a.state(pa).orElseThrow().tensors();
                var sb = b.state(pb).orElseThrow().tensors();
                assertEquals(sa.keySet(), sb.keySet());
                for (String k : sa.keySet()) assertArrayEquals(CPU.downloadBytes(sa.get(k)), CPU.downloadBytes(sb.get(k)), k);
                assertEquals(6, b.state(pb).orElseThrow().step());
            }
        }
    }

    @Test
    void adam8bitResumesBitIdentically(@TempDir Path dir) throws IOException {
        resumeIsBitIdentical(() -> Adam.builder().bits(8).build(), dir.resolve("adam8.safetensors"));
    }

    @Test
    void scheduledAdemamix32bitResumesBitIdentically(@TempDir Path dir) throws IOException {
        resumeIsBitIdentical(() -> AdEMAMix.builder().tAlpha(4).tBeta3(4).build(), dir.resolve("ademamix.safetensors"));
    }

    @Test
    void fileIsPlainSafetensorsWithUpstreamStateNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("opt.safetensors");
        try (Optimizer opt = Adam.builder().bits(8).lr(3e-4).build(); Tensor p = CPU.upload(randn(1, N, 0.1), 60, 100);
             Tensor g = CPU.upload(randn(2, N, 0.01), 60, 100)) {
            opt.add(p, g).step();
            OptimizerCheckpoint.save(opt, file);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertEquals(java.util.Set.of("state.0.state1", "state.0.state2", "state.0.qmap1", "state.0.qmap2", "state.0.absmax1",
                        "state.0.absmax2"), f.names());
                assertEquals(DType.U8, f.get("state.0.state1").dtype());
                assertArrayEquals(new long[] {60, 100}, f.get("state.0.state1").shape());
                assertArrayEquals(new long[] {24}, f.get("state.0.absmax1").shape());
                assertArrayEquals(io.bnb.api.Codebooks.dynamicSigned(), f.get("state.0.qmap1").floats());
                assertArrayEquals(CPU.downloadBytes(opt.state(p).orElseThrow().state2()), f.get("state.0.state2").bytes());
                assertEquals("1", f.metadata().get("state.0.step"));
                assertEquals("3.0E-4", f.metadata().get("group.0.lr"));
                assertEquals("adam", f.metadata().get("kind"));
            }
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file left behind");
            }
        }
    }

    @Test
    void wrongCheckpointIsRejectedAndChangesNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("adam.safetensors");
        try (Optimizer adam = Adam.builder().build(); Tensor p = CPU.upload(randn(1, N, 0.1), N); Tensor g = CPU.upload(randn(2, N, 0.01), N);
             Optimizer other = AdEMAMix.builder().build(); Tensor q = CPU.upload(randn(1, N, 0.1), N); Tensor gq = CPU.upload(randn(2, N, 0.01), N)) {
            adam.add(p, g).step();
            OptimizerCheckpoint.save(adam, file);
            other.add(q, gq).step();
            byte[] before = CPU.downloadBytes(other.state(q).orElseThrow().state1());
            var e = assertThrows(IllegalArgumentException.class, () -> OptimizerCheckpoint.load(other, file));
            assertTrue(e.getMessage().contains("kind"), e.getMessage());
            assertArrayEquals(before, CPU.downloadBytes(other.state(q).orElseThrow().state1()));
            Files.write(file, new byte[] {1, 2, 3});
            assertThrows(IOException.class, () -> OptimizerCheckpoint.load(adam, file));
        }
    }
}
