package io.bnb.conformance;

import io.bnb.api.Backend;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds backend providers by name, the way {@link io.bnb.api.Bnb} does. */
public final class Providers {
    private Providers() {}

    /** The system property (and JUnit configuration parameter) naming the backend to test. */
    public static final String BACKEND_PROPERTY = "bnb.backend";

    /** Every provider ServiceLoader can load (broken ones are left out; {@code Bnb.backends()} reports them). */
    public static List<BackendProvider> all() {
        List<BackendProvider> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ClassLoader cl : new ClassLoader[]{Thread.currentThread().getContextClassLoader(), Providers.class.getClassLoader()}) {
            var it = ServiceLoader.load(BackendProvider.class, cl).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) break;
                    BackendProvider p = it.next();
                    if (!seen.contains(p.getClass().getName())) {
                        seen.add(p.getClass().getName());
                        out.add(p);
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    // a broken provider must not hide the others
                }
            }
        }
        return out;
    }

    /** The provider named {@code name}, or one that reports why there is none. */
    public static BackendProvider named(String name) {
        if (name == null || name.isBlank()) return missing("(none)", "no backend named: set -D" + BACKEND_PROPERTY + "=NAME");
        for (BackendProvider p : all()) {
            try {
                if (p.name().equalsIgnoreCase(name.trim())) return p;
            } catch (RuntimeException | LinkageError ignored) {
                // skip a provider whose name() fails
            }
        }
        return missing(name.trim(), "no provider named '" + name.trim() + "' on the class or module path");
    }

    /** The provider named by {@code -Dbnb.backend} (or {@code BNB_BACKEND}). */
    public static BackendProvider fromSystemProperty() {
        String name = System.getProperty(BACKEND_PROPERTY);
        if (name == null || name.isBlank()) name = System.getenv("BNB_BACKEND");
        return named(name);
    }

    /** A provider that is never available, carrying {@code reason}. */
    static BackendProvider missing(String name, String reason) {
        return new BackendProvider() {
            @Override public String name() { return name; }
            @Override public int priority() { return Integer.MIN_VALUE; }
            @Override public Availability probe() { return Availability.unavailable(reason); }
            @Override public Backend open() { throw new IllegalStateException(reason); }
        };
    }
}
