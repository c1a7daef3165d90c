package io.bnb.conformance;

/** The {@link Gemv4Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Gemv4Conformance extends ConformanceSuite implements Gemv4Suite {}
