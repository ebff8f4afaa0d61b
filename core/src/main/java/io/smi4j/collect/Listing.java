package io.smi4j.collect;

/**
 * The last list an enumeration call answered for one GPU (vGPUs, creatable types, processes) and when: what a
 * poll shows when that call fails, since an unknown list is not an empty one. Lives as long as the GPU's state.
 */
final class Listing<T> {

    private T last;
    private long readAtNanos;

    /** The list of the last enumeration that answered; null when none did yet. */
    T last() {
        return last;
    }

    void read(T list, long nowNanos) {
        last = list;
        readAtNanos = nowNanos;
    }

    /** Seconds since the last enumeration that answered; NaN when none did. */
    double ageSeconds(long nowNanos) {
        return last == null ? Double.NaN : (nowNanos - readAtNanos) / 1e9;
    }
}
