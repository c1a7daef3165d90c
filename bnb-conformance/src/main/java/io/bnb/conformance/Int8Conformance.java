package io.bnb.conformance;

/** The {@link Int8Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Int8Conformance extends ConformanceSuite implements Int8Suite {}
