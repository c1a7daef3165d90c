module io.bnb.backend.hpu {
    requires transitive io.bnb.api;
    exports io.bnb.backend.hpu;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.hpu.HpuProvider;
}
