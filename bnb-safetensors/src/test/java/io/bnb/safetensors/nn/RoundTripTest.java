package io.bnb.safetensors.nn;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;
import io.bnb.nn.Linear4bit;
import io.bnb.nn.Linear8bitLt;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.hf.Bnb4bitFormat;
import io.bnb.safetensors.hf.Bnb8bitFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** quantize -> write -> read -> dequantize gives exactly what dequantizing before writing gave. */
class RoundTripTest {
    final Backend cpu = Bnb.backend("cpu");

    @TempDir
    Path dir;

    static float[] randn(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.02);
        return v;
    }

    @Test
    void fourBitAllVariants() throws IOException {
        int i = 0;
        for (QuantType t : QuantType.values())
            for (boolean dq : new boolean[]{false, true})
                for (DType dt : new DType[]{DType.F32, DType.BF16, DType.F16})
                    for (int bs : new int[]{64, 128})
                        roundTrip4(t, dq, dt, bs, 33 + (i++ % 3), 100);
    }

    private void roundTrip4(QuantType t, boolean dq, DType dt, int bs, int rows, int cols) throws IOException {
        Path file = dir.resolve("l4.safetensors");
        byte[] before;
        try (Tensor w = cpu.upload(randn(rows * cols, rows * 7L + bs), dt, rows, cols);
             Packed4bit p = Quant4.quantize(cpu, w, t, bs, dq);
             Tensor d = Quant4.dequantize(cpu, p.data(), p.state());
             SafetensorsWriter wr = SafetensorsWriter.create(file)) {
            before = cpu.downloadBytes(d);
            Bnb4bitFormat.write(wr, cpu, "m.weight", p);
            wr.commit();
        }
        String what = t + " dq=" + dq + " " + dt + " bs" + bs;
        try (SafetensorsFile f = SafetensorsFile.open(file); Packed4bit p = Bnb4bitFormat.load(cpu, f, "m.weight");
             Tensor d = Quant4.dequantize(cpu, p.data(), p.state())) {
            assertEquals(t, p.state().quantType(), what);
            assertEquals(dq, p.state().isNested(), what);
            assertEquals(dt, p.state().dtype(), what);
            assertArrayEquals(before, cpu.downloadBytes(d), what);
        }
    }

    @Test
    void quantStorageDtypeIsKeptAndOnlyTheBytesMatter() throws IOException {
        Path file = dir.resolve("storage.safetensors");
        byte[] u8;
        try (Tensor w = cpu.upload(randn(64 * 64, 21), DType.BF16, 64, 64);
             Packed4bit plain = Quant4.quantize(cpu, w, QuantType.NF4, 64, false);
             Packed4bit bf = Quant4.quantize(cpu, w, QuantType.NF4, 64, false, DType.BF16);
             SafetensorsWriter wr = SafetensorsWriter.create(file)) {
            u8 = cpu.downloadBytes(plain.data());
            Bnb4bitFormat.write(wr, cpu, "m.weight", bf);
            wr.commit();
        }
        try (SafetensorsFile f = SafetensorsFile.open(file); Packed4bit p = Bnb4bitFormat.load(cpu, f, "m.weight")) {
            // FORMATS.md §4: bf16 storage is the same byte stream viewed as [(n+1)/4, 1]
            assertEquals(DType.BF16, f.get("m.weight").dtype());
            assertArrayEquals(new long[]{64 * 64 / 4, 1}, f.get("m.weight").shape());
            assertArrayEquals(u8, f.get("m.weight").bytes());
            try (Tensor d = Quant4.dequantize(cpu, p.data(), p.state()); Tensor w = cpu.upload(randn(64 * 64, 21), DType.BF16, 64, 64);
                 Packed4bit ref = Quant4.quantize(cpu, w, QuantType.NF4, 64, false); Tensor dr = Quant4.dequantize(cpu, ref.data(), ref.state())) {
                assertArrayEquals(cpu.downloadBytes(dr), cpu.downloadBytes(d));
            }
        }
    }

    @Test
    void linear4bitForwardSurvivesTheRoundTrip() throws IOException {
        Path file = dir.resolve("l.safetensors");
        float[] x = randn(2 * 128, 5);
        byte[] y0;
        try (Tensor w = cpu.upload(randn(96 * 128, 9), DType.BF16, 96, 128);
             Tensor bias = cpu.upload(randn(96, 10), DType.BF16, 96);
             Linear4bit l = Linear4bit.quantize(cpu, w, bias, QuantType.FP4, 64, true, DType.BF16);
             Tensor xt = cpu.upload(x, DType.BF16, 2, 128); Tensor y = l.forward(xt);
             SafetensorsWriter wr = SafetensorsWriter.create(file)) {
            y0 = cpu.downloadBytes(y);
            Bnb4bitFormat.write(wr, cpu, "m.weight", l.packed());
            wr.add("m.bias", DType.BF16, new long[]{96}, cpu.downloadBytes(l.bias()));
            wr.commit();
        }
        try (SafetensorsFile f = SafetensorsFile.open(file);
             Linear4bit l = Linear4bit.fromState(cpu, Bnb4bitFormat.load(cpu, f, "m.weight"), cpu.upload(f.get("m.bias").data(), DType.BF16, 96), DType.BF16);
             Tensor xt = cpu.upload(x, DType.BF16, 2, 128); Tensor y = l.forward(xt)) {
            assertArrayEquals(y0, cpu.downloadBytes(y));
        }
    }

    @Test
    void int8RoundTrip() throws IOException {
        Path file = dir.resolve("l8.safetensors");
        byte[] before;
        try (Tensor w = cpu.upload(randn(64 * 80, 3), DType.F16, 64, 80);
             Linear8bitLt l = Linear8bitLt.quantize(cpu, w, null, 6f);
             Tensor d = l.dequantizeWeight(); SafetensorsWriter wr = SafetensorsWriter.create(file)) {
            before = cpu.downloadBytes(d);
            Bnb8bitFormat.write(wr, cpu, "m", l.weight(), l.scb());
            wr.commit();
        }
        try (SafetensorsFile f = SafetensorsFile.open(file); Bnb8bitFormat.Int8Weight w = Bnb8bitFormat.load(cpu, f, "m");
             Tensor d = cpu.int8VectorwiseDequant(w.cb(), w.scb())) {
            assertEquals(DType.U8, f.get("m.weight_format").dtype());
            assertEquals(0, f.get("m.weight_format").shape().length);
            assertArrayEquals(before, cpu.downloadBytes(d));
        }
    }
}
