package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.state.CursorState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Overlapped writes keep pages in order and never skip a page whose write failed. */
class PipelinedSinkTest {
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final List<String> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    final Sink database =
            new Sink() {
                @Override
                public void write(String connector, PageBatch batch, CursorState state) {
                    String cursor = state.value();
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
        PipelinedSink sink = new PipelinedSink(database, "orders");
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
}
