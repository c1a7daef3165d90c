package io.bnb.backend.cuda;

import io.bnb.conformance.BackendConformance;
import io.bnb.spi.BackendProvider;

/**
 * The cuda backend held to the whole conformance suite. Where the device is absent every test is
 * skipped with the provider's availability reason (never passed).
 */
class CudaConformanceTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return new CudaProvider(); }
}
