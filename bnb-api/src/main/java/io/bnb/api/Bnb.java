package io.bnb.api;

import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.HostFallback;

import java.util.*;

/**
 * Discovery and selection of backends, in the manner of JDBC's DriverManager: providers are found
 * once, lazily, with {@link ServiceLoader}; a provider that fails to load or probe is recorded
 * with its reason and never hides the others. {@link #backend()} picks the highest-priority
 * available backend unless {@code -Dbnb.backend=NAME} or {@code BNB_BACKEND=NAME} says otherwise.
 */
public final class Bnb {
    private Bnb() {}

    /** What discovery found about one provider. */
    public record BackendInfo(String name, int priority, boolean available, String reason, String provider) {}

    private static volatile List<Entry> entries;
    private static final Map<String, Backend> OPENED = new HashMap<>();

    private static final class Entry {
        final BackendProvider provider; // null when loading failed
        final String name;
        final int priority;
        final Availability availability;
        final String providerClass;

        Entry(BackendProvider p, String name, int priority, Availability a, String cls) {
            provider = p;
            this.name = name;
            this.priority = priority;
            availability = a;
            providerClass = cls;
        }
    }

    private static List<Entry> entries() {
        List<Entry> e = entries;
        if (e == null) {
            synchronized (Bnb.class) {
                e = entries;
                if (e == null) entries = e = discover(loaders());
            }
        }
        return e;
    }

    /**
     * The plain {@code ServiceLoader.load(Class)} (context class loader; the call OSGi's
     * ServiceLoader Mediator weaves) first, then this module's own loader.
     */
    private static List<Iterator<BackendProvider>> loaders() {
        List<Iterator<BackendProvider>> sources = new ArrayList<>();
        try {
            sources.add(ServiceLoader.load(BackendProvider.class).iterator());
        } catch (Throwable ignored) {
            // a context loader that cannot see the service type adds nothing
        }
        sources.add(ServiceLoader.load(BackendProvider.class, Bnb.class.getClassLoader()).iterator());
        return sources;
    }

    /** Finds providers through iterators that may throw at any step; duplicates (by class) are dropped. */
    static List<Entry> discover(List<Iterator<BackendProvider>> sources) {
        List<Entry> found = new ArrayList<>();
        Set<String> seenClasses = new HashSet<>();
        int failures = 0;
        for (Iterator<BackendProvider> src : sources) {
            while (true) {
                BackendProvider p;
                try {
                    if (!src.hasNext()) break;
                    p = src.next();
                } catch (Throwable t) { // ServiceConfigurationError, LinkageError, anything
                    if (++failures > 64) break; // an iterator that keeps failing on the same entry
                    if (!seenClasses.add("failed:" + t.getMessage())) continue;
                    found.add(new Entry(null, "unknown#" + failures, Integer.MIN_VALUE,
                            Availability.unavailable("provider failed to load: " + describe(t)), String.valueOf(t.getMessage())));
                    continue;
                }
                if (!seenClasses.add(p.getClass().getName())) continue;
                found.add(probe(p));
            }
        }
        found.sort(Comparator.comparingInt((Entry x) -> -x.priority).thenComparing(x -> x.name));
        return List.copyOf(found);
    }

    private static Entry probe(BackendProvider p) {
        String name;
        int prio;
        try {
            name = Objects.requireNonNull(p.name(), "name()");
            prio = p.priority();
        } catch (Throwable t) {
            return new Entry(null, p.getClass().getSimpleName(), Integer.MIN_VALUE,
                    Availability.unavailable("provider failed: " + describe(t)), p.getClass().getName());
        }
        Availability a;
        try {
            a = Objects.requireNonNull(p.probe(), "probe() returned null");
        } catch (Throwable t) {
            a = Availability.unavailable("probe failed: " + describe(t));
        }
        return new Entry(p, name, prio, a, p.getClass().getName());
    }

    private static String describe(Throwable t) {
        String m = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return t.getCause() != null && t.getCause() != t ? m + " (caused by " + describe(t.getCause()) + ")" : m;
    }

    /** Test hook: re-runs discovery over the given iterators (and forgets opened backends). */
    static synchronized void rediscover(List<Iterator<BackendProvider>> sources) {
        synchronized (OPENED) {
            OPENED.clear();
        }
        entries = sources == null ? null : discover(sources);
    }

    /** Everything discovery found, available or not, highest priority first. */
    public static List<BackendInfo> backends() {
        List<BackendInfo> out = new ArrayList<>();
        for (Entry e : entries()) out.add(new BackendInfo(e.name, e.priority, e.availability.available(), e.availability.reason(), e.providerClass));
        return out;
    }

    /** The backend chosen by {@code bnb.backend} / {@code BNB_BACKEND}, else the highest-priority available one. */
    public static Backend backend() {
        String forced = System.getProperty("bnb.backend");
        if (forced == null || forced.isBlank()) forced = System.getenv("BNB_BACKEND");
        if (forced != null && !forced.isBlank()) return backend(forced.trim());
        for (Entry e : entries()) if (e.provider != null && e.availability.available()) return open(e);
        throw new BackendUnavailableException("no bnb backend is available; found: " + summary());
    }

    /** The named backend; throws {@link BackendUnavailableException} with its reason if it cannot run. */
    public static Backend backend(String name) {
        Objects.requireNonNull(name, "name");
        for (Entry e : entries()) {
            if (!e.name.equalsIgnoreCase(name)) continue;
            if (e.provider == null || !e.availability.available())
                throw new BackendUnavailableException("backend '" + e.name + "' is not available: " + e.availability.reason());
            return open(e);
        }
        throw new BackendUnavailableException("no backend named '" + name + "'; found: " + summary());
    }

    /** The CPU backend, used for host fallback. */
    public static Backend host() { return backend("cpu"); }

    private static Backend open(Entry e) {
        synchronized (OPENED) {
            Backend b = OPENED.get(e.name);
            if (b != null) return b;
            Backend raw;
            try {
                raw = e.provider.open();
            } catch (BnbException ex) {
                throw ex;
            } catch (Throwable t) {
                throw new BackendUnavailableException("backend '" + e.name + "' failed to open: " + describe(t), t);
            }
            b = "cpu".equals(e.name) ? raw : HostFallback.wrap(raw, Bnb::host);
            OPENED.put(e.name, b);
            return b;
        }
    }

    private static String summary() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries()) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(e.name).append(e.availability.available() ? " (available)" : " (" + e.availability.reason() + ")");
        }
        return sb.isEmpty() ? "no providers on the class or module path" : sb.toString();
    }
}
