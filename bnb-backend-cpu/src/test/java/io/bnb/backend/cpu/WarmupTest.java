package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.spi.WarmUpCalls;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Backend#warmUp()} on the CPU: it changes no result, runs once per JVM whatever the
 * number of backend instances or callers, calls every op it should, and lets a kernel go only once
 * it is compiled (the rule, on scripted timings).
 */
class WarmupTest {
    @Test
    void warmUpRunsOncePerJvmAndChangesNoResult() throws Exception {
        CpuBackend b = new CpuBackend();
        SplittableRandom r = new SplittableRandom(5);
        float[] w = new float[256 * 512];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        float[] before, after;
        try (Tensor t = b.upload(w, DType.BF16, 256, 512); Quantized q = b.quantize4bit(t, 64, QuantType.NF4, DType.U8);
             Tensor d = b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[] {256, 512}, DType.BF16)) {
            before = b.downloadFloats(d);
        }
        int runs = Warmup.runs;
        Thread other = Thread.ofPlatform().start(() -> new CpuBackend().warmUp());
        b.warmUp();
        other.join();
        Bnb.backend("cpu").warmUp();
        assertTrue(Warmup.runs - runs <= 1, "ran " + (Warmup.runs - runs) + " times");
        assertTrue(Warmup.runs >= 1);
        try (Tensor t = b.upload(w, DType.BF16, 256, 512); Quantized q = b.quantize4bit(t, 64, QuantType.NF4, DType.U8);
             Tensor d = b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[] {256, 512}, DType.BF16)) {
            after = b.downloadFloats(d);
        }
        assertArrayEquals(before, after);
    }

    @Test
    void aKernelIsSettledWhenCompiledNotWhenMerelySteady() {
        long[] fast = {2, 2, 3, 2, 2}, boxed = {50, 55, 50, 52, 50}, noisy = {2, 9, 2, 2, 2};
        assertFalse(Warmup.settled(100, fast, Warmup.STEADY), "fewer calls than the window");
        assertTrue(Warmup.settled(100, fast, Warmup.STEADY + 1), "30x below the first call and steady");
        assertFalse(Warmup.settled(100, boxed, 20), "steady but only 2x below the first call: still boxed");
        assertFalse(Warmup.settled(100, noisy, 20), "not steady");
        assertFalse(Warmup.settled(100, boxed, Warmup.PATIENCE - 1));
        assertTrue(Warmup.settled(100, boxed, Warmup.PATIENCE), "compiled before the warm-up: steady for PATIENCE calls");
        assertFalse(Warmup.settled(100, noisy, Warmup.PATIENCE), "never while unsteady");
    }

    /** Only that it ends and names its own calls: how many settle in time is the machine's speed (the bench measures it). */
    @Test
    void aRunEndsAndNamesOnlyItsOwnCalls() {
        CpuBackend b = new CpuBackend();
        List<String> names;
        try (WarmUpCalls w = WarmUpCalls.create(b, Warmup.ROWS, Warmup.K)) {
            names = w.calls().stream().map(WarmUpCalls.Call::name).toList();
        }
        List<String> left = Warmup.run(b);
        assertTrue(names.containsAll(left), left + " not among " + names);
    }

    @Test
    void everyInferenceOpIsCalledInEveryDtypeAndAdamInBothForms() {
        try (WarmUpCalls w = WarmUpCalls.create(new CpuBackend(), 2, 256)) {
            List<String> names = w.calls().stream().map(WarmUpCalls.Call::name).toList();
            assertEquals(27, names.size(), names.toString());
            for (String op : List.of("quantize4bit", "dequantize4bit", "gemv4bit", "gemm4bit", "gemm4bit x16", "quantizeBlockwise", "dequantizeBlockwise", "int8VectorwiseQuant"))
                for (String d : List.of("BF16", "F16", "F32")) assertTrue(names.contains(op + " " + d), op + " " + d + " missing from " + names);
            for (String op : List.of("int8LinearMatmul", "optimizerUpdate32bit adam", "optimizerUpdate8bitBlockwise adam"))
                assertTrue(names.contains(op), op + " missing from " + names);
            w.runEach();
        }
    }
}
