package io.bnb.conformance;

import io.bnb.spi.BackendProvider;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every conformance suite. A vendor subclass names the backend under test by overriding
 * {@link #provider()} (or, more simply, {@link #backendName()}); everything else is inherited.
 * {@link ConformanceExtension} skips every test of an unavailable backend with its
 * availability reason, and every test of a cell the backend declares unsupported with the
 * backend's note, so that nothing passes by default.
 */
@ExtendWith(ConformanceExtension.class)
public abstract class ConformanceSuite implements SuiteContext {

    /** The provider of the backend under test; by default the one named {@link #backendName()}. */
    protected BackendProvider provider() {
        return Providers.named(backendName());
    }

    /** The name of the backend under test ("cuda"); override this or {@link #provider()}. */
    protected String backendName() {
        throw new IllegalStateException(getClass().getName() + " must override provider() or backendName()");
    }

    @Override
    public final Target target() {
        BackendProvider p;
        try {
            p = provider();
        } catch (RuntimeException e) {
            return Target.unavailable(getClass().getSimpleName(), e.getMessage());
        }
        return Target.of(p);
    }
}
