package io.bnb.safetensors.nn;

import io.bnb.api.*;
import io.bnb.nn.*;
import io.bnb.safetensors.*;
import io.bnb.safetensors.hf.*;
import org.junit.jupiter.api.Test;

class DbgTest {
    @Test
    void dbg() throws Exception {
        Backend cpu = Bnb.backend("cpu");
        try (SafetensorsFile f = Linear4bitGoldenTest.golden(); Linear4bit l = Linear4bitGoldenTest.load(cpu, f)) {
            Tensor xt = cpu.upload(f.get("ref.x").data(), DType.BF16, 3, 384);
            Tensor y = l.forward(xt);
            float[] got = cpu.downloadFloats(y), ref = f.get("ref.y").floats();
            for (int i = 0; i < 8; i++) System.out.println("y " + got[i] + " ref " + ref[i] + "   row2 " + got[512 + i] + " " + ref[512 + i]);
            float[] w = cpu.downloadFloats(l.dequantizeWeight()), x = f.get("ref.x").floats(), b = f.get("bias").floats();
            for (int o = 0; o < 4; o++) { double acc = 0; for (int k = 0; k < 384; k++) acc += x[k] * w[o * 384 + k]; System.out.println("manual " + (acc + b[o])); }
        }
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/golden_dev_int8_linear.safetensors"))) {
            var w = Bnb8bitFormat.load(cpu, f, "int8.linear_t6.sd");
            Tensor bias = cpu.upload(f.get("int8.linear_t6.sd.bias").data(), DType.F16, 128);
            Linear8bitLt l = Linear8bitLt.fromState(cpu, w.cb(), w.scb(), bias, 6.0f);
            Tensor x = cpu.upload(f.get("int8.x_fp16").data(), DType.F16, 96, 256);
            float[] got = cpu.downloadFloats(l.forward(x)), ref = f.get("int8.linear_t6.out").floats();
            float[] wd = cpu.downloadFloats(l.dequantizeWeight()), xf = f.get("int8.x_fp16").floats(), bf = f.get("int8.linear_t6.sd.bias").floats();
            int ex = 0; double md = 0; int mi = 0;
            for (int i = 0; i < ref.length; i++) { if (got[i] == ref[i]) ex++; if (Math.abs(got[i] - ref[i]) > md) { md = Math.abs(got[i] - ref[i]); mi = i; } }
            System.out.println("int8 exact " + ex + " of " + ref.length + " maxdiff " + md + " at " + mi + " got " + got[mi] + " ref " + ref[mi]);
            for (int r = 0; r < 0; r++) for (int o = 0; o < 3; o++) {
                double acc = 0; for (int k = 0; k < 256; k++) acc += xf[r * 256 + k] * wd[o * 256 + k];
                System.out.println("int8 got " + got[r * 128 + o] + " ref " + ref[r * 128 + o] + " manual " + (acc + bf[o]));
            }
        }
    }
}
