package io.bnb.safetensors.nn;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.functional.Packed4bit;
import io.bnb.nn.Linear4bit;
import io.bnb.safetensors.Resources;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.hf.Bnb4bitFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** The Linear4bit state dict upstream bitsandbytes 0.50.2 serialized on an H100 (NF4, double quant, bf16). */
class Linear4bitGoldenTest {
    final Backend cpu = Bnb.backend("cpu");

    static SafetensorsFile golden() throws IOException {
        return SafetensorsFile.open(Resources.path("golden/linear4bit_nf4_dq.safetensors"));
    }

    static Linear4bit load(Backend b, SafetensorsFile f) {
        Packed4bit p = Bnb4bitFormat.load(b, f, "weight");
        Tensor bias = b.upload(f.get("bias").data(), DType.BF16, f.get("bias").shape());
        return Linear4bit.fromState(b, p, bias, DType.BF16);
    }

    /**
     * Worst ratio of |got - ref| to the bf16 error bound of a dot product: upstream's bf16 kernel rounds the
     * per-block scale, each dequantized weight and each product x·w to bf16 before summing in fp32 (verified:
     * that model reproduces ref.y bit for bit), an exact kernel does not, so the two may differ by a few
     * bf16 half-ulps per term: bound = 2^-7 · Σ|x_k·w_k| + one bf16 ulp of the result.
     */
    static double worstRatio(float[] got, float[] ref, float[] x, float[] w, int rows, int n, int k) {
        double worst = 0;
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < n; o++) {
                double mag = 0;
                for (int j = 0; j < k; j++) mag += Math.abs((double) x[r * k + j] * w[o * k + j]);
                double bound = mag / 128 + Math.ulp(Math.abs(ref[r * n + o])) * 65536;
                worst = Math.max(worst, Math.abs(got[r * n + o] - ref[r * n + o]) / bound);
            }
        return worst;
    }

    @Test
    void dequantizedWeightIsBitExact() throws IOException {
        try (SafetensorsFile f = golden(); Linear4bit l = load(cpu, f); Tensor w = l.dequantizeWeight()) {
            assertEquals(DType.BF16, w.dtype());
            assertArrayEquals(new long[]{256, 384}, w.shape());
            assertArrayEquals(f.get("ref.weight_dequant").bytes(), cpu.downloadBytes(w));
        }
    }

    @Test
    void forwardMatchesUpstreamWithinBf16Tolerance() throws IOException {
        try (SafetensorsFile f = golden(); Linear4bit l = load(cpu, f)) {
            var xe = f.get("ref.x");
            float[] x = xe.floats();
            try (Tensor xt = cpu.upload(xe.data(), DType.BF16, 3, 384); Tensor y = l.forward(xt)) {
                assertEquals(DType.BF16, y.dtype());
                assertArrayEquals(new long[]{3, 256}, y.shape());
                float[] got = cpu.downloadFloats(y), ref = f.get("ref.y").floats();
                double r = worstRatio(got, ref, x, f.get("ref.weight_dequant").floats(), 3, 256, 384);
                assertTrue(r <= 1.0, "gemm path error " + r + " x the bf16 bound");
            }
            // a single row with a bias: gemm4bit as well (bias fused before the one rounding, as upstream)
            float[] row = java.util.Arrays.copyOf(x, 384);
            try (Tensor xt = cpu.upload(row, DType.BF16, 1, 384); Tensor y = l.forward(xt)) {
                float[] got = cpu.downloadFloats(y), ref = f.get("ref.y_batch1").floats();
                double r = worstRatio(got, ref, row, f.get("ref.weight_dequant").floats(), 1, 256, 384);
                assertTrue(r <= 1.0, "single-row error " + r + " x the bf16 bound");
            }
        }
    }

    /** gemv_4bit / gemm_4bit goldens (NF4, block 64, plain absmax, no bias): a bias-free single row takes gemv4bit. */
    @Test
    void gemvAndGemmGoldensThroughTheLayer() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/golden_dev_subset.safetensors"))) {
            Tensor packed = cpu.upload(f.get("gemv.bf16.packed").data(), DType.U8, f.get("gemv.bf16.packed").shape());
            io.bnb.api.QuantState st = io.bnb.api.QuantState.of(cpu.upload(f.get("gemv.bf16.absmax").data(), DType.F32, 1536), new long[]{256, 384},
                    DType.BF16, 64, cpu.upload(io.bnb.api.Codebooks.nf4(), 16), io.bnb.api.QuantType.NF4);
            try (Linear4bit l = Linear4bit.fromState(cpu, packed, st, null, null); Tensor w = l.dequantizeWeight()) {
                float[] wd = cpu.downloadFloats(w);
                for (String op : new String[]{"gemv", "gemm"}) {
                    var xe = f.get(op + ".bf16.x");
                    int rows = (int) xe.shape()[0];
                    try (Tensor xt = cpu.upload(xe.data(), DType.BF16, xe.shape()); Tensor y = l.forward(xt)) {
                        assertArrayEquals(new long[]{rows, 256}, y.shape());
                        double r = worstRatio(cpu.downloadFloats(y), f.get(op + ".bf16.out").floats(), xe.floats(), wd, rows, 256, 384);
                        assertTrue(r <= 1.0, op + " error " + r + " x the bf16 bound");
                    }
                }
            }
        }
    }

    @Test
    void computeDtypeAndInputDtype() throws IOException {
        try (SafetensorsFile f = golden(); Linear4bit l = load(cpu, f)) {
            // fp32 input: computed in bf16 (the compute dtype), returned as fp32
            try (Tensor xt = cpu.upload(f.get("ref.x").floats(), DType.F32, 3, 384); Tensor y = l.forward(xt)) {
                assertEquals(DType.F32, y.dtype());
                float[] got = cpu.downloadFloats(y), ref = f.get("ref.y").floats();
                assertTrue(worstRatio(got, ref, f.get("ref.x").floats(), f.get("ref.weight_dequant").floats(), 3, 256, 384) <= 1.0);
            }
            assertThrows(IllegalArgumentException.class, () -> l.forward(cpu.upload(new float[10], DType.BF16, 1, 10)));
        }
    }

    @Test
    void quantizingTheOriginalWeightReproducesTheSameDequantizedWeight() throws IOException {
        // Linear4bit.quantize of ref.weight_bf16 must give the layer upstream serialized (same codes, same absmax)
        try (SafetensorsFile f = golden(); Tensor w = cpu.upload(f.get("ref.weight_bf16").data(), DType.BF16, 256, 384);
             Linear4bit l = Linear4bit.quantize(cpu, w, null, io.bnb.api.QuantType.NF4, 64, true, DType.BF16);
             Tensor d = l.dequantizeWeight()) {
            assertArrayEquals(f.get("weight").bytes(), cpu.downloadBytes(l.weight()));
            assertArrayEquals(f.get("ref.weight_dequant").bytes(), cpu.downloadBytes(d));
        }
    }
}
