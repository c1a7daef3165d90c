package io.bnb.safetensors.hf;

import io.bnb.api.DType;
import io.bnb.api.QuantType;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link CheckpointConverter} produces.
 *
 * @param target       NF4/FP4 (4-bit), INT8 (LLM.int8) or NONE (a float checkpoint: quantized layers dequantized)
 * @param doubleQuant  4-bit only: quantize the absmax again (block 256)
 * @param blocksize    4-bit block size (64 in transformers)
 * @param computeDtype 4-bit compute dtype recorded in config.json (transformers' default is float32)
 * @param threshold    LLM.int8 outlier threshold recorded in config.json (6.0)
 * @param skip         tensor names matching this (find) are left as they are, besides the default embeddings / lm_head; null for none
 * @param floatDtype   NONE only: dtype of dequantized weights, or null for each weight's original dtype
 */
public record ConversionOptions(Target target, boolean doubleQuant, int blocksize, DType computeDtype, double threshold,
                                Pattern skip, DType floatDtype) {
    public enum Target {
        NF4, FP4, INT8, NONE;

        public QuantType quantType() {
            return switch (this) {
                case NF4 -> QuantType.NF4;
                case FP4 -> QuantType.FP4;
                default -> throw new IllegalStateException(this + " is not a 4-bit target");
            };
        }

        public boolean is4bit() { return this == NF4 || this == FP4; }

        public static Target parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "nf4" -> NF4;
                case "fp4" -> FP4;
                case "int8", "8bit", "llm.int8" -> INT8;
                case "none", "float", "dequantize" -> NONE;
                default -> throw new IllegalArgumentException("--type must be nf4, fp4, int8 or none, got '" + s + "'");
            };
        }
    }

    public ConversionOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(computeDtype, "computeDtype");
        if (!computeDtype.isFloat()) throw new IllegalArgumentException("compute dtype must be float32, float16 or bfloat16, got " + computeDtype);
        if (target.is4bit() && java.util.Arrays.stream(io.bnb.spi.Checks.BLOCKSIZES_4BIT).noneMatch(b -> b == blocksize))
            throw new IllegalArgumentException("blocksize must be one of 32, 64, 128, 256, 512, 1024, 2048, 4096, got " + blocksize);
        if (!(threshold >= 0) || Double.isInfinite(threshold)) throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
        if (floatDtype != null && !floatDtype.isFloat()) throw new IllegalArgumentException("float dtype must be float32, float16 or bfloat16, got " + floatDtype);
    }

    /** transformers' defaults for a target: block 64, no double quantization, float32 compute, threshold 6. */
    public static ConversionOptions of(Target target) {
        return new ConversionOptions(target, false, 64, DType.F32, 6.0, null, null);
    }

    public ConversionOptions withDoubleQuant(boolean dq) { return new ConversionOptions(target, dq, blocksize, computeDtype, threshold, skip, floatDtype); }

    public ConversionOptions withBlocksize(int bs) { return new ConversionOptions(target, doubleQuant, bs, computeDtype, threshold, skip, floatDtype); }

    public ConversionOptions withComputeDtype(DType d) { return new ConversionOptions(target, doubleQuant, blocksize, d, threshold, skip, floatDtype); }

    public ConversionOptions withThreshold(double t) { return new ConversionOptions(target, doubleQuant, blocksize, computeDtype, t, skip, floatDtype); }

    public ConversionOptions withSkip(Pattern p) { return new ConversionOptions(target, doubleQuant, blocksize, computeDtype, threshold, p, floatDtype); }

    public ConversionOptions withFloatDtype(DType d) { return new ConversionOptions(target, doubleQuant, blocksize, computeDtype, threshold, skip, d); }
}
