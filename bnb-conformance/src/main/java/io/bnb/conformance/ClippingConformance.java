package io.bnb.conformance;

/** The {@link ClippingSuite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class ClippingConformance extends ConformanceSuite implements ClippingSuite {}
