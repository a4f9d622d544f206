package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.state.CursorState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Overlapped writes keep pages in order and never skip a page whose write failed. */
class PipelinedSinkTest {
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final List<String> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile CountDownLatch holdPage1 = new CountDownLatch(0); // a test may hold page 1

    final Sink database =
            new Sink() {
                @Override
                public void write(String connector, PageBatch batch, CursorState state) {
                    String cursor = state.value();
                    if (cursor.equals("1")) {
                        try {
                            holdPage1.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    attempts.add(cursor);
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException(
                                "connection reset writing page with cursor " + cursor);
                    }
                    committed.add(cursor);
                }
            };

    @Test
    void pagesCommitInOrderAndTheLastIsInWhenTheSyncFinishes() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        for (String cursor : List.of("1", "2", "3")) {
            sink.write("orders", new PageBatch(), CursorState.of(cursor));
        }
        sink.finishSync("orders");
        assertEquals(List.of("1", "2", "3"), committed);
    }

    @Test
    void aFailedWriteIsDoneAgainBeforeTheNextPage() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        failuresLeft.set(1);
        sink.write("orders", new PageBatch(), CursorState.of("1")); // fails on the writer thread
        sink.write("orders", new PageBatch(), CursorState.of("2")); // redoes page 1 first
        sink.finishSync("orders");
        assertEquals(List.of("1", "1", "2"), attempts);
        assertEquals(List.of("1", "2"), committed);
    }

    @Test
    void aWriteThatFailsAgainFailsTheNextStepAndItsRetryStillWritesThePagesInOrder() {
        PipelinedSink sink = new PipelinedSink(database, "orders", 1); // one page handed over
        failuresLeft.set(2);
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        assertThrows(
                IllegalStateException.class,
                () -> sink.write("orders", new PageBatch(), CursorState.of("2")));
        assertEquals(List.of(), committed, "page 2 was not written past a missing page 1");
        sink.write(
                "orders", new PageBatch(), CursorState.of("2")); // Camel's redelivery of the step
        sink.finishSync("orders");
        assertEquals(List.of("1", "2"), committed);
    }

    @Test
    void anAbandonedSyncDropsAFailedWrite() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        failuresLeft.set(1);
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        sink.abandonSync("orders");
        sink.startSync("orders");
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        sink.finishSync("orders");
        assertEquals(List.of("1"), committed);
    }

    @Test
    void atMostTwoPagesAreHandedOverBeforeOneCommits() throws Exception {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        holdPage1 = new CountDownLatch(1);
        sink.write("orders", new PageBatch(), CursorState.of("1")); // being written, held
        sink.write("orders", new PageBatch(), CursorState.of("2")); // waiting behind it
        CompletableFuture<Void> third =
                CompletableFuture.runAsync(
                        () -> sink.write("orders", new PageBatch(), CursorState.of("3")));
        Thread.sleep(200);
        assertFalse(third.isDone(), "page 3 waits for a place: memory stays two pages");
        holdPage1.countDown();
        third.get(10, TimeUnit.SECONDS);
        sink.finishSync("orders");
        assertEquals(List.of("1", "2", "3"), committed);
    }

    @Test
    void aPageHandedOverBehindAFailedOneIsNotWrittenBeforeIt() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        holdPage1 = new CountDownLatch(1);
        failuresLeft.set(1);
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        sink.write("orders", new PageBatch(), CursorState.of("2")); // handed over behind page 1
        holdPage1.countDown(); // page 1 fails; the writer skips page 2
        sink.finishSync("orders"); // both done again, in order
        assertEquals(List.of("1", "1", "2"), attempts);
        assertEquals(List.of("1", "2"), committed);
    }

    @Test
    void whenAPageFailsAgainALaterStepFailsAndItsRetryWritesEveryPageInOrder() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        holdPage1 = new CountDownLatch(1);
        failuresLeft.set(2);
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        sink.write("orders", new PageBatch(), CursorState.of("2"));
        holdPage1.countDown();
        assertThrows( // page 3 waits for page 1, which fails on the writer and again here
                IllegalStateException.class,
                () -> sink.write("orders", new PageBatch(), CursorState.of("3")));
        assertEquals(List.of(), committed, "nothing was written past a missing page 1");
        sink.write("orders", new PageBatch(), CursorState.of("3")); // Camel's redelivery
        sink.finishSync("orders");
        assertEquals(List.of("1", "2", "3"), committed);
        assertEquals(List.of("1", "1", "1", "2", "3"), attempts);
    }

    @Test
    void anAbandonedSyncDropsTheWritesBehindAFailedOne() {
        PipelinedSink sink = new PipelinedSink(database, "orders");
        holdPage1 = new CountDownLatch(1);
        failuresLeft.set(1);
        sink.write("orders", new PageBatch(), CursorState.of("1"));
        sink.write("orders", new PageBatch(), CursorState.of("2"));
        holdPage1.countDown();
        sink.abandonSync("orders");
        assertEquals(List.of(), committed);
        sink.startSync("orders");
        sink.write("orders", new PageBatch(), CursorState.of("5"));
        sink.finishSync("orders");
        assertEquals(List.of("5"), committed);
    }
}
