package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The float and int8 kernels' lane count: 16 where the hardware prefers 512-bit vectors or
 * {@code bnb.cpu.wide512} asks for them (CI's third CPU run relies on the switch taking effect),
 * else 8.
 */
class LanesTest {
    @Test
    void lanesFollowTheHardwareOrTheSwitch() {
        assumeTrue(Simd.ENABLED && FloatLanes.VECTOR, "no usable Vector API here");
        boolean wide = Boolean.getBoolean("bnb.cpu.wide512") || FloatVector.SPECIES_PREFERRED.length() >= 16;
        assertEquals(wide ? 16 : 8, FloatLanesVec.L);
        assertEquals(wide ? 16 : 8, FloatLanesVec.I.length());
        assertEquals(FloatLanesVec.L, FloatLanesVec.H.length());
        assertEquals(FloatLanesVec.L, FloatLanesVec.B.length());
    }
}
