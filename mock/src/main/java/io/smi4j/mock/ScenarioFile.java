package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;

/**
 * Everything a scenario file holds: the host at its first poll, the faults injected while it is replayed, and the
 * timeline of what changes at later polls.
 *
 * @param scenario the host at poll 1
 * @param faults   the file's {@code faults}, {@link FaultPlan#none()} without
 * @param timeline the file's {@code timeline}, {@link Timeline#NONE} without (the host then moves by {@code --seed})
 */
public record ScenarioFile(Scenario scenario, FaultPlan faults, Timeline timeline) {

    /** A host with neither faults nor timeline. */
    public static ScenarioFile of(Scenario scenario) {
        return new ScenarioFile(scenario, FaultPlan.none(), Timeline.NONE);
    }
}
