/**
 * The bnb-java API: what users hold ({@code io.bnb.api}), what vendors implement
 * ({@code io.bnb.spi}) and the stateful conveniences built on the raw ops.
 * Depends on java.base only.
 */
module io.bnb.api {
    exports io.bnb.api;
    exports io.bnb.spi;
    exports io.bnb.functional;
    exports io.bnb.nn;
    exports io.bnb.optim;
    uses io.bnb.spi.BackendProvider;
}
