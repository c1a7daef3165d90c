package io.bnb.optim;

import io.bnb.api.DType;
import io.bnb.api.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Reductions the optimizer needs that the op set has no kernel for (gradient finiteness, the
 * parameter norm of the trust ratio). They read host memory directly when the tensor lives
 * there and download it otherwise.
 */
final class HostScan {
    private HostScan() {}

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Number of NaN/±Inf elements of an F32/F16/BF16 tensor. */
    static long countNonFinite(Tensor t) {
        return (long) withHostBytes(t, seg -> countNonFinite(seg, t.dtype(), t.numel()));
    }

    /** {@code ||t||₂} of an F32/F16/BF16 tensor, accumulated in double and rounded to float. */
    static float l2Norm(Tensor t) {
        return (float) withHostBytes(t, seg -> Math.sqrt(sumSquares(seg, t.dtype(), t.numel())));
    }

    private static double withHostBytes(Tensor t, ToDoubleFunction<MemorySegment> f) {
        Optional<MemorySegment> host = t.hostSegment();
        if (host.isPresent()) return f.applyAsDouble(host.get());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(Math.max(1, t.byteSize()), 64);
            t.backend().download(t, tmp);
            return f.applyAsDouble(tmp);
        }
    }

    private static long countNonFinite(MemorySegment s, DType dtype, long n) {
        long bad = 0;
        switch (dtype) {
            case F32 -> { for (long i = 0; i < n; i++) if ((s.getAtIndex(I32, i) & 0x7f80_0000) == 0x7f80_0000) bad++; }
            case F16 -> { for (long i = 0; i < n; i++) if ((s.getAtIndex(I16, i) & 0x7c00) == 0x7c00) bad++; }
            case BF16 -> { for (long i = 0; i < n; i++) if ((s.getAtIndex(I16, i) & 0x7f80) == 0x7f80) bad++; }
            default -> throw new IllegalArgumentException("expected an F32, F16 or BF16 tensor, got " + dtype);
        }
        return bad;
    }

    private static double sumSquares(MemorySegment s, DType dtype, long n) {
        double acc = 0;
        switch (dtype) {
            case F32 -> { for (long i = 0; i < n; i++) { double x = s.getAtIndex(F32, i); acc += x * x; } }
            case F16 -> { for (long i = 0; i < n; i++) { double x = io.bnb.api.Half.f16ToF32(s.getAtIndex(I16, i)); acc += x * x; } }
            case BF16 -> { for (long i = 0; i < n; i++) { double x = io.bnb.api.Half.bf16ToF32(s.getAtIndex(I16, i)); acc += x * x; } }
            default -> throw new IllegalArgumentException("expected an F32, F16 or BF16 tensor, got " + dtype);
        }
        return acc;
    }
}
