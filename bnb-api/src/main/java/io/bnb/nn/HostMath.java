package io.bnb.nn;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Tensor;

/**
 * The few elementwise steps the layers need that have no op on {@link Backend}: dtype casts and
 * bias addition, done on the host (download, compute in float with one round-to-nearest-even to the
 * target dtype, upload) exactly as PyTorch rounds them.
 */
final class HostMath {
    private HostMath() {}

    /** A new tensor holding {@code t} converted to {@code dtype} (F32/F16/BF16). */
    static Tensor cast(Backend b, Tensor t, DType dtype) {
        return b.upload(b.downloadFloats(t), dtype, t.shape());
    }

    /** {@code t} itself when it already lives on {@code b}, else a copy on {@code b} (the original is closed). */
    static Tensor adopt(Backend b, Tensor t) {
        if (t == null || t.backend() == b) return t;
        Tensor c = b.allocate(t.dtype(), t.shape());
        try {
            b.copy(t, c);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        t.close();
        return c;
    }

    /** {@code y} itself when it has {@code shape}, else a copy in that shape (a view could not outlive y); y is consumed. */
    static Tensor reshaped(Backend b, Tensor y, long[] shape) {
        if (java.util.Arrays.equals(y.shape(), shape)) return y;
        Tensor out = b.allocate(y.dtype(), shape);
        try {
            b.copyDevice(y, out);
        } finally {
            y.close();
        }
        return out;
    }

    /** The shape of {@code x} with its last dimension replaced by {@code n}. */
    static long[] withLast(long[] shape, long n) {
        long[] s = shape.clone();
        s[s.length - 1] = n;
        return s;
    }
}
