package io.smi4j.nvml.jna;

/**
 * Sizes, field offsets, version words and buffer sizes of every NVML struct the binding reads
 * or writes, for x86-64 / aarch64 Linux and 64-bit Windows (LP64 and LLP64 agree for these
 * structs: none holds a C {@code long}). Kept in one place so that {@code LayoutsAbiTest} can
 * compare each constant with what gcc computes from NVIDIA's {@code nvml.h}
 * ({@code core/src/test/c/layout_probe.c} prints {@code Class.CONSTANT value} lines).
 *
 * <p>Each nested class is one C type, named after it without the {@code nvml} prefix and
 * {@code _t} suffix; {@code SIZE} is its {@code sizeof}, {@code VERSION} its version word.
 */
public final class Layouts {

    private Layouts() {
    }

    /** {@code #define}d limits and buffer sizes from {@code nvml.h}. */
    public static final class Constants {
        public static final int DEVICE_NAME_V2_BUFFER_SIZE = 96;
        public static final int DEVICE_UUID_V2_BUFFER_SIZE = 96;
        public static final int SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
        public static final int SYSTEM_NVML_VERSION_BUFFER_SIZE = 80;
        public static final int DEVICE_PCI_BUS_ID_BUFFER_SIZE = 32;
        public static final int GRID_LICENSE_BUFFER_SIZE = 128;
        public static final int GRID_LICENSE_FEATURE_MAX_COUNT = 3;
        public static final int VGPU_NAME_BUFFER_SIZE = 64;
        public static final int DEVICE_UUID_BUFFER_SIZE = 80;
        public static final int SCHEDULER_SW_MAX_LOG_ENTRIES = 200;
        /** nvml.h 13.3's (12.4 has 10): profile indices 10-17 are asked too, and absent where the driver lacks them. */
        public static final int GPU_INSTANCE_PROFILE_COUNT = 18;
        /** nvml.h 13.3's (12.4 has 8). */
        public static final int COMPUTE_INSTANCE_PROFILE_COUNT = 9;
        public static final int COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED = 0;
        public static final int TEMPERATURE_GPU = 0;
        public static final int VGPU_SCHEDULER_ARR_DISABLE = 1;
        public static final int VGPU_SCHEDULER_ARR_ENABLE = 2;
        /** {@code NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS} (nvml.h 12.9+): the engine a v2 scheduler call asks about. */
        public static final int VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS = 1;

        private Constants() {
        }
    }

    public static final class PciInfo {
        public static final int SIZE = 68;
        public static final int BUS_ID_LEGACY = 0;
        public static final int DOMAIN = 16;
        public static final int BUS = 20;
        public static final int DEVICE = 24;
        public static final int PCI_DEVICE_ID = 28;
        public static final int PCI_SUB_SYSTEM_ID = 32;
        public static final int BUS_ID = 36;

        private PciInfo() {
        }
    }

    public static final class Memory {
        public static final int SIZE = 24;
        public static final int TOTAL = 0;
        public static final int FREE = 8;
        public static final int USED = 16;

        private Memory() {
        }
    }

    public static final class Memory_v2 {
        public static final int SIZE = 40;
        public static final int VERSION = SIZE | 2 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int TOTAL = 8;
        public static final int RESERVED = 16;
        public static final int FREE = 24;
        public static final int USED = 32;

        private Memory_v2() {
        }
    }

    public static final class Utilization {
        public static final int SIZE = 8;
        public static final int GPU = 0;
        public static final int MEMORY = 4;

        private Utilization() {
        }
    }

    /** {@code nvmlProcessInfo_t}, the record {@code nvmlDeviceGetComputeRunningProcesses_v3} fills. */
    public static final class ProcessInfo {
        public static final int SIZE = 24;
        public static final int PID = 0;
        public static final int USED_GPU_MEMORY = 8;
        public static final int GPU_INSTANCE_ID = 16;
        public static final int COMPUTE_INSTANCE_ID = 20;

        private ProcessInfo() {
        }
    }

    /** {@code nvmlProcessUtilizationSample_t}, what {@code nvmlDeviceGetProcessUtilization} fills. */
    public static final class ProcessUtilizationSample {
        public static final int SIZE = 32;
        public static final int PID = 0;
        public static final int TIME_STAMP = 8;
        public static final int SM_UTIL = 16;
        public static final int MEM_UTIL = 20;
        public static final int ENC_UTIL = 24;
        public static final int DEC_UTIL = 28;

