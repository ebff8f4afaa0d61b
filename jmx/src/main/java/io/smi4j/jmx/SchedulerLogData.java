package io.smi4j.jmx;

import io.smi4j.model.SchedulerLogEntry;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/** Recent vGPU scheduler log entries as one MXBean value (see {@link SnapshotData} for how). */
public final class SchedulerLogData implements CompositeDataView {

    /** The open form: a record with the entries, oldest first. */
    record Entries(List<SchedulerLogEntry> entries) {
    }

    private final List<SchedulerLogEntry> entries;

    public SchedulerLogData(List<SchedulerLogEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<SchedulerLogEntry> entries() {
        return entries;
    }

    public int getCount() {
        return entries.size();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(new Entries(entries));
    }

    public static SchedulerLogData from(CompositeData data) {
        return new SchedulerLogData(OpenRecords.fromCompositeData(Entries.class, data).entries());
    }
}
