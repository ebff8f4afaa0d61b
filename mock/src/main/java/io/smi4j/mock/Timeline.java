package io.smi4j.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.mock.scenario.Scenario;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scenario file's {@code timeline}: what changes at which poll, as the values that changed. Each step names its
 * poll (2 is the second poll: the file's body is poll 1) and maps paths into the file's body
 * ({@code gpus[0].temperatureC}, {@code gpus[1].vgpuHost.vgpus}) to their new values, in the file's format: a
 * reading, a VM started or stopped (the vGPU list, written whole when its length changes), MIG mode, the driver
 * version. Replayed, a poll without a step changes nothing, and after the last step the host stops changing: it
 * does not loop (a loop would move every timestamp back to the start, which no driver does).
 */
public final class Timeline {

    /** No timeline: the host moves as the simulation drives it. */
    public static final Timeline NONE = new Timeline(List.of());

    private final List<Step> steps;
    /** The file's body as written (null for a timeline built to be written), and the replay's time shift. */
    private final ObjectNode base;
    private final long shiftUs;

    /** A timeline of {@code steps}, ascending by poll, to write. */
    public Timeline(List<Step> steps) {
        this(steps, null, 0);
    }

    Timeline(List<Step> steps, ObjectNode base, long shiftUs) {
        this.steps = List.copyOf(steps);
        this.base = base;
        this.shiftUs = shiftUs;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Whether there is a timeline to play. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The last poll that changes something, 1 without steps. */
    public long lastPoll() {
        return steps.isEmpty() ? 1 : steps.get(steps.size() - 1).poll();
    }

    /**
     * Plays a timeline read from a file to its end: {@code each} gets every poll that changes something with the host
     * at that poll (what the native mock's script holds for it).
     */
    public void forEachState(java.util.function.BiConsumer<Long, Scenario> each) {
        Player p = player();
        while (p.poll() < lastPoll()) {
            Scenario s = p.next();
            if (s != null) {
                each.accept(p.poll(), s);
            }
        }
    }

    /** Plays a timeline read from a file, poll by poll. */
    Player player() {
        if (base == null) {
            throw new IllegalStateException("only a timeline read from a file can be played");
        }
        return new Player();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timeline t && t.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps);
    }

    @Override
    public String toString() {
        return "Timeline" + steps;
    }

    /** The host poll after poll: {@link #next()} is poll 2, 3, ...; after the last step each is the last state. */
    final class Player {
        private final ObjectNode state = base.deepCopy();
        private long poll = 1;
        private int next;

        /** The poll played last (1 before {@link #next()}). */
        long poll() {
            return poll;
        }

        /** The host at the next poll, or null when nothing changes in it. */
        Scenario next() {
            poll++;
            if (next >= steps.size() || steps.get(next).poll() != poll) {
                return null;
            }
            steps.get(next++).changes().forEach((path, value) -> Timelines.set(state, path, value, path));
            try {
                return ScenarioFiles.body(state, shiftUs, "$");
            } catch (RuntimeException e) {
                // the file was checked when read, but only its last host whole: one in between can still be wrong
                throw new ScenarioFileException("the scenario file's timeline at poll " + poll + ": "
                        + (e instanceof ScenarioFiles.Bad b ? "at " + b.path + ": " : "") + e.getMessage());
            }
        }
    }

    /**
     * What changes at one poll.
     *
     * @param poll    2 or later
     * @param changes path in the file's body to its new value, in the order they are applied
     */
    public record Step(long poll, Map<String, JsonNode> changes) {

        public Step {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }
}
