package io.bnb.safetensors;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resources as file paths (they are memory-mapped, so they must be real files). */
public final class Resources {
    private Resources() {}

    public static Path path(String name) {
        try {
            var url = Resources.class.getResource("/" + name);
            if (url == null) throw new IllegalStateException("missing test resource " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
