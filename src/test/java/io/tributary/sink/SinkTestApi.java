package io.tributary.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback items API paged two records at a time, whose records and broken page a test sets. */
final class SinkTestApi implements AutoCloseable {
    static final int PAGE_SIZE = 2;
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    volatile int brokenPage; // answers 500 to this page, every time; 0: none
    final PagedApi api = new PagedApi(this::serve);

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

    private Reply serve(PagedApi.Request r) {
        int page = Integer.parseInt(r.param("page"));
        if (page == brokenPage) {
            return Reply.status(
                    500, "{\"error\":\"boom\"}", Map.of("Content-Type", "application/json"));
        }
        ObjectNode body = PagedApi.JSON.createObjectNode();
        int total = (records.size() + PAGE_SIZE - 1) / PAGE_SIZE;
        body.put("total_pages", total);
        var items = body.putArray("items");
        for (int i = (page - 1) * PAGE_SIZE; i < Math.min(records.size(), page * PAGE_SIZE); i++) {
            items.add(records.get(i));
        }
        return Reply.json(body);
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
