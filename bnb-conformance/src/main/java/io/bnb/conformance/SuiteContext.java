package io.bnb.conformance;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;

/** What the test interfaces need from the suite that runs them. */
public interface SuiteContext {
    /** The backend under test. */
    Target target();

    /** The backend under test (tests only run when it is available). */
    default Backend backend() { return target().backend(); }

    /** The CPU reference backend, for agreement tests. */
    default Backend reference() { return Bnb.host(); }

    /** Agreement tests do not apply to the reference itself. */
    default void requireNotReference() {
        if (target().isReference())
            throw new io.bnb.conformance.check.NotApplicable("the backend under test is the CPU reference itself");
    }
}
