package io.smi4j.nvml.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.LicenseState;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoders hand out last poll's object again for an unchanged answer and a new one for a changed answer. */
class LastAnswersTest {

    private final Buffers b = new Buffers();

    @Test
    void anUnchangedAccountingRecordIsTheSameObjectAndAChangedOneANewOneWithTheNewValues() {
        LastAnswers<AccountingStats> last = new LastAnswers<>();
        long key = LastAnswers.pair(3_251_634_191L, 4242);
        b.scratch.clear(Layouts.AccountingStats.SIZE);
        b.view.putInt(Layouts.AccountingStats.GPU_UTILIZATION, 37);
        b.view.putLong(Layouts.AccountingStats.MAX_MEMORY_USAGE, 1 << 20);
        AccountingStats first = Structs.accountingStats(b, last, key);
        assertSame(first, Structs.accountingStats(b, last, key));
        assertEquals(37, first.gpuUtilizationPercent());
        b.view.putLong(Layouts.AccountingStats.MAX_MEMORY_USAGE, 2 << 20);
        AccountingStats changed = Structs.accountingStats(b, last, key);
        assertNotSame(first, changed);
        assertEquals(2 << 20, changed.maxMemoryUsageBytes());
        assertSame(changed, Structs.accountingStats(b, last, key));
        b.view.putInt(Layouts.AccountingStats.MEMORY_UTILIZATION, -1); // NVML's all ones: not available
        AccountingStats unknown = Structs.accountingStats(b, last, key);
        assertTrue(Double.isNaN(unknown.memoryUtilizationPercent()), "not -1 percent: " + unknown);
        assertSame(unknown, Structs.accountingStats(b, last, key), "NaN equals NaN");
        assertNotSame(changed, Structs.accountingStats(b, last, LastAnswers.pair(3_251_634_191L, 4243)),
                "another PID of the same vGPU has its own record");
    }

    @Test
    void anUnchangedLicenceIsTheSameObjectAndAChangedStateANewOne() {
        LastAnswers<LicenseInfo> last = new LastAnswers<>();
        b.scratch.clear(Layouts.VgpuLicenseInfo.SIZE);
        b.view.put(Layouts.VgpuLicenseInfo.IS_LICENSED, (byte) 1);
        b.view.putInt(Layouts.VgpuLicenseInfo.CURRENT_STATE, LicenseState.LICENSED.code());
        LicenseInfo first = Structs.licenseInfo(b, last, 7);
        assertSame(first, Structs.licenseInfo(b, last, 7));
        b.view.putShort(Layouts.VgpuLicenseInfo.LICENSE_EXPIRY + Layouts.VgpuLicenseExpiry.DAY, (short) 9);
        LicenseInfo later = Structs.licenseInfo(b, last, 7);
        assertNotSame(first, later);
        assertEquals(9, later.expiry().day());
        assertEquals(LicenseState.LICENSED, later.state());
    }

    @Test
    void anUnchangedIdListIsTheSameArrayAndAChangedOneANewArray() {
        LastAnswers<long[]> last = new LastAnswers<>();
        b.array(16);
        b.arrayView().putInt(0, 11).putInt(4, -2); // ids are unsigned
        long[] first = b.ids(2, last, 99);
        assertArrayEquals(new long[] {11, 0xFFFF_FFFEL}, first);
        assertSame(first, b.ids(2, last, 99));
        assertNotSame(first, b.ids(1, last, 99), "a shorter list");
        b.arrayView().putInt(0, 12);
        assertArrayEquals(new long[] {12, 0xFFFF_FFFEL}, b.ids(2, last, 99));
    }

    @Test
    void aUtilizationSampleSeenAgainIsTheSameObject() {
        LastAnswers<VgpuUtilizationSample> last = new LastAnswers<>();
        int size = Layouts.VgpuInstanceUtilizationSample.SIZE;
        b.array(2L * size);
        for (int i = 0; i < 2; i++) {
            b.arrayView().putInt(i * size + Layouts.VgpuInstanceUtilizationSample.VGPU_INSTANCE, 100 + i);
            b.arrayView().putLong(i * size + Layouts.VgpuInstanceUtilizationSample.TIME_STAMP, 5_000 + i);
        }
        List<VgpuUtilizationSample> first = Structs.vgpuUtilization(b, 2, Layouts.Value.TYPE_UNSIGNED_INT, last);
        List<VgpuUtilizationSample> again = Structs.vgpuUtilization(b, 2, Layouts.Value.TYPE_UNSIGNED_INT, last);
        assertSame(first.get(0), again.get(0));
        assertSame(first.get(1), again.get(1));
        b.arrayView().putLong(size + Layouts.VgpuInstanceUtilizationSample.TIME_STAMP, 6_000);
        List<VgpuUtilizationSample> newer = Structs.vgpuUtilization(b, 2, Layouts.Value.TYPE_UNSIGNED_INT, last);
        assertSame(first.get(0), newer.get(0));
        assertEquals(6_000, newer.get(1).timestampUs());
        assertEquals(101, newer.get(1).vgpuInstance());
    }

    @Test
    void notANumberEqualsItselfAsInARecordsEquals() {
        assertTrue(LastAnswers.same(Double.NaN, Double.NaN));
        assertTrue(!LastAnswers.same(0.0, -0.0) && !LastAnswers.same(1.0, 2.0));
    }

    @Test
    void theMapFindsEveryKeyAcrossGrowthAndStartsOverPastItsBound() {
        LastAnswers<Long> last = new LastAnswers<>();
        for (long k = 0; k < 1000; k++) {
            last.put(k * 4096, k);
        }
        for (long k = 0; k < 1000; k++) {
            assertEquals(k, last.get(k * 4096));
        }
        assertNull(last.get(7));
        for (long k = 1000; k <= LastAnswers.MAX_KEYS; k++) {
            last.put(k * 4096, k);
        }
        assertTrue(last.size() <= LastAnswers.MAX_KEYS, "bounded: " + last.size());
        assertEquals((long) LastAnswers.MAX_KEYS, last.get((long) LastAnswers.MAX_KEYS * 4096));
    }
}
