package io.bnb.conformance.check;

import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden vectors: the bundled outputs of upstream bitsandbytes 0.50.2 on an H100, or any file with
 * the same key schema named by {@code -Dbnb.conformance.golden=FILE}. Tests derive shapes from
 * the file; a key the file lacks skips the test that needs it ({@link #require}), never fails it.
 */
public final class Golden {
    /** System property naming another golden file. */
    public static final String PROPERTY = "bnb.conformance.golden";
    static final String BUNDLED = "/io/bnb/conformance/golden_dev.safetensors";

    private static Golden current;

    private final SafetensorsFile file;
    private final String source;

    private Golden(SafetensorsFile file, String source) {
        this.file = file;
        this.source = source;
    }

    /** The golden file of this run (re-opened when the property changes). */
    public static synchronized Golden get() {
        String prop = System.getProperty(PROPERTY);
        String wanted = prop == null || prop.isBlank() ? BUNDLED : Path.of(prop).toAbsolutePath().toString();
        if (current != null && current.source.equals(wanted)) return current;
        try {
            Path p = prop == null || prop.isBlank() ? bundledPath() : Path.of(wanted);
            Golden next = new Golden(SafetensorsFile.open(p), wanted);
            if (current != null) current.file.close(); // tests run one after another: nobody reads the old mapping now
            current = next;
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open golden file " + wanted + ": " + e.getMessage(), e);
        }
    }

    private static Path bundledPath() throws IOException {
        URL url = Golden.class.getResource(BUNDLED);
        if (url == null) throw new IOException("resource " + BUNDLED + " missing from the conformance jar");
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        // inside a jar: memory mapping needs a file
        Path tmp = Files.createTempFile("bnb-golden", ".safetensors");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }

    /** Where the vectors come from (a path, or the bundled resource). */
    public String source() { return source; }

    public boolean has(String key) { return file.contains(key); }

    /** Skips the calling test unless every key is present. */
    public void require(String... keys) {
        for (String k : keys)
            Assumptions.assumeTrue(file.contains(k), () -> "golden file " + source + " has no key '" + k + "'");
    }

    /** Keys matching {@code regex} (whole-key match), in file order. */
    public List<Matcher> matching(String regex) {
        Pattern p = Pattern.compile(regex);
        List<Matcher> out = new ArrayList<>();
        for (String k : file.names()) {
            Matcher m = p.matcher(k);
            if (m.matches()) out.add(m);
        }
        return out;
    }

    public DType dtype(String key) { return file.get(key).dtype(); }

    public long[] shape(String key) { return file.get(key).shape().clone(); }

    public long numel(String key) { return file.get(key).numel(); }

    /** Raw little-endian bytes. */
    public MemorySegment segment(String key) { return file.get(key).data(); }

    /** F32/F16/BF16 values widened to float. */
    public float[] floats(String key) { return HostArrays.toFloats(file.get(key).data(), file.get(key).dtype()); }

    public byte[] bytes(String key) { return file.get(key).data().toArray(ValueLayout.JAVA_BYTE); }

    public int[] ints(String key) { return HostArrays.toInts(file.get(key).data(), file.get(key).dtype()); }

    public long[] longs(String key) { return HostArrays.toLongs(file.get(key).data(), file.get(key).dtype()); }
}
