package io.bnb.api;

/** The operators of the upstream {@code bitsandbytes::} registry, plus memory management. */
public enum Op {
    QUANTIZE_BLOCKWISE("quantize_blockwise"),
    DEQUANTIZE_BLOCKWISE("dequantize_blockwise"),
    QUANTIZE_4BIT("quantize_4bit"),
    DEQUANTIZE_4BIT("dequantize_4bit"),
    GEMV_4BIT("gemv_4bit"),
    GEMM_4BIT("gemm_4bit"),
    INT8_VECTORWISE_QUANT("int8_vectorwise_quant"),
    INT8_VECTORWISE_DEQUANT("int8_vectorwise_dequant"),
    INT8_LINEAR_MATMUL("int8_linear_matmul"),
    INT8_MM_DEQUANT("int8_mm_dequant"),
    INT8_DOUBLE_QUANT("int8_double_quant"),
    INT8_SCALED_MM("int8_scaled_mm"),
    INT8_MIXED_SCALED_MM("int8_mixed_scaled_mm"),
    OPTIMIZER_UPDATE_32BIT("optimizer_update_32bit"),
    OPTIMIZER_UPDATE_8BIT_BLOCKWISE("optimizer_update_8bit_blockwise"),
    PERCENTILE_CLIPPING("percentile_clipping"),
    PAGED_MEMORY("paged_memory");

    private final String upstreamName;

    Op(String upstreamName) { this.upstreamName = upstreamName; }

    /** The op's name in upstream's registry. */
    public String upstreamName() { return upstreamName; }
}
