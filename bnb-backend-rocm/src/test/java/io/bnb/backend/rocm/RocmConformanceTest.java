package io.bnb.backend.rocm;

import io.bnb.conformance.BackendConformance;
import io.bnb.spi.BackendProvider;

/**
 * The rocm backend held to the whole conformance suite. Where the device is absent every test is
 * skipped with the provider's availability reason (never passed).
 */
class RocmConformanceTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return new RocmProvider(); }
}
