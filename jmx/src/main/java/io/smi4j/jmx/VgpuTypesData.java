package io.smi4j.jmx;

import io.smi4j.model.VgpuTypeInfo;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/**
 * The vGPU types of one GPU with their capacity (creatable now, running, how many more, placements) as one MXBean
 * value (see {@link SnapshotData} for how).
 */
public final class VgpuTypesData implements CompositeDataView {

    /** The open form: a record with the types, in NVML's order. */
    record Types(List<VgpuTypeInfo> types) {
    }

    private final List<VgpuTypeInfo> types;

    public VgpuTypesData(List<VgpuTypeInfo> types) {
        this.types = List.copyOf(types);
    }

    public List<VgpuTypeInfo> types() {
        return types;
    }

    public int getCount() {
        return types.size();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(new Types(types));
    }

    public static VgpuTypesData from(CompositeData data) {
        return new VgpuTypesData(OpenRecords.fromCompositeData(Types.class, data).types());
    }
}
