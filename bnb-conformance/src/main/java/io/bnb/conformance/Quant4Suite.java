package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.stream.Stream;

/**
 * NF4 and FP4 quantization (spec OPS.md §3, TOLERANCES.md §2). Every check is written once and
 * run twice, under the {@code quant4-nf4} and {@code quant4-fp4} cells.
 */
public interface Quant4Suite extends SuiteContext {
    int[] BLOCKSIZES = {32, 64, 128, 256, 512, 1024, 2048, 4096};
    DType[] FLOATS = {DType.F32, DType.F16, DType.BF16};

    // ------------------------------------------------------------------ (a) goldens

    @TestFactory @Tag("quant4-nf4")
    default Stream<DynamicTest> required_quantize4bit_nf4Golden() { return Quant4Checks.goldenQuantize(this, QuantType.NF4); }

    @TestFactory @Tag("quant4-fp4")
    default Stream<DynamicTest> required_quantize4bit_fp4Golden() { return Quant4Checks.goldenQuantize(this, QuantType.FP4); }

    @TestFactory @Tag("quant4-nf4")
    default Stream<DynamicTest> required_dequantize4bit_nf4Golden() { return Quant4Checks.goldenDequantize(this, QuantType.NF4); }

    @TestFactory @Tag("quant4-fp4")
    default Stream<DynamicTest> required_dequantize4bit_fp4Golden() { return Quant4Checks.goldenDequantize(this, QuantType.FP4); }

    /** Double quantization of an NF4 weight (golden {@code dq.*}): packed bytes, nested absmax codes, second-level absmax, output. */
    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4DoubleQuantGolden() { Quant4Checks.goldenDoubleQuant(this); }

    /** {@link Backend#warmUp()} changes no result: a BF16 round trip is identical before and after it (called twice). */
    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_unchangedByWarmUp() { Quant4Checks.unchangedByWarmUp(this); }

    // ------------------------------------------------------------------ (b) properties

    @ParameterizedTest(name = "{0}") @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"}) @Tag("quant4-nf4")
    default void required_quantize4bit_nf4Rule(DType dt) { Quant4Checks.rule(this, QuantType.NF4, dt); }

    @ParameterizedTest(name = "{0}") @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"}) @Tag("quant4-fp4")
    default void required_quantize4bit_fp4Rule(DType dt) { Quant4Checks.rule(this, QuantType.FP4, dt); }

    @ParameterizedTest(name = "{0}") @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"}) @Tag("quant4-nf4")
    default void required_dequantize4bit_nf4Formula(DType dt) { Quant4Checks.formula(this, QuantType.NF4, dt); }

    @ParameterizedTest(name = "{0}") @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"}) @Tag("quant4-fp4")
    default void required_dequantize4bit_fp4Formula(DType dt) { Quant4Checks.formula(this, QuantType.FP4, dt); }

    /** TOLERANCES.md §2 test_4bit_quant: mean errors on N(0,1) 1024×1024 within mean ± 7σ of upstream's samples. */
    @ParameterizedTest(name = "{0} bs {1}")
    @CsvSource({"F32,32", "F32,64", "F32,128", "F32,256", "F32,512", "F32,1024", "F32,2048", "F32,4096",
                "F16,32", "F16,64", "F16,128", "F16,256", "F16,512", "F16,1024", "F16,2048", "F16,4096",
                "BF16,32", "BF16,64", "BF16,128", "BF16,256", "BF16,512", "BF16,1024", "BF16,2048", "BF16,4096"})
    @Tag("quant4-nf4")
    default void required_quantize4bit_nf4ErrorBounds(DType dt, int bs) { Quant4Checks.errorBounds(this, QuantType.NF4, dt, bs); }

    @ParameterizedTest(name = "{0} bs {1}")
    @CsvSource({"F32,32", "F32,64", "F32,128", "F32,256", "F32,512", "F32,1024", "F32,2048", "F32,4096",
                "F16,32", "F16,64", "F16,128", "F16,256", "F16,512", "F16,1024", "F16,2048", "F16,4096",
                "BF16,32", "BF16,64", "BF16,128", "BF16,256", "BF16,512", "BF16,1024", "BF16,2048", "BF16,4096"})
    @Tag("quant4-fp4")
    default void required_quantize4bit_fp4ErrorBounds(DType dt, int bs) { Quant4Checks.errorBounds(this, QuantType.FP4, dt, bs); }

    /** TOLERANCES.md §2 test_4bit_compressed_stats: plain and double-quantized abs < 0.11, rel < 0.28. */
    @ParameterizedTest(name = "{0} bs {1}")
    @CsvSource({"F32,32", "F32,64", "F32,128", "F16,32", "F16,64", "F16,128"})
    @Tag("quant4-nf4")
    default void required_quantize4bit_nf4CompressedStats(DType dt, int bs) { Quant4Checks.compressedStats(this, QuantType.NF4, dt, bs); }

    @ParameterizedTest(name = "{0} bs {1}")
    @CsvSource({"F32,32", "F32,64", "F32,128", "F16,32", "F16,64", "F16,128"})
    @Tag("quant4-fp4")
    default void required_quantize4bit_fp4CompressedStats(DType dt, int bs) { Quant4Checks.compressedStats(this, QuantType.FP4, dt, bs); }

    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4Storage() { Quant4Checks.storage(this, QuantType.NF4); }

    @Test @Tag("quant4-fp4")
    default void required_quantize4bit_fp4Storage() { Quant4Checks.storage(this, QuantType.FP4); }

    /** test_quantize_4bit_not_divisible_by_blocksize: shape (7, bs−1) round-trips with shape, dtype, finite values. */
    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4NotDivisible() { Quant4Checks.notDivisible(this, QuantType.NF4); }

    @Test @Tag("quant4-fp4")
    default void required_quantize4bit_fp4NotDivisible() { Quant4Checks.notDivisible(this, QuantType.FP4); }

    /** test_embedding_lossless: weights in {−1, 0, +1} round-trip exactly. */
    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4Lossless() { Quant4Checks.lossless(this, QuantType.NF4); }

    @Test @Tag("quant4-fp4")
    default void required_quantize4bit_fp4Lossless() { Quant4Checks.lossless(this, QuantType.FP4); }

    // ------------------------------------------------------------------ (c) agreement with the CPU reference

    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4MatchesReference() {
        requireNotReference();
        Quant4Checks.matchesReference(this, QuantType.NF4);
    }

    @Test @Tag("quant4-fp4")
    default void required_quantize4bit_fp4MatchesReference() {
        requireNotReference();
        Quant4Checks.matchesReference(this, QuantType.FP4);
    }

    // ------------------------------------------------------------------ bad input

    @Test @Tag("quant4-nf4")
    default void required_quantize4bit_nf4RejectsBadInput() { Quant4Checks.rejectsQuantize(this, QuantType.NF4); }

    @Test @Tag("quant4-fp4")
    default void required_quantize4bit_fp4RejectsBadInput() { Quant4Checks.rejectsQuantize(this, QuantType.FP4); }

    @Test @Tag("quant4-nf4")
    default void required_dequantize4bit_nf4RejectsBadInput() { Quant4Checks.rejectsDequantize(this, QuantType.NF4); }

    @Test @Tag("quant4-fp4")
    default void required_dequantize4bit_fp4RejectsBadInput() { Quant4Checks.rejectsDequantize(this, QuantType.FP4); }
}
