package io.tributary.connector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.PageRequest;
import io.tributary.http.SourceResponseException;
import io.tributary.paging.PageResponse;
import io.tributary.paging.Pagination;
import io.tributary.paging.PagingSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * One sync's numbered pages or offsets fetched at once ({@code pagination: page-number} with {@code
 * totalPagesPath}, or {@code offset} with {@code totalPath}, and {@code concurrency} above 1). The
 * first page is read as in a sequential sync; once it tells the total, the positions of the others
 * are known (pages 2..last, or offsets of one step each below the total) and up to {@code
 * concurrency} slices of the route's split claim them one by one, each page committed as it
 * arrives. Such a stream has no cursor: a full refresh, whose re-reads an upsert absorbs. A failed
 * page stops the claims and fails the sync; its runs make one sync ({@link SyncPlan}).
 *
 * <p>Offsets step by what the first page actually held (servers cap the limit), not by {@code
 * pageSize}. Guarded by this.
 */
final class PagePlan {
    /** One slice of the split: a run claiming pages until none is left. */
    record Slice(PagePlan plan, int index) {}

    final SyncPlan sync;
    private final boolean offsets;
    private final PagingSettings settings;
    private final JsonPointer total;
    private final List<Slice> slices = new ArrayList<>();
    private final String id;

    private long positions = -1; // how many pages the sync has; -1 until the first page tells
    private long step; // records from one offset to the next
    private long next = 1; // the next position to claim; 0 is the first page, slice 0's
    private boolean stopped;

    /** Whether {@code style} pages by known positions with these settings. */
    static boolean fits(String style, PagingSettings s) {
        return "page-number".equals(style) && present(s.totalPagesPath())
                || "offset".equals(style) && present(s.totalPath());
    }

    PagePlan(String id, String style, PagingSettings settings, int concurrency) {
        this.id = id;
        this.offsets = "offset".equals(style);
        this.settings = settings;
        this.total =
                JsonPointer.compile(offsets ? settings.totalPath() : settings.totalPagesPath());
        for (int i = 0; i < concurrency; i++) {
            slices.add(new Slice(this, i));
        }
        this.sync = new SyncPlan(concurrency, null);
    }

    List<Slice> slices() {
        return List.copyOf(slices);
    }

    /** The pager of a slice's run; a slice after the first waits for the first page's total. */
    SlicePager pager(Slice slice) {
        return new SlicePager(slice.index() == 0 ? 0 : claim());
    }

    /** The first page arrived: the sync's positions from its total. */
    private synchronized void learn(PageResponse first) {
        JsonNode t = first.body().at(total);
        long count;
        if (t.canConvertToLong()) {
            count = t.asLong();
        } else if (t.isTextual() && t.asText().strip().matches("\\d{1,18}")) {
            count = Long.parseLong(t.asText().strip()); // an XML envelope's total is text
        } else {
            stop();
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': the first page has no number at "
                            + (offsets ? "totalPath" : "totalPagesPath")
                            + " '"
                            + total
                            + "', which pages at once (concurrency) need");
        }
        // what the first page held is the step: a server may cap the limit below pageSize
        step = first.records() > 0 ? first.records() : settings.pageSize();
        positions =
                first.records() == 0 ? 1 : offsets ? (count + step - 1) / step : Math.max(1, count);
        notifyAll();
    }

    /** The next position to read, or -1 when none is left or the sync failed. */
    private synchronized long claim() {
        while (positions < 0 && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the context stops: read no more
                return -1;
            }
        }
        return stopped || next >= positions ? -1 : next++;
    }

    private synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** A slice's pager: the position it claimed, then the next one after each page. */
    final class SlicePager implements Pagination.Pager {
        private long at; // -1: nothing to read

        private SlicePager(long at) {
            this.at = at;
        }

        /** Whether the run has a page to ask for. */
        boolean hasPage() {
            return at >= 0;
        }

        /**
         * The run ended; a failed one stops every slice's claims, the first page's total or not.
         */
        void ended(boolean success) {
            synchronized (PagePlan.this) {
                if (!success || positions < 0) {
                    stop(); // a failure, or the first page's run ended without a total
                }
            }
        }

        @Override
        public void applyTo(PageRequest request) {
            if (offsets) {
                request.queryParam(settings.offsetParam(), Long.toString(at * step));
            } else if (present(settings.pageParam())) {
                request.queryParam(settings.pageParam(), Long.toString(settings.firstPage() + at));
            } else {
                return; // the request template carries it: {page}, {pageSize}
            }
            if (present(settings.pageSizeParam())) {
                request.queryParam(settings.pageSizeParam(), Integer.toString(settings.pageSize()));
            }
        }

        @Override
        public boolean advance(PageResponse response) {
            if (at == 0) {
                learn(response);
            }
            at = claim();
            return at >= 0;
        }

        @Override
        public String position() {
            return offsets ? "offset " + at * step : "page " + (settings.firstPage() + at);
        }

        @Override
        public Integer pageNumber() {
            return offsets ? null : Math.toIntExact(settings.firstPage() + at);
        }

        @Override
        public void restart() {
            // no cursor moves these pages: their positions stay
        }
    }
}
