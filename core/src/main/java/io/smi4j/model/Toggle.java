package io.smi4j.model;

/** A mode that is on, off, or not reported (ECC, MIG, accounting, heterogeneous vGPU mode). */
public enum Toggle {
    ON, OFF, UNKNOWN;

    public static Toggle of(boolean on) {
        return on ? ON : OFF;
    }
}
