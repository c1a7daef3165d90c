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

    /** Largest |a-b| / (bf16 ulp of the reference magnitude), i.e. the error in bf16 ulps. */
    static double maxUlps(float[] got, float[] ref) {
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            float mag = Math.max(Math.abs(ref[i]), 1e-3f);
            double ulp = Math.ulp(mag) * 65536; // bf16 has 16 fewer mantissa bits than float32
            worst = Math.max(worst, Math.abs(got[i] - ref[i]) / ulp);
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
                // one rounding of an fp32 sum to bf16 on both sides, summation order aside: <= 1 ulp
                assertTrue(maxUlps(got, ref) <= 1.0, "gemm path max error " + maxUlps(got, ref) + " bf16 ulps");
            }
            // a single row takes the gemv4bit path (K = 384 is a multiple of the block size 64)
            float[] row = java.util.Arrays.copyOf(x, 384);
            try (Tensor xt = cpu.upload(row, DType.BF16, 1, 384); Tensor y = l.forward(xt)) {
                float[] got = cpu.downloadFloats(y), ref = f.get("ref.y_batch1").floats();
                // upstream fuses the bias before its single rounding; gemv + bias rounds twice: <= 1.5 ulp
                assertTrue(maxUlps(got, ref) <= 1.5, "gemv path max error " + maxUlps(got, ref) + " bf16 ulps");
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
                assertTrue(maxUlps(got, ref) <= 1.0);
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
