package io.bnb.api;

/** Result of percentile clipping: the current gradient norm, the percentile clip value and the scale to apply. */
public record ClipResult(float gnorm, float clipValue, float gnormScale) {}
