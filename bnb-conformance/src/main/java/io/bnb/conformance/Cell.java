package io.bnb.conformance;

import io.bnb.api.Op;

import java.util.List;
import java.util.Optional;

/**
 * The cells of the support matrix. Each cell is one JUnit tag (its {@link #tag()}); every
 * conformance test carries exactly one of them. Groups follow upstream's README columns.
 */
public enum Cell {
    INT8_QUANT("int8-quant", Group.LLM_INT8, "int8_vectorwise_quant / dequant", Op.INT8_VECTORWISE_QUANT, Op.INT8_VECTORWISE_DEQUANT),
    INT8_DOUBLE_QUANT("int8-double-quant", Group.LLM_INT8, "int8_double_quant", Op.INT8_DOUBLE_QUANT),
    INT8_MATMUL("int8-matmul", Group.LLM_INT8, "int8_linear_matmul", Op.INT8_LINEAR_MATMUL),
    INT8_MM_DEQUANT("int8-mm-dequant", Group.LLM_INT8, "int8_mm_dequant", Op.INT8_MM_DEQUANT),
    LLM_INT8("llm-int8", Group.LLM_INT8, "int8_scaled_mm / int8_mixed_scaled_mm (LLM.int8 forward)",
            Op.INT8_SCALED_MM, Op.INT8_MIXED_SCALED_MM),
    QUANT4_NF4("quant4-nf4", Group.QLORA_4BIT, "quantize_4bit / dequantize_4bit NF4", Op.QUANTIZE_4BIT, Op.DEQUANTIZE_4BIT),
    QUANT4_FP4("quant4-fp4", Group.QLORA_4BIT, "quantize_4bit / dequantize_4bit FP4", Op.QUANTIZE_4BIT, Op.DEQUANTIZE_4BIT),
    GEMV4("gemv4", Group.QLORA_4BIT, "gemv_4bit", Op.GEMV_4BIT),
    GEMM4("gemm4", Group.QLORA_4BIT, "gemm_4bit", Op.GEMM_4BIT),
    BLOCKWISE8("blockwise8", Group.QLORA_4BIT, "quantize_blockwise / dequantize_blockwise (8-bit, nested absmax)",
            Op.QUANTIZE_BLOCKWISE, Op.DEQUANTIZE_BLOCKWISE),
    OPTIM32("optim32", Group.OPTIM_8BIT, "optimizer_update_32bit", Op.OPTIMIZER_UPDATE_32BIT),
    OPTIM8_BLOCKWISE("optim8-blockwise", Group.OPTIM_8BIT, "optimizer_update_8bit_blockwise", Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE),
    PERCENTILE_CLIPPING("percentile-clipping", Group.OPTIM_8BIT, "percentile_clipping (removed upstream in 0.50)", Op.PERCENTILE_CLIPPING),
    PAGED("paged", Group.OPTIM_8BIT, "paged (unified) memory", Op.PAGED_MEMORY);

    /** The three feature columns of upstream's README matrix. */
    public enum Group {
        LLM_INT8("LLM.int8()"), QLORA_4BIT("QLoRA 4-bit"), OPTIM_8BIT("8-bit optimizers");

        private final String title;

        Group(String title) { this.title = title; }

        public String title() { return title; }
    }

    private final String tag;
    private final Group group;
    private final String title;
    private final List<Op> ops;

    Cell(String tag, Group group, String title, Op... ops) {
        this.tag = tag;
        this.group = group;
        this.title = title;
        this.ops = List.of(ops);
    }

    /** The JUnit tag of this cell. */
    public String tag() { return tag; }

    public Group group() { return group; }

    public String title() { return title; }

    /** The ops whose {@link io.bnb.api.Support} decides whether this cell can run. */
    public List<Op> ops() { return ops; }

    public static Optional<Cell> ofTag(String tag) {
        for (Cell c : values()) if (c.tag.equals(tag)) return Optional.of(c);
        return Optional.empty();
    }

    /** The cell among a test's tags, if any. */
    public static Optional<Cell> among(Iterable<String> tags) {
        for (String t : tags) {
            Optional<Cell> c = ofTag(t);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }
}
