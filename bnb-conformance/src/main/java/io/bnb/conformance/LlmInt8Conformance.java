package io.bnb.conformance;

/** The {@link LlmInt8Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class LlmInt8Conformance extends ConformanceSuite implements LlmInt8Suite {}
