package io.bnb.api;

import io.bnb.spi.Checks;
import io.bnb.spi.HostFallback;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The routing of {@link HostFallback} with a fake host: which ops go where, what support is
 * reported, that results come back as device tensors and that in-place arguments are written
 * back. (bnb-backend-cpu's HostFallbackTest does the same with the real CPU backend as host.)
 */
class HostFallbackMechanismTest {

    /** A host implementing two ops in plain Java. */
    static final class Host extends FakeBackend {
        Host() { super("host"); }

        @Override
        public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) {
            Checks.int8VectorwiseDequant(this, a, stats);
            calls.add("int8VectorwiseDequant");
            long rows = a.size(0), cols = a.size(1);
            MemorySegment in = seg(a), st = seg(stats);
            float[] out = new float[Math.toIntExact(rows * cols)];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    out[(int) (r * cols + c)] = in.get(ValueLayout.JAVA_BYTE, r * cols + c) * st.getAtIndex(ValueLayout.JAVA_FLOAT, r) / 127f;
            return upload(out, rows, cols);
        }

        @Override
        public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
            calls.add("percentileClipping");
            seg(gnormVec).setAtIndex(ValueLayout.JAVA_FLOAT, step % 100, 42f); // an in-place write the device must see
            return new ClipResult(1f, 2f, 0.5f);
        }
    }

    final Host host = new Host();
    final FakeBackend device = new FakeBackend("dev").declare(Support.NONE, Op.INT8_VECTORWISE_DEQUANT, Op.PERCENTILE_CLIPPING, Op.PAGED_MEMORY)
            .declare(Support.PARTIAL, Op.GEMM_4BIT);
    final Backend wrapped = HostFallback.wrap(device, () -> host);

    @Test
    void noneBecomesSlowExceptPagedMemoryOthersPassThrough() {
        assertEquals(Support.SLOW, wrapped.support(Op.INT8_VECTORWISE_DEQUANT));
        assertEquals(Support.SLOW, wrapped.support(Op.PERCENTILE_CLIPPING));
        assertEquals(Support.NONE, wrapped.support(Op.PAGED_MEMORY), "paged memory cannot be emulated by copies");
        assertEquals(Support.PARTIAL, wrapped.support(Op.GEMM_4BIT));
        assertEquals(Support.NATIVE, wrapped.support(Op.QUANTIZE_4BIT));
        assertTrue(wrapped.supportNote(Op.INT8_VECTORWISE_DEQUANT).contains("host CPU backend"), wrapped.supportNote(Op.INT8_VECTORWISE_DEQUANT));
        assertEquals("dev", wrapped.name());
        assertSame(device, HostFallback.unwrap(wrapped));
        assertSame(host, HostFallback.unwrap(host));
    }

    @Test
    void unsupportedOpRunsOnHostAndReturnsADeviceTensor() {
        Tensor a = wrapped.upload(new byte[]{127, -127, 64, 0, 1, -1}, DType.I8, 2, 3);
        Tensor stats = wrapped.upload(new float[]{2f, 127f}, 2);
        Tensor out = wrapped.int8VectorwiseDequant(a, stats);
        assertEquals("dev", out.backend().name(), "result lives on the device");
        assertArrayEquals(new long[]{2, 3}, out.shape());
        assertArrayEquals(new float[]{2f, -2f, 64 * 2f / 127f, 0f, 1f, -1f}, wrapped.downloadFloats(out));
        assertEquals(java.util.List.of("int8VectorwiseDequant"), host.calls);
        assertTrue(device.calls.isEmpty(), "the device op was never called");
    }

    @Test
    void inPlaceArgumentsAreCopiedBack() {
        Tensor grad = wrapped.upload(new float[]{1, 2}, 2);
        Tensor gnorm = wrapped.allocate(DType.F32, 100);
        ClipResult r = wrapped.percentileClipping(grad, gnorm, 5, 95);
        assertEquals(new ClipResult(1f, 2f, 0.5f), r);
        assertEquals(42f, wrapped.downloadFloats(gnorm)[5]);
    }

    @Test
    void nativeOpsGoToTheDeviceAndItsExceptionsPassUnwrapped() {
        Tensor a = wrapped.upload(new float[]{1, 2}, 2);
        var e = assertThrows(UnsupportedOperationException.class, () -> wrapped.quantize4bit(a, 64, QuantType.NF4, DType.U8));
        assertTrue(e.getMessage().contains("'dev'"), e.getMessage());
        assertEquals(java.util.List.of("quantize4bit"), device.calls);
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void foreignTensorsAreRejectedBeforeCopying() {
        Tensor foreign = new FakeBackend("other").upload(new byte[]{1}, DType.I8, 1, 1);
        Tensor stats = wrapped.upload(new float[]{1f}, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> wrapped.int8VectorwiseDequant(foreign, stats));
        assertTrue(e.getMessage().contains("belongs to backend 'other'"), e.getMessage());
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void warmUpReachesTheDeviceAndTheHostWhenTheHostRunsSomeOps() {
        wrapped.warmUp();
        assertEquals(java.util.List.of("warmUp"), device.calls);
        assertEquals(java.util.List.of("warmUp"), host.calls);
        Host idle = new Host();
        FakeBackend full = new FakeBackend("full").declare(Support.NONE, Op.PAGED_MEMORY);
        HostFallback.wrap(full, () -> idle).warmUp();
        assertEquals(java.util.List.of("warmUp"), full.calls);
        assertTrue(idle.calls.isEmpty(), "a device that runs every op needs no warm host: " + idle.calls);
    }

    @Test
    void everyBackendMethodIsWrittenOutSoThatDeviceOverridesAndOpsPassWithoutReflection() throws Exception {
        // a Backend method the wrapper left to the interface would bypass the device's own version
        for (var m : Backend.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
            var impl = HostFallback.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(HostFallback.class, impl.getDeclaringClass(), "HostFallback does not write out " + m);
        }
        // a device op is called directly: its own exception arrives unwrapped, and the host is not asked
        var e = assertThrows(UnsupportedOperationException.class, () -> wrapped.quantize4bit(wrapped.allocate(DType.F32, 64), 64, QuantType.NF4, DType.U8));
        assertTrue(e.getMessage().contains("fake backend 'dev'"), e.getMessage());
        assertEquals(java.util.List.of("quantize4bit"), device.calls);
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void everyBackendMethodThatIsAnOpMapsToAnOp() {
        int ops = 0;
        for (var m : Backend.class.getMethods()) if (HostFallback.opOf(m) != null) ops++;
        // every Op except PAGED_MEMORY has exactly one interface method
        assertEquals(Op.values().length - 1, ops);
        for (Op op : Op.values()) {
            if (op == Op.PAGED_MEMORY) continue;
            boolean found = false;
            for (var m : Backend.class.getMethods()) found |= HostFallback.opOf(m) == op;
            assertTrue(found, "no Backend method for " + op);
        }
    }
}
