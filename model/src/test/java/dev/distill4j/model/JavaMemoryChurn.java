package dev.distill4j.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees the Java direct memory that nothing references any more and hands it straight out again filled with other
 * bytes: what a garbage collection between a forward and a backward pass can do to a tensor that DJL made over Java
 * memory and closed. A test runs it where it wants that to happen, then checks that no result changed.
 */
public final class JavaMemoryChurn {
    /** What the reused memory holds: a float no gradient in these tests could equal. */
    public static final float FILL = 777f;

    private JavaMemoryChurn() {}

    /** Collects, lets the cleaner free the unreachable direct buffers, and refills small blocks; returns the refills. */
    public static List<ByteBuffer> run() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(3); // the Cleaner thread frees a collected buffer's memory after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<ByteBuffer> refills = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            ByteBuffer block = ByteBuffer.allocateDirect(4 + i % 64).order(ByteOrder.nativeOrder());
            while (block.remaining() >= Float.BYTES) {
                block.putFloat(FILL);
            }
            refills.add(block);
        }
        return refills; // the caller holds them, so the memory stays taken until the check is done
    }
}
