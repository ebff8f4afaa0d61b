package io.smi4j.collect;

import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuHostInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One GPU's vGPU scheduler log as seen so far: the newest timestamp (the cursor the next read starts
 * after), the newest {@value VgpuHostInfo#RECENT_LOG_ENTRIES} entries and how many were seen. Kept per
 * GPU index across re-initialisations and polls whose reads failed, so an entry is never counted twice.
 */
final class SchedulerLogHistory {

    private final ArrayDeque<SchedulerLogEntry> newest = new ArrayDeque<>(VgpuHostInfo.RECENT_LOG_ENTRIES);
    private long cursor = Long.MIN_VALUE;
    private long total;
    private List<SchedulerLogEntry> view = List.of();
    /** {@link RunlistShare#of} the view, computed when first asked after the view changed. */
    private List<RunlistShare> shares = List.of();
    private boolean sharesStale;

    /** The newest timestamp seen; {@link Long#MIN_VALUE} before the first entry (NVML's "all of them"). */
    long cursor() {
        return cursor;
    }

    /** Entries newer than the cursor, in any order (NVML's log is a ring buffer). */
    void add(List<SchedulerLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<SchedulerLogEntry> sorted = entries;
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).timestampNs() <= entries.get(i - 1).timestampNs()) {
                sorted = new ArrayList<>(entries);
                sorted.sort((a, b) -> Long.compare(a.timestampNs(), b.timestampNs()));
                break;
            }
        }
        for (SchedulerLogEntry e : sorted) {
            if (newest.size() == VgpuHostInfo.RECENT_LOG_ENTRIES) {
                newest.removeFirst();
            }
            newest.addLast(e);
            cursor = Math.max(cursor, e.timestampNs());
        }
        total += sorted.size();
        view = List.copyOf(newest);
        sharesStale = true;
    }

    /** The runlists' shares of run time over {@link #recent()}: made again only after new entries. */
    List<RunlistShare> runlistShares() {
        if (sharesStale) {
            shares = List.copyOf(RunlistShare.of(view));
            sharesStale = false;
        }
        return shares;
    }

    /** The newest entries, oldest first. */
    List<SchedulerLogEntry> recent() {
        return view;
    }

    /** Entries seen so far. */
    long total() {
        return total;
    }
}
