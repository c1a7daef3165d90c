module io.bnb.backend.xpu {
    requires transitive io.bnb.api;
    exports io.bnb.backend.xpu;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.xpu.XpuProvider;
}
