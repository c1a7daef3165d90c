package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** Bad arguments of the LLM.int8 ops: an exception naming the argument, inputs unchanged. */
class Int8BadInputTest {
    final CpuBackend b = new CpuBackend();

    private static void fails(Class<? extends RuntimeException> type, String name, Executable call, Tensor... unchanged) {
        byte[][] before = new byte[unchanged.length][];
        for (int i = 0; i < unchanged.length; i++) before[i] = Tensors.bytes(unchanged[i]);
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(name), "message names " + name + ": " + e.getMessage());
        for (int i = 0; i < unchanged.length; i++) assertArrayEquals(before[i], Tensors.bytes(unchanged[i]), "argument " + i + " unchanged");
    }

    @Test
    void vectorwiseQuant() {
        try (Tensor a = Tensors.floats(b, new float[]{1, 2, 3, 4}, DType.F16, 2, 2);
             Tensor i8 = Tensors.bytes(b, new byte[4], DType.I8, 2, 2);
             Tensor scalar = Tensors.floats(b, new float[]{1}, DType.F32)) {
            fails(IllegalArgumentException.class, "A", () -> b.int8VectorwiseQuant(i8, 0f), i8);
            fails(IllegalArgumentException.class, "threshold", () -> b.int8VectorwiseQuant(a, -1f), a);
            fails(IllegalArgumentException.class, "threshold", () -> b.int8VectorwiseQuant(a, Float.NaN), a);
            fails(IllegalArgumentException.class, "threshold", () -> b.int8VectorwiseQuant(a, Float.POSITIVE_INFINITY), a);
            fails(IllegalArgumentException.class, "A", () -> b.int8VectorwiseQuant(scalar, 0f), scalar);
            fails(IllegalArgumentException.class, "A", () -> b.int8VectorwiseQuant(null, 0f));
        }
        Tensor closed = Tensors.floats(b, new float[]{1, 2}, DType.F16, 1, 2);
        closed.close();
        fails(IllegalStateException.class, "A", () -> b.int8VectorwiseQuant(closed, 0f));
    }

    @Test
    void vectorwiseDequant() {
        try (Tensor a = Tensors.bytes(b, new byte[6], DType.I8, 2, 3); Tensor s = Tensors.floats(b, new float[]{1, 2, 3}, DType.F32, 3);
             Tensor s16 = Tensors.floats(b, new float[]{1, 2}, DType.F16, 2); Tensor f = Tensors.floats(b, new float[6], DType.F32, 2, 3)) {
            fails(IllegalArgumentException.class, "stats", () -> b.int8VectorwiseDequant(a, s), a, s);
            fails(IllegalArgumentException.class, "stats", () -> b.int8VectorwiseDequant(a, s16), a, s16);
            fails(IllegalArgumentException.class, "A", () -> b.int8VectorwiseDequant(f, s), f, s);
        }
    }

    @Test
    void linearMatmul() {
        try (Tensor a = Tensors.bytes(b, new byte[6], DType.I8, 2, 3); Tensor w = Tensors.bytes(b, new byte[12], DType.I8, 4, 3);
             Tensor w1 = Tensors.bytes(b, new byte[3], DType.I8, 3); Tensor wk = Tensors.bytes(b, new byte[8], DType.I8, 4, 2);
             Tensor a32 = Tensors.ints(b, new int[6], 2, 3); Tensor a4 = Tensors.bytes(b, new byte[6], DType.I8, 1, 1, 2, 3);
             Tensor empty = b.allocate(DType.I8, 0, 3)) {
            fails(IllegalArgumentException.class, "B", () -> b.int8LinearMatmul(a, w1), a, w1);
            fails(IllegalArgumentException.class, "inner", () -> b.int8LinearMatmul(a, wk), a, wk);
            fails(IllegalArgumentException.class, "A", () -> b.int8LinearMatmul(a32, w), a32, w);
            fails(IllegalArgumentException.class, "A", () -> b.int8LinearMatmul(a4, w), a4, w);
            fails(IllegalArgumentException.class, "A", () -> b.int8LinearMatmul(empty, w), w);
        }
    }

    @Test
    void mmDequant() {
        try (Tensor acc = Tensors.ints(b, new int[6], 2, 3); Tensor rs = Tensors.floats(b, new float[]{1, 1}, DType.F32, 2);
             Tensor cs = Tensors.floats(b, new float[]{1, 1, 1}, DType.F32, 3); Tensor cs2 = Tensors.floats(b, new float[]{1, 1}, DType.F32, 2);
             Tensor cs16 = Tensors.floats(b, new float[]{1, 1, 1}, DType.F16, 3); Tensor bias2 = Tensors.floats(b, new float[]{1, 1}, DType.F16, 2);
             Tensor biasI = Tensors.ints(b, new int[3], 3); Tensor a8 = Tensors.bytes(b, new byte[6], DType.I8, 2, 3)) {
            fails(IllegalArgumentException.class, "A", () -> b.int8MmDequant(a8, rs, cs, null, null), a8);
            fails(IllegalArgumentException.class, "colStats", () -> b.int8MmDequant(acc, rs, cs2, null, null), acc, cs2);
            fails(IllegalArgumentException.class, "colStats", () -> b.int8MmDequant(acc, rs, cs16, null, null), acc, cs16);
            fails(IllegalArgumentException.class, "rowStats", () -> b.int8MmDequant(acc, cs, cs, null, null), acc);
            fails(IllegalArgumentException.class, "bias", () -> b.int8MmDequant(acc, rs, cs, null, bias2), acc, bias2);
            fails(IllegalArgumentException.class, "bias", () -> b.int8MmDequant(acc, rs, cs, null, biasI), acc, biasI);
            fails(IllegalArgumentException.class, "dtype", () -> b.int8MmDequant(acc, rs, cs, DType.I8, null), acc);
            fails(IllegalArgumentException.class, "dtype", () -> b.int8ScaledMm(a8, Tensors.bytes(b, new byte[9], DType.I8, 3, 3), rs, cs, null, DType.I32), a8);
        }
    }

    @Test
    void doubleQuant() {
        try (Tensor v = Tensors.floats(b, new float[]{1, 2, 3}, DType.F16, 3); Tensor a = Tensors.floats(b, new float[4], DType.F16, 2, 2)) {
            fails(IllegalArgumentException.class, "A", () -> b.int8DoubleQuant(v, 0f), v);
            fails(IllegalArgumentException.class, "threshold", () -> b.int8DoubleQuant(a, -0.5f), a);
        }
    }

    @Test
    void mixedScaledMm() {
        try (Tensor a = Tensors.floats(b, new float[]{1, 2, 3, 4, 5, 6}, DType.F16, 2, 3);
             Tensor ca = Tensors.bytes(b, new byte[]{1, 2, 3, 4, 5, 6}, DType.I8, 2, 3);
             Tensor cb = Tensors.bytes(b, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, DType.I8, 4, 3);
             Tensor sca = Tensors.floats(b, new float[]{1, 1}, DType.F32, 2); Tensor scb = Tensors.floats(b, new float[]{1, 1, 1, 1}, DType.F32, 4);
             Tensor badCols = Tensors.longs(b, new long[]{1, 3}, 2); Tensor negCols = Tensors.longs(b, new long[]{-1}, 1);
             Tensor floatCols = Tensors.floats(b, new float[]{1}, DType.F32, 1);
             Tensor biasI = Tensors.ints(b, new int[4], 4); Tensor bias3 = Tensors.floats(b, new float[3], DType.F16, 3);
             Tensor scb3 = Tensors.floats(b, new float[]{1, 1, 1}, DType.F32, 3)) {
            fails(IllegalArgumentException.class, "outlierCols", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb, badCols, null), a, ca, cb, badCols);
            fails(IllegalArgumentException.class, "outlierCols", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb, negCols, null), a, negCols);
            fails(IllegalArgumentException.class, "outlierCols", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb, floatCols, null), a);
            fails(IllegalArgumentException.class, "bias", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb, null, biasI), a, biasI);
            fails(IllegalArgumentException.class, "bias", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb, null, bias3), a, bias3);
            fails(IllegalArgumentException.class, "SCB", () -> b.int8MixedScaledMm(a, ca, cb, sca, scb3, null, null), a);
            fails(IllegalArgumentException.class, "A", () -> b.int8MixedScaledMm(ca, ca, cb, sca, scb, null, null), ca);
        }
    }
}
