package io.smi4j.mock;

/**
 * A scenario file that cannot be used: the message is one line naming the file, the JSON path and what was
 * expected there. An {@link IllegalArgumentException}, so tools report it as a usage error, as they do an unknown
 * preset name.
 */
public final class ScenarioFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ScenarioFileException(String message) {
        super(message);
    }
}
