package io.bnb.conformance;

/** The {@link Gemm4Suite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class Gemm4Conformance extends ConformanceSuite implements Gemm4Suite {}
