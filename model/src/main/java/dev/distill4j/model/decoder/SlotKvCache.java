package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.ModelConfig;
import java.util.Arrays;

/**
 * The KV cache of continuous batching: rows (requests) join and leave between decoding steps, each with its own
 * history length.
 *
 * <p><b>Layout.</b> Per layer, one key and one value buffer of shape (rows, kvHeads, columns, headDim), allocated
 * once. The live rows are packed into slots {@code 0..live-1}, so a step's batch is a view of the first rows, never
 * a copy. Every row shares one <i>write index</i> w: a decoding step writes each row's new key and value at column
 * w. A row that joined later has a shorter history, kept right-aligned against w in columns [start, w); the columns
 * before its start hold zeros or an older row's keys and are masked out of its attention ({@link #stepKeyMask()}).
 * Rotary positions are per row and applied before a key is stored, so the column a key sits in changes nothing
 * that the row computes: a request decodes the same tokens alone or in a busy batch.
 *
 * <p><b>What a step reads.</b> Columns [oldest start, w], the span of the longest-lived live row, not the whole
 * buffer; so attention costs what the live rows need, as in a batch that started together. In batch-invariant mode
 * the decoder reads instead each row's own window ({@link #window}): the last columns up to w, as many as a multiple of
 * 64 that holds the row's history, so the row's keys sit where they would sit if it decoded alone.
 *
 * <p><b>Joining.</b> A new row's prompt is prefilled elsewhere (in a {@link KvCache}, with the rows of the same
 * prompt length joining at the same time) and copied into a free slot, ending at w. When the prompt is longer than w (a
 * fresh or young batch), the live rows first move right so that w equals the prompt's length.
 *
 * <p><b>Leaving.</b> The row in the last live slot moves into the freed slot (one row's copy), keeping slots packed.
 *
 * <p><b>Compaction.</b> When w reaches the last column, every row moves left by the oldest start. A live row never
 * fills the buffer (its prompt plus its new tokens fit in {@link #columns()}, which the caller checks), so the
 * oldest start is above 0 and a compaction always frees room; with a few spare columns beyond the longest row
 * (a quarter of the context, by default), it is rare enough to cost nothing measurable.
 *
 * <p>Not thread-safe: one thread (the batching scheduler) owns it.
 */
public final class SlotKvCache extends AttentionCache {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int rows;
    private final int columns;
    private final int[] start;
    private int live;
    private int write;
    /** The first column the current step reads: the oldest live start, fixed by {@link #stepKeyMask()}. */
    private int readFrom;
    private long compactions;
    private long shifts;

