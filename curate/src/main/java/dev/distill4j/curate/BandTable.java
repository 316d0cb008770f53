package dev.distill4j.curate;

import java.util.Arrays;

/**
 * One LSH band's table: 32-bit band keys to document ids, several ids per key allowed (open addressing, linear
 * probing, an id of -1 marks an empty slot). 8 bytes a slot. Keys are 32 bits on purpose: two unrelated documents
 * share a key about once per 4·10⁹ comparisons, and every candidate is verified anyway, so wider keys would only
 * cost memory.
 */
final class BandTable {
    private static final double MAX_LOAD = 0.6;
    private int[] keys;
    private int[] ids;
    private int size;

    BandTable() {
        keys = new int[1024];
        ids = new int[1024];
        Arrays.fill(ids, -1);
    }

    void add(int key, int id) {
        if (id < 0) {
            throw new IllegalArgumentException("field 'id': expected an integer >= 0, got " + id);
        }
        if (size + 1 > keys.length * MAX_LOAD) {
            grow();
        }
        place(keys, ids, key, id);
        size++;
    }

    /** Calls {@code visitor} with every id filed under {@code key}. */
    void forEach(int key, java.util.function.IntConsumer visitor) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ids[i] >= 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                visitor.accept(ids[i]);
            }
        }
    }

    long bytes() {
        return 8L * keys.length;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new int[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        Arrays.fill(ids, -1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldIds[i] >= 0) {
                place(keys, ids, oldKeys[i], oldIds[i]);
            }
        }
    }

    private static void place(int[] keys, int[] ids, int key, int id) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (ids[i] >= 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        ids[i] = id;
    }

    private static int slot(int key, int mask) {
        return (key ^ (key >>> 16)) & mask;
    }
}
