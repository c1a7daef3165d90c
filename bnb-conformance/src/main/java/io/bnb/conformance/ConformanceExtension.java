package io.bnb.conformance;

import io.bnb.api.Support;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/**
 * Decides, before each test, whether it can run: the backend must be available and the test's
 * matrix cell (its tag) must not be {@link Support#NONE}. Otherwise the test is aborted (reported
 * as skipped) with the reason. Publishes the backend name and the cell's support as report
 * entries, which {@link io.bnb.conformance.report.MatrixListener} collects.
 */
public final class ConformanceExtension implements BeforeEachCallback {
    /** Report-entry keys. */
    public static final String BACKEND_KEY = "bnb.backend", SUPPORT_KEY = "bnb.support", NOTE_KEY = "bnb.support.note",
            UNAVAILABLE_KEY = "bnb.unavailable";

    @Override
    public void beforeEach(ExtensionContext context) {
        Object instance = context.getRequiredTestInstance();
        if (!(instance instanceof SuiteContext suite)) return;
        Target target = suite.target();
        context.publishReportEntry(BACKEND_KEY, target.name());
        if (!target.available()) {
            String reason = target.availability().reason().isBlank() ? "(no reason given)" : target.availability().reason();
            context.publishReportEntry(UNAVAILABLE_KEY, reason);
            Assumptions.abort("backend '" + target.name() + "' is not available: " + reason);
        }
        Optional<Cell> cell = Cell.among(context.getTags());
        if (cell.isEmpty()) return;
        Support s = target.support(cell.get());
        String note = target.supportNote(cell.get());
        context.publishReportEntry(SUPPORT_KEY, s.name());
        if (!note.isEmpty()) context.publishReportEntry(NOTE_KEY, note);
        if (s == Support.NONE)
            Assumptions.abort("backend '" + target.name() + "' does not support " + cell.get().tag() + ": " + note);
    }
}
