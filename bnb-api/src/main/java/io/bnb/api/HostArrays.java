package io.bnb.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Conversions between Java arrays and little-endian tensor bytes. */
public final class HostArrays {
    private HostArrays() {}

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** Encodes floats as F32/F16/BF16 bytes in a heap segment. */
    public static MemorySegment fromFloats(float[] data, DType dtype) {
        switch (dtype) {
            case F32 -> { return MemorySegment.ofArray(data.clone()); }
            case F16, BF16 -> {
                short[] s = new short[data.length];
                for (int i = 0; i < data.length; i++) s[i] = dtype == DType.F16 ? Half.f32ToF16(data[i]) : Half.f32ToBf16(data[i]);
                return MemorySegment.ofArray(s);
            }
            default -> throw new IllegalArgumentException("dtype must be F32, F16 or BF16 for float data, got " + dtype);
        }
    }

    /** Decodes F32/F16/BF16 bytes to floats (exact widening). */
    public static float[] toFloats(MemorySegment seg, DType dtype) {
        int n = Math.toIntExact(seg.byteSize() / dtype.byteSize());
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> MemorySegment.copy(seg, F32, 0, out, 0, n);
            case F16 -> { for (int i = 0; i < n; i++) out[i] = Half.f16ToF32(seg.getAtIndex(I16, i)); }
            case BF16 -> { for (int i = 0; i < n; i++) out[i] = Half.bf16ToF32(seg.getAtIndex(I16, i)); }
            default -> throw new IllegalArgumentException("tensor dtype must be F32, F16 or BF16 to read floats, got " + dtype);
        }
        return out;
    }

    public static int[] toInts(MemorySegment seg, DType dtype) {
        if (dtype != DType.I32) throw new IllegalArgumentException("tensor dtype must be I32 to read ints, got " + dtype);
        return seg.toArray(ValueLayout.JAVA_INT_UNALIGNED);
    }

    public static long[] toLongs(MemorySegment seg, DType dtype) {
        return switch (dtype) {
            case I64 -> seg.toArray(ValueLayout.JAVA_LONG_UNALIGNED);
            case I32 -> java.util.Arrays.stream(seg.toArray(ValueLayout.JAVA_INT_UNALIGNED)).asLongStream().toArray();
            default -> throw new IllegalArgumentException("tensor dtype must be I64 or I32 to read longs, got " + dtype);
        };
    }
}
