package io.bnb.safetensors;

import io.bnb.api.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path dir;

    private void shard(String file, String... names) throws IOException {
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve(file))) {
            byte i = 0;
            for (String n : names) w.add(n, DType.U8, new long[]{1}, new byte[]{i++});
            w.commit();
        }
    }

    @Test
    void opensShardsThroughTheIndex() throws IOException {
        shard("model-00001-of-00002.safetensors", "a", "b");
        shard("model-00002-of-00002.safetensors", "c");
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"metadata\": {\"total_size\": 3}, \"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", "
                + "\"b\": \"model-00001-of-00002.safetensors\", \"c\": \"model-00002-of-00002.safetensors\"}}");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertTrue(c.isSharded());
            assertEquals(Set.of("a", "b", "c"), c.names());
            assertEquals(2, c.shards().size());
            assertArrayEquals(new byte[]{0}, c.get("c").bytes());
            assertArrayEquals(new byte[]{1}, c.get("b").bytes());
            assertEquals("llama", c.config().orElseThrow().getString("model_type"));
        }
    }

    @Test
    void indexMustAgreeWithShards() throws IOException {
        shard("s1.safetensors", "a", "b");
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"a\": \"s1.safetensors\"}}");
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Checkpoint.open(dir)).getMessage().contains("'b'"));
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s1.safetensors\", \"x\": \"s1.safetensors\"}}");
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Checkpoint.open(dir)).getMessage().contains("'x'"));
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"a\": \"../s1.safetensors\"}}");
        assertThrows(SafetensorsFormatException.class, () -> Checkpoint.open(dir));
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"a\": \"missing.safetensors\"}}");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.open(dir));
    }

    @Test
    void opensASingleFileOrDirectory() throws IOException {
        shard("model.safetensors", "w");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertFalse(c.isSharded());
            assertTrue(c.config().isEmpty());
            assertEquals(Set.of("w"), c.names());
        }
        try (Checkpoint c = Checkpoint.open(dir.resolve("model.safetensors"))) {
            assertEquals(Set.of("w"), c.names());
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.open(dir.resolve("none")));
    }
}
