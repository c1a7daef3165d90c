package io.bnb.safetensors;

/**
 * JSON string literals in the two dialects our files must match byte for byte: serde_json's
 * (safetensors headers: minimal escaping, UTF-8 passed through) and Python's {@code json.dumps}
 * default {@code ensure_ascii} (quant-state JSON and config.json: every non-ASCII char as \\uXXXX).
 */
public final class JsonText {
    private JsonText() {}

    /** serde_json style. */
    static void string(StringBuilder sb, String s) { string(sb, s, false); }

    /** Appends {@code s} quoted; {@code asciiOnly} escapes everything outside 0x20..0x7e like Python. */
    public static void string(StringBuilder sb, String s, boolean asciiOnly) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