        private ProcessUtilizationSample() {
        }
    }

    /** {@code nvmlProcessUtilizationInfo_v1_t}, the R550 record of {@code nvmlDeviceGetProcessesUtilizationInfo}. */
    public static final class ProcessUtilizationInfo_v1 {
        public static final int SIZE = 40;
        public static final int TIME_STAMP = 0;
        public static final int PID = 8;
        public static final int SM_UTIL = 12;
        public static final int MEM_UTIL = 16;
        public static final int ENC_UTIL = 20;
        public static final int DEC_UTIL = 24;
        public static final int JPG_UTIL = 28;
        public static final int OFA_UTIL = 32;

        private ProcessUtilizationInfo_v1() {
        }
    }

    /** {@code nvmlProcessesUtilizationInfo_v1_t}: the count, the cursor and the array of the R550 call. */
    public static final class ProcessesUtilizationInfo_v1 {
        public static final int SIZE = 24;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int PROCESS_SAMPLES_COUNT = 4;
        public static final int LAST_SEEN_TIME_STAMP = 8;
        public static final int PROC_UTIL_ARRAY = 16;

        private ProcessesUtilizationInfo_v1() {
        }
    }

    public static final class GridLicenseExpiry {
        public static final int SIZE = 16;
        public static final int YEAR = 0;
        public static final int MONTH = 4;
        public static final int DAY = 6;
        public static final int HOUR = 8;
        public static final int MIN = 10;
        public static final int SEC = 12;
        public static final int STATUS = 14;

        private GridLicenseExpiry() {
        }
    }

    public static final class GridLicensableFeature {
        public static final int SIZE = 284;
        public static final int FEATURE_CODE = 0;
        public static final int FEATURE_STATE = 4;
        public static final int LICENSE_INFO = 8;
        public static final int PRODUCT_NAME = 136;
        public static final int FEATURE_ENABLED = 264;
        public static final int LICENSE_EXPIRY = 268;

        private GridLicensableFeature() {
        }
    }

    public static final class GridLicensableFeatures {
        public static final int SIZE = 860;
        public static final int IS_GRID_LICENSE_SUPPORTED = 0;
        public static final int LICENSABLE_FEATURES_COUNT = 4;
        public static final int GRID_LICENSABLE_FEATURES = 8;

        private GridLicensableFeatures() {
        }
    }

    public static final class GpuInstanceProfileInfo {
        public static final int SIZE = 48;
        public static final int ID = 0;
        public static final int SLICE_COUNT = 8;
        public static final int INSTANCE_COUNT = 12;
        public static final int MULTIPROCESSOR_COUNT = 16;
        public static final int MEMORY_SIZE_MB = 40;

        private GpuInstanceProfileInfo() {
        }
    }

    public static final class GpuInstanceInfo {
        public static final int SIZE = 24;
        public static final int DEVICE = 0;
        public static final int ID = 8;
        public static final int PROFILE_ID = 12;
        public static final int PLACEMENT_START = 16;
        public static final int PLACEMENT_SIZE = 20;

        private GpuInstanceInfo() {
        }
    }

    public static final class ComputeInstanceProfileInfo {
        public static final int SIZE = 36;
        public static final int ID = 0;
        public static final int SLICE_COUNT = 4;
        public static final int INSTANCE_COUNT = 8;
        public static final int MULTIPROCESSOR_COUNT = 12;

        private ComputeInstanceProfileInfo() {
        }
    }

    public static final class ComputeInstanceInfo {
        public static final int SIZE = 32;
        public static final int DEVICE = 0;
        public static final int GPU_INSTANCE = 8;
        public static final int ID = 16;
        public static final int PROFILE_ID = 20;
        public static final int PLACEMENT_START = 24;
        public static final int PLACEMENT_SIZE = 28;

        private ComputeInstanceInfo() {
        }
    }

    public static final class VgpuSchedulerCapabilities {
        public static final int SIZE = 40;
        public static final int SUPPORTED_SCHEDULERS = 0;
        public static final int SUPPORTED_SCHEDULERS_SLOTS = 3;
        public static final int MAX_TIMESLICE = 12;
        public static final int MIN_TIMESLICE = 16;
        public static final int IS_ARR_MODE_SUPPORTED = 20;
        public static final int MAX_FREQUENCY_FOR_ARR = 24;
        public static final int MIN_FREQUENCY_FOR_ARR = 28;
        public static final int MAX_AVG_FACTOR_FOR_ARR = 32;
        public static final int MIN_AVG_FACTOR_FOR_ARR = 36;

