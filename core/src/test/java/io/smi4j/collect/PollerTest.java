package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollerTest {

    private static final Duration FAST = Duration.ofMillis(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Counts reads and closes; every third read throws when {@code throwing}. */
    private static final class CountingReader implements GpuReader {
        final AtomicLong reads = new AtomicLong();
        final AtomicInteger closes = new AtomicInteger();
        final boolean throwing;

        CountingReader(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public HostSnapshot read() {
            long n = reads.incrementAndGet();
            if (throwing && n % 3 == 0) {
                throw new IllegalStateException("reader broke on purpose");
            }
            return new HostSnapshot("test", n, Instant.now(), Duration.ZERO, HostStatus.OK, "", "", "", "",
                    List.of(), List.of(), List.of(), List.of(), 0, Optional.empty());
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void startStopAndCloseAreIdempotent() {
        CountingReader reader = new CountingReader(false);
        Poller poller = new Poller(reader, FAST);
        poller.start();
        poller.start();
        assertTrue(poller.awaitSequence(3, WAIT).isPresent());
        poller.stop();
        poller.stop();
        long afterStop = reader.reads.get();
        poller.start();
        assertTrue(poller.awaitSequence(afterStop + 2, WAIT).isPresent(), "start after stop resumes");
        poller.close();
        poller.close();
        poller.stop();
        poller.start();
        assertEquals(1, reader.closes.get());
        long afterClose = reader.reads.get();
        assertFalse(poller.awaitSequence(afterClose + 1, Duration.ofMillis(100)).isPresent(),
                "a closed poller stays stopped");
    }

    @Test
    void aFailingSubscriberDoesNotStopPollingNorOtherSubscribers() throws Exception {
        Poller poller = new Poller(new CountingReader(false), FAST);
        AtomicLong seen = new AtomicLong();
        try (AutoCloseable bad = poller.subscribe(s -> {
            throw new IllegalStateException("subscriber broke on purpose");
        }); AutoCloseable good = poller.subscribe(s -> seen.set(s.sequence()))) {
            poller.start();
            assertTrue(poller.awaitSequence(10, WAIT).isPresent());
            assertTrue(seen.get() >= 9, "the good subscriber kept receiving: " + seen.get());
        } finally {
            poller.close();
        }
    }

    @Test
    void aReaderThatThrowsDoesNotStopPolling() {
        CountingReader reader = new CountingReader(true);
        try (Poller poller = new Poller(reader, FAST)) {
            poller.start();
            assertTrue(poller.awaitSequence(10, WAIT).isPresent());
            assertTrue(reader.reads.get() >= 10);
        }
    }

    @Test
    void unsubscribingStopsDelivery() throws Exception {
        try (Poller poller = new Poller(new CountingReader(false), FAST)) {
            AtomicLong seen = new AtomicLong();
            AutoCloseable sub = poller.subscribe(s -> seen.incrementAndGet());
            poller.start();
            assertTrue(poller.awaitSequence(3, WAIT).isPresent());
            sub.close();
            long at = seen.get();
            long seq = poller.latest().orElseThrow().sequence();
            assertTrue(poller.awaitSequence(seq + 3, WAIT).isPresent());
            assertTrue(seen.get() <= at + 1, "at most the poll in flight was delivered after unsubscribing");
        }
    }

    @Test
    void closeWithoutStartClosesTheReaderAndNeverThrows() {
        CountingReader reader = new CountingReader(false);
        Poller poller = new Poller(reader, FAST);
        assertDoesNotThrow(poller::close);
        assertEquals(1, reader.closes.get());
        assertTrue(poller.latest().isEmpty());
    }

    @Test
    void aPollThatOverrunsItsDeadlineIsCountedAndTheLastSnapshotIsServedStaleWithItsOwnTime() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CountingReader counting = new CountingReader(false);
        GpuReader hanging = new GpuReader() {
            @Override
            public HostSnapshot read() {
                HostSnapshot s = counting.read();
                if (s.sequence() == 2) {
                    try {
                        release.await(); // the second poll hangs, as in a call stuck in the driver
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return s;
            }

            @Override
            public void close() {
            }
        };
        List<HostSnapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Poller poller = new Poller(hanging, FAST, "test-poller", Duration.ofMillis(50))) {
            poller.subscribe(seen::add);
            poller.start();
            HostSnapshot first = poller.awaitSequence(1, WAIT).orElseThrow();
            long until = System.nanoTime() + WAIT.toNanos();
            while (poller.latest().orElseThrow().status() != HostStatus.STALE && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            HostSnapshot stale = poller.latest().orElseThrow();
            assertEquals(HostStatus.STALE, stale.status(), "the poll overran: " + stale.statusDetail());
            assertEquals(1, stale.sequence(), "the data of the last completed poll");
            assertEquals(first.time(), stale.time(), "its time, so its age, is the last completed poll's");
            assertEquals(1, stale.pollOverruns());
            assertTrue(stale.statusDetail().contains("50ms"), stale.statusDetail());
            assertFalse(stale.status().usable());
            assertTrue(stale.status().showsGpus());
            release.countDown();
            HostSnapshot after = poller.awaitSequence(3, WAIT).orElseThrow();
            assertEquals(HostStatus.OK, after.status());
            assertEquals(1, after.pollOverruns(), "the overrun stays counted");
            assertEquals(1, seen.stream().filter(s -> s.status() == HostStatus.STALE).count(),
                    "one overrun, one stale snapshot");
        }
    }
}
