package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.nio.ByteOrder;

/**
 * The species of the int8 and optimizer kernels: 512-bit where the hardware prefers it and is not
 * AMD's ({@link CpuInfo}: on Zen 4 the 512-bit forms of int8VectorwiseQuant, int8 matmul and
 * 8-bit Adam measured 1.3 times slower), else 256-bit. Only
 * loaded when the Vector API is present. {@code -Dbnb.cpu.wide512=true} takes the 512-bit
 * species on any machine: on one without AVX-512 the Vector API then runs them in its (slow)
 * Java fallback, which is how CI tests the 512-bit paths on AVX2 machines. Not for production.
 * {@code -Dbnb.cpu.wide512=false} keeps 256-bit species where 512-bit ones are native.
 */
final class FloatLanesVec {
    private FloatLanesVec() {}

    // canonical species constants (not VectorSpecies.of) so that C2 sees constant lane counts
    private static final boolean NATIVE_WIDE = FloatVector.SPECIES_PREFERRED.length() >= 16;
    private static final boolean WIDE = Boolean.parseBoolean(System.getProperty("bnb.cpu.wide512", String.valueOf(NATIVE_WIDE && !CpuInfo.AMD)));
    /** The 512-bit species forced on hardware without them: emulated, never fast. */
    static final boolean EMULATED = WIDE && !NATIVE_WIDE;
    static final VectorSpecies<Float> F = WIDE ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    static final int L = F.length();
    static final VectorSpecies<Integer> I = WIDE ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
    static final VectorSpecies<Short> H = WIDE ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    static final VectorSpecies<Byte> B = WIDE ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** 256-bit vectors at least (a narrower preferred shape would emulate 256-bit ones slowly). */
    static boolean wideEnough() { return FloatVector.SPECIES_PREFERRED.length() >= 8; }
}
