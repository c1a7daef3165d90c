package io.bnb.conformance.check;

import org.opentest4j.TestAbortedException;

/**
 * A test that does not apply to the backend under test (agreement with the CPU reference when the
 * backend is the CPU reference). Reported as "not applicable", never as a skip that would make a
 * matrix cell partial.
 */
public final class NotApplicable extends TestAbortedException {
    public NotApplicable(String message) { super(message); }
}
