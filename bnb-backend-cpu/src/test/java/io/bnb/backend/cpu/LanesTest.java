package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The float and int8 kernels' lane count: 16 where {@code bnb.cpu.wide512} asks for them (CI's
 * third CPU run relies on the switch taking effect) or, without the switch, where the hardware
 * prefers 512-bit vectors and is not AMD's; else 8.
 */
class LanesTest {
    @Test
    void lanesFollowTheHardwareOrTheSwitch() {
        assumeTrue(Simd.ENABLED && FloatLanes.VECTOR, "no usable Vector API here");
        String asked = System.getProperty("bnb.cpu.wide512");
        boolean wide = asked != null ? Boolean.parseBoolean(asked) : FloatVector.SPECIES_PREFERRED.length() >= 16 && !CpuInfo.AMD;
        assertEquals(wide ? 16 : 8, FloatLanesVec.L);
        assertEquals(wide ? 16 : 8, FloatLanesVec.I.length());
        assertEquals(FloatLanesVec.L, FloatLanesVec.H.length());
        assertEquals(FloatLanesVec.L, FloatLanesVec.B.length());
    }

    @Test
    void vendorMatchesTheKernelsReport() throws Exception {
        var info = java.nio.file.Path.of("/proc/cpuinfo");
        assumeTrue(System.getenv("PROCESSOR_IDENTIFIER") == null && java.nio.file.Files.isReadable(info), "no /proc/cpuinfo here");
        String text = java.nio.file.Files.readString(info);
        assertEquals(text.contains("AuthenticAMD"), CpuInfo.AMD);
        assertEquals(text.contains(" avx512vbmi "), CpuInfo.VBMI);
    }
}
