package io.bnb.safetensors.nn;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.nn.Linear8bitLt;
import io.bnb.safetensors.Resources;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.hf.Bnb8bitFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** Linear8bitLt(256 -> 128, threshold 6.0) state dict and forward output from upstream bitsandbytes 0.50.2 on an H100. */
class Linear8bitLtGoldenTest {
    final Backend cpu = Bnb.backend("cpu");

    @Test
    void stateDictReproducesUpstreamForward() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/golden_dev_subset.safetensors"))) {
            assertTrue(Bnb8bitFormat.isQuantized(f, "int8.linear_t6.sd"));
            Bnb8bitFormat.Int8Weight w = Bnb8bitFormat.load(cpu, f, "int8.linear_t6.sd");
            Tensor bias = cpu.upload(f.get("int8.linear_t6.sd.bias").data(), DType.F16, 128);
            try (Linear8bitLt l = Linear8bitLt.fromState(cpu, w.cb(), w.scb(), bias, 6.0f);
                 Tensor x = cpu.upload(f.get("int8.x_fp16").data(), DType.F16, 96, 256);
                 Tensor y = l.forward(x)) {
                assertEquals(DType.F16, y.dtype());
                assertArrayEquals(new long[]{96, 128}, y.shape());
                float[] got = cpu.downloadFloats(y), ref = f.get("int8.linear_t6.out").floats();
                float[] xs = f.get("int8.x_fp16").floats();
                float[] w8;
                try (Tensor d = l.dequantizeWeight()) {
                    w8 = cpu.downloadFloats(d);
                }
                int exact = 0;
                double worst = 0;
                for (int r = 0; r < 96; r++)
                    for (int o = 0; o < 128; o++) {
                        int i = r * 128 + o;
                        if (Float.floatToIntBits(got[i]) == Float.floatToIntBits(ref[i])) exact++;
                        // the int8 part is exact integer math; the fp16 outlier matmul (cuBLAS addmm, reduced-precision
                        // reduction) may round partial sums differently: bound 2^-10 Σ|x·w| + 2 fp16 ulps
                        double mag = 0;
                        for (int k = 0; k < 256; k++) mag += Math.abs((double) xs[r * 256 + k] * w8[o * 256 + k]);
                        double bound = mag / 1024 + 2 * Math.ulp(Math.max(Math.abs(ref[i]), 6.1e-5f)) * 8192;
                        worst = Math.max(worst, Math.abs(got[i] - ref[i]) / bound);
                    }
                assertTrue(worst <= 1.0, "error " + worst + " x the fp16 bound");
                assertTrue(exact >= ref.length * 0.95, exact + " of " + ref.length + " bit-exact");
            }
        }
    }

    @Test
    void quantizingAFloatWeightMatchesTheStoredInt8Weight() throws IOException {
        // CB = round(W * 127 / SCB): dequantize upstream's CB/SCB and quantize again -> the same codes and scales
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/golden_dev_subset.safetensors"));
             Bnb8bitFormat.Int8Weight w = Bnb8bitFormat.load(cpu, f, "int8.linear_t6.sd");
             Tensor deq = cpu.int8VectorwiseDequant(w.cb(), w.scb());
             Linear8bitLt l = Linear8bitLt.quantize(cpu, deq, null, 0f)) {
            assertArrayEquals(f.get("int8.linear_t6.sd.weight").bytes(), cpu.downloadBytes(l.weight()));
            float[] scb = cpu.downloadFloats(l.scb()), ref = f.get("int8.linear_t6.sd.SCB").floats();
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], scb[i], Math.ulp(ref[i]) * 16, "SCB[" + i + "]");
        }
    }
}
