package io.smi4j.jmx;

import io.smi4j.model.VgpuInstance;
import java.util.Objects;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/** A whole {@link VgpuInstance} as one MXBean value (see {@link SnapshotData} for how). */
public final class VgpuData implements CompositeDataView {

    private final VgpuInstance instance;

    public VgpuData(VgpuInstance instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    public VgpuInstance instance() {
        return instance;
    }

    public long getId() {
        return instance.id();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(instance);
    }

    public static VgpuData from(CompositeData data) {
        return new VgpuData(OpenRecords.fromCompositeData(VgpuInstance.class, data));
    }
}
