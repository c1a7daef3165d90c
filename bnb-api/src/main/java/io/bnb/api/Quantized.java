package io.bnb.api;

/** Output of a blockwise quantizer: the codes (uint8, or packed 4-bit) and the float32 per-block absmax. */
public record Quantized(Tensor data, Tensor absmax) implements AutoCloseable {
    @Override
    public void close() {
        data.close();
        absmax.close();
    }
}
