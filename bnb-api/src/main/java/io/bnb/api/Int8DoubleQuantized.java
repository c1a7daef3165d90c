package io.bnb.api;

/** Output of {@code int8_double_quant}: row- and column-wise int8 codes and stats, and outlier columns (null for threshold 0). */
public record Int8DoubleQuantized(Tensor rowData, Tensor colData, Tensor rowStats, Tensor colStats, Tensor outlierCols)
        implements AutoCloseable {
    @Override
    public void close() {
        rowData.close();
        colData.close();
        rowStats.close();
        colStats.close();
        if (outlierCols != null) outlierCols.close();
    }
}
