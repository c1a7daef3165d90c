package io.bnb.api;

import io.bnb.spi.WarmUpCalls;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Which calls {@link WarmUpCalls} makes: every inference op per dtype, none the backend lacks, bad sizes refused. */
class WarmUpCallsTest {
    @Test
    void opsTheBackendLacksAreLeftOutAndBadSizesRefused() {
        FakeBackend none = new FakeBackend("none").declare(Support.NONE, Op.values());
        try (WarmUpCalls w = WarmUpCalls.create(none, 2, 256)) {
            assertTrue(w.calls().isEmpty(), "calls for ops the backend does not have: " + w.calls());
            w.runEach();
        }
        var e = assertThrows(IllegalArgumentException.class, () -> WarmUpCalls.create(none, 2, 100));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WarmUpCalls.create(none, 0, 256));
    }
}
