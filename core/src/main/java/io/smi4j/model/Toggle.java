package io.smi4j.model;

/** A mode that is on, off, or not reported by this GPU (ECC, MIG, accounting). */
public enum Toggle {
    ON, OFF, NOT_AVAILABLE;

    public static Toggle of(boolean on) {
        return on ? ON : OFF;
    }
}
