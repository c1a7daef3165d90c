package io.bnb.spi;

import io.bnb.api.Backend;

/**
 * What a vendor implements and registers with {@link java.util.ServiceLoader} (both
 * {@code provides} in module-info and {@code META-INF/services/io.bnb.spi.BackendProvider}).
 * Providers are cheap: constructing one and calling {@link #probe()} must not load native code
 * that could fail the JVM; {@link #open()} does the heavy work once.
 */
public interface BackendProvider {
    /** Short unique name ("cuda", "cpu"). */
    String name();

    /** Higher wins when several backends are available (cuda 100 > rocm 90 > xpu 80 > hpu 70 > mps 60 > cpu 10). */
    int priority();

    /** Can this backend run here? Never throws; failures become an unavailable reason. */
    Availability probe();

    /** Creates the backend. Called at most once per provider by {@link io.bnb.api.Bnb}. */
    Backend open();
}
