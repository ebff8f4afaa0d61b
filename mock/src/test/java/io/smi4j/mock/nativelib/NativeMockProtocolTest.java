package io.smi4j.mock.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.nvml.jna.Layouts;
import io.smi4j.nvml.jna.NvmlBinding;
import io.smi4j.testing.NvmlSdk;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native mock's call protocols, driven with raw calls (what a careless binding might send),
 * not through JnaNvml: count queries, NULL / non-NULL arrays, version words.
 */
class NativeMockProtocolTest {

    private NativeMock mock;
    private NativeLibrary library;
    private JnaNvml session;
    private Pointer host;
    private final Memory count = new Memory(8);
    private final Memory buffer = new Memory(64 * 1024);

    @BeforeEach
    void openTheMock() {
        mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(RoundTripScenario.create());
        library = NvmlBinding.open(mock.path());
        session = JnaNvml.load(mock.path());
        session.init();
        host = new Pointer(session.deviceHandleByIndex(0));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private int call(String name, Object... args) {
        Function f = library.getFunction(name);
        return f.invokeInt(args);
    }

    @Test
    void aCountQueryWithANullArrayAnswersInsufficientSizeWithTheCount() {
        count.setInt(0, 0);
        assertEquals(NvmlReturn.INSUFFICIENT_SIZE.code(), call("nvmlDeviceGetActiveVgpus", host, count, null));
        assertEquals(3, count.getInt(0));
    }

    @Test
    void aGrowthMakesTheNextCountQueryReportFewerOnceSoTheFillAsksForMore() {
        mock.growCountOnce("nvmlDeviceGetActiveVgpus", 2);
        count.setInt(0, 0);
        assertEquals(NvmlReturn.INSUFFICIENT_SIZE.code(), call("nvmlDeviceGetActiveVgpus", host, count, null));
        assertEquals(1, count.getInt(0));
        assertEquals(NvmlReturn.INSUFFICIENT_SIZE.code(), call("nvmlDeviceGetActiveVgpus", host, count, buffer));
        assertEquals(3, count.getInt(0));
        assertEquals(NvmlReturn.SUCCESS.code(), call("nvmlDeviceGetActiveVgpus", host, count, buffer));
        assertEquals(3, count.getInt(0));
    }

    @Test
    void aCountOfZeroWithANonNullArrayIsAnInvalidArgumentForUtilization() {
        count.setInt(0, 0);
        Memory type = new Memory(4);
        assertEquals(NvmlReturn.INVALID_ARGUMENT.code(),
                call("nvmlDeviceGetVgpuUtilization", host, 0L, type, count, buffer));
        assertEquals(NvmlReturn.INVALID_ARGUMENT.code(),
                call("nvmlDeviceGetVgpuProcessUtilization", host, 0L, count, buffer));
    }

    @Test
    void aWrongVersionWordIsAnArgumentVersionMismatch() {
        buffer.clear(64);
        buffer.setInt(0, Layouts.Memory_v2.SIZE);
        assertEquals(NvmlReturn.ARGUMENT_VERSION_MISMATCH.code(), call("nvmlDeviceGetMemoryInfo_v2", host, buffer));
        buffer.setInt(0, 2 << 24 | 24);
        assertEquals(NvmlReturn.ARGUMENT_VERSION_MISMATCH.code(), call("nvmlDeviceGetMemoryInfo_v2", host, buffer));
        buffer.clear(64);
        buffer.setInt(0, 1);
        assertEquals(NvmlReturn.ARGUMENT_VERSION_MISMATCH.code(),
                call("nvmlDeviceGetVgpuInstancesUtilizationInfo", host, buffer));
        buffer.setInt(0, 1);
        assertEquals(NvmlReturn.ARGUMENT_VERSION_MISMATCH.code(),
                call("nvmlDeviceGetVgpuHeterogeneousMode", host, buffer));
        buffer.setInt(0, Layouts.VgpuHeterogeneousMode_v1.VERSION);
        assertEquals(NvmlReturn.SUCCESS.code(), call("nvmlDeviceGetVgpuHeterogeneousMode", host, buffer));
    }

    @Test
    void aTooSmallStringBufferIsInsufficientSizeAndTheTypeNameCallSaysHowLarge() {
        assertEquals(NvmlReturn.INSUFFICIENT_SIZE.code(), call("nvmlVgpuInstanceGetVmID",
                (int) RoundTripScenario.VGPU_A, buffer, 8, count));
        count.setInt(0, 4);
        assertEquals(NvmlReturn.INSUFFICIENT_SIZE.code(),
                call("nvmlVgpuTypeGetName", (int) RoundTripScenario.TYPE_SMALL, buffer, count));
        assertEquals("NVIDIA A40-4Q".length() + 1, count.getInt(0));
    }

    @Test
    void aScenarioBeyondTheMocksCapacityIsRefusedNamingTheSetupFunction() {
        SimGpu gpu = RoundTripScenario.create().gpus().get(3);
        Scenario tooMany = new Scenario("too-many", true, "1", "2", 3, Collections.nCopies(9, gpu));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mock.apply(tooMany));
        assertTrue(e.getMessage().startsWith("smi4jmock_add_gpu refused"), e.getMessage());
    }

    @Test
    void aRealDriverIsNotTakenForTheMock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeMock.load(NvmlSdk.require().libR535()));
        assertTrue(e.getMessage().contains("not the smi4j native mock"), e.getMessage());
    }
}
