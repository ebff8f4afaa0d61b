package io.smi4j.nvml.jna;

import java.util.Arrays;

/**
 * The answer one kind of call gave last, per key (a vGPU id, a vGPU and a PID, a device handle). The
 * decoders compare what NVML wrote with the kept answer and hand that same object out again when nothing
 * changed, so a steady poll allocates nothing for it and the reader can tell an unchanged answer by
 * identity. A map from {@code long} to the answer, open addressing, no boxing; bounded: past
 * {@value #MAX_KEYS} keys (vGPUs and processes that came and went) it starts over. Owned by the
 * session's polling thread, like {@link Buffers}.
 */
final class LastAnswers<T> {

    static final int MAX_KEYS = 1 << 13;

    private long[] keys = new long[64];
    private Object[] values = new Object[64];
    private int size;

    /** The kept answer for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    T get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (T) values[i];
            }
        }
        return null;
    }

    /** Keeps {@code answer} (not null) for {@code key}; returns it. */
    T put(long key, T answer) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                if (size >= MAX_KEYS) {
                    Arrays.fill(values, null);
                    size = 0;
                    return put(key, answer);
                }
                if (2 * (size + 1) > keys.length) {
                    grow();
                    return put(key, answer);
                }
                keys[i] = key;
                values[i] = answer;
                size++;
                return answer;
            }
            if (keys[i] == key) {
                values[i] = answer;
                return answer;
            }
        }
    }

    /** How many keys are kept. */
    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                T v = (T) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Two doubles as equal as a record's {@code equals} sees them (NaN equals NaN). */
    static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    /** A key of two 32-bit values (a vGPU id and a PID). */
    static long pair(long high, long low) {
        return (high << 32) | (low & 0xFFFF_FFFFL);
    }
}
