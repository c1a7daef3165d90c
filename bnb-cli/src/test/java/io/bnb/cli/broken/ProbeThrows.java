package io.bnb.cli.broken;

import io.bnb.api.Backend;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

/** A provider that breaks its contract: probe() throws instead of reporting a reason. */
public final class ProbeThrows implements BackendProvider {
    @Override public String name() { return "probethrows"; }
    @Override public int priority() { return 1000; }
    @Override public Availability probe() { throw new NoClassDefFoundError("com/vendor/Driver"); }
    @Override public Backend open() { throw new AssertionError(); }
}
