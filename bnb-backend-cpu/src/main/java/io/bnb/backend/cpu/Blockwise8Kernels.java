package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * 8-bit blockwise quantization with a 256-entry code (spec OPS.md §2): each block is scaled by the
 * float32 reciprocal of its absmax and every value takes the code {@link NearestCode} gives it
 * (the CUDA search: nearest entry, ties to the even index). Work is split over whole blocks.
 */
final class Blockwise8Kernels {
    private Blockwise8Kernels() {}

    static final long MIN_PARALLEL_ELEMENTS = 1 << 15;

    static Quantized quantize(CpuBackend b, Tensor a, Tensor code, int blocksize) {
        long n = a.numel();
        NearestCode search = NearestCode.of(b.downloadFloats(code));
        Tensor out = b.output(DType.U8, a.shape());
        Tensor absmax = b.output(DType.F32, Shapes.blocks(n, blocksize));
        quantize(CpuBackend.seg(a), a.dtype(), n, blocksize, search, CpuBackend.seg(out), CpuBackend.seg(absmax));
        return new Quantized(out, absmax);
    }

    static Tensor dequantize(CpuBackend b, Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        Tensor out = b.output(dtype, a.shape());
        dequantize(CpuBackend.seg(a), CpuBackend.seg(absmax), b.downloadFloats(code), a.numel(), blocksize, CpuBackend.seg(out), dtype);
        return out;
    }

    static void quantize(MemorySegment in, DType dtype, long n, int bs, NearestCode search, MemorySegment out, MemorySegment absmax) {
        boolean vector = Simd.ENABLED && Vec.USABLE;
        Parallel.forRange(Shapes.blocks(n, bs), 1, Math.max(1, MIN_PARALLEL_ELEMENTS / bs), (b0, b1) -> {
            if (vector) {
                Blockwise8Vec.quantize(in, dtype, n, bs, search, out, absmax, b0, b1);
                return;
            }
            for (long blk = b0; blk < b1; blk++) {
                long start = blk * bs;
                int len = (int) Math.min(bs, n - start);
                float m = absmaxScalar(in, dtype, start, len);
                absmax.setAtIndex(Elements.F32, blk, m);
                quantizeBlock(in, dtype, start, len, m, search, out);
            }
        });
    }

    static float absmaxScalar(MemorySegment in, DType dtype, long start, int len) {
        in = Segments.nativeSegment(in);
        float m = 0f;
        for (int i = 0; i < len; i++) m = Math.max(m, Math.abs(Elements.get(in, dtype, start + i)));
        return m;
    }

    /** Scalar reference for one block of absmax {@code m}; the vector path must agree with it. */
    static void quantizeBlock(MemorySegment in, DType dtype, long start, int len, float m, NearestCode search, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        if (special(in, dtype, start, len, m, search, out)) return;
        float r = 1f / m;
        for (int i = 0; i < len; i++) out.set(ValueLayout.JAVA_BYTE, start + i, (byte) search.index(Elements.get(in, dtype, start + i) * r));
    }

    /**
     * Blocks whose scaled values are not all finite, handled here (returns true): an all-zero block
     * scales to NaN everywhere (0 * (1/0)) and takes the NaN code; a block with a reciprocal that
     * overflows or a non-finite absmax goes through the rule itself element by element.
     */
    static boolean special(MemorySegment in, DType dtype, long start, int len, float m, NearestCode search, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        float r = 1f / m;
        if (m == 0f) {
            out.asSlice(start, len).fill((byte) search.nanCode);
            return true;
        }
        if (m > 0f && !Float.isInfinite(r) && !Float.isInfinite(m)) return false;
        for (int i = 0; i < len; i++)
            out.set(ValueLayout.JAVA_BYTE, start + i, (byte) search.exact(Elements.get(in, dtype, start + i) * r));
        return true;
    }

    static void dequantize(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype) {
        if (code.length != NearestCode.SIZE) throw new IllegalArgumentException("code: " + code.length + " entries, expected 256");
        boolean vector = Simd.ENABLED && Vec.USABLE;
        Parallel.forRange(Shapes.blocks(n, bs), 1, Math.max(1, MIN_PARALLEL_ELEMENTS / bs), (b0, b1) -> {
            if (vector && dtype != DType.F32) Blockwise8Vec.dequantize(a, absmax, code, n, bs, out, dtype, b0, b1);
            else if (vector && VbmiTables.USABLE) Blockwise8Vec.dequantizeF32(a, absmax, code, n, bs, out, b0, b1);
            else dequantizeBlocks(a, absmax, code, n, bs, out, dtype, b0, b1);
        });
    }

    /** Scalar reference (and the F32 kernel of both paths): {@code out = dtype(code[q] * absmax)}. */
    static void dequantizeBlocks(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype,
                                 long b0, long b1) {
        a = Segments.nativeSegment(a);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs, end = Math.min(n, start + bs);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (dtype == DType.F32) {
                // code has 256 entries (Checks): the mask lets C2 drop the per-value range check
                int mask = code.length - 1;
                for (long i = start; i < end; i++) out.set(Elements.F32, i << 2, code[a.get(ValueLayout.JAVA_BYTE, i) & mask] * s);
            } else {
                for (long i = start; i < end; i++) Elements.put(out, dtype, i, code[a.get(ValueLayout.JAVA_BYTE, i) & 0xff] * s);
            }
        }
    }
}
