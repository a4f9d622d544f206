package io.tributary.paging;

import io.tributary.http.PageRequest;

/**
 * For endpoints that answer everything in one response. Route parameter {@code pagination: none}.
 */
public final class SinglePage implements Pagination {
    @Override
    public Pager begin() {
        return new Pager() {
            @Override
            public void applyTo(PageRequest request) {
                // one request, no paging parameters
            }

            @Override
            public boolean advance(PageResponse response) {
                return false;
            }

            @Override
            public String position() {
                return "single page";
            }

            @Override
            public void restart() {
                // one request only: nothing to start again
            }
        };
    }
}
