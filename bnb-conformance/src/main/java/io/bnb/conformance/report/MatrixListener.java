package io.bnb.conformance.report;

import io.bnb.api.Support;
import io.bnb.conformance.Cell;
import io.bnb.conformance.ConformanceExtension;
import io.bnb.conformance.check.NotApplicable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

import java.util.*;

/**
 * Collects conformance results per backend × matrix cell from JUnit Platform events. A test's
 * cell is its tag, its backend the {@code bnb.backend} report entry published by
 * {@link ConformanceExtension} (or the listener's default), required/optional its method-name
 * prefix. Dynamic tests inherit all three from their factory method. A method container that
 * failed or was aborted before producing tests (a skipped {@code @TestFactory}) counts as one test.
 */
public final class MatrixListener implements TestExecutionListener {
    private final Map<String, Map<Cell, CellTally>> results = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> entries = new HashMap<>();
    private final Set<String> containersWithTests = new HashSet<>();
    private volatile TestPlan plan;
    private volatile String defaultBackend = "unknown";

    /** The backend name used for tests that publish none. */
    public void defaultBackend(String name) { defaultBackend = name; }

    /** backend → cell → tally, in the order results arrived. */
    public synchronized Map<String, Map<Cell, CellTally>> results() {
        Map<String, Map<Cell, CellTally>> copy = new LinkedHashMap<>();
        results.forEach((k, v) -> copy.put(k, new EnumMap<>(v)));
        return copy;
    }

    /** True when some required test failed. */
    public synchronized boolean requiredFailures() {
        for (var m : results.values()) for (CellTally t : m.values()) if (t.requiredFailed > 0) return true;
        return false;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) { plan = testPlan; }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entries.computeIfAbsent(id.getUniqueId(), k -> new HashMap<>()).putAll(entry.getKeyValuePairs());
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (id.isTest()) for (TestIdentifier p = parent(id); p != null; p = parent(p)) containersWithTests.add(p.getUniqueId());
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest() || isMethod(id)) record(id, Outcome.SKIPPED, "disabled: " + reason);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean countable = id.isTest() || (isMethod(id) && !containersWithTests.contains(id.getUniqueId())
                && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL);
        if (!countable) return;
        Throwable t = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL -> record(id, Outcome.PASSED, null);
            case ABORTED -> record(id, t instanceof NotApplicable ? Outcome.NOT_APPLICABLE : Outcome.SKIPPED, message(t));
            case FAILED -> record(id, Outcome.FAILED, t instanceof TestAbortedException ? message(t) : message(t));
        }
    }

    private enum Outcome { PASSED, FAILED, SKIPPED, NOT_APPLICABLE }

    private boolean isMethod(TestIdentifier id) { return id.getSource().filter(s -> s instanceof MethodSource).isPresent(); }

    private TestIdentifier parent(TestIdentifier id) {
        TestPlan p = plan;
        return p == null ? null : p.getParent(id).orElse(null);
    }

    private void record(TestIdentifier id, Outcome outcome, String message) {
        Optional<Cell> cell = Optional.empty();
        String method = null, backend = null, support = null, note = null, unavailable = null;
        for (TestIdentifier x = id; x != null; x = parent(x)) {
            if (cell.isEmpty()) cell = Cell.among(x.getTags().stream().map(TestTag::getName).toList());
            if (method == null) method = methodName(x.getSource().orElse(null));
            Map<String, String> e = entries.get(x.getUniqueId());
            if (e != null) {
                if (backend == null) backend = e.get(ConformanceExtension.BACKEND_KEY);
                if (support == null) support = e.get(ConformanceExtension.SUPPORT_KEY);
                if (note == null) note = e.get(ConformanceExtension.NOTE_KEY);
                if (unavailable == null) unavailable = e.get(ConformanceExtension.UNAVAILABLE_KEY);
            }
        }
        if (cell.isEmpty() || method == null) return; // not a conformance test
        CellTally tally = results.computeIfAbsent(backend == null ? defaultBackend : backend, k -> new EnumMap<>(Cell.class))
                .computeIfAbsent(cell.get(), k -> new CellTally());
        if (unavailable != null) {
            tally.unavailable = true;
            if (tally.unavailableReason == null) tally.unavailableReason = unavailable;
        }
        if (support != null) {
            tally.support = Support.valueOf(support);
            if (note != null) tally.supportNote = note;
        }
        boolean required = !method.startsWith("optional_");
        String label = method + (id.isTest() && !id.getDisplayName().startsWith(method) ? " [" + id.getDisplayName() + "]" : "");
        switch (outcome) {
            case PASSED -> { if (required) tally.requiredPassed++; else tally.optionalPassed++; }
            case NOT_APPLICABLE -> tally.notApplicable++;
            case FAILED -> {
                if (required) {
                    tally.requiredFailed++;
                    if (tally.firstFailure == null) tally.firstFailure = label + ": " + message;
                } else {
                    tally.optionalFailed++;
                    if (tally.firstOptionalFailure == null) tally.firstOptionalFailure = label + ": " + message;
                }
            }
            case SKIPPED -> {
                if (required) tally.requiredSkipped++; else tally.optionalSkipped++;
                if (required && tally.firstSkip == null) tally.firstSkip = label + ": " + message;
            }
        }
    }

    private static String methodName(TestSource s) { return s instanceof MethodSource m ? m.getMethodName() : null; }

    private static String message(Throwable t) {
        if (t == null) return "";
        String m = t.getMessage();
        String s = m == null || m.isBlank() ? t.getClass().getName() : (t instanceof AssertionError || t instanceof TestAbortedException ? m : t.getClass().getSimpleName() + ": " + m);
        return s.replace('\n', ' ');
    }
}
