package io.smi4j.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Holds back java.util.logging output while the full-screen dashboard owns the terminal (a
 * warning written to stderr would tear the screen) and hands the newest records to the usual
 * handlers once the terminal is restored.
 */
final class HeldLogs implements AutoCloseable {

    private static final int KEPT = 50;

    private final Logger root = Logger.getLogger("");
    private final Handler[] saved;
    private final Deque<LogRecord> held = new ArrayDeque<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (held) {
                held.addLast(record);
                if (held.size() > KEPT) {
                    held.removeFirst();
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    HeldLogs() {
        saved = root.getHandlers();
        for (Handler h : saved) {
            root.removeHandler(h);
        }
        root.addHandler(collector);
    }

    @Override
    public void close() {
        root.removeHandler(collector);
        for (Handler h : saved) {
            root.addHandler(h);
        }
        synchronized (held) {
            for (LogRecord r : held) {
                for (Handler h : saved) {
                    h.publish(r);
                }
            }
            held.clear();
        }
        for (Handler h : saved) {
            h.flush();
        }
    }
}
