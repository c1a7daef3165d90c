package io.bnb.conformance;

/** The {@link Blockwise8Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Blockwise8Conformance extends ConformanceSuite implements Blockwise8Suite {}
