package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** The CPU backend rejects closed tensors and tensors of another backend, naming the argument, before writing anything. */
class CpuTensorMisuseTest {
    final CpuBackend cpu = new CpuBackend();
    final FakeDeviceBackend other = new FakeDeviceBackend("fake", Support.NATIVE);

    @Test
    void closedTensorsAreRejectedByName() {
        Tensor a = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        Tensor code = cpu.upload(Codebooks.dynamicSigned(), 256);
        a.close();
        var e = assertThrows(IllegalStateException.class, () -> cpu.quantizeBlockwise(a, code, 64));
        assertTrue(e.getMessage().startsWith("A is closed"), e.getMessage());
        code.close();
        Tensor live = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        e = assertThrows(IllegalStateException.class, () -> cpu.quantizeBlockwise(live, code, 64));
        assertTrue(e.getMessage().startsWith("code is closed"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> a.hostSegment());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> cpu.download(a, MemorySegment.ofArray(new float[4])));
        assertTrue(e.getMessage().startsWith("src is closed"), e.getMessage());
    }

    @Test
    void viewsOfAClosedTensorAreClosed() {
        Tensor a = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        Tensor v = a.reshape(2, 2);
        a.close();
        var e = assertThrows(IllegalStateException.class, () -> cpu.int8VectorwiseQuant(v, 0f));
        assertTrue(e.getMessage().startsWith("A is closed"), e.getMessage());
    }

    @Test
    void foreignTensorsAreRejectedByNameAndNothingIsWritten() {
        Tensor foreign = other.upload(new byte[]{1, 2, 3, 4}, DType.I8, 2, 2);
        Tensor mine = cpu.upload(new byte[]{5, 6, 7, 8}, DType.I8, 2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> cpu.int8LinearMatmul(mine, foreign));
        assertEquals("B belongs to backend 'fake', not 'cpu'; copy it with Backend.copy first", e.getMessage());
        Tensor dst = cpu.upload(new byte[]{9, 9, 9, 9}, DType.I8, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> cpu.copyDevice(foreign, dst));
        assertTrue(e.getMessage().startsWith("src belongs to backend 'fake'"), e.getMessage());
        assertArrayEquals(new byte[]{9, 9, 9, 9}, cpu.downloadBytes(dst), "dst untouched");
        // Backend.copy is the sanctioned way across backends
        cpu.copy(foreign, dst);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, cpu.downloadBytes(dst));
    }
}
