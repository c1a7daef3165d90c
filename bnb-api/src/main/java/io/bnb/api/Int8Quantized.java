package io.bnb.api;

/**
 * Output of {@code int8_vectorwise_quant}: int8 rows, float32 row absmax and, when a threshold
 * was given, the sorted I64 indices of the outlier columns (empty when none; null for threshold 0).
 */
public record Int8Quantized(Tensor data, Tensor rowStats, Tensor outlierCols) implements AutoCloseable {
    @Override
    public void close() {
        data.close();
        rowStats.close();
        if (outlierCols != null) outlierCols.close();
    }
}
