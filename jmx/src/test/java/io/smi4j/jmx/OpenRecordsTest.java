package io.smi4j.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.model.HostSnapshot;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

class OpenRecordsTest {

    @Test
    void aSnapshotSurvivesTheTripThroughOpenDataUnchanged() {
        HostSnapshot s = TestSnapshots.vgpuHost(9);
        CompositeData data = OpenRecords.toCompositeData(s);
        assertEquals(s, OpenRecords.fromCompositeData(HostSnapshot.class, data));
    }

    @Test
    void openDataNamesItemsAfterTheRecordComponents() {
        CompositeData data = OpenRecords.toCompositeData(TestSnapshots.bareMetal(1));
        assertEquals("testhost", data.get("hostName"));
        assertEquals("OK", data.get("status"));
        assertEquals(1_234_567L, data.get("pollDuration"));
        assertEquals(1, ((CompositeData[]) data.get("gpus")).length);
    }
}
