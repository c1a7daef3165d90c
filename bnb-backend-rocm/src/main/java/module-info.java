module io.bnb.backend.rocm {
    requires transitive io.bnb.api;
    exports io.bnb.backend.rocm;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.rocm.RocmProvider;
}
