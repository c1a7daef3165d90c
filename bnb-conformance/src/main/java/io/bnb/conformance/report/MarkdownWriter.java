package io.bnb.conformance.report;

import io.bnb.conformance.Cell;

import java.util.List;
import java.util.Map;

/** Renders a {@link MatrixReport} as GitHub Markdown, laid out like upstream's README matrix. */
public final class MarkdownWriter {
    private MarkdownWriter() {}

    /** Longest reason shown inside a table cell; the details section has them in full. */
    static final int REASON_IN_TABLE = 90;

    public static String render(MatrixReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# bnb-java support matrix\n\n");
        sb.append("Measured by the bnb-conformance suite on this machine.\n\n");
        sb.append("| | |\n| --- | --- |\n");
        for (Map.Entry<String, String> e : r.machine().entrySet()) row(sb, e.getKey(), e.getValue());
        for (Map.Entry<String, String> e : r.run().entrySet()) row(sb, e.getKey(), e.getValue());
        sb.append('\n');
        sb.append("Legend: ");
        boolean first = true;
        for (CellStatus s : new CellStatus[]{CellStatus.PASS, CellStatus.SLOW, CellStatus.PARTIAL, CellStatus.FAIL, CellStatus.NOT_RUN}) {
            if (!first) sb.append(" · ");
            first = false;
            sb.append(s.symbol()).append(' ').append(s == CellStatus.FAIL ? "failed or unsupported" : s.meaning());
        }
        sb.append(".\nCounts are required tests passed/failed/skipped; optional tests and tests that do not apply are in the JSON.\n\n");

        List<MatrixReport.Column> cols = r.columns();
        sb.append("## Features\n\n| Feature |");
        for (MatrixReport.Column c : cols) sb.append(' ').append(c.name()).append(" |");
        sb.append("\n| --- |");
        for (int i = 0; i < cols.size(); i++) sb.append(" :---: |");
        sb.append('\n');
        for (Cell.Group g : Cell.Group.values()) {
            sb.append("| ").append(g.title()).append(" |");
            for (MatrixReport.Column c : cols) sb.append(' ').append(r.groupStatus(c, g).symbol()).append(" |");
            sb.append('\n');
        }

        sb.append("\n## Ops\n\n| Feature | Cell (ops) |");
        for (MatrixReport.Column c : cols) sb.append(' ').append(c.name()).append(" |");
        sb.append("\n| --- | --- |");
        for (int i = 0; i < cols.size(); i++) sb.append(" --- |");
        sb.append('\n');
        for (Cell cell : Cell.values()) {
            sb.append("| ").append(cell.group().title()).append(" | `").append(cell.tag()).append("` ").append(escape(cell.title())).append(" |");
            for (MatrixReport.Column c : cols) {
                CellTally t = r.tally(c, cell);
                sb.append(' ').append(t.status().symbol());
                if (t.total() > 0) sb.append(' ').append(t.requiredPassed()).append('/').append(t.requiredFailed()).append('/').append(t.requiredSkipped());
                String why = t.reason();
                if (!why.isEmpty()) sb.append(" — ").append(escape(abbreviate(why, REASON_IN_TABLE)));
                sb.append(" |");
            }
            sb.append('\n');
        }

        sb.append("\n## Backends\n\n| Backend | Priority | Discovered | Available | Suite ran | Device or reason |\n| --- | ---: | :---: | :---: | :---: | --- |\n");
        for (MatrixReport.Column c : cols) {
            sb.append("| ").append(c.name()).append(" | ").append(c.discovered() ? String.valueOf(c.priority()) : "").append(" | ")
                    .append(yes(c.discovered())).append(" | ").append(yes(c.available())).append(" | ").append(yes(c.ran())).append(" | ")
                    .append(escape(c.available() ? c.device() : MatrixReport.notRunReason(c))).append(" |\n");
        }

        StringBuilder details = new StringBuilder();
        for (MatrixReport.Column c : cols)
            for (Cell cell : Cell.values()) {
                CellTally t = r.tally(c, cell);
                boolean backendWide = t.status() == CellStatus.NOT_RUN && !c.reason().isEmpty() && t.reason().contains(c.reason());
                if (backendWide) continue; // the Backends table gives it once
                if (t.reason().length() > REASON_IN_TABLE || t.firstOptionalFailure() != null && t.firstFailure() != null)
                    details.append("- **").append(c.name()).append(" / ").append(cell.tag()).append("** ").append(t.status().symbol()).append(' ')
                            .append(escape(t.reason())).append(t.firstOptionalFailure() != null && t.firstFailure() != null
                                    ? "; optional: " + escape(t.firstOptionalFailure()) : "").append('\n');
            }
        if (!details.isEmpty()) sb.append("\n## Details\n\n").append(details);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) { sb.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n"); }

    private static String yes(boolean b) { return b ? "yes" : "no"; }

    static String escape(String s) { return s == null ? "" : s.replace("|", "\\|").replace("\n", " ").replace("\r", " "); }

    static String abbreviate(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }
}
