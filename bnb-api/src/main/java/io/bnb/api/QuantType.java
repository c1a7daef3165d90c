package io.bnb.api;

/** The two 4-bit data types of bitsandbytes. */
public enum QuantType {
    /** NormalFloat-4: 16 quantiles of N(0,1), scaled to [-1, 1]. */
    NF4,
    /** 4-bit float: 1 sign, 2 exponent, 1 mantissa bit, scaled by 1/12. */
    FP4;

    /** The upstream spelling: "nf4" or "fp4". */
    public String upstreamName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The 16-entry code indexed by the 4-bit value. */
    public float[] code() { return this == NF4 ? Codebooks.nf4() : Codebooks.fp4(); }

    public static QuantType fromUpstream(String s) {
        return switch (s) {
            case "nf4" -> NF4;
            case "fp4" -> FP4;
            default -> throw new IllegalArgumentException("quant_type must be 'nf4' or 'fp4', got '" + s + "'");
        };
    }
}
