package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.*;

/**
 * Vector path of {@link FourBitMatmul} for K a multiple of 16 (so every row and every block
 * segment starts on a byte and a 16-weight step). The activations are split once into even and
 * odd positions, matching the high and low nibbles of the packed bytes, so a step is: load 8
 * bytes, two nibble masks, two table lookups into the block's 16 dequantized weights, two
 * products rounded to T and added to float32 accumulators.
 */
final class FourBitMatmulVec {
    private FourBitMatmulVec() {}

    /** Weight rows dequantized together before the activation rows are run over them (M > 1). */
    private static final int ROW_GROUP = 8;

    static void rows(float[] x, int m, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, float[] codeT,
                     DType t, float[] sums) {
        int half = k / 2;
        float[] xe = new float[m * half], xo = new float[m * half];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < half; j++) {
                xe[i * half + j] = x[i * k + 2 * j];
                xo[i * half + j] = x[i * k + 2 * j + 1];
            }
        FloatVector codeLo = FloatVector.fromArray(F, codeT, 0), codeHi = FloatVector.fromArray(F, codeT, 8);
        int rows = r1 - r0;
        if (m == 1) {
            for (int row = r0; row < r1; row++) sums[row - r0] = fusedRow(xe, xo, k, packed, row, bs, scales, codeLo, codeHi, t);
            return;
        }
        int group = Math.min(ROW_GROUP, rows);
        float[] we = new float[group * half], wo = new float[group * half];
        for (int g0 = r0; g0 < r1; g0 += group) {
            int g1 = Math.min(r1, g0 + group);
            for (int row = g0; row < g1; row++) dequantRow(k, packed, row, bs, scales, codeLo, codeHi, t, we, wo, (row - g0) * half);
            for (int i = 0; i < m; i++)
                for (int row = g0; row < g1; row++)
                    sums[i * rows + (row - r0)] = dot(xe, xo, i * half, we, wo, (row - g0) * half, half, t);
        }
    }

    /** One weight row against one activation row, dequantizing in registers. */
    static float fusedRow(float[] xe, float[] xo, int k, MemorySegment packed, int row, int bs, FourBitMatmul.Scales scales,
                          FloatVector codeLo, FloatVector codeHi, DType t) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        long f0 = (long) row * k;
        int kk = 0;
        while (kk < k) {
            long blk = (f0 + kk) / bs;
            int end = (int) Math.min(k, (blk + 1) * bs - f0);
            float s = Elements.round(scales.of(blk), t);
            IntVector lo = round(codeLo.mul(s), t).reinterpretAsInts(), hi = round(codeHi.mul(s), t).reinterpretAsInts();
            for (; kk < end; kk += 16) {
                IntVector by = bytes(packed, (f0 + kk) >>> 1);
                FloatVector wh = FourBitVec.lookup(lo, hi, by.lanewise(VectorOperators.ASHR, 4).and(15));
                FloatVector wl = FourBitVec.lookup(lo, hi, by.and(15));
                int h = kk >>> 1;
                FloatVector ve = FloatVector.fromArray(F, xe, h), vo = FloatVector.fromArray(F, xo, h);
                if (t == DType.F32) {
                    acc0 = ve.fma(wh, acc0);
                    acc1 = vo.fma(wl, acc1);
                } else {
                    acc0 = acc0.add(round(ve.mul(wh), t));
                    acc1 = acc1.add(round(vo.mul(wl), t));
                }
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** Dequantizes one weight row (rounded to T) into even/odd halves at {@code off}. */
    static void dequantRow(int k, MemorySegment packed, int row, int bs, FourBitMatmul.Scales scales, FloatVector codeLo, FloatVector codeHi,
                           DType t, float[] we, float[] wo, int off) {
        long f0 = (long) row * k;
        int kk = 0;
        while (kk < k) {
            long blk = (f0 + kk) / bs;
            int end = (int) Math.min(k, (blk + 1) * bs - f0);
            float s = Elements.round(scales.of(blk), t);
            IntVector lo = round(codeLo.mul(s), t).reinterpretAsInts(), hi = round(codeHi.mul(s), t).reinterpretAsInts();
            for (; kk < end; kk += 16) {
                IntVector by = bytes(packed, (f0 + kk) >>> 1);
                int h = off + (kk >>> 1);
                FourBitVec.lookup(lo, hi, by.lanewise(VectorOperators.ASHR, 4).and(15)).intoArray(we, h);
                FourBitVec.lookup(lo, hi, by.and(15)).intoArray(wo, h);
            }
        }
    }

    static float dot(float[] xe, float[] xo, int xOff, float[] we, float[] wo, int wOff, int half, DType t) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        for (int j = 0; j < half; j += LANES) {
            FloatVector ve = FloatVector.fromArray(F, xe, xOff + j), vo = FloatVector.fromArray(F, xo, xOff + j);
            FloatVector wh = FloatVector.fromArray(F, we, wOff + j), wl = FloatVector.fromArray(F, wo, wOff + j);
            if (t == DType.F32) {
                acc0 = ve.fma(wh, acc0);
                acc1 = vo.fma(wl, acc1);
            } else {
                acc0 = acc0.add(round(ve.mul(wh), t));
                acc1 = acc1.add(round(vo.mul(wl), t));
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    private static IntVector bytes(MemorySegment packed, long byteIndex) {
        return (IntVector) ByteVector.fromMemorySegment(B, packed, byteIndex, LE).convertShape(VectorOperators.B2I, I, 0);
    }
}
