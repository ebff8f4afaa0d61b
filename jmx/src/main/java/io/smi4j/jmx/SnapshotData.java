package io.smi4j.jmx;

import io.smi4j.model.HostSnapshot;
import java.util.Objects;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/**
 * The {@code Snapshot} attribute of {@code io.smi4j:type=Host}: a whole {@link HostSnapshot}
 * as open data. The MXBean mapping builds this class's declared type from its two getters,
 * while {@link #toCompositeData} sends every component of the snapshot (a
 * {@link CompositeDataView} may add items); {@link #from} lets an MXBean proxy in a remote
 * JVM rebuild the snapshot, so {@code proxy.getSnapshot().snapshot()} equals the original.
 */
public final class SnapshotData implements CompositeDataView {

    private final HostSnapshot snapshot;

    public SnapshotData(HostSnapshot snapshot) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** The snapshot itself. */
    public HostSnapshot snapshot() {
        return snapshot;
    }

    public String getHostName() {
        return snapshot.hostName();
    }

    public long getSequence() {
        return snapshot.sequence();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(snapshot);
    }

    /** Used by the MXBean framework of a client to rebuild the snapshot. */
    public static SnapshotData from(CompositeData data) {
        return new SnapshotData(OpenRecords.fromCompositeData(HostSnapshot.class, data));
    }
}
