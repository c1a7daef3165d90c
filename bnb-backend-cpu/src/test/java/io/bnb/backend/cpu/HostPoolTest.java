package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.*;

/** Pooled host blocks must behave like fresh allocations: zeroed when asked, unusable after close. */
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
}
