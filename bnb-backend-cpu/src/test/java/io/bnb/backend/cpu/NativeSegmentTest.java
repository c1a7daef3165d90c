package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link Segments#nativeSegment}: a type hint for C2, never a change of the segment or a failure. */
class NativeSegmentTest {
    @Test
    void nativeAndMappedSegmentsComeBackAsTheyAre() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            assertSame(s, Segments.nativeSegment(s));
            MemorySegment slice = s.asSlice(8, 16);
            assertSame(slice, Segments.nativeSegment(slice));
        }
    }

    @Test
    void heapSegmentsComeBackUnchangedRatherThanFailing() {
        MemorySegment heap = MemorySegment.ofArray(new float[4]);
        assertSame(heap, Segments.nativeSegment(heap));
    }
}
