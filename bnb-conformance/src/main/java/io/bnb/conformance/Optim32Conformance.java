package io.bnb.conformance;

/** The {@link Optim32Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Optim32Conformance extends ConformanceSuite implements Optim32Suite {}
