package io.smi4j.jmx;

import io.smi4j.model.ProcessGpuUse;
import java.util.Objects;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/** A whole {@link ProcessGpuUse} as one MXBean value (see {@link SnapshotData} for how). */
public final class ProcessGpuUseData implements CompositeDataView {

    private final ProcessGpuUse use;

    public ProcessGpuUseData(ProcessGpuUse use) {
        this.use = Objects.requireNonNull(use, "use");
    }

    public ProcessGpuUse use() {
        return use;
    }

    public long getPid() {
        return use.pid();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(use);
    }

    public static ProcessGpuUseData from(CompositeData data) {
        return new ProcessGpuUseData(OpenRecords.fromCompositeData(ProcessGpuUse.class, data));
    }
}
