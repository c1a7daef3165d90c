package io.bnb.api;

import io.bnb.spi.Checks;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** Closed tensors, views and tensors of another backend fail with messages that name the argument. */
class TensorLifecycleTest {
    final FakeBackend a = new FakeBackend("alpha");
    final FakeBackend b = new FakeBackend("beta");

    @Test
    void useAfterCloseFailsNamingTheArgument() {
        Tensor t = a.upload(new float[]{1, 2, 3, 4}, 2, 2);
        t.close();
        assertTrue(t.isClosed());
        t.close(); // idempotent
        var e = assertThrows(IllegalStateException.class, () -> Checks.tensor(a, t, "absmax"));
        assertTrue(e.getMessage().startsWith("absmax is closed"), e.getMessage());
        assertTrue(e.getMessage().contains("alpha F32[2, 2] (closed)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> a.downloadFloats(t));
        assertTrue(e.getMessage().startsWith("src is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.reshape(4));
        assertThrows(IllegalStateException.class, () -> t.viewAs(DType.I32, 4));
    }

    @Test
    void closingTheRootClosesViewsButClosingAViewFreesNothing() {
        Tensor t = a.upload(new float[]{1, 2, 3, 4}, 4);
        Tensor v = t.reshape(2, 2);
        Tensor bytes = t.viewAs(DType.U8, 16);
        assertArrayEquals(new long[]{2, 2}, v.shape());
        v.close();
        assertArrayEquals(new float[]{1, 2, 3, 4}, a.downloadFloats(t), "closing a view leaves the root usable");
        assertEquals(16, a.downloadBytes(bytes).length);
        t.close();
        assertTrue(bytes.isClosed(), "views die with their root");
        var e = assertThrows(IllegalStateException.class, () -> Checks.tensor(a, bytes, "A"));
        assertTrue(e.getMessage().startsWith("A is closed"), e.getMessage());
    }

    @Test
    void wrongBackendFailsNamingBothBackends() {
        Tensor t = a.upload(new float[]{1, 2}, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.tensor(b, t, "code"));
        assertEquals("code belongs to backend 'alpha', not 'beta'; copy it with Backend.copy first", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.download(t, MemorySegment.ofArray(new byte[8])));
        assertTrue(e.getMessage().contains("belongs to backend 'alpha'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Checks.tensor(b, null, "bias"));
        assertEquals("bias must not be null", e.getMessage());
    }

    @Test
    void copyAcrossBackendsGoesThroughTheHost() {
        Tensor src = a.upload(new float[]{1.5f, -2f, 3.25f}, 3);
        Tensor dst = b.allocate(DType.F32, 3);
        b.copy(src, dst);
        assertArrayEquals(new float[]{1.5f, -2f, 3.25f}, b.downloadFloats(dst));
        Tensor wrongType = b.allocate(DType.F16, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> b.copy(src, wrongType));
        assertTrue(e.getMessage().contains("differ in dtype or size"), e.getMessage());
    }

    @Test
    void reshapeAndViewAsCheckSizes() {
        Tensor t = a.allocate(DType.F32, 6);
        var e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertTrue(e.getMessage().contains("[4, 2] has 8 elements, tensor has 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.viewAs(DType.F16, 6));
        assertTrue(e.getMessage().contains("12 bytes, tensor is 24"), e.getMessage());
        assertEquals(DType.BF16, t.viewAs(DType.BF16, 3, 4).dtype());
        assertEquals(3, t.reshape(3, 2).size(0));
        assertEquals(2, t.reshape(3, 2).size(-1));
        assertEquals(24, t.byteSize());
    }

    @Test
    void quantStateRejectsInconsistentAbsmax() {
        Tensor u8 = a.allocate(DType.U8, 4);
        Tensor code = a.upload(Codebooks.nf4(), 16);
        var e = assertThrows(IllegalArgumentException.class, () -> QuantState.of(u8, new long[]{4, 64}, DType.F32, 64, code, QuantType.NF4));
        assertTrue(e.getMessage().contains("absmax must be F32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantState.of(a.allocate(DType.F32, 4), null, DType.F32, 0, code, QuantType.NF4));
        assertTrue(e.getMessage().contains("blocksize"), e.getMessage());
    }
}
