package io.bnb.backend.mps;

import io.bnb.conformance.BackendConformance;
import io.bnb.spi.BackendProvider;

/**
 * The mps backend held to the whole conformance suite. Where the device is absent every test is
 * skipped with the provider's availability reason (never passed).
 */
class MpsConformanceTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return new MpsProvider(); }
}
