package io.bnb.cli;

import com.grack.nanojson.JsonWriter;
import io.bnb.api.Bnb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code bnb backends}: every discovered backend, whether it can run here, and why not. */
@Command(name = "backends", description = "List discovered backends with priority, availability and reason")
public final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        List<Bnb.BackendInfo> infos = Bnb.backends();
        if (json) {
            var arr = new com.grack.nanojson.JsonArray();
            for (var i : infos)
                arr.add(com.grack.nanojson.JsonObject.builder().value("name", i.name()).value("priority", i.priority())
                        .value("available", i.available()).value("reason", i.reason()).value("provider", i.provider()).done());
            System.out.println(JsonWriter.indent("  ").string().value(arr).done());
            return 0;
        }
        System.out.printf("%-6s %8s  %-11s %s%n", "NAME", "PRIORITY", "AVAILABLE", "REASON");
        for (var i : infos) System.out.printf("%-6s %8d  %-11s %s%n", i.name(), i.priority(), i.available() ? "yes" : "no", i.reason());
        return 0;
    }
}
