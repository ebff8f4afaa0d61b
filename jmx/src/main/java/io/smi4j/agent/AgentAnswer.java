package io.smi4j.agent;

import io.smi4j.model.HostStatus;
import java.util.Optional;

/**
 * What the agent made of one start: published in the host JVM as the system property
 * {@value #PROPERTY}, which {@code smi4j attach} reads back through the Attach API after
 * {@code loadAgent} returns (for a dynamic attach the agent answers before {@code agentmain}
 * returns, so the property is this attach's answer).
 *
 * @param outcome what happened
 * @param nvml    the status of the first poll, when it came within the agent's wait
 * @param detail  one line: the options in effect and what is served, or what failed and why
 */
public record AgentAnswer(Outcome outcome, Optional<HostStatus> nvml, String detail) {

    /** The system property of the host JVM that holds the latest answer. */
    public static final String PROPERTY = "smi4j.agent.answer";

    private static final String SEPARATOR = "|";

    /** What a start came to. */
    public enum Outcome {
        /** Collecting, with everything the options ask for. */
        STARTED,
        /** Collecting, but part of what the options ask for does not work (the detail says which). */
        INCOMPLETE,
        /** Not collecting at all (the detail says why). */
        FAILED,
        /** An agent already runs in this JVM with the same options; nothing changed. */
        ALREADY_RUNNING,
        /** An agent already runs in this JVM with other options (the detail names them); nothing changed. */
        RUNNING_WITH_OTHER_OPTIONS
    }

    public AgentAnswer {
        detail = detail.lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse("");
    }

    /** The property value: {@code OUTCOME|NVML_STATUS|detail}, the status empty when unknown. */
    public String encode() {
        return outcome.name() + SEPARATOR + nvml.map(Enum::name).orElse("") + SEPARATOR + detail;
    }

    /** The answer in a property value; empty when there is none or it is not an answer of this version. */
    public static Optional<AgentAnswer> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Outcome outcome = Outcome.valueOf(parts[0]);
            Optional<HostStatus> nvml = parts[1].isEmpty() ? Optional.empty() : Optional.of(HostStatus.valueOf(parts[1]));
            return Optional.of(new AgentAnswer(outcome, nvml, parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
