package io.bnb.bench;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Op;
import io.bnb.api.Tensor;
import io.bnb.bench.jmh.OpsBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

/** The harness on small workloads: timing, units, copy ratio, missing ops as rows, JSON shape. */
class OpBenchTest {
    final Backend cpu = Bnb.backend("cpu");
    final OpBench bench = new OpBench(cpu, new OpBench.Options(true, 1, 0, 3, 1000, 1 << 20, List.of(), false));

    @Test
    void copyIsMeasuredAsBytesReadPlusWritten() {
        Workload copy = Workloads.copy(1 << 20);
        assertEquals(8.0 * (1 << 20), copy.amount());
        BenchResult r = bench.measure(copy, Double.NaN);
        assertEquals("ok", r.status());
        assertEquals("GB/s", r.unit());
        assertEquals(1.0, r.copyRatio());
        assertTrue(r.value() > 0.1 && r.value() < 10_000, "implausible copy bandwidth " + r.value());
        assertEquals(copy.amount() / (r.us() * 1e-6) / 1e9, r.value(), 1e-9);
    }

    /** A 1 Mi-float device copy dressed as an op with a copy-ratio target of 0.5. */
    static Workload copyAsAnOp() {
        return new Workload("t", "test", Op.QUANTIZE_BLOCKWISE, "1 Mi", "F32", Workload.Unit.GBPS, 4.0 * (1 << 20),
                Workload.Target.copyRatio(0.5), "", b -> {
                    Tensor s = b.allocate(DType.F32, 1 << 20), d = b.allocate(DType.F32, 1 << 20);
                    return Prepared.of(List.of(s, d), () -> { b.copyDevice(s, d); return null; });
                });
    }

    @Test
    void ratioIsValueOverCopyAndTargetIsJudged() {
        Workload w = copyAsAnOp();
        BenchResult r = bench.measure(w, 1e-3); // a tiny copy bandwidth: any measured rate beats half of it
        assertEquals(r.value() / 1e-3, r.copyRatio(), 1e-6 * r.copyRatio());
        assertEquals(Boolean.TRUE, r.meets());
        assertEquals(">=0.5x copy", r.target());
    }

    @Test
    void withoutACopyFigureARatioTargetIsLeftUnjudged() {
        Workload w = copyAsAnOp();
        BenchResult r = bench.measure(w, Double.NaN); // no copy row ran, and this bench does not pair copies
        assertEquals("ok", r.status());
        assertTrue(r.value() > 0, "value " + r.value());
        assertTrue(Double.isNaN(r.copyRatio()));
        assertNull(r.meets());
    }

    @Test
    void pairedCopyIsTheReferenceOfTheRatio() {
        OpBench paired = new OpBench(cpu, new OpBench.Options(true, 1, 0, 3, 1000, 1 << 20, List.of(), true));
        Workload w = copyAsAnOp();
        // the run's copy figure passed in is not used: the interleaved copies are
        BenchResult r = paired.measure(w, 1e-3);
        assertTrue(r.copyGBps() > 0.1 && r.copyGBps() < 10_000, "implausible paired copy bandwidth " + r.copyGBps());
        assertEquals(r.value() / r.copyGBps(), r.copyRatio(), 1e-9 * r.copyRatio());
        assertTrue(r.timing().contains("each call followed by a timed copy"), r.timing());
        // the copy row itself is its own reference
        BenchResult copy = paired.measure(Workloads.copy(1 << 20), Double.NaN);
        assertEquals(1.0, copy.copyRatio());
        assertEquals(copy.value(), copy.copyGBps());
        // unpaired, the run's figure is the reference
        assertEquals(1e-3, bench.measure(w, 1e-3).copyGBps());
    }

