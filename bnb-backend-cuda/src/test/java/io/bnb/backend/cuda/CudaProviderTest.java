package io.bnb.backend.cuda;

import io.bnb.api.BackendUnavailableException;
import io.bnb.api.Bnb;
import io.bnb.spi.Availability;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Discovery and the reason a machine without a usable GPU gets. */
class CudaProviderTest {

    @Test
    void discoveredUnderItsNameWithTopPriority() {
        var info = Bnb.backends().stream().filter(b -> b.name().equals("cuda")).findFirst();
        assertTrue(info.isPresent(), "cuda provider not discovered: " + Bnb.backends());
        assertEquals(100, info.get().priority());
        assertEquals(CudaProvider.class.getName(), info.get().provider());
    }

    @Test
    void unavailableReasonNamesTheCause() {
        Availability a = new CudaProvider().probe();
        assumeFalse(a.available(), "a CUDA device is present: " + a.reason());
        String r = a.reason();
        if (!NativeLibrary.bundled()) {
            assertTrue(r.startsWith("native library not built"), r);
            return;
        }
        // library present, no usable device: the CUDA runtime's own words
        assertTrue(r.startsWith("CUDA runtime reports: "), r);
        assertTrue(r.contains("driver") || r.contains("no CUDA-capable device"), r);
        assertTrue(r.contains("cudaGetDeviceCount"), r);
    }

    @Test
    void noDriverIsErrorCode35WhenTheLibraryIsBuilt() {
        assumeFalse(!NativeLibrary.bundled(), "library not built here");
        assertNull(NativeLibrary.load());
        int n = CudaNative.bnb_device_count();
        if (n >= 0) return;  // a GPU machine
        // 35 = cudaErrorInsufficientDriver, 100 = cudaErrorNoDevice
        assertTrue(n == -35 || n == -100, "unexpected error " + n + ": " + CudaNative.bnb_last_error());
    }

    @Test
    void openingWithoutADeviceThrowsWithTheReason() {
        CudaProvider p = new CudaProvider();
        Availability a = p.probe();
        assumeFalse(a.available());
        var e = assertThrows(BackendUnavailableException.class, p::open);
        assertTrue(e.getMessage().contains(a.reason()), e.getMessage());
        var viaBnb = assertThrows(BackendUnavailableException.class, () -> Bnb.backend("cuda"));
        assertTrue(viaBnb.getMessage().contains("cuda"), viaBnb.getMessage());
    }
}
