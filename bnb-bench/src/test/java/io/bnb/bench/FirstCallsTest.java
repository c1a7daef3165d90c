package io.bnb.bench;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Op;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The first-call harness: the order of warm-up and calls, what it reports, the line a parent reads back. */
class FirstCallsTest {
    final List<String> events = new ArrayList<>();
    final Backend cpu = Bnb.backend("cpu");
    /** The CPU backend, with warmUp recorded instead of run (its real cost is seconds). */
    final Backend recorded = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (p, m, a) -> {
        if (m.getName().equals("warmUp")) {
            events.add("warmUp");
            return null;
        }
        try {
            return m.invoke(cpu, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    });
    final Workload copy = new Workload("t", "test", Op.QUANTIZE_BLOCKWISE, "64 Ki", "F32", Workload.Unit.GBPS, 8.0 * (1 << 16), null, "", b -> {
        Tensor s = b.allocate(DType.F32, 1 << 16), d = b.allocate(DType.F32, 1 << 16);
        return Prepared.of(List.of(s, d), () -> {
            events.add("call");
            b.copyDevice(s, d);
            return null;
        });
    });

    @Test
    void warmUpComesBeforeTheFirstCallAndEveryCallIsTimed() {
        FirstCalls.Result r = FirstCalls.measure(recorded, copy, true);
        assertEquals("warmUp", events.get(0));
        assertEquals(1 + FirstCalls.FIRST + FirstCalls.STEADY, events.size());
        assertEquals(1, events.stream().filter("warmUp"::equals).count());
        assertTrue(r.warmedUp());
        assertTrue(r.warmUpMillis() >= 0, "recorded warm-up took " + r.warmUpMillis());
        assertEquals(FirstCalls.FIRST, r.firstMillis().length);
        for (double t : r.firstMillis()) assertTrue(t > 0, "first call " + t);
        assertTrue(r.steadyMillis() > 0);
    }

    @Test
    void coldRunCallsNoWarmUp() {
        FirstCalls.Result r = FirstCalls.measure(recorded, copy, false);
        assertFalse(events.contains("warmUp"));
        assertFalse(r.warmedUp());
    }

    @Test
    void lineRoundTripsAndBadLinesAreRefused() {
        FirstCalls.Result r = new FirstCalls.Result("gemv_4bit.4096", 8660.5, new double[] {3.9, 3.5, 3.25}, 2.03);
        FirstCalls.Result back = FirstCalls.Result.parse(r.line());
        assertEquals(r.id(), back.id());
        assertEquals(r.warmUpMillis(), back.warmUpMillis());
        assertArrayEquals(r.firstMillis(), back.firstMillis());
        assertEquals(r.steadyMillis(), back.steadyMillis());
        assertTrue(Double.isNaN(FirstCalls.Result.parse(new FirstCalls.Result("x", Double.NaN, new double[] {1, 2, 3}, 1).line()).warmUpMillis()));
        assertThrows(IllegalArgumentException.class, () -> FirstCalls.Result.parse("FIRSTCALL x 1 2"));
        assertThrows(IllegalArgumentException.class, () -> FirstCalls.Result.parse("copy 1 2 3 4 5 6"));
        var e = assertThrows(IllegalArgumentException.class, () -> FirstCalls.workload("no.such"));
        assertTrue(e.getMessage().contains("no.such"), e.getMessage());
        for (String id : FirstCalls.DEFAULT_IDS) assertEquals(id, FirstCalls.workload(id).id());
    }
}
