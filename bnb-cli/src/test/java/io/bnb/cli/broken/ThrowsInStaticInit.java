package io.bnb.cli.broken;

import io.bnb.api.Backend;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

/** A provider whose class initialisation fails, like one whose static block loads a missing native library. */
public final class ThrowsInStaticInit implements BackendProvider {
    static {
        if (Boolean.parseBoolean("true")) throw new UnsatisfiedLinkError("no broken_native in java.library.path");
    }

    @Override public String name() { return "static"; }
    @Override public int priority() { return 1000; }
    @Override public Availability probe() { return Availability.available("never"); }
    @Override public Backend open() { throw new AssertionError(); }
}
