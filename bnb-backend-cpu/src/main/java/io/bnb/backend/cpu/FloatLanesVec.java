package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector loads and stores of F32/F16/BF16 as float32 lanes, bit-identical to {@link FloatLanes}.
 * Only loaded when the Vector API is present.
 */
final class FloatLanesVec {
    private FloatLanesVec() {}

    // canonical species constants (not VectorSpecies.of) so that C2 sees constant lane counts
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= 16;
    static final VectorSpecies<Float> F = WIDE ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    static final int L = F.length();
    static final VectorSpecies<Integer> I = WIDE ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
    static final VectorSpecies<Short> H = WIDE ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    static final VectorSpecies<Byte> B = WIDE ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** 256-bit vectors at least (a narrower preferred shape would emulate 256-bit ones slowly). */
    static boolean wideEnough() { return FloatVector.SPECIES_PREFERRED.length() >= 8; }

    /** Lanes {@code i .. i+L} of a float tensor, widened exactly. */
    static FloatVector load(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> FloatVector.fromMemorySegment(F, s, i * 4, LE);
            case BF16 -> halfBits(s, i).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            case F16 -> f16ToF32(halfBits(s, i));
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        };
    }

    /** Sign-extended 16-bit patterns as int lanes. */
    private static IntVector halfBits(MemorySegment s, long i) {
        return (IntVector) ShortVector.fromMemorySegment(H, s, i * 2, LE).convertShape(VectorOperators.S2I, I, 0);
    }

    /**
     * binary16 bits to float: the magnitude bits shifted into float position and scaled by 2^112
     * are exact for normal and subnormal halves; infinities and NaNs get the float exponent
     * (NaNs also the quiet bit).
     */
    static FloatVector f16ToF32(IntVector h) {
        IntVector mag = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector bits = mag.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> infNan = h.and(0x7c00).compare(VectorOperators.EQ, 0x7c00);
        bits = bits.blend(mag.or(0x7f800000), infNan);
        // NaNs come out quiet, as Float.float16ToFloat makes them
        bits = bits.blend(bits.or(0x00400000), h.and(0x7fff).compare(VectorOperators.GT, 0x7c00));
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /**
     * Stores lanes rounded to {@code t}. F16 goes through {@code tmp} (length >= L) and the scalar
     * conversion, whose NaN payload rule is not worth re-deriving here.
     */
    static void store(FloatVector v, MemorySegment s, DType t, long i, float[] tmp) {
        switch (t) {
            case F32 -> v.intoMemorySegment(s, i * 4, LE);
            case BF16 -> {
                IntVector x = v.reinterpretAsInts();
                IntVector hi = x.lanewise(VectorOperators.LSHR, 16);
                IntVector r = x.add(hi.and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
                VectorMask<Integer> nan = x.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000);
                r = r.blend(hi.or(0x40), nan);
                r.convertShape(VectorOperators.I2S, H, 0).intoMemorySegment(s, i * 2, LE);
            }
            case F16 -> {
                v.intoArray(tmp, 0);
                FloatLanes.write(s, t, i, tmp, 0, L);
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        }
    }
}
