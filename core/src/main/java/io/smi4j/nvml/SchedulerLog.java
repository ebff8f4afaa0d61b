package io.smi4j.nvml;

import io.smi4j.model.ArrMode;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import java.util.List;

/** {@code nvmlVgpuSchedulerLog_t}, holding only the {@code entriesCount} valid entries. */
public record SchedulerLog(
        long engineId,
        SchedulerPolicy policy,
        ArrMode arrMode,
        SchedulerParams params,
        List<SchedulerLogEntry> entries) {

    public SchedulerLog {
        entries = List.copyOf(entries);
    }
}
