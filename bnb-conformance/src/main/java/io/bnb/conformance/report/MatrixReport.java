package io.bnb.conformance.report;

import io.bnb.conformance.Cell;

import java.util.*;

/**
 * A measured support matrix: the machine, one column per backend (discovered, requested, or one
 * of the six this project ships), one row per cell, and the verdict of each run.
 */
public final class MatrixReport {
    /** The backends of this repository, always named in a report even when absent from the class path. */
    public static final List<String> KNOWN_BACKENDS = List.of("cpu", "cuda", "rocm", "xpu", "hpu", "mps");

    /** One column: what discovery said, whether the suite ran, and why not. */
    public record Column(String name, int priority, boolean discovered, boolean available, String reason, String device, boolean ran) {}

    private final Map<String, String> machine;
    private final Map<String, String> run;
    private final List<Column> columns;
    private final Map<String, Map<Cell, CellTally>> results;

    public MatrixReport(Map<String, String> machine, Map<String, String> run, List<Column> columns, Map<String, Map<Cell, CellTally>> results) {
        this.machine = machine;
        this.run = run;
        this.columns = columns;
        this.results = results;
    }

    public Map<String, String> machine() { return machine; }

    /** Facts about the run (golden file, grid, time). */
    public Map<String, String> run() { return run; }

    public List<Column> columns() { return columns; }

    /** The tally of a backend × cell; for a column that did not run, an empty tally marked unavailable. */
    public CellTally tally(Column c, Cell cell) {
        CellTally t = results.getOrDefault(c.name(), Map.of()).get(cell);
        if (t != null) return t;
        t = new CellTally();
        t.unavailable = true;
        t.unavailableReason = c.ran() ? "no test of this cell ran" : notRunReason(c);
        return t;
    }

    static String notRunReason(Column c) {
        if (!c.discovered()) return "not on the class path (add bnb-backend-" + c.name() + ")";
        if (!c.available()) return "backend unavailable: " + c.reason();
        return "not requested (--backend)";
    }

    /** The worst status of a group's cells. */
    public CellStatus groupStatus(Column c, Cell.Group g) {
        CellStatus s = CellStatus.PASS;
        for (Cell cell : Cell.values()) if (cell.group() == g) s = CellStatus.worst(s, tally(c, cell).status());
        return s;
    }

    /** True when a required test failed on some backend. */
    public boolean requiredFailures() {
        for (Column c : columns) for (Cell cell : Cell.values()) if (tally(c, cell).requiredFailed() > 0) return true;
        return false;
    }
}
