package io.bnb.backend.hpu;

import io.bnb.conformance.BackendConformance;
import io.bnb.spi.BackendProvider;

/**
 * The hpu backend held to the whole conformance suite. Where the device is absent every test is
 * skipped with the provider's availability reason (never passed).
 */
class HpuConformanceTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return new HpuProvider(); }
}
