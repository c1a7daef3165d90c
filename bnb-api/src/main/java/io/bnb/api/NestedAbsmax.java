package io.bnb.api;

/**
 * The first-level scales of a double-quantized 4-bit weight as gemm4bit consumes them:
 * {@code scale[b] = code[codes[b]] * absmax2[b / 256] + offset}, where absmax2 is passed as the op's absmax.
 *
 * @param codes  U8 {@code [blocks]} (the QuantState's quantized absmax)
 * @param code   F32 {@code [256]} (the nested state's code)
 * @param offset the mean subtracted before nesting
 */
public record NestedAbsmax(Tensor codes, Tensor code, float offset) {}
