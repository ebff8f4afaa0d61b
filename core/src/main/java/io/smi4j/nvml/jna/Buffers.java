package io.smi4j.nvml.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.smi4j.nvml.Nvml;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The native memory one session hands to NVML and reads its answers from, reused by every call:
 * a scratch buffer (structs and strings at 0, small out-parameters in cells after them) and a
 * growable array for count-then-fill calls. Both are read through direct {@link ByteBuffer} views:
 * the JIT turns {@code view.getInt(offset)} into a plain load, where {@code Memory.getInt} would be
 * a JNI call. Owned by the session's polling thread, like the session.
 */
final class Buffers {

    /** Handles one MIG enumeration ({@code nvmlDeviceGetGpuInstances}, ...) may return. */
    static final int MAX_MIG_HANDLES = 32;
    /** Placement ids one placement list may hold: more than any GPU's maximum vGPUs of one type. */
    static final int MAX_PLACEMENTS = 256;
    /** The largest struct NVML fills in the scratch buffer ({@code nvmlVgpuSchedulerLogInfo_v2_t}, 11,224 bytes) fits. */
    private static final int STRUCT_AREA = 11264;
    static final int CELL0 = STRUCT_AREA;
    static final int CELL1 = STRUCT_AREA + 8;
    static final int CELL2 = STRUCT_AREA + 16;
    private static final int SCRATCH_SIZE = STRUCT_AREA + 64;
    private static final int TEXT_BUFFER = 256;

    final Memory scratch = new Memory(SCRATCH_SIZE);
    final long scratchAddress = Pointer.nativeValue(scratch);
    final ByteBuffer view = scratch.getByteBuffer(0, SCRATCH_SIZE).order(ByteOrder.nativeOrder());
    private final byte[] text = new byte[TEXT_BUFFER];
    private Memory array = new Memory(4096);
    private long arrayAddress = Pointer.nativeValue(array);
    private ByteBuffer arrayView = array.getByteBuffer(0, array.size()).order(ByteOrder.nativeOrder());

    /** The address of the scratch cell at {@code offset} ({@link #CELL0}, ...): an out-parameter. */
    long cell(int offset) {
        return scratchAddress + offset;
    }

    /** The array buffer, at least {@code bytes} long: its address. */
    long array(long bytes) {
        if (array.size() < bytes) {
            array.close();
            array = new Memory(Math.max(bytes, array.size() * 2));
            arrayAddress = Pointer.nativeValue(array);
            arrayView = array.getByteBuffer(0, array.size()).order(ByteOrder.nativeOrder());
        }
        return arrayAddress;
    }

    /** What the last fill left in the array buffer. */
    ByteBuffer arrayView() {
        return arrayView;
    }

    /** An {@code unsigned int} of the scratch buffer; all ones ({@code NVML_VALUE_NOT_AVAILABLE}) is {@link Nvml#NOT_AVAILABLE}. */
    long u32(int offset) {
        return u32(view, offset);
    }

    static long u32(ByteBuffer buffer, int offset) {
        return orNotAvailable(buffer.getInt(offset));
    }

    static long orNotAvailable(int value) {
        return value == -1 ? Nvml.NOT_AVAILABLE : Integer.toUnsignedLong(value);
    }

    /** An {@code unsigned short} of the scratch buffer. */
    int u16(int offset) {
        return view.getShort(offset) & 0xFFFF;
    }

    /** A NUL-terminated UTF-8 string of at most {@code max} bytes in the scratch buffer. */
    String string(int offset, int max) {
        return string(view, offset, max);
    }

    /** A NUL-terminated UTF-8 string of at most {@code max} bytes. */
    String string(ByteBuffer buffer, int offset, int max) {
        byte[] bytes = max <= text.length ? text : new byte[max];
        buffer.get(offset, bytes, 0, max);
        int length = 0;
        while (length < max && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The first {@code n} {@code unsigned int} ids a count-then-fill call left in the array buffer. */
    long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toUnsignedLong(arrayView.getInt(4 * i));
        }
        return ids;
    }

    /**
     * {@link #ids(int)}, but the array {@code last} kept for {@code key} when it holds the same ids: a list
     * that did not change is the same array again. Callers never write into the arrays they get.
     */
    long[] ids(int n, LastAnswers<long[]> last, long key) {
        long[] kept = last.get(key);
        if (kept != null && kept.length == n) {
            int i = 0;
            while (i < n && kept[i] == Integer.toUnsignedLong(arrayView.getInt(4 * i))) {
                i++;
            }
            if (i == n) {
                return kept;
            }
        }
        return last.put(key, ids(n));
    }

    /** The handles a MIG enumeration left in the array buffer: the count in {@link #CELL0}, at most {@value #MAX_MIG_HANDLES}. */
    long[] handles() {
        long[] handles = new long[Math.min(MAX_MIG_HANDLES, view.getInt(CELL0))];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = arrayView.getLong(i * Native.POINTER_SIZE);
        }
        return handles;
    }
}
