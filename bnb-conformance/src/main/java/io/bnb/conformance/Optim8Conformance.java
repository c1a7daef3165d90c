package io.bnb.conformance;

/** The {@link Optim8Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Optim8Conformance extends ConformanceSuite implements Optim8Suite {}
