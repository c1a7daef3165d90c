package io.bnb.conformance;

/** The CPU backend held to the full suite (it cannot depend on this module itself: this is the reference). */
class CpuConformanceTest extends BackendConformance {
    @Override
    protected String backendName() { return "cpu"; }
}
