package io.bnb.functional;

import io.bnb.api.QuantState;
import io.bnb.api.Tensor;

/** A 4-bit packed tensor and the state needed to dequantize it. */
public record Packed4bit(Tensor data, QuantState state) implements AutoCloseable {
    @Override
    public void close() {
        data.close();
        state.close();
    }
}
