package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * NF4/FP4 quantize and dequantize (spec OPS.md §3). Blocks are independent, so the work is split
 * over whole blocks; each block is scaled by the float32 reciprocal of its absmax and coded with
 * the CUDA decision rules of {@link FourBitCodes}. Byte {@code j} holds element {@code 2j} in its
 * high nibble; an odd tail is padded with the code of a scaled zero.
 */
final class FourBitKernels {
    private FourBitKernels() {}

    /** Below this many elements the op runs on the caller's thread. */
    static final long MIN_PARALLEL_ELEMENTS = 1 << 15;

    static Quantized quantize(CpuBackend b, Tensor a, int blocksize, QuantType quantType, DType storage) {
        long n = a.numel();
        long bytes = (n + 1) / 2;
        Tensor packed = b.output(storage, bytes / storage.byteSize(), 1);
        Tensor absmax = b.output(DType.F32, Shapes.blocks(n, blocksize));
        quantize(CpuBackend.seg(a), a.dtype(), n, blocksize, quantType, CpuBackend.seg(packed), CpuBackend.seg(absmax));
        return new Quantized(packed, absmax);
    }

    static Tensor dequantize(CpuBackend b, Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        long n = Shapes.numel(shape);
        Tensor out = b.output(dtype, shape);
        dequantize(CpuBackend.seg(packed), CpuBackend.seg(absmax), n, blocksize, quantType, CpuBackend.seg(out), dtype);
        return out;
    }

    /** Quantizes {@code n} elements of {@code in}; writes {@code (n+1)/2} bytes and {@code ceil(n/bs)} absmax floats. */
    static void quantize(MemorySegment in, DType dtype, long n, int bs, QuantType type, MemorySegment out, MemorySegment absmax) {
        boolean vector = Simd.ENABLED && Vec.USABLE;
        Parallel.forRange(Shapes.blocks(n, bs), 1, minParallelBlocks(bs), (b0, b1) -> {
            if (vector) FourBitVec.quantize(in, dtype, n, bs, type, out, absmax, b0, b1);
            else quantizeScalar(in, dtype, n, bs, type, out, absmax, b0, b1);
        });
    }

    /** Dequantizes {@code n} elements with the built-in table of {@code type}. */
    static void dequantize(MemorySegment packed, MemorySegment absmax, long n, int bs, QuantType type, MemorySegment out, DType dtype) {
        boolean vector = Simd.ENABLED && Vec.USABLE;
        Parallel.forRange(Shapes.blocks(n, bs), 1, minParallelBlocks(bs), (b0, b1) -> {
            if (vector) FourBitVec.dequantize(packed, absmax, n, bs, type, out, dtype, b0, b1);
            else dequantizeScalar(packed, absmax, n, bs, type, out, dtype, b0, b1);
        });
    }

    static long minParallelBlocks(int bs) { return Math.max(1, MIN_PARALLEL_ELEMENTS / bs); }

    /** Scalar reference of blocks {@code [b0, b1)}; the vector path must agree with it bit for bit. */
    static void quantizeScalar(MemorySegment in, DType dtype, long n, int bs, QuantType type, MemorySegment out, MemorySegment absmax,
                               long b0, long b1) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs, end = Math.min(n, start + bs);
            float m = 0f;
            for (long i = start; i < end; i++) m = Math.max(m, Math.abs(Elements.get(in, dtype, i)));
            absmax.setAtIndex(Elements.F32, blk, m);
            quantizeTail(in, dtype, start, end, 1f / m, type, out);
        }
    }

    /**
     * The absmax range of the NF4 fast paths ({@link Nf4Bf16Keys}, {@link Nf4Buckets}): the absmax and
     * its reciprocal are normal floats far from the ends of the range, so every {@code x * (1 / absmax)}
     * with {@code |x| <= absmax} is at most about 1 in magnitude (false for zero, NaN and infinity).
     * What each path needs beyond that is in its own comment.
     */
    static boolean normalScale(float m) { return m >= 0x1p-100f && m <= 0x1p100f; }

    /**
     * Blocks {@code [blk, blk + g)} of {@code bs} elements whose absmax (already stored) is outside
     * {@link #normalScale}: NF4 codes by the rule itself, over whatever a fast path wrote there.
     */
    static void recodeOutsideNormalScale(MemorySegment in, DType dtype, int bs, long blk, int g, MemorySegment out, MemorySegment absmax) {
        absmax = Segments.nativeSegment(absmax);
        for (int k = 0; k < g; k++) {
            long from = (blk + k) * bs;
            float m = absmax.getAtIndex(Elements.F32, blk + k);
            if (!normalScale(m)) quantizeTail(in, dtype, from, from + bs, 1f / m, QuantType.NF4, out);
        }
    }

    /** Codes elements {@code [from, end)} ({@code from} even) with reciprocal {@code r}; pads an odd end. */
    static void quantizeTail(MemorySegment in, DType dtype, long from, long end, float r, QuantType type, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        for (long i = from; i < end; i += 2) {
            int hi = FourBitCodes.code(type, Elements.get(in, dtype, i) * r);
            int lo = FourBitCodes.code(type, (i + 1 < end ? Elements.get(in, dtype, i + 1) : 0f) * r);
            out.set(ValueLayout.JAVA_BYTE, i >>> 1, (byte) (hi << 4 | lo));
        }
    }

    static void dequantizeScalar(MemorySegment packed, MemorySegment absmax, long n, int bs, QuantType type, MemorySegment out, DType dtype,
                                 long b0, long b1) {
        packed = Segments.nativeSegment(packed);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        float[] lut = FourBitCodes.dequantLut(type);
        if (dtype == DType.F32) {
            dequantizeF32(packed, absmax, n, bs, lut, out, b0, b1);
            return;
        }
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs, end = Math.min(n, start + bs);
            dequantizeTail(packed, start, end, absmax.getAtIndex(Elements.F32, blk), lut, out, dtype);
        }
    }

    /**
     * F32 output from a per-block table of the 16 products; two elements per packed byte. Also the
     * vector path's F32 kernel: byte shuffles need four tables for 4-byte results, which costs more
     * than these loads on the machines measured.
     */
    static void dequantizeF32(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        packed = Segments.nativeSegment(packed);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        float[] scaled = new float[16];
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs, end = Math.min(n, start + bs);
            float s = absmax.getAtIndex(Elements.F32, blk);
            for (int c = 0; c < 16; c++) scaled[c] = lut[c] * s;
            long i = start;
            for (; i + 1 < end; i += 2) {
                int q = packed.get(ValueLayout.JAVA_BYTE, i >>> 1);
                out.set(Elements.F32, i << 2, scaled[(q >>> 4) & 15]);
                out.set(Elements.F32, (i + 1) << 2, scaled[q & 15]);
            }
            if (i < end) out.set(Elements.F32, i << 2, scaled[(packed.get(ValueLayout.JAVA_BYTE, i >>> 1) >>> 4) & 15]);
        }
    }

    /** Elements {@code [from, end)} ({@code from} even) of one block with scale {@code s}. */
    static void dequantizeTail(MemorySegment packed, long from, long end, float s, float[] lut, MemorySegment out, DType dtype) {
        packed = Segments.nativeSegment(packed);
        out = Segments.nativeSegment(out);
        for (long i = from; i < end; i++) {
            int q = packed.get(ValueLayout.JAVA_BYTE, i >>> 1);
            int nib = (i & 1) == 0 ? (q >>> 4) & 15 : q & 15;
            Elements.put(out, dtype, i, lut[nib] * s);
        }
    }
}
