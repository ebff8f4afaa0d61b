package io.smi4j.bench;

/**
 * A Java agent that only notes when its premain ran, as system property
 * {@code smi4j.bench.premain.ARGS} (nanoTime). Listed before and after the smi4j agent on the
 * command line (agents start in that order), it times the smi4j agent's premain exactly.
 */
public final class PremainProbe {

    static final String PROPERTY = "smi4j.bench.premain.";

    private PremainProbe() {
    }

    public static void premain(String args) {
        System.setProperty(PROPERTY + args, Long.toString(System.nanoTime()));
    }
}
