import java.lang.reflect.Method;
import java.net.*;
import java.nio.file.*;
import java.util.*;

/** In-process A/B of two builds: each build's classes in its own class loader, calls interleaved. */
public class AbMain {
    public static void main(String[] args) throws Exception {
        String[] dirs = args[0].split(",");      // per build: classes dir (its own test-classes + runner dir appended)
        String[] ops = args[1].split(",");
        int rounds = Integer.parseInt(args[2]), per = Integer.parseInt(args[3]);
        String runner = System.getProperty("runner");
        Method[] setup = new Method[dirs.length], call = new Method[dirs.length];
        for (int d = 0; d < dirs.length; d++) {
            String[] parts = dirs[d].split(":");
            List<URL> urls = new ArrayList<>();
            for (String p : parts) urls.add(Path.of(p).toUri().toURL());
            urls.add(Path.of(runner).toUri().toURL());
            ClassLoader cl = new URLClassLoader(urls.toArray(URL[]::new), AbMain.class.getClassLoader());
            Class<?> c = cl.loadClass("io.bnb.backend.cpu.AbRunner");
            setup[d] = c.getMethod("setup", String.class);
            call[d] = c.getMethod("call", String.class);
            for (String op : ops) setup[d].invoke(null, op);
        }
        // warm-up: 4 s, all builds and ops in turn
        long end = System.nanoTime() + Long.getLong("warm", 4000) * 1_000_000L;
        while (System.nanoTime() < end) for (int d = 0; d < dirs.length; d++) for (String op : ops) call[d].invoke(null, op);
        Map<String, List<Double>> t = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++)
            for (int d0 = 0; d0 < dirs.length; d0++) {
                int d = (r % 2 == 0) ? d0 : dirs.length - 1 - d0; // alternate the order
                for (String op : ops) for (int i = 0; i < per; i++) t.computeIfAbsent(op + " build" + d, k -> new ArrayList<>()).add((Double) call[d].invoke(null, op));
            }
        for (var e : t.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-14s median %9.0f us  p25 %9.0f  p75 %9.0f  (n=%d)%n", e.getKey(), v[v.length / 2], v[v.length / 4], v[3 * v.length / 4], v.length);
        }
        System.exit(0);
    }
}