    /** Rounds of 3 calls that take 5, 1 and 3 ms: the 1 ms round is reported, and every round is named. */
    @Test
    void roundsReportTheRoundWithTheLowestMedian() {
        OpBench rounds = new OpBench(cpu, new OpBench.Options(true, 1, 0, 3, 1000, 1 << 20, List.of(), false).rounds(3));
        long[] calls = {0};
        long[] millis = {5, 1, 3};
        Workload w = new Workload("t", "test", Op.QUANTIZE_BLOCKWISE, "1 Mi", "F32", Workload.Unit.GBPS, 4.0 * (1 << 20), null, "",
                b -> Prepared.of(List.of(), () -> {
                    long n = calls[0]++; // call 0 is the warm-up
                    long end = System.nanoTime() + (n == 0 ? 0 : millis[(int) ((n - 1) / 3) % 3]) * 1_000_000L;
                    while (System.nanoTime() < end) Thread.onSpinWait();
                    return null;
                }));
        BenchResult r = rounds.measure(w, 1.0);
        assertEquals(10, calls[0], "one warm-up call, then three rounds of three");
        assertTrue(r.us() >= 1000 && r.us() < 2500, "the 1 ms round: " + r.us());
        assertTrue(r.timing().matches(".*best of 3 rounds \\(round medians [0-9]+ [0-9]+ [0-9]+ us\\)"), r.timing());
        assertThrows(IllegalArgumentException.class, () -> OpBench.Options.full().rounds(0));
    }

    /**
     * A cached-input workload: every timed call follows an untimed one, and only the timed call's
     * time is reported (the untimed calls take 4 ms, the timed ones 1 ms); its id and shape say so.
     */
    @Test
    void warmCacheTimesTheSecondOfTwoCalls() {
        OpBench rounds = new OpBench(cpu, new OpBench.Options(true, 1, 0, 3, 1000, 1 << 20, List.of(), true));
        long[] calls = {0};
        Workload w = new Workload("t", "test", Op.QUANTIZE_BLOCKWISE, "1 Mi", "F32", Workload.Unit.GBPS, 4.0 * (1 << 20), null, "",
                b -> Prepared.of(List.of(), () -> {
                    long n = calls[0]++; // call 0 is the warm-up; then untimed (odd), timed (even)
                    long end = System.nanoTime() + (n == 0 ? 0 : n % 2 == 1 ? 4 : 1) * 1_000_000L;
                    while (System.nanoTime() < end) Thread.onSpinWait();
                    return null;
                })).warmCache();
        assertEquals("t.warm", w.id());
        assertEquals("1 Mi (cached)", w.shape());
        assertTrue(w.cacheWarm());
        BenchResult r = rounds.measure(w, 1.0);
        assertEquals(7, calls[0], "one warm-up call, then three pairs");
        assertTrue(r.us() >= 1000 && r.us() < 2500, "the timed 1 ms calls only: " + r.us());
        assertTrue(r.timing().contains("each after an untimed call (inputs cached)"), r.timing());
        assertFalse(copyAsAnOp().cacheWarm());
    }

    /** A call that allocates 32 MiB on the heap (as a boxed kernel does) is measured and flagged; a quiet one is not. */
    @Test
    void heapAllocationPerCallIsMeasuredAndFlagsBoxing() throws Exception {
        Object[] sink = new Object[1];
        Workload noisy = new Workload("t", "test", Op.QUANTIZE_BLOCKWISE, "1 Mi", "F32", Workload.Unit.GBPS, 4.0 * (1 << 20), null, "",
                b -> Prepared.of(List.of(), () -> {
                    for (int i = 0; i < 32; i++) sink[0] = new byte[1 << 20];
                    return null;
                }));
        BenchResult r = bench.measure(noisy, 1.0);
        assertTrue(r.allocBytes() >= 32 << 20 && r.allocBytes() < 40 << 20, "allocated " + r.allocBytes());
        assertTrue(r.boxed());
        assertTrue(BenchTable.row(r).contains("boxed vectors"), BenchTable.row(r));
        assertEquals(r.allocBytes(), JsonParser.array().from(BenchJson.write(List.of(r), "cpu", "x")).getObject(0).getDouble("alloc_bytes_per_call"), 1e-5 * r.allocBytes()); // six digits in the JSON

        BenchResult quiet = bench.measure(copyAsAnOp(), 1.0);
        assertTrue(quiet.allocBytes() < 1 << 20, "a device copy allocated " + quiet.allocBytes());
        assertFalse(quiet.boxed());
        assertFalse(BenchTable.row(quiet).contains("boxed"), BenchTable.row(quiet));
    }

