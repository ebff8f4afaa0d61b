package io.smi4j.jmx;

import io.smi4j.model.RunlistShare;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/** Each software runlist's share of the GPU's run time over the recent scheduler log, as one MXBean value. */
public final class RunlistSharesData implements CompositeDataView {

    /** The open form: a record with the shares, by runlist in order of first appearance. */
    record Shares(List<RunlistShare> shares) {
    }

    private final List<RunlistShare> shares;

    public RunlistSharesData(List<RunlistShare> shares) {
        this.shares = List.copyOf(shares);
    }

    public List<RunlistShare> shares() {
        return shares;
    }

    public int getCount() {
        return shares.size();
    }

    @Override
    public CompositeData toCompositeData(CompositeType ct) {
        return OpenRecords.toCompositeData(new Shares(shares));
    }

    public static RunlistSharesData from(CompositeData data) {
        return new RunlistSharesData(OpenRecords.fromCompositeData(Shares.class, data).shares());
    }
}
