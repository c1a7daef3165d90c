package io.bnb.conformance;

import io.bnb.spi.BackendProvider;

/**
 * The suite against the backend named by {@code -Dbnb.backend=NAME} (Jakarta TCK style): scan the
 * conformance jar with surefire's {@code dependenciesToScan} and this is the one concrete test
 * class found. Without the property every test is skipped with the reason.
 */
public class SelectedBackendTest extends BackendConformance {
    @Override
    protected BackendProvider provider() { return Providers.fromSystemProperty(); }
}
