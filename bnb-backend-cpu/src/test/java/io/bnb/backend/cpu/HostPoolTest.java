package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pooled host blocks must behave like fresh allocations: zeroed when asked, handed-out segments
 * unusable after close, and a closed tensor's block reused only once no kernel can be reading it.
 */
class HostPoolTest {
    private final Backend cpu = Bnb.backend("cpu");
    private static final long N = 1L << 20; // 4 MiB of F32: pooled

    @Test
    void segmentOfAClosedPooledTensorCannotBeUsed() {
        Tensor t = cpu.allocate(DType.F32, N);
        MemorySegment seg = t.hostSegment().orElseThrow();
        seg.setAtIndex(ValueLayout.JAVA_FLOAT, 7, 3f);
        t.close();
        assertThrows(IllegalStateException.class, () -> seg.getAtIndex(ValueLayout.JAVA_FLOAT, 7));
    }

    @Test
    void reusedBlockIsZeroedForAllocateButOutputsAreFullyWritten() {
        Tensor t = cpu.allocate(DType.F32, N);
        t.hostSegment().orElseThrow().fill((byte) 0x7f);
        t.close();
        try (Tensor again = cpu.allocate(DType.F32, N)) {
            MemorySegment s = again.hostSegment().orElseThrow();
            assertEquals(-1L, s.mismatch(MemorySegment.ofArray(new byte[(int) s.byteSize()])), "allocate must return zeros");
        }
        // a kernel output on a dirty reused block: every element is the kernel's
        Tensor dirty = cpu.allocate(DType.F32, N);
        dirty.hostSegment().orElseThrow().fill((byte) 0x55);
        dirty.close();
        float[] x = new float[(int) N];
        for (int i = 0; i < x.length; i++) x[i] = (i % 97) - 48;
        try (Tensor in = cpu.upload(x, N); Tensor code = cpu.upload(io.bnb.api.Codebooks.dynamicSigned(), 256);
             var q = cpu.quantizeBlockwise(in, code, 256);
             Tensor back = cpu.dequantizeBlockwise(q.data(), q.absmax(), code, 256, DType.F32)) {
            float[] y = cpu.downloadFloats(back);
            for (int i = 0; i < y.length; i++) assertEquals(x[i], y[i], 48 * 0.02f, "element " + i); // dynamic-map step near the block absmax 48
        }
    }

    @Test
    void sizeClassesArePowersOfTwoBelowOneMiBAndWholeMiBFromThere() {
        assertEquals(64, HostPool.sizeClass(0));
        assertEquals(64, HostPool.sizeClass(1));
        assertEquals(64, HostPool.sizeClass(64));
        assertEquals(128, HostPool.sizeClass(65));
        assertEquals(1L << 19, HostPool.sizeClass((1L << 19) - 3));
        assertEquals(1L << 20, HostPool.sizeClass((1L << 19) + 1));
        assertEquals(1L << 20, HostPool.sizeClass(1L << 20));
        assertEquals(2L << 20, HostPool.sizeClass((1L << 20) + 1));
    }

    @Test
    void aSmallTensorsHandedOutSegmentStopsWorkingWhenCloseReturns() {
        Tensor t = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        MemorySegment seg = t.hostSegment().orElseThrow();
        assertEquals(3f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
        t.close();
        assertThrows(IllegalStateException.class, () -> seg.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
        assertThrows(IllegalStateException.class, t::hostSegment);
    }

    @Test
    void aSegmentHandedOutThroughAViewDiesWithTheRoot() {
        Tensor t = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        MemorySegment seg = t.reshape(2, 2).hostSegment().orElseThrow();
        assertEquals(4f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 3));
        t.close();
        assertThrows(IllegalStateException.class, () -> seg.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
    }

    @Test
    void aClosedTensorsBlockIsReusedOnlyOnceNoSectionRuns() throws Exception {
        long bytes = (13L << 20) + 1; // a size class (14 MiB) that no other test uses
        Tensor first = cpu.allocate(DType.U8, bytes);
        long address = CpuBackend.seg(first).address();
        long duringAddress;
        try (HeldSection section = new HeldSection()) {
            first.close();
            try (Tensor during = cpu.allocate(DType.U8, bytes)) {
                duringAddress = CpuBackend.seg(during).address();
                assertNotEquals(address, duringAddress, "a retired block was reused while a section ran");
            }
        }
        // blocks are never given back to the OS here, so a fresh allocation cannot have either address
        try (Tensor after = cpu.allocate(DType.U8, bytes)) {
            assertTrue(Set.of(address, duringAddress).contains(CpuBackend.seg(after).address()),
                    "retired blocks were not recycled once the section ended");
            assertEquals(-1L, CpuBackend.seg(after).mismatch(MemorySegment.ofArray(new byte[(int) bytes])), "allocate must return zeros");
        }
    }

    @Test
    void retiredMemoryStaysBoundedWhileSectionsNeverPause() throws Exception {
        try (HeldSection section = new HeldSection()) {
            long bytes = 8L << 20;
            for (int i = 0; i < 2 * HostPool.MAX_RETIRED / bytes; i++) {
                cpu.allocate(DType.U8, bytes).close();
                assertTrue(HostPool.retiredBytes() <= HostPool.MAX_RETIRED, "retired " + HostPool.retiredBytes());
            }
        }
    }
}
