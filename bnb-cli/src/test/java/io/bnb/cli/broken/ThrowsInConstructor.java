package io.bnb.cli.broken;

import io.bnb.api.Backend;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

/** A provider whose constructor throws (ServiceLoader reports "could not be instantiated"). */
public final class ThrowsInConstructor implements BackendProvider {
    public ThrowsInConstructor() { throw new IllegalStateException("constructor exploded"); }

    @Override public String name() { return "ctor"; }
    @Override public int priority() { return 1000; }
    @Override public Availability probe() { return Availability.available("never"); }
    @Override public Backend open() { throw new AssertionError(); }
}
