package io.tributary.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.PagedApi.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback API whose records get deleted, in the three shapes real APIs tell it (a test changes
 * the lists between syncs):
 *
 * <ul>
 *   <li>{@code GET /api/v2/incremental/tickets.json}: Zendesk's Incremental Ticket Export
 *       (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-time-based),
 *       {@code {"tickets": [...], "end_of_stream": true}}, where a deleted ticket stays with {@code
 *       "status": "deleted"}.
 *   <li>{@code GET /services/data/v59.0/query} (the accounts, {@code {"totalSize", "done",
 *       "records"}}) and {@code GET /services/data/v59.0/sobjects/Account/deleted/}: Salesforce's
 *       getDeleted
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm),
 *       {@code {"deletedRecords": [{"id", "deletedDate"}], "earliestDateAvailable",
 *       "latestDateCovered"}}, its dates as Salesforce writes them ({@code
 *       2026-03-01T10:15:00.000+0000}).
 *   <li>{@code GET /v1/prices?page=N}: a price list with neither, two records a page, {@code
 *       {"items": [...], "total_pages": n}}; page {@link #brokenPage} answers 500. {@code GET
 *       /v1/price-feed} is the same list as a feed that forgets its {@code next} link after its
 *       first full page of two: a read that looks complete and is not.
 * </ul>
 */
public final class DeletingApi implements AutoCloseable {
    public final List<ObjectNode> tickets = new CopyOnWriteArrayList<>();
    public final List<ObjectNode> accounts = new CopyOnWriteArrayList<>();
    public final List<ObjectNode> deletedAccounts = new CopyOnWriteArrayList<>();
    public final List<ObjectNode> prices = new CopyOnWriteArrayList<>();

    /** A page of the price list answering 500, every time; 0: none. */
    public volatile int brokenPage;

    private final PagedApi pricesApi =
            PagedApi.serving(prices)
                    .pageSize(2)
                    .totalPages()
                    .failingPages(page -> page == brokenPage, PagedApi.Fault.STATUS_500)
                    .build();
    private final PagedApi api = new PagedApi(this::answer);

    private Reply answer(PagedApi.Request r) throws Exception {
        switch (r.path()) {
            case "/api/v2/incremental/tickets.json":
                ObjectNode page = PagedApi.JSON.createObjectNode();
                page.putArray("tickets").addAll(tickets);
                return Reply.json(page.put("end_of_stream", true).put("count", tickets.size()));
            case "/services/data/v59.0/query":
                ObjectNode result = PagedApi.JSON.createObjectNode();
                result.put("totalSize", accounts.size()).put("done", true);
                result.putArray("records").addAll(accounts);
                return Reply.json(result);
            case "/services/data/v59.0/sobjects/Account/deleted/":
                ObjectNode deleted = PagedApi.JSON.createObjectNode();
                ArrayNode records = deleted.putArray("deletedRecords");
                records.addAll(deletedAccounts);
                return Reply.json(
                        deleted.put("earliestDateAvailable", "2026-01-01T00:00:00.000+0000")
                                .put("latestDateCovered", "2026-12-31T00:00:00.000+0000"));
            case "/v1/price-feed":
                ObjectNode feed = PagedApi.JSON.createObjectNode();
                feed.putArray("items").addAll(prices.subList(0, Math.min(2, prices.size())));
                return Reply.json(feed.putNull("next"));
            default:
                return Reply.status(404, "{\"error\":\"not found\"}", Map.of());
        }
    }

    public String baseUrl() {
        return api.baseUrl();
    }

    public String pricesUrl() {
        return pricesApi.baseUrl() + "/v1/prices";
    }

    /** A Zendesk ticket; {@code status} {@code deleted} once it is deleted. */
    public ObjectNode ticket(long id, String subject, String status) {
        ObjectNode t =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("subject", subject)
                        .put("status", status);
        tickets.removeIf(o -> o.get("id").asLong() == id);
        tickets.add(t);
        return t;
    }

    /** A Salesforce Account of the query's records. */
    public ObjectNode account(String id, String name) {
        ObjectNode a = PagedApi.JSON.createObjectNode().put("Id", id).put("Name", name);
        a.putObject("attributes").put("type", "Account");
        accounts.add(a);
        return a;
    }

    /** The account leaves the query and appears in getDeleted's answer. */
    public void deleteAccount(String id, String deletedDate) {
        accounts.removeIf(a -> a.get("Id").asText().equals(id));
        deletedAccounts.add(
                PagedApi.JSON.createObjectNode().put("id", id).put("deletedDate", deletedDate));
    }

    /** A price of the price list. */
    public ObjectNode price(String sku, String amount) {
        ObjectNode p = PagedApi.JSON.createObjectNode().put("sku", sku).put("amount", amount);
        prices.removeIf(o -> o.get("sku").asText().equals(sku));
        prices.add(p);
        return p;
    }

    @Override
    public void close() {
        api.close();
        pricesApi.close();
    }
}
