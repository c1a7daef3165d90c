package io.bnb.cli;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;

/** The backend a command runs on: {@code --backend NAME}, else discovery's choice. */
final class Backends {
    private Backends() {}

    static Backend pick(String name) {
        return name == null || name.isBlank() ? Bnb.backend() : Bnb.backend(name);
    }
}
