package io.smi4j.report;

import io.smi4j.model.ArrMode;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.model.VirtualizationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the text report and the dashboard spell values: one place, so both read the same.
 * The model's "not available" values (-1, NaN, {@code ""}) all print as {@link #NA}.
 */
public final class Format {

    /** What every unavailable value prints as. */
    public static final String NA = "-";

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private Format() {
    }

    /** {@code 512 MiB}, {@code 15.7 GiB}. */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return NA;
        }
        if (bytes >= GIB) {
            return oneDecimal((double) bytes / GIB) + " GiB";
        }
        if (bytes >= MIB) {
            return (bytes / MIB) + " MiB";
        }
        if (bytes >= KIB) {
            return (bytes / KIB) + " KiB";
        }
        return bytes + " B";
    }

    /** {@code 1.2/4.0 GiB}: used and total in the unit of the total. */
    public static String usedOfTotal(long used, long total) {
        if (total < 0) {
            return bytes(used) + "/" + NA;
        }
        if (total >= GIB) {
            return (used < 0 ? NA : oneDecimal((double) used / GIB)) + "/" + oneDecimal((double) total / GIB) + " GiB";
        }
        return (used < 0 ? NA : String.valueOf(used / MIB)) + "/" + (total / MIB) + " MiB";
    }

    public static String percent(long value) {
        return value < 0 ? NA : value + "%";
    }

    /** A vGPU utilization: NaN until a sample arrived. */
    public static String percent(double value) {
        return Double.isNaN(value) || value < 0 ? NA : Math.round(value) + "%";
    }

    /** {@code 70 W} or {@code 70.5 W}. */
    public static String watts(double watts) {
        if (Double.isNaN(watts) || watts < 0) {
            return NA;
        }
        return watts == Math.rint(watts) ? (long) watts + " W" : oneDecimal(watts) + " W";
    }

    public static String celsius(double value) {
        return Double.isNaN(value) ? NA : Math.round(value) + "C";
    }

    /** Hertz as whole megahertz without the unit ({@code 1410}), as nvidia-smi prints clocks. */
    public static String megahertz(long hertz) {
        return hertz < 0 ? NA : String.valueOf(hertz / 1_000_000);
    }

    public static String number(long value) {
        return value < 0 ? NA : String.valueOf(value);
    }

    /** A measurement: whole numbers without decimals ({@code 60}), others with one ({@code 59.9}). */
    public static String number(double value) {
        if (Double.isNaN(value) || value < 0) {
            return NA;
        }
        return value == Math.rint(value) ? String.valueOf((long) value) : oneDecimal(value);
    }

    /** Seconds as whole microseconds, {@code 1250 us}. */
    public static String micros(double seconds) {
        return Double.isNaN(seconds) || seconds < 0 ? NA : Math.round(seconds * 1e6) + " us";
    }

    public static String pstate(int value) {
        return value < 0 ? NA : "P" + value;
    }

    public static String text(String value) {
        return value == null || value.isEmpty() ? NA : value;
    }

    /** Seconds as milliseconds, {@code 2 ms} or {@code 1.5 ms}. */
    public static String millis(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return NA;
        }
        long nanos = Math.round(seconds * 1e9);
        return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + " ms" : oneDecimal(nanos / 1e6) + " ms";
    }

    /** {@code lost: <reason>}, {@code degraded: <reason>}, {@code cannot be opened: <reason>}, {@code ok}. */
    public static String health(GpuHealth h) {
        String state = switch (h.state()) {
            case OK -> "ok";
            case DEGRADED -> "degraded";
            case LOST -> "lost";
            case UNAVAILABLE -> "cannot be opened";
        };
        return h.reason().isEmpty() ? state : state + ": " + h.reason();
    }

    public static String toggle(Toggle t) {
        return switch (t) {
            case ON -> "on";
            case OFF -> "off";
            case UNKNOWN -> NA;
        };
    }

    public static String virtualization(VirtualizationMode mode) {
        return switch (mode) {
            case NONE -> "none";
            case PASSTHROUGH -> "passthrough";
            case VGPU_GUEST -> "vGPU guest";
            case HOST_VGPU -> "vGPU host";
            case HOST_VSGA -> "vSGA host";
            case UNKNOWN -> "unknown";
        };
    }

    public static String hostMode(HostVgpuMode mode) {
        return switch (mode) {
            case SRIOV -> "SR-IOV";
            case NON_SRIOV -> "non-SR-IOV";
            case UNKNOWN -> "unknown";
        };
    }

    public static String policy(SchedulerPolicy policy) {
        return switch (policy) {
            case BEST_EFFORT -> "best effort";
            case EQUAL_SHARE -> "equal share";
            case FIXED_SHARE -> "fixed share";
            case UNKNOWN -> "unknown";
        };
    }

    public static String arr(ArrMode mode) {
        return switch (mode) {
            case DEFAULT -> "default";
            case DISABLED -> "disabled";
            case ENABLED -> "enabled";
            case UNKNOWN -> "unknown";
        };
    }

    public static String license(LicenseState state) {
        return switch (state) {
            case LICENSED -> "licensed";
            case UNLICENSED -> "unlicensed";
            case UNLICENSED_RESTRICTED -> "unlicensed (restricted)";
            case UNLICENSED_UNRESTRICTED -> "unlicensed (unrestricted)";
            case UNINITIALIZED -> "uninitialized";
            case UNKNOWN -> "unknown";
        };
    }

    /** {@code equal share, ARR enabled, timeslice 2 ms, avg factor 33}. */
    public static String scheduler(SchedulerState s) {
        // the v2 state (nvml.h 13.2+) has no ARR mode: not applicable, as nvidia-smi no longer shows it
        return policy(s.policy()) + (s.arrMode() == ArrMode.UNKNOWN ? ", ARR not applicable" : ", ARR " + arr(s.arrMode()))
                + ", timeslice "
                + millis(s.params().timesliceSeconds())
                + (s.params().avgFactor() < 0 ? "" : ", avg factor " + s.params().avgFactor());
    }

    /** {@code 4 runlists: #0 31% (weight 8), #1 ...}: each runlist's share of the recent run time. */
    public static String runlists(List<RunlistShare> shares) {
        StringBuilder b = new StringBuilder().append(shares.size()).append(shares.size() == 1 ? " runlist" : " runlists");
        String sep = ": ";
        for (RunlistShare r : shares) {
            b.append(sep).append('#').append(r.swRunlistId()).append(' ')
                    .append(Double.isNaN(r.share()) ? NA : Math.round(r.share() * 100) + "%")
                    .append(r.weight() < 0 ? "" : " (weight " + r.weight() + ")");
            sep = ", ";
        }
        return b.toString();
    }

    /** Supported policies and the legal ranges for setting the scheduler. */
    public static String capabilities(SchedulerCapabilities c) {
        List<String> policies = new ArrayList<>();
        for (SchedulerPolicy p : c.supportedSchedulers()) {
            policies.add(policy(p));
        }
        return "policies " + String.join(", ", policies) + "; timeslice "
                + millisRange(c.minTimesliceSeconds(), c.maxTimesliceSeconds())
                + (c.arrModeSupported()
                ? "; ARR avg factor " + range(c.minAvgFactorForArr(), c.maxAvgFactorForArr())
                + ", ARR frequency " + range(c.minFrequencyForArrHertz(), c.maxFrequencyForArrHertz()) + " Hz"
                : "; ARR not supported");
    }

    /** A range {@code 1-30 ms}, or {@link #NA} when either end is not available. */
    public static String millisRange(double min, double max) {
        return NA.equals(millis(min)) || NA.equals(millis(max)) ? NA : stripMs(millis(min)) + "-" + millis(max);
    }

    public static String range(long min, long max) {
        return min < 0 || max < 0 ? NA : min + "-" + max;
    }

    private static String stripMs(String millis) {
        return millis.endsWith(" ms") ? millis.substring(0, millis.length() - 3) : millis;
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A bandwidth in bytes per second, in decimal units as NVML reports it ({@code 24.0 GB/s}); -1 is {@code -}. */
    public static String bytesPerSecond(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            return NA;
        }
        return bytesPerSecond >= 1_000_000_000L ? oneDecimal(bytesPerSecond / 1e9) + " GB/s"
                : oneDecimal(bytesPerSecond / 1e6) + " MB/s";
    }

    /** A GPU's yes/no vGPU capabilities, each {@code on}, {@code off} or {@code -} (the driver does not know it). */
    public static String vgpuCapabilities(VgpuCapabilities c) {
        return "fractional multi-vGPU " + toggle(c.fractionalMultiVgpu())
                + ", heterogeneous timeslice profiles " + toggle(c.heterogeneousTimesliceProfiles())
                + ", sizes " + toggle(c.heterogeneousTimesliceSizes())
                + ", device streaming " + toggle(c.deviceStreaming())
                + ", mini quarter GPU " + toggle(c.miniQuarterGpu())
                + ", compute media engine GPU " + toggle(c.computeMediaEngineGpu())
                + ", warm update " + toggle(c.warmUpdate())
                + ", homogeneous placements " + toggle(c.homogeneousPlacements())
                + ", MIG timeslicing supported " + toggle(c.migTimeslicingSupported())
                + ", enabled " + toggle(c.migTimeslicingEnabled());
    }

    /** The host driver's vGPU capabilities. */
    public static String driverCapabilities(VgpuDriverCapabilities c) {
        return "heterogeneous multi-vGPU " + toggle(c.heterogeneousMultiVgpu()) + ", warm update " + toggle(c.warmUpdate());
    }
}
