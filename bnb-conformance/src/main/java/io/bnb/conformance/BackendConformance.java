package io.bnb.conformance;

/**
 * The whole conformance suite. A vendor certifies a backend with one subclass:
 * <pre>{@code
 * class CudaConformanceTest extends BackendConformance {
 *     @Override protected String backendName() { return "cuda"; }
 * }
 * }</pre>
 * (or override {@code provider()} to hand over a provider instance directly).
 */
public abstract class BackendConformance extends ConformanceSuite
        implements Int8Suite, LlmInt8Suite, Quant4Suite, Gemv4Suite, Gemm4Suite, Blockwise8Suite,
        Optim32Suite, Optim8Suite, ClippingSuite, PagedSuite {}