        private VgpuSchedulerCapabilities() {
        }
    }

    /** The get-side parameter union: {@code {avgFactor, timeslice}} with ARR, {@code {timeslice}} without. */
    public static final class VgpuSchedulerParams {
        public static final int SIZE = 8;
        public static final int WITH_ARR_AVG_FACTOR = 0;
        public static final int WITH_ARR_TIMESLICE = 4;
        public static final int TIMESLICE = 0;

        private VgpuSchedulerParams() {
        }
    }

    /** The set-side parameter union: {@code {avgFactor, frequency}} with ARR, {@code {timeslice}} without. */
    public static final class VgpuSchedulerSetParams {
        public static final int SIZE = 8;
        public static final int WITH_ARR_AVG_FACTOR = 0;
        public static final int WITH_ARR_FREQUENCY = 4;
        public static final int TIMESLICE = 0;

        private VgpuSchedulerSetParams() {
        }
    }

    public static final class VgpuSchedulerGetState {
        public static final int SIZE = 16;
        public static final int SCHEDULER_POLICY = 0;
        public static final int ARR_MODE = 4;
        public static final int SCHEDULER_PARAMS = 8;

        private VgpuSchedulerGetState() {
        }
    }

    public static final class VgpuSchedulerSetState {
        public static final int SIZE = 16;
        public static final int SCHEDULER_POLICY = 0;
        public static final int ENABLE_ARR_MODE = 4;
        public static final int SCHEDULER_PARAMS = 8;

        private VgpuSchedulerSetState() {
        }
    }

    public static final class VgpuSchedulerLogEntry {
        public static final int SIZE = 48;
        public static final int TIMESTAMP = 0;
        public static final int TIME_RUN_TOTAL = 8;
        public static final int TIME_RUN = 16;
        public static final int SW_RUNLIST_ID = 24;
        public static final int TARGET_TIME_SLICE = 32;
        public static final int CUMULATIVE_PREEMPTION_TIME = 40;

        private VgpuSchedulerLogEntry() {
        }
    }

    public static final class VgpuSchedulerLog {
        public static final int SIZE = 9624;
        public static final int ENGINE_ID = 0;
        public static final int SCHEDULER_POLICY = 4;
        public static final int ARR_MODE = 8;
        public static final int SCHEDULER_PARAMS = 12;
        public static final int ENTRIES_COUNT = 20;
        public static final int LOG_ENTRIES = 24;

        private VgpuSchedulerLog() {
        }
    }

    public static final class VgpuLicenseExpiry {
        public static final int SIZE = 16;
        public static final int YEAR = 0;
        public static final int MONTH = 4;
        public static final int DAY = 6;
        public static final int HOUR = 8;
        public static final int MIN = 10;
        public static final int SEC = 12;
        public static final int STATUS = 14;

        private VgpuLicenseExpiry() {
        }
    }

    public static final class VgpuLicenseInfo {
        public static final int SIZE = 24;
        public static final int IS_LICENSED = 0;
        public static final int LICENSE_EXPIRY = 4;
        public static final int CURRENT_STATE = 20;

        private VgpuLicenseInfo() {
        }
    }

    public static final class AccountingStats {
        public static final int SIZE = 56;
        public static final int GPU_UTILIZATION = 0;
        public static final int MEMORY_UTILIZATION = 4;
        public static final int MAX_MEMORY_USAGE = 8;
        public static final int TIME = 16;
        public static final int START_TIME = 24;
        public static final int IS_RUNNING = 32;

        private AccountingStats() {
        }
    }

    /** The {@code nvmlValue_t} union; which member is valid is given by {@code nvmlValueType_t}. */
    public static final class Value {
        public static final int SIZE = 8;
        public static final int TYPE_DOUBLE = 0;
        public static final int TYPE_UNSIGNED_INT = 1;
        public static final int TYPE_UNSIGNED_LONG = 2;
        public static final int TYPE_UNSIGNED_LONG_LONG = 3;
        public static final int TYPE_SIGNED_LONG_LONG = 4;
        public static final int TYPE_SIGNED_INT = 5;

        private Value() {
        }
    }

    public static final class VgpuInstanceUtilizationSample {
        public static final int SIZE = 48;
        public static final int VGPU_INSTANCE = 0;
        public static final int TIME_STAMP = 8;
        public static final int SM_UTIL = 16;
        public static final int MEM_UTIL = 24;
        public static final int ENC_UTIL = 32;
        public static final int DEC_UTIL = 40;

