package io.bnb.conformance;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.Op;
import io.bnb.api.Support;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.HostFallback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend under test as users get it from {@link Bnb}: probed, opened once, and (for every
 * backend but the CPU reference) wrapped in {@link HostFallback} so that ops it declares
 * {@link Support#NONE} run on the host and report {@link Support#SLOW}.
 */
public final class Target {
    /** The name of the reference backend; agreement tests are skipped when it is the target. */
    public static final String REFERENCE = "cpu";

    private static final Map<String, Target> OPENED = new ConcurrentHashMap<>();

    private final String name;
    private final Availability availability;
    private final Backend backend;

    private Target(String name, Availability availability, Backend backend) {
        this.name = name;
        this.availability = availability;
        this.backend = backend;
    }

    /** Probes and opens {@code provider} once per JVM (keyed by provider class and name). */
    public static Target of(BackendProvider provider) {
        String key = provider.getClass().getName() + "#" + safeName(provider);
        return OPENED.computeIfAbsent(key, k -> open(provider));
    }

    /** A target that cannot run, with the reason (a missing provider, a bad configuration). */
    public static Target unavailable(String name, String reason) {
        return new Target(name, Availability.unavailable(reason), null);
    }

    private static String safeName(BackendProvider p) {
        try {
            return p.name();
        } catch (RuntimeException | LinkageError e) {
            return p.getClass().getSimpleName();
        }
    }

    private static Target open(BackendProvider provider) {
        String name = safeName(provider);
        Availability a;
        try {
            a = provider.probe();
            if (a == null) a = Availability.unavailable("probe() returned null");
        } catch (RuntimeException | LinkageError e) {
            a = Availability.unavailable("probe failed: " + e);
        }
        if (!a.available()) return new Target(name, a, null);
        try {
            Backend raw = provider.open();
            Backend b = REFERENCE.equals(name) ? raw : HostFallback.wrap(raw, Bnb::host);
            return new Target(name, a, b);
        } catch (RuntimeException | LinkageError e) {
            return new Target(name, Availability.unavailable("open() failed: " + e), null);
        }
    }

    public String name() { return name; }

    public Availability availability() { return availability; }

    public boolean available() { return backend != null; }

    /** The backend; only call when {@link #available()}. */
    public Backend backend() {
        if (backend == null) throw new IllegalStateException("backend '" + name + "' is not available: " + availability.reason());
        return backend;
    }

    /** True when this target is the CPU reference itself (agreement tests are then meaningless). */
    public boolean isReference() { return REFERENCE.equals(name); }

    /** The weakest support among {@code cell}'s ops. */
    public Support support(Cell cell) {
        Support worst = Support.NATIVE;
        for (Op op : cell.ops()) {
            Support s = backend().support(op);
            if (s.ordinal() > worst.ordinal()) worst = s;
        }
        return worst;
    }

    /** The backend's notes for the ops of {@code cell} that are not NATIVE. */
    public String supportNote(Cell cell) {
        StringBuilder sb = new StringBuilder();
        for (Op op : cell.ops()) {
            if (backend().support(op) == Support.NATIVE) continue;
            String note = backend().supportNote(op);
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(op.upstreamName()).append(": ").append(note == null || note.isBlank() ? backend().support(op).name() : note);
        }
        return sb.toString();
    }
}
