package io.bnb.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file (or checkpoint index) that breaks the format; the message names the file and the problem. */
public final class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(Path path, String problem) {
        super(path + ": " + problem);
    }
}