        private VgpuInstanceUtilizationSample() {
        }
    }

    public static final class VgpuInstanceUtilizationInfo_v1 {
        public static final int SIZE = 64;
        public static final int TIME_STAMP = 0;
        public static final int VGPU_INSTANCE = 8;
        public static final int SM_UTIL = 16;
        public static final int MEM_UTIL = 24;
        public static final int ENC_UTIL = 32;
        public static final int DEC_UTIL = 40;
        public static final int JPG_UTIL = 48;
        public static final int OFA_UTIL = 56;

        private VgpuInstanceUtilizationInfo_v1() {
        }
    }

    public static final class VgpuInstancesUtilizationInfo_v1 {
        public static final int SIZE = 32;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int SAMPLE_VAL_TYPE = 4;
        public static final int VGPU_INSTANCE_COUNT = 8;
        public static final int LAST_SEEN_TIME_STAMP = 16;
        public static final int VGPU_UTIL_ARRAY = 24;

        private VgpuInstancesUtilizationInfo_v1() {
        }
    }

    public static final class VgpuProcessUtilizationSample {
        public static final int SIZE = 96;
        public static final int VGPU_INSTANCE = 0;
        public static final int PID = 4;
        public static final int PROCESS_NAME = 8;
        public static final int PROCESS_NAME_SIZE = 64;
        public static final int TIME_STAMP = 72;
        public static final int SM_UTIL = 80;
        public static final int MEM_UTIL = 84;
        public static final int ENC_UTIL = 88;
        public static final int DEC_UTIL = 92;

        private VgpuProcessUtilizationSample() {
        }
    }

    public static final class VgpuHeterogeneousMode_v1 {
        public static final int SIZE = 8;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int MODE = 4;

        private VgpuHeterogeneousMode_v1() {
        }
    }

    public static final class VgpuPlacementId_v1 {
        public static final int SIZE = 8;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int PLACEMENT_ID = 4;

        private VgpuPlacementId_v1() {
        }
    }

    public static final class VgpuPlacementList_v1 {
        public static final int SIZE = 24;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int PLACEMENT_SIZE = 4;
        public static final int COUNT = 8;
        public static final int PLACEMENT_IDS = 16;

        private VgpuPlacementList_v1() {
        }
    }

    public static final class FBCStats {
        public static final int SIZE = 12;
        public static final int SESSIONS_COUNT = 0;
        public static final int AVERAGE_FPS = 4;
        public static final int AVERAGE_LATENCY = 8;

        private FBCStats() {
        }
    }

    /** Newer than the build header (nvml.h 12.6, R560): as nvml.h 13.3 has it. */
    public static final class VgpuTypeBar1Info_v1 {
        public static final int SIZE = 16;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int BAR1_SIZE = 8;

        private VgpuTypeBar1Info_v1() {
        }
    }

    /** Newer than the build header (R570): as nvml.h 13.3 has it. */
    public static final class VgpuRuntimeState_v1 {
        public static final int SIZE = 16;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int STATE_SIZE = 8;

        private VgpuRuntimeState_v1() {
        }
    }

    // ---- nvml.h 13.2 and newer (scheduler v2): not in the 12.4 build header; hand-defined in the native mock's
    // nvml_newer.h, checked against nvml.h 13.3 by LayoutsOracleTest ----

    /** {@code nvmlVgpuSchedulerLogEntry_v2_t}: the v1 entry and the runlist's weight. */
    public static final class VgpuSchedulerLogEntry_v2 {
        public static final int SIZE = 56;
        public static final int TIMESTAMP = 0;
        public static final int TIME_RUN_TOTAL = 8;
        public static final int TIME_RUN = 16;
        public static final int SW_RUNLIST_ID = 24;
        public static final int TARGET_TIME_SLICE = 32;
        public static final int CUMULATIVE_PREEMPTION_TIME = 40;
        public static final int WEIGHT = 48;

        private VgpuSchedulerLogEntry_v2() {
        }
    }

    /** {@code nvmlVgpuSchedulerLogInfo_v2_t}: no version word, no ARR mode; {@code engineId} is an input. */
    public static final class VgpuSchedulerLogInfo_v2 {
        public static final int SIZE = 11224;
        public static final int ENGINE_ID = 0;
        public static final int SCHEDULER_POLICY = 4;
        public static final int AVG_FACTOR = 8;
        public static final int TIMESLICE = 12;
        public static final int ENTRIES_COUNT = 16;
        public static final int LOG_ENTRIES = 24;

