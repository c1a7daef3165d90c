package io.bnb.cli;

import io.bnb.bench.BenchJson;
import io.bnb.bench.BenchResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ForkedBenchTest {
    @Test
    void readsBackWhatBenchJsonWrites() throws IOException {
        List<BenchResult> rows = List.of(
                new BenchResult("copy", "copy", "64 Mi", "F32", 12.5, "GB/s", 1.0, 12.5, 41000.0, "", null, "44 GB/s", "ok", "wall clock"),
                new BenchResult("dequantize_4bit.bf16", "dequantize4bit", "4096x4096 \"nf4\"", "BF16", 6.25, "GB/s", 0.5, 12.5, 7000.0,
                        ">=0.5x copy", true, "3.1 GB/s", "ok", "wall clock"),
                new BenchResult("gemm_4bit", "gemm4bit", "16x4096", "BF16", Double.NaN, "GFLOP/s", Double.NaN, Double.NaN, Double.NaN, "", null, "",
                        "not implemented", ""));
        assertEquals(rows, ForkedBench.read(BenchJson.write(rows, "cpu", "test device")));
    }

    @Test
    void rejectsOutputThatIsNotTheBenchFormat() {
        IOException e = assertThrows(IOException.class, () -> ForkedBench.read("{\"op\": 1}"));
        assertTrue(e.getMessage().startsWith("unreadable bench output"), e.getMessage());
    }
}
