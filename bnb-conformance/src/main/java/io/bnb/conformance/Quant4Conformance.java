package io.bnb.conformance;

/** The {@link Quant4Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Quant4Conformance extends ConformanceSuite implements Quant4Suite {}
