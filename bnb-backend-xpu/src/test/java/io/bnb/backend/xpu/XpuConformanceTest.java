package io.bnb.backend.xpu;

import io.bnb.conformance.BackendConformance;
import io.bnb.spi.BackendProvider;

/**
 * The xpu backend held to the whole conformance suite. Where the device is absent every test is
 * skipped with the provider's availability reason (never passed).
 */
class XpuConformanceTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return new XpuProvider(); }
}
