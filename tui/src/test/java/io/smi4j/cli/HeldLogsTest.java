package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HeldLogsTest {

    @Test
    void logRecordsWaitWhileTheDashboardOwnsTheTerminalAndAppearAfterwards() {
        List<String> seen = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            HeldLogs logs = new HeldLogs();
            Logger.getLogger("io.smi4j.test").warning("NVML hiccup");
            assertEquals(List.of(), seen);
            logs.close();
            assertEquals(List.of("NVML hiccup"), seen);
            Logger.getLogger("io.smi4j.test").warning("later");
            assertEquals(List.of("NVML hiccup", "later"), seen);
        } finally {
            root.removeHandler(handler);
        }
    }
}
