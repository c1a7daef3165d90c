/** The pure-Java reference backend: complete, bit-faithful to upstream, SIMD through the Vector API. */
module io.bnb.backend.cpu {
    requires transitive io.bnb.api;
    requires static jdk.incubator.vector;
    exports io.bnb.backend.cpu;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.cpu.CpuProvider;
}
