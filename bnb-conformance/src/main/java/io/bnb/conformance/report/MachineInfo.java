package io.bnb.conformance.report;

import io.bnb.api.Bnb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a matrix was measured on: OS, CPU, accelerators, driver, Java. Reads only files and properties. */
public final class MachineInfo {
    private MachineInfo() {}

    /** Ordered header fields. */
    public static Map<String, String> describe(Map<String, String> devices) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")");
        m.put("CPU", cpu());
        m.put("Accelerator", accelerators(devices));
        m.put("Driver", driver());
        m.put("Java", Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")");
        return m;
    }

    static String cpu() {
        int cores = Runtime.getRuntime().availableProcessors();
        String model = firstMatch(Path.of("/proc/cpuinfo"), "model name");
        if (model == null) model = firstMatch(Path.of("/proc/cpuinfo"), "Model"); // arm
        return (model == null ? System.getProperty("os.arch") : model) + ", " + cores + " logical cores";
    }

    private static String accelerators(Map<String, String> devices) {
        List<String> acc = new ArrayList<>();
        devices.forEach((name, device) -> { if (!name.equals("cpu")) acc.add(name + ": " + device); });
        if (!acc.isEmpty()) return String.join("; ", acc);
        List<String> why = new ArrayList<>();
        for (Bnb.BackendInfo i : Bnb.backends()) if (!i.available()) why.add(i.name());
        return "none usable by bnb" + (why.isEmpty() ? "" : " (unavailable: " + String.join(", ", why) + ")");
    }

    static String driver() {
        String nv = firstLine(Path.of("/proc/driver/nvidia/version"));
        if (nv != null) return nv.trim();
        String amd = firstLine(Path.of("/sys/module/amdgpu/version"));
        if (amd != null) return "amdgpu " + amd.trim();
        return "none found (no /proc/driver/nvidia/version, no amdgpu module)";
    }

    private static String firstLine(Path p) {
        try {
            if (!Files.isReadable(p)) return null;
            List<String> lines = Files.readAllLines(p);
            return lines.isEmpty() ? null : lines.getFirst();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstMatch(Path p, String key) {
        try {
            if (!Files.isReadable(p)) return null;
            for (String line : Files.readAllLines(p)) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equals(key)) return line.substring(c + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
