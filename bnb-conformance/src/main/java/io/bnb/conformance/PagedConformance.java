package io.bnb.conformance;

/** The {@link PagedSuite} checks alone: extend and override {@code provider()} or {@code backendName()}. */
public abstract class PagedConformance extends ConformanceSuite implements PagedSuite {}
