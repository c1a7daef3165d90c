package io.bnb.conformance.report;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonWriter;
import io.bnb.api.Op;
import io.bnb.conformance.Cell;

/** Renders a {@link MatrixReport} as JSON (same content as the Markdown, every count and reason in full). */
public final class JsonReportWriter {
    private JsonReportWriter() {}

    public static String render(MatrixReport r) {
        JsonObject root = new JsonObject();
        root.put("machine", new JsonObject(r.machine()));
        root.put("run", new JsonObject(r.run()));
        JsonArray backends = new JsonArray();
        for (MatrixReport.Column c : r.columns()) {
            JsonObject b = new JsonObject();
            b.put("name", c.name());
            b.put("discovered", c.discovered());
            if (c.discovered()) b.put("priority", c.priority());
            b.put("available", c.available());
            b.put("reason", c.reason());
            b.put("device", c.device());
            b.put("ran", c.ran());
            if (!c.ran()) b.put("notRun", MatrixReport.notRunReason(c));
            backends.add(b);
        }
        root.put("backends", backends);
        JsonArray groups = new JsonArray();
        for (Cell.Group g : Cell.Group.values()) {
            JsonObject o = new JsonObject();
            o.put("group", g.title());
            JsonObject st = new JsonObject();
            for (MatrixReport.Column c : r.columns()) st.put(c.name(), r.groupStatus(c, g).name());
            o.put("status", st);
            groups.add(o);
        }
        root.put("groups", groups);
        JsonArray cells = new JsonArray();
        for (Cell cell : Cell.values()) {
            JsonObject o = new JsonObject();
            o.put("cell", cell.tag());
            o.put("group", cell.group().title());
            o.put("title", cell.title());
            JsonArray ops = new JsonArray();
            for (Op op : cell.ops()) ops.add(op.upstreamName());
            o.put("ops", ops);
            JsonObject res = new JsonObject();
            for (MatrixReport.Column c : r.columns()) res.put(c.name(), tally(r.tally(c, cell)));
            o.put("results", res);
            cells.add(o);
        }
        root.put("cells", cells);
        root.put("requiredFailures", r.requiredFailures());
        return JsonWriter.indent("  ").string().value(root).done() + "\n";
    }

    private static JsonObject tally(CellTally t) {
        JsonObject o = new JsonObject();
        CellStatus s = t.status();
        o.put("status", s.name());
        o.put("symbol", s.symbol());
        o.put("support", t.support() == null ? null : t.support().name());
        if (!t.supportNote().isEmpty()) o.put("supportNote", t.supportNote());
        o.put("required", counts(t.requiredPassed(), t.requiredFailed(), t.requiredSkipped()));
        o.put("optional", counts(t.optionalPassed(), t.optionalFailed(), t.optionalSkipped()));
        o.put("notApplicable", t.notApplicable());
        o.put("reason", t.reason());
        o.put("firstFailure", t.firstFailure());
        o.put("firstOptionalFailure", t.firstOptionalFailure());
        o.put("firstSkip", t.firstSkip());
        return o;
    }

    private static JsonObject counts(int passed, int failed, int skipped) {
        JsonObject o = new JsonObject();
        o.put("passed", passed);
        o.put("failed", failed);
        o.put("skipped", skipped);
        return o;
    }
}
