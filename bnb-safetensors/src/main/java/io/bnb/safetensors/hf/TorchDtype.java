package io.bnb.safetensors.hf;

import io.bnb.api.DType;

/** The dtype names PyTorch prints ({@code str(torch.bfloat16)} stripped of "torch."), as bitsandbytes and transformers store them. */
public final class TorchDtype {
    private TorchDtype() {}

    public static String name(DType d) {
        return switch (d) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case I8 -> "int8";
            case U8 -> "uint8";
            case I32 -> "int32";
            case I64 -> "int64";
        };
    }

    /** Parses a torch dtype name (with or without the "torch." prefix; "float"/"half" aliases accepted). */
    public static DType parse(String s) {
        if (s == null) throw new IllegalArgumentException("dtype name must not be null");
        String n = s.startsWith("torch.") ? s.substring(6) : s;
        return switch (n) {
            case "float32", "float" -> DType.F32;
            case "float16", "half" -> DType.F16;
            case "bfloat16" -> DType.BF16;
            case "int8" -> DType.I8;
            case "uint8" -> DType.U8;
            case "int32", "int" -> DType.I32;
            case "int64", "long" -> DType.I64;
            default -> throw new IllegalArgumentException("unknown torch dtype '" + s + "' (expected float32, float16, bfloat16, int8, uint8, int32 or int64)");
        };
    }

    /** Parses the short spellings a command line accepts too: fp32, fp16, bf16, f32, f16. */
    public static DType parseLenient(String s) {
        if (s == null) throw new IllegalArgumentException("dtype name must not be null");
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "fp32", "f32" -> DType.F32;
            case "fp16", "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> parse(s.toLowerCase(java.util.Locale.ROOT));
        };
    }
}
