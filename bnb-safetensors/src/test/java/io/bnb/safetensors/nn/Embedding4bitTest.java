package io.bnb.safetensors.nn;

import io.bnb.api.*;
import io.bnb.functional.Quant4;
import io.bnb.nn.Embedding4bit;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class Embedding4bitTest {
    final Backend cpu = Bnb.backend("cpu");

    private void check(int vocab, int dim, QuantType type) {
        Random r = new Random(vocab * 31L + dim);
        float[] table = new float[vocab * dim];
        for (int i = 0; i < table.length; i++) table[i] = (float) r.nextGaussian();
        try (Tensor w = cpu.upload(table, DType.BF16, vocab, dim);
             Embedding4bit e = Embedding4bit.quantize(cpu, w, type, 64);
             Tensor full = Quant4.dequantize(cpu, e.weight(), e.quantState())) {
            float[] all = cpu.downloadFloats(full);
            long[] ids = {3, 0, vocab - 1, 3};
            try (Tensor rows = e.forward(ids)) {
                assertEquals(DType.BF16, rows.dtype());
                assertArrayEquals(new long[]{4, dim}, rows.shape());
                float[] got = cpu.downloadFloats(rows);
                for (int i = 0; i < ids.length; i++)
                    assertArrayEquals(Arrays.copyOfRange(all, (int) ids[i] * dim, (int) (ids[i] + 1) * dim), Arrays.copyOfRange(got, i * dim, (i + 1) * dim),
                            "row " + ids[i] + " equals the dequantized table's row");
            }
            try (Tensor idt = cpu.upload(java.lang.foreign.MemorySegment.ofArray(new long[]{1, 2, 3, 4, 5, 6}), DType.I64, 2, 3);
                 Tensor rows = e.forward(idt)) {
                assertArrayEquals(new long[]{2, 3, dim}, rows.shape());
            }
            assertThrows(IllegalArgumentException.class, () -> e.forward(vocab));
            assertThrows(IllegalArgumentException.class, () -> e.forward(-1));
        }
    }

    @Test
    void gathersRowsWhenDimIsAMultipleOfTheBlock() { check(50, 128, QuantType.NF4); }

    @Test
    void dequantizesTheTableOtherwise() { check(37, 100, QuantType.FP4); }
}