    /**
     * @param rows    the most rows live at once (the batch bound)
     * @param columns key columns per row: at least the longest prompt plus new tokens a row may have
     */
    public SlotKvCache(ModelConfig config, int rows, int columns, NDManager parent, DataType dtype) {
        if (rows < 1 || columns < 2) {
            throw new IllegalArgumentException("a slot KV cache needs rows >= 1 and columns >= 2, got " + rows + " and " + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.start = new int[rows];
        this.manager = parent.newSubManager();
        int layers = config.numHiddenLayers();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        Shape shape = new Shape(rows, config.numKeyValueHeads(), columns, config.headDim());
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = manager.zeros(shape, dtype);
            values[layer] = manager.zeros(shape, dtype);
            // The buffers live as long as the cache, whatever scope the caller runs in.
            NDScope.unregister(keys[layer], values[layer]);
        }
    }

    /** Bytes of cache per token of one row: keys and values of every layer. */
    public static long bytesPerToken(ModelConfig config, DataType dtype) {
        return 2L * config.numHiddenLayers() * config.numKeyValueHeads() * config.headDim() * dtype.getNumOfBytes();
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Rows in use, packed in slots {@code 0..live()-1}. */
    public int live() {
        return live;
    }

    /** The column the next step writes. */
    public int writeIndex() {
        return write;
    }

    /** The first column of a live slot's history. */
    public int start(int slot) {
        checkLive(slot);
        return start[slot];
    }

    /** How often the rows were moved left because the write index reached the last column. */
    public long compactions() {
        return compactions;
    }

    /** How often the rows were moved right to make room for a prompt longer than the write index. */
    public long shifts() {
        return shifts;
    }

    /** Key columns that hold a live row's history, over all rows. */
    public long cachedTokens() {
        long tokens = 0;
        for (int slot = 0; slot < live; slot++) {
            tokens += write - start[slot];
        }
        return tokens;
    }

    /**
     * Places a prefilled row in the next free slot, its history ending at the write index.
     *
     * @param prefilled a cache filled by one forward pass of left-padded prompts
     * @param row       the row of {@code prefilled} to take
     * @param length    the row's prompt length: its last {@code length} columns are real
     * @return the slot it now has
     */
    public int join(KvCache prefilled, int row, int length) {
        if (live == rows) {
            throw new IllegalStateException("no free slot: all " + rows + " rows are live");
        }
        if (length < 1 || length >= columns || length > prefilled.length()) {
            throw new IllegalArgumentException("a prompt of " + length + " tokens does not fit a slot of " + columns
                    + " columns (prefilled: " + prefilled.length() + ")");
        }
        if (live == 0) {
            write = length;
        } else if (write < length) {
            shiftLiveRows(length - write);
        }
        int slot = live;
        try (NDScope scope = new NDScope()) {
            NDIndex target = new NDIndex("{}, :, {}:{}", slot, write - length, write);
            for (int layer = 0; layer < keys.length; layer++) {
                NDArray[] source = prefilled.rowSpan(layer, row, prefilled.length() - length, prefilled.length());
                keys[layer].set(target, source[0]);
                values[layer].set(target, source[1]);
            }
        }
        start[slot] = write - length;
        live++;
        return slot;
    }

    /**
     * Frees a slot: the row in the last live slot moves into it, so the live rows stay packed.
     *
     * @return the slot whose row now sits in {@code slot} (equal to {@code slot} when it was the last one)
     */
    public int leave(int slot) {
        checkLive(slot);
        int last = live - 1;
        if (slot != last) {
            try (NDScope scope = new NDScope()) {
                NDIndex from = new NDIndex("{}, :, {}:{}", last, start[last], write);
                NDIndex to = new NDIndex("{}, :, {}:{}", slot, start[last], write);
                for (int layer = 0; layer < keys.length; layer++) {
                    keys[layer].set(to, keys[layer].get(from));
                    values[layer].set(to, values[layer].get(from));
                }
            }
            start[slot] = start[last];
        }
        live--;
        if (live == 0) {
            write = 0;
        }
        return last;
    }

    /**
     * Prepares a decoding step of every live row and returns its key mask, (live, keys) row-major: true where a
     * row may read a key. Compacts first when the write index has reached the last column.
     */
    public boolean[] stepKeyMask() {
        if (live == 0) {
            throw new IllegalStateException("no live rows to step");
        }
        if (write == columns) {
            compact();
        }
        readFrom = Arrays.stream(start, 0, live).min().orElseThrow();
        int keysRead = write + 1 - readFrom;
        boolean[] mask = new boolean[live * keysRead];
        for (int slot = 0; slot < live; slot++) {
            Arrays.fill(mask, slot * keysRead + (start[slot] - readFrom), (slot + 1) * keysRead, true);
        }
        return mask;
    }

    @Override
    public int length() {
        return write - readFrom;
    }

    /** How many keys a live slot reads in the current step: its history and the key the step writes. */
    int keysRead(int slot) {
        checkLive(slot);
        return write + 1 - start[slot];
    }

    /**
     * A layer's keys and values of some live slots over the {@code width} columns that end with the column the
     * current step writes, (slots, kvHeads, width, headDim) each: copies, in the order of {@code slots}. Columns
     * before the first one are zeros.
     */
    NDArray[] window(int layer, NDArray slots, int width) {
        int from = write + 1 - width;
        NDIndex span = new NDIndex("{}, :, {}:{}", slots, Math.max(0, from), write + 1);
        NDArray windowKeys = keys[layer].get(span);
        NDArray windowValues = values[layer].get(span);
        if (from < 0) {
            Shape shape = windowKeys.getShape();
            NDArray zeros = windowKeys.getManager().zeros(new Shape(shape.get(0), shape.get(1), -from, shape.get(3)), windowKeys.getDataType());
            windowKeys = zeros.concat(windowKeys, 2);
            windowValues = zeros.concat(windowValues, 2);
        }
        return new NDArray[] {windowKeys, windowValues};
    }

    @Override
    NDArray[] extend(int layer, NDArray newKeys, NDArray newValues) {
        if (newKeys.getShape().get(0) != live || newKeys.getShape().get(2) != 1) {
            throw new IllegalStateException("a slot KV cache takes one new position for each of its " + live + " live rows, got "
                    + newKeys.getShape());
        }
        NDIndex written = new NDIndex(":{}, :, {}:{}", live, write, write + 1);
        keys[layer].set(written, newKeys);
        values[layer].set(written, newValues);
        NDIndex read = new NDIndex(":{}, :, {}:{}", live, readFrom, write + 1);
        return new NDArray[] {keys[layer].get(read), values[layer].get(read)};
    }

    @Override
    void advance(int positions) {
        write += positions;
    }

    /** Moves every live row left by the oldest start; the source is copied first, as the two ranges overlap. */
    private void compact() {
        int shift = Arrays.stream(start, 0, live).min().orElseThrow();
        if (shift == 0) {
            throw new IllegalStateException("KV cache full: a live row fills all " + columns + " columns");
        }
        move(shift, 0, write - shift);
        for (int slot = 0; slot < live; slot++) {
            start[slot] -= shift;
        }
        write -= shift;
        compactions++;
    }

    /** Moves every live row right by {@code shift} columns, so that a longer prompt can end at the write index. */
    private void shiftLiveRows(int shift) {
        int oldest = Arrays.stream(start, 0, live).min().orElseThrow();
        move(oldest, oldest + shift, write - oldest);
        for (int slot = 0; slot < live; slot++) {
            start[slot] += shift;
        }
        write += shift;
        shifts++;
    }

    private void move(int from, int to, int width) {
        try (NDScope scope = new NDScope()) {
            NDIndex source = new NDIndex(":{}, :, {}:{}", live, from, from + width);
            NDIndex target = new NDIndex(":{}, :, {}:{}", live, to, to + width);
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer].set(target, keys[layer].get(source).duplicate());
                values[layer].set(target, values[layer].get(source).duplicate());
            }
        }
    }

    private void checkLive(int slot) {
        if (slot < 0 || slot >= live) {
            throw new IllegalArgumentException("slot " + slot + " is not live (live slots: 0.." + (live - 1) + ")");
        }
    }

    @Override
    public void close() {
        manager.close();
        live = 0;
        write = 0;
    }
}
