package io.bnb.api;

/** Output of {@code int8_mixed_scaled_mm}: the result and the outlier activation columns {@code subA} (empty when none). */
public record MixedMatmul(Tensor out, Tensor subA) implements AutoCloseable {
    @Override
    public void close() {
        out.close();
        subA.close();
    }
}
