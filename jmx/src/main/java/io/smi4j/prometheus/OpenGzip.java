package io.smi4j.prometheus;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream (RFC 1952) of bytes made once, left open so that each answer can end it with bytes of its own: one
 * gzip member, as every client reads it. {@link #OpenGzip(byte[])} writes the header and the body's deflate blocks up
 * to a sync flush (byte-aligned, nothing final); {@link #end(byte[])} compresses a tail into blocks of a fresh
 * compressor, the last one final, and the trailer: the CRC-32 and the length of body and tail together. (A second
 * gzip member for the tail is valid gzip too, but curl's decoder stops at the first member, reports error 23 and
 * drops the connection.)
 */
final class OpenGzip {

    /** The fixed header: magic, deflate, no flags, no time, no extra flags, OS unknown. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** CRC-32 (the reflected polynomial 0xEDB88320 that gzip and {@link CRC32} use), a byte at a time. */
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    /** The header and the body's blocks, to be sent as they are; then {@link #end(byte[])}. */
    final byte[] bytes;
    private final int bodyCrc;
    private final long bodyLength;

    /** {@code body} compressed at the fastest level (done once per snapshot; text this repetitive still shrinks ~10x). */
    OpenGzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 64);
        out.writeBytes(HEADER);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(body);
            byte[] buffer = new byte[Math.max(512, Math.min(1 << 16, body.length))];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        this.bytes = out.toByteArray();
        this.bodyCrc = (int) crc.getValue();
        this.bodyLength = body.length;
    }

    /** The bytes that end the stream after {@link #bytes}: {@code tail} compressed, then the trailer. */
    byte[] end(byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tail.length + 32);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(tail);
            deflater.finish();
            byte[] buffer = new byte[Math.max(64, tail.length + 64)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        int crc = crc32(bodyCrc, tail);
        long length = bodyLength + tail.length;
        for (long v : new long[] {crc & 0xFFFF_FFFFL, length & 0xFFFF_FFFFL}) { // little-endian, length mod 2^32
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** The CRC-32 of the bytes whose CRC-32 is {@code crc} followed by {@code more} ({@link CRC32} cannot go on from a value). */
    static int crc32(int crc, byte[] more) {
        int c = ~crc;
        for (byte b : more) {
            c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }
}
