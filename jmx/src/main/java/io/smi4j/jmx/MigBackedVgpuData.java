package io.smi4j.jmx;

import io.smi4j.model.GpuInstanceVgpus;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/**
 * The GPU instances' vGPU sides of one vGPU-host GPU in MIG mode (MIG-backed vGPU) as one MXBean value: per GPU
 * instance its scheduler state, recent log entries, runlist shares, heterogeneous mode, vGPU ids and types with their
 * capacity there (see {@link SnapshotData} for how records become open data).
 */
public final class MigBackedVgpuData implements CompositeDataView {

    /** The open form: a record with the GPU instances, by id. */
    record GpuInstances(List<GpuInstanceVgpus> gpuInstances) {
    }

    private final List<GpuInstanceVgpus> gpuInstances;

    public MigBackedVgpuData(List<GpuInstanceVgpus> gpuInstances) {
        this.gpuInstances = List.copyOf(gpuInstances);
    }

    public List<GpuInstanceVgpus> gpuInstances() {
        return gpuInstances;
    }

    public int getCount() {
        return gpuInstances.size();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(new GpuInstances(gpuInstances));
    }

    public static MigBackedVgpuData from(CompositeData data) {
        return new MigBackedVgpuData(OpenRecords.fromCompositeData(GpuInstances.class, data).gpuInstances());
    }
}