    @Test
    void warmUpSettlesOnlyWhenCallsStopGettingFaster() {
        assertFalse(OpBench.settled(List.of(5.0, 5.0, 5.0, 5.0, 5.0)), "fewer than two windows");
        assertFalse(OpBench.settled(List.of(40.0, 38.0, 41.0, 9.0, 8.0, 9.5)), "C1 to C2: 4x faster");
        assertFalse(OpBench.settled(List.of(10.0, 10.0, 10.0, 8.9, 8.5, 8.8)), "still 12% faster");
        assertTrue(OpBench.settled(List.of(10.0, 10.0, 10.0, 9.5, 9.2, 9.6)), "within 10%");
        assertTrue(OpBench.settled(List.of(9.0, 9.0, 9.0, 12.0, 9.1, 30.0)), "slower (noise) counts as settled");
        assertTrue(OpBench.settled(List.of(100.0, 100.0, 100.0, 100.0, 9.0, 9.0, 9.0, 9.2, 8.9, 9.1)), "only the last two windows count");
    }

    @Test
    void aMissingOpIsANotImplementedRowNotAFailure() {
        Workload w = new Workload("missing", "missing", Op.GEMM_4BIT, "-", "F32", Workload.Unit.GBPS, 1, null, "", b ->
                Prepared.of(List.of(), () -> { throw new UnsupportedOperationException("gemm4bit: not implemented yet"); }));
        BenchResult r = bench.measure(w, 10);
        assertEquals("not implemented", r.status());
        assertFalse(r.ran());
        assertNull(r.meets());
        Workload broken = new Workload("broken", "broken", Op.GEMM_4BIT, "-", "F32", Workload.Unit.GBPS, 1, null, "", b -> {
            throw new IllegalArgumentException("bad shape");
        });
        assertTrue(bench.measure(broken, 10).status().startsWith("error: setup failed"), bench.measure(broken, 10).status());
    }

    @Test
    void jsonHasTheAgreedFields() throws Exception {
        List<BenchResult> rows = List.of(
                new BenchResult("copy", "copy", "1 Mi", "F32", 20.5, "GB/s", 1.0, 20.5, 409.6, "", null, "44 GB/s", "ok", "wall clock"),
                new BenchResult("x", "gemv4bit", "1x4096 . 4096x4096 \"nf4\"", "BF16", Double.NaN, "GB/s", Double.NaN, Double.NaN, Double.NaN,
                        ">=0.7x copy", null, "416 us", "not implemented", ""));
        JsonArray a = JsonParser.array().from(BenchJson.write(rows, "cpu", "x86_64"));
        assertEquals(2, a.size());
        JsonObject o = a.getObject(0);
        for (String k : List.of("op", "shape", "dtype", "value", "unit", "copy_ratio", "copy_gbps", "us"))
            assertTrue(o.containsKey(k), "missing " + k);
        assertEquals(20.5, o.getDouble("value"), 1e-9);
        assertEquals(409.6, o.getDouble("us"), 1e-9);
        JsonObject missing = a.getObject(1);
        assertTrue(missing.isNull("value") && missing.isNull("us") && missing.isNull("copy_ratio"));
        assertEquals("1x4096 . 4096x4096 \"nf4\"", missing.getString("shape"));
        assertEquals("not implemented", missing.getString("status"));
    }

    @Test
    void jmhParameterListMatchesTheWorkloads() throws Exception {
        String[] declared = OpsBenchmark.class.getField("workload").getAnnotation(Param.class).value();
        assertEquals(Workloads.ids(), List.of(declared));
        assertEquals(new HashSet<>(Workloads.ids()).size(), Workloads.ids().size(), "ids are unique");
    }

    @Test
    void everyBackendOpHasAWorkload() {
        Set<Op> covered = EnumSet.noneOf(Op.class);
        for (Workload w : Workloads.ops()) covered.add(w.op());
        // int8ScaledMm and int8MixedScaledMm compose ops measured on their own; paged memory is not an op to time
        Set<Op> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
        missing.removeAll(EnumSet.of(Op.INT8_SCALED_MM, Op.INT8_MIXED_SCALED_MM, Op.PAGED_MEMORY));
        assertTrue(missing.isEmpty(), "ops without a workload: " + missing);
    }
}