        private VgpuSchedulerLogInfo_v2() {
        }
    }

    /** {@code nvmlVgpuSchedulerStateInfo_v2_t}: what {@code nvmlDeviceGetVgpuSchedulerState_v2} fills. */
    public static final class VgpuSchedulerStateInfo_v2 {
        public static final int SIZE = 16;
        public static final int ENGINE_ID = 0;
        public static final int SCHEDULER_POLICY = 4;
        public static final int AVG_FACTOR = 8;
        public static final int TIMESLICE = 12;

        private VgpuSchedulerStateInfo_v2() {
        }
    }

    /** {@code nvmlVgpuSchedulerState_v2_t}: what {@code nvmlDeviceSetVgpuSchedulerState_v2} takes (0: default). */
    public static final class VgpuSchedulerState_v2 {
        public static final int SIZE = 16;
        public static final int ENGINE_ID = 0;
        public static final int SCHEDULER_POLICY = 4;
        public static final int AVG_FACTOR = 8;
        public static final int FREQUENCY = 12;

        private VgpuSchedulerState_v2() {
        }
    }

    // ---- nvml.h 12.9 and newer (MIG-backed vGPU, R575): hand-defined like the v2 scheduler structs ----

    /** {@code nvmlActiveVgpuInstanceInfo_v1_t}: {@code nvmlGpuInstanceGetActiveVgpus}, count-then-fill. */
    public static final class ActiveVgpuInstanceInfo_v1 {
        public static final int SIZE = 16;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int VGPU_COUNT = 4;
        public static final int VGPU_INSTANCES = 8;

        private ActiveVgpuInstanceInfo_v1() {
        }
    }

    /** {@code nvmlVgpuTypeIdInfo_v1_t}: {@code nvmlGpuInstanceGetCreatableVgpus}, count-then-fill. */
    public static final class VgpuTypeIdInfo_v1 {
        public static final int SIZE = 16;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int VGPU_COUNT = 4;
        public static final int VGPU_TYPE_IDS = 8;

        private VgpuTypeIdInfo_v1() {
        }
    }

    /** {@code nvmlVgpuCreatablePlacementInfo_v1_t}: {@code nvmlGpuInstanceGetVgpuTypeCreatablePlacements}. */
    public static final class VgpuCreatablePlacementInfo_v1 {
        public static final int SIZE = 32;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int VGPU_TYPE_ID = 4;
        public static final int COUNT = 8;
        public static final int PLACEMENT_IDS = 16;
        public static final int PLACEMENT_SIZE = 24;

        private VgpuCreatablePlacementInfo_v1() {
        }
    }

    /** {@code nvmlVgpuSchedulerStateInfo_v1_t}: {@code nvmlGpuInstanceGetVgpuSchedulerState}. */
    public static final class VgpuSchedulerStateInfo_v1 {
        public static final int SIZE = 24;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int ENGINE_ID = 4;
        public static final int SCHEDULER_POLICY = 8;
        public static final int ARR_MODE = 12;
        public static final int SCHEDULER_PARAMS = 16;

        private VgpuSchedulerStateInfo_v1() {
        }
    }

    /** {@code nvmlVgpuSchedulerLogInfo_v1_t}: {@code nvmlGpuInstanceGetVgpuSchedulerLog}. */
    public static final class VgpuSchedulerLogInfo_v1 {
        public static final int SIZE = 9632;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int ENGINE_ID = 4;
        public static final int SCHEDULER_POLICY = 8;
        public static final int ARR_MODE = 12;
        public static final int SCHEDULER_PARAMS = 16;
        public static final int ENTRIES_COUNT = 24;
        public static final int LOG_ENTRIES = 32;

        private VgpuSchedulerLogInfo_v1() {
        }
    }

    /** {@code nvmlVgpuTypeMaxInstance_v1_t}: {@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance}. */
    public static final class VgpuTypeMaxInstance_v1 {
        public static final int SIZE = 12;
        public static final int VERSION = SIZE | 1 << 24;
        public static final int VERSION_FIELD = 0;
        public static final int VGPU_TYPE_ID = 4;
        public static final int MAX_INSTANCE_PER_GI = 8;

        private VgpuTypeMaxInstance_v1() {
        }
    }
}
