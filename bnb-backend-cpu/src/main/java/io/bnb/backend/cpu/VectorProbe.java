package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;

/** Touches the Vector API in its own class so that a missing module fails only here. */
final class VectorProbe {
    private VectorProbe() {}

    static boolean works() { return FloatVector.SPECIES_PREFERRED.length() >= 1; }

    static int bits() { return FloatVector.SPECIES_PREFERRED.vectorBitSize(); }
}
