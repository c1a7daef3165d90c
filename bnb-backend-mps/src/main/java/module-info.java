module io.bnb.backend.mps {
    requires transitive io.bnb.api;
    exports io.bnb.backend.mps;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.mps.MpsProvider;
}
