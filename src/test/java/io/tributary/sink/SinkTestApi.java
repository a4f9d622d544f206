package io.tributary.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Fault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback items API paged two records at a time, whose records and broken page a test sets. */
final class SinkTestApi implements AutoCloseable {
    static final int PAGE_SIZE = 2;
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    volatile int brokenPage; // answers 500 to this page, every time; 0: none
    final PagedApi api =
            PagedApi.serving(records)
                    .pageSize(PAGE_SIZE)
                    .totalPages()
                    .failingPages(page -> page == brokenPage, Fault.STATUS_500)
                    .build();

    ObjectNode add(String id, String name, String updatedAt) {
        ObjectNode o =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", name)
                        .put("updated_at", updatedAt);
        records.add(o);
        return o;
    }

    /** Connector {@code items} reading this API into the schema at the given path. */
    ConnectorSpec spec(String schema) {
        return ConnectorSpec.named("items")
                .url(api.baseUrl() + "/v1/items")
                .table("items")
                .schema(schema)
                .recordsPath("/items")
                .pagination("page-number")
                .pageSize(PAGE_SIZE)
                .totalPagesPath("/total_pages");
    }

    /** Adds connector {@code items} reading this API, with the given extra parameters. */
    void connect(ConnectorHarness tributary, String schema, String... extra) throws Exception {
        tributary.add(spec(schema).with(extra));
    }

    @Override
    public void close() {
        api.close();
    }
}
