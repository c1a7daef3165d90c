package io.bnb.api;

/** Element types a {@link Tensor} can hold. Names follow safetensors ({@link #safetensorsName()}). */
public enum DType {
    F32(4, "F32"), F16(2, "F16"), BF16(2, "BF16"), I8(1, "I8"), U8(1, "U8"), I32(4, "I32"), I64(8, "I64");

    private final int byteSize;
    private final String safetensorsName;

    DType(int byteSize, String safetensorsName) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
    }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    /** The dtype string used in safetensors headers. */
    public String safetensorsName() { return safetensorsName; }

    /** True for F32, F16 and BF16. */
    public boolean isFloat() { return this == F32 || this == F16 || this == BF16; }

    /** Parses a safetensors dtype string; throws naming the unknown value. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) if (d.safetensorsName.equals(name)) return d;
        throw new IllegalArgumentException("unknown dtype '" + name + "' (expected one of F32, F16, BF16, I8, U8, I32, I64)");
    }
}
